"""What the index keeps of one postmortem folder: fields, searchable chunks and features.

`extract` runs in worker processes during a large build, so it takes and returns plain,
picklable values.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from secondstory.index.text import strip_guidance
from secondstory.insights import embeddings
from secondstory.insights.mechanisms import (
    Vocabulary,
    classify,
    load_vocabulary,
    postmortem_sections,
)
from secondstory.insights.similarity import SimilarityDoc, build_doc
from secondstory.insights.terms import stem
from secondstory.model.fields import incident_tags
from secondstory.model.records import Located, Postmortem
from secondstory.store.library import (
    ACCOUNTS_DIR,
    ACTIONS_FILE,
    FACTORS_FILE,
    POSTMORTEM_FILE,
    TIMELINE_FILE,
    open_library,
)
from secondstory.store.loader import load_postmortem

FOLDER_FILES = (POSTMORTEM_FILE, TIMELINE_FILE, FACTORS_FILE, ACTIONS_FILE)
MAX_CHUNKS = 1000
# bump when what the index keeps of a postmortem changes: every postmortem is then read again
READER_VERSION = "8"
MECHANISM_PREFIX = "~"
POSTING_TERMS = 80  # the weightiest words of a postmortem kept in the postings table
_VOCABULARIES: dict[str, Vocabulary] = {}
_NAME_WORD = re.compile(r"[a-z][a-z0-9]+")


@dataclass(slots=True)
class Chunk:
    # section key: facts, surprises, ..., or title, timeline, factors, actions, account:NAME/KEY
    section: str
    heading: str
    file: str  # path relative to the library root
    line: int
    text: str


@dataclass(slots=True)
class Extracted:
    path: str  # the folder, relative to the library root
    content_hash: str
    stat_sig: str
    pm_id: str
    title: str = ""
    status: str = ""
    severity: str = ""
    day: str = ""  # YYYY-MM-DD of `started` (or of the id's date prefix)
    imported: bool = False
    facets: list[tuple[str, str]] = field(default_factory=list)  # (service|tag|factor, value)
    chunks: list[Chunk] = field(default_factory=list)
    features_json: str = (
        "{}"  # services, tags, mechanisms, similarity doc... (serialised in the worker)
    )
    postings: list[tuple[str, float]] = field(default_factory=list)  # term, share of the text
    loaded: bool = True


def folder_files(directory: Path) -> list[Path]:
    """The files of a postmortem folder that the index depends on, in a stable order."""
    files = [directory / name for name in FOLDER_FILES]
    accounts = directory / ACCOUNTS_DIR
    if accounts.is_dir():
        files += sorted(accounts.glob("*.md"))
    return files


def _entry_part(entry: os.DirEntry[str], prefix: str = "") -> str:
    st = entry.stat()
    return f"{prefix}{entry.name}:{st.st_size}:{st.st_mtime_ns}"


def _signature(entries: list[os.DirEntry[str]]) -> str:
    """Names, sizes and modification times of a folder's files: cheap change detection."""
    by_name = {e.name: e for e in entries}
    parts = [
        _entry_part(by_name[name])
        for name in FOLDER_FILES
        if name in by_name and by_name[name].is_file()
    ]
    accounts = by_name.get(ACCOUNTS_DIR)
    if accounts is not None and accounts.is_dir():
        try:
            with os.scandir(accounts.path) as found:
                names = sorted(
                    (e for e in found if e.name.endswith(".md") and e.is_file()),
                    key=lambda e: e.name,
                )
            parts += [_entry_part(e, "accounts/") for e in names]
        except OSError:
            pass
    return "|".join(parts)


def stat_signature(directory: Path | str) -> str:
    try:
        with os.scandir(directory) as found:
            return _signature(list(found))
    except OSError:
        return ""


def scan_postmortems(base: Path) -> Iterator[tuple[str, str]]:
    """(folder, stat signature) of every postmortem folder under `base`, like
    Library.postmortem_dirs() (dot folders and accounts/ skipped, no descent into a postmortem)."""
    try:
        with os.scandir(base) as found:
            entries = list(found)
    except OSError:
        return
    if any(e.name == POSTMORTEM_FILE for e in entries):
        yield str(base), _signature(entries)
        return
    for entry in sorted(entries, key=lambda e: e.name):
        if entry.is_dir() and not entry.name.startswith(".") and entry.name != ACCOUNTS_DIR:
            yield from scan_postmortems(Path(entry.path))


def content_hash(directory: Path) -> str:
    digest = hashlib.sha1()
    for path in folder_files(directory):
        try:
            data = path.read_bytes()
        except OSError:
            continue
        digest.update(f"{path.relative_to(directory).as_posix()}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def preamble(pm: Postmortem) -> tuple[str, int]:
    """The text before the first `## ` section (imported reports often start with their
    story there), without the `# Title` line and guidance comments, and its first line."""
    lines = pm.body.splitlines()
    end = pm.sections[0].line - pm.body_line if pm.sections else len(lines)
    kept = ["" if line.startswith("# ") else line for line in lines[:end]]
    text = strip_guidance("\n".join(kept)).strip()
    first = next((n for n, line in enumerate(kept) if line.strip() and line.strip() in text), 0)
    return text, pm.body_line + first


def _chunks(pm: Postmortem, root: Path) -> list[Chunk]:
    """What search finds: the title, the text before the sections, every section, the
    factors, timeline and action items (one chunk each) and every account's sections."""
    main = _rel(pm.path, root)
    # chunk 0 is always the title; services, tags and the id are searchable beside it
    keywords = " ".join([pm.id, *pm.services, *pm.tags])
    chunks = [Chunk("title", f"Title {keywords}", main, 1, pm.title)]
    intro, intro_line = preamble(pm)
    if intro:
        chunks.append(Chunk("preamble", "Introduction", main, intro_line, intro))
    for section in pm.sections:
        text = strip_guidance(section.text).strip()
        if text:
            chunks.append(Chunk(section.key, section.heading, main, section.line, text))
    chunks += _list_chunks(pm, root)
    for account in pm.accounts:
        name = account.path.stem
        for section in account.sections:
            text = strip_guidance(section.text).strip()
            if text:
                key, label = (
                    f"account:{name}/{section.key}",
                    f"{account.author or name}: {section.heading}",
                )
                chunks.append(Chunk(key, label, _rel(account.path, root), section.line, text))
    return chunks[:MAX_CHUNKS]


def _list_chunks(pm: Postmortem, root: Path) -> list[Chunk]:
    """One chunk each for the factors, the timeline and the action items (YAML lists)."""
    lists: list[tuple[str, str, list[Located], list[str]]] = [
        (
            "factors",
            "Contributing factors",
            list(pm.factors),
            [f"{f.id} ({f.kind}): " + _sentences(f.summary, f.detail) for f in pm.factors],
        ),
        (
            "timeline",
            "Timeline",
            list(pm.timeline),
            [
                (f"{e.actor}: " if e.actor else "")
                + _sentences(e.event, e.outcome, e.expectation, e.assumption)
                for e in pm.timeline
            ],
        ),
        (
            "actions",
            "Action items",
            list(pm.actions),
            [f"{a.id}: " + _sentences(a.what, a.verify) for a in pm.actions],
        ),
    ]
    return [
        Chunk(key, heading, _rel(items[0].path, root), items[0].line, "\n\n".join(lines))
        for key, heading, items, lines in lists
        if items
    ]


def _sentences(*parts: str) -> str:
    """Fields read as sentences: a full stop between two where the first has no end mark
    (so a passage shown from the index ends where its field ends)."""
    texts = [" ".join(part.split()) for part in parts if part and part.strip()]
    last = len(texts) - 1
    return " ".join(
        text if n == last or text.endswith((".", "!", "?", ":")) else text + "."
        for n, text in enumerate(texts)
    )


def _day(pm: Postmortem) -> str:
    if pm.started is not None:
        return pm.started.date().isoformat()
    for candidate in (pm.detected, pm.resolved):
        if candidate is not None:
            return candidate.date().isoformat()
    if pm.review_date is not None:
        return pm.review_date.isoformat()
    prefix = pm.id[:10]
    return (
        prefix
        if len(prefix) == 10 and prefix[4] == "-" and prefix[7] == "-" and prefix[:4].isdigit()
        else ""
    )


def vocabulary_for(root: Path) -> Vocabulary:
    """The library's failure-mechanism vocabulary, loaded once per process."""
    key = str(root)
    if key not in _VOCABULARIES:
        _VOCABULARIES[key] = load_vocabulary(open_library(root))
    return _VOCABULARIES[key]


def source_of(pm: Postmortem) -> str:
    """Where an imported postmortem came from (the folder of the original, else its origin
    repository); '' for one written here. The ranking discounts words typical of one source."""
    if pm.provenance is None:
        return ""
    folder = Path(pm.provenance.source).parent.name if pm.provenance.source else ""
    if folder:
        return folder
    url = pm.provenance.origin_url.split("://", 1)[-1]
    return "/".join(url.split("/")[:3]) if url else pm.provenance.importer


def people_terms(pm: Postmortem) -> set[str]:
    """The (stemmed) words of the responders' names. Incidents are never alike because the
    same people handled them: a blameless library links failures, not names."""
    names = [pm.facilitator, *(p.name for p in pm.participants), *(a.author for a in pm.accounts)]
    names += [a.path.stem.replace("-", " ") for a in pm.accounts]
    return {stem(w) for name in names for w in _NAME_WORD.findall(name.lower())}


def similarity_doc(
    pm: Postmortem, vocab: Vocabulary
) -> tuple[SimilarityDoc, list[tuple[str, str, float]]]:
    """The ranking's view of a postmortem, and its mechanisms as (id, family, score)."""
    sections = postmortem_sections(pm)
    intro, _ = preamble(pm)
    if intro:
        sections["body"] = f"{intro}\n\n{sections['body']}" if "body" in sections else intro
    hits = classify(vocab, sections, pm.tags)  # what classify_postmortem does, sections read once
    vectors = embeddings.embed([sections]) if embeddings.available() else None
    kinds = sorted({f.kind for f in pm.factors if f.kind})
    doc = build_doc(
        pm.id,
        vocab,
        sections,
        hits,
        services=pm.services,
        factor_kinds=kinds,
        source=source_of(pm),
        title=pm.title,
        embedding=vectors[0] if vectors else (),
    )
    people = people_terms(pm)
    doc.terms = {t: w for t, w in doc.terms.items() if t not in people}
    return doc, [(h.id, h.family, h.score) for h in hits]


def mechanism_postings(doc: SimilarityDoc) -> list[tuple[str, float]]:
    """Failure mechanisms as pseudo-words of the postings ('~certificate-expiry'), weighted
    relative to the strongest, so that candidates for `similar` share mechanisms too."""
    strongest = max(doc.mechanisms.values(), default=0.0) or 1.0
    return [(MECHANISM_PREFIX + m, w / strongest) for m, w in doc.mechanisms.items()]


def extract_postmortem(
    pm: Postmortem, root: Path, path: str, digest: str, sig: str, vocab: Vocabulary | None = None
) -> Extracted:
    chunks = _chunks(pm, root)
    simdoc, mechanisms = similarity_doc(pm, vocab or vocabulary_for(root))
    kinds = sorted({f.kind for f in pm.factors if f.kind})
    facets = [("service", s.lower()) for s in pm.services] + [("tag", t.lower()) for t in pm.tags]
    facets += [("factor", k) for k in kinds] + [("mechanism", m) for m, _, _ in mechanisms]
    surprises = pm.section("surprises")
    terms = sorted(simdoc.terms.items(), key=lambda kv: (-kv[1], kv[0]))[:POSTING_TERMS]
    total = sum(simdoc.terms.values()) or 1.0
    features: dict[str, object] = {
        "services": sorted({s.lower() for s in pm.services}),
        "tags": sorted({t.lower() for t in incident_tags(pm.tags)}),
        "factor_kinds": kinds,
        "mechanisms": [list(m) for m in mechanisms],
        "surprises": strip_guidance(surprises.text).strip()[:4000] if surprises else "",
        "sim": simdoc.to_dict(),
    }
    return Extracted(
        path=path,
        content_hash=digest,
        stat_sig=sig,
        pm_id=pm.id or Path(path).name,
        title=pm.title,
        status=pm.status,
        severity=pm.severity,
        day=_day(pm),
        imported=pm.provenance is not None,
        facets=sorted(set(facets)),
        chunks=chunks,
        features_json=json.dumps(features, separators=(",", ":")),
        postings=[(t, w / total) for t, w in terms] + mechanism_postings(simdoc),
    )


def extract(args: tuple[str, str]) -> Extracted:
    """Load one postmortem folder and return what the index keeps of it (worker entry point)."""
    directory, root_text = Path(args[0]), Path(args[1])
    path = _rel(directory, root_text)
    sig, digest = stat_signature(directory), content_hash(directory)
    loaded = load_postmortem(directory, root_text)
    if loaded.postmortem is None:
        return Extracted(
            path=path, content_hash=digest, stat_sig=sig, pm_id=directory.name, loaded=False
        )
    return extract_postmortem(loaded.postmortem, root_text, path, digest, sig)
