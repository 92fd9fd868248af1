"""Attachments: limits from settings, type from content, SHA-256, download by visibility."""

import hashlib
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.core.attachments import do_attach, validate_upload
from fazhi.core.models import AuditEntry

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def test_it_stores_a_file_with_its_checksum_and_audits(task_a, officer):
    attachment = do_attach(task_a, SimpleUploadedFile("通知.pdf", PDF), actor=officer)
    assert attachment.sha256 == hashlib.sha256(PDF).hexdigest()
    assert attachment.size == len(PDF) and attachment.kind == "pdf"
    assert attachment.file.name.endswith(".pdf") and "通知" not in attachment.file.name
    assert AuditEntry.objects.filter(
        verb="attachment.added", target_id=str(task_a.pk)
    ).exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("报告.docx", None),
        ("照片.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 20),
        ("说明.txt", "这是一段说明文字。".encode()),
        ("说明GBK.txt", "这是一段说明文字。".encode("gbk")),
    ],
)
def test_it_accepts_real_files_of_allowed_types(name, content):
    content = content if content is not None else _docx()
    validate_upload(SimpleUploadedFile(name, content))


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("合同.pdf", b"MZ\x90\x00\x03" + b"\0" * 50, "不是允许上传的文件类型"),
        ("合同.pdf", _docx(), "内容与文件扩展名"),
        ("程序.exe", PDF, "不是允许上传的文件类型"),
        ("空.pdf", b"", "空文件"),
    ],
)
def test_it_refuses_files_by_content(name, content, message):
    with pytest.raises(ValidationError, match=message):
        validate_upload(SimpleUploadedFile(name, content))


def test_it_refuses_a_file_over_the_size_limit(settings):
    settings.FAZHI_UPLOAD_MAX_BYTES = 1024 * 1024
    with pytest.raises(ValidationError, match="不能超过 1 MB"):
        validate_upload(SimpleUploadedFile("大.pdf", PDF + b"0" * (1024 * 1024)))


def test_download_for_those_who_see_the_record(
    client, task_a, officer, clerk_a, clerk_b
):
    attachment = do_attach(task_a, SimpleUploadedFile("通知.pdf", PDF), actor=officer)
    url = f"/files/{attachment.pk}/"
    client.force_login(clerk_a)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert "attachment;" in response["Content-Disposition"]
    assert AuditEntry.objects.filter(verb="attachment.downloaded").count() == 1
    client.force_login(clerk_b)
    assert client.get(url).status_code == 404


def test_download_refuses_anonymous_and_post(client, task_a, officer, clerk_a):
    attachment = do_attach(task_a, SimpleUploadedFile("通知.pdf", PDF), actor=officer)
    assert client.get(f"/files/{attachment.pk}/").status_code == 302
    client.force_login(clerk_a)
    assert client.post(f"/files/{attachment.pk}/").status_code == 405
    assert client.get("/files/999999/").status_code == 404


def test_a_50_mb_upload_is_refused_with_a_clear_message(client, task_a, clerk_a):
    client.force_login(clerk_a)
    big = SimpleUploadedFile("扫描件.pdf", PDF + b"0" * (50 * 1024 * 1024))
    response = client.post(
        f"/plans/tasks/{task_a.pk}/progress/",
        {"date": "2026-11-20", "progress": 10, "note": "上传扫描件", "files": [big]},
    )
    assert response.status_code == 422
    assert "MB" in response.content.decode()
    assert not task_a.updates.exists()
