"""The consultation desk's addresses: the public `/consult/...`, the operators'
`/hotline/consultations/...`, the receivers' `/consult/desk/...` and the supervisors'
`/bureau/consultations/overdue/`."""

from django.urls import path

from . import views

app_name = "consult"

urlpatterns = [
    path("consult/", views.ask, name="ask"),
    path("consult/sent/<str:reference>/", views.sent, name="sent"),
    path("consult/status/", views.status, name="status"),
    path("consult/mine/", views.mine, name="mine"),
    path("consult/mine/<str:reference>/", views.mine_detail, name="mine_detail"),
    path("consult/book/", views.book, name="book"),
    path("consult/desk/", views.desk, name="desk"),
    path("consult/desk/<str:reference>/", views.desk_detail, name="desk_detail"),
    path("hotline/consultations/", views.hotline_queue, name="hotline_queue"),
    path("hotline/consultations/new/", views.hotline_record, name="hotline_record"),
    path("hotline/consultations/book/", views.hotline_book, name="hotline_book"),
    path("hotline/consultations/<str:reference>/", views.hotline_detail, name="hotline_detail"),
    path("bureau/consultations/overdue/", views.overdue, name="overdue"),
]
