"""The identity-number history migrations apply to a database that already holds accounts."""

import importlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from accounts.crypto import encrypt_id_number, hash_id_number
from tests.appointments.conftest import valid_id_number

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE_HISTORY = [("accounts", "0004_user_email_unique_ci_partial")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _latest():
    return _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_the_history_starts_with_one_record_per_account_that_holds_a_number():
    old = _migrate(BEFORE_HISTORY)
    User = old.get_model("accounts", "User")
    number = valid_id_number(950, birth="19600202")
    with_number = User.objects.create(
        username="old-resident",
        email="old@example.com",
        id_number_encrypted=encrypt_id_number(number),
        id_number_hash=hash_id_number(number),
    )
    without_number = User.objects.create(username="old-clerk", email="clerk@example.com")

    new = _latest()
    Record = new.get_model("accounts", "IdentityNumberRecord")
    record = Record.objects.get()
    assert record.user_id == with_number.pk
    assert record.id_number_hash == hash_id_number(number)
    assert record.id_number_masked == f"{number[:6]}********{number[-4:]}"
    assert (record.kind, record.set_by_id, record.reason) == ("initial", None, "")
    assert not Record.objects.filter(user_id=without_number.pk).exists()

    # Run again (a re-applied deployment): nothing is added twice.
    backfill = importlib.import_module("accounts.migrations.0006_backfill_identity_number_records")
    backfill.records_for_existing_numbers(new, None)
    assert Record.objects.count() == 1


def test_the_backfill_can_be_unapplied_and_applied_again():
    _latest()
    old = _migrate(BEFORE_HISTORY)
    User = old.get_model("accounts", "User")
    number = valid_id_number(951, birth="19600202")
    User.objects.create(
        username="old-resident",
        email="old@example.com",
        id_number_encrypted=encrypt_id_number(number),
        id_number_hash=hash_id_number(number),
    )
    new = _migrate([("accounts", "0006_backfill_identity_number_records")])
    Record = new.get_model("accounts", "IdentityNumberRecord")
    assert Record.objects.count() == 1
    _migrate([("accounts", "0005_identity_number_record")])
    assert new.get_model("accounts", "IdentityNumberRecord").objects.count() == 0
    _latest()
