"""The library's card catalogue: an SQLite (FTS5) index rebuilt from the files.

The index is a cache under `.secondstory/`; the postmortem files stay the source of truth.
Public entry points: `sync_index` (build.py), `search` (search.py), `find_similar` and
`suggest_similar` (similar.py).
"""
