"""An upload is what it claims to be beyond its first bytes: a PDF must parse and have a page, an
image must decode. A polyglot (HTML behind PDF or JPEG magic bytes) is refused and nothing is
stored; an accepted image is stored re-encoded, without its metadata (EXIF GPS position, camera
serial number, comments)."""

import html
import io
import re
from pathlib import Path

import pypdf
import pytest
from PIL import ExifTags, Image, PngImagePlugin

from casework import errors
from casework import services as casework_services
from casework.models import MaterialSubmission
from casework.services import material_submission_create
from tests.casework.conftest import HTML, JPEG, PDF, PNG, image_bytes, pdf_bytes, upload

pytestmark = pytest.mark.django_db

GPS_LATITUDE = (39.0, 54.0, 27.0)  # Tian'anmen: where the photo of a deed was taken at home
SECRET_COMMENT = b"Zhang San, 5 Garden Road, flat 1201"


@pytest.fixture
def as_resident(english, world):
    english.force_login(world.resident)
    return english


def text(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def jpeg_with_metadata(*, size=(64, 48), orientation: int = 1) -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.BodySerialNumber] = "SN-0042-7781"
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: GPS_LATITUDE,
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (116.0, 23.0, 28.0),
    }
    return image_bytes("JPEG", size=size, exif=exif.tobytes(), comment=SECRET_COMMENT)


def png_with_metadata() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Zhang San")
    info.add_itxt("Location", "5 Garden Road")
    return image_bytes("PNG", pnginfo=info)


def stored(submission) -> bytes:
    return Path(submission.file.path).read_bytes()


def post_file(client, appointment, material, name, content):
    return client.post(
        f"/appointments/{appointment.reference}/materials/",
        {"material": str(material.pk), "file": upload(name, content)},
    )


POLYGLOTS = [
    pytest.param("scan.pdf", b"%PDF-1.7\n" + HTML, id="html-behind-pdf-magic"),
    pytest.param(
        "scan.pdf",
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n<html><body onload=alert(1)>%%EOF\n",
        id="pdf-header-and-eof-around-html",
    ),
    pytest.param("photo.jpg", b"\xff\xd8\xff\xe0" + HTML, id="html-behind-jpeg-magic"),
    pytest.param("photo.jpg", JPEG[:20] + HTML, id="jpeg-header-then-html"),
    pytest.param("photo.png", PNG[:16] + HTML, id="html-behind-png-magic"),
    pytest.param("scan.pdf", PDF[: len(PDF) // 2], id="truncated-pdf"),
    pytest.param("photo.jpg", JPEG[: len(JPEG) // 2], id="truncated-jpeg"),
    pytest.param("scan.pdf", pdf_bytes(pages=0), id="pdf-without-a-page"),
]


@pytest.mark.parametrize(("name", "content"), POLYGLOTS)
def test_a_polyglot_upload_is_a_400_and_nothing_is_stored(
    as_resident, world, appointment, private_media, name, content
):
    response = post_file(as_resident, appointment, world.materials[0], name, content)
    assert response.status_code == 400
    assert "does not match its content" in text(response)
    assert not MaterialSubmission.objects.exists()
    assert not private_media.exists() or not any(p.is_file() for p in private_media.rglob("*"))


@pytest.mark.parametrize(("name", "content"), POLYGLOTS)
def test_the_service_refuses_a_polyglot_with_the_type_mismatch_error(
    world, appointment, name, content
):
    with pytest.raises(errors.FileTypeMismatch):
        material_submission_create(
            appointment=appointment,
            material=world.materials[0],
            by=world.resident,
            file=upload(name, content),
        )


def test_a_real_pdf_is_stored_exactly_as_sent(world, appointment):
    content = pdf_bytes(pages=3)
    submission = material_submission_create(
        appointment=appointment,
        material=world.materials[0],
        by=world.resident,
        file=upload("deed.pdf", content),
    )
    assert stored(submission) == content
    assert len(pypdf.PdfReader(io.BytesIO(stored(submission))).pages) == 3


def test_a_pdf_with_an_owner_password_only_is_accepted(world, appointment):
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt(user_password="", owner_password="office-only", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    submission = material_submission_create(
        appointment=appointment,
        material=world.materials[0],
        by=world.resident,
        file=upload("deed.pdf", out.getvalue()),
    )
    assert submission.content_type == "application/pdf"


def test_a_pdf_that_needs_a_password_to_open_is_refused(world, appointment):
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt(user_password="secret", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(errors.FileTypeMismatch):
        material_submission_create(
            appointment=appointment,
            material=world.materials[0],
            by=world.resident,
            file=upload("deed.pdf", out.getvalue()),
        )


def test_a_jpeg_with_exif_gps_is_stored_without_its_metadata(as_resident, world, appointment):
    content = jpeg_with_metadata()
    with Image.open(io.BytesIO(content)) as sent:  # the test photo really carries all of it
        assert sent.getexif().get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitude] == (
            GPS_LATITUDE
        )
    assert SECRET_COMMENT in content and b"SN-0042-7781" in content

    response = post_file(as_resident, appointment, world.materials[0], "deed.jpg", content)
    assert response.status_code == 302
    submission = MaterialSubmission.objects.get()
    kept = stored(submission)
    with Image.open(io.BytesIO(kept)) as image:
        assert image.format == "JPEG"
        assert image.size == (64, 48)
        assert not image.getexif()
        assert "exif" not in image.info and "comment" not in image.info
        image.load()
    for secret in (b"Exif", b"PhoneMaker", b"SN-0042-7781", SECRET_COMMENT):
        assert secret not in kept
    assert submission.size == len(kept)
    assert submission.content_type == "image/jpeg"


def test_a_rotated_photo_is_stored_upright_once_its_orientation_tag_is_dropped(world, appointment):
    # Orientation 6: the camera was turned; viewers rotate the 64x48 pixels by 90 degrees.
    content = jpeg_with_metadata(size=(64, 48), orientation=6)
    submission = material_submission_create(
        appointment=appointment,
        material=world.materials[0],
        by=world.resident,
        file=upload("deed.jpg", content),
    )
    with Image.open(io.BytesIO(stored(submission))) as image:
        assert image.size == (48, 64)
        assert not image.getexif()


def test_a_png_is_stored_without_its_text_chunks(world, appointment):
    content = png_with_metadata()
    assert b"Zhang San" in content
    submission = material_submission_create(
        appointment=appointment,
        material=world.materials[0],
        by=world.resident,
        file=upload("deed.png", content),
    )
    kept = stored(submission)
    assert b"Zhang San" not in kept and b"Garden Road" not in kept
    with Image.open(io.BytesIO(kept)) as image:
        assert image.format == "PNG" and image.size == (40, 30)
        assert "Author" not in image.info


def test_a_palette_png_keeps_its_transparency(world, appointment):
    out = io.BytesIO()
    Image.new("P", (8, 8), 0).save(out, format="PNG", transparency=0)
    submission = material_submission_create(
        appointment=appointment,
        material=world.materials[0],
        by=world.resident,
        file=upload("stamp.png", out.getvalue()),
    )
    with Image.open(io.BytesIO(stored(submission))) as image:
        assert image.info.get("transparency") == 0


def test_an_image_too_large_to_decode_safely_is_refused(world, appointment, monkeypatch):
    monkeypatch.setattr(casework_services, "_MAX_IMAGE_PIXELS", 100)
    with pytest.raises(errors.FileTypeMismatch):
        material_submission_create(
            appointment=appointment,
            material=world.materials[0],
            by=world.resident,
            file=upload("deed.png", PNG),  # 40 x 30 pixels
        )
    assert not MaterialSubmission.objects.exists()


def test_an_image_named_for_the_other_image_type_is_refused(world, appointment):
    with pytest.raises(errors.FileTypeMismatch):
        material_submission_create(
            appointment=appointment,
            material=world.materials[0],
            by=world.resident,
            file=upload("photo.png", JPEG),
        )
