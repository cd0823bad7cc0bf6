"""How a 双公示 decision's counterparty is recognised when they object to it without an account
(registered with `core.services.objectables` in DisclosureConfig.ready())."""

from __future__ import annotations

import hmac

from django.urls import reverse

from core import crypto
from core.services.objectables import Objectable
from disclosure import selectors
from disclosure.models import AdministrativeAction
from disclosure.presenters import OBJECTABLE_SLUG, public_text
from disclosure.services.clock import repair_possible_from
from integrity.lib.identifiers import normalise_id_number, normalise_uscc


def _same(given: str, stored: str) -> bool:
    # Constant time: the answer must not tell by its timing how much of a code was right.
    return bool(stored) and hmac.compare_digest(given.encode(), stored.encode())


def find_public(pk: int) -> AdministrativeAction | None:
    return selectors.public_actions().filter(pk=pk).first()


def names_counterparty(action: AdministrativeAction, document_number: str, code: str) -> bool:
    """The decision's document number and the counterparty's credit code or, for a natural person,
    their full ID number, checked against the stored keyed hash (the number itself is never read)."""
    number_ok = _same(" ".join(document_number.split()).upper(), " ".join(action.document_number.split()).upper())
    if action.is_natural_person:
        given = normalise_id_number(code)
        code_ok = _same(crypto.lookup_hash(given) if given else "", action.id_number_hash)
    else:
        code_ok = _same(normalise_uscc(code), action.counterparty_uscc.upper())
    return number_ok and code_ok


def headline(action: AdministrativeAction) -> str:
    text = public_text(action, ("document_number", "document_name"))
    return f"{text['document_number']} {text['document_name']}"[:300]


def objectable() -> Objectable:
    return Objectable(
        slug=OBJECTABLE_SLUG,
        find_public=find_public,
        names_counterparty=names_counterparty,  # type: ignore[arg-type]
        is_natural_person=lambda action: bool(action.is_natural_person),  # type: ignore[attr-defined]
        # The data-source agency (数据来源单位) provided the item and answers for it.
        answering_agency_id=lambda action: action.data_source_agency_id or action.agency_id,  # type: ignore[attr-defined]
        headline=headline,  # type: ignore[arg-type]
        public_url=lambda action: reverse("disclosure:detail", args=[action.pk]),
        repair_from=repair_possible_from,  # type: ignore[arg-type]
    )
