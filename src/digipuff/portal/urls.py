"""The portal's addresses, in Swedish (public URLs are read aloud and written down): /oppen/..."""

from django.urls import path

from digipuff.portal import views

app_name = "portal"

# Fixed words first: "sok/" or "data/" would otherwise read as a committee code.
urlpatterns = [
    path("", views.index, name="index"),
    path("sok/", views.search, name="search"),
    path("tillganglighet/", views.accessibility, name="accessibility"),
    path("sprak/<str:code>/", views.language, name="language"),
    path("data/", views.data, name="data"),
    path("data/<slug:name>.<str:fmt>", views.dataset, name="dataset"),
    path("rapport/<int:pk>/", views.report, name="report"),
    path("rapport/<int:pk>/fil.<str:fmt>", views.report_file, name="report_file"),
    path("matt/<int:pk>/", views.measure, name="measure"),
    path("<str:code>/<int:year>/", views.committee_year, name="committee"),
]
