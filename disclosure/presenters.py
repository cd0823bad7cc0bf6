"""The one place that decides what an administrative action looks like in public.

Every public page, the feed, the CSV/JSON downloads and the open-data API build their
output from `public_fields`, and the search column from `search_text_for`, so search finds
only what the public may read. A natural person's name is masked (surname + **), their ID
document never appears, and a legal representative (a natural person too) is masked;
organisations and their USCCs appear in full (R-P).
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from disclosure.models import AdministrativeAction, CounterpartyType
from integrity.lib.masking import mask_name, public_party_name
from integrity.lib.personal_data import mask_personal_data
from integrity.lib.search import bigram_text

# The column order of downloads; labels follow the 双公示 standard.
PUBLIC_COLUMNS: list[tuple[str, str]] = [
    ("id", "编号"),
    ("kind", "行政行为类别"),
    ("kind_label", "类别名称"),
    ("counterparty_name", "行政相对人名称"),
    ("counterparty_type", "行政相对人类别"),
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
    ("confiscated_amount", "没收违法所得、没收非法财物的金额（万元）"),
    ("suspended_licence", "暂扣或吊销证照名称及编号"),
    ("tier", "严重程度"),
    ("licence_certificate_name", "许可证书名称"),
    ("licence_number", "许可编号"),
    ("licence_content", "许可内容"),
    ("valid_from", "有效期自"),
    ("valid_to", "有效期至"),
    ("licence_state", "当前状态"),
    ("status", "公示状态"),
    ("published_at", "公示日期"),
    ("public_until", "公示截止日期"),
    ("remarks", "备注"),
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


def public_text(action: Any) -> dict[str, str]:
    """The free-text and party fields as the public sees them (masking decided here, once).

    Entry refuses personal data in free text; masking it here again is the defence in depth
    for whatever got past (older rows, a direct database fix)."""
    natural = action.counterparty_type == CounterpartyType.NATURAL_PERSON
    names = [action.counterparty_name] if natural else [action.legal_representative]

    def free(text: str) -> str:
        return mask_personal_data(text or "", names)

    return {
        "kind_label": free(action.other_kind_name) or str(action.get_kind_display()),
        "counterparty_name": public_party_name(action.counterparty_name, natural_person=natural),
        "counterparty_uscc": "" if natural else action.counterparty_uscc,
        "legal_representative": mask_name(action.legal_representative),
        "document_name": free(action.document_name),
        "document_number": action.document_number,
        "violation_type": free(action.violation_type),
        "violation_facts": free(action.violation_facts),
        "penalty_basis": free(action.penalty_basis),
        "penalty_content": free(action.penalty_content),
        "suspended_licence": free(action.suspended_licence),
        "licence_certificate_name": free(action.licence_certificate_name),
        "licence_number": action.licence_number,
        "licence_content": free(action.licence_content),
        "remarks": free(action.remarks),
    }


def search_text_for(action: Any) -> str:
    """The stored search column: character bigrams of the public text only."""
    text = public_text(action)
    return bigram_text(" ".join(text[key] for key in SEARCHED))


def public_fields(action: AdministrativeAction) -> dict[str, Any]:
    text = public_text(action)
    return {
        "id": action.pk,
        "kind": action.kind,
        "kind_label": text["kind_label"],
        "counterparty_name": text["counterparty_name"],
        "counterparty_type": action.counterparty_type,
        "counterparty_uscc": text["counterparty_uscc"],
        "legal_representative": text["legal_representative"],
        "document_name": text["document_name"],
        "document_number": text["document_number"],
        "decision_date": action.decision_date.isoformat(),
        "agency_name": action.agency.name,
        "agency_uscc": action.agency.uscc,
        "data_source_agency_name": (action.data_source_agency or action.agency).name,
        "violation_type": text["violation_type"],
        "violation_facts": text["violation_facts"],
        "penalty_basis": text["penalty_basis"],
        "penalty_categories": action.penalty_category_labels(),
        "penalty_content": text["penalty_content"],
        "fine_amount": str(action.fine_amount) if action.fine_amount is not None else None,
        "confiscated_amount": str(action.confiscated_amount) if action.confiscated_amount is not None else None,
        "suspended_licence": text["suspended_licence"],
        "tier": action.tier,
        "licence_certificate_name": text["licence_certificate_name"],
        "licence_number": text["licence_number"],
        "licence_content": text["licence_content"],
        "valid_from": action.valid_from.isoformat() if action.valid_from else None,
        "valid_to": action.valid_to.isoformat() if action.valid_to else None,
        "licence_state": action.licence_state,
        "status": action.status,
        "published_at": action.published_at.isoformat() if action.published_at else None,
        "public_until": action.public_until.isoformat() if action.public_until else None,
        "remarks": text["remarks"],
        "url": reverse("disclosure:detail", args=[action.pk]),
    }
