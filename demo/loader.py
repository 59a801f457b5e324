"""Loads the demo catalogue and try-out accounts (`manage.py seed_demo`).

Deterministic and idempotent: every record is keyed by its natural key (slug, code, licence number,
e-mail) and written only where it differs, so a second run changes nothing, not even the change
history. It all runs in one transaction: an interrupted run leaves the database as it was.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import models, transaction
from django.test.utils import override_settings

from appointments import availability_cache
from legalaid.models import CaseDocument, CaseKind, HardshipStandard, LegalAidCentre
from notaries import catalogue_cache
from notaries.models import (
    DemoDataset,
    District,
    Exemption,
    FeeBand,
    MaterialItem,
    Matter,
    MatterCategory,
    Notary,
    Office,
)

from . import consultations, data, history, legal_aid

# Matters the applicant must attend in person, whoever books (nobody signs a will for another).
IN_PERSON_MATTERS = {"will", "will-amendment", "will-revocation"}

DEMO_VERSION = 1
RANDOM_SEED = 20261123
MIN_NOTARIES = 400
BUREAU_GROUP = "Bureau admins"
_STANDARD_HOURS = "Mon–Fri 9:00–12:00 and 13:30–17:30"

# Try-out sign-ins: they exist only in demo data, never in production.
DEMO_ACCOUNTS = [
    {
        "email": "resident@demo.invalid",
        "password": "Resident-demo-2026",
        "role": "resident",
        "first_name": "示例",
        "last_name": "居民",
        # An invented identity number (valid checksum, born 1950-01-01) and phone number.
        "profile": {
            "real_name": "示例居民",
            "phone": "13900001234",
            "id_number": "11010519500101888",
        },
    },
    {
        "email": "clerk@demo.invalid",
        "password": "Clerk-demo-2026",
        "role": "office_staff",
        "office": "dongcheng-first",
        "first_name": "示例",
        "last_name": "工作人员",
    },
    {
        "email": "operator@demo.invalid",
        "password": "Operator-demo-2026",
        "role": "hotline_operator",
        "first_name": "示例",
        "last_name": "接线员",
    },
    {
        "email": "legal-aid@demo.invalid",
        "password": "Legal-aid-demo-2026",
        "role": "legal_aid_staff",
        "legal_aid_centre": "dongcheng-legal-aid",
        "first_name": "示例",
        "last_name": "援助员",
    },
    {
        "email": "bureau@demo.invalid",
        "password": "Bureau-demo-2026",
        "role": "bureau_admin",
        "first_name": "示例",
        "last_name": "管理员",
    },
]


# The reform's exemptions as rules (see notaries.models.Exemption.Kind).
EXEMPTION_RULES: dict[str, dict[str, Any]] = {
    "elderly-will": {
        "kind": Exemption.Kind.AGE,
        "min_age": 70,
        "declaration_zh": "",
        "declaration_en": "",
        "evidence_zh": "居民身份证（核对年龄）",
        "evidence_en": "Resident identity card (to check your age)",
    },
    "minimum-allowance": {
        "kind": Exemption.Kind.STATUS,
        "min_age": None,
        "declaration_zh": "我是最低生活保障对象（低保）",
        "declaration_en": "I receive the minimum living allowance (dibao)",
        "evidence_zh": "最低生活保障证（低保证）",
        "evidence_en": "Minimum living allowance certificate",
    },
    "severe-disability": {
        "kind": Exemption.Kind.STATUS,
        "min_age": None,
        "declaration_zh": "我是无固定生活来源的重度残疾人",
        "declaration_en": "I am severely disabled and have no fixed source of livelihood",
        "evidence_zh": "残疾人证（一级或二级）及街道或乡镇出具的无固定生活来源证明",
        "evidence_en": (
            "Disability certificate (grade 1 or 2) and a letter from the sub-district or township "
            "confirming no fixed source of livelihood"
        ),
    },
    "relief-purpose": {
        "kind": Exemption.Kind.PURPOSE,
        "min_age": None,
        "declaration_zh": "用于申领救济金或最低生活保障，或追索赡养费、扶养费、抚养费",
        "declaration_en": (
            "It is for applying for relief funds or the minimum living allowance, or for claiming "
            "alimony or child support"
        ),
        "evidence_zh": "说明用途的材料（如民政部门或法院的通知）",
        "evidence_en": "A document showing the purpose (a civil affairs or court notice)",
    },
}

# Demo fee standards: progressive value bands for value-based matters (lower rates on higher
# bands), an extra-copy fee for every matter and an extra-party fee for contracts.
VALUE_BANDS = [
    (Decimal("0"), Decimal("0.8")),
    (Decimal("500000"), Decimal("0.5")),
    (Decimal("5000000"), Decimal("0.1")),
]
VALUE_FEE_MAXIMUM = Decimal("30000.00")
EXTRA_COPY_FEE = Decimal("20.00")
EXTRA_PARTY_FEE = Decimal("100.00")


def _fee_structure(spec: dict[str, Any]) -> dict[str, Any]:
    by_value = spec["fee_basis_en"].startswith("Charged on")
    amount = Decimal(spec["fee_amount"])
    return {
        "fee_amount": Decimal("0.00") if by_value else amount,
        "fee_included_copies": 1,
        "fee_per_extra_copy": EXTRA_COPY_FEE,
        "fee_per_extra_party": (
            EXTRA_PARTY_FEE if spec["category"] == "contracts-and-business" else Decimal("0.00")
        ),
        "fee_by_value": by_value,
        "fee_value_minimum": amount if by_value else Decimal("0.00"),
        "fee_value_maximum": VALUE_FEE_MAXIMUM if by_value else None,
    }


def _seed_fee_bands(matter: Matter, spec: dict[str, Any], report: SeedReport) -> None:
    wanted = VALUE_BANDS if _fee_structure(spec)["fee_by_value"] else []
    have = {band.lower_bound: band for band in matter.fee_bands.all()}
    for lower, rate in wanted:
        _upsert(
            FeeBand,
            report,
            "fee bands",
            {"matter": matter, "lower_bound": lower},
            {"rate_percent": rate},
        )
    for lower, band in have.items():
        if lower not in {low for low, _ in wanted}:
            band.delete()
            report.count("fee bands", created=False, changed=True)


@dataclass
class SeedReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    def count(self, label: str, *, created: bool, changed: bool) -> None:
        if created:
            self.created[label] = self.created.get(label, 0) + 1
        elif changed:
            self.updated[label] = self.updated.get(label, 0) + 1

    @property
    def changed_anything(self) -> bool:
        return bool(self.created or self.updated)


def _upsert(
    model: type[models.Model],
    report: SeedReport,
    label: str,
    lookup: dict[str, Any],
    values: dict[str, Any],
) -> tuple[Any, bool]:
    """Create the row, or update only the fields that differ (saving nothing when none do).

    Returns the row and whether it was created."""
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        obj = model._default_manager.create(**lookup, **values)
        report.count(label, created=True, changed=True)
        return obj, True
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed)
    report.count(label, created=False, changed=bool(changed))
    return obj, False


def _set_m2m(
    manager, wanted: Iterable[models.Model], report: SeedReport, label: str, *, created: bool
) -> None:
    wanted_ids = {obj.pk for obj in wanted}
    current_ids = set() if created else set(manager.values_list("pk", flat=True))
    if wanted_ids != current_ids:
        manager.set(list(wanted_ids))
        # A row created a moment ago was counted already.
        report.count(label, created=False, changed=not created)


def _notary_names(rng: random.Random, count: int) -> list[tuple[str, str]]:
    """Invented names: a common surname and one or two common given-name characters."""
    names: list[tuple[str, str]] = []
    seen: set[str] = set()
    while len(names) < count:
        surname_zh, surname_en = rng.choice(data.SURNAMES)
        given = rng.sample(data.GIVEN_NAME_CHARS, rng.choice([1, 2, 2]))
        zh = surname_zh + "".join(ch for ch, _ in given)
        if zh in seen:
            continue
        seen.add(zh)
        en = f"{surname_en} {''.join(py for _, py in given).capitalize()}"
        names.append((zh, en))
    return names


def _notary_counts(offices: list[dict[str, Any]]) -> list[int]:
    """Spread at least MIN_NOTARIES over the offices in proportion to their weight."""
    total_weight = sum(o["weight"] for o in offices)
    counts = [max(6, round(MIN_NOTARIES * o["weight"] / total_weight)) for o in offices]
    i = 0
    while sum(counts) < MIN_NOTARIES:
        counts[i % len(counts)] += 1
        i += 1
    return counts


def _status_for(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.05:
        return Notary.Status.SUSPENDED
    if roll < 0.14:
        return Notary.Status.ON_LEAVE
    return Notary.Status.ON_DUTY


def seed_demo(*, progress: Callable[[str], None] = lambda message: None) -> SeedReport:
    """Load everything in one transaction. The confirmations that the demo's bookings queue after
    the commit go nowhere: the residents are invented, and `make run` would print them all."""
    # Nor are the services' INFO lines about each booking and message (progress says enough).
    previous = logging.root.manager.disable
    logging.disable(logging.INFO)
    try:
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
            SMS_BACKEND="portal.sms.LocmemBackend",
        ):
            report = _seed_demo(progress=progress)
        # Weekly hours and registry records went in by bulk_create, around the models' signals:
        # whatever a running portal cached of the catalogue or of free times is renewed.
        availability_cache.bump_city()
        catalogue_cache.bump()
        return report
    finally:
        logging.disable(previous)


@transaction.atomic
def _seed_demo(*, progress: Callable[[str], None]) -> SeedReport:
    report = SeedReport()
    rng = random.Random(RANDOM_SEED)

    progress("districts")
    districts = {}
    for position, (slug, name_zh, name_en) in enumerate(data.DISTRICTS, start=1):
        districts[slug], _ = _upsert(
            District,
            report,
            "districts",
            {"slug": slug},
            {"name_zh": name_zh, "name_en": name_en, "position": position},
        )

    progress("matter categories and exemptions")
    categories = {}
    for position, (slug, name_zh, name_en) in enumerate(data.MATTER_CATEGORIES, start=1):
        categories[slug], _ = _upsert(
            MatterCategory,
            report,
            "categories",
            {"slug": slug},
            {"name_zh": name_zh, "name_en": name_en, "position": position},
        )
    exemptions = {}
    for position, (code, name_zh, name_en, desc_zh, desc_en) in enumerate(data.EXEMPTIONS, start=1):
        exemptions[code], _ = _upsert(
            Exemption,
            report,
            "exemptions",
            {"code": code},
            {
                "name_zh": name_zh,
                "name_en": name_en,
                "description_zh": desc_zh,
                "description_en": desc_en,
                "position": position,
                "is_active": True,
                **EXEMPTION_RULES[code],
            },
        )

    progress(f"{len(data.MATTERS)} matters and their materials")
    matters = {}
    for spec in data.MATTERS:
        matter, created = _upsert(
            Matter,
            report,
            "matters",
            {"code": spec["code"]},
            {
                "name_zh": spec["name_zh"],
                "name_en": spec["name_en"],
                "category": categories[spec["category"]],
                "description_zh": spec["description_zh"],
                "description_en": spec["description_en"],
                "run_at_most_once": spec["run_at_most_once"],
                "applicant_in_person": spec["code"] in IN_PERSON_MATTERS
                or spec["category"] == "guardianship",
                "processing_days": spec["processing_days"],
                "appointment_minutes": spec["appointment_minutes"],
                **_fee_structure(spec),
                "fee_basis_zh": spec["fee_basis_zh"],
                "fee_basis_en": spec["fee_basis_en"],
                "is_published": True,
            },
        )
        matters[spec["code"]] = matter
        _set_m2m(
            matter.exemptions,
            [exemptions[c] for c in spec["exemptions"]],
            report,
            "matters",
            created=created,
        )
        _seed_fee_bands(matter, spec, report)
        for position, item in enumerate(spec["materials"], start=1):
            _upsert(
                MaterialItem,
                report,
                "materials",
                {"matter": matter, "position": position},
                {
                    "name_zh": item["name_zh"],
                    "name_en": item["name_en"],
                    "note_zh": item.get("note_zh", ""),
                    "note_en": item.get("note_en", ""),
                    "form": item["form"],
                    "copies": item["copies"],
                    "provider": item["provider"],
                    "commitment_allowed": item["commitment_allowed"],
                    "verification_kind": item.get("verification_kind", ""),
                },
            )
        stale = MaterialItem.objects.filter(matter=matter, position__gt=len(spec["materials"]))
        for item in stale:
            item.delete()
            report.count("materials", created=False, changed=True)

    progress(f"{len(data.OFFICES)} offices")
    offices = []
    for spec in data.OFFICES:
        office, created = _upsert(
            Office,
            report,
            "offices",
            {"slug": spec["slug"]},
            {
                "name_zh": spec["name_zh"],
                "name_en": spec["name_en"],
                "district": districts[spec["district"]],
                "kind": spec["kind"],
                "address_zh": spec["address_zh"],
                "address_en": spec["address_en"],
                "phone": spec["phone"],
                "opening_hours_zh": spec["opening_hours_zh"],
                "opening_hours_en": spec["opening_hours_en"],
                "is_active": True,
            },
        )
        handled = [
            m
            for m in matters.values()
            if m.category.slug not in spec.get("excluded_categories", [])
        ]
        _set_m2m(office.matters, handled, report, "offices", created=created)
        offices.append((office, handled))

    counts = _notary_counts(data.OFFICES)
    names = _notary_names(rng, sum(counts))
    progress(f"{sum(counts)} notaries")
    name_index = 0
    category_slugs = sorted(categories)
    for office_index, ((office, handled), count) in enumerate(zip(offices, counts, strict=True)):
        for seq in range(1, count + 1):
            name_zh, name_en = names[name_index]
            name_index += 1
            first_year = 2000 + rng.randrange(0, 25)
            licence = f"1100{office_index + 1:02d}{first_year}{seq:04d}"
            notary, created = _upsert(
                Notary,
                report,
                "notaries",
                {"licence_number": licence},
                {
                    "office": office,
                    "name_zh": name_zh,
                    "name_en": name_en,
                    "status": _status_for(rng),
                },
            )
            # About a third of notaries do not take one category of matters.
            skipped = rng.choice(category_slugs) if rng.random() < 0.33 else None
            _set_m2m(
                notary.matters,
                [m for m in handled if m.category.slug != skipped],
                report,
                "notaries",
                created=created,
            )

    progress("working hours")
    _seed_working_weeks(report)

    progress(f"{len(data.LEGAL_AID_CENTRES)} legal-aid centres")
    for spec in data.LEGAL_AID_CENTRES:
        _upsert(
            LegalAidCentre,
            report,
            "legal-aid centres",
            {"slug": spec["slug"]},
            {
                "name_zh": spec["name_zh"],
                "name_en": spec["name_en"],
                "district": districts[spec["district"]],
                "address_zh": spec["address_zh"],
                "address_en": spec["address_en"],
                "phone": spec["phone"],
                "is_active": True,
            },
        )

    progress("legal-aid standard and kinds of case")
    _seed_legal_aid_guide(report)

    progress("try-out accounts")
    _seed_accounts(report)

    # A year of history and the next days' appointments (demo/history.py), once.
    history.seed_history(report=report, progress=progress)

    progress("12348 consultations")
    consultations.seed_consultations(report=report)

    progress("legal-aid applications and opinions about them")
    legal_aid.seed_legal_aid(report=report)

    progress("commitment statement and the demo data link's registry")
    _seed_commitment_statement(report)
    _seed_registry(report)

    if not DemoDataset.objects.filter(version=DEMO_VERSION).exists():
        DemoDataset.objects.all().delete()
        DemoDataset.objects.create(version=DEMO_VERSION)
        report.count("demo marker", created=True, changed=True)
    return report


def _seed_legal_aid_guide(report: SeedReport) -> None:
    spec = data.LEGAL_AID_HARDSHIP_STANDARD
    _upsert(
        HardshipStandard,
        report,
        "legal-aid standards",
        {"in_force_from": dt.date.fromisoformat(spec["in_force_from"])},
        {
            "monthly_income_per_person": Decimal(spec["monthly_income_per_person"]),
            "explanation_zh": spec["explanation_zh"],
            "explanation_en": spec["explanation_en"],
        },
    )
    for position, kind_spec in enumerate(data.LEGAL_AID_CASE_KINDS, start=1):
        kind, _ = _upsert(
            CaseKind,
            report,
            "legal-aid kinds of case",
            {"slug": kind_spec["slug"]},
            {
                **{
                    name: kind_spec[name]
                    for name in (
                        "name_zh",
                        "name_en",
                        "summary_zh",
                        "summary_en",
                        "eligibility_zh",
                        "eligibility_en",
                        "hardship_waived",
                    )
                },
                "position": position,
                "is_published": True,
            },
        )
        documents = kind_spec["documents"]
        for index, row in enumerate(documents, start=1):
            name_zh, name_en, form, provider, commitment, note_zh, note_en = row
            _upsert(
                CaseDocument,
                report,
                "legal-aid documents",
                {"case_kind": kind, "position": index},
                {
                    "name_zh": name_zh,
                    "name_en": name_en,
                    "form": form,
                    "copies": 1,
                    "provider": provider,
                    "commitment_allowed": commitment,
                    "note_zh": note_zh,
                    "note_en": note_en,
                },
            )
        for stale in CaseDocument.objects.filter(case_kind=kind, position__gt=len(documents)):
            stale.delete()
            report.count("legal-aid documents", created=False, changed=True)


def _seed_working_weeks(report: SeedReport) -> None:
    """Every notary works the week behind their office's published opening hours."""
    from simple_history.utils import bulk_create_with_history

    from appointments.models import WorkingPeriod

    existing: dict[int, set[tuple[int, dt.time, dt.time]]] = {}
    for notary_id, weekday, starts, ends in WorkingPeriod.objects.values_list(
        "notary_id", "weekday", "starts", "ends"
    ):
        existing.setdefault(notary_id, set()).add((weekday, starts, ends))
    missing: list[WorkingPeriod] = []
    stale: list[int] = []
    for notary_id, hours in Notary.objects.values_list("pk", "office__opening_hours_en"):
        week = data.WORKING_WEEKS.get(hours, data.WORKING_WEEKS[_STANDARD_HOURS])
        wanted = {
            (weekday, dt.time.fromisoformat(start), dt.time.fromisoformat(end))
            for weekday, periods in week.items()
            for start, end in periods
        }
        have = existing.get(notary_id, set())
        missing.extend(
            WorkingPeriod(notary_id=notary_id, weekday=w, starts=a, ends=b)
            for w, a, b in sorted(wanted - have)
        )
        if have - wanted:
            stale.append(notary_id)
    if stale:
        # Rebuild the week of notaries whose hours changed.
        WorkingPeriod.objects.filter(notary_id__in=stale).delete()
        report.count("working hours", created=False, changed=True)
        return _seed_working_weeks(report)
    if missing:
        bulk_create_with_history(missing, WorkingPeriod, batch_size=500)
        for _ in missing:
            report.count("working periods", created=True, changed=True)
    return None


def _bureau_group(report: SeedReport) -> Group:
    group, created = Group.objects.get_or_create(name=BUREAU_GROUP)
    wanted = Permission.objects.filter(
        content_type__app_label__in=["notaries", "appointments"],
    ).exclude(content_type__model__startswith="historical")
    if set(group.permissions.values_list("pk", flat=True)) != set(
        wanted.values_list("pk", flat=True)
    ):
        group.permissions.set(wanted)
        report.count("groups", created=created, changed=True)
    return group


# The bureau's statement text (告知承诺书), version 1. Versions are never edited: a changed text
# is a new version, added by the bureau in the admin.
COMMITMENT_STATEMENT = {
    "text_zh": (
        "本人申请办理公证事项，现就下列材料所证明的事项作出承诺：本人所承诺的内容真实、准确、"
        "完整，与有关部门登记的信息一致。本人知晓公证处将通过部门核查、数据共享等方式核实本人"
        "所承诺的内容。如承诺不实，本人愿意承担由此产生的一切法律责任，公证处可以不予办理或撤销"
        "公证书，并可将本人列入公证失信名单。"
    ),
    "text_en": (
        "I apply for this notarisation and make the following commitment about what the listed "
        "document would prove: what I commit to is true, accurate and complete, and matches the "
        "records of the registering authorities. I know that the notary office will check it "
        "with those authorities and through shared data. If my commitment is false, I bear every "
        "legal consequence; the office may refuse or revoke the notarial certificate and may "
        "enter me in the blacklist of people who defrauded notarisation."
    ),
}


def _seed_commitment_statement(report: SeedReport) -> None:
    from commitments.models import CommitmentStatement

    # Create only: a signed version's text is never changed afterwards.
    if not CommitmentStatement.objects.filter(version=1).exists():
        CommitmentStatement.objects.create(version=1, **COMMITMENT_STATEMENT)
        report.count("commitment statement", created=True, changed=True)


def _registry_answers(seed: str, real_name: str) -> dict[str, str]:
    """What the demo data link knows about one person (deterministic from the number's hash):
    every resident's identity and household registration; most residents' marital status; a
    title for about half of them."""
    rng = random.Random(seed)
    district_zh = rng.choice([name_zh for _slug, name_zh, _en in data.DISTRICTS])
    answers = {
        "identity": f"{real_name}，居民身份证有效",
        "household": f"{real_name}，常住户口登记于北京市{district_zh}",
    }
    if rng.random() < 0.9:
        answers["marital"] = rng.choice(["已婚", "已婚", "未婚", "离婚", "丧偶"])
    if rng.random() < 0.5:
        answers["real_estate"] = (
            f"京({rng.randint(2008, 2025)}){district_zh}不动产权第{rng.randint(1, 9999999):07d}号，"
            f"权利人{real_name}"
        )
    return answers


def _seed_registry(report: SeedReport) -> None:
    """The demo data link's table: records for the demo residents (the try-out resident has all
    four). Written where missing or different only."""
    from verification.models import RegistryRecord

    User = get_user_model()
    residents = User.objects.filter(
        email__endswith="@demo.invalid", role="resident", id_number_hash__isnull=False
    ).exclude(id_number_hash="")
    existing = {(r.id_number_hash, r.kind): r for r in RegistryRecord.objects.all()}
    new: list[RegistryRecord] = []
    for resident in residents.only("id_number_hash", "real_name", "email"):
        answers = _registry_answers(resident.id_number_hash, resident.real_name)
        if resident.email == DEMO_ACCOUNTS[0]["email"]:
            answers.setdefault("marital", "已婚")
            answers.setdefault(
                "real_estate", f"京(2016)东城区不动产权第0012345号，权利人{resident.real_name}"
            )
        for kind, summary in answers.items():
            record = existing.get((resident.id_number_hash, kind))
            if record is None:
                new.append(
                    RegistryRecord(
                        id_number_hash=resident.id_number_hash, kind=kind, summary=summary
                    )
                )
            elif record.summary != summary:
                record.summary = summary
                record.save(update_fields=["summary"])
                report.count("registry records", created=False, changed=True)
    if new:
        RegistryRecord.objects.bulk_create(new)
        for _record in new:
            report.count("registry records", created=True, changed=True)


def _seed_accounts(report: SeedReport) -> None:
    from allauth.account.models import EmailAddress

    User = get_user_model()
    group = _bureau_group(report)
    for spec in DEMO_ACCOUNTS:
        user = User.objects.filter(email__iexact=spec["email"]).first()
        created = user is None
        if created:
            user = User(username=spec["email"], email=spec["email"])
        user.first_name = spec["first_name"]
        user.last_name = spec["last_name"]
        user.role = spec["role"]
        user.office = Office.objects.get(slug=spec["office"]) if "office" in spec else None
        user.legal_aid_centre = (
            LegalAidCentre.objects.get(slug=spec["legal_aid_centre"])
            if "legal_aid_centre" in spec
            else None
        )
        user.is_staff = spec["role"] == "bureau_admin"
        if created or not user.check_password(spec["password"]):
            user.set_password(spec["password"])
            report.count("accounts", created=created, changed=True)
        user.save()
        if user.is_staff and not user.groups.filter(pk=group.pk).exists():
            user.groups.add(group)
        EmailAddress.objects.update_or_create(
            user=user, email=spec["email"], defaults={"verified": True, "primary": True}
        )
        if "profile" in spec:
            _seed_profile(user, spec["profile"], report)


def _seed_profile(user, profile: dict[str, str], report: SeedReport) -> None:
    from stdnum.cn import ric

    from accounts.services import resident_profile_update

    body = profile["id_number"]
    number = body + ric.calc_check_digit(body + "0")  # stdnum ignores the last digit
    if (
        user.real_name == profile["real_name"]
        and user.phone == profile["phone"]
        and (user.id_number == number)
    ):
        return
    resident_profile_update(
        user=user, real_name=profile["real_name"], phone=profile["phone"], id_number=number
    )
    report.count("accounts", created=False, changed=True)
