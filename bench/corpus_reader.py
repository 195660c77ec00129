"""A simple reader for the raw corpus files (../shared/corpora), independent of the importer.

One postmortem per file (.md, .html.md.erb, the 2i2c .pdf.txt, dfds' file without an
ending). Front matter stripped; ERB tags dropped; sections split on Markdown headings of
any level, on moj's `- **Label**:` bullets and on the PagerDuty export's heading lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from secondstory.model.fields import SECTION_ALIASES
from secondstory.store.markdown import slugify

SKIP_NAMES = {"README.md", "LICENSE", "LICENSE-MIT", "LICENSE-APACHE", "LICENSE.md"}
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$")
_BOLD_LABEL = re.compile(r"^\s*[-*]\s+\*\*([^*]{2,60})\*\*\s*:?\s*(.*)$")
_ERB = re.compile(r"<%.*?%>", re.S)
_PDF_HEADINGS = {
    "overview",
    "what happened",
    "resolution",
    "where we got lucky",
    "what went well?",
    "what didn't go so well?",
    "action items",
    "timeline",
    "impact",
    "root cause",
    "contributing factors",
    "what went well",
    "what didn't go so well",
}
_GENERIC_TITLES = {"title", "metadata", "facts", "overview", "summary", "owner"}
ALIASES = {**SECTION_ALIASES, "overview": "facts", "what happened": "facts"}


@dataclass(slots=True)
class CorpusDoc:
    id: str  # path relative to the corpora folder
    source: str  # the organisation folder
    title: str
    sections: dict[str, str]
    raw: str


def corpus_files(root: Path) -> list[Path]:
    files = []
    for path in sorted(root.rglob("*")):
        if not path.is_file() or path.name in SKIP_NAMES or path.name.startswith("LICENSE"):
            continue
        if path.suffix == ".pdf":
            continue
        files.append(path)
    return files


def read_corpus(root: Path) -> list[CorpusDoc]:
    return [read_doc(path, root) for path in corpus_files(root)]


def read_doc(path: Path, root: Path) -> CorpusDoc:
    raw = path.read_text(encoding="utf-8", errors="replace")
    text, title = _strip_front_matter(raw)
    text = _ERB.sub(" ", text)
    sections = _split(text, path.name.endswith(".pdf.txt"))
    heading_title = sections.pop("__title__", "")
    if path.name.endswith(".pdf.txt"):
        heading_title = _pdf_title(text) or heading_title
    title = title or heading_title or path.name.split(".")[0].replace("-", " ")
    sections = {"title": title, **sections}
    rel = path.relative_to(root).as_posix()
    return CorpusDoc(rel, rel.split("/", 1)[0], title, sections, raw)


def _strip_front_matter(text: str) -> tuple[str, str]:
    fence = text[:3]
    if fence not in ("---", "+++"):
        return text, ""
    end = text.find("\n" + fence, 3)
    if end < 0:
        return text, ""
    front = text[3:end]
    match = re.search(r"^title\s*[:=]\s*(.+)$", front, re.M)
    title = match.group(1).strip().strip("\"'") if match else ""
    return text[end + 4 :], title


def _pdf_title(text: str) -> str:
    lines = [line.strip() for line in text.splitlines()]
    for index, line in enumerate(lines):
        if line.startswith("Status:") and index > 0:
            return lines[index - 1]
    return ""


def _key(heading: str) -> str:
    normal = re.sub(r"\s+", " ", heading.strip().strip(":").lower())
    return ALIASES.get(normal) or slugify(normal) or "body"


def _split(text: str, pdf: bool) -> dict[str, str]:
    parts: dict[str, list[str]] = {}
    key = "body"
    title = ""
    for line in text.splitlines():
        heading = _HEADING.match(line)
        label = _BOLD_LABEL.match(line)
        if heading:
            generic = _key(heading.group(1)) in _GENERIC_TITLES
            first = not title and not any(k != "body" for k in parts)
            if first and line.lstrip().startswith("# ") and not generic:
                title = heading.group(1)
                continue
            key = _key(heading.group(1))
            continue
        if label:
            key = _key(label.group(1))
            line = label.group(2)
        elif pdf and line.strip().lower() in _PDF_HEADINGS:
            key = _key(line.strip().rstrip("?"))
            continue
        parts.setdefault(key, []).append(line)
    result = {k: "\n".join(v).strip() for k, v in parts.items()}
    result = {k: v for k, v in result.items() if v}
    if title:
        result["__title__"] = title
    return result
