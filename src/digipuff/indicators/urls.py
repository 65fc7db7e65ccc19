from django.urls import path

from digipuff.indicators import views

app_name = "indicators"

urlpatterns = [
    path("measures/<int:pk>/", views.measure_detail, name="measure"),
    path("measures/<int:pk>/edit/", views.measure_edit, name="measure_edit"),
    path("measures/<int:pk>/delete/", views.measure_delete, name="measure_delete"),
    path("measures/<int:pk>/values/", views.values_edit, name="values"),
    path("measures/<int:pk>/values/history/", views.values_history, name="values_history"),
    path("measures/<int:pk>/target/<int:year>/", views.target_edit, name="target"),
    path("measures/<int:pk>/target/<int:year>/remove/", views.target_remove, name="target_remove"),
    path("measures/<int:pk>/equality/<int:period_year>/<int:month>/", views.judgement_edit, name="judgement"),
    path("measures/<int:pk>/analysis/<int:occasion_pk>/", views.analysis_edit, name="analysis"),
    path("import/", views.import_page, name="import"),
    path("import/mall.xlsx", views.import_template, name="import_template"),
    path("<str:code>/<int:year>/measures/new/", views.measure_create, name="measure_create"),
]
