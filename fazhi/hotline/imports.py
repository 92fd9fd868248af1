"""Importing platform exports (the 12345 hotline's work orders, 政民零距离 messages):
.xlsx or .csv in UTF-8 or GBK, read through the platform's saved column mapping.

All or nothing, in two passes over the file so that a million rows never sit in memory:

1. check: every row is read and validated, outside any transaction, so the batch's
   progress (`rows_read`) is committed as it goes; numbers are compared with the
   database and with the rest of the file (same number, same content → skipped;
   other content → refused). Any bad row: the batch is refused with the list of
   problems (row as the spreadsheet shows it, column header, message) and nothing else
   is saved.
2. save: the file is read again and every new ticket inserted in ONE transaction with
   the batch's audit entry — raw `executemany` on SQLite, COPY on PostgreSQL, because
   the ORM would make a million model instances. Each row gets exactly what
   `services.prepare` gives a ticket (routing, time limits, month, bigrams, hash,
   token); a test holds the two together.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import os
import re
import secrets
import zipfile
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core import audit

from . import deadlines, kpi, search, services
from .models import Category, ImportBatch, PlatformMapping, Ticket

T = Ticket
FIELDS = (
    "external_no",
    "received_at",
    "title",
    "content",
    "citizen_name",
    "citizen_phone",
    "citizen_id_number",
    "kind",
    "category",
    "place",
    "area",
    "urgency",
    "likes",
)
# A missing title is cut from the content, so only these need a column.
REQUIRED = ("external_no", "received_at", "content")
TEXT_FIELDS = (
    "external_no",
    "title",
    "content",
    "citizen_name",
    "citizen_phone",
    "citizen_id_number",
    "place",
    "area",
)
MAX_LENGTH = {
    name: Ticket._meta.get_field(name).max_length
    for name in TEXT_FIELDS
    if Ticket._meta.get_field(name).max_length
}
TITLE_FROM_CONTENT = 30

# The headers as the platforms export them.
DEFAULT_MAPPINGS = {
    T.Channel.HOTLINE: {
        "external_no": "工单编号",
        "received_at": "受理时间",
        "title": "诉求标题",
        "content": "诉求内容",
        "citizen_name": "来电人",
        "citizen_phone": "联系电话",
        "kind": "诉求类型",
        "category": "诉求分类",
        "place": "事发地点",
        "urgency": "紧急程度",
    },
    T.Channel.ZMLJ: {
        "external_no": "留言编号",
        "received_at": "留言时间",
        "title": "留言主题",
        "content": "留言详情",
        "citizen_name": "留言用户",
        "likes": "点赞数",
    },
}
KIND_WORDS = {
    "咨询": T.Kind.CONSULT,
    "求助": T.Kind.HELP,
    "投诉": T.Kind.COMPLAINT,
    "建议": T.Kind.SUGGESTION,
    "举报": T.Kind.REPORT,
    **{k: k for k in T.Kind.values},
}
URGENCY_WORDS = {
    "紧急": T.Urgency.URGENT,
    "加急": T.Urgency.URGENT,
    "一般": T.Urgency.NORMAL,
    "普通": T.Urgency.NORMAL,
    **{k: k for k in T.Urgency.values},
}
MAX_ERRORS = 1000
CHUNK = 10_000
ANALYZE_AFTER = 50_000
_DATETIME = re.compile(
    r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?"
    r"(?:[ T]+(\d{1,2})[:：](\d{1,2})(?:[:：](\d{1,2})(?:\.\d+)?)?)?"
)


class Refused(Exception):
    """The whole file is refused: it cannot be read, or a mapped column is missing."""

    def __init__(self, message: str, row: int | None = None, column: str = ""):
        super().__init__(message)
        self.problems = [(row, column, message)]


# --- the column mapping ---------------------------------------------------------------


def field_label(name: str) -> str:
    return str(Ticket._meta.get_field(name).verbose_name)


def mapping_for(channel: str) -> dict[str, str]:
    """{field: column header}: the platform's saved mapping, or the default."""
    saved = PlatformMapping.objects.filter(channel=channel).first()
    if saved is not None:
        return dict(saved.columns)
    return dict(DEFAULT_MAPPINGS.get(channel, {}))


def _clean_mapping(columns: dict) -> dict[str, str]:
    errors = {}
    out = {}
    for name, header in columns.items():
        if name not in FIELDS:
            errors[name] = [_("There is no field “%(field)s”.") % {"field": name}]
        elif str(header or "").strip():
            out[name] = str(header).strip()
    for name in REQUIRED:
        if name not in out:
            errors[name] = [
                _("Give the column that holds “%(field)s”.")
                % {"field": field_label(name)}
            ]
    if errors:
        raise ValidationError(errors)
    return out


@transaction.atomic
def do_save_mapping(actor, channel: str, columns: dict) -> PlatformMapping:
    """Save which column of `channel`'s export holds which field."""
    if channel not in T.Channel.values:
        raise ValidationError({"channel": _("Choose one of the listed options.")})
    clean = _clean_mapping(columns)
    before = mapping_for(channel)
    mapping, _created = PlatformMapping.objects.update_or_create(
        channel=channel, defaults={"columns": clean}
    )
    audit.record(
        actor=actor,
        verb="hotline.mapping_saved",
        target=mapping,
        changes={
            field_label(k): [before.get(k, ""), clean.get(k, "")]
            for k in FIELDS
            if before.get(k, "") != clean.get(k, "")
        },
    )
    return mapping


# --- reading the file -----------------------------------------------------------------


class _Source:
    """A path or an open binary file (an upload), readable more than once."""

    def __init__(self, source):
        self.path = Path(source) if isinstance(source, str | os.PathLike) else None
        self.raw = None if self.path else getattr(source, "file", source)

    def open(self):
        if self.path is not None:
            return open(self.path, "rb")  # noqa: SIM115 (closed by the reader)
        self.raw.seek(0)
        return self.raw

    def close(self, f) -> None:
        if self.path is not None:
            f.close()


def _sniff_encoding(head: bytes) -> str:
    """UTF-8 (with or without BOM) or GB18030 (a superset of GBK), from the first bytes;
    anything else is refused, naming the line where it breaks."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in head:
        raise Refused(
            _(
                "The file is UTF-16 text, which cannot be imported. Save it as CSV in "
                "UTF-8 or GBK and import it again."
            )
        )
    furthest = (-1, "utf-8")
    for encoding in ("utf-8", "gb18030"):
        try:
            codecs.getincrementaldecoder(encoding)().decode(head, final=False)
            return encoding
        except UnicodeDecodeError as exc:
            furthest = max(furthest, (exc.start, encoding))
    at, encoding = furthest
    raise _bad_bytes(head[:at].count(b"\n") + 1, encoding)


def _bad_bytes(line: int, encoding: str) -> Refused:
    name = "GBK" if encoding == "gb18030" else "UTF-8"
    return Refused(
        _(
            "Line %(line)d of the file cannot be read as %(encoding)s text. Save the "
            "file as CSV in UTF-8 or GBK and import it again."
        )
        % {"line": line, "encoding": name}
    )


def _decoded_lines(f, encoding: str):
    """The file's lines as text, strictly decoded. b"\\n" never occurs inside a UTF-8
    or GB18030 character, so splitting the bytes first is safe, and a bad byte is
    reported with its line."""
    for number, line in enumerate(iter(f.readline, b""), start=1):
        try:
            text = line.decode(encoding)
        except UnicodeDecodeError:
            raise _bad_bytes(number, encoding) from None
        if number == 1 and text.startswith("\ufeff"):
            text = text[1:]
        yield text


def _csv_rows(f):
    encoding = _sniff_encoding(f.read(65536))
    f.seek(0)
    lines = _decoded_lines(f, encoding)
    first = next(lines, None)
    if first is None:
        return None, iter(())
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    reader = csv.reader(_chain_first(first, lines), delimiter=delimiter)
    try:
        header = next(reader)
    except csv.Error:
        raise Refused(_("The header row cannot be read as CSV."), 1) from None
    return header, _numbered(reader)


def _chain_first(first, rest):
    yield first
    yield from rest


def _numbered(reader):
    row = 1
    while True:
        row += 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error:
            raise Refused(_("The row cannot be read as CSV."), row) from None
        if cells and any(cells):
            yield row, cells


def _xlsx_rows(f):
    from openpyxl import load_workbook

    try:
        wb = load_workbook(f, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise Refused(
            _("The file is not an Excel workbook (.xlsx) that can be read.")
        ) from None
    rows = wb.worksheets[0].iter_rows(values_only=True)
    header = next(rows, None)

    def numbered():
        try:
            for row, cells in enumerate(rows, start=2):
                if any(c not in (None, "") for c in cells):
                    yield row, cells
        finally:
            wb.close()

    return header, numbered()


def _rows(f, mapping: dict[str, str]):
    """(column index of each mapped field, iterator of (row number, cells))."""
    magic = f.read(8)
    f.seek(0)
    if magic.startswith(b"\xd0\xcf\x11\xe0"):
        raise Refused(
            _("The file is an old Excel workbook (.xls): save it as .xlsx or .csv.")
        )
    header, rows = (_xlsx_rows if magic.startswith(b"PK\x03\x04") else _csv_rows)(f)
    if not header:
        raise Refused(_("The file is empty: there is no header row."), 1)
    names = [str(h).strip().lstrip("\ufeff") if h is not None else "" for h in header]
    index = {}
    for position, name in enumerate(names):
        index.setdefault(name, position)
    wanted = dict.fromkeys(
        mapping[f] for f in FIELDS if f in mapping
    )  # jsonb: no order
    missing = [h for h in wanted if h not in index]
    if missing:
        message = _("The column “%(column)s” is missing from the header row.")
        refusal = Refused(message % {"column": missing[0]}, 1, missing[0])
        refusal.problems = [(1, h, message % {"column": h}) for h in missing]
        raise refusal
    return {field: index[header] for field, header in mapping.items()}, rows


# --- one row --------------------------------------------------------------------------


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class _Parser:
    """Turns a row's cells into clean values, or says what is wrong with them. Built
    for speed: it runs twice on each of a million rows."""

    def __init__(self, columns: dict[str, int], mapping: dict[str, str]):
        self.headers = mapping
        self.width = max(columns.values()) + 1
        self.texts = [
            (name, columns[name], MAX_LENGTH.get(name), mapping[name])
            for name in TEXT_FIELDS
            if name in columns
        ]
        self.blank = dict.fromkeys(TEXT_FIELDS, "")
        self.at = columns["received_at"]
        self.others = {
            name: columns.get(name) for name in ("kind", "urgency", "category", "likes")
        }
        self.tz = timezone.get_current_timezone()
        self.latest = timezone.now() + dt.timedelta(minutes=5)
        self.first = self.last = None  # the earliest and latest day read
        self.kinds = dict(KIND_WORDS)
        self.kinds.update({str(label): value for value, label in T.Kind.choices})
        self.urgencies = dict(URGENCY_WORDS)
        self.urgencies.update({str(lb): value for value, lb in T.Urgency.choices})
        self.categories = {}
        for category in Category.objects.select_related("parent"):
            for key in (category.code, category.name, category.path):
                seen = self.categories.get(key)
                self.categories[key] = category.pk if seen in (None, category.pk) else 0

    def time(self, value) -> dt.datetime | None:
        """An aware datetime (the office's local time), or None if unreadable."""
        if isinstance(value, dt.datetime):  # an Excel cell: to the nearest second
            naive = value.replace(microsecond=0) + dt.timedelta(
                seconds=value.microsecond >= 500_000
            )
        elif isinstance(value, dt.date):
            naive = dt.datetime(value.year, value.month, value.day)
        else:
            text = str(value).strip()
            try:
                if len(text) == 19 and text[4] == "-" and text[13] == ":":
                    naive = dt.datetime(  # the common case, without a regex
                        int(text[:4]),
                        int(text[5:7]),
                        int(text[8:10]),
                        int(text[11:13]),
                        int(text[14:16]),
                        int(text[17:19]),
                    )
                else:
                    m = _DATETIME.fullmatch(text)
                    if m is None:
                        return None
                    naive = dt.datetime(*(int(g or 0) for g in m.groups()))
            except ValueError:
                return None
        return naive.replace(tzinfo=self.tz)

    def parse(self, cells, errors: list) -> dict | None:
        """The row's values; or None, with (column, message) pairs added to `errors`."""
        if len(cells) < self.width:
            cells = [*cells, *([None] * (self.width - len(cells)))]
        values = self.blank.copy()
        for name, index, limit, header in self.texts:
            value = cells[index]
            if value.__class__ is not str:
                value = _text(value)
            value = values[name] = value.strip()
            if limit and len(value) > limit:
                errors.append((header, _too_long(len(value), limit)))
        if not values["title"]:
            values["title"] = " ".join(values["content"].split())[:TITLE_FROM_CONTENT]
        for name in ("external_no", "content"):
            if not values[name]:
                errors.append((self.headers[name], _("The value is missing.")))
        self._received(cells[self.at], values, errors)
        kind, urgency, category, likes = (
            None if i is None else cells[i] for i in self.others.values()
        )
        values["kind"] = self._choice(kind, "kind", self.kinds, errors)
        values["urgency"] = self._choice(urgency, "urgency", self.urgencies, errors)
        values["category_id"] = self._category(category, errors)
        values["likes"] = self._likes(likes, errors) if likes else 0
        return None if errors else values

    def _received(self, value, values, errors) -> None:
        header = self.headers["received_at"]
        if value is None or value == "":
            errors.append((header, _("The value is missing.")))
            return
        at = values["received_at"] = self.time(value)
        if at is None:
            errors.append(
                (
                    header,
                    _("“%(value)s” is not a time such as 2021-03-05 10:20:30.")
                    % {"value": value},
                )
            )
        elif at > self.latest:
            errors.append((header, _("The time cannot be in the future.")))
        else:
            day = at.date()
            if self.first is None or day < self.first:
                self.first = day
            if self.last is None or day > self.last:
                self.last = day

    def _choice(self, value, name, words, errors):
        if value.__class__ is not str:
            value = _text(value)
        value = value.strip()
        if not value:
            return T.Kind.CONSULT if name == "kind" else T.Urgency.NORMAL
        found = words.get(value) or words.get(value.lower())
        if found is None:
            listed = KIND_WORDS if name == "kind" else URGENCY_WORDS
            choices = "、".join(k for k in listed if not k.isascii())
            errors.append(
                (
                    self.headers[name],
                    _("“%(value)s” is not one of: %(choices)s.")
                    % {"value": value, "choices": choices},
                )
            )
        return found

    def _category(self, value, errors):
        value = _text(value).strip()
        if not value:
            return None
        found = self.categories.get(value)
        if not found:
            message = (
                _("There is no category “%(value)s”.")
                if found is None
                else _("Several categories are called “%(value)s”: give its code.")
            )
            errors.append((self.headers["category"], message % {"value": value}))
        return found or None

    def _likes(self, value, errors):
        if isinstance(value, int | float) and float(value).is_integer():
            number = int(value)
        else:
            text = str(value).strip().replace(",", "")
            number = int(text) if text.isdigit() else -1
        if not 0 <= number <= 2_147_483_647:
            errors.append(
                (
                    self.headers["likes"],
                    _("“%(value)s” is not a whole number.") % {"value": value},
                )
            )
        return number


def _too_long(length: int, limit: int) -> str:
    return _("The text is %(length)d characters; at most %(max)d fit.") % {
        "length": length,
        "max": limit,
    }


def content_hash(values: dict) -> str:
    """`services.content_hash` of a parsed row, whose fields are all there and all
    text but the time: the same digest (a test holds them together) in a third of
    the time, and it runs twice for each row."""
    return hashlib.sha256(
        "\x1f".join(
            (
                str(values["received_at"]),
                values["title"],
                values["content"],
                values["citizen_name"],
                values["citizen_phone"],
                values["kind"],
            )
        ).encode()
    ).hexdigest()


# --- the two passes -------------------------------------------------------------------


class _Errors:
    def __init__(self):
        self.listed: list[dict] = []
        self.count = 0

    def add(self, row, column, message) -> None:
        self.count += 1
        if len(self.listed) < MAX_ERRORS:
            self.listed.append({"row": row, "field": column, "message": message})

    def as_list(self) -> list[dict]:
        if self.count > len(self.listed):
            more = self.count - len(self.listed)
            return [
                *self.listed,
                {
                    "row": None,
                    "field": "",
                    "message": _("… and %(count)d more problems not listed.")
                    % {"count": more},
                },
            ]
        return list(self.listed)


class _Bits:
    """A set of row numbers as a bitmap: the rows the save pass skips."""

    def __init__(self):
        self.bits = bytearray()

    def add(self, n: int) -> None:
        i = n >> 3
        if i >= len(self.bits):
            self.bits.extend(bytes(i - len(self.bits) + 4096))
        self.bits[i] |= 1 << (n & 7)

    def __contains__(self, n: int) -> bool:
        i = n >> 3
        return i < len(self.bits) and bool(self.bits[i] >> (n & 7) & 1)


def _check(source, channel, mapping, batch, progress, chunk, errors):
    """Pass 1: validate every row and find the duplicates. Returns the rows to skip and
    the first and last day received."""
    skip = _Bits()
    # number → content hash prefix << 28 | row: compact enough for a million rows.
    seen: dict[str, int] = {}
    known = Ticket.objects.filter(channel=channel).exists()
    column = mapping["external_no"]
    f = source.open()
    try:
        columns, rows = _rows(f, mapping)
        parser = _Parser(columns, mapping)
        pending: list[tuple[int, str, str]] = []
        read = 0
        for row, cells in rows:
            read += 1
            problems: list = []
            values = parser.parse(cells, problems)
            if values is None:
                for header, message in problems:
                    errors.add(row, header, message)
            else:
                number = values["external_no"]
                digest = content_hash(values)
                key = int(digest[:9], 16) << 28 | row
                earlier = seen.setdefault(number, key)
                if earlier == key:
                    if known:
                        pending.append((row, number, digest))
                elif earlier >> 28 == key >> 28:
                    skip.add(row)
                else:
                    message = _(
                        "Number %(number)s already appears in row %(row)d with "
                        "different content."
                    )
                    first = earlier & (1 << 28) - 1
                    errors.add(row, column, message % {"number": number, "row": first})
            if read % chunk == 0:
                _against_db(channel, pending, skip, errors, column)
                pending = []
                ImportBatch.objects.filter(pk=batch.pk).update(rows_read=read)
                if progress:
                    progress(read, "checking")
        _against_db(channel, pending, skip, errors, column)
    finally:
        source.close(f)
    if read == 0:
        raise Refused(_("The file has no rows to import."))
    batch.rows_read = read
    ImportBatch.objects.filter(pk=batch.pk).update(rows_read=read)
    if progress:
        progress(read, "checking")
    return skip, (parser.first, parser.last)


def _against_db(channel, pending, skip, errors, column) -> None:
    for start in range(0, len(pending), 500):
        part = pending[start : start + 500]
        stored = dict(
            Ticket.objects.filter(
                channel=channel, external_no__in=[n for _r, n, _h in part]
            ).values_list("external_no", "content_hash")
        )
        for row, number, digest in part:
            if number not in stored:
                continue
            if stored[number] == digest:
                skip.add(row)
            else:
                message = _(
                    "Number %(number)s was already imported with different content."
                )
                errors.add(row, column, message % {"number": number})


# The columns each row fills; every other column gets the same value in every row.
ROW_COLUMNS = (
    "external_no",
    "received_at",
    "month",
    "citizen_name",
    "citizen_phone",
    "citizen_id_number",
    "title",
    "content",
    "kind",
    "category_id",
    "place",
    "area",
    "urgency",
    "likes",
    "status",
    "department_id",
    "assigned_at",
    "assigned_by_rule_id",
    "sign_due_at",
    "reply_due_at",
    "grams",
    "content_hash",
    "token",
)


def _db_time():
    """The function turning an aware datetime into what the database is sent: Django's
    own adapter, or its SQLite result (UTC text) computed without its checks."""
    if connection.vendor != "sqlite":
        return connection.ops.adapt_datetimefield_value
    utc = dt.UTC

    def sqlite(value: dt.datetime) -> str:
        return str(value.astimezone(utc).replace(tzinfo=None))

    return sqlite


class _Builder:
    """The database row of a new ticket: what `services.prepare` derives, computed with
    caches (one due date per day, the rules that can apply per category) for speed."""

    def __init__(self, channel, batch, actor, now, days_range):
        self.now = now
        self.db = _db_time()
        self.router = services.Router()
        self.categories = {c.pk: c for c in Category.objects.all()}
        longest = max(
            [
                *settings.FAZHI_HOTLINE_REPLY_DAYS.values(),
                settings.FAZHI_HOTLINE_SIGN_DAYS,
            ]
            + [c.reply_days or 0 for c in self.categories.values()]
        )
        self.dues = deadlines.DueCache(*days_range, longest=min(longest, 366))
        self.reply_days: dict = {}
        self.sign_at: dict = {}
        self.reply_at: dict = {}
        self.candidates: dict = {}
        self.fallback: dict = {}
        self.db_now = self.db(now)
        template = Ticket(
            channel=channel,
            batch_id=batch.pk,
            created_by_id=actor.pk
            if getattr(actor, "is_authenticated", False)
            else None,
        )
        constant_columns, constants = [], []
        for field in Ticket._meta.concrete_fields:
            if field.primary_key or field.attname in ROW_COLUMNS:
                continue
            value = now if getattr(field, "auto_now", False) else None
            value = value or getattr(template, field.attname)
            constant_columns.append(field.column)
            constants.append(field.get_db_prep_save(value, connection))
        self.constants = tuple(constants)
        self.columns = [Ticket._meta.get_field(c).column for c in ROW_COLUMNS]
        self.columns += constant_columns

    def responsible(self, category_id):
        """No rule matched: the category's own department (`Router`'s fallback)."""
        if category_id not in self.fallback:
            self.fallback[category_id] = self.router.responsible_department(category_id)
        return self.fallback[category_id]

    def _rule(self, category_id, place, title):
        """`Router.match`, with the rules that can apply to a category listed once."""
        rules = self.candidates.get(category_id)
        if rules is None:
            lineage = self.router.ancestors(category_id) if category_id else []
            rules = self.candidates[category_id] = [
                r
                for r in self.router.rules
                if not r.category_id or r.category_id in lineage
            ]
        for rule in rules:
            text = rule.place_contains
            if text and text not in place and text not in title:
                continue
            return rule
        return None

    def row(self, v: dict, token: str) -> tuple:
        at = v["received_at"]
        day = at.date()
        urgent = v["urgency"] == T.Urgency.URGENT
        kind, category_id = v["kind"], v["category_id"]
        days = self.reply_days.get((kind, category_id))
        if days is None:
            days = self.reply_days[kind, category_id] = deadlines.reply_days(
                kind, self.categories.get(category_id)
            )
        key = (day, days, urgent)
        reply = self.reply_at.get(key)
        if reply is None:
            reply = self.reply_at[key] = self.db(self.dues.reply(at, days, urgent))
        if urgent:
            sign = self.db(self.dues.sign(at, True))
        else:
            sign = self.sign_at.get(day)
            if sign is None:
                sign = self.sign_at[day] = self.db(self.dues.sign(at, False))
        title, content = v["title"], v["content"]
        rule = self._rule(category_id, v["place"], title)
        department = rule.department_id if rule else self.responsible(category_id)
        rule_id = rule.pk if rule else None
        if department is None:
            status, assigned = T.Status.NEW, None
        else:
            status = T.Status.ASSIGNED
            assigned = self.db_now if self.now >= at else self.db(at)
        return (
            v["external_no"],
            self.db(at),
            at.year * 100 + at.month,
            v["citizen_name"],
            v["citizen_phone"],
            v["citizen_id_number"],
            title,
            content,
            kind,
            category_id,
            v["place"],
            v["area"],
            v["urgency"],
            v["likes"],
            status,
            department,
            assigned,
            rule_id,
            sign,
            reply,
            search.grams(title, content),
            content_hash(v),
            token,
        ) + self.constants


def _tokens(n: int) -> list[str]:
    hexed = secrets.token_hex(8 * n)
    return [hexed[i : i + 16] for i in range(0, 16 * n, 16)]


def insert_rows(columns: list[str], rows) -> None:
    """Insert row tuples into hotline_ticket in the current transaction: a prepared
    INSERT through the driver's executemany on SQLite, COPY FROM STDIN on PostgreSQL."""
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.wrap_database_errors:
        if connection.vendor == "postgresql":
            with connection.cursor() as wrapper:
                sql = f"COPY hotline_ticket ({names}) FROM STDIN"
                with wrapper.cursor.copy(sql) as copy:
                    for row in rows:
                        copy.write_row(row)
        else:
            marks = ", ".join("?" for _c in columns)
            connection.ensure_connection()
            connection.connection.executemany(
                f"INSERT INTO hotline_ticket ({names}) VALUES ({marks})",  # noqa: S608
                rows,
            )


def _save(source, channel, mapping, batch, actor, skip, days, progress, chunk):
    """Pass 2: insert every new row, index them, close the batch: one transaction."""
    now = timezone.now()
    with transaction.atomic():
        builder = _Builder(channel, batch, actor, now, days)
        max_before = Ticket.objects.order_by("-pk").values_list("pk", flat=True).first()
        f = source.open()
        created = unchanged = 0
        try:
            columns, rows = _rows(f, mapping)
            parser = _Parser(columns, mapping)
            parser.latest = max(parser.latest, now + dt.timedelta(minutes=5))
            block: list = []
            tokens = _tokens(chunk)
            for row, cells in rows:
                if row in skip:
                    unchanged += 1
                    continue
                problems: list = []
                values = parser.parse(cells, problems)
                if values is None:  # the file changed since it was checked
                    raise Refused(problems[0][1], row, problems[0][0])
                block.append(builder.row(values, tokens[len(block)]))
                if len(block) == chunk:
                    insert_rows(builder.columns, block)
                    created += len(block)
                    block, tokens = [], _tokens(chunk)
                    if progress:
                        progress(created + unchanged, "saving")
            insert_rows(builder.columns, block)
            created += len(block)
        finally:
            source.close(f)
        if progress:
            progress(created + unchanged, "indexing")
        search.index_tickets(after_id=max_before or 0)
        kpi.forget()
        batch.state = ImportBatch.State.DONE
        batch.created, batch.unchanged = created, unchanged
        batch.finished_at = timezone.now()
        batch.save(update_fields=["state", "created", "unchanged", "finished_at"])
        audit.record(
            actor=actor,
            verb="hotline.imported",
            target=batch,
            changes={
                "platform": batch.get_channel_display(),
                "rows": batch.rows_read,
                "created": created,
                "unchanged": unchanged,
            },
        )
    if created >= ANALYZE_AFTER:
        # Fresh planner statistics after a bulk load (0.6 s for a million tickets).
        # Without them PostgreSQL read the whole table for each look-up of 500
        # numbers in the next import, and SQLite preferred the status index to the
        # newest-first one in the filtered ticket list.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE hotline_ticket")
    if progress:
        progress(created + unchanged, "done")


@contextmanager
def _unmapped():
    """SQLite: the import's connection reads the database file with read() instead of
    through its memory map (settings: 256 MB) while it runs. An import writes a
    million rows and their index entries; every mapped page it touched would count in
    the process's resident memory, which must stay under 500 MB (the issue), and the
    map gains a write nothing. Restored afterwards for the pages' reads."""
    size = None
    if connection.vendor == "sqlite":
        with connection.cursor() as cur:
            cur.execute("PRAGMA mmap_size")
            row = cur.fetchone()  # none for a database in memory (the tests')
            if row is not None:
                size = int(row[0])
                cur.execute("PRAGMA mmap_size=0")
    try:
        yield
    finally:
        if size is not None:
            with connection.cursor() as cur:
                cur.execute(f"PRAGMA mmap_size={size}")


@_unmapped()
def run_import(
    source,
    channel: str,
    *,
    actor,
    file_name: str,
    progress=None,
    chunk: int = CHUNK,
) -> ImportBatch:
    """Import a platform export (a path or a binary file object): every row or none.
    Returns the batch: `state` says which; a refused batch lists its `errors`
    ({row, field, message}) and has `error_count` set."""
    batch = ImportBatch.objects.create(
        channel=channel,
        file_name=str(file_name)[:255],
        by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    errors = _Errors()
    source = _Source(source)
    try:
        mapping = mapping_for(channel)
        if not all(mapping.get(f) for f in REQUIRED):
            raise Refused(
                _("There is no column mapping for %(platform)s: save one first.")
                % {"platform": T.Channel(channel).label}
            )
        skip, days = _check(source, channel, mapping, batch, progress, chunk, errors)
        if not errors.count:
            _save(source, channel, mapping, batch, actor, skip, days, progress, chunk)
    except Refused as refusal:
        for problem in refusal.problems:
            errors.add(*problem)
    except IntegrityError:
        errors.add(
            None,
            "",
            _(
                "Some of these numbers were registered by someone else during the "
                "import. Nothing was imported: import the file again."
            ),
        )
    except Exception:  # a bug or a lost database: the batch must not stay "running"
        errors.add(None, "", _("The import stopped on an error; nothing was imported."))
        _refuse(batch, errors)
        raise
    batch.error_count = errors.count
    if errors.count:
        _refuse(batch, errors)
    return batch


def _refuse(batch: ImportBatch, errors: _Errors) -> None:
    batch.state = ImportBatch.State.FAILED
    batch.errors = errors.as_list()
    batch.error_count = errors.count
    batch.created = batch.unchanged = 0
    batch.finished_at = timezone.now()
    batch.save(update_fields=["state", "errors", "created", "unchanged", "finished_at"])
