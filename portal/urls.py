from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from notaries import views as notary_views
from portal.views import explain_admin_refusal, healthz

# The admin signs in through allauth, so its rate limits and MFA apply there too; an account
# without admin rights is told where to go instead.
admin.site.login = explain_admin_refusal(secure_admin_login(admin.site.login))

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("", notary_views.home, name="home"),
    path("", include("notaries.urls")),
    path("", include("appointments.urls")),
    path("", include("casework.urls")),
    path("", include("commitments.urls")),
    path("", include("verification.urls")),
    path("staff/", include("casework.staff_urls")),
    path("staff/", include("appointments.staff_urls")),
    path("staff/", include("workspace.urls")),
    path("staff/", include("accounts.staff_urls")),
    path("", include("consult.urls")),
    path("hotline/", include("hotline.urls")),
    path("bureau/blacklist/", include("blacklist.urls")),
    path("events/", include("events.urls")),
    path("waitlist/", include("waitlist.urls")),
    path("legal-aid/", include("legalaid.urls")),
    path("staff/", include("waitlist.staff_urls")),
    path("", include("supervision.urls")),
    path("api/v1/", include("portal.api_urls")),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
