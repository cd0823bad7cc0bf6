"""Machinery of the authorisation matrix (tests/security/test_authorisation_matrix.py).

Enumerates every URL pattern of the resolver and every operation of the OpenAPI schema, builds
the personas and the objects of agency A and agency B, and answers one request per cell. The
expectations live in the test module's one table; this module holds no expectation.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from drf_spectacular.generators import SchemaGenerator
from rest_framework.authtoken.models import Token, TokenProxy

from commitments.models import Commitment, ProgressUpdate
from commitments.services.commitments import commitment_move
from commitments.services.progress import progress_add
from core.models import Agency, AuditEvent, CalendarDay, CalendarYear, CivilServant, Notification, SharingMessage, User
from core.roles import Role
from core.services.audit import audit_record
from core.services.takedowns import TakedownReason
from core.workflow import Status
from disclosure.models import AdministrativeAction, CounterpartyType, ImportJob, Takedown
from objections.models import Objection, RepairRequest
from records.models import (
    CreditRecord,
    EvaluationSnapshot,
    Evidence,
    IntegrityFact,
    IssuedReport,
    RecordTakedown,
    Sanction,
)
from records.reports import agency_report_content, civil_servant_report_content
from records.services.api_clients import api_client_issue
from records.services.evaluation import evaluation_run
from records.services.evidence import evidence_add
from records.services.records import record_create, record_move, record_take_down
from records.services.reports import report_issue
from records.services.sanctions import sanction_create
from tests.commitments.conftest import commitment_data, make_commitment, parts
from tests.disclosure.conftest import ActionFactory, penalty_data
from tests.factories import AgencyFactory, CivilServantFactory, UserFactory
from tests.records.conftest import agency_record_data, sanction_data
from tests.workflow_app.models import Pledge

# The personas, in the order of each row of the table.
PERSONAS = (
    "anon",  # anonymous visitor
    "servant",  # civil servant: a user linked to a CivilServant of A, role civil_servant, not staff
    "clerk_a",
    "reviewer_a",
    "clerk_b",
    "staff_a",  # staff of agency A without any role
    "overseer",
    "office",  # credit office
    "super",  # superuser
)

LOGIN = "login"  # a redirect to the admin's sign-in page

# Action states every object-level URL is tried with, in agency A; and two of agency B.
ACTION_STATES = ("draft", "submitted", "returned", "published", "revoked", "expired")
ACTION_VARIANTS = (*(f"{s}_a" for s in ACTION_STATES), "draft_b", "published_b")
# Credit-record states every object-level record operation is tried with.
RECORD_VARIANTS = ("draft_a", "submitted_a", "published_a", "draft_b")
# Commitment states every object-level commitment URL and operation is tried with.
COMMITMENT_VARIANTS = ("draft_a", "submitted_a", "published_a", "draft_b", "published_b")
# Sanctions every object-level sanction operation is tried with: on a published record of A, of B.
SANCTION_VARIANTS = ("open_a", "open_b")


# --- enumeration -------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    key: str  # the URL name with its namespace, or "route:<pattern>" for an unnamed pattern
    pattern: str  # the full pattern, for unnamed ones and for messages
    name: str | None
    params: tuple[str, ...]


def _params(pattern: str) -> tuple[str, ...]:
    return tuple(re.findall(r"<(?:\w+:)?(\w+)>", pattern) + re.findall(r"\(\?P<(\w+)>", pattern))


def url_routes() -> list[Route]:
    """Every URL pattern the resolver knows, recursively through every include()."""

    def walk(resolver: URLResolver, prefix: str, namespace: str | None) -> Iterator[Route]:
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                inner = namespace
                if entry.namespace:
                    inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
                yield from walk(entry, prefix + str(entry.pattern), inner)
            elif isinstance(entry, URLPattern):
                pattern = prefix + str(entry.pattern)
                name = entry.name and (f"{namespace}:{entry.name}" if namespace else entry.name)
                yield Route(name or f"route:{pattern}", pattern, name, _params(pattern))

    return list(walk(get_resolver(), "", None))


@dataclass(frozen=True)
class Operation:
    key: str  # "METHOD /path/{param}/"
    method: str
    path: str
    params: tuple[str, ...]


def api_operations() -> list[Operation]:
    """Every operation of the OpenAPI schema drf-spectacular generates (the /api/schema/ document)."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    operations = []
    for path, item in schema["paths"].items():
        for method in item:
            if method in {"get", "post", "put", "patch", "delete"}:
                params = tuple(re.findall(r"\{(\w+)\}", path))
                operations.append(Operation(f"{method.upper()} {path}", method, path, params))
    return operations


# --- the world: personas and objects -------------------------------------------------------


@dataclass
class World:
    users: dict[str, Any] = field(default_factory=dict)  # None for the anonymous visitor
    clients: dict[str, Client] = field(default_factory=dict)
    actions: dict[str, AdministrativeAction] = field(default_factory=dict)
    records: dict[str, CreditRecord] = field(default_factory=dict)
    commitments: dict[str, Commitment] = field(default_factory=dict)
    objects: dict[str, Any] = field(default_factory=dict)
    # A text of an object -> the personas who may read it. Any other persona's 2xx body
    # containing it is a leak.
    secrets: dict[str, frozenset[str]] = field(default_factory=dict)
    agency_a: Any = None
    agency_b: Any = None


A_STAFF = frozenset({"clerk_a", "reviewer_a", "office", "super"})
B_STAFF = frozenset({"clerk_b", "office", "super"})


def make_action(world: World, variant: str, **extra: Any) -> AdministrativeAction:
    """A fresh action of the variant (``published_a``, ``draft_b`` …), entered by that agency's clerk."""
    state, side = variant.rsplit("_", 1)
    agency = world.agency_a if side == "a" else world.agency_b
    clerk = world.users["clerk_a" if side == "a" else "clerk_b"]
    reviewer = world.users["reviewer_a"] if side == "a" else None
    now = timezone.now()
    fields: dict[str, Any] = {"agency": agency, "created_by": clerk, "last_edited_by": clerk, **extra}
    if state != "draft":
        fields.update(submitted_by=clerk, submitted_at=now)
    if state in {"published", "revoked", "expired"}:
        fields.update(reviewed_by=reviewer, published_at=now)
    if state == "returned":
        fields.update(reviewed_by=reviewer, return_reason="补充材料")
    if state == "revoked":
        fields.update(revoked_at=now, revoke_reason="决定已撤销")
    fields["status"] = {
        "draft": Status.DRAFT,
        "submitted": Status.SUBMITTED,
        "returned": Status.RETURNED,
        "published": Status.PUBLISHED,
        "revoked": Status.REVOKED,
        "expired": Status.EXPIRED,
    }[state]
    return ActionFactory.create(**fields)


_record_serials = iter(range(1, 1_000_000))


def make_credit_record(world: World, variant: str, **extra: Any) -> CreditRecord:
    """A fresh credit record of the variant (``draft_a``, ``published_a``, ``draft_b`` …) in
    that agency's own file, entered by its clerk (and published by A's reviewer or the office)."""
    state, side = variant.rsplit("_", 1)
    agency = world.agency_a if side == "a" else world.agency_b
    clerk = world.users["clerk_a" if side == "a" else "clerk_b"]
    number = extra.pop("document_number", None) or f"矩阵信〔2026〕{next(_record_serials)}号"
    record = record_create(actor=clerk, data=agency_record_data(agency, document_number=number, **extra))
    if state in {"submitted", "published"}:
        record = record_move(record, move="submit", actor=clerk)
    if state == "published":
        reviewer = world.users["reviewer_a" if side == "a" else "office"]
        record = record_move(record, move="publish", actor=reviewer)
    return record


_commitment_serials = iter(range(1, 1_000_000))


def make_commitment_variant(world: World, variant: str, **extra: Any) -> Commitment:
    """A fresh commitment of the variant, with a milestone and a company, entered by that
    agency's clerk about its civil servant (and published by A's reviewer or the office)."""
    state, side = variant.rsplit("_", 1)
    agency = world.agency_a if side == "a" else world.agency_b
    clerk = world.users["clerk_a" if side == "a" else "clerk_b"]
    person = world.objects["person_a" if side == "a" else "person_b"]
    title = extra.pop("title", None) or f"矩阵承诺事项{next(_commitment_serials)}"
    commitment = make_commitment(clerk, agency, person, title=title, **extra)
    if state in {"submitted", "published"}:
        commitment = commitment_move(commitment, move="submit", actor=clerk)
    if state == "published":
        reviewer = world.users["reviewer_a" if side == "a" else "office"]
        commitment = commitment_move(commitment, move="publish", actor=reviewer)
    return commitment


def make_sanction(world: World, variant: str, **extra: Any) -> Sanction:
    """A fresh rectification (``open_a``, ``open_b``) on a fresh published record of that agency,
    entered by its clerk."""
    side = variant.rsplit("_", 1)[1]
    record = make_credit_record(world, f"published_{side}")
    clerk = world.users["clerk_a" if side == "a" else "clerk_b"]
    return sanction_create(actor=clerk, data=sanction_data(record, **extra))


def sanction_body(world: World, operation: Operation) -> dict[str, Any] | None:
    """A valid body for the sanction writes, as A's clerk would send it (an update names version
    1, that of a fresh sanction; the record of a sanction is not changed)."""
    if operation.method not in {"post", "put", "patch"}:
        return None
    if operation.path.endswith("/lift/"):
        return {"reason": "矩阵理由"}
    due = (timezone.localdate() + dt.timedelta(days=20)).isoformat()
    body: dict[str, Any] = {"kind": "rectification", "due_on": due, "document_number": "矩阵整改通知"}
    if operation.method == "post":
        body["record"] = world.records["published_a"].pk
    else:
        body["version"] = 1
    return body


def build_world() -> World:
    w = World()
    a = w.agency_a = AgencyFactory.create(name="矩阵市场监督管理局")
    b = w.agency_b = AgencyFactory.create(name="矩阵生态环境分局")
    office_agency = AgencyFactory.create(name="矩阵发展和改革局")
    overseer_agency = AgencyFactory.create(name="矩阵纪委监委")
    make = UserFactory.create
    w.users = {
        "anon": None,
        "servant": make(username="m_servant", role=Role.CIVIL_SERVANT),
        "clerk_a": make(username="m_clerk_a", agency=a, is_staff=True, role=Role.CLERK),
        "reviewer_a": make(username="m_reviewer_a", agency=a, is_staff=True, role=Role.REVIEWER),
        "clerk_b": make(username="m_clerk_b", agency=b, is_staff=True, role=Role.CLERK),
        "staff_a": make(username="m_staff_a", agency=a, is_staff=True),
        "overseer": make(username="m_overseer", agency=overseer_agency, is_staff=True, role=Role.OVERSEER),
        "office": make(username="m_office", agency=office_agency, is_staff=True, role=Role.CREDIT_OFFICE),
        "super": make(username="m_super", agency=office_agency, is_staff=True, is_superuser=True),
    }
    for persona, user in w.users.items():
        client = Client()
        if user is not None:
            client.force_login(user)
        w.clients[persona] = client

    for variant in ACTION_VARIANTS:
        number = f"矩阵〔2026〕{variant}号"
        if variant == "published_a":
            # A natural person: the full name is for A's staff only; the public sees it masked.
            action = make_action(
                w,
                variant,
                document_number=number,
                counterparty_type=CounterpartyType.NATURAL_PERSON,
                counterparty_name="欧阳明远",
                id_number="320106198001010011",
            )
            w.secrets["欧阳明远"] = A_STAFF
            w.secrets["320106198001010011"] = frozenset()  # stored encrypted, shown to no one
        else:
            action = make_action(w, variant, document_number=number)
        w.actions[variant] = action
        side_staff = A_STAFF if variant.endswith("_a") else B_STAFF
        readers = frozenset(PERSONAS) if variant.startswith("published") else side_staff
        w.secrets[number] = readers

    servant_file = CivilServantFactory.create(name="矩阵本人甲", agency=a, user=w.users["servant"])
    person_a = CivilServantFactory.create(name="矩阵公务员甲", agency=a)
    person_b = CivilServantFactory.create(name="矩阵公务员乙", agency=b)
    w.secrets["矩阵公务员甲"] = A_STAFF
    w.secrets["矩阵公务员乙"] = B_STAFF

    def job(agency: Any, clerk: Any, name: str) -> ImportJob:
        return ImportJob.objects.create(
            agency=agency,
            kind="penalty",
            file="imports/matrix.csv",
            original_name=name,
            created_by=clerk,
            state=ImportJob.State.FAILED,
            errors=[{"row": 2, "column": "决定文书号", "message": "重复"}],
        )

    job_a = job(a, w.users["clerk_a"], "矩阵导入甲.csv")
    job_b = job(b, w.users["clerk_b"], "矩阵导入乙.csv")
    w.secrets["矩阵导入甲.csv"] = A_STAFF
    w.secrets["矩阵导入乙.csv"] = B_STAFF

    notice_a = Notification.objects.create(
        recipient=w.users["clerk_a"], kind="test", subject="矩阵通知甲", key="matrix-a"
    )
    notice_b = Notification.objects.create(
        recipient=w.users["clerk_b"], kind="test", subject="矩阵通知乙", key="matrix-b"
    )
    w.secrets["矩阵通知甲"] = frozenset({"clerk_a"})
    w.secrets["矩阵通知乙"] = frozenset({"clerk_b"})

    pledge_a = Pledge.objects.create(agency=a, title="矩阵承诺甲")
    pledge_b = Pledge.objects.create(agency=b, title="矩阵承诺乙")
    token = Token.objects.create(user=w.users["reviewer_a"])
    w.secrets[token.key] = frozenset({"super"})
    inactive = AgencyFactory.create(name="矩阵已撤销机关", is_active=False)
    with transaction.atomic():
        event = audit_record(action="matrix.test", actor=w.users["office"], object_repr="矩阵审计")
    # Credit records: one per state of A (the draft with an evidence file), a draft of B, and a
    # published record of A taken down (the takedown log).
    for variant in RECORD_VARIANTS:
        number = f"矩阵信〔2026〕{variant}号"
        w.records[variant] = make_credit_record(w, variant, document_number=number)
        readers = A_STAFF if variant.endswith("_a") else B_STAFF
        w.secrets[number] = frozenset(PERSONAS) if variant.startswith("published") else readers
    evidence = evidence_add(
        record=w.records["draft_a"],
        actor=w.users["clerk_a"],
        upload=SimpleUploadedFile("矩阵证明甲.pdf", b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"),
    )
    w.secrets["矩阵证明甲.pdf"] = A_STAFF
    sanction_a = make_sanction(w, "open_a", document_number="矩阵惩〔2026〕甲号")
    sanction_b = make_sanction(w, "open_b", document_number="矩阵惩〔2026〕乙号")
    w.secrets["矩阵惩〔2026〕甲号"] = A_STAFF
    w.secrets["矩阵惩〔2026〕乙号"] = B_STAFF
    taken_down = make_credit_record(w, "published_a")
    with transaction.atomic():
        record_take_down(taken_down, reason=TakedownReason.REPAIRED, actor=w.users["office"])
    # The sharing outbox: the taken-down record's publication, failed for good (a replay is possible).
    sharing = SharingMessage.objects.get(idempotency_key=f"records.creditrecord:{taken_down.pk}:publish")
    SharingMessage.objects.filter(pk=sharing.pk).update(state=SharingMessage.State.DEAD, attempts=8)
    fact = IntegrityFact.objects.create(
        agency=a,
        kind=IntegrityFact.Kind.LATE_PUBLICATION,
        object_type="disclosure.administrativeaction",
        object_id=str(w.actions["draft_a"].pk),
        occurred_on=timezone.localdate(),
    )
    # Commitments: one per state of A, a draft and a published one of B; progress with evidence on
    # the published ones. The responsible persons are 矩阵公务员甲/乙 (their names are secrets).
    w.objects.update({"person_a": person_a, "person_b": person_b})
    for variant in COMMITMENT_VARIANTS:
        title = f"矩阵承诺{variant}"
        w.commitments[variant] = make_commitment_variant(w, variant, title=title)
        readers = A_STAFF if variant.endswith("_a") else B_STAFF
        w.secrets[title] = frozenset(PERSONAS) if variant.startswith("published") else readers
    progress = {}
    for side in ("a", "b"):
        name = f"矩阵进展证明{side}.pdf"
        progress[side] = progress_add(
            actor=w.users[f"clerk_{side}"],
            data={
                "commitment": w.commitments[f"published_{side}"],
                "reported_on": timezone.localdate(),
                "description": f"矩阵进展{side}",
            },
            upload=SimpleUploadedFile(name, b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"),
        )
        w.secrets[name] = A_STAFF if side == "a" else B_STAFF
    # Sign-in security: a failed sign-in of someone, and the TOTP device of a staff member who is
    # no persona (a persona with a device would have to pass the second factor).
    device_owner = make(username="m_device_owner", agency=a, is_staff=True, role=Role.CLERK)
    device = TOTPDevice.objects.create(user=device_owner, name="矩阵验证器", confirmed=True)
    w.secrets[device.key] = frozenset()  # the hex secret is shown to no one
    attempt_fields = {"user_agent": "matrix", "ip_address": "192.0.2.7", "http_accept": "*/*", "path_info": "/admin/"}
    attempt = AccessAttempt.objects.create(
        username="矩阵登录者", get_data="", post_data="", failures_since_start=1, **attempt_fields
    )
    access_log = AccessLog.objects.create(username="矩阵登录者", **attempt_fields)
    failure_log = AccessFailureLog.objects.create(username="矩阵登录者", **attempt_fields)
    w.secrets["矩阵登录者"] = frozenset({"super"})
    day = CalendarDay.objects.order_by("date").filter(date__year=2026).first()
    year = CalendarYear.objects.order_by("-year").first()
    # Objections (issue 10): the persona's own record with its open objection and a PDF, and
    # another civil servant's (of the same agency, with an account) with theirs.
    from objections.services.objections import objection_file
    from tests.records.conftest import servant_record_data

    def servant_record(person: Any, number: str) -> CreditRecord:
        data = servant_record_data(person, document_number=number)
        record = record_move(
            record_create(actor=w.users["clerk_a"], data=data), move="submit", actor=w.users["clerk_a"]
        )
        return record_move(record, move="publish", actor=w.users["reviewer_a"])

    other_user = make(username="m_servant_c", role=Role.CIVIL_SERVANT)
    other_person = CivilServantFactory.create(name="矩阵公务员丙", agency=a, user=other_user)
    own_record = servant_record(servant_file, "矩阵本人〔2026〕1号")
    others_record = servant_record(other_person, "矩阵他人〔2026〕1号")
    w.secrets["矩阵本人〔2026〕1号"] = A_STAFF | {"servant"}
    w.secrets["矩阵他人〔2026〕1号"] = A_STAFF
    pdf = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    objections = {}
    for side, user, record in (("own", w.users["servant"], own_record), ("others", other_user, others_record)):
        objections[side] = objection_file(
            actor=user,
            record_id=record.pk,
            reasons=f"矩阵异议理由{side}：记录与事实不符，请核实。",
            uploads=[SimpleUploadedFile(f"矩阵异议{side}.pdf", pdf)],
        )
    w.secrets[objections["own"].query_code] = A_STAFF | {"servant"}
    w.secrets[objections["others"].query_code] = A_STAFF
    w.secrets["矩阵异议others.pdf"] = A_STAFF
    # Credit repair (issue 10, item 7): an eligible dishonesty record of each civil servant (its
    # minimum publicity period long over) with an open request and its evidence file.
    from objections.services.repair import repair_file

    def repairable(person: Any, number: str) -> CreditRecord:
        data = servant_record_data(
            person,
            document_number=number,
            category="disciplinary_sanction",
            polarity="dishonest",
            tier="general",
            decision_date=timezone.localdate() - dt.timedelta(days=200),
        )
        record = record_move(
            record_create(actor=w.users["clerk_a"], data=data), move="submit", actor=w.users["clerk_a"]
        )
        return record_move(record, move="publish", actor=w.users["reviewer_a"])

    repairs = {}
    for side, user, person in (("own", w.users["servant"], servant_file), ("others", other_user, other_person)):
        repairs[side] = repair_file(
            actor=user,
            record_id=repairable(person, f"矩阵修复{side}〔2026〕1号").pk,
            statement=f"矩阵修复说明{side}：已全面履行整改义务。",
            commitment_accepted=True,
            uploads=[SimpleUploadedFile(f"矩阵修复{side}.pdf", pdf)],
        )
    w.secrets["矩阵修复说明others"] = A_STAFF
    w.secrets["矩阵修复others.pdf"] = A_STAFF

    # The evaluation, two issued reports (an agency's, a civil servant's) and an API client.
    evaluation_run(as_of=timezone.localdate())
    report_agency = report_issue(content=agency_report_content(a))
    report_servant = report_issue(content=civil_servant_report_content(person_a), requested_by=w.users["office"])
    api_client, api_token = api_client_issue(
        actor=w.users["office"], name="矩阵接口客户", department=b, purpose="矩阵用途", scope_reports=["agency"]
    )
    w.secrets[api_token] = frozenset()  # only its hash is stored; shown once, on creation
    w.objects = {
        **w.objects,
        "commitment_a": w.commitments["draft_a"],
        "commitment_published_a": w.commitments["published_a"],
        "commitment_b": w.commitments["draft_b"],
        "progress_a": progress["a"],
        "progress_b": progress["b"],
        "me_record_own": own_record,
        "me_record_others": others_record,
        "me_objection_own": objections["own"],
        "me_objection_others": objections["others"],
        "me_evidence_own": objections["own"].evidence.get(),
        "me_evidence_others": objections["others"].evidence.get(),
        "me_repair_own": repairs["own"],
        "me_repair_others": repairs["others"],
        "me_repair_evidence_own": repairs["own"].evidence.get(),
        "me_repair_evidence_others": repairs["others"].evidence.get(),
        "servant_file": servant_file,
        "person_a": person_a,
        "person_b": person_b,
        "job_a": job_a,
        "job_b": job_b,
        "notice_a": notice_a,
        "notice_b": notice_b,
        "pledge_a": pledge_a,
        "pledge_b": pledge_b,
        "token": TokenProxy.objects.get(pk=token.pk),
        "group": Group.objects.get(name=Role.CLERK.value),
        "inactive_agency": inactive,
        "event": event,
        "day": day,
        "year": year,
        "action_ct": ContentType.objects.get_for_model(AdministrativeAction),
        "servant_ct": ContentType.objects.get_for_model(CivilServant),
        "record_a": w.records["draft_a"],
        "record_published_a": w.records["published_a"],
        "record_b": w.records["draft_b"],
        "evidence_a": evidence,
        "sanction_a": sanction_a,
        "sanction_b": sanction_b,
        "takedown": RecordTakedown.objects.get(record=taken_down),
        "sharing": sharing,
        "fact": fact,
        "device": device,
        "attempt": attempt,
        "access_log": access_log,
        "failure_log": failure_log,
        "snapshot": EvaluationSnapshot.objects.filter(agency=a).first(),
        "report_agency": report_agency,
        "report_servant": report_servant,
        "api_client": api_client,
    }
    return w


def snapshot() -> dict[str, Any]:
    """Everything a request could change that matters: rows, states, stamps, counts."""
    return {
        "actions": list(
            AdministrativeAction.objects.order_by("pk").values_list(
                "pk", "status", "submitted_by", "reviewed_by", "published_at", "last_edited_by", "left_public_at"
            )
        ),
        "pledges": list(Pledge.objects.order_by("pk").values_list("pk", "status")),
        "commitments": list(
            Commitment.objects.order_by("pk").values_list(
                "pk", "status", "fulfilment", "submitted_by", "reviewed_by", "published_at", "last_edited_by", "title"
            )
        ),
        "objections": list(Objection.objects.order_by("pk").values_list("pk", "status", "outcome", "due_on")),
        "repairs": list(RepairRequest.objects.order_by("pk").values_list("pk", "status", "decided_at")),
        "records": list(
            CreditRecord.objects.order_by("pk").values_list(
                "pk", "status", "version", "submitted_by", "reviewed_by", "published_at", "left_public_at"
            )
        ),
        "users": list(
            User.objects.order_by("pk").values_list("pk", "is_active", "is_staff", "is_superuser", "password")
        ),
        "agencies": list(Agency.objects.order_by("pk").values_list("pk", "is_active", "name")),
        "servants": list(CivilServant.objects.order_by("pk").values_list("pk", "agency", "user", "name")),
        "sanctions": list(Sanction.objects.order_by("pk").values_list("pk", "version", "lifted_at", "completed_on")),
        "calendar": list(CalendarDay.objects.order_by("date").values_list("date", "kind")),
        "counts": [
            m.objects.count()
            for m in (
                IssuedReport,
                EvaluationSnapshot,
                AuditEvent,
                Notification,
                ImportJob,
                Takedown,
                Token,
                Group,
                AdministrativeAction,
                CreditRecord,
                Evidence,
                RecordTakedown,
                IntegrityFact,
                AccessAttempt,
                ProgressUpdate,
            )
        ],
        # The enrolment page's GET makes the user's pending (unconfirmed) device: only confirmed ones count.
        "devices": list(TOTPDevice.objects.filter(confirmed=True).order_by("pk").values_list("pk", "user", "key")),
    }


# --- asking --------------------------------------------------------------------------------


def status_of(response: Any) -> int | str:
    if response.status_code == 302 and response.get("Location", "").startswith("/admin/login/"):
        return LOGIN
    return int(response.status_code)


def body_of(response: Any) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def ask(
    client: Client, method: str, url: str, data: Any = None, prepare: Callable[[], None] | None = None
) -> tuple[int | str, str]:
    cache.clear()  # the page cache and the throttle would otherwise answer for the view
    if prepare:
        prepare()
    if method == "get":
        response = client.get(url)
    else:
        payload = json.dumps(data if data is not None else {}, cls=DjangoJSONEncoder)
        response = getattr(client, method)(url, payload, content_type="application/json")
    return status_of(response), body_of(response)


def leaks(world: World, persona: str, body: str) -> list[str]:
    return [text for text, readers in world.secrets.items() if persona not in readers and text in body]


def record_body(world: World, operation: Operation, variant: str | None = None) -> dict[str, Any] | None:
    """A valid body for the record writes: a record in the file of the variant's agency (A for a
    new one), as its clerk would send it (an update names version 1, that of a fresh record)."""
    if operation.path.endswith(("/return/", "/revoke/")):
        return {"reason": "矩阵理由"}
    if operation.method in {"post", "put", "patch"} and not operation.path.endswith(("/submit/", "/publish/")):
        agency = world.agency_b if variant and variant.endswith("_b") else world.agency_a
        data = agency_record_data(agency, document_number=f"矩阵信〔2026〕{next(_record_serials)}号")
        plain = {k: (v.pk if hasattr(v, "pk") else v) for k, v in data.items()}
        body: dict[str, Any] = json.loads(json.dumps(plain, cls=DjangoJSONEncoder))
        if operation.method != "post":
            body["version"] = 1
        return body
    return None


def commitment_body(world: World, operation: Operation, variant: str | None = None) -> dict[str, Any] | None:
    """A valid body for the commitment writes: a commitment of the variant's agency (A for a new
    one) with its parts, as its clerk would send it."""
    if operation.path.endswith(("/return/", "/revoke/")):
        return {"reason": "矩阵理由"}
    if operation.method in {"post", "put", "patch"} and not operation.path.endswith(("/submit/", "/publish/")):
        side = "b" if variant and variant.endswith("_b") else "a"
        agency = world.agency_a if side == "a" else world.agency_b
        data = commitment_data(
            agency, world.objects[f"person_{side}"], title=f"矩阵承诺事项{next(_commitment_serials)}"
        )
        plain = {k: (v.pk if hasattr(v, "pk") else v) for k, v in {**data, **parts()}.items()}
        body: dict[str, Any] = json.loads(json.dumps(plain, cls=DjangoJSONEncoder))
        return body
    return None


def api_body(operation: Operation) -> dict[str, Any] | None:
    """A valid request body for the write operations: what a clerk of the agency would send."""
    if operation.path.endswith(("/return/", "/revoke/")):
        return {"reason": "矩阵理由"}
    if operation.method in {"post", "put", "patch"} and not operation.path.endswith(("/submit/", "/publish/")):
        data = penalty_data()
        data["decision_date"] = (timezone.localdate() - dt.timedelta(days=2)).isoformat()
        return data
    return None
