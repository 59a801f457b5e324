from __future__ import annotations

from functools import cache

from django.conf import settings
from django.http import HttpRequest


def portal(request: HttpRequest) -> dict[str, object]:
    from notaries import catalogue_cache
    from notaries.models import DemoDataset

    @cache
    def demo_data() -> bool:
        # Evaluated only by templates that show the demo notice, at most once a request; the
        # marker is a catalogue model, so its answer is kept under the catalogue's version.
        return catalogue_cache.cached("demo", (), DemoDataset.objects.exists)

    return {"hotline_number": settings.HOTLINE_NUMBER, "demo_data": demo_data}
