from django.urls import path

from digipuff.meetings import delegation_views, meeting_views, protokoll_views, public_views, statement_views, views

app_name = "meetings"

urlpatterns = [
    # The public editions, for anyone (linked from the portal): fixed words first.
    path("oppet/<int:pk>/kallelse.pdf", public_views.public_kallelse, name="public_kallelse"),
    path("oppet/<int:pk>/protokoll.pdf", public_views.public_protokoll, name="public_protokoll"),
    path("<str:code>/<int:year>/cases/", views.case_list, name="case_list"),
    path("<str:code>/<int:year>/cases/new/", views.case_edit, name="case_create"),
    path("<str:code>/<int:year>/cases/<int:pk>/", views.case_detail, name="case"),
    path("<str:code>/<int:year>/cases/<int:pk>/edit/", views.case_edit, name="case_edit"),
    path("<str:code>/<int:year>/cases/<int:pk>/status/", views.case_status, name="case_status"),
    # Meetings and their agenda (meeting_views).
    path("<str:code>/<int:year>/meetings/", meeting_views.meeting_list, name="meeting_list"),
    path("<str:code>/<int:year>/meetings/new/", meeting_views.meeting_edit, name="meeting_create"),
    path("<str:code>/<int:year>/meetings/<int:pk>/", meeting_views.meeting_detail, name="meeting"),
    path("<str:code>/<int:year>/meetings/<int:pk>/edit/", meeting_views.meeting_edit, name="meeting_edit"),
    path("<str:code>/<int:year>/meetings/<int:pk>/items/new/", meeting_views.item_edit, name="item_create"),
    path(
        "<str:code>/<int:year>/meetings/<int:pk>/items/<int:item_pk>/edit/", meeting_views.item_edit, name="item_edit"
    ),
    path(
        "<str:code>/<int:year>/meetings/<int:pk>/items/<int:item_pk>/move/", meeting_views.item_move, name="item_move"
    ),
    path(
        "<str:code>/<int:year>/meetings/<int:pk>/items/<int:item_pk>/postpone/",
        meeting_views.item_postpone,
        name="item_postpone",
    ),
    path(
        "<str:code>/<int:year>/meetings/<int:pk>/items/<int:item_pk>/withdraw/",
        meeting_views.item_withdraw,
        name="item_withdraw",
    ),
    path(
        "<str:code>/<int:year>/meetings/<int:pk>/items/<int:item_pk>/confidential/",
        meeting_views.item_confidential,
        name="item_confidential",
    ),
    path("<str:code>/<int:year>/meetings/<int:pk>/kallelse.<str:fmt>", meeting_views.kallelse, name="kallelse"),
    path(
        "<str:code>/<int:year>/meetings/<int:pk>/kallelse-komplett.<str:fmt>",
        meeting_views.kallelse_complete,
        name="kallelse_complete",
    ),
    path("<str:code>/<int:year>/meetings/<int:pk>/handlingar.pdf", meeting_views.handlingar, name="handlingar"),
    path(
        "<str:code>/<int:year>/meetings/<int:pk>/handlingar-komplett.pdf",
        meeting_views.handlingar_complete,
        name="handlingar_complete",
    ),
    # The meeting's protokoll and archive package (protokoll_views).
    path("<str:code>/<int:year>/meetings/<int:pk>/protokoll/", protokoll_views.protokoll_detail, name="protokoll"),
    path(
        "<str:code>/<int:year>/meetings/<int:pk>/protokoll/edit/",
        protokoll_views.protokoll_edit,
        name="protokoll_edit",
    ),
    path(
        "<str:code>/<int:year>/meetings/<int:pk>/protokoll/items/<int:item_pk>/",
        protokoll_views.decision_edit,
        name="decision_edit",
    ),
    path(
        "<str:code>/<int:year>/meetings/<int:pk>/protokoll/adjust/",
        protokoll_views.protokoll_adjust,
        name="protokoll_adjust",
    ),
    path("<str:code>/<int:year>/meetings/<int:pk>/protokoll.pdf", protokoll_views.protokoll_pdf, name="protokoll_pdf"),
    path(
        "<str:code>/<int:year>/meetings/<int:pk>/protokoll-komplett.pdf",
        protokoll_views.protokoll_complete,
        name="protokoll_complete",
    ),
    path("<str:code>/<int:year>/meetings/<int:pk>/arkiv.zip", protokoll_views.meeting_archive, name="meeting_archive"),
    path(
        "<str:code>/<int:year>/meetings/<int:pk>/delegationsbeslut/",
        delegation_views.delegation_list,
        name="delegation_list",
    ),
    path("<str:code>/<int:year>/ej-verkstallda/", delegation_views.non_executed, name="non_executed"),
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
