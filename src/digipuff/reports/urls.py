from django.urls import path

from digipuff.reports import views

app_name = "reports"

# Fixed prefixes first: "mine/" would otherwise read as a unit code.
urlpatterns = [
    path("mine/", views.my_texts, name="mine"),
    path("templates/", views.template_list, name="templates"),
    path("templates/<int:pk>/", views.template_detail, name="template"),
    path("templates/section/<int:pk>/", views.template_section, name="template_section"),
    path("text/<int:pk>/", views.text_edit, name="text"),
    path("text/<int:pk>/status/", views.text_status, name="text_status"),
    path("text/<int:pk>/assign/", views.text_assign, name="text_assign"),
    path("text/<int:pk>/draft/", views.text_draft, name="text_draft"),
    path("text/<int:pk>/applicable/", views.text_applicable, name="text_applicable"),
    path("report/<int:pk>/", views.detail, name="detail"),
    path("report/<int:pk>/status/", views.report_status, name="report_status"),
    path("report/<int:pk>/progress/", views.progress, name="progress"),
    path("report/<int:pk>/assign/", views.assign, name="assign"),
    path("report/<int:pk>/template/", views.apply_template, name="apply_template"),
    path("report/<int:pk>/decide/", views.freeze, name="freeze"),
    path("report/<int:pk>/delete/", views.delete, name="delete"),
    path("report/<int:pk>/download.<str:fmt>", views.download, name="download"),
    path("<str:code>/<int:year>/", views.report_list, name="list"),
]
