from django.urls import path

from digipuff.goals import views

app_name = "goals"

# Fixed prefixes first: "texts/12/" would otherwise read as unit code "texts", year 12.
urlpatterns = [
    path("assessment/<int:pk>/<int:occasion_pk>/", views.assess, name="assess"),
    path("texts/<int:pk>/", views.texts, name="texts"),
    path("goal/<int:pk>/delete/", views.goal_delete, name="goal_delete"),
    path("measures/<int:pk>/", views.goal_measures, name="goal_measures"),
    path("<str:code>/<int:year>/", views.thread, name="thread"),
    # Setting up the year's goals (administrators of the committee; council goals those of the council).
    path("<str:code>/<int:year>/setup/", views.setup, name="setup"),
    path("<str:code>/<int:year>/setup/new/", views.goal_create, name="goal_create"),
    path("<str:code>/<int:year>/setup/<int:pk>/edit/", views.goal_edit, name="goal_edit"),
    path("<str:code>/<int:year>/setup/<int:pk>/move/", views.goal_move, name="goal_move"),
    path("<str:code>/<int:year>/setup/<int:pk>/retire/", views.goal_retire, name="goal_retire"),
    path("<str:code>/<int:year>/setup/adopt/", views.adopt, name="adopt"),
    path("<str:code>/<int:year>/setup/mal.xlsx", views.export, name="export"),
    path("<str:code>/<int:year>/setup/import/", views.import_page, name="import"),
]
