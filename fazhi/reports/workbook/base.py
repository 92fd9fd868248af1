"""What every sheet shares: the context it is written in, its columns, and the readers
of value tuples in chunks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

CHUNK = 2000
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
YES, NO = "是", "否"


@dataclass
class Context:
    year: int
    today: dt.date
    personal: bool  # the citizens' name, phone and ID number unmasked
    people: dict[int, str]  # user id → name, as str(user) shows it


@dataclass
class Sheet:
    title: str
    columns: list[tuple[str, int]]
    rows: Callable[[Context], Iterable[list]]
    rule: str  # what it counts and which records are "of the year", for 说明


def labels(choices) -> dict[str, str]:
    return {value: str(label) for value, label in choices}


def yes_no(value: bool | None) -> str:
    return "" if value is None else (YES if value else NO)


def as_number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def chunks(queryset, *fields) -> Iterator[tuple]:
    return queryset.values_list(*fields).iterator(chunk_size=CHUNK)
