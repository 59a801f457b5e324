from django.contrib import admin
from django.urls import include, path

from notaries import views as notary_views

urlpatterns = [
    path("", notary_views.home, name="home"),
    path("", include("notaries.urls")),
    path("api/v1/", include("notaries.api_urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
