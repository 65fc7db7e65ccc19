from django.urls import path

from digipuff.integrations.kolada import views

app_name = "kolada"

urlpatterns = [
    path("kpi/", views.kpi_search, name="kpi_search"),
    path("kpi/<str:kpi_id>/", views.kpi_detail, name="kpi"),
    path("measure/<int:pk>/sync/", views.sync_measure, name="sync_measure"),
]
