import datetime as dt
import io
from dataclasses import dataclass

import pypdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from accounts.models import User
from appointments.services import appointment_book
from tests.appointments.conftest import at, make_bookable, make_resident
from tests.factories import OfficeFactory, UserFactory


def pdf_bytes(pages: int = 1) -> bytes:
    writer = pypdf.PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)  # A4 in points
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def image_bytes(format: str, *, size=(40, 30), **save) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format=format, **save)
    return out.getvalue()


# Real, small files: uploads must parse (a PDF) or decode (an image), not only start right.
PDF = pdf_bytes()
JPEG = image_bytes("JPEG")
PNG = image_bytes("PNG")
HTML = b"<!doctype html><script>alert(document.cookie)</script>"


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Every test writes its uploads to its own directory, never to the real one."""
    root = tmp_path / "private_media"
    settings.PRIVATE_MEDIA_ROOT = root
    return root


@dataclass
class World:
    """One office with a bookable run-at-most-once matter, a second office, and people."""

    bookable: object
    office_b: object
    resident: User
    other_resident: User
    staff_a: User
    staff_b: User
    admin: User

    @property
    def matter(self):
        return self.bookable.matter

    @property
    def materials(self):
        return list(self.bookable.matter.materials.order_by("position"))

    def book(self, resident=None, *, hour: int = 9, minute: int = 0, day: dt.date | None = None):
        return appointment_book(
            resident=resident or self.resident,
            matter=self.bookable.matter,
            office=self.bookable.office,
            starts_at=at(day or self.bookable.day, hour, minute),
            language="en",
        )


@pytest.fixture
def world(db) -> World:
    bookable = make_bookable(notaries=2)
    office_b = OfficeFactory(slug="east", matters=[bookable.matter])
    return World(
        bookable=bookable,
        office_b=office_b,
        resident=make_resident(email="resident@example.com"),
        other_resident=make_resident(email="other@example.com"),
        staff_a=UserFactory(role=User.Role.OFFICE_STAFF, office=bookable.office),
        staff_b=UserFactory(role=User.Role.OFFICE_STAFF, office=office_b),
        admin=UserFactory(role=User.Role.BUREAU_ADMIN),
    )


@pytest.fixture
def appointment(world):
    return world.book()


@pytest.fixture
def english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client
