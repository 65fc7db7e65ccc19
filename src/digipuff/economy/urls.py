from django.urls import path

from digipuff.economy import views

app_name = "economy"

urlpatterns = [
    path("<str:code>/<int:year>/", views.overview, name="overview"),
    path("<str:code>/<int:year>/export/<str:table>.xlsx", views.export, name="export"),
    path("<str:code>/<int:year>/import/", views.import_page, name="import"),
    path("<str:code>/<int:year>/import/budgetmall.csv", views.budget_template, name="budget_template"),
    path("<str:code>/<int:year>/forecast/<int:month>/", views.forecast_list, name="forecasts"),
    path("<str:code>/<int:year>/forecast/<int:month>/<str:area>/", views.forecast_edit, name="forecast_edit"),
    path(
        "<str:code>/<int:year>/forecast/<int:month>/<str:area>/delete/", views.forecast_delete, name="forecast_delete"
    ),
    path("<str:code>/<int:year>/occasion/<int:month>/<str:kind>/", views.record_list, name="records"),
    path("<str:code>/<int:year>/occasion/<int:month>/<str:kind>/new/", views.record_edit, name="record_new"),
    path("<str:code>/<int:year>/occasion/<int:month>/<str:kind>/<int:pk>/", views.record_edit, name="record_edit"),
    path(
        "<str:code>/<int:year>/occasion/<int:month>/<str:kind>/<int:pk>/delete/",
        views.record_delete,
        name="record_delete",
    ),
    path("<str:code>/<int:year>/mapping/", views.mapping_page, name="mapping"),
    path("<str:code>/<int:year>/mapping/settings/", views.settings_edit, name="settings"),
    path("<str:code>/<int:year>/mapping/cost-lines/new/", views.cost_line_edit, name="cost_line_new"),
    path("<str:code>/<int:year>/mapping/cost-lines/<int:pk>/", views.cost_line_edit, name="cost_line_edit"),
    path("<str:code>/<int:year>/mapping/cost-lines/<int:pk>/delete/", views.cost_line_delete, name="cost_line_delete"),
    path("<str:code>/<int:year>/mapping/areas/new/", views.area_edit, name="area_new"),
    path("<str:code>/<int:year>/mapping/areas/<int:pk>/", views.area_edit, name="area_edit"),
    path("<str:code>/<int:year>/mapping/areas/<int:pk>/delete/", views.area_delete, name="area_delete"),
]
