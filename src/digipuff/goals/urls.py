from django.urls import path

from digipuff.goals import views

app_name = "goals"

# Fixed prefixes first: "texts/12/" would otherwise read as unit code "texts", year 12.
urlpatterns = [
    path("assessment/<int:pk>/<int:occasion_pk>/", views.assess, name="assess"),
    path("texts/<int:pk>/", views.texts, name="texts"),
    path("goal/<int:pk>/delete/", views.goal_delete, name="goal_delete"),
    path("<str:code>/<int:year>/", views.thread, name="thread"),
]
