"""Finding and masking personal data typed into free text (R-P, docs/architecture.md "Privacy").

A clerk can type a natural person's ID number, mobile number or full name into 违法事实, 备注
or any other free-text field; those fields are published. Entry refuses such text
(`find_personal_data`, called by the model's clean, so the admin, the staff API and the import
all say what was found and where), and the public presenter masks whatever got through
anyway (`mask_personal_data`), so search text, pages, feeds and downloads never carry it.

ID numbers are caught with or without a valid check character: an 18-character run whose
first two digits are a province code and whose next digits hold a plausible birth date. That
keeps 18-digit credit codes (统一社会信用代码 starts with a registration-authority code such as
91 or 11, followed by region and organisation digits, not a birth date) out of the net.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .masking import mask_name

# GB/T 2260 province-level codes: the first two digits of every resident ID number.
PROVINCES = frozenset(
    [
        "11",
        "12",
        "13",
        "14",
        "15",
        "21",
        "22",
        "23",
        "31",
        "32",
        "33",
        "34",
        "35",
        "36",
        "37",
        "41",
        "42",
        "43",
        "44",
        "45",
        "46",
        "50",
        "51",
        "52",
        "53",
        "54",
        "61",
        "62",
        "63",
        "64",
        "65",
        "71",
        "81",
        "82",
        "83",
    ]
)
_ID = re.compile(
    r"(?<![0-9A-Za-z])(\d{6})((?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]))(\d{3}[0-9Xx])(?![0-9A-Za-z])"
)
_MOBILE = re.compile(r"(?<!\d)(1[3-9]\d)[\s-]?(\d{4})[\s-]?(\d{4})(?!\d)")


@dataclass(frozen=True)
class Finding:
    kind: str  # "id_number", "mobile", "name"
    start: int
    end: int
    text: str

    @property
    def masked(self) -> str:
        if self.kind == "id_number":
            return "*" * len(self.text)  # an ID number never shows, not even in part
        if self.kind == "mobile":
            digits = re.sub(r"\D", "", self.text)
            return digits[:3] + "****" + digits[-4:]
        return mask_name(self.text)


def find_personal_data(text: str, names: Iterable[str] = ()) -> list[Finding]:
    """Every ID number, mobile number and occurrence of one of ``names`` in ``text``, in order."""
    if not text:
        return []
    found = [
        Finding("id_number", m.start(), m.end(), m.group(0)) for m in _ID.finditer(text) if m.group(1)[:2] in PROVINCES
    ]
    found += [Finding("mobile", m.start(), m.end(), m.group(0)) for m in _MOBILE.finditer(text)]
    for name in {n.strip() for n in names if n and len(n.strip()) >= 2}:
        found += [Finding("name", m.start(), m.end(), name) for m in re.finditer(re.escape(name), text)]
    found.sort(key=lambda f: (f.start, -f.end))
    kept: list[Finding] = []
    for finding in found:  # an ID number may contain what looks like a mobile number: keep the outer one
        if not kept or finding.start >= kept[-1].end:
            kept.append(finding)
    return kept


def mask_personal_data(text: str, names: Iterable[str] = ()) -> str:
    """``text`` with every finding replaced by its masked form."""
    findings = find_personal_data(text, names)
    if not findings:
        return text
    out, position = [], 0
    for finding in findings:
        out += [text[position : finding.start], finding.masked]
        position = finding.end
    out.append(text[position:])
    return "".join(out)
