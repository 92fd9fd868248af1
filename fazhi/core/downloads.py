"""A generated file (an .xlsx ledger, a .docx document, a .zip archive) as a download:
an ASCII file name every browser keeps, and the Chinese name for those that read it."""

from __future__ import annotations

import urllib.parse

from django.http import HttpResponse

CONTENT_TYPES = {
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".zip": "application/zip",
    ".pdf": "application/pdf",
}


def download(content: bytes, ascii_name: str, name: str | None = None) -> HttpResponse:
    """`ascii_name` ("plan-2021.xlsx") also sets the type; `name` is the display name."""
    suffix = ascii_name[ascii_name.rfind(".") :]
    response = HttpResponse(content, content_type=CONTENT_TYPES[suffix])
    disposition = f'attachment; filename="{ascii_name}"'
    if name:
        disposition += f"; filename*=UTF-8''{urllib.parse.quote(name)}"
    response["Content-Disposition"] = disposition
    return response
