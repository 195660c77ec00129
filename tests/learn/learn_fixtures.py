"""Temporary libraries with hand-written postmortems for the index, search and patterns tests.

Plain functions (not a conftest.py, whose module name would clash with the root one);
each test module wraps them in its own fixtures.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from secondstory.store.library import Library, open_library
from secondstory.store.writer import init_library

WritePM = Callable[..., Path]


def postmortem_text(
    pm_id: str,
    title: str,
    *,
    day: str,
    services: list[str],
    tags: list[str],
    severity: str,
    status: str,
    sections: dict[str, str],
) -> str:
    body = "\n".join(f"## {heading}\n{text}\n" for heading, text in sections.items())
    return (
        f"---\nformat: 1\nid: {pm_id}\ntitle: {title}\nstatus: {status}\nseverity: {severity}\n"
        f"services: [{', '.join(services)}]\ntags: [{', '.join(tags)}]\n"
        f"started: {day}T09:00:00+00:00\nvisibility: internal\n---\n\n# {title}\n\n{body}"
    )


def make_library(tmp_path: Path) -> Library:
    init_library(tmp_path / "lib", name="Test library")
    return open_library(tmp_path / "lib")


def make_writer(library: Library) -> WritePM:
    def write(
        pm_id: str,
        title: str,
        *,
        day: str = "2025-03-14",
        services: list[str] | None = None,
        tags: list[str] | None = None,
        severity: str = "SEV2",
        status: str = "published",
        sections: dict[str, str] | None = None,
        factors: list[tuple[str, str]] | None = None,
    ) -> Path:
        folder = library.postmortems_path / pm_id
        folder.mkdir(parents=True, exist_ok=True)
        text = postmortem_text(
            pm_id,
            title,
            day=day,
            services=services or [],
            tags=tags or [],
            severity=severity,
            status=status,
            sections=sections or {},
        )
        (folder / "postmortem.md").write_text(text, encoding="utf-8")
        items = [
            f"- id: F{n}\n  kind: {kind}\n  summary: {summary}\n"
            for n, (kind, summary) in enumerate(factors or [], 1)
        ]
        (folder / "factors.yaml").write_text("".join(items) or "[]\n", encoding="utf-8")
        return folder

    return write


def write_three(write_pm: WritePM) -> None:
    """Three postmortems: two about certificates, one about a database failover."""
    write_pm(
        "2025-03-14-checkout-cert",
        "Checkout down after the TLS certificate expired",
        day="2025-03-14",
        services=["checkout", "edge-proxy"],
        tags=["tls"],
        sections={
            "Facts": "Every TLS handshake on checkout failed for 49 minutes.",
            "Surprises": "We believed every certificate renewed automatically.",
            "Conditions": "The edge certificate was issued by hand, outside the renewal job.",
        },
        factors=[
            ("technical", "Certificate issued by hand outside the renewal job"),
            ("knowledge", "Responders believed certificates renew automatically"),
        ],
    )
    write_pm(
        "2024-06-02-api-cert",
        "API certificate expired on the public gateway",
        day="2024-06-02",
        services=["api-gateway", "edge-proxy"],
        tags=["tls"],
        severity="SEV3",
        sections={
            "Facts": "Clients saw handshake failures on the public API.",
            "Surprises": "Nobody knew the gateway certificate was renewed by hand.",
        },
        factors=[("process", "Manual certificate renewal with no reminder")],
    )
    write_pm(
        "2025-01-20-orders-failover",
        "Orders database failover stalled writes",
        day="2025-01-20",
        services=["orders-db"],
        tags=["database"],
        severity="SEV1",
        status="draft",
        sections={
            "Facts": "Writes to the orders database stalled for 12 minutes during failover.",
            "Surprises": "Replica lag was invisible on the dashboard.",
        },
        factors=[("technical", "Replication lag grew under the batch import")],
    )


def write_queue_stall(write_pm: WritePM, facts: str, **extra: object) -> Path:
    """One postmortem about a stalled queue, with `facts` as its Facts section."""
    return write_pm(
        "2025-05-01-queue-stall", "Queue consumers stalled", sections={"Facts": facts}, **extra
    )
