"""The one place that decides what an administrative action looks like in public.

Every public page, the feed, the CSV/JSON downloads and the open-data API build their
output from `public_fields`, and the search column from `search_text_for`, so search finds
only what the public may read. A natural person's name is masked (surname + **), their ID
document never appears, and a legal representative (a natural person too) is masked;
organisations and their USCCs appear in full (R-P).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.services.marks import Mark, item_marks
from core.workflow import Status
from disclosure import standard
from disclosure.models import ActionKind, AdministrativeAction, CounterpartyType
from disclosure.services.clock import repair_possible_from
from integrity.lib.masking import mask_name, public_party_name
from integrity.lib.personal_data import mask_personal_data
from integrity.lib.search import bigram_text

# A decision's kind in the addresses of the counterparty objection pages (core.services.objectables).
OBJECTABLE_SLUG = "decision"

# The column order of downloads; labels follow the 双公示 standard.
PUBLIC_COLUMNS: list[tuple[str, str]] = [
    ("id", "编号"),
    # Where machines need a code, it has its own column beside the words people read.
    ("kind_label", "行政行为类别"),
    ("kind", "行政行为类别代码"),
    ("counterparty_name", "行政相对人名称"),
    ("counterparty_type_label", "行政相对人类别"),
    ("counterparty_type", "行政相对人类别代码"),
    ("counterparty_uscc", "统一社会信用代码"),
    ("legal_representative", "法定代表人"),
    ("document_name", "决定文书名称"),
    ("document_number", "决定文书号"),
    ("decision_date", "决定日期"),
    ("agency_name", "决定机关"),
    ("agency_uscc", "决定机关统一社会信用代码"),
    ("data_source_agency_name", "数据来源单位"),
    ("violation_type", "违法行为类型"),
    ("violation_facts", "违法事实"),
    ("penalty_basis", "处罚依据"),
    ("penalty_categories", "处罚类别"),
    ("penalty_content", "处罚内容"),
    ("fine_amount", "罚款金额（万元）"),
    ("fine_amount_text", "罚款金额"),
    ("confiscated_amount", "没收违法所得、没收非法财物的金额（万元）"),
    ("confiscated_amount_text", "没收违法所得、没收非法财物的金额"),
    ("suspended_licence", "暂扣或吊销证照名称及编号"),
    ("tier_label", "严重程度"),
    ("tier", "严重程度代码"),
    ("licence_certificate_name", "许可证书名称"),
    ("licence_number", "许可编号"),
    ("licence_content", "许可内容"),
    ("valid_from", "有效期自"),
    ("valid_to", "有效期至"),
    ("licence_state_label", "当前状态"),
    ("licence_state", "当前状态代码"),
    ("status_label", "公示状态"),
    ("status", "公示状态代码"),
    ("published_at", "公示日期"),
    ("public_until", "公示截止日期"),
    ("remarks", "备注"),
    # 「异议处理中」 while the counterparty's objection is open (a fact of the objections app).
    ("marks", "标注"),
    ("url", "网址"),
]


# The public text that search covers (the rest is codes, dates and amounts).
SEARCHED: tuple[str, ...] = (
    "document_name",
    "document_number",
    "counterparty_name",
    "counterparty_uscc",
    "kind_label",
    "violation_type",
    "violation_facts",
    "penalty_content",
    "licence_certificate_name",
    "licence_content",
)


def public_text(action: Any, keys: tuple[str, ...] | None = None) -> dict[str, str]:
    """The free-text and party fields as the public sees them (masking decided here, once).

    Entry refuses personal data in free text; masking it here again is the defence in depth
    for whatever got past (older rows, a direct database fix). `keys` limits the work to the
    fields a caller shows (a list shows a few of them)."""
    natural = action.counterparty_type == CounterpartyType.NATURAL_PERSON
    names = [action.counterparty_name] if natural else [action.legal_representative]

    def free(text: str) -> str:
        return mask_personal_data(text or "", names)

    rules: dict[str, Callable[[], str]] = {
        "kind_label": lambda: free(action.other_kind_name) or str(action.get_kind_display()),
        "counterparty_name": lambda: public_party_name(action.counterparty_name, natural_person=natural),
        "counterparty_uscc": lambda: "" if natural else action.counterparty_uscc,
        "legal_representative": lambda: mask_name(action.legal_representative),
        "document_number": lambda: action.document_number,
        "licence_number": lambda: action.licence_number,
    }
    return {key: free(getattr(action, key)) if key in FREE_TEXT else rules[key]() for key in (keys or PUBLIC_TEXT_KEYS)}


# Published as typed (masked for personal data on the way out).
FREE_TEXT = (
    "document_name",
    "violation_type",
    "violation_facts",
    "penalty_basis",
    "penalty_content",
    "suspended_licence",
    "licence_certificate_name",
    "licence_content",
    "remarks",
)
PUBLIC_TEXT_KEYS = (
    "kind_label",
    "counterparty_name",
    "counterparty_uscc",
    "legal_representative",
    "document_number",
    "licence_number",
    *FREE_TEXT,
)


def search_text_for(action: Any) -> str:
    """The stored search column: character bigrams of the public text only."""
    text = public_text(action)
    return bigram_text(" ".join(text[key] for key in SEARCHED))


def _label(display: Any) -> str:
    """A choice's words: the standard's Chinese term where the label carries one in brackets."""
    text = str(display)
    if "(" in text and text.endswith(")"):
        inner = text[text.rindex("(") + 1 : -1]
        if any("\u4e00" <= ch <= "\u9fff" for ch in inner):
            return inner
    return text


def action_marks(actions: Iterable[Any]) -> dict[Any, list[Mark]]:
    """The marks of a page or chunk of actions (「异议处理中」), one query per provider."""
    return item_marks(AdministrativeAction, [a.pk for a in actions])


def public_fields(action: AdministrativeAction, marks: Mapping[Any, list[Mark]] | None = None) -> dict[str, Any]:
    """The item as the public may read it. ``marks``: the marks of the caller's whole page or
    chunk (`action_marks`); without it the item's own are read (one query)."""
    text = public_text(action)
    return {
        "id": action.pk,
        "kind": action.kind,
        "kind_label": text["kind_label"],
        "counterparty_name": text["counterparty_name"],
        "counterparty_type": action.counterparty_type,
        "counterparty_type_label": _label(action.get_counterparty_type_display()),
        "counterparty_uscc": text["counterparty_uscc"],
        "legal_representative": text["legal_representative"],
        "document_name": text["document_name"],
        "document_number": text["document_number"],
        "decision_date": action.decision_date.isoformat(),
        # The deciding agency as the decision names it (another agency's, entered on its behalf).
        "agency_name": action.deciding_agency_name or action.agency.name,
        "agency_uscc": action.deciding_agency_uscc or (action.agency.uscc if not action.deciding_agency_name else ""),
        "data_source_agency_name": action.data_source_name or (action.data_source_agency or action.agency).name,
        "violation_type": text["violation_type"],
        "violation_facts": text["violation_facts"],
        "penalty_basis": text["penalty_basis"],
        "penalty_categories": action.penalty_category_labels(),
        "penalty_content": text["penalty_content"],
        "fine_amount": plain_decimal(action.fine_amount),
        "fine_amount_text": format_amount(action.fine_amount),
        "confiscated_amount": plain_decimal(action.confiscated_amount),
        "confiscated_amount_text": format_amount(action.confiscated_amount),
        "suspended_licence": text["suspended_licence"],
        "tier": action.tier,
        "tier_label": _label(action.get_tier_display()) if action.tier else "",
        "licence_certificate_name": text["licence_certificate_name"],
        "licence_number": text["licence_number"],
        "licence_content": text["licence_content"],
        "valid_from": action.valid_from.isoformat() if action.valid_from else None,
        "valid_to": action.valid_to.isoformat() if action.valid_to else None,
        "licence_state": action.licence_state,
        "licence_state_label": _label(action.get_licence_state_display()) if action.licence_state else "",
        "status": action.status,
        "status_label": str(Status(action.status).label),
        # Local time with its offset (+08:00): what a reader in the district expects.
        "published_at": timezone.localtime(action.published_at).isoformat() if action.published_at else None,
        "public_until": action.public_until.isoformat() if action.public_until else None,
        "remarks": text["remarks"],
        "marks": [str(m.label) for m in (action_marks([action]) if marks is None else marks).get(action.pk, [])],
        "url": reverse("disclosure:detail", args=[action.pk]),
    }


# --- amounts: the standard stores 万元 with six decimals; people write 500元 or 4.65万元 ------


def plain_decimal(value: Decimal | None) -> str | None:
    """The machine column of downloads and the API: 万元 as a plain decimal, no trailing zeros
    and never an exponent ("0.05", "4.65", "12000"), or None when not given."""
    if value is None:
        return None
    text = format(value.normalize(), "f")
    return text if text != "-0" else "0"


def format_amount(wan: Decimal | None) -> str:
    """An amount in 万元 as people write it: under 10,000 yuan in 元 (「500元」), from there in
    万元 (「4.65万元」). The units are the standard's Chinese words, as in the column labels,
    so the text is the same in downloads whatever the page language."""
    if wan is None:
        return ""
    if wan < 1:
        return f"{plain_decimal(wan * 10000)}元"
    return f"{plain_decimal(wan)}万元"


# --- what the pages show on top of public_fields ---------------------------------------------

SUBJECT_TYPES = (CounterpartyType.LEGAL_PERSON, CounterpartyType.INDIVIDUAL_BUSINESS)


def has_subject_page(action: Any) -> bool:
    """Only organisations and 个体工商户 with a credit code get a subject page; natural persons never."""
    return action.counterparty_type in SUBJECT_TYPES and bool(action.counterparty_uscc)


def decision_summary(fields: dict[str, Any]) -> str:
    """What was decided, in a few words: the penalty content (with the fine), the licence, or
    the kind of act with its document name. `fields` holds the public (masked) texts."""
    if fields["kind"] == "penalty":
        text = fields["penalty_content"] or "、".join(fields["penalty_categories"]) or fields["document_name"]
        if fields["fine_amount_text"] and fields["fine_amount_text"] not in text:
            text = f"{text}（罚款{fields['fine_amount_text']}）"
        return str(text)
    if fields["kind"] == "licensing":
        return str(fields["licence_certificate_name"] or fields["licence_content"] or fields["document_name"])
    return str(fields["document_name"])


def public_item(action: AdministrativeAction) -> dict[str, Any]:
    """public_fields plus what a page needs to be scanned: the headline parts and the subject
    link. The detail page; the API and downloads keep to PUBLIC_COLUMNS."""
    fields = public_fields(action)
    fields["decision"] = decision_summary(fields)
    fields["subject_url"] = (
        reverse("disclosure:subject", args=[action.counterparty_uscc]) if has_subject_page(action) else ""
    )
    # Its counterparty may object to it (objections app, through core.services.objectables);
    # not while an objection is already being handled.
    start = reverse("objections:counterparty_identify", args=[OBJECTABLE_SLUG, action.pk])
    fields["objection_url"] = "" if fields["marks"] else start
    # Credit repair of a penalty: offered from the day after its minimum publicity period;
    # before it the page says from when (the button disabled), never while a request is open.
    repair_from = repair_possible_from(action)
    fields["repair"] = (
        None
        if repair_from is None or fields["marks"]
        else {
            "url": f"{start}?for=repair",
            "from": repair_from.isoformat(),
            "open": timezone.localdate() >= repair_from,
            "publicity_end": (repair_from - dt.timedelta(days=1)).isoformat(),
        }
    )
    return fields


# The columns a result in a list needs (the lists load only these: the long texts and the
# search column are most of a row).
LIST_COLUMNS = (
    "id",
    "kind",
    "other_kind_name",
    "status",
    "counterparty_name",
    "counterparty_type",
    "counterparty_uscc",
    "legal_representative",
    "document_name",
    "document_number",
    "decision_date",
    "penalty_categories",
    "penalty_content",
    "fine_amount",
    "licence_certificate_name",
    "licence_content",
    "agency__name",
    "agency__uscc",
)


LIST_TEXT = (
    "counterparty_name",
    "document_name",
    "penalty_content",
    "licence_certificate_name",
    "licence_content",
)


def list_items(actions: list[AdministrativeAction]) -> list[dict[str, Any]]:
    """One result of a list as a reader scans it: who, what was decided, when, by whom.

    Masks only the texts a result shows (the same rules as public_text), and builds the
    links from one reversed pattern: at 20 results a page this is most of the page's cost."""
    detail = reverse("disclosure:detail", args=[0]).replace("/0/", "/{}/")
    subject = reverse("disclosure:subject", args=["X"]).replace("/X/", "/{}/")
    # The kind's words once a page: get_kind_display() per result was a tenth of the page.
    kinds = {value: str(label) for value, label in ActionKind.choices}
    marks = action_marks(actions)
    out = []
    for action in actions:
        text = public_text(action, LIST_TEXT)
        # As public_text's kind_label: the typed name of an "other" kind, masked, wins.
        text["kind_label"] = (
            public_text(action, ("kind_label",))["kind_label"] if action.other_kind_name else kinds[action.kind]
        )
        fine = format_amount(action.fine_amount)
        fields = {**text, "kind": action.kind, "penalty_categories": action.penalty_category_labels()}
        fields["fine_amount_text"] = fine
        out.append(
            {
                "id": action.pk,
                "kind": action.kind,
                "kind_label": text["kind_label"],
                "status": action.status,
                "counterparty_name": text["counterparty_name"],
                "decision": decision_summary(fields),
                "document_number": action.document_number,
                "decision_date": action.decision_date.isoformat(),
                "agency_name": action.agency.name,
                "fine_amount_text": fine,
                "url": detail.format(action.pk),
                "subject_url": subject.format(action.counterparty_uscc) if has_subject_page(action) else "",
                "marks": [str(m.label) for m in marks.get(action.pk, [])],
            }
        )
    return out


def takedown_entry(takedown: Any) -> dict[str, Any]:
    """One line of the public takedown log: the item as the public saw it, and why it left,
    in the reviewer's words where there are any (masked like every free text)."""
    action = takedown.action
    natural = action.counterparty_type == CounterpartyType.NATURAL_PERSON
    names = [action.counterparty_name] if natural else [action.legal_representative]
    note = takedown.note or (action.revoke_reason if takedown.reason == "revoked" else "")
    return {
        "when": takedown.taken_down_at,
        "reason": takedown.get_reason_display(),
        "note": mask_personal_data(note or "", names),
        # Off the public site: no mark to show (and no query per line of the log).
        "item": public_fields(action, marks={}),
    }


# Descriptions of the download and API columns for the open-data page (PUBLIC_COLUMNS order).
COLUMN_DESCRIPTIONS: dict[str, Any] = {
    "id": _("The item's number on this site; its page is /disclosures/<id>/."),
    "kind": _(
        "Kind of administrative act, as a code: licensing, penalty, enforcement, confirmation, levy, payment, other."
    ),
    "kind_label": _("Kind of administrative act, in words."),
    "counterparty_type_label": _("Counterparty type, in words."),
    "tier_label": _("Penalties: tier, in words."),
    "licence_state_label": _("Licences: current state, in words."),
    "status_label": _("Publication status, in words."),
    "counterparty_name": _("Name of the counterparty. A natural person appears as surname and **."),
    "counterparty_type": _("Counterparty type, as a code: legal_person, individual_business, natural_person."),
    "counterparty_uscc": _("The counterparty's unified social credit code; empty for natural persons."),
    "legal_representative": _("Legal representative, masked as surname and **."),
    "document_name": _("Name of the decision document."),
    "document_number": _("Number of the decision document."),
    "decision_date": _("Date of the decision (YYYY-MM-DD)."),
    "agency_name": _("The deciding agency."),
    "agency_uscc": _("The deciding agency's unified social credit code."),
    "data_source_agency_name": _("The agency that supplied the data."),
    "violation_type": _("Penalties: type of violation."),
    "violation_facts": _("Penalties: facts of the violation."),
    "penalty_basis": _("Penalties: legal basis."),
    "penalty_categories": _("Penalties: categories of penalty (a list)."),
    "penalty_content": _("Penalties: content of the penalty."),
    "fine_amount": _("Penalties: fine in 10,000 yuan, a plain decimal number (e.g. 0.05 is 500 yuan)."),
    "fine_amount_text": _("Penalties: the fine as people write it (e.g. 500元, 4.65万元)."),
    "confiscated_amount": _("Penalties: confiscated amount in 10,000 yuan, a plain decimal number."),
    "confiscated_amount_text": _("Penalties: the confiscated amount as people write it."),
    "suspended_licence": _("Penalties: licence suspended or revoked, name and number."),
    "tier": _("Penalties: tier, as a code (minor, general, serious); it sets how long the penalty stays public."),
    "licence_certificate_name": _("Licences: name of the licence certificate."),
    "licence_number": _("Licences: licence number."),
    "licence_content": _("Licences: what is licensed."),
    "valid_from": _("Licences: valid from (YYYY-MM-DD)."),
    "valid_to": _("Licences: valid to (YYYY-MM-DD); empty for no end date."),
    "licence_state": _("Licences: current state, as a code (normal, revoked, objection, other)."),
    "status": _("Publication status, as a code: published for every item in the open data."),
    "published_at": _("When the item was published (ISO 8601 with the offset)."),
    "public_until": _("Last day the item stays public (YYYY-MM-DD); empty while it has no end."),
    "remarks": _("Remarks."),
    "marks": _("Marks read from other facts: 「异议处理中」 while an objection by the counterparty is being handled."),
    "url": _("Address of the item's page on this site."),
}


# --- the national standard's layout (disclosure.standard): open data that imports back ----------

OLDER_CODES = (
    "business_registration_no",
    "organisation_code",
    "tax_registration_no",
    "institution_cert_no",
    "social_org_cert_no",
)


def _standard_value(action: AdministrativeAction, key: str, kind_of: str, text: dict[str, str]) -> str:
    natural = action.counterparty_type == CounterpartyType.NATURAL_PERSON
    if key in text:
        return text[key]
    if key in OLDER_CODES:
        return "" if natural else str(getattr(action, key))
    if key == "deciding_agency_name":
        return action.deciding_agency_name or action.agency.name
    if key == "deciding_agency_uscc":
        return action.deciding_agency_uscc or (action.agency.uscc if not action.deciding_agency_name else "")
    if key == "data_source_name":
        source = action.data_source_agency or action.agency
        return action.data_source_name or source.name
    if key == "data_source_uscc":
        source = action.data_source_agency or action.agency
        return action.data_source_uscc or source.uscc
    if key == "publicity_end_stated":  # the end the item really has, which the rules allowed
        return action.public_until.isoformat() if action.public_until else ""
    value = getattr(action, key)
    if value in (None, "", []):
        return ""
    if kind_of == standard.CHOICE:
        return standard.standard_word(key, value)
    if kind_of == standard.CHOICES:
        return standard.PENALTY_CATEGORY_SEPARATOR.join(action.penalty_category_labels())
    if kind_of == standard.AMOUNT:
        return plain_decimal(value) or ""
    if kind_of == standard.DATE:
        return str(value.isoformat())
    return str(value)


def standard_columns_public(kind: str) -> list[tuple[str, str]]:
    """(field, the standard's Chinese name) of the public columns of ``kind``'s layout."""
    return [(c.key, c.name) for c in standard.standard_columns(kind) if c.public]


def standard_row(action: AdministrativeAction) -> dict[str, str]:
    """One action in the standard's layout for its kind: the standard's Chinese column names and
    words (法人及非法人组织, 警告；罚款), dates as YYYY-MM-DD (Asia/Shanghai), natural persons
    masked and no certificate numbers, exactly as public_fields decides. It imports back."""
    text = public_text(action)
    return {
        c.name: _standard_value(action, c.key, c.type, text) for c in standard.standard_columns(action.kind) if c.public
    }
