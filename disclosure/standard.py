"""The national 双公示 data standard (行政许可/行政处罚信息数据标准), in one place.

Every column of the standard, for penalties and licences: its Chinese name, the variants and
field codes files use for it, its type, when it is required, and whether it is public. The
import (services.imports), the templates, the open-data export (presenters.standard_row), the
admin's column labels and the API schema (serializers) all read this module; nothing else
spells a column name.

Values are written as the standard and the law write them (行政处罚法 2021 art. 9 for the
penalty categories), with the older and common wordings accepted as synonyms on import and
the standard's own word written on export.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from disclosure.models import (
    PENALTY_CATEGORIES,
    ActionKind,
    CounterpartyType,
    IdType,
    LicenceCategory,
    LicenceState,
    Tier,
    UseScope,
)

# --- column types and rules --------------------------------------------------------------------

TEXT, CODE, USCC, DATE, AMOUNT, CHOICE, CHOICES, ID_NUMBER = (
    "text",
    "code",
    "uscc",
    "date",
    "amount",
    "choice",
    "choices",
    "id_number",
)
PENALTY, LICENSING = ActionKind.PENALTY.value, ActionKind.LICENSING.value


@dataclass(frozen=True)
class Column:
    """One column of a 双公示 file.

    ``key`` is the model field (or, for ``id_number`` and ``legal_representative_id_number``,
    the setter that encrypts). ``name`` is the standard's name for ``kinds``; ``portal`` the
    portal's own template header where it differs. ``standard=False`` marks a column the
    standard lacks but the portal keeps (严重程度, 信息使用范围, the penalty's 决定文书名称).
    ``required``: "yes", "no", or the condition in words (checked by the model's clean()).
    ``public``: in the open data (masked by the presenter where it names a person).
    """

    key: str
    name: str
    type: str
    required: Any
    public: bool
    kinds: tuple[str, ...]
    codes: tuple[str, ...] = ()
    variants: tuple[str, ...] = ()
    portal: str = ""
    standard: bool = True


YES, NO = "yes", "no"
FOR_ORGANISATIONS = _("For organisations and individual businesses")
FOR_LEGAL_PERSON = _("For a legal person")
FOR_NATURAL_PERSON = _("For a natural person")
BOTH = (PENALTY, LICENSING)
P, L = (PENALTY,), (LICENSING,)


def _party(prefix: str) -> list[Column]:
    """The counterparty columns, the same for both kinds but for the field-code prefix."""
    k = (PENALTY,) if prefix == "CF" else (LICENSING,)
    c = prefix
    return [
        Column("counterparty_name", "行政相对人名称", TEXT, YES, True, k, (f"{c}_XDR_MC",)),
        Column("counterparty_type", "行政相对人类别", CHOICE, YES, True, k, (f"{c}_XDR_LB",)),
        Column(
            "counterparty_uscc",
            "统一社会信用代码",
            USCC,
            FOR_ORGANISATIONS,
            True,
            k,
            (f"{c}_XDR_SHDM",),
            ("行政相对人代码_1", "行政相对人代码1", "社会信用代码"),
        ),
        Column("business_registration_no", "工商注册号", CODE, NO, True, k, (f"{c}_XDR_GSZC",), ("行政相对人代码_2",)),
        Column("organisation_code", "组织机构代码", CODE, NO, True, k, (f"{c}_XDR_ZZJG",), ("行政相对人代码_3",)),
        Column("tax_registration_no", "税务登记号", CODE, NO, True, k, (f"{c}_XDR_SWDJ",), ("行政相对人代码_4",)),
        Column("institution_cert_no", "事业单位证书号", CODE, NO, True, k, (f"{c}_XDR_SYDW",), ("行政相对人代码_5",)),
        Column("social_org_cert_no", "社会组织登记证号", CODE, NO, True, k, (f"{c}_XDR_SHZZ",), ("行政相对人代码_6",)),
        Column(
            "legal_representative", "法定代表人", TEXT, FOR_LEGAL_PERSON, True, k, (f"{c}_FRDB",), ("法定代表人姓名",)
        ),
        Column(
            "legal_representative_id_type",
            "法定代表人证件类型",
            CHOICE,
            _("With the legal representative's certificate number"),
            False,
            k,
            (f"{c}_FR_ZJLX",),
        ),
        Column(
            "legal_representative_id_number",
            "法定代表人证件号码",
            ID_NUMBER,
            NO,
            False,
            k,
            (f"{c}_FR_ZJHM",),
        ),
        Column("id_type", "证件类型", CHOICE, FOR_NATURAL_PERSON, False, k, (f"{c}_XDR_ZJLX",)),
        Column("id_number", "证件号码", ID_NUMBER, FOR_NATURAL_PERSON, False, k, (f"{c}_XDR_ZJHM",)),
    ]


PENALTY_COLUMNS: list[Column] = [
    *_party("CF"),
    Column(
        "document_number",
        "行政处罚决定书文号",
        CODE,
        YES,
        True,
        P,
        ("CF_WSH", "CF_XZCFJDSWH"),
        ("处罚决定书文号", "决定书文号"),
        portal="决定文书号",
    ),
    Column("violation_type", "违法行为类型", TEXT, YES, True, P, ("CF_WFXW",)),
    Column("violation_facts", "违法事实", TEXT, YES, True, P, ("CF_SY",), ("主要违法事实",)),
    Column("penalty_basis", "处罚依据", TEXT, YES, True, P, ("CF_YJ",)),
    Column("penalty_categories", "处罚类别", CHOICES, YES, True, P, ("CF_CFLB",), ("处罚种类",)),
    Column("penalty_content", "处罚内容", TEXT, YES, True, P, ("CF_NR",), ("处罚结果",)),
    Column(
        "fine_amount",
        "罚款金额（万元）",
        AMOUNT,
        _("When the penalty includes a fine"),
        True,
        P,
        ("CF_NR_FK",),
        ("罚款金额(单位:万元)", "罚款金额万元"),
    ),
    Column(
        "confiscated_amount",
        "没收违法所得、没收非法财物的金额（万元）",
        AMOUNT,
        _("When the penalty includes confiscation"),
        True,
        P,
        ("CF_NR_WFFF",),
        ("没收违法所得没收非法财物的金额(万元)", "没收金额(万元)"),
    ),
    Column(
        "suspended_licence",
        "暂扣或吊销证照名称及编号",
        TEXT,
        _("When a licence is suspended or revoked"),
        True,
        P,
        ("CF_NR_ZKDX",),
    ),
    Column(
        "decision_date",
        "处罚决定日期",
        DATE,
        YES,
        True,
        P,
        ("CF_JDRQ",),
        ("处罚日期", "作出行政处罚决定日期"),
        portal="决定日期",
    ),
    Column("penalty_valid_to", "处罚有效期", DATE, NO, True, P, ("CF_YXQ",)),
    Column(
        "publicity_end_stated",
        "公示截止期",
        DATE,
        _("No: blank means the longest the rules allow for the tier"),
        True,
        P,
        ("CF_GSJZQ",),
        ("公示截止日期", "公示截止时间"),
    ),
    Column("deciding_agency_name", "处罚机关", TEXT, NO, True, P, ("CF_CFJG",), ("处罚决定机关", "决定机关")),
    Column(
        "deciding_agency_uscc",
        "处罚机关统一社会信用代码",
        USCC,
        NO,
        True,
        P,
        ("CF_CFJGDM",),
        ("处罚机关代码", "决定机关统一社会信用代码"),
    ),
    Column("data_source_name", "数据来源单位", TEXT, NO, True, P, ("CF_SJLY",), ("数据来源",)),
    Column(
        "data_source_uscc",
        "数据来源单位统一社会信用代码",
        USCC,
        NO,
        True,
        P,
        ("CF_SJLYDM",),
        ("数据来源单位代码",),
    ),
    Column("remarks", "备注", TEXT, NO, True, P, ("BZ", "CF_BZ")),
    # Kept by the portal, not in the standard:
    Column("document_name", "决定文书名称", TEXT, NO, True, P, (), ("行政处罚决定书名称",), standard=False),
    Column(
        "tier",
        "严重程度",
        CHOICE,
        _("No: blank derives it from the penalty, for the reviewer to confirm"),
        True,
        P,
        (),
        ("失信严重程度", "严重程度(轻微/一般/严重)"),
        standard=False,
    ),
    Column("use_scope", "信息使用范围", CHOICE, NO, False, P, (), (), standard=False),
]

LICENCE_COLUMNS: list[Column] = [
    *_party("XK"),
    Column(
        "document_name",
        "行政许可决定文书名称",
        TEXT,
        YES,
        True,
        L,
        ("XK_XKWS",),
        ("许可决定文书名称",),
        portal="决定文书名称",
    ),
    Column(
        "document_number",
        "行政许可决定文书号",
        CODE,
        YES,
        True,
        L,
        ("XK_WSH",),
        ("许可决定文书号", "行政许可决定书文号"),
        portal="决定文书号",
    ),
    Column("licence_category", "许可类别", CHOICE, NO, True, L, ("XK_XKLB",), ("许可种类",)),
    Column("licence_certificate_name", "许可证书名称", TEXT, YES, True, L, ("XK_XKZS",)),
    Column("licence_number", "许可编号", CODE, YES, True, L, ("XK_XKBH",), ("许可证编号", "许可证书编号")),
    Column("licence_content", "许可内容", TEXT, YES, True, L, ("XK_NR",)),
    Column(
        "decision_date",
        "许可决定日期",
        DATE,
        YES,
        True,
        L,
        ("XK_JDRQ",),
        ("许可日期", "作出行政许可决定日期"),
        portal="决定日期",
    ),
    Column("valid_from", "有效期自", DATE, YES, True, L, ("XK_YXQZ",), ("有效期起", "有效期开始日期")),
    Column(
        "valid_to",
        "有效期至",
        DATE,
        _("No: blank if open-ended"),
        True,
        L,
        ("XK_YXQZI", "XK_YXQJZ"),
        ("有效期止", "有效期截止日期"),
    ),
    Column("deciding_agency_name", "许可机关", TEXT, NO, True, L, ("XK_XKJG",), ("许可决定机关", "决定机关")),
    Column(
        "deciding_agency_uscc",
        "许可机关统一社会信用代码",
        USCC,
        NO,
        True,
        L,
        ("XK_XKJGDM",),
        ("许可机关代码", "决定机关统一社会信用代码"),
    ),
    Column("licence_state", "当前状态", CHOICE, YES, True, L, ("XK_ZT",), ("状态",)),
    Column("data_source_name", "数据来源单位", TEXT, NO, True, L, ("XK_LYDW", "XK_SJLY"), ("数据来源",)),
    Column(
        "data_source_uscc",
        "数据来源单位统一社会信用代码",
        USCC,
        NO,
        True,
        L,
        ("XK_LYDWDM", "XK_SJLYDM"),
        ("数据来源单位代码",),
    ),
    Column("remarks", "备注", TEXT, NO, True, L, ("BZ", "XK_BZ")),
    Column("use_scope", "信息使用范围", CHOICE, NO, False, L, (), (), standard=False),
]

# The portal's own template for the other kinds (the standard covers penalties and licences).
OTHER_COLUMNS: list[Column] = [
    *[
        Column(c.key, c.name, c.type, c.required, c.public, (), (), c.variants)
        for c in _party("XK")
        if c.key not in ("legal_representative_id_type", "legal_representative_id_number")
    ],
    Column("document_name", "决定文书名称", TEXT, YES, True, ()),
    Column("document_number", "决定文书号", CODE, YES, True, ()),
    Column("decision_date", "决定日期", DATE, YES, True, ()),
    Column("data_source_uscc", "数据来源单位统一社会信用代码", USCC, NO, True, ()),
    Column("use_scope", "信息使用范围", CHOICE, NO, False, ()),
    Column("remarks", "备注", TEXT, NO, True, ()),
    Column("other_kind_name", "行为名称", TEXT, YES, True, (ActionKind.OTHER.value,)),
]

REQUIRED_KEYS = ("counterparty_name", "counterparty_type", "document_number", "decision_date")


def standard_columns(kind: str) -> list[Column]:
    """The columns of ``kind``'s file in the standard's order (penalties and licences); the
    portal's own layout for the other kinds."""
    if kind == PENALTY:
        return PENALTY_COLUMNS
    if kind == LICENSING:
        return LICENCE_COLUMNS
    return [c for c in OTHER_COLUMNS if not c.kinds or kind in c.kinds]


def column(kind: str, key: str) -> Column | None:
    """The column of ``key`` in ``kind``'s file (a dict lookup: the import asks once per cell)."""
    return _BY_KEY.get(kind, _BY_KEY[""]).get(key)


def column_name(kind: str, key: str, *, portal: bool = False) -> str:
    """The header of ``key`` in ``kind``'s file (the portal's template name with ``portal``)."""
    found = column(kind, key)
    if found is None:
        return key
    return (found.portal or found.name) if portal else found.name


def standard_names(key: str) -> str:
    """A field's names and codes in the standard's penalty and licence files, for labels."""
    found = [c for kind in (PENALTY, LICENSING) if (c := column(kind, key)) is not None and c.standard]
    names = "、".join(dict.fromkeys(c.name for c in found))
    codes = ", ".join(dict.fromkeys(code for c in found for code in c.codes[:1]))
    return f"{names} ({codes})" if names and codes else names


# --- headers: the standard's names, their variants and field codes -------------------------------

_SPACES = re.compile(r"[\s\u3000]+")


def normalise_header(header: str) -> str:
    """Full-width to ASCII (（万元） → (万元)), no spaces, field codes in upper case."""
    text = unicodedata.normalize("NFKC", str(header or "")).replace("\ufeff", "")
    return _SPACES.sub("", text).upper()


def _aliases(kind: str) -> dict[str, str]:
    aliases: dict[str, str] = {}
    for col in standard_columns(kind):
        for name in (col.name, col.portal, *col.variants, *col.codes, col.key):
            if name:
                aliases.setdefault(normalise_header(name), col.key)
    return aliases


ALIASES: dict[str, dict[str, str]] = {kind: _aliases(kind) for kind in ActionKind.values}
_BY_KEY: dict[str, dict[str, Column]] = {
    kind: {c.key: c for c in reversed(standard_columns(kind))} for kind in [*ActionKind.values, ""]
}
_BRACKETED = re.compile(r"^(.*?)\((.+)\)$")


def header_key(header: str, kind: str) -> str | None:
    """The field a header names in ``kind``'s file, or None. "行政相对人代码_1 (统一社会信用代码)"
    is looked up whole, then by the bracketed name, then by the name before the bracket."""
    aliases = ALIASES.get(kind) or ALIASES[ActionKind.OTHER]
    text = normalise_header(header)
    if not text:
        return None
    if text in aliases:
        return aliases[text]
    match = _BRACKETED.match(text)
    if match:
        outer, inner = match.group(1), match.group(2)
        return aliases.get(inner) or aliases.get(outer)
    return None


def match_headers(headers: Iterable[str], kind: str) -> tuple[dict[str, str], list[str]]:
    """(header → key for the headers of ``kind``, [headers not understood]); the first header
    naming a field wins, a second one naming the same field is reported as not used."""
    mapping: dict[str, str] = {}
    unknown: list[str] = []
    taken: set[str] = set()
    for header in headers:
        if not str(header or "").strip():
            continue
        key = header_key(header, kind)
        if key is None or key in taken:
            unknown.append(str(header).strip())
            continue
        mapping[header] = key
        taken.add(key)
    return mapping, unknown


def kind_keys(kind: str) -> set[str]:
    """The fields only ``kind`` has (to tell a licence file from a penalty file)."""
    own = {c.key for c in standard_columns(kind)}
    others = [{c.key for c in standard_columns(k)} for k in ActionKind.values if k != kind]
    return own.difference(*others)


# --- values: the standard's word first, then the synonyms accepted on import ------------------------

COUNTERPARTY_TYPES: dict[str, str] = {
    "法人及非法人组织": CounterpartyType.LEGAL_PERSON,
    "法人及其他组织": CounterpartyType.LEGAL_PERSON,
    "法人和非法人组织": CounterpartyType.LEGAL_PERSON,
    "法人和其他组织": CounterpartyType.LEGAL_PERSON,
    "法人或其他组织": CounterpartyType.LEGAL_PERSON,
    "法人": CounterpartyType.LEGAL_PERSON,
    "非法人组织": CounterpartyType.LEGAL_PERSON,
    "其他组织": CounterpartyType.LEGAL_PERSON,
    "自然人": CounterpartyType.NATURAL_PERSON,
    "个人": CounterpartyType.NATURAL_PERSON,
    "个体工商户": CounterpartyType.INDIVIDUAL_BUSINESS,
    "个体户": CounterpartyType.INDIVIDUAL_BUSINESS,
}
ID_TYPES: dict[str, str] = {
    "身份证": IdType.RESIDENT_ID,
    "居民身份证": IdType.RESIDENT_ID,
    "中华人民共和国居民身份证": IdType.RESIDENT_ID,
    "护照": IdType.PASSPORT,
    "港澳居民来往内地通行证": IdType.HK_MACAO,
    "港澳通行证": IdType.HK_MACAO,
    "回乡证": IdType.HK_MACAO,
    "台湾居民来往大陆通行证": IdType.TAIWAN,
    "台胞证": IdType.TAIWAN,
    "外国人永久居留身份证": IdType.FOREIGN_PR,
    "外国人永久居留证": IdType.FOREIGN_PR,
    "港澳台居民居住证": IdType.RESIDENCE_PERMIT,
    "其他": IdType.OTHER,
    "其他证件": IdType.OTHER,
}
TIERS: dict[str, str] = {"轻微": Tier.MINOR, "一般": Tier.GENERAL, "严重": Tier.SERIOUS}
LICENCE_STATES: dict[str, str] = {
    "正常": LicenceState.NORMAL,
    "有效": LicenceState.NORMAL,
    "撤销": LicenceState.REVOKED,
    "已撤销": LicenceState.REVOKED,
    "异议": LicenceState.OBJECTION,
    "其他": LicenceState.OTHER,
}
LICENCE_CATEGORY_WORDS: dict[str, str] = {
    "普通": LicenceCategory.GENERAL,
    "特许": LicenceCategory.FRANCHISE,
    "认可": LicenceCategory.RECOGNITION,
    "核准": LicenceCategory.APPROVAL,
    "登记": LicenceCategory.REGISTRATION,
    "其他": LicenceCategory.OTHER,
    "普通许可": LicenceCategory.GENERAL,
    "特许许可": LicenceCategory.FRANCHISE,
    "认可许可": LicenceCategory.RECOGNITION,
    "核准许可": LicenceCategory.APPROVAL,
    "登记许可": LicenceCategory.REGISTRATION,
    "其他许可": LicenceCategory.OTHER,
}
USE_SCOPES: dict[str, str] = {"公示": UseScope.PUBLIC, "内部共享": UseScope.INTERNAL, "授权查询": UseScope.AUTHORISED}
# 处罚类别: the 2021 wording (PENALTY_CATEGORIES), then the pre-2021 wording and common forms.
PENALTY_CATEGORY_WORDS: dict[str, str] = {
    **{label: key for key, label in PENALTY_CATEGORIES.items()},
    "没收违法所得": "confiscation",
    "没收非法财物": "confiscation",
    "没收违法所得和非法财物": "confiscation",
    "没收违法所得、非法财物": "confiscation",
    "暂扣或者吊销许可证、暂扣或者吊销执照": "licence_suspension",
    "暂扣或者吊销许可证": "licence_suspension",
    "暂扣或者吊销执照": "licence_suspension",
    "暂扣许可证": "licence_suspension",
    "暂扣执照": "licence_suspension",
    "吊销许可证": "licence_revocation",
    "吊销执照": "licence_revocation",
    "吊销营业执照": "licence_revocation",
    "吊销许可证件、执照": "licence_revocation",
    "降低资质": "qualification_downgrade",
    "限制生产经营": "business_restriction",
    "停产停业": "production_halt",
    "关闭": "closure",
    "拘留": "detention",
    "其他行政处罚": "other",
    "法律、行政法规规定的其他行政处罚": "other",
}
# What each enumerated column accepts, beside the stored codes themselves (legal_person, …).
VOCABULARIES: dict[str, dict[str, str]] = {
    "counterparty_type": COUNTERPARTY_TYPES,
    "id_type": ID_TYPES,
    "legal_representative_id_type": ID_TYPES,
    "tier": TIERS,
    "licence_state": LICENCE_STATES,
    "licence_category": LICENCE_CATEGORY_WORDS,
    "use_scope": USE_SCOPES,
}
_CHOICES_OF = {
    "counterparty_type": CounterpartyType,
    "id_type": IdType,
    "legal_representative_id_type": IdType,
    "tier": Tier,
    "licence_state": LicenceState,
    "licence_category": LicenceCategory,
    "use_scope": UseScope,
}


def standard_word(key: str, value: str) -> str:
    """The standard's word for a stored code (法人及非法人组织 for legal_person): the first
    word of the vocabulary that maps to it."""
    for word, code in VOCABULARIES[key].items():
        if code == value:
            return word
    return value


def standard_words(key: str) -> list[str]:
    """The words a drop-down offers: one per code, the standard's."""
    return [standard_word(key, value) for value in _CHOICES_OF[key].values]


# The vocabularies with their words normalised once (the import looks up every cell).
_NORMALISED = {key: {normalise_header(w): code for w, code in words.items()} for key, words in VOCABULARIES.items()}


def choice_value(key: str, text: str) -> str:
    """The stored code for a cell; KeyError when neither a word nor a code of the column."""
    code = _NORMALISED[key].get(normalise_header(text))
    if code is not None:
        return code
    lowered = text.strip().lower()
    if lowered in _CHOICES_OF[key].values:
        return lowered
    raise KeyError(text)


PENALTY_CATEGORY_SEPARATOR = "；"
_CATEGORY_WORDS = {
    **{normalise_header(w): k for w, k in PENALTY_CATEGORY_WORDS.items()},
    **{k.upper(): k for k in PENALTY_CATEGORIES},
}
_SEPARATORS = re.compile(r"[；;\n]+")
_INNER_SEPARATORS = re.compile(r"[、,，/]+")


def penalty_categories(text: str) -> list[str]:
    """处罚类别 cell → keys, in order, without repeats; KeyError names the first unknown word.
    Each ；-separated part is looked up whole ("法律、行政法规规定的其他行政处罚"), else split at 、."""
    words = _CATEGORY_WORDS
    keys: list[str] = []
    for part in _SEPARATORS.split(text):
        part = part.strip()
        if not part:
            continue
        raws = [part] if normalise_header(part) in words else [p for p in _INNER_SEPARATORS.split(part) if p.strip()]
        for raw in raws:
            key = words.get(normalise_header(raw))
            if key is None:
                raise KeyError(raw)
            if key not in keys:
                keys.append(key)
    return keys


# --- dates: 2026-10-03, 2026/10/03, 2026.10.03, 20261003, 2026-10-3, 2026年10月3日 -----------------

_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
# A spreadsheet's date-and-time cell read as text: "2026-10-03 00:00:00".
_DATE_TIME = re.compile(r"^(\S+)\s+\d{1,2}:\d{2}(:\d{2})?$")


def parse_date(text: str) -> dt.date:
    """A date as files write it; ValueError otherwise."""
    value = unicodedata.normalize("NFKC", text).strip()
    timed = _DATE_TIME.match(value)
    if timed:
        value = timed.group(1)
    match = _DATE.match(value) or _COMPACT_DATE.match(value)
    if not match:
        raise ValueError(text)
    year, month, day = (int(g) for g in match.groups())
    return dt.date(year, month, day)


# --- the tier when the file has none -----------------------------------------------------------

# The rule (docs/glossary.md "derived tier"): a penalty that takes away the right to operate or
# the person's liberty is 严重 — 吊销许可证件, 责令关闭, 限制从业, 行政拘留 — and so is a fine of
# DISCLOSURE_DERIVED_SERIOUS_FINE_WAN 万元 or more; every other penalty (warnings, 通报批评,
# ordinary fines, confiscation, suspension) is 一般. 轻微 is never derived: it takes the item
# off the public site, which only the agency's own judgement may do.
SERIOUS_CATEGORIES = frozenset({"licence_revocation", "closure", "practice_restriction", "detention"})


def derive_tier(categories: Iterable[str], fine: Decimal | None) -> str:
    if SERIOUS_CATEGORIES & set(categories):
        return Tier.SERIOUS
    if fine is not None and fine >= Decimal(settings.DISCLOSURE_DERIVED_SERIOUS_FINE_WAN):
        return Tier.SERIOUS
    return Tier.GENERAL


# --- amounts: 万元 in the column, 元 or 万元 in the content ----------------------------------------

_CONTENT_AMOUNT = re.compile(r"罚款(?:人民币)?\s*([0-9][0-9,，]*(?:\.[0-9]+)?)\s*(万元|元)")


def content_fines(text: str) -> list[Decimal]:
    """The fines the penalty content writes in figures (「罚款5万元」, 「罚款人民币3,000元」), in 万元."""
    found = []
    for number, unit in _CONTENT_AMOUNT.findall(unicodedata.normalize("NFKC", text or "")):
        value = Decimal(number.replace(",", "").replace("，", ""))
        found.append(value if unit == "万元" else value / 10000)
    return found


def amount_ceiling() -> Decimal:
    """万元 at or above which an amount is asked about (a routine fine in 元 lands here)."""
    return Decimal(settings.DISCLOSURE_AMOUNT_CEILING_WAN)
