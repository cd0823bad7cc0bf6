"""CivilServant: the ID number encrypted at rest, and who may see whom (`visible_to`)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import connection

from core.models import Agency, CivilServant, User
from tests.factories import CivilServantFactory

NUMBER = "11010519491231002X"
pytestmark = pytest.mark.django_db


def raw_columns(person: CivilServant) -> tuple[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number_encrypted, id_number_hash FROM core_civilservant WHERE id = %s", [person.pk])
        return cursor.fetchone()  # type: ignore[return-value]


def test_id_number_is_not_stored_in_clear(agency_a: Agency) -> None:
    person = CivilServantFactory.create(agency=agency_a, id_number=NUMBER)
    encrypted, lookup_hash = raw_columns(person)
    for column in (encrypted, lookup_hash):
        assert NUMBER not in column
        assert "19491231" not in column
    assert encrypted and lookup_hash


def test_id_number_round_trips_through_the_database(agency_a: Agency) -> None:
    person = CivilServantFactory.create(agency=agency_a, id_number=NUMBER.lower())
    assert CivilServant.objects.get(pk=person.pk).id_number == NUMBER
    assert CivilServant.objects.get(pk=person.pk).id_number_masked == "110105***********X"


def test_same_number_encrypts_differently_but_hashes_the_same(agency_a: Agency) -> None:
    person = CivilServantFactory.create(agency=agency_a, id_number=NUMBER)
    again = CivilServant(name="x", agency=person.agency)
    again.id_number = NUMBER
    assert again.id_number_encrypted != person.id_number_encrypted
    assert again.id_number_hash == person.id_number_hash


def test_lookup_hash_finds_the_person_by_exact_number(agency_a: Agency) -> None:
    person = CivilServantFactory.create(agency=agency_a, id_number=NUMBER)
    CivilServantFactory.create(agency=agency_a)
    assert CivilServant.objects.get(id_number_hash=CivilServant.hash_for(" 11010519491231002x ")) == person
    assert not CivilServant.objects.filter(id_number_hash=CivilServant.hash_for("110105194912310011")).exists()


@pytest.mark.parametrize("number", ["110101199003077777", "11010519491231002", "110101199002300012"])
def test_invalid_id_number_is_refused_and_nothing_is_set(number: str) -> None:
    person = CivilServant(name="x")
    with pytest.raises(ValidationError):
        person.id_number = number
    assert person.id_number_encrypted == ""
    assert person.id_number_hash == ""


def test_credit_office_sees_every_civil_servant(
    credit_office: User, civil_servant: CivilServant, person_a: CivilServant, person_b: CivilServant
) -> None:
    assert set(CivilServant.objects.visible_to(credit_office)) == {civil_servant, person_a, person_b}


def test_superuser_sees_every_civil_servant(admin_user: User, person_a: CivilServant, person_b: CivilServant) -> None:
    assert set(CivilServant.objects.visible_to(admin_user)) == {person_a, person_b}


def test_clerk_of_a_sees_only_agency_a(
    clerk_a: User, civil_servant: CivilServant, person_a: CivilServant, person_b: CivilServant
) -> None:
    assert set(CivilServant.objects.visible_to(clerk_a)) == {civil_servant, person_a}


def test_reviewer_of_a_sees_only_agency_a(reviewer_a: User, person_a: CivilServant, person_b: CivilServant) -> None:
    assert set(CivilServant.objects.visible_to(reviewer_a)) == {person_a}


def test_clerk_of_b_does_not_see_agency_a(clerk_b: User, person_a: CivilServant, person_b: CivilServant) -> None:
    assert set(CivilServant.objects.visible_to(clerk_b)) == {person_b}


def test_civil_servant_sees_only_their_own_file(
    civil_servant: CivilServant, person_a: CivilServant, person_b: CivilServant
) -> None:
    assert list(CivilServant.objects.visible_to(civil_servant.user)) == [civil_servant]


def test_stranger_sees_nobody(stranger: User, person_a: CivilServant) -> None:
    assert not CivilServant.objects.visible_to(stranger).exists()


def test_anonymous_visitor_sees_nobody(person_a: CivilServant) -> None:
    assert not CivilServant.objects.visible_to(AnonymousUser()).exists()


def test_deactivated_clerk_sees_nobody(clerk_a: User, person_a: CivilServant) -> None:
    clerk_a.is_active = False
    clerk_a.save()
    assert not CivilServant.objects.visible_to(clerk_a).exists()
