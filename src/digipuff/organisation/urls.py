from django.urls import path

from digipuff.organisation import views

app_name = "organisation"

urlpatterns = [
    path("", views.org_tree, name="tree"),
    path("years/", views.years, name="years"),
    path("years/<int:year>/occasions/", views.year_occasions, name="year_occasions"),
    path("years/<int:year>/occasions/<int:pk>/", views.year_occasion, name="year_occasion"),
    path("sso/", views.sso_groups, name="sso_groups"),
    path("sso/<int:pk>/", views.sso_group_edit, name="sso_group_edit"),
    path("sso/<int:pk>/delete/", views.sso_group_delete, name="sso_group_delete"),
    path("<str:code>/", views.unit_detail, name="unit"),
    path("<str:code>/edit/", views.unit_edit, name="unit_edit"),
    path("<str:code>/history/", views.unit_history, name="unit_history"),
    path("<str:code>/deleted/", views.deletions, name="deletions"),
    path("<str:code>/roles/add/", views.role_add, name="role_add"),
    path("<str:code>/roles/history/", views.role_history, name="role_history"),
    path("<str:code>/roles/<int:pk>/remove/", views.role_remove, name="role_remove"),
]
