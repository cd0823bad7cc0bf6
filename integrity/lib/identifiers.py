"""Check-character validation of the two national identifiers the portal handles.

GB 32100-2015 统一社会信用代码 (USCC) for organisations and GB 11643-1999 公民身份号码
for natural persons. Pure functions: no models, no settings.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

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


# --- credit codes as files write them, and the early pilot areas ------------------------------

# Codes issued in the pilot areas before GB 32100-2015 fixed the check-character rule (Fujian:
# Xiamen and Fuzhou issued from 2014) fail today's check although the companies exist
# (91350211M0000XUF46, 91350100M0001TGQXM). A code from these regions that is well formed but
# for its check character is accepted with a warning, never refused; anywhere else it is a typo.
USCC_PILOT_REGION_PREFIXES = ("35",)
_CODE_SEPARATORS = str.maketrans("", "", " \t\u3000-‐‑‒–—－")


def normalise_uscc(value: str) -> str:
    """A credit code as a file may write it (spaces, hyphens, full-width, lower case) → 18 characters."""
    code = unicodedata.normalize("NFKC", value or "").translate(_CODE_SEPARATORS)
    return code.upper()


def is_pilot_uscc(value: str) -> bool:
    """Well formed, a pilot region's, and wrong only in its check character."""
    code = normalise_uscc(value)
    try:
        validate_uscc(code)
    except ValidationError as exc:
        return exc.code == "uscc_check" and code[2:4] in {p[:2] for p in USCC_PILOT_REGION_PREFIXES}
    return False


def validate_uscc_or_pilot(value: str) -> None:
    """validate_uscc, letting an early pilot-area code through (its warning is the importer's)."""
    if not is_pilot_uscc(value):
        validate_uscc(value)


# --- the certificate types of the 双公示 standard, each with its own check --------------------

_PASSPORT = re.compile(r"^[A-Z0-9]{5,17}$")
# 港澳居民来往内地通行证 (回乡证): H or M and 8 digits (10 on the older cards).
_HK_MACAO = re.compile(r"^[HM](\d{8}|\d{10})$")
# 台湾居民来往大陆通行证 (台胞证): 8 digits (10 on the older cards, sometimes with a letter).
_TAIWAN = re.compile(r"^(\d{8}|\d{10}|\d{10}[A-Z])$")
# 外国人永久居留身份证: 15 characters (3 letters and 12 digits) until 2023, then 18 beginning with 9.
_FOREIGN_PR_OLD = re.compile(r"^[A-Z]{3}\d{12}$")
_OTHER = re.compile(r"^[A-Z0-9()（）\-]{4,30}$")


def validate_certificate_number(id_type: str, value: str) -> None:
    """Raise ValidationError unless ``value`` fits the certificate type (IdType values)."""
    number = normalise_id_number(value)
    if id_type == "resident_id":
        validate_id_number(number)
    elif id_type == "residence_permit":  # 港澳台居民居住证: an ID-style number from 810000, 820000, 830000
        validate_id_number(number)
        if number[:6] not in ("810000", "820000", "830000"):
            raise ValidationError(
                _("A residence permit for Hong Kong, Macao or Taiwan residents begins with 810000, 820000 or 830000."),
                code="permit_region",
            )
    elif id_type == "passport" and not _PASSPORT.match(number):
        raise ValidationError(_("A passport number has 5 to 17 letters and digits."), code="passport_format")
    elif id_type == "hk_macao" and not _HK_MACAO.match(number):
        raise ValidationError(
            _("A Mainland travel permit for Hong Kong or Macao residents is H or M followed by 8 or 10 digits."),
            code="hk_macao_format",
        )
    elif id_type == "taiwan" and not _TAIWAN.match(number):
        raise ValidationError(
            _("A Mainland travel permit for Taiwan residents has 8 or 10 digits."), code="taiwan_format"
        )
    elif id_type == "foreign_pr":
        if len(number) == 18 and number.startswith("9") and number[:17].isdigit():
            if id_check_char(number[:17]) != number[17]:
                raise ValidationError(_("The check digit of this permanent residence card is wrong."), code="pr_check")
        elif not _FOREIGN_PR_OLD.match(number):
            raise ValidationError(
                _(
                    "A foreign permanent resident ID card has 18 digits beginning with 9, "
                    "or (before 2023) 3 letters and 12 digits."
                ),
                code="pr_format",
            )
    elif id_type == "other" and not _OTHER.match(number):
        raise ValidationError(_("A certificate number has 4 to 30 letters and digits."), code="other_format")
