from django.urls import path

from digipuff.followup import views

app_name = "followup"

urlpatterns = [
    path("<slug:kind>/<int:pk>/<int:occasion>/", views.follow_up_edit, name="edit"),
]
