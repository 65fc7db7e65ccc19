from django.urls import path

from digipuff.organisation.sso import views

app_name = "sso"

urlpatterns = [
    path("authenticate/", views.SignInStart.as_view(), name="start"),
    path("callback/", views.SignInCallback.as_view(), name="callback"),
]
