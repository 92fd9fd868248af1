"""What the page draws: number cards, charts (with the same numbers as a table) and sections."""

from __future__ import annotations

from dataclasses import dataclass, field

# Colours of the states, the same in every chart (done green, late red …).
GREEN, BLUE, GREY, AMBER, LIGHT = "#2e7d32", "#3b6ea8", "#9aa0a6", "#e0a030", "#cfd8dc"


@dataclass
class Figure:
    """A number card: what it counts, and the list of those records."""

    key: str
    label: str
    value: object
    url: str = ""
    note: str = ""
    tone: str = ""  # a Bootstrap text colour: "danger", "success", "warning"


@dataclass
class Point:
    value: int | float | None
    url: str = ""
    color: str = ""


@dataclass
class Series:
    name: str
    points: list[Point]
    type: str = ""  # "bar" or "line"; empty: the chart's kind
    axis: int = 0  # 1: the second value axis (counts beside rates)
    unit: str = ""  # "%" for a rate
    color: str = ""
    stack: str = ""


@dataclass
class Chart:
    """What dashboard.js draws, and the same numbers as a table for screen readers
    and for a browser without scripts."""

    key: str
    title: str
    kind: str  # "bar", "pie" or "line"
    categories: list[str]
    series: list[Series]
    horizontal: bool = False
    first_column: str = ""

    @property
    def element_id(self) -> str:
        return f"chart-{self.key}"

    @property
    def data_id(self) -> str:
        return f"chart-{self.key}-data"

    @property
    def empty(self) -> bool:
        return not any(p.value for s in self.series for p in s.points)

    def spec(self) -> dict:
        return {
            "kind": self.kind,
            "horizontal": self.horizontal,
            "categories": [str(c) for c in self.categories],
            "series": [
                {
                    "name": str(s.name),
                    "type": s.type or self.kind,
                    "axis": s.axis,
                    "unit": s.unit,
                    "color": s.color,
                    "stack": s.stack,
                    "data": [
                        {"value": p.value, "url": p.url, "color": p.color}
                        for p in s.points
                    ],
                }
                for s in self.series
            ],
        }

    def rows(self) -> list[dict]:
        """One row per category: its cells in series order, each with its link."""
        return [
            {
                "label": category,
                "cells": [
                    {
                        "value": s.points[i].value,
                        "unit": s.unit,
                        "url": s.points[i].url,
                    }
                    for s in self.series
                ],
            }
            for i, category in enumerate(self.categories)
        ]


@dataclass
class Section:
    key: str
    title: str
    figures: list[Figure] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    extra: dict = field(default_factory=dict)
