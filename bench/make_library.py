"""Generate a realistic synthetic secondstory library of N postmortems.

    python bench/make_library.py 10000 --out /tmp/lib10k --seed 7

Deterministic for a seed, fast (plain string templates, no YAML library) and valid:
every postmortem loads with zero problems. Benchmarks import it:

    sys.path.insert(0, str(Path(__file__).parent)); from make_library import make_library
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

SEVERITIES = ("SEV1", "SEV2", "SEV3", "SEV4")
SERVICES = (
    "checkout",
    "payments",
    "storefront",
    "mobile-api",
    "auth",
    "orders-db",
    "search",
    "inventory",
    "warehouse-api",
    "delivery-routing",
    "notifications",
    "kafka",
    "edge-proxy",
    "internal-dns",
    "cdn",
    "redis-sessions",
    "scheduler",
    "billing",
    "ledger",
    "pricing",
    "recommendations",
    "image-resizer",
    "feature-flags",
    "identity-provider",
    "api-gateway",
    "reporting",
    "data-warehouse",
    "fraud-scoring",
    "loyalty",
    "returns",
    "support-desk",
    "metrics-pipeline",
    "log-shipper",
    "vault",
    "object-storage",
    "build-runners",
    "service-mesh",
    "load-balancer",
    "sms-gateway",
    "geo-lookup",
)
FIRST = (
    "Priya",
    "Tom",
    "Marta",
    "Jonas",
    "Aisha",
    "Daniel",
    "Hannah",
    "Kenji",
    "Lucía",
    "Omar",
    "Sophie",
    "Ravi",
    "Elif",
    "Bram",
    "Nadia",
    "Felix",
    "Grace",
    "Mateo",
    "Ingrid",
    "Yusuf",
    "Chloé",
    "Arjun",
    "Zofia",
    "Kwame",
    "Leila",
    "Sven",
    "Mei",
    "Tobias",
    "Amara",
    "Pieter",
)
LAST = (
    "Raman",
    "Okafor",
    "Kowalski",
    "Lindqvist",
    "Bello",
    "Ruiz",
    "Weber",
    "Sato",
    "Fernández",
    "Haddad",
    "Martin",
    "Menon",
    "Demir",
    "de Vries",
    "Novak",
    "Brennan",
    "Costa",
    "Nakamura",
    "Olsen",
    "Achebe",
    "Dubois",
    "Iyer",
    "Horvat",
    "Mensah",
)
ROLES = (
    "on-call engineer",
    "incident commander",
    "communications lead",
    "subject-matter expert",
    "database engineer",
    "network engineer",
    "support lead",
    "service owner",
    "scribe",
)
SYSTEM_ACTORS = ("alertmanager", "pagerduty", "deploy-bot", "synthetic-probe", "autoscaler", "cron")

# One incident class: (tag, title pattern, triggers, mechanisms, symptoms, fixes, factors, actions)
# Placeholders: {svc} affected service, {dep} a dependency, {n} a number.
CLASSES: tuple[dict[str, tuple[str, ...]], ...] = (
    {
        "tag": ("certificate-expiry", "tls", "certificates"),
        "title": (
            "{svc} unavailable after a TLS certificate expired",
            "Handshake failures on {svc} after certificate expiry",
        ),
        "trigger": (
            "The certificate served by {svc} reached its expiry date",
            "A hand-issued certificate on {dep} expired overnight",
        ),
        "mechanism": (
            "the certificate had been issued outside the automatic renewal job",
            "the renewal job skipped hosts that were not in its inventory",
            "the intermediate chain bundled with {svc} was out of date",
        ),
        "symptom": (
            "clients failed the TLS handshake with certificate has expired",
            "mobile clients showed a generic connection error",
            "the error rate on {svc} jumped to {n} percent",
        ),
        "fix": (
            "issued and installed a new certificate by hand",
            "added the host to the renewal inventory and forced a renewal",
        ),
        "factor": (
            "Certificates for {svc} were issued by hand and tracked in a spreadsheet",
            "No alert watched certificate expiry for hosts outside the edge inventory",
        ),
        "action": (
            "Alert {n} days before any certificate in the inventory of {svc} expires",
            "Move the certificate of {svc} into the automatic renewal job",
        ),
    },
    {
        "tag": ("connection-pool-exhaustion", "database", "postgresql"),
        "title": (
            "{svc} timeouts from connection pool exhaustion",
            "Requests to {svc} queued behind an exhausted pool",
        ),
        "trigger": (
            "A deploy raised the worker count of {svc} without changing the pool size",
            "A slow query on {dep} held connections for seconds each",
        ),
        "mechanism": (
            "every worker held a connection while waiting on a lock",
            "the pool maximum multiplied by replicas exceeded max_connections on {dep}",
            "idle-in-transaction sessions were never reaped",
        ),
        "symptom": (
            "p99 latency on {svc} climbed past {n} seconds",
            "requests failed with timeout acquiring connection",
            "the connection count on {dep} sat flat at its limit",
        ),
        "fix": (
            "rolled back the worker count",
            "raised the pool maximum and restarted the pods one at a time",
            "killed the idle-in-transaction sessions",
        ),
        "factor": (
            "Pool size and worker count of {svc} were configured in two different repositories",
            "No alert watched pool saturation, only error rate",
        ),
        "action": (
            "Alert when pool saturation on {svc} stays above {n} percent for five minutes",
            "Derive the pool maximum of {svc} from the worker count in one place",
        ),
    },
    {
        "tag": ("name-resolution", "dns"),
        "title": (
            "Lookups failing for {svc} during a resolver outage",
            "{svc} could not resolve {dep}",
        ),
        "trigger": (
            "The internal resolver pods were evicted during node maintenance",
            "A DNS record for {dep} was changed with a long TTL still cached",
        ),
        "mechanism": (
            "clients cached negative answers for the full negative TTL",
            "the resolver cache filled and started dropping queries",
            "only one resolver replica was schedulable",
        ),
        "symptom": (
            "services logged SERVFAIL for internal names",
            "connections to {dep} failed with no such host",
            "latency on {svc} rose as lookups timed out after {n} seconds",
        ),
        "fix": (
            "rescheduled the resolver pods on dedicated nodes",
            "lowered the TTL and flushed the resolver caches",
        ),
        "factor": (
            "The resolver had no pod disruption budget",
            "Clients of {svc} had no fallback resolver configured",
        ),
        "action": (
            "Add a pod disruption budget keeping at least {n} resolver replicas",
            "Probe resolution of the names {svc} depends on every minute",
        ),
    },
    {
        "tag": ("config-change-wrong-target", "configuration"),
        "title": (
            "A change meant for staging applied to {svc} in production",
            "{svc} configuration pushed to the wrong environment",
        ),
        "trigger": (
            "A configuration change was applied with the production context still active",
            "A sync job for {svc} pointed at the wrong target",
        ),
        "mechanism": (
            "the command line tool defaulted to the last used context",
            "the environment name was one character away from the intended one",
            "the target was read from an environment variable left over from an earlier session",
        ),
        "symptom": (
            "{svc} started serving behaviour meant for testing",
            "{n} orders were routed to the wrong location",
            "dashboards for {svc} showed a sudden drop in traffic",
        ),
        "fix": (
            "reverted the change from the audit log",
            "restored the previous configuration from version control",
        ),
        "factor": (
            "The tool showed no confirmation naming the target environment",
            "Staging and production credentials were available in the same shell",
        ),
        "action": (
            "Show the target environment and require typing its name before changing {svc}",
            "Separate production credentials for {svc} behind a just-in-time grant",
        ),
    },
    {
        "tag": ("disk-full", "storage"),
        "title": (
            "{svc} stopped accepting writes when its disk filled",
            "Disk exhaustion on {svc} nodes",
        ),
        "trigger": (
            "A reindex on {svc} doubled the disk usage temporarily",
            "A retention change on {dep} kept logs {n} times longer",
        ),
        "mechanism": (
            "the write-ahead log grew because a replication slot was not consumed",
            "old segments were not deleted while a snapshot held them",
            "the volume was sized for steady state, not for maintenance peaks",
        ),
        "symptom": (
            "writes to {svc} failed with no space left on device",
            "nodes of {svc} went read-only one after another",
            "disk usage crossed {n} percent within an hour",
        ),
        "fix": (
            "expanded the volume online",
            "deleted the stale snapshot and let compaction run",
            "dropped the unused replication slot",
        ),
        "factor": (
            "The disk alert fired only at 95 percent, leaving minutes to act",
            "Capacity plans for {svc} did not include maintenance peaks",
        ),
        "action": (
            "Alert on the forecast time to full of the disks of {svc}",
            "Size volumes of {svc} for twice the steady-state usage",
        ),
    },
    {
        "tag": ("queue-backlog", "kafka", "async"),
        "title": (
            "Consumer lag on {svc} delayed work by hours",
            "{svc} backlog after consumers stalled",
        ),
        "trigger": (
            "A poison message made the consumer of {svc} crash and restart in a loop",
            "A rebalance storm in the consumer group of {svc} stopped progress",
        ),
        "mechanism": (
            "the consumer retried the same message forever without a dead letter queue",
            "session timeouts were shorter than the processing time of a batch",
            "producers kept writing at full rate while consumers were down",
        ),
        "symptom": (
            "consumer lag on {svc} grew past {n} thousand messages",
            "customers received notifications hours late",
            "support tickets about missing emails rose",
        ),
        "fix": (
            "moved the poison message to a dead letter topic",
            "raised the session timeout and restarted the consumers",
        ),
        "factor": (
            "No alert watched consumer lag on {svc}",
            "The consumer had no dead letter queue for messages that fail repeatedly",
        ),
        "action": (
            "Alert when consumer lag on {svc} exceeds {n} minutes of traffic",
            "Route messages that fail three times to a dead letter topic",
        ),
    },
    {
        "tag": ("daylight-saving", "time", "scheduler"),
        "title": (
            "Jobs on {svc} misfired at the daylight saving change",
            "{svc} schedule shifted by one hour after the clock change",
        ),
        "trigger": (
            "The clocks changed overnight and {svc} scheduled jobs in local time",
            "The mobile app computed slot times with a fixed offset",
        ),
        "mechanism": (
            "the hour between 02:00 and 03:00 occurred twice",
            "the offset was cached at startup and never refreshed",
            "times were stored without a zone and interpreted differently by two services",
        ),
        "symptom": (
            "{n} jobs ran twice",
            "delivery slots showed one hour off in the app",
            "reports for the day were missing an hour of data",
        ),
        "fix": (
            "re-ran the reconciliation for the affected hour",
            "restarted the service to pick up the new offset",
        ),
        "factor": (
            "{svc} scheduled work in local wall-clock time",
            "No test exercised the transition dates",
        ),
        "action": (
            "Schedule jobs of {svc} in UTC and convert only for display",
            "Add tests for both transition dates of the next {n} years",
        ),
    },
    {
        "tag": ("dependency-outage", "third-party"),
        "title": (
            "{svc} degraded during an outage of {dep}",
            "Third-party outage at {dep} slowed {svc}",
        ),
        "trigger": (
            "The external provider behind {dep} had a partial outage",
            "A third-party script loaded by {svc} stopped responding",
        ),
        "mechanism": (
            "calls to {dep} had no timeout shorter than the request budget",
            "the script was loaded synchronously and blocked rendering",
            "retries against {dep} multiplied the load on a struggling provider",
        ),
        "symptom": (
            "page load time on {svc} rose to {n} seconds",
            "orders stayed pending while webhooks were delayed",
            "thread pools on {svc} filled with calls waiting on {dep}",
        ),
        "fix": (
            "disabled the integration with a feature flag",
            "shortened the timeout and served a fallback",
        ),
        "factor": (
            "Calls to {dep} had no circuit breaker",
            "The status page of the provider lagged their outage by {n} minutes",
        ),
        "action": (
            "Put a circuit breaker with a {n} second timeout around calls to {dep}",
            "Load the script of {dep} asynchronously",
        ),
    },
    {
        "tag": ("capacity", "autoscaling"),
        "title": ("{svc} saturated under peak traffic", "Autoscaling ceiling reached on {svc}"),
        "trigger": (
            "Traffic to {svc} reached {n} times the normal peak during a promotion",
            "The autoscaler hit the maximum replica count of {svc}",
        ),
        "mechanism": (
            "the replica maximum was set a year earlier and never revisited",
            "the cluster had no spare nodes so new pods stayed pending",
            "memory limits caused evictions under load",
        ),
        "symptom": (
            "requests to {svc} were rejected with 503",
            "pods of {svc} stayed pending for lack of nodes",
            "users were logged out as sessions were evicted",
        ),
        "fix": (
            "raised the replica maximum",
            "added nodes to the pool by hand",
            "raised the memory limit and restarted",
        ),
        "factor": (
            "Load tests of {svc} stopped at the previous year's peak",
            "The replica ceiling of {svc} was not reviewed before the promotion",
        ),
        "action": (
            "Run a load test of {svc} at {n} times last year's peak before each promotion",
            "Alert when {svc} runs at its replica maximum for ten minutes",
        ),
    },
    {
        "tag": ("credential-rotation", "secrets", "auth"),
        "title": (
            "Authentication failures on {svc} after a key rotation",
            "{svc} rejected tokens after credentials were rotated",
        ),
        "trigger": (
            "A signing key was rotated on schedule",
            "The database password for {svc} was rotated in the vault",
        ),
        "mechanism": (
            "{svc} cached the old key set for {n} hours",
            "pods read the secret only at startup",
            "the old credential was revoked before every consumer had the new one",
        ),
        "symptom": (
            "logins on {svc} failed with invalid signature",
            "{svc} logged authentication failed for user",
            "the login success rate fell to {n} percent",
        ),
        "fix": (
            "restarted the pods to reload the secret",
            "restored the previous key as an additional valid key",
        ),
        "factor": (
            "Rotation revoked the old credential at the same moment it issued the new one",
            "{svc} had no way to reload secrets without a restart",
        ),
        "action": (
            "Keep the previous key valid for {n} hours after each rotation",
            "Reload secrets in {svc} on change without a restart",
        ),
    },
    {
        "tag": ("cache-stampede", "cache"),
        "title": ("{svc} overloaded after its cache was flushed", "Cache stampede on {svc}"),
        "trigger": (
            "The cache in front of {svc} was flushed during a deploy",
            "Many keys of {svc} expired at the same moment",
        ),
        "mechanism": (
            "every request missed the cache and went to {dep} at once",
            "keys were written with the same TTL and expired together",
            "no request coalescing protected the origin",
        ),
        "symptom": (
            "load on {dep} rose {n} fold within a minute",
            "{svc} returned errors for most pages",
            "cache hit rate dropped to zero",
        ),
        "fix": (
            "warmed the cache from a replica",
            "rate limited the origin and let the cache refill",
        ),
        "factor": (
            "The cache flush command took no warning about origin load",
            "TTLs on {svc} had no jitter",
        ),
        "action": (
            "Add jitter of up to {n} percent to cache TTLs on {svc}",
            "Coalesce concurrent misses for the same key",
        ),
    },
    {
        "tag": ("retry-idempotency", "payments"),
        "title": (
            "Duplicate operations on {svc} after retries",
            "{svc} retried non-idempotent requests",
        ),
        "trigger": (
            "A timeout between {svc} and {dep} triggered client retries",
            "A deploy changed the retry policy of {svc}",
        ),
        "mechanism": (
            "requests were retried without an idempotency key",
            "the timeout was shorter than the time {dep} took to answer",
            "the retry reused a new request id each time",
        ),
        "symptom": (
            "{n} customers were charged twice",
            "duplicate rows appeared in the orders table",
            "reconciliation reported mismatches",
        ),
        "fix": ("disabled retries for the affected endpoint", "refunded the duplicate charges"),
        "factor": (
            "The client library retried every request by default",
            "The API of {dep} supported idempotency keys but {svc} did not send them",
        ),
        "action": (
            "Send an idempotency key on every payment request from {svc}",
            "Alert on duplicate charges within {n} minutes",
        ),
    },
    {
        "tag": ("bad-config-push", "configuration", "deploy"),
        "title": (
            "Bad configuration pushed to {svc}",
            "{svc} misbehaved after a configuration push",
        ),
        "trigger": (
            "A configuration file for {svc} was pushed with an error",
            "A CDN rule change for {svc} rewrote paths incorrectly",
        ),
        "mechanism": (
            "the configuration had no schema check before the push",
            "the push went to every region at once",
            "the canary did not exercise the changed path",
        ),
        "symptom": (
            "search relevance on {svc} dropped sharply",
            "images were missing on {n} percent of pages",
            "conversion fell overnight",
        ),
        "fix": ("rolled back the configuration", "purged the CDN and restored the previous rule"),
        "factor": (
            "Configuration for {svc} shipped to all regions at once",
            "The canary for {svc} measured errors, not correctness",
        ),
        "action": (
            "Validate configuration of {svc} against a schema in CI",
            "Roll configuration out region by region with a {n} minute bake",
        ),
    },
)

SURPRISE = (
    "We believed {svc} would shed load gracefully; it did not.",
    "Nobody expected the alert to stay silent while the error rate was this high.",
    "We had assumed that {dep} was covered by the same automation as everything else.",
    "The dashboard everyone opened first showed averages, which hid the failing minority.",
    "The runbook described a version of {svc} that had been replaced months earlier.",
    "It surprised the responders that a rollback did not change anything.",
)
CONDITION = (
    "The change looked routine and had been made the same way dozens of times before.",
    "The on-call engineer was handling a second page at the same time.",
    "The tooling gave no sign that {svc} was affected until well after the trigger.",
    "Ownership of {dep} had moved between teams and the handover notes were thin.",
    "The deploy happened late on a Friday, when fewer people were around to notice.",
    "Every signal the responders had pointed at {dep}, which was healthy.",
    "The alert threshold had been raised after a run of false pages last quarter.",
)
RESPONSE = (
    "The incident channel was opened quickly and the roles were clear.",
    "Finding the right dashboard for {svc} took longer than fixing the problem.",
    "A responder who had seen a similar failure recognised the pattern.",
    "Logs from {svc} were sampled, so the failing requests were hard to find.",
    "Support relayed customer reports promptly, which confirmed the scope.",
    "Rolling back took {n} minutes because the pipeline rebuilt every image.",
)
SYSTEMIC = (
    "The same pattern exists wherever a service holds state that nobody inventories.",
    "Other services that call {dep} share the same missing timeout.",
    "Several earlier incidents involved configuration that lived in two places.",
    "Teams that own {svc} and {dep} plan capacity separately.",
    "Alerts across the platform watch symptoms late rather than saturation early.",
)
LUCK = (
    "The failure started outside peak hours.",
    "An engineer happened to be looking at the dashboard of {svc} when it changed.",
    "The affected region carried only a small share of traffic that day.",
    "A backup from the previous night was intact and recent.",
    "The provider recovered on its own before our workaround was needed.",
)
LESSON = (
    "Automation covers only what is in its inventory; the inventory itself needs checking.",
    "Saturation signals give minutes of warning that error rates do not.",
    "A confirmation that names the target is cheaper than any rollback.",
    "Timeouts must be shorter than the budget of the caller, everywhere.",
    "Recovery paths need the same testing as the happy path.",
    "What the dashboards show first shapes what responders believe.",
)
DETECTION = (
    "a pager alert",
    "a customer report to support",
    "a synthetic probe",
    "an engineer watching a deploy",
    "a forecast alert",
)
BLAME = (
    "The root cause was human error: the engineer should have double-checked the target.",
    "If only the on-call had looked at the dashboard earlier, this would obviously be caught.",
    "Clearly the change was careless and should never have been approved.",
    "The team failed to notice the warning signs, which was unacceptable.",
    "This would not have happened if people had simply followed the runbook.",
)
ACCOUNT_VOICE = (
    "I was paged at {t} and opened the dashboard of {svc} first.",
    "I joined the incident channel a few minutes after the page and read the backlog.",
    "I checked recent deploys because that is usually where these start.",
    "I looked at the logs of {dep} and saw nothing unusual at first.",
    "I expected the rollback to bring the error rate down within a few minutes.",
    "I assumed {dep} was healthy because its own alerts were quiet.",
    "At the time I thought this was a network problem between {svc} and {dep}.",
    "I was not sure whether to wake anyone else, so I waited ten minutes.",
)

SECTION_NAMES = (
    "Facts",
    "Impact",
    "Narrative",
    "Surprises",
    "Conditions",
    "Response",
    "Systemic",
    "Where we got lucky",
    "Lessons",
)
ACCOUNT_HEADINGS = (
    "What I did and when",
    "What I saw",
    "What I expected",
    "What I assumed",
    "How I understood the situation then",
)
_PLAIN = re.compile(r"^[^\W_][\w ,.()'/%+\-]*[\w.)%]$")
_SLUG = re.compile(r"[^a-z0-9]+")
BASE = datetime(2019, 1, 7, 9, 0)
SPAN_DAYS = 7 * 365


def q(text: str) -> str:
    """A YAML scalar: plain when that is safe, double-quoted otherwise."""
    return text if _PLAIN.match(text) else json.dumps(text, ensure_ascii=False)


def slugify(text: str) -> str:
    return _SLUG.sub("-", text.lower()).strip("-")


def offset_for(moment: datetime) -> timezone:
    """Europe-like offset: +02:00 from April to October, +01:00 otherwise."""
    return timezone(timedelta(hours=2 if 4 <= moment.month <= 10 else 1))


@dataclass(slots=True)
class Incident:
    rng: random.Random
    cls: dict[str, tuple[str, ...]]
    svc: str
    dep: str
    people: list[tuple[str, str]]
    times: list[datetime]
    blame: bool
    status: str
    related: list[str] = field(default_factory=list)

    def fill(self, template: str) -> str:
        return template.format(
            svc=self.svc, dep=self.dep, n=self.rng.randint(2, 90), t=f"{self.times[1]:%H:%M}"
        )

    def pick(self, key: str) -> str:
        return self.fill(self.rng.choice(self.cls[key]))

    def pick_from(self, pool: tuple[str, ...]) -> str:
        return self.fill(self.rng.choice(pool))


def paragraph(inc: Incident, pools: tuple[tuple[str, ...] | str, ...], sentences: int) -> str:
    parts: list[str] = []
    for _ in range(sentences):
        pool = inc.rng.choice(pools)
        text = inc.pick(pool) if isinstance(pool, str) else inc.pick_from(pool)
        text = text[0].upper() + text[1:] + ("" if text.endswith(".") else ".")
        if text not in parts:
            parts.append(text)
    return " ".join(parts)


def section_text(inc: Incident, name: str) -> str:
    rng = inc.rng
    t = inc.times
    if name == "Facts":
        head = (
            f"Between {t[0]:%H:%M} and {t[2]:%H:%M} on {t[0]:%Y-%m-%d}, {inc.pick('symptom')}. "
            f"{inc.pick('trigger')}; {inc.pick('mechanism')}. "
            f"It was detected through {rng.choice(DETECTION)}."
        )
        return head
    pools: dict[str, tuple[tuple[str, ...] | str, ...]] = {
        "Impact": ("symptom", RESPONSE),
        "Narrative": ("trigger", "mechanism", "symptom", "fix", RESPONSE, CONDITION),
        "Surprises": (SURPRISE, "mechanism"),
        "Conditions": (CONDITION, "factor", "mechanism"),
        "Response": (RESPONSE, "fix"),
        "Systemic": (SYSTEMIC, "factor"),
        "Where we got lucky": (LUCK,),
        "Lessons": (LESSON,),
    }
    if inc.status == "draft" and name in ("Systemic", "Lessons") and rng.random() < 0.7:
        return "<!-- SYSTEMIC / LESSONS: to be discussed in the review -->"
    paragraphs = [
        paragraph(inc, pools[name], rng.randint(1, 5))
        for _ in range(rng.choice((1, 1, 1, 2, 2, 3, 4)))
    ]
    if inc.blame and name in ("Narrative", "Conditions", "Lessons") and rng.random() < 0.6:
        paragraphs.append(rng.choice(BLAME))
    return "\n\n".join(paragraphs)


def front_matter(inc: Incident, pm_id: str, title: str, severity: str, review: date) -> str:
    t = inc.times
    services = sorted({inc.svc, inc.dep})
    tags = list(inc.cls["tag"])
    lines = [
        "---",
        "format: 1",
        f"id: {pm_id}",
        f"title: {q(title)}",
        f"status: {inc.status}",
        f"severity: {severity}",
        f"services: [{', '.join(services)}]",
        f"tags: [{', '.join(tags)}]",
        f"started: {t[0].isoformat()}",
        f"detected: {t[1].isoformat()}",
        f"mitigated: {t[2].isoformat()}",
        f"resolved: {t[3].isoformat()}",
        f"review_date: {review.isoformat()}",
        f"facilitator: {q(inc.people[0][0])}",
        "participants:",
    ]
    for name, role in inc.people:
        lines += [f"  - name: {q(name)}", f"    role: {role}"]
    lines.append(f"visibility: {inc.rng.choice(('internal',) * 3 + ('restricted', 'public'))}")
    if inc.related:
        lines.append(f"related: [{', '.join(inc.related)}]")
    lines.append("---")
    return "\n".join(lines) + "\n"


def timeline_yaml(inc: Incident) -> str:
    rng = inc.rng
    t = inc.times
    count = rng.randint(5, 30)
    span = (t[3] - t[0]).total_seconds()
    offsets = sorted(rng.uniform(0, span) for _ in range(count - 2))
    moments = [t[0], *(t[0] + timedelta(seconds=int(s)) for s in offsets), t[3]]
    moments.sort()
    out = ["# known: then = known at the time; later = learned afterwards (in the review)"]
    for index, moment in enumerate(moments):
        phase = _phase(moment, t, index)
        person = index > 0 and rng.random() < 0.7
        actor = rng.choice(inc.people)[0] if person else rng.choice((*SYSTEM_ACTORS, inc.svc))
        event = (
            inc.pick("trigger")
            if index == 0
            else inc.pick(rng.choice(("symptom", "fix", "mechanism")))
        )
        out += [f"- time: {moment.isoformat()}", f"  actor: {q(actor)}", f"  event: {q(event)}"]
        if rng.random() < 0.6:
            out.append(f"  outcome: {q(inc.pick('symptom'))}")
        if person and rng.random() < 0.5:
            out.append(
                f"  expectation: {q(inc.pick('fix').capitalize() + ' would restore service')}"
            )
            out.append(f"  assumption: {q(inc.pick_from(CONDITION).rstrip('.'))}")
        out.append(f"  known: {'later' if index == 0 or rng.random() < 0.15 else 'then'}")
        out.append(f"  phase: {phase}")
        out.append(f"  source: {_source(inc, moment)}")
    return "\n".join(out) + "\n"


def _phase(moment: datetime, t: list[datetime], index: int) -> str:
    if index == 0 or moment < t[1]:
        return "trigger"
    if moment == t[1]:
        return "detection"
    if moment < t[2]:
        return "diagnosis" if (moment - t[1]) < (t[2] - moment) else "containment"
    return "resolution"


def _source(inc: Incident, moment: datetime) -> str:
    kind = inc.rng.randrange(4)
    if kind == 0:
        return f"slack:#inc-{inc.svc}/{int(moment.timestamp())}"
    if kind == 1:
        return f"pagerduty:P{inc.rng.randint(100000, 999999)}"
    if kind == 2:
        return f"grafana:{inc.svc}-overview"
    return f"log:{inc.svc}"


def factors_yaml(inc: Incident, count: int) -> str:
    rng = inc.rng
    kinds = ("technical", "process", "knowledge", "timing", "organisational", "external")
    out = []
    for index in range(1, count + 1):
        source = rng.choice(("factor", "mechanism", CONDITION))
        summary = inc.pick(source) if isinstance(source, str) else inc.pick_from(source)
        out += [
            f"- id: F{index}",
            f"  kind: {rng.choice(kinds)}",
            f"  summary: {q(summary.rstrip('.'))}",
            f"  phase: {rng.choice(('trigger', 'detection', 'diagnosis', 'containment'))}",
        ]
        if rng.random() < 0.3:
            out.append(f"  detail: {q(inc.pick_from(SYSTEMIC))}")
    return "\n".join(out) + "\n"


def actions_yaml(inc: Incident, count: int, factors: int, review: date) -> str:
    rng = inc.rng
    out = []
    for index in range(1, count + 1):
        project = rng.random() < 0.1
        due = review + timedelta(days=rng.randint(30, 120) if project else rng.randint(3, 14))
        owner = rng.choice(inc.people)[0]
        status = rng.choice(("open", "open", "done", "verified", "verified", "dropped"))
        vague = inc.blame and rng.random() < 0.5
        what = "Be more careful when changing " + inc.svc if vague else inc.pick("action")
        criterion = what[0].lower() + what[1:]
        out += [
            f"- id: A{index}",
            f"  what: {q(what)}",
            f"  owner: {q(owner)}",
            f"  due: {due.isoformat()}",
        ]
        if not vague:
            out += [
                "  done_when:",
                f"    - {q('The change to ' + criterion + ' is deployed to production')}",
                f"  verify: {q(f'Trigger it in staging and see {rng.choice(DETECTION)} arrive')}",
            ]
        refs = sorted(rng.sample(range(1, factors + 1), rng.randint(1, min(2, factors))))
        out += [
            f"  kind: {rng.choice(('detect', 'contain', 'resolve', 'prevent'))}",
            f"  addresses: [{', '.join(f'F{r}' for r in refs)}]",
            f"  status: {status}",
        ]
        out += _status_records(inc, status, review, due)
        if rng.random() < 0.3:
            out.append(f"  tracker: https://tracker.example.com/OPS-{rng.randint(1000, 99999)}")
        if project:
            out.append("  project: true")
    return "\n".join(out) + "\n"


def _status_records(inc: Incident, status: str, review: date, due: date) -> list[str]:
    rng = inc.rng
    done = review + timedelta(days=rng.randint(1, max(1, (due - review).days)))
    if status == "dropped":
        return [
            f"  dropped: {{date: {done.isoformat()}, why: {q(f'Superseded by {inc.svc} rework')}}}"
        ]
    out = []
    if status in ("done", "verified"):
        out.append(
            f"  done: {{date: {done.isoformat()}, evidence: {q(f'PR #{rng.randint(100, 9999)}')}}}"
        )
    if status == "verified":
        later = done + timedelta(days=rng.randint(1, 10))
        drill = f"Drill in staging: {rng.choice(DETECTION)} arrived in {rng.randint(1, 9)} minutes"
        out.append(f"  verified: {{date: {later.isoformat()}, evidence: {q(drill)}}}")
    return out


def account_md(inc: Incident, name: str, role: str, written: date) -> str:
    rng = inc.rng
    lines = [
        "---",
        f"author: {q(name)}",
        f"role: {role}",
        f"written: {written.isoformat()}",
        "---",
        "",
    ]
    for heading in ACCOUNT_HEADINGS:
        text = " ".join(inc.pick_from(ACCOUNT_VOICE) for _ in range(rng.randint(1, 4)))
        lines += [f"## {heading}", "", text, ""]
    return "\n".join(lines)


def _times(rng: random.Random, index: int, n: int) -> list[datetime]:
    naive = BASE + timedelta(days=SPAN_DAYS * index / max(n, 1), minutes=rng.randint(0, 600))
    started = naive.replace(tzinfo=offset_for(naive))
    detected = started + timedelta(minutes=rng.choice((1, 2, 4, 6, 9, 14, 21, 35, 47, 95)))
    mitigated = detected + timedelta(minutes=rng.randint(5, 180))
    resolved = mitigated + timedelta(minutes=rng.randint(10, 600))
    return [started, detected, mitigated, resolved]


def _people(rng: random.Random) -> list[tuple[str, str]]:
    count = rng.randint(2, 6)
    names: list[str] = []
    while len(names) < count:
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        if name not in names:
            names.append(name)
    return [(name, "facilitator" if i == 0 else rng.choice(ROLES)) for i, name in enumerate(names)]


def write_postmortem(
    root: Path, index: int, n: int, rng: random.Random, seen: dict[str, list[str]], ids: set[str]
) -> str:
    cls = rng.choice(CLASSES)
    svc, dep = rng.sample(SERVICES, 2)
    status = rng.choices(("published", "in-review", "draft"), (8, 1, 1))[0]
    inc = Incident(
        rng, cls, svc, dep, _people(rng), _times(rng, index, n), rng.random() < 0.15, status
    )
    earlier = seen.setdefault(cls["tag"][0], [])
    if earlier and rng.random() < 0.3:
        inc.related = sorted(
            set(rng.sample(earlier[-20:], min(len(earlier[-20:]), rng.randint(1, 2))))
        )
    title = inc.pick("title")
    title = title[0].upper() + title[1:]
    pm_id = f"{inc.times[0]:%Y-%m-%d}-{slugify(title)[:60].strip('-')}"
    while pm_id in ids:
        pm_id += "-b"
    ids.add(pm_id)
    earlier.append(pm_id)
    review = inc.times[3].date() + timedelta(days=rng.choice((1, 2, 2, 3, 4, 7)))
    folder = root / pm_id
    os.makedirs(folder / "accounts")
    body = [f"# {title}", ""]
    for name in SECTION_NAMES:
        body += [f"## {name}", "", section_text(inc, name), ""]
    severity = rng.choices(SEVERITIES, (1, 4, 6, 3))[0]
    _write(
        folder / "postmortem.md",
        front_matter(inc, pm_id, title, severity, review) + "\n" + "\n".join(body),
    )
    _write(folder / "timeline.yaml", timeline_yaml(inc))
    factors = rng.randint(2, 6)
    _write(folder / "factors.yaml", factors_yaml(inc, factors))
    _write(folder / "actions.yaml", actions_yaml(inc, rng.randint(1, 8), factors, review))
    for name, role in inc.people[: rng.randint(1, min(4, len(inc.people)))]:
        written = inc.times[3].date() + timedelta(days=rng.randint(0, 2))
        _write(folder / "accounts" / f"{slugify(name)}.md", account_md(inc, name, role, written))
    return pm_id


def _write(path: Path, text: str) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)


LIBRARY_TOML = """[library]
name = "Synthetic Library ({n} postmortems, seed {seed})"
postmortems = "postmortems"
severities = ["SEV1", "SEV2", "SEV3", "SEV4"]
timezone = "Europe/Amsterdam"
"""


def make_library(n: int, out: Path | str, seed: int = 1, progress: bool = False) -> Path:
    """Write a library of `n` postmortems into `out` (created; must not hold postmortems yet)."""
    root = Path(out)
    base = root / "postmortems"
    base.mkdir(parents=True, exist_ok=True)
    if any(base.iterdir()):
        raise FileExistsError(f"{base} already holds postmortems; choose an empty --out")
    (root / "secondstory.toml").write_text(LIBRARY_TOML.format(n=n, seed=seed), encoding="utf-8")
    rng = random.Random(seed)
    seen: dict[str, list[str]] = {}
    ids: set[str] = set()
    step = max(1, n // 10)
    for index in range(n):
        write_postmortem(base, index, n, rng, seen, ids)
        if progress and n >= 1000 and (index + 1) % step == 0:
            print(f"  {index + 1}/{n} postmortems", file=sys.stderr, flush=True)
    return root


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of postmortems")
    parser.add_argument(
        "--out", type=Path, default=None, help="target folder (default: ./synthetic-N)"
    )
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    out = args.out or Path(f"synthetic-{args.n}")
    began = time.perf_counter()
    make_library(args.n, out, args.seed, progress=True)
    print(f"wrote {args.n} postmortems to {out} in {time.perf_counter() - began:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
