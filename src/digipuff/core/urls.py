from django.urls import path

from digipuff.core import views

app_name = "core"

urlpatterns = [
    path("", views.start, name="start"),
]
