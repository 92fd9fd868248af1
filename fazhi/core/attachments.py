"""Files attached to records: limits from settings, type from content, SHA-256 kept.

Every app registers, for each model that carries files, the function that decides who may
see a record of it; a download is allowed exactly when the record is visible.
"""

from __future__ import annotations

import hashlib
import io
import uuid
import zipfile
from collections.abc import Callable

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import models, transaction
from django.http import Http404
from django.utils.translation import gettext as _

from . import audit
from .models import Attachment

_GETTERS: dict[str, Callable] = {}


def register(model: type[models.Model], getter: Callable) -> None:
    """`getter(user, pk)` returns the record or raises Http404."""
    _GETTERS[model._meta.label_lower] = getter


def attachments_for(record: models.Model):
    ct = ContentType.objects.get_for_model(record)
    return Attachment.objects.filter(content_type=ct, object_id=record.pk)


def get_attachment_for_user(user, pk: int) -> Attachment:
    try:
        attachment = Attachment.objects.select_related("content_type").get(pk=pk)
    except Attachment.DoesNotExist:
        raise Http404 from None
    label = f"{attachment.content_type.app_label}.{attachment.content_type.model}"
    getter = _GETTERS.get(label)
    if getter is None:
        raise Http404
    getter(user, attachment.object_id)  # raises Http404 when the record is not visible
    return attachment


def sniff(head: bytes, data: io.BufferedIOBase) -> str | None:
    """The file's real type from its first bytes (and, for zip containers, its members)."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"  # legacy .doc / .xls
    if head.startswith(b"PK\x03\x04"):
        try:
            data.seek(0)
            names = set(zipfile.ZipFile(data).namelist())
        except zipfile.BadZipFile:
            return None
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        if "OFD.xml" in names:
            return "ofd"
        return "zip"
    if b"\x00" not in head:
        for encoding in ("utf-8", "gb18030"):
            try:
                head.decode(encoding)
                return "txt"
            except UnicodeDecodeError as exc:
                # A multi-byte character cut by the 8 KiB window is still text.
                if exc.start >= len(head) - 4:
                    return "txt"
    return None


_NAME_TYPES = {"jpeg": "jpg", "doc": "ole", "xls": "ole", "csv": "txt", "md": "txt"}


def validate_upload(upload) -> str:
    """The checked type of an upload, or a ValidationError a clerk can read."""
    limit = settings.FAZHI_UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("“%(name)s” is %(size).1f MB; files may be at most %(limit)d MB.")
            % {
                "name": upload.name,
                "size": upload.size / 2**20,
                "limit": limit // 2**20,
            }
        )
    if upload.size == 0:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": upload.name})
    upload.seek(0)
    head = upload.read(8192)
    kind = sniff(head, upload)
    upload.seek(0)
    ext = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    allowed = set(settings.FAZHI_UPLOAD_TYPES)
    if kind is None or ext not in allowed:
        raise ValidationError(
            _("“%(name)s” is not an allowed kind of file. Allowed: %(types)s.")
            % {"name": upload.name, "types": ", ".join(sorted(allowed))}
        )
    if _NAME_TYPES.get(ext, ext) != kind:
        raise ValidationError(
            _("“%(name)s” does not contain what its name says (.%(ext)s).")
            % {"name": upload.name, "ext": ext}
        )
    return ext


@transaction.atomic
def do_attach(
    record: models.Model, upload, *, actor, description: str = ""
) -> Attachment:
    kind = validate_upload(upload)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    attachment = Attachment(
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        original_name=upload.name[:255],
        size=upload.size,
        sha256=digest.hexdigest(),
        kind=kind,
        description=description,
        uploaded_by=actor,
    )
    # Stored under a random name: the original name is data, not a path.
    attachment.file.save(f"{uuid.uuid4().hex}.{kind}", File(upload), save=False)
    try:
        attachment.save()
        audit.record(
            actor=actor,
            verb="attachment.added",
            target=record,
            changes={
                "file": [None, attachment.original_name],
                "sha256": [None, attachment.sha256],
            },
        )
    except Exception:
        attachment.file.delete(save=False)
        raise
    return attachment
