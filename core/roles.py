"""The portal's roles (DESIGN "Who uses it"), kept as Django groups with permissions."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    CLERK = "clerk"  # 录入员
    REVIEWER = "reviewer"  # 审核员
    OVERSEER = "overseer"  # 纪检监察、审计、上级部门
    CREDIT_OFFICE = "credit_office"  # 区信用办
    CIVIL_SERVANT = "civil_servant"  # 公务员


# Model permissions per role, as "app_label.codename". Object-level limits (own agency,
# own file) are applied on top by the `visible_to` querysets and the admin.
ROLE_PERMISSIONS: dict[Role, list[str]] = {
    Role.CREDIT_OFFICE: [
        "core.view_agency",
        "core.add_agency",
        "core.change_agency",
        "core.view_civilservant",
        "core.add_civilservant",
        "core.change_civilservant",
        "core.view_full_id_number",
        "core.view_user",
        "core.add_user",
        "core.change_user",
        "core.view_calendaryear",
        "core.view_calendarday",
        "core.change_calendarday",
        "core.view_auditevent",
        "core.view_notification",
        "disclosure.view_administrativeaction",
        "disclosure.view_importjob",
        "disclosure.view_takedown",
    ],
    Role.CLERK: [
        "core.view_agency",
        "core.view_civilservant",
        "core.add_civilservant",
        "core.change_civilservant",
        "core.view_notification",
        "disclosure.view_administrativeaction",
        "disclosure.add_administrativeaction",
        "disclosure.change_administrativeaction",
        "disclosure.view_importjob",
    ],
    Role.REVIEWER: [
        "core.view_agency",
        "core.view_civilservant",
        "core.view_notification",
        "disclosure.view_administrativeaction",
        "disclosure.view_importjob",
    ],
    Role.OVERSEER: ["core.view_agency", "core.view_notification"],
    Role.CIVIL_SERVANT: [],
}
