"""The demo district: 济南市槐荫区, its departments and its 16 sub-district offices.

Department and sub-district names are real; codes, people and ID numbers are made up (with
valid check characters) and belong to nobody.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from integrity.lib.identifiers import id_check_char, uscc_check_char

# Demo-data seeders of the apps that build on core, run by `seed_demo` in order.
SEEDERS: list[Callable[[Any], None]] = []


def register_seeder(func: Callable[[Any], None]) -> Callable[[Any], None]:
    if func not in SEEDERS:
        SEEDERS.append(func)
    return func


REGION = "370104"  # 济南市槐荫区 administrative division code

DEPARTMENTS = [
    "中共济南市槐荫区纪律检查委员会（区监察委员会）",
    "济南市槐荫区人民政府办公室",
    "济南市槐荫区发展和改革局",
    "济南市槐荫区财政局",
    "济南市槐荫区审计局",
    "济南市槐荫区市场监督管理局",
    "济南市生态环境局槐荫分局",
    "济南市槐荫区统计局",
    "济南市槐荫区行政审批服务局",
    "济南市槐荫区教育和体育局",
    "济南市槐荫区民政局",
    "济南市槐荫区司法局",
    "济南市槐荫区人力资源和社会保障局",
    "济南市槐荫区住房和城乡建设局",
    "济南市槐荫区城市管理局",
    "济南市槐荫区卫生健康局",
    "济南市槐荫区应急管理局",
    "济南市槐荫区商务局（区投资促进局）",
    "济南市槐荫区农业农村局",
    "济南市槐荫区退役军人事务局",
    "济南市槐荫区医疗保障局",
]
GOVERNMENT = "济南市槐荫区人民政府"
CREDIT_OFFICE_AGENCY = "济南市槐荫区发展和改革局"
DISCIPLINE_AGENCY = DEPARTMENTS[0]

SUBDISTRICTS = [
    "振兴街街道办事处",
    "中大槐树街道办事处",
    "道德街街道办事处",
    "西市场街道办事处",
    "五里沟街道办事处",
    "营市街街道办事处",
    "青年公园街道办事处",
    "南辛庄街道办事处",
    "段店北路街道办事处",
    "张庄路街道办事处",
    "匡山街道办事处",
    "美里湖街道办事处",
    "吴家堡街道办事处",
    "腊山街道办事处",
    "兴福街道办事处",
    "玉清湖街道办事处",
]

INSTITUTIONS = ["济南市槐荫区公共信用信息中心", "济南市槐荫区政务服务中心"]

PEOPLE = [
    ("王建国", "济南市槐荫区市场监督管理局", "科长", dt.date(1978, 3, 12)),
    ("李秀英", "济南市槐荫区市场监督管理局", "科员", dt.date(1990, 7, 2)),
    ("张伟", "济南市槐荫区财政局", "副局长", dt.date(1972, 11, 30)),
    ("刘洋", "济南市生态环境局槐荫分局", "执法队员", dt.date(1988, 5, 21)),
    ("陈静", "济南市槐荫区行政审批服务局", "审批员", dt.date(1993, 1, 9)),
    ("杨帆", "济南市槐荫区统计局", "统计员", dt.date(1991, 9, 17)),
    ("赵磊", "振兴街街道办事处", "副主任", dt.date(1980, 2, 28)),
    ("欧阳明", "匡山街道办事处", "科员", dt.date(1995, 12, 3)),
]

PASSWORD = "huaiyin-demo-2026"  # noqa: S105 - published demo password, demo data only

# username, role, agency, description
ACCOUNTS = [
    ("xinyongban", "credit_office", CREDIT_OFFICE_AGENCY, "区信用办"),
    # A second person of the office: four eyes on the records the office itself enters.
    ("xinyongban_fuhe", "credit_office", CREDIT_OFFICE_AGENCY, "区信用办（复核）"),
    ("luru", "clerk", "济南市槐荫区市场监督管理局", "录入员（区市场监管局）"),
    ("shenhe", "reviewer", "济南市槐荫区市场监督管理局", "审核员（区市场监管局）"),
    ("luru_huanjing", "clerk", "济南市生态环境局槐荫分局", "录入员（槐荫生态环境分局）"),
    ("shenhe_huanjing", "reviewer", "济南市生态环境局槐荫分局", "审核员（槐荫生态环境分局）"),
    ("jijian", "overseer", DISCIPLINE_AGENCY, "监督单位（区纪委监委）"),
    ("gongwuyuan", "civil_servant", "济南市槐荫区市场监督管理局", "公务员（王建国）"),
]


def org_code(serial: int) -> str:
    """A 9-character GB 11714 organisation code with its check character."""
    body = f"MA{serial:06d}"
    values = [int(c) if c.isdigit() else ord(c) - 55 for c in body]
    remainder = 11 - sum(v * w for v, w in zip(values, (3, 7, 9, 10, 5, 8, 4, 2), strict=True)) % 11
    return body + {10: "X", 11: "0"}.get(remainder, str(remainder))


def demo_uscc(serial: int, kind_prefix: str = "11") -> str:
    first17 = f"{kind_prefix}{REGION}{org_code(serial)}"
    return first17 + uscc_check_char(first17)


def demo_id_number(birth: dt.date, serial: int) -> str:
    first17 = f"{REGION}{birth:%Y%m%d}{serial:03d}"
    return first17 + id_check_char(first17)
