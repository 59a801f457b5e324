"""The project's URLs plus casework's, for as long as portal/urls.py does not include them yet.

Once portal/urls.py mounts both, this adds nothing and the tests run against the real URLconf.
"""

from django.urls import include, path

from portal import urls as portal_urls

urlpatterns = list(portal_urls.urlpatterns)
_namespaces = {getattr(pattern, "namespace", None) for pattern in urlpatterns}
if "staff" not in _namespaces:
    urlpatterns.append(path("staff/", include("casework.staff_urls")))
if "casework" not in _namespaces:
    urlpatterns.append(path("", include("casework.urls")))
