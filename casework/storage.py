"""Where residents' scans are kept: a private directory, never under STATIC_ROOT or MEDIA_ROOT.

The files are reached only through the permission-checked download view, so the storage has no
URL. The location is read from settings on every access rather than once at import, so a test
(or a deployment that moves the directory) can point it elsewhere with override_settings.
"""

from __future__ import annotations

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible(path="casework.storage.PrivateMediaStorage")
class PrivateMediaStorage(FileSystemStorage):
    @property  # type: ignore[override]
    def base_location(self) -> str:
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property  # type: ignore[override]
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def url(self, name: str | None) -> str:
        # A public URL would bypass the permission check; downloads go through the view.
        raise NotImplementedError("Private files have no public URL.")


private_storage = PrivateMediaStorage()
