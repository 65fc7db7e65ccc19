"""Core's pages, mounted by config/urls.py in the `core` namespace beside the start page (organisation's)."""

from django.urls import path

from digipuff.core import views

urlpatterns = [
    path("tasks/<uuid:pk>/", views.task_status, name="task"),
    path("tasks/<uuid:pk>/files/<str:name>", views.task_file, name="task_file"),
    path("account/notices/", views.notice_settings, name="notices"),
    path("account/api-tokens/", views.api_tokens, name="api_tokens"),
]
