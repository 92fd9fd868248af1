"""What the public may read of a ticket: the portal and the Open311 feed show the title,
the content and the office's reply, never who wrote it — and citizens often write their
phone or ID number into the text itself, so those are blanked out (个人信息保护法)."""

from __future__ import annotations

import re

# Mobile and fixed-line numbers, and 15/18-digit resident ID numbers.
_ID = re.compile(r"(?<!\d)\d{6}(?:19|20)?\d{2}[01]\d[0-3]\d\d{3}[\dXx]?(?!\d)")
_PHONE = re.compile(r"(?<!\d)(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8}|\d{7,8})(?!\d)")


def redact(text: str) -> str:
    text = _ID.sub("****", text or "")
    return _PHONE.sub("****", text)
