import pytest

from demo import loader as demo
from notaries.models import DemoDataset, Matter, Notary, Office

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_interrupted_seed_leaves_nothing_behind(db, monkeypatch):
    """A failure half-way (here: in the notaries step) rolls the whole load back."""
    calls = {"n": 0}
    real = demo._upsert

    def failing(model, *args, **kwargs):
        if model is Notary:
            calls["n"] += 1
            if calls["n"] == 10:
                raise KeyboardInterrupt
        return real(model, *args, **kwargs)

    monkeypatch.setattr(demo, "_upsert", failing)
    with pytest.raises(KeyboardInterrupt):
        demo.seed_demo()
    assert Office.objects.count() == 0
    assert Matter.objects.count() == 0
    assert not DemoDataset.objects.exists()


def test_an_interrupted_history_leaves_nothing_behind(db, monkeypatch):
    """Interrupted while writing the year of history (here: after the past visits, in the cases),
    the catalogue, the accounts and the visits already written are all rolled back."""
    from accounts.models import User
    from appointments.models import Appointment, AppointmentEvent
    from demo import history

    def interrupted(ctx, past):
        assert Appointment.objects.exists()  # written already, inside the transaction
        raise KeyboardInterrupt

    monkeypatch.setattr(history, "_seed_cases", interrupted)
    with pytest.raises(KeyboardInterrupt):
        demo.seed_demo()
    assert not Appointment.objects.exists()
    assert not AppointmentEvent.objects.exists()
    assert not User.objects.exists()
    assert Notary.objects.count() == 0
    assert not DemoDataset.objects.exists()
