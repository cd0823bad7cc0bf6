"""The staff API's one permission class, derived from the roles' model permissions.

What a role may do at all comes from the permissions each app grants its roles
(core.roles); which objects come from `visible_to` (the viewset's queryset) and, for moves,
from the model's review policy. A staff account without a role has no permission and gets
403 on every staff endpoint, lists included.
"""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import DjangoModelPermissions

from .workflow import REVIEW_MOVES


class StaffModelPermissions(DjangoModelPermissions):
    perms_map = {
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "OPTIONS": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
        "POST": ["%(app_label)s.add_%(model_name)s"],
        "PUT": ["%(app_label)s.change_%(model_name)s"],
        "PATCH": ["%(app_label)s.change_%(model_name)s"],
        "DELETE": ["%(app_label)s.delete_%(model_name)s"],
    }
    # A move (POST …/{id}/publish/) needs only the right to see the item: the review policy
    # decides who may make which move, on the locked row.
    move_actions = frozenset({"submit", "publish", "return_", "revoke"} | set(REVIEW_MOVES))

    def has_permission(self, request: Any, view: Any) -> bool:
        if getattr(view, "action", None) in self.move_actions:
            user = request.user
            if not (user and user.is_authenticated):
                return False
            model = self._queryset(view).model
            return bool(user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}"))
        return bool(super().has_permission(request, view))
