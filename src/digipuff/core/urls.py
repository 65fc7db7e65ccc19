from django.urls import path

from digipuff.core import views

app_name = "core"

urlpatterns = [
    path("", views.start, name="start"),
    path("tasks/<uuid:pk>/", views.task_status, name="task"),
    path("tasks/<uuid:pk>/files/<str:name>", views.task_file, name="task_file"),
]
