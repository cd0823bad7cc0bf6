"""The 7-working-day publication clock (plan item 6) and the publicity periods."""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import Q

from core.selectors import DatabaseCalendar, due_date_or_none
from disclosure.models import ActionKind, AdministrativeAction, Tier, UseScope, decision_date_in_range


def publication_days(kind: str) -> int:
    """Working days allowed to publish an action of ``kind`` (7 for all by the plan)."""
    return int(settings.DISCLOSURE_PUBLICATION_DAYS.get(kind, settings.DISCLOSURE_PUBLICATION_DAYS["default"]))


def publication_due(action: AdministrativeAction, calendar: DatabaseCalendar | None = None) -> dt.date | None:
    """Decision date + N working days; None while the calendar does not cover it."""
    return due_date_or_none(action.decision_date, publication_days(action.kind), calendar)


def public_until(action: AdministrativeAction) -> dt.date | None:
    """The last day on the public site: the 公示截止期 the agency stated when it is within the
    legal maximum (prepare refuses one beyond it), else the legal maximum."""
    legal = legal_public_until(action)
    stated = action.publicity_end_stated if action.kind == ActionKind.PENALTY else None
    if stated is not None and legal is not None and stated <= legal:
        return stated
    return legal


def legal_public_until(action: AdministrativeAction) -> dt.date | None:
    """The longest the rules let the item stay public (None: no end while the item stays valid).

    Penalties by tier (国办发〔2025〕22号, 信用修复管理办法): minor at most 3 months (and only
    when the agency chose to publish it), general 1 year, serious 3 years, all counted in
    calendar months from the decision date. Licences stay while valid.
    """
    decided = action.decision_date
    if action.kind == ActionKind.PENALTY:
        months = {Tier.MINOR: 3, Tier.GENERAL: 12, Tier.SERIOUS: 36}.get(Tier(action.tier or Tier.GENERAL), 12)
        return decided + relativedelta(months=months) - dt.timedelta(days=1)
    if action.kind == ActionKind.LICENSING:
        return action.valid_to
    years = settings.DISCLOSURE_OTHER_PUBLICITY_YEARS
    return decided + relativedelta(years=years) - dt.timedelta(days=1) if years else None


def default_use_scope(action: AdministrativeAction) -> str:
    """Minor penalties are not public by default."""
    if action.kind == ActionKind.PENALTY and action.tier == Tier.MINOR:
        return UseScope.INTERNAL
    return UseScope.PUBLIC


def stamp_clocks(action: AdministrativeAction, calendar: DatabaseCalendar | None = None) -> None:
    """Compute and set the stored dates; called by the services that save an action."""
    if not decision_date_in_range(action.decision_date):
        # Missing, unreadable or out of range (an import row, year 9999 overflows the date
        # arithmetic): nothing to count from; full_clean reports it.
        action.due_on = action.public_until = None
        return
    action.due_on = publication_due(action, calendar)
    action.public_until = public_until(action)


def recompute_publication_due(first: dt.date, last: dt.date) -> int:
    """Calendar changed between first and last: recompute unpublished actions it can affect.

    An open clock is affected if the change falls after its decision date and on or before
    its due date, or if its due date was unknown (the change may be the missing year).
    """
    open_actions = (
        AdministrativeAction.objects.open()
        .filter(decision_date__lt=last)
        .filter(Q(due_on__isnull=True) | Q(due_on__gte=first))
    )
    changed = 0
    for action in open_actions.only("id", "kind", "decision_date", "due_on"):
        due = publication_due(action)
        if due != action.due_on:
            AdministrativeAction.objects.filter(pk=action.pk).update(due_on=due)
            changed += 1
    return changed


# Minimum publicity of a penalty before its counterparty may apply for credit repair, in months
# from the decision (信用修复管理办法: general 3 months, serious 1 year). A minor penalty is
# published for 3 months at most and needs no repair; licences are no dishonesty to repair.
MIN_PUBLICITY_MONTHS = {Tier.GENERAL: 3, Tier.SERIOUS: 12}


def repair_possible_from(action: AdministrativeAction) -> dt.date | None:
    if action.kind != ActionKind.PENALTY or action.tier not in MIN_PUBLICITY_MONTHS:
        return None
    return action.decision_date + relativedelta(months=MIN_PUBLICITY_MONTHS[Tier(action.tier)])
