"""Official documents from Word templates the office edits itself (DESIGN §3.6).

Each kind of document registers a code, a built-in default (made by code, laid out to
GB/T 9704) and a sample context naming every field. An officer downloads the template in
use, edits the wording and layout in Word — fields are written ``{{ 字段 }}``, repeated
parts ``{%p for … %}`` / ``{%tr for … %}`` as in docxtpl — and uploads it; the upload is
refused, with the reason, unless it renders the sample. Templates run in Jinja's sandbox,
and values are escaped, so neither a template nor a typed value can break the file.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

import jinja2
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from docxtpl import DocxTemplate
from jinja2.sandbox import SandboxedEnvironment

from . import audit
from .models import DocumentTemplate


@dataclass(frozen=True)
class Kind:
    code: str
    label: Callable[[], str]
    build_default: Callable[[], bytes]
    sample: Callable[[], dict]
    # Field → what it holds, shown to the officer who edits the template.
    fields: dict[str, str]
    # Fields a template of this kind must use (a report without its body is no report).
    required: tuple[str, ...] = ()


_KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> None:
    _KINDS[kind.code] = kind


def kinds() -> list[Kind]:
    return sorted(_KINDS.values(), key=lambda k: k.code)


def get_kind(code: str) -> Kind:
    return _KINDS[code]


def in_use(code: str) -> DocumentTemplate | None:
    """The uploaded version in use, or None for the built-in template."""
    latest = DocumentTemplate.objects.filter(code=code).order_by("-pk").first()
    return latest if latest is not None and latest.content else None


def template_bytes(code: str) -> bytes:
    current = in_use(code)
    return bytes(current.content) if current else get_kind(code).build_default()


def _render(source: bytes, context: dict, *, strict: bool) -> bytes:
    env = SandboxedEnvironment(
        undefined=jinja2.StrictUndefined if strict else jinja2.Undefined
    )
    tpl = DocxTemplate(io.BytesIO(source))
    tpl.render(context, jinja_env=env, autoescape=True)
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()


def render(code: str, context: dict) -> bytes:
    """The document for ``context`` from the template in use."""
    return _render(template_bytes(code), context, strict=False)


def check(code: str, source: bytes) -> None:
    """Refuse, in words an officer understands, a file that is not a template we can use."""
    try:
        with zipfile.ZipFile(io.BytesIO(source)) as z:
            if "word/document.xml" not in z.namelist():
                raise zipfile.BadZipFile
    except zipfile.BadZipFile:
        raise ValidationError(
            _("This is not a Word document (.docx). Save it in Word as .docx.")
        ) from None
    kind = get_kind(code)
    if kind.required:
        try:
            used = DocxTemplate(io.BytesIO(source)).get_undeclared_template_variables(
                jinja_env=SandboxedEnvironment()
            )
        except Exception:  # noqa: BLE001 — reported below by the full render
            used = None
        missing = [
            name for name in kind.required if used is not None and name not in used
        ]
        if missing:
            raise ValidationError(
                _(
                    "The template lacks a field the document needs: %(fields)s. Put it "
                    "back (written as in the downloaded template) and upload again."
                )
                % {"fields": "、".join(f"{{{{ {name} }}}}" for name in missing)}
            )
    try:
        _render(source, kind.sample(), strict=True)
    except jinja2.UndefinedError as exc:
        raise ValidationError(
            _(
                "The template uses a field that does not exist (%(error)s). The fields "
                "are listed on this page; check the spelling inside {{ }}."
            )
            % {"error": exc.message}
        ) from None
    except jinja2.TemplateSyntaxError as exc:
        raise ValidationError(
            _(
                "The template has a mistake in a {{ }} or {%% %%} tag: %(error)s. "
                "Check that every tag is closed and every “for” and “if” has its end."
            )
            % {"error": exc.message}
        ) from None
    except jinja2.exceptions.SecurityError:
        raise ValidationError(
            _("The template uses something that is not allowed.")
        ) from None
    except Exception:  # noqa: BLE001 — a damaged file can fail anywhere in parsing
        raise ValidationError(
            _("The template could not be read; open it in Word and save it again.")
        ) from None


@transaction.atomic
def do_upload_template(code: str, upload, *, actor, note: str = "") -> DocumentTemplate:
    limit = settings.FAZHI_UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("The file is %(size).1f MB; a template may be at most %(limit)d MB.")
            % {"size": upload.size / 2**20, "limit": limit // 2**20}
        )
    upload.seek(0)
    source = upload.read()
    check(code, source)
    row = DocumentTemplate.objects.create(
        code=code,
        content=source,
        original_name=upload.name[:255],
        sha256=hashlib.sha256(source).hexdigest(),
        note=note[:200],
        uploaded_by=actor,
    )
    audit.record(
        actor=actor,
        verb="core.template_uploaded",
        target=row,
        changes={"template": [None, code], "sha256": [None, row.sha256]},
        reason=note,
    )
    return row


@transaction.atomic
def do_restore_default(code: str, *, actor, note: str = "") -> DocumentTemplate:
    get_kind(code)
    if in_use(code) is None:
        raise ValidationError(_("The built-in template is already in use."))
    row = DocumentTemplate.objects.create(code=code, note=note[:200], uploaded_by=actor)
    audit.record(
        actor=actor,
        verb="core.template_restored",
        target=row,
        changes={"template": [None, code]},
        reason=note,
    )
    return row
