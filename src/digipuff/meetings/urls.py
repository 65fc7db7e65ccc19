from django.urls import path

from digipuff.meetings import views

app_name = "meetings"

urlpatterns = [
    path("<str:code>/<int:year>/cases/", views.case_list, name="case_list"),
    path("<str:code>/<int:year>/cases/new/", views.case_edit, name="case_create"),
    path("<str:code>/<int:year>/cases/<int:pk>/", views.case_detail, name="case"),
    path("<str:code>/<int:year>/cases/<int:pk>/edit/", views.case_edit, name="case_edit"),
    path("<str:code>/<int:year>/cases/<int:pk>/status/", views.case_status, name="case_status"),
]
