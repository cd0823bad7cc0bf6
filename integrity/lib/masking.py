"""The one rule for how a natural person appears on anything public (R-P, DESIGN "Privacy").

A natural person's name shows as surname plus two asterisks (张**): the asterisk count is
fixed so the length of the given name does not leak. ID numbers never appear at all, not even
masked. Organisations appear in full. Every public page, feed, export and API response calls
these functions; nothing else decides.
"""

from __future__ import annotations

MASK = "**"

# Two-character surnames common enough to matter; a longer list only changes how much of a
# rare surname shows, never whether the given name shows.
COMPOUND_SURNAMES = frozenset(
    {
        "欧阳",
        "司马",
        "上官",
        "诸葛",
        "东方",
        "皇甫",
        "尉迟",
        "公孙",
        "慕容",
        "长孙",
        "宇文",
        "司徒",
        "夏侯",
        "令狐",
        "端木",
        "西门",
        "南宫",
        "独孤",
        "轩辕",
        "呼延",
    }
)


def mask_name(name: str) -> str:
    """Surname plus asterisks: 张三丰 → 张**, 欧阳娜娜 → 欧阳**, "" → ""."""
    name = (name or "").strip()
    if not name:
        return ""
    surname = name[:2] if name[:2] in COMPOUND_SURNAMES else name[:1]
    return surname + MASK


def mask_id_number(value: str) -> str:
    """For staff screens only (never public): first six and last one character."""
    value = (value or "").strip()
    if len(value) < 8:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 7) + value[-1]


def public_party_name(name: str, *, natural_person: bool) -> str:
    """How a counterparty or subject is named on public outputs."""
    return mask_name(name) if natural_person else (name or "").strip()
