"""Reads of integrity files (政务诚信档案) with their rules: who may open which file, the
records of a file in time order with what belongs to each (evidence, the source fact, the
notices sent), and the sections a file page is assembled from.

A file page is a list of sections (`FileSection`), each a selector and a template. Apps add
theirs with `register_file_section` in their `AppConfig.ready()` (sanctions, for example),
so the page grows without this module or the view changing. Every section loads its data
in a fixed number of queries, whatever the number of records: the page's query count is
constant (tests/records/test_file_pages.py).

It also answers which sanctions bind, which restrictions an agency is under (plan item 5) and
who was told of a record (R-3), each in a constant number of queries.

It also reads the evaluation: the table with each agency's trend, and an agency's history.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import Agency, CivilServant, Notification
from core.workflow import Status
from integrity.lib.choices import choice_label
from integrity.lib.errors import NotVisible
from integrity.lib.lookups import StartsWithAny
from records.models import (
    CreditRecord,
    EvaluationPeriod,
    EvaluationSnapshot,
    Evidence,
    Measure,
    Polarity,
    RankingGroup,
    RecordNotice,
    Sanction,
    SanctionState,
    UseScope,
)

FILE_PAGE_SIZE = 20


def record_notice_prefix(record_id: int) -> str:
    """Every notice about a credit record carries a key that starts with this (the workflow's
    own notices do: ``records.creditrecord-<pk>-<move>-…``; notices on publication use it too),
    so a file finds the notices of its records without a link table."""
    return f"{CreditRecord._meta.label_lower}-{record_id}-"


@dataclass(frozen=True)
class FileSubject:
    """Whose file: an agency (政府诚信档案) or a civil servant (公务员诚信档案)."""

    agency: Agency | None = None
    civil_servant: CivilServant | None = None

    @property
    def kind(self) -> str:
        return "agency" if self.agency is not None else "civil_servant"

    @property
    def name(self) -> str:
        return self.agency.name if self.agency is not None else self.civil_servant.name  # type: ignore[union-attr]

    def records(self, qs: QuerySet[CreditRecord]) -> QuerySet[CreditRecord]:
        if self.agency is not None:
            return qs.filter(subject_agency=self.agency)
        return qs.filter(civil_servant=self.civil_servant)


def file_records_visible_to(user: Any) -> QuerySet[CreditRecord]:
    """The one gate for a file's records: `CreditRecord.objects.visible_to` (the agency's
    clerks and reviewers, the credit office everything, an overseer what was notified to it)."""
    return CreditRecord.objects.visible_to(user)


def may_open_files(user: Any) -> bool:
    """Whether the file index is offered at all: the credit office, the clerks and reviewers of
    an agency, and overseers (for what is notified to them)."""
    from core.roles import Role

    return bool(
        user.is_credit_office
        or CreditRecord.objects.holds_agency_role(user)
        or (user.is_staff and user.has_role(Role.OVERSEER))
    )


def file_subject_for(*, user: Any, agency_id: int | None = None, servant_id: int | None = None) -> FileSubject:
    """The subject whose file ``user`` may open, or `NotVisible` (answered 404).

    A file is open to whoever may read the subject (`visible_to`: the agency's clerks and
    reviewers, the credit office), and to whoever may read one of its records (an overseer
    for the records notified to it).
    """
    records = file_records_visible_to(user)
    if agency_id is not None:
        agency = Agency.objects.filter(pk=agency_id).first()
        if agency is None:
            raise NotVisible(_("There is no such file."))
        readers_own = user.is_credit_office or (
            CreditRecord.objects.holds_agency_role(user) and user.agency_id == agency.pk
        )
        if not readers_own and not records.filter(subject_agency=agency).exists():
            raise NotVisible(_("There is no such file."))
        return FileSubject(agency=agency)
    servant = CivilServant.objects.visible_to(user).select_related("agency").filter(pk=servant_id).first()
    if servant is None:
        if not records.filter(civil_servant_id=servant_id).exists():
            raise NotVisible(_("There is no such file."))
        servant = CivilServant.objects.select_related("agency").get(pk=servant_id)
    return FileSubject(civil_servant=servant)


@dataclass(frozen=True)
class FileFilters:
    """What a clerk narrows a file by; empty values filter nothing."""

    category: str = ""
    polarity: str = ""
    status: str = ""
    tier: str = ""
    use_scope: str = ""
    year: int | None = None
    q: str = ""

    def apply(self, qs: QuerySet[CreditRecord]) -> QuerySet[CreditRecord]:
        for name in ("category", "polarity", "status", "tier", "use_scope"):
            value = getattr(self, name)
            if value:
                qs = qs.filter(**{name: value})
        if self.year:
            qs = qs.filter(decision_date__year=self.year)
        if self.q:
            qs = qs.filter(Q(summary__icontains=self.q) | Q(document_number__icontains=self.q))
        return qs

    @property
    def any(self) -> bool:
        return any(getattr(self, name) for name in self.__dataclass_fields__)


def fact_source_url(fact: Any) -> str:
    """The back-office page of the object an integrity fact is about, or "" if it has none."""
    from django.urls import NoReverseMatch, reverse

    app_label, _dot, model = fact.object_type.partition(".")
    try:
        return reverse(f"admin:{app_label}_{model}_change", args=[fact.object_id])
    except NoReverseMatch:
        return ""


@dataclass
class FileEntry:
    """One record of the file as the timeline shows it."""

    record: CreditRecord
    notices: list[Notification] = field(default_factory=list)

    @property
    def source_url(self) -> str:
        return fact_source_url(self.record.fact) if self.record.fact_id and self.record.fact else ""

    @property
    def in_influence_period(self) -> bool:
        until = self.record.influence_until
        return bool(until and until >= timezone.localdate())

    @property
    def on_public_site(self) -> bool:
        r = self.record
        return (
            r.status == Status.PUBLISHED
            and r.use_scope == UseScope.PUBLIC
            and r.left_public_at is None
            and (r.public_until is None or r.public_until >= timezone.localdate())
        )


# What a file's timeline shows of a record and of what it points at (records_files.entry_html):
# the rest of the row (workflow stamps, reasons, key areas…) is for the record's own page.
TIMELINE_FIELDS = (
    "status",
    "decision_date",
    "category",
    "polarity",
    "tier",
    "summary",
    "document_number",
    "use_scope",
    "public_until",
    "min_public_until",
    "left_public_at",
    "sanction_kind",
    "influence_until",
    "providing_agency__name",
    "fact__kind",
    "fact__object_type",
    "fact__object_id",
    "fact__occurred_on",
    "takedown__taken_down_at",
    "takedown__reason",
)


class _CountedPaginator(Paginator):
    """A paginator told its count (the file's total is already known from its overview)."""

    def __init__(self, object_list: Any, per_page: int, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count  # Paginator.count is a cached_property


def file_timeline(
    subject: FileSubject,
    *,
    user: Any,
    filters: FileFilters,
    page: int | str | None = 1,
    total: int | None = None,
) -> tuple[Page[Any], list[FileEntry]]:
    """The file's records, newest decision first, a page at a time, each with its evidence,
    source fact and notices: at most four queries (count, page, evidence, notices) for any
    page; no count when ``total`` (the unfiltered file's, from its overview) answers it, no
    evidence query for a page without evidence."""
    records = filters.apply(subject.records(file_records_visible_to(user)))
    records = (
        records.select_related("providing_agency", "fact", "takedown")
        .only(*TIMELINE_FIELDS)
        .annotate(has_evidence=Exists(Evidence.objects.filter(record=OuterRef("pk"))))
        .order_by("-decision_date", "-id")
    )
    if total is not None and not filters.any:
        paginator: Paginator[Any] = _CountedPaginator(records, FILE_PAGE_SIZE, count=total)
    else:
        paginator = Paginator(records, FILE_PAGE_SIZE)
    current = paginator.get_page(page)
    entries = [FileEntry(record=r) for r in current.object_list]
    with_evidence = [e.record for e in entries if getattr(e.record, "has_evidence")]  # noqa: B009  (annotated)
    prefetch_related_objects(
        with_evidence, Prefetch("evidence", queryset=Evidence.objects.only("record_id", "original_name"))
    )
    notices = record_notices([e.record.pk for e in entries])
    for entry in entries:
        entry.notices = notices.get(entry.record.pk, [])
    return current, entries


# What the timeline shows of a notice (records_files.entry_html).
NOTICE_FIELDS = (
    "key",
    "subject",
    "created_at",
    "mailed_at",
    "recipient__username",
    "recipient__first_name",
    "recipient__last_name",
)


def record_notices(record_ids: Iterable[int]) -> dict[int, list[Notification]]:
    """The notices sent about these records, oldest first, in one query."""
    ids = list(record_ids)
    if not ids:
        return {}
    prefixes = {record_notice_prefix(pk): pk for pk in ids}
    found: dict[int, list[Notification]] = {}
    notices = (
        Notification.objects.filter(StartsWithAny(F("key"), list(prefixes)))
        .select_related("recipient")
        .only(*NOTICE_FIELDS)
        .order_by("created_at", "id")
    )
    for notice in notices:
        head, _dash, _rest = notice.key.partition("-")
        number = notice.key[len(head) + 1 :].split("-", 1)[0]
        if number.isdigit():
            found.setdefault(int(number), []).append(notice)
    return found


def file_counts(subject: FileSubject, *, user: Any) -> list[tuple[str, str, int]]:
    """(polarity, status, number of records) of the file as ``user`` sees it; one query."""
    rows = subject.records(file_records_visible_to(user)).values("polarity", "status").annotate(n=Count("id"))
    return [(row["polarity"], row["status"], row["n"]) for row in rows.order_by()]


def file_summary(
    subject: FileSubject, *, user: Any, counts: list[tuple[str, str, int]] | None = None
) -> dict[str, Any]:
    """Counts by polarity and status, and the records still in an influence period; at most two
    queries (one fewer when ``counts`` are given)."""
    if counts is None:
        counts = file_counts(subject, user=user)
    by_polarity: dict[str, int] = {p: 0 for p in Polarity.values}
    by_status: dict[str, int] = {}
    for polarity, status, n in counts:
        by_polarity[polarity] += n
        by_status[status] = by_status.get(status, 0) + n
    # An influence period belongs to a civil servant's published dishonesty record with a
    # sanction (records.services.records checks it on every save): other files skip the query.
    influence: list[CreditRecord] = []
    if subject.civil_servant is not None and any(
        p == Polarity.DISHONEST and s == Status.PUBLISHED and n for p, s, n in counts
    ):
        influence = list(
            subject.records(file_records_visible_to(user))
            .filter(status=Status.PUBLISHED, influence_until__gte=timezone.localdate())
            .only("category", "document_number", "sanction_kind", "influence_until")
            .order_by("influence_until")[:20]
        )
    return {
        "total": sum(by_polarity.values()),
        "by_polarity": [(Polarity(p).label, n) for p, n in by_polarity.items()],
        "by_status": [(Status(s).label, n) for s, n in sorted(by_status.items())],
        "influence": influence,
    }


# --- sections of a file page ---


@dataclass(frozen=True)
class FileContext:
    """What a section gets to load its data from."""

    user: Any
    subject: FileSubject
    filters: FileFilters
    page: int | str | None
    today: dt.date

    @cached_property
    def counts(self) -> list[tuple[str, str, int]]:
        """The file's records by polarity and status, loaded once for the sections that need them."""
        return file_counts(self.subject, user=self.user)


@dataclass(frozen=True)
class FileSection:
    """One part of a file page: ``load`` returns the template's data, or None to leave the
    section out (e.g. nothing of that kind for this subject). Lower ``order`` comes first."""

    key: str
    title: Any
    template: str
    load: Callable[[FileContext], Any]
    order: int = 100
    kinds: frozenset[str] = frozenset({"agency", "civil_servant"})


_sections: dict[str, FileSection] = {}


def register_file_section(section: FileSection) -> None:
    """Add (or replace, by key) a section of the file pages; idempotent."""
    _sections[section.key] = section


def file_sections(ctx: FileContext) -> list[tuple[FileSection, Any]]:
    """The sections of this subject's file with their data, in order."""
    out = []
    for section in sorted(_sections.values(), key=lambda s: (s.order, s.key)):
        if ctx.subject.kind not in section.kinds:
            continue
        data = section.load(ctx)
        if data is not None:
            out.append((section, data))
    return out


def _summary_section(ctx: FileContext) -> Any:
    return file_summary(ctx.subject, user=ctx.user, counts=ctx.counts)


def _timeline_section(ctx: FileContext) -> Any:
    total = sum(n for _polarity, _status, n in ctx.counts)
    page, entries = file_timeline(ctx.subject, user=ctx.user, filters=ctx.filters, page=ctx.page, total=total)
    return {"page": page, "entries": entries}


register_file_section(
    FileSection(
        key="summary",
        title=_("Overview"),
        template="admin/records/file/_summary.html",
        load=_summary_section,
        order=10,
    )
)
register_file_section(
    FileSection(
        key="records",
        title=_("Records in time order"),
        template="admin/records/file/_records.html",
        load=_timeline_section,
        order=50,
    )
)


# --- the index of files (find a file) ---

INDEX_PAGE_SIZE = 50


def servants_for_index(*, user: Any, q: str = "", agency_id: int | None = None) -> QuerySet[CivilServant]:
    """Civil servants whose files the user may open, found by name or by the full ID number
    (through the keyed hash: never a decrypting scan)."""
    from integrity.lib.identifiers import normalise_id_number

    people = CivilServant.objects.visible_to(user)
    if not (user.is_credit_office or CivilServant.objects.holds_agency_role(user)):
        notified = file_records_visible_to(user).filter(civil_servant__isnull=False).values("civil_servant_id")
        people = CivilServant.objects.filter(pk__in=notified)
    if agency_id:
        people = people.filter(agency_id=agency_id)
    term = q.strip()
    if term:
        number = normalise_id_number(term)
        if len(number) == 18:
            people = people.filter(id_number_hash=CivilServant.hash_for(number))
        else:
            people = people.filter(name__icontains=term)
    return people.select_related("agency").order_by("agency__name", "name", "id")


def agencies_for_index(*, user: Any, q: str = "") -> QuerySet[Agency]:
    """Agencies whose files the user may open: all for the credit office, the own agency for
    its clerks and reviewers, those with a record notified to an overseer."""
    if user.is_credit_office:
        agencies = Agency.objects.all()
    elif CreditRecord.objects.holds_agency_role(user):
        agencies = Agency.objects.filter(pk=user.agency_id)
    else:
        notified = file_records_visible_to(user).filter(subject_agency__isnull=False).values("subject_agency_id")
        agencies = Agency.objects.filter(pk__in=notified)
    term = q.strip()
    if term:
        agencies = agencies.filter(Q(name__icontains=term) | Q(uscc__iexact=term))
    return agencies.order_by("name")


def public_records_of(agency: Agency) -> QuerySet[CreditRecord]:
    """The agency's own published public records for the public site (never a civil
    servant's unless that record's scope is public: those are in their own file, not here)."""
    return CreditRecord.objects.public().filter(subject_agency=agency).order_by("-decision_date", "-id")


def public_servant_records_of(agency: Agency) -> QuerySet[CreditRecord]:
    """Public-scope published records of the agency's civil servants (a clerk chose 公示 for
    them); shown masked (surname plus **)."""
    return (
        CreditRecord.objects.public()
        .filter(civil_servant__agency=agency)
        .select_related("civil_servant")
        .order_by("-decision_date", "-id")
    )


__all__ = [
    "FILE_PAGE_SIZE",
    "FileContext",
    "FileEntry",
    "FileFilters",
    "FileSection",
    "FileSubject",
    "Restriction",
    "agencies_for_index",
    "agencies_restrictions",
    "agency_restrictions",
    "debtor_sanctions_in_force",
    "fact_source_url",
    "file_records_visible_to",
    "file_sections",
    "file_subject_for",
    "file_summary",
    "file_timeline",
    "is_restricted",
    "may_open_files",
    "notices_for_records",
    "public_records_of",
    "public_servant_records_of",
    "record_notice_prefix",
    "record_notices",
    "register_file_section",
    "sanctions_for_record",
    "sanctions_for_records",
    "servants_for_index",
]


@dataclass(frozen=True)
class Restriction:
    """One restriction in force on an agency listed as a dishonest judgment debtor."""

    measure: str
    label: str
    since: dt.date
    until: dt.date | None
    sanction_id: int
    record_id: int


def _agency_id(agency: Agency | int) -> int:
    return agency if isinstance(agency, int) else agency.pk


def debtor_sanctions_in_force(today: dt.date, *, public_only: bool = False) -> Any:
    """The judgment-debtor listings (失信被执行人) in force today; ``public_only``: only those of
    records the public site shows (the 联合惩戒 page never names an agency by a record it hides)."""
    qs = Sanction.objects.in_force(today).filter(kind=Sanction.Kind.JUDGMENT_DEBTOR)
    if public_only:
        qs = qs.filter(record__in=CreditRecord.objects.public(today))
    return qs


def _debtor_sanctions(agency_ids: Iterable[int], today: dt.date, *, public_only: bool = False) -> Any:
    return (
        debtor_sanctions_in_force(today, public_only=public_only)
        .filter(record__subject_agency_id__in=list(agency_ids))
        .values("id", "record_id", "record__subject_agency_id", "measures", "active_from", "active_until")
        .order_by("active_from", "id")
    )


def is_restricted(agency: Agency | int, measure: str, *, today: dt.date | None = None) -> bool:
    """Whether ``agency`` may not have ``measure`` (a `Measure` value) today: it is listed as a
    dishonest judgment debtor by a published record whose restrictions are in force. One query."""
    if measure not in Measure.values:
        raise ValueError(f"unknown restriction {measure!r}")
    today = today or timezone.localdate()
    # The JSON list as text holds the quoted value: portable across SQLite and PostgreSQL.
    return bool(
        Sanction.objects.in_force(today)
        .filter(
            kind=Sanction.Kind.JUDGMENT_DEBTOR,
            record__subject_agency_id=_agency_id(agency),
            measures__icontains=f'"{measure}"',
        )
        .exists()
    )


def agencies_restrictions(
    agencies: Iterable[Agency | int], *, today: dt.date | None = None, public_only: bool = False
) -> dict[int, list[Restriction]]:
    """Per agency id, the restrictions in force (each measure once, from the earliest listing
    that imposes it). Agencies without any are absent. One query."""
    today = today or timezone.localdate()
    labels = dict(Measure.choices)
    found: dict[int, dict[str, Restriction]] = defaultdict(dict)
    for row in _debtor_sanctions((_agency_id(a) for a in agencies), today, public_only=public_only):
        for measure in row["measures"] or []:
            if measure in labels and measure not in found[row["record__subject_agency_id"]]:
                found[row["record__subject_agency_id"]][measure] = Restriction(
                    measure=measure,
                    label=str(labels[measure]),
                    since=row["active_from"],
                    until=row["active_until"],
                    sanction_id=row["id"],
                    record_id=row["record_id"],
                )
    order = list(Measure.values)
    return {
        agency_id: sorted(by_measure.values(), key=lambda r: order.index(r.measure))
        for agency_id, by_measure in found.items()
    }


def agency_restrictions(agency: Agency | int, *, today: dt.date | None = None) -> list[Restriction]:
    """The restrictions in force on one agency, in the plan's order. One query."""
    return agencies_restrictions([agency], today=today).get(_agency_id(agency), [])


def sanctions_for_records(records: Iterable[CreditRecord | int]) -> dict[int, list[Sanction]]:
    """Per record id, its sanctions (lifted ones included, newest first) with their evidence
    files. Two queries for any number of records."""
    ids = [r if isinstance(r, int) else r.pk for r in records]
    result: dict[int, list[Sanction]] = {pk: [] for pk in ids}
    if not ids:
        return result
    sanctions = (
        Sanction.objects.filter(record_id__in=ids)
        .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("uploaded_at", "id")))
        .order_by("-active_from", "-id")
    )
    for sanction in sanctions:
        result[sanction.record_id].append(sanction)
    return result


def sanctions_for_record(record: CreditRecord | int) -> list[Sanction]:
    key = record if isinstance(record, int) else record.pk
    return sanctions_for_records([key])[key]


def notices_for_records(records: Iterable[CreditRecord | int]) -> dict[int, list[RecordNotice]]:
    """Per record id, who was told of it and when ("notices sent" on the file page). One query."""
    ids = [r if isinstance(r, int) else r.pk for r in records]
    result: dict[int, list[RecordNotice]] = {pk: [] for pk in ids}
    if not ids:
        return result
    for notice in RecordNotice.objects.filter(record_id__in=ids).select_related("recipient", "recipient_agency"):
        result[notice.record_id].append(notice)
    return result


# --- the sanctions section of a file page ---

# The newest sanctions of a file (a file with more shows these; each record has its own page).
FILE_SANCTIONS = 300


@dataclass(frozen=True)
class FileSanction:
    """One sanction as the file shows it: the measure with where its clock stands today."""

    sanction: Sanction
    state: str
    state_label: str


def _file_sanctions_section(ctx: FileContext) -> Any:
    """The file's records that carry sanctions, each with its sanctions and their clocks, and
    an agency's judgment-debtor restrictions in force: one query, and one more for the
    restrictions when a judgment-debtor listing is among them or the list was cut."""
    sanctions = list(
        Sanction.objects.filter(record__in=ctx.subject.records(file_records_visible_to(ctx.user)))
        .select_related("record")
        .only(
            "kind",
            "document_number",
            "active_from",
            "active_until",
            "due_on",
            "completed_on",
            "lifted_at",
            "record__category",
            "record__document_number",
            "record__decision_date",
        )
        .order_by("-record__decision_date", "-record_id", "-active_from", "-id")[:FILE_SANCTIONS]
    )
    rows: list[tuple[CreditRecord, list[FileSanction]]] = []
    debtor = False
    for sanction in sanctions:
        if not rows or rows[-1][0].pk != sanction.record_id:
            rows.append((sanction.record, []))
        state = sanction.state(ctx.today)
        rows[-1][1].append(FileSanction(sanction=sanction, state=state, state_label=choice_label(SanctionState, state)))
        debtor = debtor or sanction.kind == Sanction.Kind.JUDGMENT_DEBTOR
    # A judgment-debtor listing older than the newest FILE_SANCTIONS is not among those read:
    # a cut list asks for the restrictions all the same.
    cut = len(sanctions) == FILE_SANCTIONS
    restrictions = (
        agency_restrictions(ctx.subject.agency, today=ctx.today) if ctx.subject.agency and (debtor or cut) else []
    )
    if not rows and not restrictions:
        return None
    return {"rows": rows, "restrictions": restrictions, "today": ctx.today}


register_file_section(
    FileSection(
        key="sanctions",
        title=_("Sanctions"),
        template="admin/records/file/_sanctions.html",
        load=_file_sanctions_section,
        order=30,
    )
)


# --- the integrity evaluation's table and history ---

TREND_QUARTERS = 8


def evaluation_years() -> list[int]:
    """Years that have a year snapshot, newest first."""
    starts = (
        EvaluationSnapshot.objects.filter(period=EvaluationPeriod.YEAR, current=True)
        .values_list("period_start", flat=True)
        .distinct()
        .order_by("-period_start")
    )
    return [d.year for d in starts]


def _quarter_starts(year: int, last: dt.date | None) -> list[dt.date]:
    """The first days of the TREND_QUARTERS quarters ending with the year's last (or ``last``'s)."""
    end = last or dt.date(year, 12, 31)
    q = (end.month - 1) // 3
    starts = []
    y = end.year
    for _quarter in range(TREND_QUARTERS):
        starts.append(dt.date(y, 3 * q + 1, 1))
        q -= 1
        if q < 0:
            q, y = 3, y - 1
    return list(reversed(starts))


@dataclass
class EvaluationRow:
    agency: Agency
    year: EvaluationSnapshot
    quarter: EvaluationSnapshot | None = None
    trend: list[tuple[dt.date, EvaluationSnapshot | None]] = field(default_factory=list)


def evaluation_table(year: int) -> dict[str, list[EvaluationRow]]:
    """The year's newest scores by ranking group, rank order, each with the last quarter's
    score and the quarter-by-quarter trend; three queries whatever the number of agencies."""
    years = list(
        EvaluationSnapshot.objects.filter(period=EvaluationPeriod.YEAR, current=True, period_start=dt.date(year, 1, 1))
        .select_related("agency")
        .order_by("group", "rank", "agency__name")
    )
    as_of = max((s.as_of for s in years), default=None)
    starts = _quarter_starts(year, as_of)
    quarters: dict[tuple[int, dt.date], EvaluationSnapshot] = {
        (s.agency_id, s.period_start): s
        for s in EvaluationSnapshot.objects.filter(
            period=EvaluationPeriod.QUARTER, current=True, period_start__in=starts
        ).only("agency_id", "period_start", "score", "grade", "as_of")
    }
    table: dict[str, list[EvaluationRow]] = {g.value: [] for g in RankingGroup}
    for s in years:
        row = EvaluationRow(agency=s.agency, year=s)
        row.trend = [(start, quarters.get((s.agency_id, start))) for start in starts]
        row.quarter = row.trend[-1][1]
        table[s.group].append(row)
    return table


def agency_evaluation_history(agency: Any) -> dict[str, Any]:
    """An agency's newest year and quarter scores and its final score of every year."""
    snapshots = list(
        EvaluationSnapshot.objects.filter(agency=agency, current=True).order_by("-period_start", "period")[:40]
    )
    years = [s for s in snapshots if s.period == EvaluationPeriod.YEAR]
    quarter = next((s for s in snapshots if s.period == EvaluationPeriod.QUARTER), None)
    return {"current": years[0] if years else None, "quarter": quarter, "years": years}
