"""Check-character validation of the two national identifiers the portal handles.

GB 32100-2015 统一社会信用代码 (USCC) for organisations and GB 11643-1999 公民身份号码
for natural persons. Pure functions: no models, no settings.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# GB 32100: 31 characters, I O Z S V left out so they are not misread.
USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

# GB 11643: weights are 2^(17-i) mod 11; the remainder indexes the check character.
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


def uscc_check_char(first17: str) -> str:
    total = sum(USCC_CHARSET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_CHARSET[(31 - total % 31) % 31]


def validate_uscc(value: str) -> None:
    """Raise ValidationError unless ``value`` is a well-formed USCC with a correct check character."""
    code = (value or "").strip().upper()
    if len(code) != 18:
        raise ValidationError(_("A unified social credit code has 18 characters."), code="uscc_length")
    bad = [c for c in code if c not in USCC_CHARSET]
    if bad:
        raise ValidationError(
            _("The unified social credit code contains an invalid character: %(char)s."),
            code="uscc_charset",
            params={"char": bad[0]},
        )
    if not code[2:8].isdigit():
        raise ValidationError(
            _("Characters 3 to 8 of a unified social credit code are an administrative division code."),
            code="uscc_region",
        )
    if uscc_check_char(code[:17]) != code[17]:
        raise ValidationError(
            _("The check character of this unified social credit code is wrong."),
            code="uscc_check",
        )


def id_check_char(first17: str) -> str:
    total = sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK[total % 11]


def id_birth_date(value: str) -> dt.date | None:
    try:
        return dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return None


def validate_id_number(value: str, *, today: dt.date | None = None) -> None:
    """Raise ValidationError unless ``value`` is a valid 18-digit resident ID number."""
    number = (value or "").strip().upper()
    if len(number) != 18 or not number[:17].isdigit() or number[17] not in "0123456789X":
        raise ValidationError(_("An ID number has 17 digits followed by a digit or X."), code="id_format")
    birth = id_birth_date(number)
    # Server-local date is precise enough for a birth date that must not be in the future.
    today = today or dt.date.today()  # noqa: DTZ011
    if birth is None or birth.year < 1900 or birth > today:
        raise ValidationError(_("The birth date in this ID number is not a real date."), code="id_birth_date")
    if id_check_char(number[:17]) != number[17]:
        raise ValidationError(_("The check digit of this ID number is wrong."), code="id_check")


def normalise_id_number(value: str) -> str:
    return (value or "").strip().upper()
