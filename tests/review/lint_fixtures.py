"""A clean secondstory postmortem that passes every lint rule, to build test cases from."""

from __future__ import annotations

from pathlib import Path

import yaml

FRONT_MATTER = {
    "format": 1,
    "id": "2025-03-14-checkout-tls",
    "title": "Checkout unavailable after the edge TLS certificate expired",
    "status": "published",
    "severity": "SEV2",
    "started": "2025-03-14T09:02:00+01:00",
    "detected": "2025-03-14T09:20:00+01:00",
    "mitigated": "2025-03-14T09:51:00+01:00",
    "resolved": "2025-03-14T11:30:00+01:00",
    "review_date": "2025-03-15",
    "facilitator": "Priya Raman",
    "participants": [
        {"name": "Priya Raman", "role": "facilitator"},
        {"name": "Tom Okafor", "role": "on-call"},
    ],
}
BODY = """
# Checkout unavailable after the edge TLS certificate expired

## Facts
Between 09:02 and 09:51 CET, 100% of checkout requests failed the TLS handshake.

## Impact
About 1,200 customers could not check out for 49 minutes.

## Surprises
We believed every certificate renewed automatically.

## Conditions
The certificate was issued by hand, outside the renewal job.

## Response
The first rollback did not help; 12 minutes passed before the expiry was seen.

## Systemic
Two other certificates are issued by hand, as in 2024-06-02-api-certificate-expired.
"""
TIMELINE = """- time: 2025-03-14T09:02:00+01:00
  actor: edge-proxy
  event: The TLS certificate expired
  known: later
  source: log:edge-proxy/2025-03-14
- time: 2025-03-14T09:20:00+01:00
  actor: Priya Raman
  event: Paged by the checkout success-rate alert
  known: then
  source: pagerduty:INC-4411
"""
FACTORS = """- id: F1
  kind: technical
  summary: The edge certificate was issued by hand
- id: F2
  kind: knowledge
  summary: Responders believed every certificate renewed automatically
"""
ACTIONS = """- id: A1
  what: Alert 21 days before any edge certificate expires
  owner: Priya Raman
  due: 2025-03-28
  done_when:
    - The alert exists for every certificate in the edge inventory
  verify: Install a certificate with 20 days left in staging and see the page arrive
"""
ACCOUNT = """---
author: {name}
role: responder
written: 2025-03-15
---

## What I did and when
I rolled back the 09:00 deploy at 09:25.
"""


def write_postmortem(
    folder: Path,
    *,
    front: dict[str, object] | None = None,
    body: str = BODY,
    timeline: str = TIMELINE,
    factors: str = FACTORS,
    actions: str = ACTIONS,
    accounts: tuple[str, ...] = ("Priya Raman",),
) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    header = yaml.safe_dump({**FRONT_MATTER, **(front or {})}, sort_keys=False)
    (folder / "postmortem.md").write_text(f"---\n{header}---\n{body}", encoding="utf-8")
    for name, text in (
        ("timeline.yaml", timeline),
        ("factors.yaml", factors),
        ("actions.yaml", actions),
    ):
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "accounts").mkdir(exist_ok=True)
    for author in accounts:
        slug = author.lower().replace(" ", "-")
        (folder / "accounts" / f"{slug}.md").write_text(
            ACCOUNT.format(name=author), encoding="utf-8"
        )
    return folder
