"""The one permission class of the staff API, derived from the roles (docs/architecture.md, "Permissions")."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request


class StaffRole(BasePermission):
    """An active account that `visible_to` lets read the viewset's model as staff: the credit
    office, or staff of an agency holding one of the model's `agency_roles`. Everyone else
    (a civil servant, a role-less staff account, an overseer) gets 403 for the whole API,
    not empty lists and 404s; rows of another agency stay 404 through `visible_to`."""

    def has_permission(self, request: Request, view: Any) -> bool:
        user: Any = request.user
        if not (user and user.is_authenticated and user.is_active):
            return False
        if user.is_credit_office:
            return True
        queryset = view.get_queryset()
        holds = getattr(queryset, "holds_agency_role", None)
        return bool(holds and holds(user))
