"""Load the demo district (idempotent: running it again changes nothing)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from core import demo
from core.models import Agency, AgencyKind, CivilServant, User
from core.roles import Role
from core.services.calendar import calendar_check_next_year, calendar_seed_official


@transaction.atomic
def seed_core() -> dict[str, Agency]:
    calendar_seed_official()
    government, _ = Agency.objects.get_or_create(
        name=demo.GOVERNMENT, defaults={"kind": AgencyKind.DEPARTMENT, "uscc": demo.demo_uscc(1)}
    )
    agencies = {demo.GOVERNMENT: government}
    serial = 10
    for names, kind, prefix in (
        (demo.DEPARTMENTS, AgencyKind.DEPARTMENT, "11"),
        (demo.SUBDISTRICTS, AgencyKind.SUBDISTRICT, "11"),
        (demo.INSTITUTIONS, AgencyKind.INSTITUTION, "12"),
    ):
        for name in names:
            serial += 1
            agencies[name], _ = Agency.objects.get_or_create(
                name=name,
                defaults={"kind": kind, "uscc": demo.demo_uscc(serial, prefix), "parent": government},
            )
    for serial, (name, agency_name, position, birth) in enumerate(demo.PEOPLE, start=1):
        number = demo.demo_id_number(birth, serial * 10 + 1)
        if not CivilServant.objects.filter(id_number_hash=CivilServant.hash_for(number)).exists():
            person = CivilServant(name=name, agency=agencies[agency_name], position=position)
            person.id_number = number
            person.save()
    return agencies


@transaction.atomic
def seed_accounts(agencies: dict[str, Agency]) -> None:
    from django.contrib.auth.models import Group

    for username, role, agency_name, description in demo.ACCOUNTS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "agency": agencies[agency_name],
                "first_name": description,
                "is_staff": role != Role.CIVIL_SERVANT,
                "email": f"{username}@huaiyin.invalid",
            },
        )
        if created:
            user.set_password(demo.PASSWORD)
            user.save()
        user.groups.add(Group.objects.get(name=role))
    civil_servant = CivilServant.objects.get(name=demo.PEOPLE[0][0], agency__name=demo.PEOPLE[0][1])
    if civil_servant.user_id is None:
        civil_servant.user = User.objects.get(username="gongwuyuan")
        civil_servant.save(update_fields=["user"])
    if not User.objects.filter(username="admin").exists():
        User.objects.create_superuser(
            "admin", "admin@huaiyin.invalid", demo.PASSWORD, agency=agencies[demo.CREDIT_OFFICE_AGENCY]
        )


class Command(BaseCommand):
    help = "Load the demo district of Huaiyin: agencies, civil servants, one account per role."

    def handle(self, *args: Any, **options: Any) -> None:
        agencies = seed_core()
        seed_accounts(agencies)
        # Each app adds its own demo data (a `demo_data` module registering a seeder), so
        # core needs no import of the apps that build on it. No transaction around a seeder:
        # it calls the apps' services, whose moves are durable transactions of their own.
        autodiscover_modules("demo_data")
        for seeder in demo.SEEDERS:
            seeder(self.stdout)
        # So the demo shows the missing-calendar warning at once, not at 08:00 tomorrow.
        calendar_check_next_year(today=timezone.localdate())
        self.stdout.write(
            self.style.SUCCESS(
                f"demo district ready: {Agency.objects.count()} agencies, {CivilServant.objects.count()} civil servants"
            )
        )
        self.stdout.write(f"demo accounts (password {demo.PASSWORD}):")
        for username, _role, _agency, description in demo.ACCOUNTS:
            self.stdout.write(f"  {username:18} {description}")
        self.stdout.write(f"  {'admin':18} 系统管理员")
