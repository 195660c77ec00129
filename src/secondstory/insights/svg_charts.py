"""Small bar charts as standalone SVG files (no plotting library), and PNG through Pillow.

A chart is a column of panels; each panel is a titled list of (label, value) bars.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from secondstory.errors import FileProblem, UsageError
from secondstory.store.files import check_output_path, write_output

WIDTH, LABEL_WIDTH, BAR_HEIGHT, GAP, TITLE_HEIGHT, PAD = 760, 300, 18, 6, 34, 16
COLOURS = ("#3b6ea5", "#c0504d", "#4f8f4f", "#8064a2", "#d08a2c", "#2c8a8a")


@dataclass(slots=True)
class Panel:
    title: str
    bars: list[tuple[str, int]]


def _panel_height(panel: Panel) -> int:
    return TITLE_HEIGHT + max(1, len(panel.bars)) * (BAR_HEIGHT + GAP) + PAD


def _layout(panels: list[Panel]) -> list[tuple[int, Panel]]:
    tops, y = [], PAD
    for panel in panels:
        tops.append((y, panel))
        y += _panel_height(panel)
    return tops


def total_height(panels: list[Panel]) -> int:
    return PAD + sum(_panel_height(p) for p in panels)


def _short(label: str, limit: int = 44) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _svg_panel(top: int, panel: Panel, colour: str) -> list[str]:
    out = [f'<text x="{PAD}" y="{top + 20}" class="title">{escape(panel.title)}</text>']
    if not panel.bars:
        out.append(f'<text x="{PAD}" y="{top + TITLE_HEIGHT + 12}" class="label">(none)</text>')
    most = max((v for _, v in panel.bars), default=1) or 1
    span = WIDTH - LABEL_WIDTH - PAD - 50
    for n, (label, value) in enumerate(panel.bars):
        y = top + TITLE_HEIGHT + n * (BAR_HEIGHT + GAP)
        width = max(1, round(span * value / most))
        out.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 13}" class="label" text-anchor="end">'
            f"<title>{escape(label)}</title>{escape(_short(label))}</text>"
        )
        out.append(
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{width}" height="{BAR_HEIGHT}"'
            f' fill="{colour}"/>'
        )
        out.append(f'<text x="{LABEL_WIDTH + width + 6}" y="{y + 13}" class="value">{value}</text>')
    return out


def render_svg(title: str, panels: list[Panel]) -> str:
    height = total_height(panels) + TITLE_HEIGHT
    body = [f'<text x="{PAD}" y="{PAD + 14}" class="heading">{escape(title)}</text>']
    for n, (top, panel) in enumerate(_layout(panels)):
        body += _svg_panel(top + TITLE_HEIGHT, panel, COLOURS[n % len(COLOURS)])
    style = (
        ".heading{font:bold 18px sans-serif}.title{font:bold 14px sans-serif}"
        ".label,.value{font:12px sans-serif;fill:#222}"
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" role="img"><title>{escape(title)}</title>'
        f"<style>{style}</style>"
        f'<rect width="100%" height="100%" fill="white"/>' + "".join(body) + "</svg>\n"
    )


def render_png(title: str, panels: list[Panel], path: Path) -> None:
    try:
        from PIL import Image, ImageDraw  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        raise UsageError(
            "PNG charts need Pillow",
            hint="pip install 'secondstory[charts]', or write an .svg file",
        ) from None
    height = total_height(panels) + TITLE_HEIGHT
    image = Image.new("RGB", (WIDTH, height), "white")
    draw = ImageDraw.Draw(image)
    draw.text((PAD, PAD), title, fill="black")
    for n, (top, panel) in enumerate(_layout(panels)):
        top += TITLE_HEIGHT
        draw.text((PAD, top + 8), panel.title, fill="black")
        most = max((v for _, v in panel.bars), default=1) or 1
        span = WIDTH - LABEL_WIDTH - PAD - 50
        for i, (label, value) in enumerate(panel.bars):
            y = top + TITLE_HEIGHT + i * (BAR_HEIGHT + GAP)
            width = max(1, round(span * value / most))
            draw.text((PAD, y + 3), _short(label), fill="#222222")
            draw.rectangle(
                (LABEL_WIDTH, y, LABEL_WIDTH + width, y + BAR_HEIGHT),
                fill=COLOURS[n % len(COLOURS)],
            )
            draw.text((LABEL_WIDTH + width + 6, y + 3), str(value), fill="#222222")
    image.save(path, format="PNG")


def check_chart_path(path: Path) -> None:
    """Refuse, before any work, a chart file this installation cannot write."""
    suffix = path.suffix.lower()
    if suffix not in (".svg", ".png"):
        raise UsageError(
            f"cannot tell the chart format from '{path.name}'", hint="name the file .svg or .png"
        )
    if suffix == ".png" and importlib.util.find_spec("PIL") is None:
        raise UsageError(
            "PNG charts need Pillow",
            hint="pip install 'secondstory[charts]', or write an .svg file",
        )
    check_output_path(path)


def write_chart(path: Path, title: str, panels: list[Panel]) -> None:
    """Write the chart as SVG or PNG, chosen by the file's ending."""
    suffix = path.suffix.lower()
    if suffix == ".svg":
        write_output(path, render_svg(title, panels))
    elif suffix == ".png":
        check_output_path(path)
        try:
            render_png(title, panels, path)
        except OSError as exc:
            raise FileProblem(f"cannot write {path}: {exc.strerror or exc}") from None
    else:
        raise UsageError(
            f"cannot tell the chart format from '{path.name}'", hint="name the file .svg or .png"
        )
