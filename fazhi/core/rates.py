"""Rates as the office's figures quote them: a percentage to one decimal, none when
nothing was due (a rate of nothing is not 0 %)."""

from __future__ import annotations


def percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def percent_text(part: int, whole: int) -> str:
    """ "91.7%", or "—" when nothing was due."""
    rate = percent(part, whole)
    return "—" if rate is None else f"{rate}%"
