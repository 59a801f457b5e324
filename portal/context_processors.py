from __future__ import annotations

from functools import cache

from django.conf import settings
from django.http import HttpRequest


def portal(request: HttpRequest) -> dict[str, object]:
    from notaries.models import DemoDataset

    @cache
    def demo_data() -> bool:
        # Evaluated only by templates that show the demo notice, at most once a request.
        return DemoDataset.objects.exists()

    return {"hotline_number": settings.HOTLINE_NUMBER, "demo_data": demo_data}
