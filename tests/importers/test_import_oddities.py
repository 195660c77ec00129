"""Odd input never crashes the converter, and what it writes always loads and validates."""

from __future__ import annotations

import random
import time
from pathlib import Path

from secondstory.importers.markdown import convert_markdown, fallback_zone
from secondstory.store.checks import check_postmortem
from secondstory.store.loader import load_postmortem
from secondstory.store.render import write_postmortem

PIECES = [
    "# Title",
    "## Timeline",
    "All times in PST",
    "All times in UTC+99",
    "| Time | Event |",
    "|---|---|",
    "| 2024-01-01 10:00 | started |",
    "| ? | N/A |",
    "| 2024-02-30 10:00 | bad date |",
    "| a | b | c | d |",
    "### 25:99",
    "### 10:15",
    "- 99:99 x",
    "- 10:20 resolved",
    "* [08:47] Outage begins.",
    "---",
    "+++",
    "```",
    "~~~",
    "\t- [x] @bob due tomorrow",
    "\x0b\x0c",
    "\u2028",
    "# ",
    "##",
    "**Timeline:**",
    "- **Key events**",
    "  - Resolved ?",
    "  - First detected 2024-01-01 09:00",
    "12:00 PM PST - - -",
    "from 25:00 to 26:00",
    "Time to detection: ???",
    "Time to recovery: 7h",
    "null",
    "~",
    "- @",
    "key: value",
    "'quoted",
    '"dq',
    "\\",
    "&anchor",
    "*alias",
    "!tag",
    "%YAML",
    "@at",
    "## Action items",
    "- Fix it (owner: Ann, due 2024-13-45)",
    "## Contributing factors",
    "- ",
    "24/07/25",
    "July 22",
    "00:40",
    "23:00",
    "Text with a [link](https://example.com/x) and `code`.",
    "<!-- comment -->",
]


def test_import_oddities_random_documents_convert_write_and_validate(tmp_path: Path) -> None:
    rng = random.Random(11)
    zone = fallback_zone("Europe/Berlin")
    for number in range(150):
        doc = "\n".join(rng.choice(PIECES) for _ in range(rng.randint(0, 40)))
        if number % 5 == 0:
            doc = doc.replace("\n", "\r\n")
        name = rng.choice(["a.md", "2024-13-45-x.md", "LICENSE", "2019-02-05.html.md.erb"])
        conversion = convert_markdown(doc, "in.md", name=name, zone=zone, taken=set())
        folder = tmp_path / f"pm{number}"
        write_postmortem(conversion.postmortem, folder)
        loaded = load_postmortem(folder)
        assert loaded.postmortem is not None, doc
        errors = [
            p
            for p in loaded.problems + check_postmortem(loaded.postmortem)
            if p.severity == "error"
        ]
        assert errors == [], doc


def test_import_oddities_alias_bomb_front_matter_is_kept_as_text_quickly() -> None:
    bomb = "l0: &l0 [a, a, a, a, a, a, a, a, a]\n" + "".join(
        f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]\n" for n in range(1, 9)
    )
    doc = f"---\ntitle: Cache outage\n{bomb}---\n# Cache outage\n\nThe cache expired.\n"
    started = time.perf_counter()
    conversion = convert_markdown(
        doc, "in.md", name="2024-05-01-cache.md", zone=fallback_zone("UTC"), taken=set()
    )
    assert time.perf_counter() - started < 5
    assert conversion.warnings[0] == (
        "line 1: front matter could not be read (ConstructorError: its aliases (*name) expand"
        " to over 100,000 more values than the file has characters; write the values out"
        " instead of repeating anchors); kept as text"
    )
