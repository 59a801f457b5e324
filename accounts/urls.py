from django.urls import path

from . import sms_views, views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("sms/", sms_views.sms_start, name="sms_start"),
    path("sms/code/", sms_views.sms_code, name="sms_code"),
    path("sms/finish/", sms_views.sms_finish, name="sms_finish"),
]
