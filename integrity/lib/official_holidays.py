"""The State Council holiday schedules as published by the ``chinesecalendar`` package.

Used only to seed the calendar table; afterwards the table is the truth the credit office edits.
chinesecalendar 1.11.0 covers 2004–2026 (2027 raises NotImplementedError).
"""

from __future__ import annotations

import datetime as dt

from .workdays import Day, DayKind, ordinary_day

FIRST_YEAR = 2004
LAST_YEAR = 2026

HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}

SOURCE = "国务院办公厅节假日安排通知（chinesecalendar 1.11.0）"


def official_days(year: int) -> list[Day]:
    """Every day of ``year`` with its kind and the holiday's Chinese name."""
    from chinese_calendar import constants

    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"chinesecalendar has no schedule for {year}")
    days = []
    current = dt.date(year, 1, 1)
    while current.year == year:
        if current in constants.holidays:
            days.append(Day(current, DayKind.HOLIDAY, HOLIDAY_NAMES.get(constants.holidays[current], "")))
        elif current in constants.workdays and current.weekday() >= 5:
            name = HOLIDAY_NAMES.get(constants.workdays[current], "")
            days.append(Day(current, DayKind.MAKEUP, f"{name}调休上班" if name else "调休上班"))
        else:
            days.append(ordinary_day(current))
        current += dt.timedelta(days=1)
    return days
