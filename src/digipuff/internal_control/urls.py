from django.urls import path

from digipuff.internal_control import views

app_name = "internal_control"

urlpatterns = [
    path("<str:code>/<int:year>/", views.overview, name="overview"),
    path("<str:code>/<int:year>/risks/<int:pk>/", views.risk_detail, name="risk"),
    path("<str:code>/<int:year>/risks/<int:risk_pk>/actions/new/", views.action_edit, name="action_create"),
    path("<str:code>/<int:year>/risks/<int:risk_pk>/actions/<int:pk>/edit/", views.action_edit, name="action_edit"),
    path(
        "<str:code>/<int:year>/risks/<int:risk_pk>/actions/<int:pk>/delete/", views.action_delete, name="action_delete"
    ),
    path("<str:code>/<int:year>/<slug:kind>/new/", views.item_edit, name="item_create"),
    path("<str:code>/<int:year>/<slug:kind>/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("<str:code>/<int:year>/<slug:kind>/<int:pk>/delete/", views.item_delete, name="item_delete"),
]
