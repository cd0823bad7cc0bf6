"""The authorisation matrix (issue 7, item 13): every URL and API operation × every persona.

The URLs come from the resolver (`django.urls.get_resolver()`, walked through every include,
the admin's model URLs included) and the API operations from drf-spectacular's schema, so a
URL or an operation that a new app (records, objections, commitments) adds is found the day
it lands, and **fails this suite until it has its rows in ``EXPECTED``**. A row that names a
URL or an operation that no longer exists fails too.

``EXPECTED`` is the one table: its key is the URL name (``"admin:core_agency_change"``; an
unnamed pattern is ``"route:<pattern>"``) or the operation (``"POST /api/v1/…/{id}/publish/"``),
followed by ``[variant]`` when the URL takes parameters; its value is the status each persona
gets, in the order of ``matrix.PERSONAS``:

    anon, servant, clerk_a, reviewer_a, clerk_b, staff_a (role-less), overseer, office, super

``LOGIN`` is a redirect to the admin's sign-in page; ``302`` any other redirect (the admin
answers an object outside the user's queryset with a redirect to its index). Every URL is
asked with GET; every API operation with its own method and, for writes, a valid body, on a
fresh object of the variant, so one persona's success does not change what the next one finds.
Every 2xx body is also searched for texts of objects the persona may not read (another
agency's document numbers, civil servants, import files, another user's notices, a natural
person's full name, a token): a list that shows a foreign row fails even when its status is
right.

How to add a URL or an operation:
1. Run this module; the failure lists the keys without a row.
2. If the URL takes parameters, add its variants to ``URL_VARIANTS`` (or the operation's to
   ``OPERATION_VARIANTS``): a name and how to fill the parameters from the world's objects
   (own and other agency, own and other person).
3. Add one row per key to ``EXPECTED`` with what each persona SHOULD get. Where the code does
   something else today, keep the row right and list the cell in ``KNOWN_DEFECTS`` with the
   reason; that entry must go when the defect is fixed (the suite fails on a known defect that
   no longer happens, like a strict xfail).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.urls import reverse

from tests.security.matrix import (
    ACTION_VARIANTS,
    COMMITMENT_VARIANTS,
    LOGIN,
    PERSONAS,
    RECORD_VARIANTS,
    SANCTION_VARIANTS,
    Operation,
    Route,
    World,
    api_body,
    api_operations,
    ask,
    build_world,
    commitment_body,
    leaks,
    make_action,
    make_commitment_variant,
    make_credit_record,
    make_sanction,
    record_body,
    sanction_body,
    snapshot,
    url_routes,
)

Kwargs = Callable[[World], dict[str, Any]]


def _const(**kwargs: Any) -> Kwargs:
    return lambda w: kwargs


def _action_pk(param: str, variant: str) -> Kwargs:
    return lambda w: {param: w.actions[variant].pk}


def _object_pk(param: str, name: str) -> Kwargs:
    return lambda w: {param: w.objects[name].pk}


def _actions(param: str, variants: tuple[str, ...] = ACTION_VARIANTS) -> dict[str, Kwargs]:
    return {v: _action_pk(param, v) for v in variants}


def _record_pk(param: str, variant: str) -> Kwargs:
    return lambda w: {param: w.records[variant].pk}


def _records(param: str, variants: tuple[str, ...] = RECORD_VARIANTS) -> dict[str, Kwargs]:
    return {v: _record_pk(param, v) for v in variants}


def _commitment_pk(param: str, variant: str) -> Kwargs:
    return lambda w: {param: w.commitments[variant].pk}


def _commitments(param: str, variants: tuple[str, ...] = COMMITMENT_VARIANTS) -> dict[str, Kwargs]:
    return {v: _commitment_pk(param, v) for v in variants}


def _decision(variant: str) -> Kwargs:
    return lambda w: {"kind": "decision", "pk": w.actions[variant].pk}


COUNTERPARTY_PAGES = (
    "objections:counterparty_identify",
    "objections:counterparty_file",
    "objections:counterparty_repair_file",
)


def _objects(param: str, *names: str) -> dict[str, Kwargs]:
    return {n: _object_pk(param, n) for n in names}


def _users(param: str) -> dict[str, Kwargs]:
    return {
        "user_a": lambda w: {param: w.users["clerk_a"].pk},
        "user_b": lambda w: {param: w.users["clerk_b"].pk},
        "user_super": lambda w: {param: w.users["super"].pk},
    }


def _agencies(param: str) -> dict[str, Kwargs]:
    return {"agency_a": lambda w: {param: w.agency_a.pk}, "agency_b": lambda w: {param: w.agency_b.pk}}


FEW_ACTIONS = ("draft_a", "published_a", "draft_b")

# Per admin model: how to fill <object_id> for its change, history, delete and bare URLs.
_ADMIN_OBJECTS: dict[str, dict[str, Kwargs]] = {
    "auth_group": _objects("object_id", "group"),
    "authtoken_tokenproxy": _objects("object_id", "token"),
    "core_agency": _agencies("object_id"),
    "core_user": _users("object_id"),
    "core_civilservant": _objects("object_id", "person_a", "person_b", "servant_file"),
    "core_calendaryear": _objects("object_id", "year"),
    "core_calendarday": {"day": lambda w: {"object_id": w.objects["day"].date.isoformat()}},
    "core_auditevent": _objects("object_id", "event"),
    "core_notification": _objects("object_id", "notice_a", "notice_b"),
    "disclosure_administrativeaction": _actions("object_id", FEW_ACTIONS),
    "disclosure_importjob": _objects("object_id", "job_a", "job_b"),
    "workflow_app_pledge": _objects("object_id", "pledge_a", "pledge_b"),
    "axes_accessattempt": _objects("object_id", "attempt"),
    "axes_accesslog": _objects("object_id", "access_log"),
    "axes_accessfailurelog": _objects("object_id", "failure_log"),
    "otp_totp_totpdevice": _objects("object_id", "device"),
    "records_creditrecord": _objects("object_id", "record_a", "record_published_a", "record_b"),
    "records_integrityfact": _objects("object_id", "fact"),
    "records_recordtakedown": _objects("object_id", "takedown"),
    "core_sharingmessage": _objects("object_id", "sharing"),
    "commitments_commitment": _objects("object_id", "commitment_a", "commitment_published_a", "commitment_b"),
    "commitments_progressupdate": _objects("object_id", "progress_a", "progress_b"),
    "objections_objection": _objects("object_id", "me_objection_own", "me_objection_others"),
    "objections_repairrequest": _objects("object_id", "me_repair_own", "me_repair_others"),
    "records_sanction": _objects("object_id", "sanction_a", "sanction_b"),
    "records_evaluationsnapshot": _objects("object_id", "snapshot"),
    "records_issuedreport": _objects("object_id", "report_agency", "report_servant"),
    "records_apiclient": _objects("object_id", "api_client"),
}


def _code(name: str) -> Kwargs:
    return lambda w: {"code": w.objects[name].code}


_REPORT_CODES: dict[str, Kwargs] = {"agency": _code("report_agency"), "servant": _code("report_servant")}


def _admin_path(model_key: str) -> str:
    """``workflow_app_pledge`` -> ``workflow_app/pledge``: the app label is all but the last part."""
    app, _, model = model_key.rpartition("_")
    return f"{app}/{model}"


URL_VARIANTS: dict[str, dict[str, Kwargs]] = {
    **{f"admin:{m}_{view}": v for m, v in _ADMIN_OBJECTS.items() for view in ("history", "delete")},
    **{f"admin:{m}_change": v for m, v in _ADMIN_OBJECTS.items()},
    **{f"route:admin/{_admin_path(m)}/<path:object_id>/": v for m, v in _ADMIN_OBJECTS.items()},
    "admin:disclosure_administrativeaction_change": _actions("object_id"),
    "admin:auth_user_password_change": _users("id"),
    "admin:view_on_site": {
        "action_draft_b": lambda w: {
            "content_type_id": w.objects["action_ct"].pk,
            "object_id": w.actions["draft_b"].pk,
        },
        "servant_b": lambda w: {"content_type_id": w.objects["servant_ct"].pk, "object_id": w.objects["person_b"].pk},
    },
    "admin:app_list": {
        label: _const(app_label=label)
        for label in ("auth", "core", "disclosure", "records", "commitments", "objections", "axes", "otp_totp")
    },
    "route:admin/(?P<url>.*)$": {"unknown": lambda w: {"url": "no-such-page/"}},
    "admin:disclosure_administrativeaction_move": {
        "publish_submitted_a": lambda w: {"pk": w.actions["submitted_a"].pk, "move": "publish"},
        "submit_draft_a": lambda w: {"pk": w.actions["draft_a"].pk, "move": "submit"},
        "submit_draft_b": lambda w: {"pk": w.actions["draft_b"].pk, "move": "submit"},
    },
    "admin:workflow_app_pledge_move": {"submit_a": lambda w: {"pk": w.objects["pledge_a"].pk, "move": "submit"}},
    "admin:disclosure_action_template": {"penalty": lambda w: {"kind": "penalty"}},
    "admin:disclosure_action_template_xlsx": {"penalty": lambda w: {"kind": "penalty"}},
    "admin:disclosure_action_id_number": _actions("pk", ("published_a", "draft_b")),
    "admin:disclosure_action_tier": _actions("pk", ("submitted_a", "draft_b")),
    "admin:disclosure_importjob_confirm": _objects("pk", "job_a", "job_b"),
    "admin:otp_totp_totpdevice_config": _objects("pk", "device"),
    "admin:otp_totp_totpdevice_qrcode": _objects("pk", "device"),
    "admin:records_evidence_download": _objects("pk", "evidence_a"),
    "admin:records_file_agency": _agencies("pk"),
    "admin:records_creditrecord_template": {f: _const(fmt=f) for f in ("csv", "xlsx")},
    "admin:records_file_servant": _objects("pk", "person_a", "person_b", "servant_file"),
    "admin:records_creditrecord_move": {
        "publish_submitted_a": lambda w: {"pk": w.records["submitted_a"].pk, "move": "publish"},
        "submit_draft_a": lambda w: {"pk": w.records["draft_a"].pk, "move": "submit"},
        "submit_draft_b": lambda w: {"pk": w.records["draft_b"].pk, "move": "submit"},
    },
    "admin:disclosure_importjob_errors": _objects("pk", "job_a", "job_b"),
    "admin:commitments_commitment_move": {
        "publish_submitted_a": lambda w: {"pk": w.commitments["submitted_a"].pk, "move": "publish"},
        "submit_draft_a": lambda w: {"pk": w.commitments["draft_a"].pk, "move": "submit"},
        "submit_draft_b": lambda w: {"pk": w.commitments["draft_b"].pk, "move": "submit"},
    },
    "admin:commitments_commitment_outcome": {
        "fulfilled_published_a": lambda w: {"pk": w.commitments["published_a"].pk, "outcome": "fulfilled"},
        "breached_published_a": lambda w: {"pk": w.commitments["published_a"].pk, "outcome": "breached"},
        "fulfilled_draft_a": lambda w: {"pk": w.commitments["draft_a"].pk, "outcome": "fulfilled"},
        "fulfilled_published_b": lambda w: {"pk": w.commitments["published_b"].pk, "outcome": "fulfilled"},
    },
    "admin:commitments_progress_evidence": _objects("pk", "progress_a", "progress_b"),
    "commitments:detail": _commitments("pk"),
    "api-staff-commitment-detail": _commitments("pk"),
    **{
        f"api-staff-commitment-{m}": _commitments("pk", ("submitted_a", "draft_b"))
        for m in ("publish", "return-", "revoke", "submit")
    },
    "admin:records_civilservant_report": _objects("pk", "person_a", "person_b"),
    "records:agency-report": {
        "agency_a": lambda w: {"uscc": w.agency_a.uscc},
        "inactive": lambda w: {"uscc": w.objects["inactive_agency"].uscc},
    },
    "api-agency-credit-report": {"agency_a": lambda w: {"uscc": w.agency_a.uscc}},
    "api-company-credit-report": {"company": lambda w: {"uscc": w.actions["published_b"].counterparty_uscc}},
    "records:report": _REPORT_CODES,
    "records:report-pdf": _REPORT_CODES,
    "records:verify": {**_REPORT_CODES, "unknown": _const(code="0000-0000-0000-0000")},
    "disclosure:subject-report": {
        "company": lambda w: {"uscc": w.actions["published_b"].counterparty_uscc},
        "unpublished": lambda w: {"uscc": w.actions["draft_b"].counterparty_uscc},
    },
    "core:language": {code: _const(code=code) for code in ("en", "zh-hans")},
    "core:password_set": {"invalid_link": _const(uidb64="MQ", token="set-password")},
    "admin:core_civilservant_sign_in": _objects("object_id", "person_a", "person_b", "servant_file"),
    "admin:objections_evidence_download": _objects("pk", "me_evidence_own", "me_evidence_others"),
    "objections:record": _objects("pk", "me_record_own", "me_record_others"),
    "objections:file": _objects("pk", "me_record_own", "me_record_others"),
    "objections:detail": _objects("pk", "me_objection_own", "me_objection_others"),
    "objections:evidence": _objects("pk", "me_evidence_own", "me_evidence_others"),
    "api-me-record-detail": _objects("pk", "me_record_own", "me_record_others"),
    "api-me-objection-detail": _objects("pk", "me_objection_own", "me_objection_others"),
    "admin:objections_repair_evidence_download": _objects("pk", "me_repair_evidence_own", "me_repair_evidence_others"),
    "objections:repair_file": _objects("pk", "me_record_own", "me_record_others"),
    "objections:repair_detail": _objects("pk", "me_repair_own", "me_repair_others"),
    "objections:repair_evidence": _objects("pk", "me_repair_evidence_own", "me_repair_evidence_others"),
    # A counterparty's pages: a published decision, and one that is not public.
    **{name: {v: _decision(v) for v in ("published_a", "draft_b")} for name in COUNTERPARTY_PAGES},
    "api-me-repair-detail": _objects("pk", "me_repair_own", "me_repair_others"),
    "disclosure:detail": _actions("pk"),
    "disclosure:agency": {
        "agency_a": lambda w: {"uscc": w.agency_a.uscc},
        "inactive": lambda w: {"uscc": w.objects["inactive_agency"].uscc},
    },
    "disclosure:subject": {
        "company": lambda w: {"uscc": w.actions["published_b"].counterparty_uscc},
        "unpublished": lambda w: {"uscc": w.actions["draft_b"].counterparty_uscc},
        "natural_person": lambda w: {"uscc": w.actions["published_a"].id_number},
    },
    "api-disclosure-detail": _actions("pk"),
    "api-staff-action-detail": _actions("pk"),
    **{
        f"api-staff-action-{m}": _actions("pk", ("submitted_a", "draft_b"))
        for m in ("publish", "return-", "revoke", "submit")
    },
    "api-staff-record-detail": _records("pk"),
    "api-staff-sanction-detail": _objects("pk", "sanction_a", "sanction_b"),
    "api-staff-sanction-lift": _objects("pk", "sanction_a", "sanction_b"),
    **{
        f"api-staff-record-{m}": _records("pk", ("submitted_a", "draft_b"))
        for m in ("publish", "return-", "revoke", "submit")
    },
}

RECORDS_API = "/api/v1/staff/records/"
COMMITMENTS_API = "/api/v1/staff/commitments/"
SANCTIONS_API = "/api/v1/staff/sanctions/"
# {id} operations take every action variant, those of the records API every record variant.
ME_API = "/api/v1/me/"
OPERATION_VARIANTS: dict[str, tuple[str, ...]] = {
    "GET /api/v1/me/records/{id}/": ("me_record_own", "me_record_others"),
    "GET /api/v1/me/objections/{id}/": ("me_objection_own", "me_objection_others"),
    "GET /api/v1/me/repairs/{id}/": ("me_repair_own", "me_repair_others"),
    "GET /api/v1/agencies/{uscc}/credit-report/": ("agency_a",),
    "GET /api/v1/companies/{uscc}/credit-report/": ("company",),
}
# The credit-report API is for API clients' tokens: every persona's session gets 401.
USCC_OF: dict[str, Callable[[World], str]] = {
    "agency_a": lambda w: w.agency_a.uscc,
    "company": lambda w: w.actions["published_b"].counterparty_uscc,
}
OPERATION_QUERY: dict[str, str | Callable[[World], str]] = {
    "GET /api/v1/workdays/deadline/": "?start=2026-09-30&days=7",
    "GET /api/v1/staff/sanctions/restrictions/": lambda w: f"?agency={w.agency_a.uscc}",
}


def operation_query(op: Operation, world: World) -> str:
    query = OPERATION_QUERY.get(op.key, "")
    return query(world) if callable(query) else query


def me_body(world: World, op: Operation) -> dict[str, Any] | None:
    """A new objection to a fresh published record of the persona ``servant``'s own file."""
    if op.method != "post":
        return None
    from records.services.records import record_create, record_move
    from tests.records.conftest import servant_record_data

    clerk, reviewer = world.users["clerk_a"], world.users["reviewer_a"]
    record = record_create(actor=clerk, data=servant_record_data(world.objects["servant_file"]))
    record = record_move(record_move(record, move="submit", actor=clerk), move="publish", actor=reviewer)
    if op.path.startswith(f"{ME_API}repairs/"):
        # JSON carries no evidence file: the servant's answer is a 400 naming `evidence_files`
        # (multipart creation: tests/objections/test_repair_pages.py).
        return {"record": record.pk, "statement": "矩阵修复：已履行全部义务。", "commitment_accepted": True}
    return {"record": record.pk, "reasons": "矩阵异议：记录与事实不符，请核实。"}


def route_cells(route: Route) -> list[str]:
    if not route.params:
        return [route.key]
    return [f"{route.key}[{v}]" for v in URL_VARIANTS.get(route.key, {})]


def operation_variants(op: Operation) -> tuple[str, ...]:
    if op.path.startswith(COMMITMENTS_API):
        return OPERATION_VARIANTS.get(op.key, COMMITMENT_VARIANTS[:4])
    if op.path.startswith(SANCTIONS_API):
        return OPERATION_VARIANTS.get(op.key, SANCTION_VARIANTS)
    default = RECORD_VARIANTS if op.path.startswith(RECORDS_API) else ACTION_VARIANTS
    return OPERATION_VARIANTS.get(op.key, default)


def operation_cells(op: Operation) -> list[str]:
    if not op.params:
        return [op.key]
    return [f"{op.key}[{v}]" for v in operation_variants(op)]


def _operation_pk(op: Operation, world: World, variant: str) -> int:
    """The object of the variant: a fresh one for a write, so one persona's success does not
    change what the next one finds."""
    if op.path.startswith(ME_API):
        return int(world.objects[variant].pk)
    if op.path.startswith(RECORDS_API):
        return (make_credit_record(world, variant) if op.method != "get" else world.records[variant]).pk
    if op.path.startswith(COMMITMENTS_API):
        return (make_commitment_variant(world, variant) if op.method != "get" else world.commitments[variant]).pk
    if op.path.startswith(SANCTIONS_API):
        fixed = world.objects[f"sanction_{variant.rsplit('_', 1)[1]}"]
        return (make_sanction(world, variant) if op.method != "get" else fixed).pk
    return (make_action(world, variant) if op.method != "get" else world.actions[variant]).pk


def _fill(pattern: str, kwargs: dict[str, Any]) -> str:
    def value(match: re.Match[str]) -> str:
        return str(kwargs[match.group(1)])

    url = re.sub(r"<(?:\w+:)?(\w+)>", value, pattern)
    url = re.sub(r"\(\?P<(\w+)>[^)]*\)", value, url)
    return "/" + url.replace("^", "").replace("$", "")


def route_url(route: Route, world: World, variant: str | None) -> str:
    kwargs = URL_VARIANTS[route.key][variant](world) if variant else {}
    if route.name:
        return reverse(route.name, kwargs=kwargs)
    return _fill(route.pattern, kwargs)


# fmt: off
# Statuses per persona: anon, servant, clerk_a, reviewer_a, clerk_b, staff_a, overseer, office, super
EXPECTED: dict[str, tuple[int | str, ...]] = {
    "healthz": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "readyz": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "set_language": (302, 302, 302, 302, 302, 302, 302, 302, 302),
    "api-workdays-deadline": (400, 400, 400, 400, 400, 400, 400, 400, 400),
    "api-disclosure-list": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "api-disclosure-detail[draft_a]": (404, 404, 404, 404, 404, 404, 404, 404, 404),
    "api-disclosure-detail[submitted_a]": (404, 404, 404, 404, 404, 404, 404, 404, 404),
    "api-disclosure-detail[returned_a]": (404, 404, 404, 404, 404, 404, 404, 404, 404),
    "api-disclosure-detail[published_a]": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "api-disclosure-detail[revoked_a]": (404, 404, 404, 404, 404, 404, 404, 404, 404),
    "api-disclosure-detail[expired_a]": (404, 404, 404, 404, 404, 404, 404, 404, 404),
    "api-disclosure-detail[draft_b]": (404, 404, 404, 404, 404, 404, 404, 404, 404),
    "api-disclosure-detail[published_b]": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "api-staff-action-list": (403, 403, 200, 200, 200, 403, 403, 200, 200),
    "api-staff-action-detail[draft_a]": (403, 403, 200, 200, 404, 403, 403, 200, 200),
    "api-staff-action-detail[submitted_a]": (403, 403, 200, 200, 404, 403, 403, 200, 200),
    "api-staff-action-detail[returned_a]": (403, 403, 200, 200, 404, 403, 403, 200, 200),
    "api-staff-action-detail[published_a]": (403, 403, 200, 200, 404, 403, 403, 200, 200),
    "api-staff-action-detail[revoked_a]": (403, 403, 200, 200, 404, 403, 403, 200, 200),
    "api-staff-action-detail[expired_a]": (403, 403, 200, 200, 404, 403, 403, 200, 200),
    "api-staff-action-detail[draft_b]": (403, 403, 404, 404, 200, 403, 403, 200, 200),
    "api-staff-action-detail[published_b]": (403, 403, 404, 404, 200, 403, 403, 200, 200),
    "api-staff-action-publish[submitted_a]": (403, 403, 405, 405, 405, 403, 403, 405, 405),
    "api-staff-action-publish[draft_b]": (403, 403, 405, 405, 405, 403, 403, 405, 405),
    "api-staff-action-return-[submitted_a]": (403, 403, 405, 405, 405, 403, 403, 405, 405),
    "api-staff-action-return-[draft_b]": (403, 403, 405, 405, 405, 403, 403, 405, 405),
    "api-staff-action-revoke[submitted_a]": (403, 403, 405, 405, 405, 403, 403, 405, 405),
    "api-staff-action-revoke[draft_b]": (403, 403, 405, 405, 405, 403, 403, 405, 405),
    "api-staff-action-submit[submitted_a]": (403, 403, 405, 405, 405, 403, 403, 405, 405),
    "api-staff-action-submit[draft_b]": (403, 403, 405, 405, 405, 403, 403, 405, 405),
    "api-staff-record-list": (403, 403, 200, 200, 200, 403, 403, 200, 200),
    "api-staff-record-detail[draft_a]": (403, 403, 200, 200, 404, 403, 403, 200, 200),
    "api-staff-record-detail[submitted_a]": (403, 403, 200, 200, 404, 403, 403, 200, 200),
    "api-staff-record-detail[published_a]": (403, 403, 200, 200, 404, 403, 403, 200, 200),
    "api-staff-record-detail[draft_b]": (403, 403, 404, 404, 200, 403, 403, 200, 200),
    "api-staff-record-publish[submitted_a]": (403, 403, 405, 405, 405, 403, 403, 405, 405),
    "api-staff-record-publish[draft_b]": (403, 403, 405, 405, 405, 403, 403, 405, 405),
    "api-staff-record-return-[submitted_a]": (403, 403, 405, 405, 405, 403, 403, 405, 405),
    "api-staff-record-return-[draft_b]": (403, 403, 405, 405, 405, 403, 403, 405, 405),
    "api-staff-record-revoke[submitted_a]": (403, 403, 405, 405, 405, 403, 403, 405, 405),
    "api-staff-record-revoke[draft_b]": (403, 403, 405, 405, 405, 403, 403, 405, 405),
    "api-staff-record-submit[submitted_a]": (403, 403, 405, 405, 405, 403, 403, 405, 405),
    "api-staff-record-submit[draft_b]": (403, 403, 405, 405, 405, 403, 403, 405, 405),
    "api-staff-sanction-list": (403, 403, 200, 200, 200, 403, 403, 200, 200),
    "api-staff-sanction-restrictions": (403, 403, 400, 400, 400, 403, 403, 400, 400),
    "api-staff-sanction-detail[sanction_a]": (403, 403, 200, 200, 404, 403, 403, 200, 200),
    "api-staff-sanction-detail[sanction_b]": (403, 403, 404, 404, 200, 403, 403, 200, 200),
    "api-staff-sanction-lift[sanction_a]": (403, 403, 405, 405, 405, 403, 403, 405, 405),
    "api-staff-sanction-lift[sanction_b]": (403, 403, 405, 405, 405, 403, 403, 405, 405),
    "schema": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "api-docs": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "admin:index": (LOGIN, LOGIN, 200, 200, 200, 200, 200, 200, 200),
    # The credit office's dashboard: a page nobody else has.
    "admin:dashboard": (LOGIN, LOGIN, 404, 404, 404, 404, 404, 200, 200),
    "admin:login": (200, 200, 302, 302, 302, 302, 302, 302, 302),
    "admin:logout": (302, 302, 405, 405, 405, 405, 405, 405, 405),
    "admin:password_change": (LOGIN, LOGIN, 200, 200, 200, 200, 200, 200, 200),
    "admin:password_change_done": (LOGIN, LOGIN, 200, 200, 200, 200, 200, 200, 200),
    "admin:autocomplete": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 403),
    "admin:jsi18n": (LOGIN, LOGIN, 200, 200, 200, 200, 200, 200, 200),
    "admin:view_on_site[action_draft_b]": (LOGIN, LOGIN, 404, 404, 404, 404, 404, 404, 404),
    "admin:view_on_site[servant_b]": (LOGIN, LOGIN, 404, 404, 404, 404, 404, 404, 404),
    "admin:auth_group_changelist": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 200),
    "admin:auth_group_add": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 200),
    "admin:auth_group_history[group]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 200),
    "admin:auth_group_delete[group]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 403),
    "admin:auth_group_change[group]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 200),
    "route:admin/auth/group/<path:object_id>/[group]": (LOGIN, LOGIN, 302, 302, 302, 302, 302, 302, 302),
    "admin:authtoken_tokenproxy_changelist": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 200),
    "admin:authtoken_tokenproxy_add": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 200),
    "admin:authtoken_tokenproxy_history[token]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 200),
    "admin:authtoken_tokenproxy_delete[token]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 200),
    "admin:authtoken_tokenproxy_change[token]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 200),
    "route:admin/authtoken/tokenproxy/<path:object_id>/[token]": (LOGIN, LOGIN, 302, 302, 302, 302, 302, 302, 302),
    "admin:axes_accessattempt_changelist": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 200),
    "admin:axes_accessattempt_add": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 403),
    "admin:axes_accessattempt_history[attempt]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 200),
    "admin:axes_accessattempt_delete[attempt]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 200),
    "admin:axes_accessattempt_change[attempt]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 200),
    "route:admin/axes/accessattempt/<path:object_id>/[attempt]": (LOGIN, LOGIN, 302, 302, 302, 302, 302, 302, 302),
    "admin:axes_accesslog_changelist": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 200),
    "admin:axes_accesslog_add": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 403),
    "admin:axes_accesslog_history[access_log]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 200),
    "admin:axes_accesslog_delete[access_log]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 200),
    "admin:axes_accesslog_change[access_log]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 200),
    "route:admin/axes/accesslog/<path:object_id>/[access_log]": (LOGIN, LOGIN, 302, 302, 302, 302, 302, 302, 302),
    "admin:axes_accessfailurelog_changelist": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 200),
    "admin:axes_accessfailurelog_add": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 403),
    "admin:axes_accessfailurelog_history[failure_log]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 200),
    "admin:axes_accessfailurelog_delete[failure_log]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 200),
    "admin:axes_accessfailurelog_change[failure_log]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 200),
    "route:admin/axes/accessfailurelog/<path:object_id>/[failure_log]": (LOGIN, LOGIN, 302, 302, 302, 302, 302, 302, 302),
    "admin:otp_totp_totpdevice_config[device]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 403),
    "admin:otp_totp_totpdevice_qrcode[device]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 403),
    "admin:otp_totp_totpdevice_changelist": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 200),
    "admin:otp_totp_totpdevice_add": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 200),
    "admin:otp_totp_totpdevice_history[device]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 200),
    "admin:otp_totp_totpdevice_delete[device]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 200),
    "admin:otp_totp_totpdevice_change[device]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 200),
    "route:admin/otp_totp/totpdevice/<path:object_id>/[device]": (LOGIN, LOGIN, 302, 302, 302, 302, 302, 302, 302),
    "admin:core_agency_changelist": (LOGIN, LOGIN, 200, 200, 200, 403, 200, 200, 200),
    "admin:core_agency_add": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 200, 200),
    "admin:core_agency_history[agency_a]": (LOGIN, LOGIN, 200, 200, 200, 403, 200, 200, 200),
    "admin:core_agency_history[agency_b]": (LOGIN, LOGIN, 200, 200, 200, 403, 200, 200, 200),
    "admin:core_agency_delete[agency_a]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 403),
    "admin:core_agency_delete[agency_b]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 403),
    "admin:core_agency_change[agency_a]": (LOGIN, LOGIN, 200, 200, 200, 403, 200, 200, 200),
    "admin:core_agency_change[agency_b]": (LOGIN, LOGIN, 200, 200, 200, 403, 200, 200, 200),
    "route:admin/core/agency/<path:object_id>/[agency_a]": (LOGIN, LOGIN, 302, 302, 302, 302, 302, 302, 302),
    "route:admin/core/agency/<path:object_id>/[agency_b]": (LOGIN, LOGIN, 302, 302, 302, 302, 302, 302, 302),
    "admin:auth_user_password_change[user_a]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 200, 200),
    "admin:auth_user_password_change[user_b]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 200, 200),
    "admin:auth_user_password_change[user_super]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 404, 200),
    "admin:core_user_changelist": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 200, 200),
    "admin:core_user_add": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 200, 200),
    "admin:core_user_history[user_a]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 200, 200),
    "admin:core_user_history[user_b]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 200, 200),
    "admin:core_user_history[user_super]": (LOGIN, LOGIN, 302, 302, 302, 302, 302, 302, 200),
    "admin:core_user_delete[user_a]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 403),
    "admin:core_user_delete[user_b]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 403),
    "admin:core_user_delete[user_super]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 403),
    "admin:core_user_change[user_a]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 200, 200),
    "admin:core_user_change[user_b]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 200, 200),
    "admin:core_user_change[user_super]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 302, 200),
    "route:admin/core/user/<path:object_id>/[user_a]": (LOGIN, LOGIN, 302, 302, 302, 302, 302, 302, 302),
    "route:admin/core/user/<path:object_id>/[user_b]": (LOGIN, LOGIN, 302, 302, 302, 302, 302, 302, 302),
    "route:admin/core/user/<path:object_id>/[user_super]": (LOGIN, LOGIN, 302, 302, 302, 302, 302, 302, 302),
    "admin:core_civilservant_changelist": (LOGIN, LOGIN, 200, 200, 200, 403, 403, 200, 200),
    "admin:core_civilservant_add": (LOGIN, LOGIN, 200, 403, 200, 403, 403, 200, 200),
    "admin:core_civilservant_history[person_a]": (LOGIN, LOGIN, 200, 200, 302, 302, 302, 200, 200),
    "admin:core_civilservant_history[person_b]": (LOGIN, LOGIN, 302, 302, 200, 302, 302, 200, 200),
    "admin:core_civilservant_history[servant_file]": (LOGIN, LOGIN, 200, 200, 302, 302, 302, 200, 200),
    "admin:core_civilservant_delete[person_a]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 403),
    "admin:core_civilservant_delete[person_b]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 403),
    "admin:core_civilservant_delete[servant_file]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 403),
    "admin:core_civilservant_change[person_a]": (LOGIN, LOGIN, 200, 200, 302, 403, 403, 200, 200),
    "admin:core_civilservant_change[person_b]": (LOGIN, LOGIN, 302, 302, 200, 403, 403, 200, 200),
    "admin:core_civilservant_change[servant_file]": (LOGIN, LOGIN, 200, 200, 302, 403, 403, 200, 200),
    "route:admin/core/civilservant/<path:object_id>/[person_a]": (LOGIN, LOGIN, 302, 302, 302, 302, 302, 302, 302),
    "route:admin/core/civilservant/<path:object_id>/[person_b]": (LOGIN, LOGIN, 302, 302, 302, 302, 302, 302, 302),
    "route:admin/core/civilservant/<path:object_id>/[servant_file]": (LOGIN, LOGIN, 302, 302, 302, 302, 302, 302, 302),
    "admin:core_calendaryear_upload": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 200, 200),
    "admin:core_calendaryear_changelist": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 200, 200),
    "admin:core_calendaryear_add": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 403),
    "admin:core_calendaryear_history[year]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 200, 200),
    "admin:core_calendaryear_delete[year]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 403),
    "admin:core_calendaryear_change[year]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 200, 200),
    "route:admin/core/calendaryear/<path:object_id>/[year]": (LOGIN, LOGIN, 302, 302, 302, 302, 302, 302, 302),
    "admin:core_calendarday_changelist": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 200, 200),
    "admin:core_calendarday_add": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 200, 200),
    "admin:core_calendarday_history[day]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 200, 200),
    "admin:core_calendarday_delete[day]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 403),
    "admin:core_calendarday_change[day]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 200, 200),
    "route:admin/core/calendarday/<path:object_id>/[day]": (LOGIN, LOGIN, 302, 302, 302, 302, 302, 302, 302),
    "admin:core_auditevent_changelist": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 200, 200),
    "admin:core_auditevent_add": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 403),
    "admin:core_auditevent_history[event]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 200, 200),
    "admin:core_auditevent_delete[event]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 403),
    "admin:core_auditevent_change[event]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 200, 200),
    "route:admin/core/auditevent/<path:object_id>/[event]": (LOGIN, LOGIN, 302, 302, 302, 302, 302, 302, 302),
    "admin:core_notification_changelist": (LOGIN, LOGIN, 200, 200, 200, 403, 200, 200, 200),
    "admin:core_notification_add": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 403),
    "admin:core_notification_history[notice_a]": (LOGIN, LOGIN, 200, 302, 302, 302, 302, 302, 302),
    "admin:core_notification_history[notice_b]": (LOGIN, LOGIN, 302, 302, 200, 302, 302, 302, 302),
    "admin:core_notification_delete[notice_a]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 403),
    "admin:core_notification_delete[notice_b]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 403),
    "admin:core_notification_change[notice_a]": (LOGIN, LOGIN, 200, 302, 302, 403, 302, 302, 302),
    "admin:core_notification_change[notice_b]": (LOGIN, LOGIN, 302, 302, 200, 403, 302, 302, 302),
    "route:admin/core/notification/<path:object_id>/[notice_a]": (LOGIN, LOGIN, 302, 302, 302, 302, 302, 302, 302),
    "route:admin/core/notification/<path:object_id>/[notice_b]": (LOGIN, LOGIN, 302, 302, 302, 302, 302, 302, 302),
    "admin:records_evidence_download[evidence_a]": (LOGIN, LOGIN, 200, 200, 404, 403, 403, 200, 200),
    # Integrity files: the agency's clerks and reviewers, the credit office; an overseer only for
    # records notified to it (none in this world); a role-less staff member has no files.
    # Bulk entry: the clerks of an agency and the credit office.
    "admin:records_creditrecord_import": (LOGIN, LOGIN, 200, 403, 200, 403, 403, 200, 200),
    "admin:records_creditrecord_template[csv]": (LOGIN, LOGIN, 200, 403, 200, 403, 403, 200, 200),
    "admin:records_creditrecord_template[xlsx]": (LOGIN, LOGIN, 200, 403, 200, 403, 403, 200, 200),
    "admin:records_file_index": (LOGIN, LOGIN, 200, 200, 200, 403, 200, 200, 200),
    "admin:records_file_agency[agency_a]": (LOGIN, LOGIN, 200, 200, 404, 404, 404, 200, 200),
    "admin:records_file_agency[agency_b]": (LOGIN, LOGIN, 404, 404, 200, 404, 404, 200, 200),
    "admin:records_file_servant[person_a]": (LOGIN, LOGIN, 200, 200, 404, 404, 404, 200, 200),
    "admin:records_file_servant[person_b]": (LOGIN, LOGIN, 404, 404, 200, 404, 404, 200, 200),
    "admin:records_file_servant[servant_file]": (LOGIN, LOGIN, 200, 200, 404, 404, 404, 200, 200),
    "admin:records_creditrecord_move[publish_submitted_a]": (LOGIN, LOGIN, 404, 404, 404, 404, 404, 404, 404),
    "admin:records_creditrecord_move[submit_draft_a]": (LOGIN, LOGIN, 404, 404, 404, 404, 404, 404, 404),
    "admin:records_creditrecord_move[submit_draft_b]": (LOGIN, LOGIN, 404, 404, 404, 404, 404, 404, 404),
    "admin:records_creditrecord_changelist": (LOGIN, LOGIN, 200, 200, 200, 403, 403, 200, 200),
    "admin:records_creditrecord_add": (LOGIN, LOGIN, 200, 403, 200, 403, 403, 200, 403),
    "admin:records_creditrecord_history[record_a]": (LOGIN, LOGIN, 200, 200, 302, 302, 302, 200, 200),
    "admin:records_creditrecord_history[record_published_a]": (LOGIN, LOGIN, 200, 200, 302, 302, 302, 200, 200),
    "admin:records_creditrecord_history[record_b]": (LOGIN, LOGIN, 302, 302, 200, 302, 302, 200, 200),
    "admin:records_creditrecord_delete[record_a]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 403),
    "admin:records_creditrecord_delete[record_published_a]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 403),
    "admin:records_creditrecord_delete[record_b]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 403),
    "admin:records_creditrecord_change[record_a]": (LOGIN, LOGIN, 200, 200, 404, 404, 404, 200, 200),
    "admin:records_creditrecord_change[record_published_a]": (LOGIN, LOGIN, 200, 200, 404, 404, 404, 200, 200),
    "admin:records_creditrecord_change[record_b]": (LOGIN, LOGIN, 404, 404, 200, 404, 404, 200, 200),
    "route:admin/records/creditrecord/<path:object_id>/[record_a]": (LOGIN, LOGIN, 302, 302, 302, 302, 302, 302, 302),
    "route:admin/records/creditrecord/<path:object_id>/[record_published_a]": (LOGIN, LOGIN, 302, 302, 302, 302, 302, 302, 302),
    "route:admin/records/creditrecord/<path:object_id>/[record_b]": (LOGIN, LOGIN, 302, 302, 302, 302, 302, 302, 302),
    "admin:records_sanction_changelist": (LOGIN, LOGIN, 200, 200, 200, 403, 403, 200, 200),
    "admin:records_sanction_add": (LOGIN, LOGIN, 200, 403, 200, 403, 403, 200, 403),
    "admin:records_sanction_history[sanction_a]": (LOGIN, LOGIN, 200, 200, 302, 302, 302, 200, 200),
    "admin:records_sanction_history[sanction_b]": (LOGIN, LOGIN, 302, 302, 200, 302, 302, 200, 200),
    "admin:records_sanction_delete[sanction_a]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 403),
    "admin:records_sanction_delete[sanction_b]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 403),
    "admin:records_sanction_change[sanction_a]": (LOGIN, LOGIN, 200, 200, 404, 404, 404, 200, 200),
    "admin:records_sanction_change[sanction_b]": (LOGIN, LOGIN, 404, 404, 200, 404, 404, 200, 200),
    "route:admin/records/sanction/<path:object_id>/[sanction_a]": (LOGIN, LOGIN, 302, 302, 302, 302, 302, 302, 302),
    "route:admin/records/sanction/<path:object_id>/[sanction_b]": (LOGIN, LOGIN, 302, 302, 302, 302, 302, 302, 302),
    "admin:records_integrityfact_changelist": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 200, 200),
    "admin:records_integrityfact_add": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 403),
    "admin:records_integrityfact_history[fact]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 200, 200),
    "admin:records_integrityfact_delete[fact]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 403),
    "admin:records_integrityfact_change[fact]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 200, 200),
    "route:admin/records/integrityfact/<path:object_id>/[fact]": (LOGIN, LOGIN, 302, 302, 302, 302, 302, 302, 302),
    "admin:records_recordtakedown_changelist": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 200, 200),
    "admin:records_recordtakedown_add": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 403),
    "admin:records_recordtakedown_history[takedown]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 200, 200),
    "admin:records_recordtakedown_delete[takedown]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 403),
    "admin:records_recordtakedown_change[takedown]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 200, 200),
    "route:admin/records/recordtakedown/<path:object_id>/[takedown]": (LOGIN, LOGIN, 302, 302, 302, 302, 302, 302, 302),
    # The sharing outbox: the credit office and the superuser read it; nobody edits it.
    "admin:core_sharingmessage_changelist": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 200, 200),
    "admin:core_sharingmessage_add": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 403),
    "admin:core_sharingmessage_history[sharing]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 200, 200),
    "admin:core_sharingmessage_delete[sharing]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 403),
    "admin:core_sharingmessage_change[sharing]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 200, 200),
    "route:admin/core/sharingmessage/<path:object_id>/[sharing]": (LOGIN, LOGIN, 302, 302, 302, 302, 302, 302, 302),
    "admin:disclosure_action_import": (LOGIN, LOGIN, 200, 403, 200, 403, 403, 403, 403),
    "admin:disclosure_action_template[penalty]": (LOGIN, LOGIN, 200, 200, 200, 403, 403, 200, 200),
    "admin:disclosure_action_template_xlsx[penalty]": (LOGIN, LOGIN, 200, 200, 200, 403, 403, 200, 200),
    "admin:disclosure_action_late": (LOGIN, LOGIN, 200, 200, 200, 403, 403, 200, 200),
    "admin:disclosure_action_id_number[published_a]": (LOGIN, LOGIN, 404, 404, 404, 404, 404, 404, 404),
    "admin:disclosure_action_id_number[draft_b]": (LOGIN, LOGIN, 404, 404, 404, 404, 404, 404, 404),
    # POST only (the reviewer's tier form, the clerk's confirmation of a preview): GET is 404.
    "admin:disclosure_action_tier[submitted_a]": (LOGIN, LOGIN, 404, 404, 404, 404, 404, 404, 404),
    "admin:disclosure_action_tier[draft_b]": (LOGIN, LOGIN, 404, 404, 404, 404, 404, 404, 404),
    "admin:disclosure_importjob_confirm[job_a]": (LOGIN, LOGIN, 404, 404, 404, 404, 404, 404, 404),
    "admin:disclosure_importjob_confirm[job_b]": (LOGIN, LOGIN, 404, 404, 404, 404, 404, 404, 404),
    "admin:disclosure_administrativeaction_move[publish_submitted_a]": (LOGIN, LOGIN, 404, 404, 404, 404, 404, 404, 404),
    "admin:disclosure_administrativeaction_move[submit_draft_a]": (LOGIN, LOGIN, 404, 404, 404, 404, 404, 404, 404),
    "admin:disclosure_administrativeaction_move[submit_draft_b]": (LOGIN, LOGIN, 404, 404, 404, 404, 404, 404, 404),
    "admin:disclosure_administrativeaction_changelist": (LOGIN, LOGIN, 200, 200, 200, 403, 403, 200, 200),
    "admin:disclosure_administrativeaction_add": (LOGIN, LOGIN, 200, 403, 200, 403, 403, 403, 403),
    "admin:disclosure_administrativeaction_history[draft_a]": (LOGIN, LOGIN, 200, 200, 302, 302, 302, 200, 200),
    "admin:disclosure_administrativeaction_history[published_a]": (LOGIN, LOGIN, 200, 200, 302, 302, 302, 200, 200),
    "admin:disclosure_administrativeaction_history[draft_b]": (LOGIN, LOGIN, 302, 302, 200, 302, 302, 200, 200),
    "admin:disclosure_administrativeaction_delete[draft_a]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 403),
    "admin:disclosure_administrativeaction_delete[published_a]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 403),
    "admin:disclosure_administrativeaction_delete[draft_b]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 403),
    "admin:disclosure_administrativeaction_change[draft_a]": (LOGIN, LOGIN, 200, 200, 404, 404, 404, 200, 200),
    "admin:disclosure_administrativeaction_change[submitted_a]": (LOGIN, LOGIN, 200, 200, 404, 404, 404, 200, 200),
    "admin:disclosure_administrativeaction_change[returned_a]": (LOGIN, LOGIN, 200, 200, 404, 404, 404, 200, 200),
    "admin:disclosure_administrativeaction_change[published_a]": (LOGIN, LOGIN, 200, 200, 404, 404, 404, 200, 200),
    "admin:disclosure_administrativeaction_change[revoked_a]": (LOGIN, LOGIN, 200, 200, 404, 404, 404, 200, 200),
    "admin:disclosure_administrativeaction_change[expired_a]": (LOGIN, LOGIN, 200, 200, 404, 404, 404, 200, 200),
    "admin:disclosure_administrativeaction_change[draft_b]": (LOGIN, LOGIN, 404, 404, 200, 404, 404, 200, 200),
    "admin:disclosure_administrativeaction_change[published_b]": (LOGIN, LOGIN, 404, 404, 200, 404, 404, 200, 200),
    "route:admin/disclosure/administrativeaction/<path:object_id>/[draft_a]": (LOGIN, LOGIN, 302, 302, 302, 302, 302, 302, 302),
    "route:admin/disclosure/administrativeaction/<path:object_id>/[published_a]": (LOGIN, LOGIN, 302, 302, 302, 302, 302, 302, 302),
    "route:admin/disclosure/administrativeaction/<path:object_id>/[draft_b]": (LOGIN, LOGIN, 302, 302, 302, 302, 302, 302, 302),
    "admin:disclosure_importjob_errors[job_a]": (LOGIN, LOGIN, 200, 200, 404, 404, 404, 200, 200),
    "admin:disclosure_importjob_errors[job_b]": (LOGIN, LOGIN, 404, 404, 200, 404, 404, 200, 200),
    "admin:disclosure_importjob_changelist": (LOGIN, LOGIN, 200, 200, 200, 403, 403, 200, 200),
    "admin:disclosure_importjob_add": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 403),
    "admin:disclosure_importjob_history[job_a]": (LOGIN, LOGIN, 200, 200, 302, 302, 302, 200, 200),
    "admin:disclosure_importjob_history[job_b]": (LOGIN, LOGIN, 302, 302, 200, 302, 302, 200, 200),
    "admin:disclosure_importjob_delete[job_a]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 403),
    "admin:disclosure_importjob_delete[job_b]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 403),
    "admin:disclosure_importjob_change[job_a]": (LOGIN, LOGIN, 200, 200, 302, 403, 403, 200, 200),
    "admin:disclosure_importjob_change[job_b]": (LOGIN, LOGIN, 302, 302, 200, 403, 403, 200, 200),
    "route:admin/disclosure/importjob/<path:object_id>/[job_a]": (LOGIN, LOGIN, 302, 302, 302, 302, 302, 302, 302),
    "route:admin/disclosure/importjob/<path:object_id>/[job_b]": (LOGIN, LOGIN, 302, 302, 302, 302, 302, 302, 302),
    "admin:workflow_app_pledge_move[submit_a]": (LOGIN, LOGIN, 404, 404, 404, 404, 404, 404, 404),
    "admin:workflow_app_pledge_changelist": (LOGIN, LOGIN, 200, 200, 200, 403, 403, 200, 200),
    "admin:workflow_app_pledge_add": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 200, 403),
    "admin:workflow_app_pledge_history[pledge_a]": (LOGIN, LOGIN, 200, 200, 302, 302, 302, 200, 200),
    "admin:workflow_app_pledge_history[pledge_b]": (LOGIN, LOGIN, 302, 302, 200, 302, 302, 200, 200),
    "admin:workflow_app_pledge_delete[pledge_a]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 403),
    "admin:workflow_app_pledge_delete[pledge_b]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 403),
    "admin:workflow_app_pledge_change[pledge_a]": (LOGIN, LOGIN, 200, 200, 404, 404, 404, 200, 200),
    "admin:workflow_app_pledge_change[pledge_b]": (LOGIN, LOGIN, 404, 404, 200, 404, 404, 200, 200),
    "route:admin/workflow_app/pledge/<path:object_id>/[pledge_a]": (LOGIN, LOGIN, 302, 302, 302, 302, 302, 302, 302),
    "route:admin/workflow_app/pledge/<path:object_id>/[pledge_b]": (LOGIN, LOGIN, 302, 302, 302, 302, 302, 302, 302),
    "admin:app_list[auth]": (LOGIN, LOGIN, 404, 404, 404, 404, 404, 404, 200),
    "admin:app_list[core]": (LOGIN, LOGIN, 200, 200, 200, 404, 200, 200, 200),
    "admin:app_list[disclosure]": (LOGIN, LOGIN, 200, 200, 200, 404, 404, 200, 200),
    "admin:app_list[records]": (LOGIN, LOGIN, 200, 200, 200, 404, 404, 200, 200),
    "admin:app_list[axes]": (LOGIN, LOGIN, 404, 404, 404, 404, 404, 404, 200),
    "admin:app_list[otp_totp]": (LOGIN, LOGIN, 404, 404, 404, 404, 404, 404, 200),
    "route:admin/(?P<url>.*)$[unknown]": (LOGIN, LOGIN, 404, 404, 404, 404, 404, 404, 404),
    "django.contrib.sitemaps.views.sitemap": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "home": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "core:workdays": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "core:language[en]": (302, 302, 302, 302, 302, 302, 302, 302, 302),
    "core:language[zh-hans]": (302, 302, 302, 302, 302, 302, 302, 302, 302),
    "core:otp_enrol": (LOGIN, 404, 200, 200, 200, 200, 200, 200, 200),
    "disclosure:list": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "disclosure:detail[draft_a]": (404, 404, 404, 404, 404, 404, 404, 404, 404),
    "disclosure:detail[submitted_a]": (404, 404, 404, 404, 404, 404, 404, 404, 404),
    "disclosure:detail[returned_a]": (404, 404, 404, 404, 404, 404, 404, 404, 404),
    "disclosure:detail[published_a]": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "disclosure:detail[revoked_a]": (404, 404, 404, 404, 404, 404, 404, 404, 404),
    "disclosure:detail[expired_a]": (404, 404, 404, 404, 404, 404, 404, 404, 404),
    "disclosure:detail[draft_b]": (404, 404, 404, 404, 404, 404, 404, 404, 404),
    "disclosure:detail[published_b]": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "disclosure:feed": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "disclosure:download-csv": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "disclosure:download-json": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "disclosure:download-xlsx": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "disclosure:agencies": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "disclosure:agency[agency_a]": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "disclosure:agency[inactive]": (404, 404, 404, 404, 404, 404, 404, 404, 404),
    "disclosure:subject[company]": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "disclosure:subject[unpublished]": (404, 404, 404, 404, 404, 404, 404, 404, 404),
    "disclosure:subject[natural_person]": (404, 404, 404, 404, 404, 404, 404, 404, 404),
    "disclosure:open-data": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "disclosure:takedowns": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "GET /api/v1/disclosures/": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "GET /api/v1/disclosures/{id}/[draft_a]": (404, 404, 404, 404, 404, 404, 404, 404, 404),
    "GET /api/v1/disclosures/{id}/[submitted_a]": (404, 404, 404, 404, 404, 404, 404, 404, 404),
    "GET /api/v1/disclosures/{id}/[returned_a]": (404, 404, 404, 404, 404, 404, 404, 404, 404),
    "GET /api/v1/disclosures/{id}/[published_a]": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "GET /api/v1/disclosures/{id}/[revoked_a]": (404, 404, 404, 404, 404, 404, 404, 404, 404),
    "GET /api/v1/disclosures/{id}/[expired_a]": (404, 404, 404, 404, 404, 404, 404, 404, 404),
    "GET /api/v1/disclosures/{id}/[draft_b]": (404, 404, 404, 404, 404, 404, 404, 404, 404),
    "GET /api/v1/disclosures/{id}/[published_b]": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "GET /api/v1/staff/actions/": (403, 403, 200, 200, 200, 403, 403, 200, 200),
    "POST /api/v1/staff/actions/": (403, 403, 201, 403, 201, 403, 403, 403, 403),
    "GET /api/v1/staff/actions/{id}/[draft_a]": (403, 403, 200, 200, 404, 403, 403, 200, 200),
    "GET /api/v1/staff/actions/{id}/[submitted_a]": (403, 403, 200, 200, 404, 403, 403, 200, 200),
    "GET /api/v1/staff/actions/{id}/[returned_a]": (403, 403, 200, 200, 404, 403, 403, 200, 200),
    "GET /api/v1/staff/actions/{id}/[published_a]": (403, 403, 200, 200, 404, 403, 403, 200, 200),
    "GET /api/v1/staff/actions/{id}/[revoked_a]": (403, 403, 200, 200, 404, 403, 403, 200, 200),
    "GET /api/v1/staff/actions/{id}/[expired_a]": (403, 403, 200, 200, 404, 403, 403, 200, 200),
    "GET /api/v1/staff/actions/{id}/[draft_b]": (403, 403, 404, 404, 200, 403, 403, 200, 200),
    "GET /api/v1/staff/actions/{id}/[published_b]": (403, 403, 404, 404, 200, 403, 403, 200, 200),
    "PUT /api/v1/staff/actions/{id}/[draft_a]": (403, 403, 200, 403, 404, 403, 403, 403, 403),
    "PUT /api/v1/staff/actions/{id}/[submitted_a]": (403, 403, 403, 403, 404, 403, 403, 403, 403),
    "PUT /api/v1/staff/actions/{id}/[returned_a]": (403, 403, 200, 403, 404, 403, 403, 403, 403),
    "PUT /api/v1/staff/actions/{id}/[published_a]": (403, 403, 403, 403, 404, 403, 403, 403, 403),
    "PUT /api/v1/staff/actions/{id}/[revoked_a]": (403, 403, 403, 403, 404, 403, 403, 403, 403),
    "PUT /api/v1/staff/actions/{id}/[expired_a]": (403, 403, 403, 403, 404, 403, 403, 403, 403),
    "PUT /api/v1/staff/actions/{id}/[draft_b]": (403, 403, 404, 403, 200, 403, 403, 403, 403),
    "PUT /api/v1/staff/actions/{id}/[published_b]": (403, 403, 404, 403, 403, 403, 403, 403, 403),
    "PATCH /api/v1/staff/actions/{id}/[draft_a]": (403, 403, 200, 403, 404, 403, 403, 403, 403),
    "PATCH /api/v1/staff/actions/{id}/[submitted_a]": (403, 403, 403, 403, 404, 403, 403, 403, 403),
    "PATCH /api/v1/staff/actions/{id}/[returned_a]": (403, 403, 200, 403, 404, 403, 403, 403, 403),
    "PATCH /api/v1/staff/actions/{id}/[published_a]": (403, 403, 403, 403, 404, 403, 403, 403, 403),
    "PATCH /api/v1/staff/actions/{id}/[revoked_a]": (403, 403, 403, 403, 404, 403, 403, 403, 403),
    "PATCH /api/v1/staff/actions/{id}/[expired_a]": (403, 403, 403, 403, 404, 403, 403, 403, 403),
    "PATCH /api/v1/staff/actions/{id}/[draft_b]": (403, 403, 404, 403, 200, 403, 403, 403, 403),
    "PATCH /api/v1/staff/actions/{id}/[published_b]": (403, 403, 404, 403, 403, 403, 403, 403, 403),
    "POST /api/v1/staff/actions/{id}/publish/[draft_a]": (403, 403, 403, 400, 404, 403, 403, 403, 403),
    "POST /api/v1/staff/actions/{id}/publish/[submitted_a]": (403, 403, 403, 200, 404, 403, 403, 403, 403),
    "POST /api/v1/staff/actions/{id}/publish/[returned_a]": (403, 403, 403, 400, 404, 403, 403, 403, 403),
    "POST /api/v1/staff/actions/{id}/publish/[published_a]": (403, 403, 403, 400, 404, 403, 403, 403, 403),
    "POST /api/v1/staff/actions/{id}/publish/[revoked_a]": (403, 403, 403, 400, 404, 403, 403, 403, 403),
    "POST /api/v1/staff/actions/{id}/publish/[expired_a]": (403, 403, 403, 400, 404, 403, 403, 403, 403),
    "POST /api/v1/staff/actions/{id}/publish/[draft_b]": (403, 403, 404, 404, 403, 403, 403, 403, 403),
    "POST /api/v1/staff/actions/{id}/publish/[published_b]": (403, 403, 404, 404, 403, 403, 403, 403, 403),
    "POST /api/v1/staff/actions/{id}/return/[draft_a]": (403, 403, 403, 400, 404, 403, 403, 403, 403),
    "POST /api/v1/staff/actions/{id}/return/[submitted_a]": (403, 403, 403, 200, 404, 403, 403, 403, 403),
    "POST /api/v1/staff/actions/{id}/return/[returned_a]": (403, 403, 403, 400, 404, 403, 403, 403, 403),
    "POST /api/v1/staff/actions/{id}/return/[published_a]": (403, 403, 403, 400, 404, 403, 403, 403, 403),
    "POST /api/v1/staff/actions/{id}/return/[revoked_a]": (403, 403, 403, 400, 404, 403, 403, 403, 403),
    "POST /api/v1/staff/actions/{id}/return/[expired_a]": (403, 403, 403, 400, 404, 403, 403, 403, 403),
    "POST /api/v1/staff/actions/{id}/return/[draft_b]": (403, 403, 404, 404, 403, 403, 403, 403, 403),
    "POST /api/v1/staff/actions/{id}/return/[published_b]": (403, 403, 404, 404, 403, 403, 403, 403, 403),
    "POST /api/v1/staff/actions/{id}/revoke/[draft_a]": (403, 403, 403, 400, 404, 403, 403, 400, 403),
    "POST /api/v1/staff/actions/{id}/revoke/[submitted_a]": (403, 403, 403, 400, 404, 403, 403, 400, 403),
    "POST /api/v1/staff/actions/{id}/revoke/[returned_a]": (403, 403, 403, 400, 404, 403, 403, 400, 403),
    "POST /api/v1/staff/actions/{id}/revoke/[published_a]": (403, 403, 403, 200, 404, 403, 403, 200, 403),
    "POST /api/v1/staff/actions/{id}/revoke/[revoked_a]": (403, 403, 403, 400, 404, 403, 403, 400, 403),
    "POST /api/v1/staff/actions/{id}/revoke/[expired_a]": (403, 403, 403, 400, 404, 403, 403, 400, 403),
    "POST /api/v1/staff/actions/{id}/revoke/[draft_b]": (403, 403, 404, 404, 403, 403, 403, 400, 403),
    "POST /api/v1/staff/actions/{id}/revoke/[published_b]": (403, 403, 404, 404, 403, 403, 403, 200, 403),
    "POST /api/v1/staff/actions/{id}/submit/[draft_a]": (403, 403, 200, 403, 404, 403, 403, 403, 403),
    "POST /api/v1/staff/actions/{id}/submit/[submitted_a]": (403, 403, 400, 403, 404, 403, 403, 403, 403),
    "POST /api/v1/staff/actions/{id}/submit/[returned_a]": (403, 403, 200, 403, 404, 403, 403, 403, 403),
    "POST /api/v1/staff/actions/{id}/submit/[published_a]": (403, 403, 400, 403, 404, 403, 403, 403, 403),
    "POST /api/v1/staff/actions/{id}/submit/[revoked_a]": (403, 403, 400, 403, 404, 403, 403, 403, 403),
    "POST /api/v1/staff/actions/{id}/submit/[expired_a]": (403, 403, 400, 403, 404, 403, 403, 403, 403),
    "POST /api/v1/staff/actions/{id}/submit/[draft_b]": (403, 403, 404, 404, 200, 403, 403, 403, 403),
    "POST /api/v1/staff/actions/{id}/submit/[published_b]": (403, 403, 404, 404, 400, 403, 403, 403, 403),
    "GET /api/v1/staff/sanctions/": (403, 403, 200, 200, 200, 403, 403, 200, 200),
    "GET /api/v1/staff/sanctions/restrictions/": (403, 403, 200, 200, 200, 403, 403, 200, 200),
    "POST /api/v1/staff/sanctions/": (403, 403, 201, 403, 400, 403, 403, 201, 403),
    "GET /api/v1/staff/sanctions/{id}/[open_a]": (403, 403, 200, 200, 404, 403, 403, 200, 200),
    "GET /api/v1/staff/sanctions/{id}/[open_b]": (403, 403, 404, 404, 200, 403, 403, 200, 200),
    "PUT /api/v1/staff/sanctions/{id}/[open_a]": (403, 403, 200, 403, 404, 403, 403, 200, 403),
    "PUT /api/v1/staff/sanctions/{id}/[open_b]": (403, 403, 404, 404, 200, 403, 403, 200, 403),
    "PATCH /api/v1/staff/sanctions/{id}/[open_a]": (403, 403, 200, 403, 404, 403, 403, 200, 403),
    "PATCH /api/v1/staff/sanctions/{id}/[open_b]": (403, 403, 404, 404, 200, 403, 403, 200, 403),
    "POST /api/v1/staff/sanctions/{id}/lift/[open_a]": (403, 403, 403, 200, 404, 403, 403, 200, 403),
    "POST /api/v1/staff/sanctions/{id}/lift/[open_b]": (403, 403, 404, 404, 403, 403, 403, 200, 403),
    "GET /api/v1/staff/records/": (403, 403, 200, 200, 200, 403, 403, 200, 200),
    "POST /api/v1/staff/records/": (403, 403, 201, 403, 400, 403, 403, 201, 403),
    "GET /api/v1/staff/records/{id}/[draft_a]": (403, 403, 200, 200, 404, 403, 403, 200, 200),
    "GET /api/v1/staff/records/{id}/[submitted_a]": (403, 403, 200, 200, 404, 403, 403, 200, 200),
    "GET /api/v1/staff/records/{id}/[published_a]": (403, 403, 200, 200, 404, 403, 403, 200, 200),
    "GET /api/v1/staff/records/{id}/[draft_b]": (403, 403, 404, 404, 200, 403, 403, 200, 200),
    "PUT /api/v1/staff/records/{id}/[draft_a]": (403, 403, 200, 403, 404, 403, 403, 200, 403),
    "PUT /api/v1/staff/records/{id}/[submitted_a]": (403, 403, 403, 403, 404, 403, 403, 403, 403),
    "PUT /api/v1/staff/records/{id}/[published_a]": (403, 403, 403, 403, 404, 403, 403, 403, 403),
    "PUT /api/v1/staff/records/{id}/[draft_b]": (403, 403, 404, 403, 200, 403, 403, 200, 403),
    "PATCH /api/v1/staff/records/{id}/[draft_a]": (403, 403, 200, 403, 404, 403, 403, 200, 403),
    "PATCH /api/v1/staff/records/{id}/[submitted_a]": (403, 403, 403, 403, 404, 403, 403, 403, 403),
    "PATCH /api/v1/staff/records/{id}/[published_a]": (403, 403, 403, 403, 404, 403, 403, 403, 403),
    "PATCH /api/v1/staff/records/{id}/[draft_b]": (403, 403, 404, 403, 200, 403, 403, 200, 403),
    "POST /api/v1/staff/records/{id}/publish/[draft_a]": (403, 403, 403, 400, 404, 403, 403, 400, 403),
    "POST /api/v1/staff/records/{id}/publish/[submitted_a]": (403, 403, 403, 200, 404, 403, 403, 200, 403),
    "POST /api/v1/staff/records/{id}/publish/[published_a]": (403, 403, 403, 400, 404, 403, 403, 400, 403),
    "POST /api/v1/staff/records/{id}/publish/[draft_b]": (403, 403, 404, 404, 403, 403, 403, 400, 403),
    "POST /api/v1/staff/records/{id}/return/[draft_a]": (403, 403, 403, 400, 404, 403, 403, 400, 403),
    "POST /api/v1/staff/records/{id}/return/[submitted_a]": (403, 403, 403, 200, 404, 403, 403, 200, 403),
    "POST /api/v1/staff/records/{id}/return/[published_a]": (403, 403, 403, 400, 404, 403, 403, 400, 403),
    "POST /api/v1/staff/records/{id}/return/[draft_b]": (403, 403, 404, 404, 403, 403, 403, 400, 403),
    "POST /api/v1/staff/records/{id}/revoke/[draft_a]": (403, 403, 403, 400, 404, 403, 403, 400, 403),
    "POST /api/v1/staff/records/{id}/revoke/[submitted_a]": (403, 403, 403, 400, 404, 403, 403, 400, 403),
    "POST /api/v1/staff/records/{id}/revoke/[published_a]": (403, 403, 403, 200, 404, 403, 403, 200, 403),
    "POST /api/v1/staff/records/{id}/revoke/[draft_b]": (403, 403, 404, 404, 403, 403, 403, 400, 403),
    "POST /api/v1/staff/records/{id}/submit/[draft_a]": (403, 403, 200, 403, 404, 403, 403, 200, 403),
    "POST /api/v1/staff/records/{id}/submit/[submitted_a]": (403, 403, 400, 403, 404, 403, 403, 400, 403),
    "POST /api/v1/staff/records/{id}/submit/[published_a]": (403, 403, 400, 403, 404, 403, 403, 400, 403),
    "POST /api/v1/staff/records/{id}/submit/[draft_b]": (403, 403, 404, 404, 200, 403, 403, 200, 403),
    "api-staff-commitment-list": (403, 403, 200, 200, 200, 403, 403, 200, 200),
    "api-staff-commitment-detail[draft_a]": (403, 403, 200, 200, 404, 403, 403, 200, 200),
    "api-staff-commitment-detail[submitted_a]": (403, 403, 200, 200, 404, 403, 403, 200, 200),
    "api-staff-commitment-detail[published_a]": (403, 403, 200, 200, 404, 403, 403, 200, 200),
    "api-staff-commitment-detail[draft_b]": (403, 403, 404, 404, 200, 403, 403, 200, 200),
    "api-staff-commitment-detail[published_b]": (403, 403, 404, 404, 200, 403, 403, 200, 200),
    "api-staff-commitment-publish[submitted_a]": (403, 403, 405, 405, 405, 403, 403, 405, 405),
    "api-staff-commitment-publish[draft_b]": (403, 403, 405, 405, 405, 403, 403, 405, 405),
    "api-staff-commitment-return-[submitted_a]": (403, 403, 405, 405, 405, 403, 403, 405, 405),
    "api-staff-commitment-return-[draft_b]": (403, 403, 405, 405, 405, 403, 403, 405, 405),
    "api-staff-commitment-revoke[submitted_a]": (403, 403, 405, 405, 405, 403, 403, 405, 405),
    "api-staff-commitment-revoke[draft_b]": (403, 403, 405, 405, 405, 403, 403, 405, 405),
    "api-staff-commitment-submit[submitted_a]": (403, 403, 405, 405, 405, 403, 403, 405, 405),
    "api-staff-commitment-submit[draft_b]": (403, 403, 405, 405, 405, 403, 403, 405, 405),
    "admin:commitments_commitment_outcome[fulfilled_published_a]": (LOGIN, LOGIN, 403, 200, 404, 404, 404, 200, 403),
    "admin:commitments_commitment_outcome[breached_published_a]": (LOGIN, LOGIN, 403, 403, 404, 404, 404, 200, 403),
    "admin:commitments_commitment_outcome[fulfilled_draft_a]": (LOGIN, LOGIN, 403, 403, 404, 404, 404, 403, 403),
    "admin:commitments_commitment_outcome[fulfilled_published_b]": (LOGIN, LOGIN, 404, 404, 403, 404, 404, 200, 403),
    "admin:commitments_progress_evidence[progress_a]": (LOGIN, LOGIN, 200, 200, 404, 403, 403, 200, 200),
    "admin:commitments_progress_evidence[progress_b]": (LOGIN, LOGIN, 404, 404, 200, 403, 403, 200, 200),
    "admin:commitments_commitment_move[publish_submitted_a]": (LOGIN, LOGIN, 404, 404, 404, 404, 404, 404, 404),
    "admin:commitments_commitment_move[submit_draft_a]": (LOGIN, LOGIN, 404, 404, 404, 404, 404, 404, 404),
    "admin:commitments_commitment_move[submit_draft_b]": (LOGIN, LOGIN, 404, 404, 404, 404, 404, 404, 404),
    "admin:commitments_commitment_changelist": (LOGIN, LOGIN, 200, 200, 200, 403, 403, 200, 200),
    "admin:commitments_commitment_add": (LOGIN, LOGIN, 200, 403, 200, 403, 403, 200, 403),
    "admin:commitments_commitment_history[commitment_a]": (LOGIN, LOGIN, 200, 200, 302, 302, 302, 200, 200),
    "admin:commitments_commitment_history[commitment_published_a]": (LOGIN, LOGIN, 200, 200, 302, 302, 302, 200, 200),
    "admin:commitments_commitment_history[commitment_b]": (LOGIN, LOGIN, 302, 302, 200, 302, 302, 200, 200),
    "admin:commitments_commitment_delete[commitment_a]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 403),
    "admin:commitments_commitment_delete[commitment_published_a]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 403),
    "admin:commitments_commitment_delete[commitment_b]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 403),
    "admin:commitments_commitment_change[commitment_a]": (LOGIN, LOGIN, 200, 200, 404, 404, 404, 200, 200),
    "admin:commitments_commitment_change[commitment_published_a]": (LOGIN, LOGIN, 200, 200, 404, 404, 404, 200, 200),
    "admin:commitments_commitment_change[commitment_b]": (LOGIN, LOGIN, 404, 404, 200, 404, 404, 200, 200),
    "route:admin/commitments/commitment/<path:object_id>/[commitment_a]": (LOGIN, LOGIN, 302, 302, 302, 302, 302, 302, 302),
    "route:admin/commitments/commitment/<path:object_id>/[commitment_published_a]": (LOGIN, LOGIN, 302, 302, 302, 302, 302, 302, 302),
    "route:admin/commitments/commitment/<path:object_id>/[commitment_b]": (LOGIN, LOGIN, 302, 302, 302, 302, 302, 302, 302),
    "admin:commitments_progressupdate_changelist": (LOGIN, LOGIN, 200, 200, 200, 403, 403, 200, 200),
    "admin:commitments_progressupdate_add": (LOGIN, LOGIN, 200, 200, 200, 403, 403, 200, 200),
    "admin:commitments_progressupdate_history[progress_a]": (LOGIN, LOGIN, 200, 200, 302, 302, 302, 200, 200),
    "admin:commitments_progressupdate_history[progress_b]": (LOGIN, LOGIN, 302, 302, 200, 302, 302, 200, 200),
    "admin:commitments_progressupdate_delete[progress_a]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 403),
    "admin:commitments_progressupdate_delete[progress_b]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 403),
    "admin:commitments_progressupdate_change[progress_a]": (LOGIN, LOGIN, 200, 200, 404, 404, 404, 200, 200),
    "admin:commitments_progressupdate_change[progress_b]": (LOGIN, LOGIN, 404, 404, 200, 404, 404, 200, 200),
    "route:admin/commitments/progressupdate/<path:object_id>/[progress_a]": (LOGIN, LOGIN, 302, 302, 302, 302, 302, 302, 302),
    "route:admin/commitments/progressupdate/<path:object_id>/[progress_b]": (LOGIN, LOGIN, 302, 302, 302, 302, 302, 302, 302),
    "admin:app_list[commitments]": (LOGIN, LOGIN, 200, 200, 200, 404, 404, 200, 200),
    "commitments:list": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "commitments:detail[draft_a]": (404, 404, 404, 404, 404, 404, 404, 404, 404),
    "commitments:detail[submitted_a]": (404, 404, 404, 404, 404, 404, 404, 404, 404),
    "commitments:detail[published_a]": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "commitments:detail[draft_b]": (404, 404, 404, 404, 404, 404, 404, 404, 404),
    "commitments:detail[published_b]": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "GET /api/v1/staff/commitments/": (403, 403, 200, 200, 200, 403, 403, 200, 200),
    "POST /api/v1/staff/commitments/": (403, 403, 201, 403, 400, 403, 403, 201, 403),
    "GET /api/v1/staff/commitments/{id}/[draft_a]": (403, 403, 200, 200, 404, 403, 403, 200, 200),
    "GET /api/v1/staff/commitments/{id}/[submitted_a]": (403, 403, 200, 200, 404, 403, 403, 200, 200),
    "GET /api/v1/staff/commitments/{id}/[published_a]": (403, 403, 200, 200, 404, 403, 403, 200, 200),
    "GET /api/v1/staff/commitments/{id}/[draft_b]": (403, 403, 404, 404, 200, 403, 403, 200, 200),
    "PUT /api/v1/staff/commitments/{id}/[draft_a]": (403, 403, 200, 403, 404, 403, 403, 200, 403),
    "PUT /api/v1/staff/commitments/{id}/[submitted_a]": (403, 403, 403, 403, 404, 403, 403, 403, 403),
    "PUT /api/v1/staff/commitments/{id}/[published_a]": (403, 403, 403, 403, 404, 403, 403, 403, 403),
    "PUT /api/v1/staff/commitments/{id}/[draft_b]": (403, 403, 404, 403, 200, 403, 403, 200, 403),
    "PATCH /api/v1/staff/commitments/{id}/[draft_a]": (403, 403, 200, 403, 404, 403, 403, 200, 403),
    "PATCH /api/v1/staff/commitments/{id}/[submitted_a]": (403, 403, 403, 403, 404, 403, 403, 403, 403),
    "PATCH /api/v1/staff/commitments/{id}/[published_a]": (403, 403, 403, 403, 404, 403, 403, 403, 403),
    "PATCH /api/v1/staff/commitments/{id}/[draft_b]": (403, 403, 404, 403, 200, 403, 403, 200, 403),
    "POST /api/v1/staff/commitments/{id}/publish/[draft_a]": (403, 403, 403, 400, 404, 403, 403, 400, 403),
    "POST /api/v1/staff/commitments/{id}/publish/[submitted_a]": (403, 403, 403, 200, 404, 403, 403, 200, 403),
    "POST /api/v1/staff/commitments/{id}/publish/[published_a]": (403, 403, 403, 400, 404, 403, 403, 400, 403),
    "POST /api/v1/staff/commitments/{id}/publish/[draft_b]": (403, 403, 404, 404, 403, 403, 403, 400, 403),
    "POST /api/v1/staff/commitments/{id}/return/[draft_a]": (403, 403, 403, 400, 404, 403, 403, 400, 403),
    "POST /api/v1/staff/commitments/{id}/return/[submitted_a]": (403, 403, 403, 200, 404, 403, 403, 200, 403),
    "POST /api/v1/staff/commitments/{id}/return/[published_a]": (403, 403, 403, 400, 404, 403, 403, 400, 403),
    "POST /api/v1/staff/commitments/{id}/return/[draft_b]": (403, 403, 404, 404, 403, 403, 403, 400, 403),
    "POST /api/v1/staff/commitments/{id}/revoke/[draft_a]": (403, 403, 403, 400, 404, 403, 403, 400, 403),
    "POST /api/v1/staff/commitments/{id}/revoke/[submitted_a]": (403, 403, 403, 400, 404, 403, 403, 400, 403),
    "POST /api/v1/staff/commitments/{id}/revoke/[published_a]": (403, 403, 403, 200, 404, 403, 403, 200, 403),
    "POST /api/v1/staff/commitments/{id}/revoke/[draft_b]": (403, 403, 404, 404, 403, 403, 403, 400, 403),
    "POST /api/v1/staff/commitments/{id}/submit/[draft_a]": (403, 403, 200, 403, 404, 403, 403, 200, 403),
    "POST /api/v1/staff/commitments/{id}/submit/[submitted_a]": (403, 403, 400, 403, 404, 403, 403, 400, 403),
    "POST /api/v1/staff/commitments/{id}/submit/[published_a]": (403, 403, 400, 403, 404, 403, 403, 400, 403),
    "POST /api/v1/staff/commitments/{id}/submit/[draft_b]": (403, 403, 404, 404, 200, 403, 403, 200, 403),
    "GET /api/v1/workdays/deadline/": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    # Objections and the civil servant's own pages (issue 10): B's by every id is 404 for A.
    "api-me-record-list": (403, 200, 403, 403, 403, 403, 403, 403, 403),
    "api-me-record-detail[me_record_own]": (403, 200, 403, 403, 403, 403, 403, 403, 403),
    "api-me-record-detail[me_record_others]": (403, 404, 403, 403, 403, 403, 403, 403, 403),
    "api-me-objection-list": (403, 200, 403, 403, 403, 403, 403, 403, 403),
    "api-me-objection-detail[me_objection_own]": (403, 200, 403, 403, 403, 403, 403, 403, 403),
    "api-me-objection-detail[me_objection_others]": (403, 404, 403, 403, 403, 403, 403, 403, 403),
    "admin:core_civilservant_sign_in[person_a]": (LOGIN, LOGIN, 404, 200, 404, 404, 404, 200, 200),
    "admin:core_civilservant_sign_in[person_b]": (LOGIN, LOGIN, 404, 404, 404, 404, 404, 200, 200),
    "admin:core_civilservant_sign_in[servant_file]": (LOGIN, LOGIN, 404, 200, 404, 404, 404, 200, 200),
    "admin:objections_evidence_download[me_evidence_own]": (LOGIN, LOGIN, 200, 200, 404, 403, 403, 200, 200),
    "admin:objections_evidence_download[me_evidence_others]": (LOGIN, LOGIN, 200, 200, 404, 403, 403, 200, 200),
    "admin:objections_objection_changelist": (LOGIN, LOGIN, 200, 200, 200, 403, 403, 200, 200),
    "admin:objections_objection_add": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 403),
    "admin:objections_objection_history[me_objection_own]": (LOGIN, LOGIN, 200, 200, 302, 302, 302, 200, 200),
    "admin:objections_objection_history[me_objection_others]": (LOGIN, LOGIN, 200, 200, 302, 302, 302, 200, 200),
    "admin:objections_objection_delete[me_objection_own]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 403),
    "admin:objections_objection_delete[me_objection_others]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 403),
    "admin:objections_objection_change[me_objection_own]": (LOGIN, LOGIN, 200, 200, 302, 403, 403, 200, 200),
    "admin:objections_objection_change[me_objection_others]": (LOGIN, LOGIN, 200, 200, 302, 403, 403, 200, 200),
    "route:admin/objections/objection/<path:object_id>/[me_objection_own]": (LOGIN, LOGIN, 302, 302, 302, 302, 302, 302, 302),
    "route:admin/objections/objection/<path:object_id>/[me_objection_others]": (LOGIN, LOGIN, 302, 302, 302, 302, 302, 302, 302),
    "admin:app_list[objections]": (LOGIN, LOGIN, 200, 200, 200, 404, 404, 200, 200),
    "admin:objections_repair_evidence_download[me_repair_evidence_own]": (LOGIN, LOGIN, 200, 200, 404, 403, 403, 200, 200),
    "admin:objections_repair_evidence_download[me_repair_evidence_others]": (LOGIN, LOGIN, 200, 200, 404, 403, 403, 200, 200),
    "admin:objections_repairrequest_changelist": (LOGIN, LOGIN, 200, 200, 200, 403, 403, 200, 200),
    "admin:objections_repairrequest_add": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 403),
    "admin:objections_repairrequest_history[me_repair_own]": (LOGIN, LOGIN, 200, 200, 302, 302, 302, 200, 200),
    "admin:objections_repairrequest_history[me_repair_others]": (LOGIN, LOGIN, 200, 200, 302, 302, 302, 200, 200),
    "admin:objections_repairrequest_delete[me_repair_own]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 403),
    "admin:objections_repairrequest_delete[me_repair_others]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 403),
    "admin:objections_repairrequest_change[me_repair_own]": (LOGIN, LOGIN, 200, 200, 302, 403, 403, 200, 200),
    "admin:objections_repairrequest_change[me_repair_others]": (LOGIN, LOGIN, 200, 200, 302, 403, 403, 200, 200),
    "route:admin/objections/repairrequest/<path:object_id>/[me_repair_own]": (LOGIN, LOGIN, 302, 302, 302, 302, 302, 302, 302),
    "route:admin/objections/repairrequest/<path:object_id>/[me_repair_others]": (LOGIN, LOGIN, 302, 302, 302, 302, 302, 302, 302),
    # A counterparty objects without an account: the same for everyone; step two and the
    # receipt send a browser without an identification (or a filing) in its session back.
    "objections:counterparty_identify[published_a]": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "objections:counterparty_identify[draft_b]": (404, 404, 404, 404, 404, 404, 404, 404, 404),
    "objections:counterparty_file[published_a]": (302, 302, 302, 302, 302, 302, 302, 302, 302),
    "objections:counterparty_file[draft_b]": (404, 404, 404, 404, 404, 404, 404, 404, 404),
    "objections:counterparty_repair_file[published_a]": (302, 302, 302, 302, 302, 302, 302, 302, 302),
    "objections:counterparty_repair_file[draft_b]": (404, 404, 404, 404, 404, 404, 404, 404, 404),
    "objections:counterparty_receipt": (302, 302, 302, 302, 302, 302, 302, 302, 302),
    "objections:status": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "core:login": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "core:logout": (405, 405, 405, 405, 405, 405, 405, 405, 405),
    "core:password_set_done": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "core:password_set[invalid_link]": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "objections:me": (302, 200, 404, 404, 404, 404, 404, 404, 404),
    "objections:record[me_record_own]": (302, 200, 404, 404, 404, 404, 404, 404, 404),
    "objections:record[me_record_others]": (302, 404, 404, 404, 404, 404, 404, 404, 404),
    "objections:file[me_record_own]": (302, 200, 404, 404, 404, 404, 404, 404, 404),
    "objections:file[me_record_others]": (302, 404, 404, 404, 404, 404, 404, 404, 404),
    "objections:detail[me_objection_own]": (302, 200, 404, 404, 404, 404, 404, 404, 404),
    "objections:detail[me_objection_others]": (302, 404, 404, 404, 404, 404, 404, 404, 404),
    "objections:evidence[me_evidence_own]": (302, 200, 404, 404, 404, 404, 404, 404, 404),
    "objections:evidence[me_evidence_others]": (302, 404, 404, 404, 404, 404, 404, 404, 404),
    # Credit repair (issue 10, item 7): the same gates; B's request and evidence are 404 for A.
    "objections:repair_file[me_record_own]": (302, 200, 404, 404, 404, 404, 404, 404, 404),
    "objections:repair_file[me_record_others]": (302, 404, 404, 404, 404, 404, 404, 404, 404),
    "objections:repair_detail[me_repair_own]": (302, 200, 404, 404, 404, 404, 404, 404, 404),
    "objections:repair_detail[me_repair_others]": (302, 404, 404, 404, 404, 404, 404, 404, 404),
    "objections:repair_evidence[me_repair_evidence_own]": (302, 200, 404, 404, 404, 404, 404, 404, 404),
    "objections:repair_evidence[me_repair_evidence_others]": (302, 404, 404, 404, 404, 404, 404, 404, 404),
    "api-me-repair-list": (403, 200, 403, 403, 403, 403, 403, 403, 403),
    "api-me-repair-detail[me_repair_own]": (403, 200, 403, 403, 403, 403, 403, 403, 403),
    "api-me-repair-detail[me_repair_others]": (403, 404, 403, 403, 403, 403, 403, 403, 403),
    "GET /api/v1/me/repairs/": (403, 200, 403, 403, 403, 403, 403, 403, 403),
    # JSON has no evidence file: 400 with the field message (multipart: test_repair_pages.py).
    "POST /api/v1/me/repairs/": (403, 400, 403, 403, 403, 403, 403, 403, 403),
    "GET /api/v1/me/repairs/{id}/[me_repair_own]": (403, 200, 403, 403, 403, 403, 403, 403, 403),
    "GET /api/v1/me/repairs/{id}/[me_repair_others]": (403, 404, 403, 403, 403, 403, 403, 403, 403),
    "GET /api/v1/me/objections/": (403, 200, 403, 403, 403, 403, 403, 403, 403),
    "POST /api/v1/me/objections/": (403, 201, 403, 403, 403, 403, 403, 403, 403),
    "GET /api/v1/me/objections/{id}/[me_objection_own]": (403, 200, 403, 403, 403, 403, 403, 403, 403),
    "GET /api/v1/me/objections/{id}/[me_objection_others]": (403, 404, 403, 403, 403, 403, 403, 403, 403),
    "GET /api/v1/me/records/": (403, 200, 403, 403, 403, 403, 403, 403, 403),
    "GET /api/v1/me/records/{id}/[me_record_own]": (403, 200, 403, 403, 403, 403, 403, 403, 403),
    "GET /api/v1/me/records/{id}/[me_record_others]": (403, 404, 403, 403, 403, 403, 403, 403, 403),
    # Evaluation, credit reports and API clients (issue 11, items 3-5). The reports of agencies
    # and companies are public; a civil servant's is for who may read the file (404 otherwise);
    # the credit-report API answers only API clients' tokens (401 for every session).
    "admin:records_civilservant_report[person_a]": (LOGIN, LOGIN, 200, 200, 404, 404, 404, 200, 200),
    "admin:records_civilservant_report[person_b]": (LOGIN, LOGIN, 404, 404, 200, 404, 404, 200, 200),
    "admin:records_evaluationsnapshot_recompute": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 405, 405),
    "admin:records_evaluationsnapshot_changelist": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 200, 200),
    "admin:records_evaluationsnapshot_add": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 403),
    "admin:records_evaluationsnapshot_history[snapshot]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 200, 200),
    "admin:records_evaluationsnapshot_delete[snapshot]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 403),
    "admin:records_evaluationsnapshot_change[snapshot]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 200, 200),
    "admin:records_issuedreport_changelist": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 200, 200),
    "admin:records_issuedreport_add": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 403),
    "admin:records_issuedreport_history[report_agency]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 200, 200),
    "admin:records_issuedreport_history[report_servant]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 200, 200),
    "admin:records_issuedreport_delete[report_agency]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 403),
    "admin:records_issuedreport_delete[report_servant]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 403),
    "admin:records_issuedreport_change[report_agency]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 200, 200),
    "admin:records_issuedreport_change[report_servant]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 200, 200),
    "admin:records_apiclient_changelist": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 200, 200),
    "admin:records_apiclient_add": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 200, 200),
    "admin:records_apiclient_history[api_client]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 200, 200),
    "admin:records_apiclient_delete[api_client]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 403, 403),
    "admin:records_apiclient_change[api_client]": (LOGIN, LOGIN, 403, 403, 403, 403, 403, 200, 200),
    "disclosure:subject-report[company]": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "disclosure:subject-report[unpublished]": (404, 404, 404, 404, 404, 404, 404, 404, 404),
    "records:evaluation": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "records:evaluation-method": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "records:agency-report[agency_a]": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "records:agency-report[inactive]": (404, 404, 404, 404, 404, 404, 404, 404, 404),
    "records:report[agency]": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "records:report[servant]": (404, 404, 200, 200, 404, 404, 404, 200, 200),
    "records:report-pdf[agency]": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "records:report-pdf[servant]": (404, 404, 200, 200, 404, 404, 404, 200, 200),
    "records:verify[agency]": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "records:verify[servant]": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "records:verify[unknown]": (404, 404, 404, 404, 404, 404, 404, 404, 404),
    "records:good-examples": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "records:dishonesty-cases": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "records:restricted-agencies": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "GET /api/v1/agencies/{uscc}/credit-report/[agency_a]": (401, 401, 401, 401, 401, 401, 401, 401, 401),
    "GET /api/v1/companies/{uscc}/credit-report/[company]": (401, 401, 401, 401, 401, 401, 401, 401, 401),
    "route:admin/records/evaluationsnapshot/<path:object_id>/[snapshot]": (LOGIN, LOGIN, 302, 302, 302, 302, 302, 302, 302),
    "route:admin/records/issuedreport/<path:object_id>/[report_agency]": (LOGIN, LOGIN, 302, 302, 302, 302, 302, 302, 302),
    "route:admin/records/issuedreport/<path:object_id>/[report_servant]": (LOGIN, LOGIN, 302, 302, 302, 302, 302, 302, 302),
    "route:admin/records/apiclient/<path:object_id>/[api_client]": (LOGIN, LOGIN, 302, 302, 302, 302, 302, 302, 302),
    "api-agency-credit-report[agency_a]": (401, 401, 401, 401, 401, 401, 401, 401, 401),
    "api-company-credit-report[company]": (401, 401, 401, 401, 401, 401, 401, 401, 401),
}
# fmt: on

# Cells where today's answer is wrong; the row above says what it should be. Remove an entry
# when its defect is fixed.
# (None today: the superuser no longer deletes users or civil servants, and the credit office no
# longer opens a superuser's change and password forms.)
KNOWN_DEFECTS: dict[tuple[str, str], str] = {}


def all_cells() -> list[str]:
    return [c for r in url_routes() for c in route_cells(r)] + [c for o in api_operations() for c in operation_cells(o)]


def test_every_url_and_api_operation_has_a_row() -> None:
    cells = all_cells()
    parametrised_without_variants = [r.key for r in url_routes() if r.params and not URL_VARIANTS.get(r.key)]
    missing = [c for c in cells if c not in EXPECTED]
    stale = sorted(set(EXPECTED) - set(cells))
    bad = [k for k, row in EXPECTED.items() if len(row) != len(PERSONAS)]
    assert not parametrised_without_variants, (
        f"URLs with parameters but no URL_VARIANTS: {parametrised_without_variants}"
    )
    assert not missing, "URLs/operations without a row in EXPECTED:\n" + "\n".join(missing)
    assert not stale, f"rows for URLs/operations that no longer exist: {stale}"
    assert not bad, f"rows without one status per persona: {bad}"


def _run_matrix(world: World) -> dict[str, tuple[Any, ...]]:
    """Ask every cell; the actual table, and the leaks found in 2xx bodies."""
    actual: dict[str, tuple[Any, ...]] = {}
    found_leaks: list[str] = []
    seen: dict[str, set[str]] = {text: set() for text in world.secrets}
    before = snapshot()
    for route in url_routes():
        variants = list(URL_VARIANTS.get(route.key, {})) if route.params else [None]
        for variant in variants:
            key = f"{route.key}[{variant}]" if variant else route.key
            url = route_url(route, world, variant)
            row = []
            for persona in PERSONAS:
                status, body = ask(world.clients[persona], "get", url)
                row.append(status)
                if isinstance(status, int) and 200 <= status < 300:
                    found_leaks += [f"{key} {persona}: {text}" for text in leaks(world, persona, body)]
                    for text in seen:
                        if text in body:
                            seen[text].add(persona)
            actual[key] = tuple(row)
    # The leak check is not vacuous: every text is found on some page by one of its readers.
    unseen = [t for t, readers in world.secrets.items() if readers and not seen[t] & readers]
    assert not unseen, f"texts no reader found on any page (is the leak check looking?): {unseen}"
    # No state change by GET (item 14): every URL was asked with GET by every persona.
    assert snapshot() == before, "a GET changed the database"
    for op in api_operations():
        variants = list(operation_variants(op)) if op.params else [None]
        for variant in variants:
            key = f"{op.key}[{variant}]" if variant else op.key
            row = []
            for persona in PERSONAS:
                if "{uscc}" in op.path:
                    url = op.path.replace("{uscc}", USCC_OF[str(variant)](world))
                    data = api_body(op)
                else:
                    pk = _operation_pk(op, world, variant) if variant else None
                    url = op.path.replace("{id}", str(pk)) + operation_query(op, world)
                    if op.path.startswith(ME_API):
                        data = me_body(world, op)
                    elif op.path.startswith(RECORDS_API):
                        data = record_body(world, op, variant)
                    elif op.path.startswith(COMMITMENTS_API):
                        data = commitment_body(world, op, variant)
                    elif op.path.startswith(SANCTIONS_API):
                        data = sanction_body(world, op)
                    else:
                        data = api_body(op)
                status, body = ask(world.clients[persona], op.method, url, data)
                row.append(status)
                if isinstance(status, int) and 200 <= status < 300:
                    found_leaks += [f"{key} {persona}: {text}" for text in leaks(world, persona, body)]
            actual[key] = tuple(row)
    actual["__leaks__"] = tuple(found_leaks)
    return actual


def _is_2xx(status: Any) -> bool:
    return isinstance(status, int) and 200 <= status < 300


def test_authorisation_matrix(db: Any, capsys: Any) -> None:
    world = build_world()
    actual = _run_matrix(world)
    found_leaks = list(actual.pop("__leaks__"))
    wrong, unexpected_2xx, fixed_defects = [], [], []
    cells = 0
    for key, row in actual.items():
        expected = EXPECTED.get(key)
        for i, persona in enumerate(PERSONAS):
            cells += 1
            got = row[i]
            want = expected[i] if expected else "?"
            if (key, persona) in KNOWN_DEFECTS:
                if got == want:
                    fixed_defects.append(f"{key} {persona}")
                continue
            if got != want:
                wrong.append(f"{key} {persona}: expected {want!r}, got {got!r}")
                if _is_2xx(got):
                    unexpected_2xx.append(f"{key} {persona}")
    with capsys.disabled():
        print(
            f"\nauthorisation matrix: {len(actual)} URL/operation rows, {cells} cells, "
            f"{len(unexpected_2xx)} unexpected 2xx, {len(wrong)} wrong, {len(found_leaks)} leaks, "
            f"{len(KNOWN_DEFECTS)} known defects"
        )
        import os

        if os.environ.get("MATRIX_RECORD"):
            with open(os.environ["MATRIX_RECORD"], "w") as out:
                for key, row in actual.items():
                    out.write(f"    {key!r}: ({', '.join(repr(s) if s == LOGIN else str(s) for s in row)}),\n")
    assert not found_leaks, "foreign rows in 2xx answers:\n" + "\n".join(found_leaks)
    assert not unexpected_2xx, "unexpected 2xx:\n" + "\n".join(unexpected_2xx)
    assert not wrong, "\n".join(wrong)
    assert not fixed_defects, f"known defects that no longer happen (remove from KNOWN_DEFECTS): {fixed_defects}"
