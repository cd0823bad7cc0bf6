"""What a file is, judged by its content, never by its name (evidence uploads).

Only the types an integrity record's evidence may have are recognised: PDF, JPEG, PNG, and
the Office Open XML documents DOCX and XLSX. Those two are ZIP archives; a ZIP is accepted
only when its directory lists the parts that make it a Word or Excel file (no part is
extracted, so a crafted archive cannot expand here). Pure Python: nothing of the project.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from typing import BinaryIO


@dataclass(frozen=True)
class FileType:
    key: str
    extension: str
    content_type: str


PDF = FileType("pdf", "pdf", "application/pdf")
JPEG = FileType("jpeg", "jpg", "image/jpeg")
PNG = FileType("png", "png", "image/png")
DOCX = FileType("docx", "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
XLSX = FileType("xlsx", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
EVIDENCE_TYPES = (PDF, JPEG, PNG, DOCX, XLSX)

_SIGNATURES = ((b"%PDF-", PDF), (b"\xff\xd8\xff", JPEG), (b"\x89PNG\r\n\x1a\n", PNG))
# The part each OOXML type must contain, besides [Content_Types].xml.
_OOXML_PARTS = ((DOCX, "word/document.xml"), (XLSX, "xl/workbook.xml"))


def detect(stream: BinaryIO) -> FileType | None:
    """The type of the file in ``stream`` (read from the start, rewound after), or None."""
    stream.seek(0)
    head = stream.read(8)
    stream.seek(0)
    for signature, kind in _SIGNATURES:
        if head.startswith(signature):
            return kind
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(stream) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        finally:
            stream.seek(0)
        if "[Content_Types].xml" in names:
            for kind, part in _OOXML_PARTS:
                if part in names:
                    return kind
    return None
