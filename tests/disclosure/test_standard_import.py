"""Issue 12: 双公示 files in the national data standard's layout, tried as an agency would.

Each test names the complaint it answers; every one failed before disclosure.standard.
"""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.demo import demo_uscc
from core.models import Agency, AuditEvent, User
from core.roles import Role
from core.workflow import Status
from disclosure import standard
from disclosure.models import AdministrativeAction, CounterpartyType, IdType, ImportJob, LicenceCategory, Tier
from disclosure.services.imports import import_file, import_job_confirm, import_job_run
from integrity.lib.identifiers import id_check_char
from tests.disclosure.conftest import resident_id
from tests.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.django_db

# The standard's columns, spelled as the issue (and 信用中国's template) spells them: ASCII brackets.
PENALTY_STANDARD = [
    "行政相对人名称",
    "行政相对人类别",
    "统一社会信用代码",
    "工商注册号",
    "组织机构代码",
    "税务登记号",
    "事业单位证书号",
    "社会组织登记证号",
    "法定代表人",
    "法定代表人证件类型",
    "法定代表人证件号码",
    "证件类型",
    "证件号码",
    "行政处罚决定书文号",
    "违法行为类型",
    "违法事实",
    "处罚依据",
    "处罚类别",
    "处罚内容",
    "罚款金额(万元)",
    "没收违法所得、没收非法财物的金额(万元)",
    "暂扣或吊销证照名称及编号",
    "处罚决定日期",
    "处罚有效期",
    "公示截止期",
    "处罚机关",
    "处罚机关统一社会信用代码",
    "数据来源单位",
    "数据来源单位统一社会信用代码",
    "备注",
]
LICENCE_STANDARD = [
    *PENALTY_STANDARD[:13],
    "行政许可决定文书名称",
    "行政许可决定文书号",
    "许可类别",
    "许可证书名称",
    "许可编号",
    "许可内容",
    "许可决定日期",
    "有效期自",
    "有效期至",
    "许可机关",
    "许可机关统一社会信用代码",
    "当前状态",
    "数据来源单位",
    "数据来源单位统一社会信用代码",
    "备注",
]
LEGAL_REP_ID = resident_id(dt.date(1975, 3, 2), 417)
_n = iter(range(7000, 9000))


def days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


def penalty(agency: Agency, **overrides: str) -> dict[str, str]:
    n = next(_n)
    row = {
        "行政相对人名称": f"淮阴标准{n}商贸有限公司",
        "行政相对人类别": "法人及非法人组织",
        "统一社会信用代码": demo_uscc(n, "91"),
        "法定代表人": "韩立新",
        "法定代表人证件类型": "身份证",
        "法定代表人证件号码": LEGAL_REP_ID,
        "行政处罚决定书文号": f"淮市监罚〔2026〕{n}号",
        "违法行为类型": "未按规定公示食品经营许可证",
        "违法事实": "当事人未在经营场所显著位置悬挂食品经营许可证。",
        "处罚依据": "《中华人民共和国食品安全法》第一百二十六条",
        "处罚类别": "警告；罚款",
        "处罚内容": "警告，罚款5000元。",
        "罚款金额(万元)": "0.5",
        "处罚决定日期": days_ago(5).isoformat(),
        "处罚有效期": (days_ago(5) + dt.timedelta(days=180)).isoformat(),
        "公示截止期": (days_ago(5) + dt.timedelta(days=200)).isoformat(),
        "处罚机关": agency.name,
        "处罚机关统一社会信用代码": agency.uscc,
        "数据来源单位": agency.name,
        "数据来源单位统一社会信用代码": agency.uscc,
        "备注": "",
    }
    row.update(overrides)
    return row


def licence(agency: Agency, **overrides: str) -> dict[str, str]:
    n = next(_n)
    row = {
        "行政相对人名称": f"淮阴许可{n}食品有限公司",
        "行政相对人类别": "法人及非法人组织",
        "统一社会信用代码": demo_uscc(n, "91"),
        "法定代表人": "郑国庆",
        "行政许可决定文书名称": "食品经营许可决定书",
        "行政许可决定文书号": f"淮市监许〔2026〕{n}号",
        "许可类别": "普通",
        "许可证书名称": "食品经营许可证",
        "许可编号": f"JY2370104{n:07d}",
        "许可内容": "预包装食品销售",
        "许可决定日期": days_ago(3).isoformat(),
        "有效期自": days_ago(3).isoformat(),
        "有效期至": (days_ago(3) + dt.timedelta(days=5 * 365)).isoformat(),
        "许可机关": agency.name,
        "许可机关统一社会信用代码": agency.uscc,
        "当前状态": "正常",
        "数据来源单位": agency.name,
        "数据来源单位统一社会信用代码": agency.uscc,
    }
    row.update(overrides)
    return row


def write(path: Path, headers: list[str], rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers)
        for row in rows:
            writer.writerow([row.get(h, "") for h in headers])
    return path


def run(
    path: Path,
    agency: Agency,
    actor: User,
    rows: list[dict[str, str]],
    *,
    headers: list[str] = PENALTY_STANDARD,
    kind: str = "penalty",
    confirmed: bool = True,
) -> Any:
    """Write the rows as a standard-layout CSV and import it (its warnings confirmed)."""
    return import_file(write(path, headers, rows), kind=kind, agency=agency, actor=actor, confirmed=confirmed)


def messages(items: list[Any]) -> str:
    return "\n".join(f"{e.row} {e.column}: {e.message}" for e in items)


# --- complaint: the whole file was refused, then 11 of the standard's columns were dropped ------


def test_a_penalty_file_with_every_standard_column_imports_every_row_and_keeps_every_field(
    tmp_path: Path, agency_a: Agency, clerk_a: User
) -> None:
    rows = [penalty(agency_a), penalty(agency_a, 处罚类别="没收违法所得、没收非法财物", 罚款金额="")]
    rows[1].update(
        {"没收违法所得、没收非法财物的金额(万元)": "1.2", "罚款金额(万元)": "", "处罚内容": "没收违法所得1.2万元。"}
    )
    path = write(tmp_path / "standard.csv", PENALTY_STANDARD, rows)
    preview = import_file(path, kind="penalty", agency=agency_a, actor=clerk_a)
    assert preview.ok, messages(preview.errors)
    assert preview.awaiting_confirmation and not AdministrativeAction.objects.exists()
    result = import_file(path, kind="penalty", agency=agency_a, actor=clerk_a, confirmed=True)
    assert (result.ok, result.imported) == (True, 2), messages(result.errors)
    first = AdministrativeAction.objects.get(document_number=rows[0]["行政处罚决定书文号"])
    assert first.document_name == "行政处罚决定书"  # the standard's penalty has no such column
    assert first.fine_amount == Decimal("0.5")
    assert first.penalty_valid_to == days_ago(5) + dt.timedelta(days=180)
    assert first.publicity_end_stated == first.public_until == days_ago(5) + dt.timedelta(days=200)
    assert (first.deciding_agency_name, first.deciding_agency_uscc) == (agency_a.name, agency_a.uscc)
    assert (first.data_source_name, first.data_source_uscc, first.data_source_agency) == (
        agency_a.name,
        agency_a.uscc,
        agency_a,
    )
    assert first.legal_representative_id_type == IdType.RESIDENT_ID
    assert first.legal_representative_id_number == LEGAL_REP_ID
    assert LEGAL_REP_ID not in first.legal_representative_id_encrypted  # encrypted, with a lookup hash
    assert first.legal_representative_id_hash
    second = AdministrativeAction.objects.get(document_number=rows[1]["行政处罚决定书文号"])
    assert second.confiscated_amount == Decimal("1.2") and second.penalty_categories == ["confiscation"]


def test_a_licence_file_with_every_standard_column_imports_and_keeps_category_and_agency(
    tmp_path: Path, agency_a: Agency, clerk_a: User
) -> None:
    path = write(tmp_path / "licences.csv", LICENCE_STANDARD, [licence(agency_a), licence(agency_a, 许可类别="特许")])
    result = import_file(path, kind="licensing", agency=agency_a, actor=clerk_a)
    assert (result.ok, result.imported, result.warnings_total) == (True, 2, 0), messages(result.errors)
    categories = set(AdministrativeAction.objects.values_list("licence_category", flat=True))
    assert categories == {LicenceCategory.GENERAL, LicenceCategory.FRANCHISE}
    assert set(AdministrativeAction.objects.values_list("deciding_agency_name", flat=True)) == {agency_a.name}
    assert AdministrativeAction.objects.first().document_name == "食品经营许可决定书"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("罚款金额（万元）", "fine_amount"),
        ("罚款金额(万元)", "fine_amount"),
        ("罚款金额 ( 万元 )", "fine_amount"),
        (" 处罚决定日期 ", "decision_date"),
        ("行政相对人代码_1 (统一社会信用代码)", "counterparty_uscc"),
        ("行政相对人代码_1（统一社会信用代码）", "counterparty_uscc"),
        ("行政相对人代码_2", "business_registration_no"),
        ("CF_WSH", "document_number"),
        ("cf_xdr_mc", "counterparty_name"),
        ("CF_NR_FK", "fine_amount"),
        ("决定文书号", "document_number"),  # the portal's own template
    ],
)
def test_headers_are_recognised_by_the_standard_not_by_exact_spelling(header: str, key: str) -> None:
    assert standard.header_key(header, "penalty") == key


@pytest.mark.parametrize(("header", "key"), [("XK_XKWS", "document_name"), ("XK_WSH", "document_number")])
def test_licence_field_codes_are_recognised(header: str, key: str) -> None:
    assert standard.header_key(header, "licensing") == key


def test_a_file_headed_by_field_codes_imports(tmp_path: Path, agency_a: Agency, clerk_a: User) -> None:
    codes = {c.name: c.codes[0] for c in standard.standard_columns("penalty") if c.codes}
    codes.update({"罚款金额(万元)": "CF_NR_FK", "没收违法所得、没收非法财物的金额(万元)": "CF_NR_WFFF"})
    headers = [codes.get(h, h) for h in PENALTY_STANDARD]
    row = {codes.get(k, k): v for k, v in penalty(agency_a).items()}
    result = run(tmp_path / "codes.csv", agency_a, clerk_a, [row], headers=headers, confirmed=False)
    assert result.ok and result.awaiting_confirmation, messages(result.errors)
    assert not any(w.row == 1 for w in result.warnings)  # every code understood


def test_an_unknown_column_is_a_warning_in_the_preview_and_nothing_is_saved_until_confirmed(
    tmp_path: Path, agency_a: Agency, clerk_a: User, django_capture_on_commit_callbacks: Any
) -> None:
    row = penalty(agency_a, 严重程度="一般", 内部编号="A-17")
    path = write(tmp_path / "extra.csv", [*PENALTY_STANDARD, "严重程度", "内部编号"], [row])
    upload = SimpleUploadedFile("extra.csv", path.read_bytes())
    job = ImportJob.objects.create(
        agency=agency_a, kind="penalty", file=upload, original_name="extra.csv", created_by=clerk_a
    )
    assert import_job_run(job_id=job.pk) == "awaiting"
    job.refresh_from_db()
    assert job.state == ImportJob.State.AWAITING and not AdministrativeAction.objects.exists()
    assert [(w["row"], w["column"]) for w in job.warnings] == [(1, "")]
    assert "内部编号" in job.warnings[0]["message"]
    with django_capture_on_commit_callbacks():  # the task is not run here; the test runs it
        import_job_confirm(job=job, actor=clerk_a)
    assert AuditEvent.objects.filter(action="disclosure.importjob.confirm").count() == 1
    assert import_job_run(job_id=job.pk) == "done"
    assert AdministrativeAction.objects.count() == 1


def test_only_the_uploading_clerk_confirms(tmp_path: Path, agency_a: Agency, clerk_a: User) -> None:
    from django.core.exceptions import PermissionDenied

    other = UserFactory.create(username="clerk_a2", agency=agency_a, is_staff=True, role=Role.CLERK)
    job = ImportJob.objects.create(
        agency=agency_a, kind="penalty", file="x.csv", original_name="x.csv", created_by=clerk_a, state="awaiting"
    )
    with pytest.raises(PermissionDenied):
        import_job_confirm(job=job, actor=other)
    job.state = ImportJob.State.DONE
    job.save()
    with pytest.raises(PermissionDenied):
        import_job_confirm(job=job, actor=clerk_a)


# --- complaint: rows naming another agency were filed under the --agency given --------------------


def test_a_row_of_another_deciding_agency_is_refused(
    tmp_path: Path, agency_a: Agency, agency_b: Agency, clerk_a: User
) -> None:
    row = penalty(agency_a, 处罚机关=agency_b.name, 处罚机关统一社会信用代码=agency_b.uscc)
    row.update({"数据来源单位": agency_b.name, "数据来源单位统一社会信用代码": agency_b.uscc})
    result = run(tmp_path / "b.csv", agency_a, clerk_a, [row], confirmed=False)
    assert not result.ok and [(e.row, e.column) for e in result.errors] == [(2, "处罚机关统一社会信用代码")]
    assert agency_b.name in result.errors[0].message
    assert not AdministrativeAction.objects.exists()


def test_an_agency_entering_on_behalf_of_another_names_itself_as_data_source(
    tmp_path: Path, agency_a: Agency, agency_b: Agency, clerk_a: User
) -> None:
    row = penalty(agency_a, 处罚机关=agency_b.name, 处罚机关统一社会信用代码=agency_b.uscc)
    path = write(tmp_path / "behalf.csv", PENALTY_STANDARD, [row])
    result = import_file(path, kind="penalty", agency=agency_a, actor=clerk_a, confirmed=True)
    assert result.ok, messages(result.errors)
    action = AdministrativeAction.objects.get()
    assert (action.agency, action.deciding_agency_uscc, action.data_source_uscc) == (
        agency_a,
        agency_b.uscc,
        agency_a.uscc,
    )


def test_the_credit_office_may_enter_another_agencys_decision(
    tmp_path: Path, agency_b: Agency, credit_office: User
) -> None:
    office = credit_office.agency
    assert office is not None
    credit_office.groups.add(Group.objects.get(name=Role.CLERK.value))
    row = penalty(office, 处罚机关=agency_b.name, 处罚机关统一社会信用代码=agency_b.uscc)
    row.update({"数据来源单位": agency_b.name, "数据来源单位统一社会信用代码": agency_b.uscc})
    path = write(tmp_path / "office.csv", PENALTY_STANDARD, [row])
    result = import_file(path, kind="penalty", agency=office, actor=credit_office, confirmed=True)
    assert result.ok, messages(result.errors)


def test_a_data_source_outside_the_portal_is_any_valid_credit_code(
    tmp_path: Path, agency_a: Agency, clerk_a: User
) -> None:
    outside = demo_uscc(4242, "12")
    row = penalty(agency_a, 数据来源单位="淮安市信用信息中心", 数据来源单位统一社会信用代码=outside)
    row.update({"处罚机关": "", "处罚机关统一社会信用代码": ""})
    result = run(tmp_path / "s.csv", agency_a, clerk_a, [row])
    assert result.ok, messages(result.errors)
    action = AdministrativeAction.objects.get()
    assert (action.data_source_uscc, action.data_source_agency) == (outside, None)
    bad = penalty(agency_a, 数据来源单位统一社会信用代码=outside[:-1] + ("0" if outside[-1] != "0" else "1"))
    result = run(tmp_path / "t.csv", agency_a, clerk_a, [bad])
    assert [(e.row, e.column) for e in result.errors] == [(2, "数据来源单位统一社会信用代码")]


# --- complaint: every penalty row was refused for lacking 严重程度 ---------------------------------


@pytest.mark.parametrize(
    ("categories", "fine", "tier"),
    [
        ("警告", "", Tier.GENERAL),
        ("警告；罚款", "0.5", Tier.GENERAL),
        ("罚款", "150", Tier.SERIOUS),
        ("吊销许可证件", "", Tier.SERIOUS),
        ("责令关闭", "", Tier.SERIOUS),
        ("行政拘留", "", Tier.SERIOUS),
    ],
)
def test_without_a_tier_column_the_tier_is_derived_and_said_so(
    tmp_path: Path, agency_a: Agency, clerk_a: User, categories: str, fine: str, tier: str
) -> None:
    extra = {"暂扣或吊销证照名称及编号": "食品经营许可证JY23701040000001"} if "吊销" in categories else {}
    row = penalty(agency_a, 处罚类别=categories, **{"罚款金额(万元)": fine, "处罚内容": "依法处罚。", **extra})
    row["公示截止期"] = ""
    path = write(tmp_path / "t.csv", PENALTY_STANDARD, [row])
    result = import_file(path, kind="penalty", agency=agency_a, actor=clerk_a, confirmed=True)
    assert result.ok, messages(result.errors)
    assert any(w.column == "严重程度" and w.row == 2 for w in result.warnings)
    action = AdministrativeAction.objects.get()
    assert (action.tier, action.tier_derived) == (tier, True)


def test_the_reviewer_changes_a_derived_tier_before_publication(
    tmp_path: Path, agency_a: Agency, clerk_a: User, reviewer_a: User, client: Any
) -> None:
    from django.urls import reverse

    row = penalty(agency_a)
    row["公示截止期"] = ""
    run(tmp_path / "t.csv", agency_a, clerk_a, [row])
    action = AdministrativeAction.objects.get()
    general_until = action.public_until
    client.force_login(reviewer_a)
    page = client.get(reverse("admin:disclosure_administrativeaction_change", args=[action.pk])).content.decode()
    assert reverse("admin:disclosure_action_tier", args=[action.pk]) in page
    client.post(reverse("admin:disclosure_action_tier", args=[action.pk]), {"tier": Tier.SERIOUS})
    action.refresh_from_db()
    assert (action.tier, action.tier_derived, action.status) == (Tier.SERIOUS, False, Status.SUBMITTED)
    assert action.public_until is not None and general_until is not None and action.public_until > general_until
    event = AuditEvent.objects.get(action="disclosure.administrativeaction.tier_set")
    assert event.data["tier_to"] == Tier.SERIOUS
    # the clerk who entered it may not (four eyes)
    client.force_login(clerk_a)
    assert (
        client.post(reverse("admin:disclosure_action_tier", args=[action.pk]), {"tier": Tier.GENERAL}).status_code
        == 403
    )


# --- complaint: the 2021 penalty categories were refused -----------------------------------------


@pytest.mark.parametrize(
    ("written", "keys"),
    [
        ("通报批评", ["criticism"]),
        ("暂扣许可证件", ["licence_suspension"]),
        ("降低资质等级", ["qualification_downgrade"]),
        ("吊销许可证件", ["licence_revocation"]),
        ("限制开展生产经营活动", ["business_restriction"]),
        ("责令停产停业", ["production_halt"]),
        ("责令关闭", ["closure"]),
        ("限制从业", ["practice_restriction"]),
        ("行政拘留", ["detention"]),
        ("警告、通报批评", ["warning", "criticism"]),
        (
            "暂扣许可证件、降低资质等级、吊销许可证件",
            ["licence_suspension", "qualification_downgrade", "licence_revocation"],
        ),
        # the pre-2021 wording, kept as synonyms
        ("暂扣或者吊销许可证、暂扣或者吊销执照", ["licence_suspension"]),
        ("吊销营业执照", ["licence_revocation"]),
        ("没收违法所得、没收非法财物", ["confiscation"]),
        ("警告;罚款", ["warning", "fine"]),
        ("法律、行政法规规定的其他行政处罚", ["other"]),
    ],
)
def test_penalty_categories_as_the_2021_law_and_the_old_wording_write_them(written: str, keys: list[str]) -> None:
    assert standard.penalty_categories(written) == keys


def test_an_unknown_penalty_category_is_refused() -> None:
    with pytest.raises(KeyError):
        standard.penalty_categories("警告；罚没")


def test_a_2021_category_row_imports(tmp_path: Path, agency_a: Agency, clerk_a: User) -> None:
    row = penalty(
        agency_a, 处罚类别="通报批评；限制从业", **{"罚款金额(万元)": "", "处罚内容": "通报批评，限制从业三年。"}
    )
    result = run(tmp_path / "t.csv", agency_a, clerk_a, [row])
    assert result.ok, messages(result.errors)
    assert AdministrativeAction.objects.get().penalty_categories == ["criticism", "practice_restriction"]


# --- values: counterparty types, certificate types, dates -------------------------------------------


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("法人及非法人组织", CounterpartyType.LEGAL_PERSON),
        ("法人及其他组织", CounterpartyType.LEGAL_PERSON),
        ("法人和其他组织", CounterpartyType.LEGAL_PERSON),
        ("legal_person", CounterpartyType.LEGAL_PERSON),
        ("个体户", CounterpartyType.INDIVIDUAL_BUSINESS),
        ("自然人", CounterpartyType.NATURAL_PERSON),
    ],
)
def test_counterparty_categories_and_their_variants(written: str, value: str) -> None:
    assert standard.choice_value("counterparty_type", written) == value


@pytest.mark.parametrize(
    ("id_type", "number", "ok"),
    [
        ("身份证", resident_id(dt.date(1980, 1, 1), 11), True),
        ("身份证", "H12345678", False),
        ("护照", "E12345678", True),
        ("护照", "E1", False),
        ("港澳居民来往内地通行证", "H12345678", True),
        ("港澳居民来往内地通行证", resident_id(dt.date(1980, 1, 1), 11), False),
        ("台湾居民来往大陆通行证", "12345678", True),
        ("台湾居民来往大陆通行证", "H12345678", False),
        ("外国人永久居留身份证", "USA123456789012", True),
        ("外国人永久居留身份证", "91" + "0000" + "19800101" + "123" + id_check_char("91000019800101123"), True),
        ("外国人永久居留身份证", resident_id(dt.date(1980, 1, 1), 11)[:-1] + "X", False),
        ("其他", "AB-12345", True),
    ],
)
def test_each_certificate_type_has_its_own_check(
    tmp_path: Path, agency_a: Agency, clerk_a: User, id_type: str, number: str, ok: bool
) -> None:
    row = penalty(agency_a, 行政相对人名称="周大伟", 行政相对人类别="自然人", 统一社会信用代码="", 法定代表人="")
    row.update({"证件类型": id_type, "证件号码": number, "法定代表人证件类型": "", "法定代表人证件号码": ""})
    result = run(tmp_path / "p.csv", agency_a, clerk_a, [row])
    assert result.ok is ok, messages(result.errors)
    if not ok:
        assert [(e.row, e.column) for e in result.errors] == [(2, "证件号码")]
    else:
        assert AdministrativeAction.objects.get().id_type == standard.choice_value("id_type", id_type)


@pytest.mark.parametrize(
    "written", ["2026-10-03", "2026/10/03", "20261003", "2026-10-3", "2026年10月3日", "2026.10.03"]
)
def test_dates_in_the_formats_files_use(written: str) -> None:
    assert standard.parse_date(written) == dt.date(2026, 10, 3)


@pytest.mark.parametrize("written", ["03/10/2026", "2026-13-01", "十月三日"])
def test_a_date_that_is_not_one_is_refused(written: str) -> None:
    with pytest.raises(ValueError):
        standard.parse_date(written)


# --- complaint: 50000 in the 万元 column was stored as 5 亿元 without a question ----------------------


def test_a_fine_in_yuan_in_the_wan_column_is_flagged_and_not_stored_unconfirmed(
    tmp_path: Path, agency_a: Agency, clerk_a: User
) -> None:
    row = penalty(agency_a, **{"处罚内容": "警告，罚款5万元。", "罚款金额(万元)": "50000"})
    path = write(tmp_path / "yuan.csv", PENALTY_STANDARD, [row])
    result = import_file(path, kind="penalty", agency=agency_a, actor=clerk_a)
    assert result.ok and result.awaiting_confirmation
    flagged = [w for w in result.warnings if w.column == "罚款金额(万元)"]
    assert len(flagged) == 2  # over the ceiling, and not the content's 5万元
    assert any("5" in w.message and "元" in w.message for w in flagged)
    assert not AdministrativeAction.objects.exists()


def test_the_ceiling_is_a_setting(tmp_path: Path, agency_a: Agency, clerk_a: User, settings: Any) -> None:
    settings.DISCLOSURE_AMOUNT_CEILING_WAN = 100
    row = penalty(agency_a, **{"处罚内容": "罚款200万元。", "罚款金额(万元)": "200"})
    result = run(tmp_path / "c.csv", agency_a, clerk_a, [row], confirmed=False)
    assert [w.column for w in result.warnings if w.row == 2 and "100" in w.message] == ["罚款金额(万元)"]


def test_a_fine_matching_the_content_raises_no_amount_warning(tmp_path: Path, agency_a: Agency, clerk_a: User) -> None:
    row = penalty(agency_a, **{"处罚内容": "罚款人民币3,000元。", "罚款金额(万元)": "0.3"})
    result = run(tmp_path / "ok.csv", agency_a, clerk_a, [row], confirmed=False)
    assert not [w for w in result.warnings if w.column == "罚款金额(万元)"]


# --- credit codes ----------------------------------------------------------------------------------


def test_credit_codes_with_spaces_and_hyphens_are_normalised(tmp_path: Path, agency_a: Agency, clerk_a: User) -> None:
    code = demo_uscc(5151, "91")
    row = penalty(agency_a, 统一社会信用代码=f"{code[:6]} {code[6:12]}-{code[12:].lower()}")
    result = run(tmp_path / "n.csv", agency_a, clerk_a, [row])
    assert result.ok, messages(result.errors)
    assert AdministrativeAction.objects.get().counterparty_uscc == code


@pytest.mark.parametrize("code", ["91350211M0000XUF46", "91350100M0001TGQXM"])
def test_an_early_pilot_area_code_is_accepted_with_a_warning(
    tmp_path: Path, agency_a: Agency, clerk_a: User, code: str
) -> None:
    row = penalty(agency_a, 统一社会信用代码=code)
    path = write(tmp_path / "pilot.csv", PENALTY_STANDARD, [row])
    result = import_file(path, kind="penalty", agency=agency_a, actor=clerk_a, confirmed=True)
    assert result.ok, messages(result.errors)
    assert any(w.column == "统一社会信用代码" and code in w.message for w in result.warnings)
    assert AdministrativeAction.objects.get().counterparty_uscc == code


def test_a_wrong_check_character_elsewhere_is_still_refused(tmp_path: Path, agency_a: Agency, clerk_a: User) -> None:
    code = demo_uscc(5152, "91")
    bad = code[:-1] + ("0" if code[-1] != "0" else "1")
    row = penalty(agency_a, 统一社会信用代码=bad)
    result = run(tmp_path / "bad.csv", agency_a, clerk_a, [row])
    assert [(e.row, e.column) for e in result.errors] == [(2, "统一社会信用代码")]


# --- 公示截止期: honoured within the legal maximum, refused beyond it -------------------------------


def test_a_publicity_end_beyond_the_legal_maximum_is_refused_with_the_reason(
    tmp_path: Path, agency_a: Agency, clerk_a: User
) -> None:
    decided = days_ago(5)
    row = penalty(agency_a, 严重程度="一般", 公示截止期=(decided + dt.timedelta(days=400)).isoformat())
    headers = [*PENALTY_STANDARD, "严重程度"]
    result = run(tmp_path / "late.csv", agency_a, clerk_a, [row], headers=headers)
    assert [(e.row, e.column) for e in result.errors] == [(2, "公示截止期")]
    assert (decided + dt.timedelta(days=400)).isoformat() in result.errors[0].message
    assert not AdministrativeAction.objects.exists()


# --- the portal's own template still imports; the standard's template too -------------------------


@pytest.mark.parametrize("kind", ["penalty", "licensing"])
def test_the_standard_layout_template_example_imports(
    tmp_path: Path, agency_a: Agency, clerk_a: User, kind: str
) -> None:
    from disclosure.services.import_templates import template_csv

    path = tmp_path / "t.csv"
    path.write_text(template_csv(kind, "standard"), encoding="utf-8")
    result = import_file(path, kind=kind, agency=agency_a, actor=clerk_a, confirmed=True)
    assert result.ok, messages(result.errors)


def test_the_synonym_and_column_lists_come_from_one_module() -> None:
    from disclosure.services import import_templates

    assert list(import_templates.columns_for("penalty", "standard")) == [
        c.name for c in standard.standard_columns("penalty")
    ]
    assert {"罚款金额（万元）", "处罚决定日期", "公示截止期", "处罚机关"} <= set(
        import_templates.columns_for("penalty", "standard")
    )


def test_another_agency_in_the_portal_is_not_silently_used_for_the_agency(
    tmp_path: Path, agency_a: Agency, clerk_a: User
) -> None:
    other = AgencyFactory.create(name="测试交通运输局")
    row = penalty(agency_a, 处罚机关=other.name, 处罚机关统一社会信用代码="")
    row.update({"数据来源单位": other.name, "数据来源单位统一社会信用代码": other.uscc})
    result = run(tmp_path / "n.csv", agency_a, clerk_a, [row])
    assert [(e.row, e.column) for e in result.errors] == [(2, "处罚机关")]


# --- the preview in the back office: the clerk reads the warnings, then confirms -------------------


def test_the_job_page_shows_the_preview_and_the_clerk_confirms_it(
    tmp_path: Path, agency_a: Agency, clerk_a: User, client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from django.urls import reverse

    path = write(tmp_path / "s.csv", [*PENALTY_STANDARD, "内部编号"], [penalty(agency_a), penalty(agency_a)])
    client.force_login(clerk_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:disclosure_action_import"),
            {"kind": "penalty", "file": SimpleUploadedFile("s.csv", path.read_bytes()), "submit": "on"},
        )
    job = ImportJob.objects.get()
    assert job.state == ImportJob.State.AWAITING and not AdministrativeAction.objects.exists()
    page = client.get(reverse("admin:disclosure_importjob_change", args=[job.pk])).content.decode()
    assert "内部编号" in page and "严重程度" in page  # the ignored column and the derived tiers
    confirm = reverse("admin:disclosure_importjob_confirm", args=[job.pk])
    assert confirm in page
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(confirm).status_code == 302
    job.refresh_from_db()
    assert (job.state, job.rows_imported) == (ImportJob.State.DONE, 2)
    assert set(AdministrativeAction.objects.values_list("tier_derived", flat=True)) == {True}


def test_the_import_page_offers_the_standard_layout_templates(client: Any, clerk_a: User) -> None:
    from django.urls import reverse

    client.force_login(clerk_a)
    page = client.get(reverse("admin:disclosure_action_import")).content.decode()
    url = reverse("admin:disclosure_action_template", args=["penalty"]) + "?layout=standard"
    assert url in page
    header = client.get(url).content.decode("utf-8-sig").splitlines()[0]
    assert header.startswith("行政相对人名称,") and "行政处罚决定书文号" in header and "决定文书号," not in header
