from django.urls import path

from digipuff.meetings import statement_views, views

app_name = "meetings"

urlpatterns = [
    path("<str:code>/<int:year>/cases/", views.case_list, name="case_list"),
    path("<str:code>/<int:year>/cases/new/", views.case_edit, name="case_create"),
    path("<str:code>/<int:year>/cases/<int:pk>/", views.case_detail, name="case"),
    path("<str:code>/<int:year>/cases/<int:pk>/edit/", views.case_edit, name="case_edit"),
    path("<str:code>/<int:year>/cases/<int:pk>/status/", views.case_status, name="case_status"),
    # The case's tjänsteutlåtande.
    path("<str:code>/<int:year>/cases/<int:pk>/statement/", statement_views.statement_detail, name="statement"),
    path(
        "<str:code>/<int:year>/cases/<int:pk>/statement/new/",
        statement_views.statement_create,
        name="statement_create",
    ),
    path("<str:code>/<int:year>/cases/<int:pk>/statement/edit/", statement_views.statement_edit, name="statement_edit"),
    path(
        "<str:code>/<int:year>/cases/<int:pk>/statement/status/",
        statement_views.statement_status,
        name="statement_status",
    ),
    path("<str:code>/<int:year>/cases/<int:pk>/statement.pdf", statement_views.statement_pdf, name="statement_pdf"),
    path("<str:code>/<int:year>/cases/<int:pk>/statement.docx", statement_views.statement_docx, name="statement_docx"),
]
