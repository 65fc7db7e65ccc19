from django.urls import path

from digipuff.activities import views

app_name = "activities"

urlpatterns = [
    path("<str:code>/<int:year>/", views.overview, name="overview"),
    path("<str:code>/<int:year>/activities/new/", views.activity_edit, name="activity_create"),
    path("<str:code>/<int:year>/activities/<int:pk>/", views.activity_detail, name="activity"),
    path("<str:code>/<int:year>/activities/<int:pk>/edit/", views.activity_edit, name="activity_edit"),
    path("<str:code>/<int:year>/activities/<int:pk>/delete/", views.activity_delete, name="activity_delete"),
    path("<str:code>/<int:year>/commitments/new/", views.commitment_edit, name="commitment_create"),
    path("<str:code>/<int:year>/commitments/<int:pk>/edit/", views.commitment_edit, name="commitment_edit"),
    path("<str:code>/<int:year>/commitments/<int:pk>/delete/", views.commitment_delete, name="commitment_delete"),
    path("<str:code>/<int:year>/carry-forward/", views.carry_forward, name="carry_forward"),
    path("<str:code>/<int:year>/unit-plan/", views.unit_plan, name="unit_plan"),
]
