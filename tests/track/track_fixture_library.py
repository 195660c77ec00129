"""A small library with one recurring class (certificate-expiry x3) and a lone disk-full."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import pytest

TODAY = date(2025, 10, 1)

POSTMORTEMS = {
    "2025-01-10-cert-expired-checkout": """\
id: 2025-01-10-cert-expired-checkout
title: Checkout down after its certificate expired
status: published
severity: SEV2
services: [checkout]
tags: [certificate-expiry]
started: 2025-01-10T09:00:00+00:00
detected: 2025-01-10T09:47:00+00:00
mitigated: 2025-01-10T10:30:00+00:00
resolved: 2025-01-10T12:00:00+00:00
review_date: 2025-01-14
facilitator: Priya Raman
participants:
  - name: Priya Raman
    role: facilitator
  - name: Tom Okafor
    role: on-call engineer
""",
    "2025-06-02-cert-expired-api": """\
id: 2025-06-02-cert-expired-api
title: API errors after an internal certificate expired
status: published
severity: SEV3
services: [api]
tags: [certificate-expiry]
started: 2025-06-02T08:00:00+00:00
detected: 2025-06-02T08:14:00+00:00
mitigated: 2025-06-02T08:40:00+00:00
resolved: 2025-06-02T09:30:00+00:00
review_date: 2025-06-05
facilitator: Priya Raman
participants:
  - name: Priya Raman
  - name: Tom Okafor
""",
    "2025-09-20-cert-expired-edge": """\
id: 2025-09-20-cert-expired-edge
title: Edge certificate expired on a holiday
status: in-review
severity: SEV3
services: [edge-proxy, checkout]
tags: [certificate-expiry, tls]
started: 2025-09-20T10:00:00+00:00
detected: 2025-09-20T10:02:00+00:00
resolved: 2025-09-20T10:50:00+00:00
review_date: 2025-09-24
facilitator: Sam Lee
participants:
  - name: Sam Lee
""",
    "2024-09-28-disk-full-db": """\
id: 2024-09-28-disk-full-db
title: Database disk filled up
status: published
severity: SEV2
services: [db]
tags: [disk-full]
started: 2024-09-28T03:00:00+00:00
review_date: 2024-10-02
""",
}

ACTIONS = {
    "2025-01-10-cert-expired-checkout": """\
# Reviewed 2025-01-14
- id: A1
  what: Alert 21 days before any edge certificate expires
  owner: Priya Raman   # she wrote the alert rules
  due: 2025-01-28
  done_when:
    - The alert covers every certificate in the inventory
  verify: Install a certificate with 20 days left in staging and see the page
  kind: detect
  status: verified
  done: {date: 2025-01-25, evidence: "PR #812"}
  verified: {date: 2025-01-27, evidence: "Staging drill: paged in 2 minutes"}

- id: A2
  what: Move every certificate to automatic renewal
  owner: Platform team
  due: 2025-03-30
  kind: prevent
  status: open
""",
    "2025-06-02-cert-expired-api": """\
- id: A1
  what: Runbook step for replacing an internal certificate
  owner: Tom Okafor
  due: 2025-06-19
  done_when: [The runbook has the step, "A new on-call engineer followed it"]
  verify: Game day replacing a certificate from the runbook alone
  kind: contain
  status: done
  done: {date: 2025-06-18, evidence: "Runbook revision 14"}
- id: A2
  what: Alert on internal certificates too
  owner: Priya Raman
  due: 2025-06-12
  done_when: [Internal certificates are in the inventory]
  verify: Expiring test certificate pages
  kind: detect
  status: open
""",
    "2025-09-20-cert-expired-edge": """\
- id: A1
  what: Renew edge certificates with the ACME job
  owner: Sam Lee
  due: 2025-10-08
  done_when: [The edge uses ACME certificates]
  verify: Let a staging certificate reach 30 days and see it renewed
  kind: prevent
  status: open
""",
    "2024-09-28-disk-full-db": "",
}

BODY = "\n# Title\n\n## Facts\nThe disk filled.\n\n## Lessons\nDisks fill up faster than dashboards say.\n"


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=True
    ).stdout


def write_library(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "secondstory.toml").write_text('[library]\nname = "Acme"\n', encoding="utf-8")
    for pm_id, front in POSTMORTEMS.items():
        folder = root / "postmortems" / pm_id
        folder.mkdir(parents=True)
        (folder / "postmortem.md").write_text(
            f"---\nformat: 1\n{front}---\n{BODY}", encoding="utf-8"
        )
        if ACTIONS[pm_id]:
            (folder / "actions.yaml").write_text(ACTIONS[pm_id], encoding="utf-8")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "library")
    return root


@pytest.fixture
def track_library(tmp_path: Path) -> Path:
    """The small library above in a fresh git repository (import this fixture by name)."""
    return write_library(tmp_path / "lib")
