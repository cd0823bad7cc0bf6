"""The PDF of an issued credit report, drawn on the server with reportlab from the content that
was issued. The Chinese font (WenQuanYi Zen Hei, Debian fonts-wqy-zenhei) is embedded, subset,
from a local file: no network and no fallback to a font without Chinese glyphs."""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from records.models import IssuedReport

FONT = "WenQuanYiZenHei"


class ReportFontMissing(ImproperlyConfigured):
    pass


@lru_cache(maxsize=1)
def register_font() -> str:
    path = Path(settings.REPORT_FONT_PATH)
    if not path.is_file():
        raise ReportFontMissing(
            f"The credit report's Chinese font is missing: {path}. Install it (Debian: "
            "apt-get install fonts-wqy-zenhei) or set REPORT_FONT_PATH to a TrueType/TTC font with Chinese glyphs."
        )
    pdfmetrics.registerFont(TTFont(FONT, str(path), subfontIndex=0))
    return FONT


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=14, wordWrap="CJK")
    return {
        "title": ParagraphStyle("title", parent=base, fontSize=17, leading=24, alignment=1, spaceAfter=6),
        "h2": ParagraphStyle("h2", parent=base, fontSize=12, leading=18, spaceBefore=8, spaceAfter=4),
        "body": base,
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=12),
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=11, textColor=colors.grey),
    }


def _p(text: Any, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(str(text)), style)


def _table(rows: list[list[Any]], style: ParagraphStyle, width: float, header: bool) -> Table:
    cells = [[_p(c, style) for c in r] for r in rows]
    n = max(len(r) for r in rows)
    table = Table(cells, colWidths=[width / n] * n, repeatRows=1 if header else 0)
    commands: list[Any] = [
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef5")))
    table.setStyle(TableStyle(commands))
    return table


def report_pdf(report: IssuedReport, *, verify_url: str | None = None) -> bytes:
    register_font()
    styles = _styles()
    content = report.content
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=f"{content['title']} · {content['subject_name']}",
        author=_("Huaiyin District Government Integrity Portal"),
        subject=report.code,
    )
    width = doc.width
    issued = timezone.localtime(report.issued_at).strftime("%Y-%m-%d %H:%M:%S")
    url = verify_url or reverse("records:verify", args=[report.code])
    story: list[Any] = [
        _p(content["title"], styles["title"]),
        _table(
            [
                [_("Subject"), content["subject_name"]],
                *content["facts"],
                [_("Generated at"), issued],
                [_("Verification code"), report.code],
            ],
            styles["body"],
            width,
            header=False,
        ),
        _p(_("Anyone can check this report at %(url)s with its verification code.") % {"url": url}, styles["small"]),
    ]
    for s in content["sections"]:
        story += [Spacer(1, 4), _p(s["title"], styles["h2"])]
        if s["rows"]:
            story.append(_table([s["columns"], *s["rows"]], styles["cell"], width, header=True))
        else:
            story.append(_p(s["empty"], styles["body"]))
        if s.get("note"):
            story.append(_p(s["note"], styles["small"]))
    story += [
        Spacer(1, 8),
        _p(_("SHA-256 of the report's content: %(digest)s") % {"digest": report.content_sha256}, styles["small"]),
    ]
    doc.build(story)
    return out.getvalue()
