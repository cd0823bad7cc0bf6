"""factory_boy factories for every model the tests build."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any, cast

import factory
from django.contrib.auth.models import Group

from core.demo import demo_id_number, demo_uscc
from core.models import Agency, AgencyKind, CivilServant, User
from core.roles import Role

_serials = itertools.count(500)


class AgencyFactory(factory.django.DjangoModelFactory[Agency]):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"测试局{n}")
    kind = AgencyKind.DEPARTMENT
    uscc = factory.LazyFunction(lambda: demo_uscc(next(_serials)))


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.invalid")
    agency = None
    is_staff = False
    password = factory.PostGenerationMethodCall("set_password", "pw-for-tests-1")

    @factory.post_generation
    def role(self, create: bool, extracted: Role | None, **kwargs: Any) -> None:
        user = cast(User, self)  # factory_boy passes the built model instance as `self`
        if extracted:
            user.groups.add(Group.objects.get(name=extracted.value))
        if create:
            user.save()


class CivilServantFactory(factory.django.DjangoModelFactory[CivilServant]):
    class Meta:
        model = CivilServant

    name = factory.Sequence(lambda n: f"测试员{n}")
    agency = factory.SubFactory(AgencyFactory)
    position = "科员"

    @factory.lazy_attribute
    def id_number_encrypted(self) -> str:
        return ""

    @classmethod
    def _create(cls, model_class: type[CivilServant], *args: Any, **kwargs: Any) -> CivilServant:
        number = kwargs.pop("id_number", None) or demo_id_number(dt.date(1985, 6, 1), next(_serials) % 1000)
        kwargs.pop("id_number_encrypted", None)
        assert not args, "CivilServantFactory takes keyword arguments only"
        obj = model_class(**kwargs)
        obj.id_number = number
        obj.save()
        return obj
