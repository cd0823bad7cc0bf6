"""The privacy crawl (R-P): natural persons never appear by full name or ID number anywhere public.

Seeds natural persons (full names, check-digit-valid ID numbers) and legal persons with a legal
representative, publishes them through the real workflow, takes some down, then crawls every
public URL, following the links each page gives (pages, cursor links, feed, downloads, sitemap,
the open-data API and its schema) in Chinese and in English, and looks for the names, the ID
numbers and every 6-character run of them (the birth date, the region code ...).
"""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
from collections import deque
from urllib.parse import quote, urlsplit
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.test import Client

from core.models import Agency, User
from core.workflow import Status
from disclosure.models import AdministrativeAction, CounterpartyType, IdType, Tier
from disclosure.services.actions import action_create, action_publish, action_revoke, action_submit
from disclosure.services.sweeps import takedown_sweep
from tests.disclosure.conftest import ActionFactory, natural_person_data, penalty_data, resident_id

pytestmark = pytest.mark.django_db

# Full name, masked form, ID number. No zero among the first 17 digits and no region code of
# the demo district (370104): every USCC, agency code and licence number the factories make
# has zeros (370104, MA00nnnn), so a 6-digit hit is a real leak, never a coincidence.
PEOPLE = [
    ("孙小红", "孙**", resident_id(dt.date(1986, 11, 12), 612, region="321281")),
    ("周大伟", "周**", resident_id(dt.date(1979, 12, 15), 623, region="441323")),
    ("吴静怡", "吴**", resident_id(dt.date(1992, 11, 23), 634, region="513922")),
    ("欧阳娜娜", "欧阳**", resident_id(dt.date(1995, 11, 29), 645, region="341122")),
]
REPRESENTATIVES = [("郑国庆", "郑**"), ("慕容雪", "慕容**")]
START = [
    "/",
    "/disclosures/",
    "/disclosures/?q=罚款",
    "/disclosures/?q=孙",
    "/disclosures/?q=焚烧垃圾",
    "/disclosures/?kind=penalty",
    "/agencies/",
    "/takedowns/",
    "/disclosures/feed.atom",
    "/disclosures/download.csv",
    "/disclosures/download.json",
    "/disclosures/download.csv?q=罚款",
    "/disclosures/download.json?kind=penalty",
    "/sitemap.xml",
    "/api/v1/disclosures/",
    "/api/v1/disclosures/?q=罚款",
    "/api/schema/",
    "/api/schema/?format=json",
    "/workdays/",
]
NOT_CRAWLED = ("/admin", "/static", "/i18n", "/language", "/api/docs", "/api/v1/staff", "/healthz", "/readyz")
LINK = re.compile(r'(?:href|src)="([^"]+)"|<loc>([^<]+)</loc>|"(?:url|next|previous)":\s*"([^"]+)"')


def forbidden() -> dict[str, str]:
    """Every string that must not appear, with what it is, for the failure message."""
    out: dict[str, str] = {}
    for name, _, number in PEOPLE:
        assert "0" not in number[:17]
        for form in (name, json.dumps(name)[1:-1], quote(name)):
            out[form] = f"full name {name}"
        for form in (number, number.lower()):
            out[form] = f"ID number of {name}"
        for i in range(len(number) - 5):
            out[number[i : i + 6]] = f"6-character run {number[i : i + 6]} of {name}'s ID number"
    for name, _ in REPRESENTATIVES:
        out[name] = f"legal representative {name}"
    return out


@pytest.fixture
def seeded(agency_a: Agency, agency_b: Agency, clerk_a: User, reviewer_a: User) -> dict[str, AdministrativeAction]:
    # Frozen clock: no microsecond stamp can collide with a run of an ID number by chance.
    with time_machine.travel(dt.datetime(2026, 11, 20, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        out: dict[str, AdministrativeAction] = {}
        for name, _, number in PEOPLE[:2]:  # through the real workflow
            action = action_create(actor=clerk_a, data=natural_person_data(name), id_number=number)
            out[name] = action_publish(action=action_submit(action=action, actor=clerk_a), actor=reviewer_a)
        name, _, number = PEOPLE[2]
        out[name] = ActionFactory.create(
            agency=agency_b,
            published=True,
            counterparty_type=CounterpartyType.NATURAL_PERSON,
            counterparty_name=name,
            id_number=number,
            id_type=IdType.RESIDENT_ID,
        )
        name, _, number = PEOPLE[3]
        out[name] = ActionFactory.create(
            agency=agency_a,
            published=True,
            counterparty_type=CounterpartyType.NATURAL_PERSON,
            counterparty_name=name,
            id_number=number,
            tier=Tier.SERIOUS,
        )
        for rep, _ in REPRESENTATIVES:
            company = action_create(actor=clerk_a, data=penalty_data(legal_representative=rep))
            out[rep] = action_publish(action=action_submit(action=company, actor=clerk_a), actor=reviewer_a)
        # Some leave the site: revoked, and expired (both then appear in the takedown log).
        revoked = action_create(actor=clerk_a, data=natural_person_data("孙小红"), id_number=PEOPLE[0][2])
        revoked = action_publish(action=action_submit(action=revoked, actor=clerk_a), actor=reviewer_a)
        out["revoked"] = action_revoke(action=revoked, actor=reviewer_a, reason="经行政复议撤销")
        out["expired"] = ActionFactory.create(
            agency=agency_b,
            published=True,
            counterparty_type=CounterpartyType.NATURAL_PERSON,
            counterparty_name="周大伟",
            id_number=PEOPLE[1][2],
            decision_date=dt.date(2025, 10, 1),
        )
        takedown_sweep(today=dt.date(2026, 11, 20))
        # Not public at all, but a URL a visitor may guess.
        out["draft"] = ActionFactory.create(
            agency=agency_a,
            counterparty_type=CounterpartyType.NATURAL_PERSON,
            counterparty_name="吴静怡",
            id_number=PEOPLE[2][2],
        )
        out["submitted"] = ActionFactory.create(
            agency=agency_a,
            counterparty_type=CounterpartyType.NATURAL_PERSON,
            counterparty_name="欧阳娜娜",
            id_number=PEOPLE[3][2],
            status=Status.SUBMITTED,
        )
    assert AdministrativeAction.objects.get(pk=out["expired"].pk).status == Status.EXPIRED
    return out


def links(body: str) -> list[str]:
    found = []
    for match in LINK.finditer(body):
        raw = html.unescape(next(g for g in match.groups() if g))
        parts = urlsplit(raw)
        if parts.netloc not in ("", "testserver") or not parts.path.startswith("/"):
            continue
        found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def crawl(client: Client, start: list[str]) -> dict[str, tuple[int, str]]:
    seen: dict[str, tuple[int, str]] = {}
    queue = deque(start)
    while queue and len(seen) < 600:
        url = queue.popleft()
        if url in seen or url.startswith(NOT_CRAWLED):
            continue
        response = client.get(url)
        content = response.getvalue()  # streams too (downloads)
        body = content.decode("utf-8", errors="replace")
        seen[url] = (response.status_code, body)
        if response.status_code == 200:
            queue.extend(u for u in links(body) if u not in seen)
    return seen


def test_no_public_output_shows_a_natural_persons_name_or_id_digits(
    client: Client, seeded: dict[str, AdministrativeAction], agency_a: Agency, agency_b: Agency
) -> None:
    public = AdministrativeAction.objects.public()
    start = START + [f"/disclosures/{a.pk}/" for a in public] + [f"/api/v1/disclosures/{a.pk}/" for a in public]
    start += [f"/agencies/{a.uscc}/" for a in (agency_a, agency_b)]
    hidden = [seeded[k].pk for k in ("revoked", "expired", "draft", "submitted")]
    start += [f"/disclosures/{pk}/" for pk in hidden] + [f"/api/v1/disclosures/{pk}/" for pk in hidden]

    chinese = crawl(client, start)
    english_client = Client()
    english_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = crawl(english_client, list(chinese))
    pages = {("zh", u): r for u, r in chinese.items()} | {("en", u): r for u, r in english.items()}

    bad = forbidden()
    hits = [(lang, url, why) for (lang, url), (_, body) in pages.items() for text, why in bad.items() if text in body]
    errors = [(lang, url, status) for (lang, url), (status, _) in pages.items() if status >= 500]
    print(
        f"\nprivacy crawl: {len(chinese)} URLs crawled, {len(pages)} fetches (zh + en), "
        f"{len(bad)} forbidden strings, hits: {len(hits)}"
    )
    if os.environ.get("SHOW_CRAWL"):  # SHOW_CRAWL=1 pytest -s ... lists what was crawled
        print("\n".join(f"{s} {u}" for u, (s, _) in chinese.items()))
    assert hits == []
    assert errors == []

    # The crawl really reached what it had to, and the masked forms are there.
    urls = set(chinese)
    assert len(urls) > 20
    assert all(f"/disclosures/{a.pk}/" in urls and f"/api/v1/disclosures/{a.pk}/" in urls for a in public)
    assert all(chinese[f"/disclosures/{pk}/"][0] == 404 for pk in hidden)
    assert all(chinese[f"/api/v1/disclosures/{pk}/"][0] == 404 for pk in hidden)
    everything = "".join(body for _, body in pages.values())
    for _, masked, _ in PEOPLE:
        assert masked in everything
    for _, masked in REPRESENTATIVES:
        assert masked in everything
    takedowns = chinese["/takedowns/"][1]
    assert "孙**" in takedowns and "周**" in takedowns
    for url in (
        "/disclosures/download.csv",
        "/disclosures/download.json",
        "/disclosures/feed.atom",
        "/api/v1/disclosures/",
    ):
        assert chinese[url][0] == 200 and "孙**" in chinese[url][1], url


def test_the_detector_is_not_blind_staff_screens_do_show_the_full_name(
    client: Client, seeded: dict[str, AdministrativeAction], clerk_a: User
) -> None:
    client.force_login(clerk_a)
    body = client.get(f"/api/v1/staff/actions/{seeded['孙小红'].pk}/").content.decode()
    assert [why for text, why in forbidden().items() if text in body] == ["full name 孙小红"]
