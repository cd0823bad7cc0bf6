"""Evidence files: judged by content and size, stored under server names outside public
paths, downloaded only by those who may see the record, with a safe Content-Disposition."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from core.models import Agency, AuditEvent, User
from integrity.lib import filetypes
from records.models import CreditRecord, Evidence
from records.services.evidence import EvidenceRejected, evidence_add
from records.services.records import record_create, record_move
from tests.records.conftest import agency_record_data
from tests.records.test_admin import form_data

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def ooxml(part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(part, "<x/>")
    return buffer.getvalue()


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    return buffer.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (PDF, filetypes.PDF),
        (PNG, filetypes.PNG),
        (JPEG, filetypes.JPEG),
        (ooxml("word/document.xml"), filetypes.DOCX),
        (ooxml("xl/workbook.xml"), filetypes.XLSX),
        (plain_zip(), None),
        (b"PK\x03\x04not really a zip", None),
        (b"MZ\x90\x00 an executable", None),
        (b"<html><script>alert(1)</script>", None),
        (b"", None),
    ],
)
def test_the_type_is_judged_by_content(content: bytes, expected: filetypes.FileType | None) -> None:
    assert filetypes.detect(io.BytesIO(content)) == expected


@pytest.fixture
def draft(clerk_a: User, agency_a: Agency) -> CreditRecord:
    return record_create(actor=clerk_a, data=agency_record_data(agency_a))


def test_an_accepted_file_is_stored_under_a_server_name_and_audited(clerk_a: User, draft: CreditRecord) -> None:
    item = evidence_add(record=draft, actor=clerk_a, upload=upload("../../etc/处罚决定书.exe", PDF))
    assert item.stored_name.startswith(f"records/{draft.pk}/") and item.stored_name.endswith(".pdf")
    assert "处罚决定书" not in item.stored_name and ".." not in item.stored_name
    assert (item.content_type, item.size) == ("application/pdf", len(PDF))
    with storages["evidence"].open(item.stored_name) as stored:
        assert stored.read() == PDF
    assert AuditEvent.objects.get(action="records.evidence.add").data["sha256"] == item.sha256


@pytest.mark.parametrize("content", [plain_zip(), b"MZ\x90\x00", b"GIF89a......"])
def test_a_refused_type_is_an_error_and_nothing_is_saved(clerk_a: User, draft: CreditRecord, content: bytes) -> None:
    with pytest.raises(EvidenceRejected) as caught:
        evidence_add(record=draft, actor=clerk_a, upload=upload("scan.pdf", content))
    assert caught.value.field == "evidence_file"
    assert not Evidence.objects.exists()
    assert not storages["evidence"].exists(f"records/{draft.pk}")


def test_the_size_limit_comes_from_the_settings(settings: Any, clerk_a: User, draft: CreditRecord) -> None:
    settings.RECORDS_EVIDENCE_MAX_BYTES = len(PDF) - 1
    with pytest.raises(EvidenceRejected):
        evidence_add(record=draft, actor=clerk_a, upload=upload("scan.pdf", PDF))
    settings.RECORDS_EVIDENCE_MAX_BYTES = len(PDF)
    assert evidence_add(record=draft, actor=clerk_a, upload=upload("scan.pdf", PDF)).size == len(PDF)


def test_only_whoever_may_edit_the_record_attaches_files(
    clerk_a: User, clerk_b: User, reviewer_a: User, draft: CreditRecord
) -> None:
    from django.core.exceptions import PermissionDenied

    for actor in (clerk_b, reviewer_a):
        with pytest.raises(PermissionDenied):
            evidence_add(record=draft, actor=actor, upload=upload("scan.pdf", PDF))
    record_move(draft, move="submit", actor=clerk_a)
    with pytest.raises(PermissionDenied):
        evidence_add(record=draft, actor=clerk_a, upload=upload("scan.pdf", PDF))
    assert not Evidence.objects.exists()


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_admin_form_attaches_a_file_with_the_record(clerk_a: User, agency_a: Agency) -> None:
    data = {**form_data(agency_a), "evidence_file": upload("决定书.pdf", PDF)}
    assert logged_in(clerk_a).post("/admin/records/creditrecord/add/", data).status_code == 302
    item = Evidence.objects.get()
    assert item.record == CreditRecord.objects.get() and item.original_name == "决定书.pdf"


def test_a_rejected_file_is_a_form_error_and_neither_record_nor_file_is_saved(clerk_a: User, agency_a: Agency) -> None:
    data = {**form_data(agency_a, summary="保留的摘要。"), "evidence_file": upload("scan.pdf", plain_zip())}
    response = logged_in(clerk_a).post("/admin/records/creditrecord/add/", data)
    assert response.status_code == 200
    assert "evidence_file" in response.context["adminform"].form.errors
    assert "保留的摘要。" in response.content.decode()
    assert not CreditRecord.objects.exists() and not Evidence.objects.exists()


def test_a_download_is_an_attachment_with_a_safe_name_and_the_content_type(
    clerk_a: User, reviewer_a: User, draft: CreditRecord
) -> None:
    item = evidence_add(record=draft, actor=clerk_a, upload=upload('a"b\r\n处罚\\决定.exe', PNG))
    url = reverse("admin:records_evidence_download", args=[item.pk])
    page = logged_in(clerk_a).get(reverse("admin:records_creditrecord_change", args=[draft.pk])).content.decode()
    assert url in page
    response = logged_in(reviewer_a).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and "\r" not in disposition and "\n" not in disposition
    assert ".png" in disposition and ".exe" not in disposition and '"b' not in disposition
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PNG  # type: ignore[attr-defined]


def test_another_agency_and_strangers_never_get_the_file(
    clerk_a: User, clerk_b: User, stranger: User, draft: CreditRecord, civil_servant: Any
) -> None:
    item = evidence_add(record=draft, actor=clerk_a, upload=upload("scan.pdf", PDF))
    url = reverse("admin:records_evidence_download", args=[item.pk])
    assert logged_in(clerk_b).get(url).status_code == 404
    assert logged_in(stranger).get(url).status_code == 302  # not staff: to the sign-in page
    assert Client().get(url).status_code == 302
    assert logged_in(civil_servant.user).get(url).status_code == 302


def test_the_evidence_storage_is_not_a_public_folder() -> None:
    """The production settings (not the test override): a folder of its own under var/."""
    import os
    import subprocess
    import sys

    script = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([str(s.STORAGES['evidence']['OPTIONS']['location']), str(s.MEDIA_ROOT), str(s.STATIC_ROOT)]))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "integrity.settings", "DEBUG": "true"}
    env.pop("EVIDENCE_STORAGE_OPTIONS", None)
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    location, media, static = json.loads(out.stdout)
    assert location.endswith("evidence") and not location.startswith((media, static))
