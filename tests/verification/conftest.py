import pytest

from appointments.models import Appointment
from tests.casework.conftest import private_media, world  # noqa: F401 (fixtures)
from verification.models import RegistryRecord


@pytest.fixture
def setup(world):  # noqa: F811
    """The matter's first item can be verified as identity, the second as marital status; the
    resident's record holds the identity only."""
    first, second = world.materials[:2]
    first.verification_kind = "identity"
    first.save()
    second.verification_kind = "marital"
    second.save()
    RegistryRecord.objects.create(
        id_number_hash=world.resident.id_number_hash,
        kind="identity",
        summary="identity card valid",
    )
    appointment: Appointment = world.book()
    return world, appointment, first, second
