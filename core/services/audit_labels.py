"""Audit actions as a person reads them: 「行政行为 · 公示」, not `disclosure.administrativeaction.publish`."""

from __future__ import annotations

from django.apps import apps
from django.utils.translation import gettext_lazy as _

VERBS = {
    "create": _("created"),
    "update": _("edited"),
    "submit": _("submitted for review"),
    "publish": _("published"),
    "return": _("returned"),
    "revoke": _("revoked"),
    "expire": _("expired"),
    "overdue": _("deadline missed"),
    "take_down": _("taken off the public site"),
    "show_id_number": _("full ID number viewed"),
    "record": _("recorded"),
    "load": _("loaded"),
    "import": _("imported"),
    "replay": _("replayed"),
}
# Audit subjects that are not one model (docs/architecture.md, "Audit").
SUBJECTS = {"calendar.year": _("calendar year"), "calendar.day": _("calendar day"), "demo": _("demo data")}


def audit_action_label(action: str) -> str:
    """``app.model.verb`` → "<model's verbose name> · <verb>"; unknown parts stay as they are."""
    head, _sep, verb = action.rpartition(".")
    app_label, _sep, model_name = head.partition(".")
    try:
        subject = str(apps.get_model(app_label, model_name)._meta.verbose_name)
    except (LookupError, ValueError):
        subject = str(SUBJECTS.get(head, head))
    return f"{subject} · {VERBS.get(verb, verb)}" if subject else str(VERBS.get(verb, verb))
