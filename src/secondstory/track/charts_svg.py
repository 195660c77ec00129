"""Hand-written SVG: each recurring class's incidents on one time axis with their durations.

One panel per class. x is the date the incident started (the same axis for every panel,
so recurrences line up); y is minutes on a log scale from half a minute, because detection
is often minutes and resolution hours. Each incident is three overlaid bars from the
baseline: time to resolve (light), to mitigate (mid), to detect (dark). A duration that
cannot be computed is drawn as a dashed outline marked "?" and never guessed.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from xml.sax.saxutils import escape

from secondstory.plural import plural
from secondstory.track.outcomes import METRICS, Incident, OutcomeClass, Outcomes
from secondstory.track.outcomes_render import format_duration

WIDTH = 860
LEFT, RIGHT = 70, 30
PANEL_HEIGHT = 140
PLOT_TOP, PLOT_HEIGHT = 28, 80
BAR = 7
FLOOR_MINUTES = 0.5  # the baseline of the log scale: a 1-minute bar stays visible
TREND_COLOURS = {"improving": "#1a7f37", "worsening": "#cf222e", "mixed": "#9a6700"}
COLOURS = {"resolve": "#c6dbef", "mitigate": "#6baed6", "detect": "#08519c"}
GRID_MINUTES = (1, 10, 60, 600, 1440 * 7)
GRID_LABELS = ("1m", "10m", "1h", "10h", "7d")


def _y(minutes: float, top_minutes: float) -> float:
    """Height above the baseline for `minutes` on a log scale topping out at `top_minutes`."""
    span = math.log10(max(top_minutes, 10) / FLOOR_MINUTES)
    return PLOT_HEIGHT * min(math.log10(max(minutes, FLOOR_MINUTES) / FLOOR_MINUTES) / span, 1.0)


def _minutes(value: timedelta | None) -> float | None:
    return None if value is None else max(value.total_seconds() / 60, 0.0)


def _date_range(outcomes: Outcomes) -> tuple[date, date]:
    days = [
        i.started.date() for c in outcomes.classes for i in c.incidents if i.started is not None
    ]
    if not days:
        today = date(2000, 1, 1)
        return today, today + timedelta(days=1)
    first, last = min(days), max(days)
    pad = max((last - first).days // 20, 7)
    return first - timedelta(days=pad), last + timedelta(days=pad)


def _x(day: date, span: tuple[date, date]) -> float:
    total = max((span[1] - span[0]).days, 1)
    return LEFT + (WIDTH - LEFT - RIGHT) * (day - span[0]).days / total


def _month_ticks(span: tuple[date, date]) -> list[date]:
    ticks, day = [], date(span[0].year, span[0].month, 1)
    step = max(1, ((span[1] - span[0]).days // 30) // 8 + 1)
    while day <= span[1]:
        if day >= span[0]:
            ticks.append(day)
        month = day.month - 1 + step
        day = date(day.year + month // 12, month % 12 + 1, 1)
    return ticks


def _incident(incident: Incident, x: float, base: float, top_minutes: float) -> list[str]:
    out = []
    title = escape(
        f"{incident.postmortem.id}: "
        + ", ".join(f"{m} {format_duration(incident.durations[m])}" for m in METRICS)
    )
    out.append(f"<g><title>{title}</title>")
    for offset, metric in zip((-BAR, 0, BAR), ("detect", "mitigate", "resolve"), strict=True):
        value = _minutes(incident.durations[metric])
        left = x + offset - BAR / 2
        if value is None:
            out.append(
                f'<rect x="{left:.1f}" y="{base - 18:.1f}" width="{BAR}" height="18" fill="none" '
                f'stroke="#888" stroke-dasharray="2,2"/>'
            )
            out.append(
                f'<text x="{left + BAR / 2:.1f}" y="{base - 21:.1f}" font-size="9" text-anchor="middle" '
                f'fill="#888">?</text>'
            )
            continue
        height = max(_y(value, top_minutes), 1.0)
        out.append(
            f'<rect x="{left:.1f}" y="{base - height:.1f}" width="{BAR}" height="{height:.1f}" '
            f'fill="{COLOURS[metric]}"/>'
        )
    detect = format_duration(incident.durations["detect"])
    out.append(
        f'<text x="{x:.1f}" y="{base + 13:.1f}" font-size="9" text-anchor="middle">{escape(detect)}</text>'
    )
    out.append("</g>")
    return out


def _panel(item: OutcomeClass, top: float, span: tuple[date, date]) -> list[str]:
    base = top + PLOT_TOP + PLOT_HEIGHT
    values = [
        v for i in item.incidents for m in METRICS if (v := _minutes(i.durations[m])) is not None
    ]
    top_minutes = max([*values, 60.0])
    trends = ", ".join(
        f'{m} <tspan fill="{TREND_COLOURS.get(item.trend[m], "#444")}">{item.trend[m]}</tspan>'
        for m in METRICS
    )
    out = [
        f'<text x="{LEFT}" y="{top + 18}" font-size="13" font-weight="bold">{escape(item.name)}</text>',
        f'<text x="{WIDTH - RIGHT - 385}" y="{top + 18}" font-size="10" fill="#444">'
        f"{plural(len(item.incidents), 'incident')}: {trends}</text>",
    ]
    for minutes, label in zip(GRID_MINUTES, GRID_LABELS, strict=True):
        if minutes > top_minutes * 1.0001 and minutes != GRID_MINUTES[0]:
            break
        y = base - _y(minutes, top_minutes)
        out.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#eee"/>'
        )
        out.append(
            f'<text x="{LEFT - 6}" y="{y + 3:.1f}" font-size="9" text-anchor="end" fill="#666">{label}</text>'
        )
    out.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{base}" y2="{base}" stroke="#333"/>')
    for incident in item.incidents:
        if incident.started is None:
            continue
        out += _incident(incident, _x(incident.started.date(), span), base, top_minutes)
    missing = sum(1 for i in item.incidents if i.started is None)
    if missing:
        out.append(
            f'<text x="{LEFT}" y="{base + 26}" font-size="9" fill="#a00">{plural(missing, "incident")} '
            f"without a start time are not placed</text>"
        )
    return out


def outcomes_svg(outcomes: Outcomes, title: str = "") -> str:
    span = _date_range(outcomes)
    height = 60 + PANEL_HEIGHT * max(len(outcomes.classes), 1) + 30
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" font-family="sans-serif">',
        f'<rect width="{WIDTH}" height="{height}" fill="white"/>',
        f'<text x="{LEFT}" y="24" font-size="15" font-weight="bold">'
        f"{escape(title or f'Recurring incidents by {outcomes.by}')}</text>",
    ]
    out += _legend()
    axis_y = 40 + PANEL_HEIGHT * max(len(outcomes.classes), 1) + 4
    for tick in _month_ticks(span):
        x = _x(tick, span)
        out.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="40" y2="{axis_y}" stroke="#f3f3f3"/>')
        out.append(
            f'<text x="{x:.1f}" y="{axis_y + 10}" font-size="9" text-anchor="middle" fill="#444">'
            f"{tick.strftime('%Y-%m')}</text>"
        )
    for index, item in enumerate(outcomes.classes):
        out += _panel(item, 40 + index * PANEL_HEIGHT, span)
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _legend() -> list[str]:
    x = WIDTH - RIGHT - 300
    out = [f'<text x="{x}" y="23" font-size="10">time to</text>']
    x += 42
    for metric in ("detect", "mitigate", "resolve"):
        out.append(f'<rect x="{x}" y="14" width="10" height="10" fill="{COLOURS[metric]}"/>')
        out.append(f'<text x="{x + 14}" y="23" font-size="10">{metric}</text>')
        x += 66
    out.append(f'<text x="{x}" y="23" font-size="10" fill="#888">? missing</text>')
    return out
