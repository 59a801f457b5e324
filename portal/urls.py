from django.contrib import admin
from django.urls import include, path

from notaries import views as notary_views

urlpatterns = [
    path("", notary_views.home, name="home"),
    path("", include("notaries.urls")),
    path("", include("appointments.urls")),
    path("", include("casework.urls")),
    path("staff/", include("casework.staff_urls")),
    path("staff/", include("appointments.staff_urls")),
    path("staff/", include("workspace.urls")),
    path("hotline/", include("hotline.urls")),
    path("bureau/blacklist/", include("blacklist.urls")),
    path("events/", include("events.urls")),
    path("", include("supervision.urls")),
    path("api/v1/", include("portal.api_urls")),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
