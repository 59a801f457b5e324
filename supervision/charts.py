"""Bar charts drawn on the server as inline SVG: no JavaScript, no CDN, readable when printed.

The geometry is computed here and the template only places the shapes, so the chart is exactly as
accessible as its template makes it (role="img", a title, a text description, and the same
numbers in a table next to it).
"""

from __future__ import annotations

from dataclasses import dataclass

# Bootstrap's primary blue and a dark orange: both at least 3:1 against white (WCAG 1.4.11) and
# told apart by people with the common colour-vision deficiencies.
PALETTE = ("#0b5ed7", "#b35900", "#198754")


@dataclass(frozen=True)
class Series:
    name: str
    values: list[int]


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int
    colour: str
    label: str


@dataclass(frozen=True)
class Tick:
    y: float
    value: int


@dataclass(frozen=True)
class Category:
    x: float
    label: str


@dataclass(frozen=True)
class LegendItem:
    x: float
    colour: str
    name: str


@dataclass(frozen=True)
class BarChart:
    chart_id: str
    title: str
    description: str
    width: int
    height: int
    plot_left: float
    plot_bottom: float
    plot_right: float
    bars: list[Bar]
    ticks: list[Tick]
    categories: list[Category]
    legend: list[LegendItem]


def _nice_max(value: int) -> int:
    """The smallest of 1, 2, 5 × 10^n at or above value (at least 1), for round gridlines."""
    if value <= 0:
        return 1
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= value:
                return step * factor
        step *= 10


def bar_chart(
    *,
    chart_id: str,
    title: str,
    labels: list[str],
    series: list[Series],
    width: int = 720,
    height: int = 260,
) -> BarChart:
    left, right, top, bottom = 48.0, 12.0, 36.0, 28.0
    plot_width = width - left - right
    plot_height = height - top - bottom
    maximum = _nice_max(max((v for s in series for v in s.values), default=0))
    scale = plot_height / maximum
    slot = plot_width / max(len(labels), 1)
    bar_width = slot * 0.8 / max(len(series), 1)
    bars = []
    for index, label in enumerate(labels):
        for number, one in enumerate(series):
            value = one.values[index]
            bar_height = value * scale
            bars.append(
                Bar(
                    x=round(left + index * slot + slot * 0.1 + number * bar_width, 1),
                    y=round(top + plot_height - bar_height, 1),
                    width=round(bar_width, 1),
                    height=round(bar_height, 1),
                    value=value,
                    colour=PALETTE[number % len(PALETTE)],
                    label=f"{label} · {one.name}: {value}",
                )
            )
    ticks = [
        Tick(
            y=round(top + plot_height - plot_height * part / 4, 1), value=round(maximum * part / 4)
        )
        for part in range(5)
        if maximum * part % 4 == 0
    ]
    categories = [
        Category(x=round(left + index * slot + slot / 2, 1), label=label)
        for index, label in enumerate(labels)
    ]
    legend = [
        LegendItem(x=left + number * 180, colour=PALETTE[number % len(PALETTE)], name=one.name)
        for number, one in enumerate(series)
    ]
    description = "; ".join(
        f"{one.name}: "
        + ", ".join(f"{label} {value}" for label, value in zip(labels, one.values, strict=True))
        for one in series
    )
    return BarChart(
        chart_id=chart_id,
        title=title,
        description=description,
        width=width,
        height=height,
        plot_left=left,
        plot_bottom=top + plot_height,
        plot_right=width - right,
        bars=bars,
        ticks=ticks,
        categories=categories,
        legend=legend,
    )
