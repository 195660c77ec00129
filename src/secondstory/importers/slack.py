"""A Slack export's channel as timeline entries.

The standard export is a folder with users.json and channels.json (groups.json for
private channels) at the top and one folder per channel holding a JSON list of messages
per day (2025-03-14.json). Every kept message becomes an entry known at the time, citing
`slack:#channel/TS` and, when the workspace URL is known, the message's permalink.

Joins, leaves, topic changes and similar housekeeping are left out. Selectors narrow the
messages: pinned ones, ones with any of the given reactions (a message matching any
selector is kept), and a time window.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Any

from secondstory.importers.imported import ImportedEntry, ImportRefused, ImportResult
from secondstory.importers.slack_text import dicts, message_text
from secondstory.plural import plural
from secondstory.store.files import UnreadableFile, json_error, read_text

_SLACK_ID = re.compile(r"[UW][A-Z0-9]{2,}")
HOUSEKEEPING = frozenset({
    "channel_join", "channel_leave", "channel_topic", "channel_purpose", "channel_name",
    "channel_archive", "channel_unarchive", "group_join", "group_leave", "group_topic",
    "group_purpose", "group_name", "bot_add", "bot_remove", "pinned_item", "unpinned_item",
    "reminder_add", "tombstone", "message_deleted", "channel_convert_to_private",
})  # fmt: skip


@dataclass(slots=True)
class SlackOptions:
    pinned: bool = False
    reactions: tuple[str, ...] = ()
    since: datetime | None = None
    until: datetime | None = None
    workspace: str = ""  # https://acme.slack.com, for permalinks
    zone: tzinfo = UTC


@dataclass(slots=True)
class Channel:
    name: str
    id: str = ""
    pins: set[str] = field(default_factory=set)


def read_json(path: Path, result: ImportResult) -> Any:
    """The parsed file, or None with a warning naming the file and the reason."""
    try:
        text = read_text(path)
    except UnreadableFile as exc:
        result.warn(f"{path.name}: skipped, {exc.reason}")
        return None
    if not text.strip():
        result.warn(f"{path.name}: skipped, the file is empty")
        return None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        result.warn(
            f"{path.name}:{exc.lineno}:{exc.colno}: skipped, not valid JSON: {json_error(exc)}"
        )
        return None


def load_users(root: Path, result: ImportResult) -> dict[str, str]:
    data = read_json(root / "users.json", result) if (root / "users.json").exists() else None
    if data is None:
        result.warn("users.json is missing or unreadable; people appear by their Slack id")
        return {}
    users = {}
    for user in data if isinstance(data, list) else []:
        if isinstance(user, dict) and isinstance(user.get("id"), str):
            profile: dict[str, Any] = (
                user["profile"] if isinstance(user.get("profile"), dict) else {}
            )
            names = (
                profile.get("real_name"),
                user.get("real_name"),
                profile.get("display_name"),
                user.get("name"),
            )
            users[user["id"]] = next(
                (n.strip() for n in names if isinstance(n, str) and n.strip()), user["id"]
            )
    return users


def find_channel(root: Path, name: str, result: ImportResult) -> tuple[Channel, dict[str, str]]:
    """The channel named `name` and every channel's id -> name."""
    wanted = name.lstrip("#")
    ids: dict[str, str] = {}
    found: Channel | None = None
    for listing in ("channels.json", "groups.json"):
        data = read_json(root / listing, result) if (root / listing).exists() else None
        for item in data if isinstance(data, list) else []:
            if not (isinstance(item, dict) and isinstance(item.get("name"), str)):
                continue
            ids[str(item.get("id", ""))] = item["name"]
            if item["name"] == wanted:
                pins = {str(p.get("id")) for p in dicts(item.get("pins"))}
                found = Channel(wanted, str(item.get("id", "")), pins)
    if not (root / wanted).is_dir():
        known = ", ".join(sorted(p.name for p in root.iterdir() if p.is_dir())[:20]) or "none"
        raise ImportRefused(
            f"the export has no folder for channel '{wanted}'",
            hint=f"channels in this export: {known}",
        )
    if found is None:
        result.warn(f"channel '{wanted}' is not in channels.json; no permalinks or pins for it")
        found = Channel(wanted)
    return found, ids


def import_slack(root: Path, channel_name: str, options: SlackOptions) -> ImportResult:
    """Read the channel's messages from the export at `root` into an ImportResult."""
    if not root.is_dir():
        raise ImportRefused(
            f"{root}: not a folder", hint="give the Slack export's folder (or its .zip)"
        )
    result = ImportResult(source=f"slack:#{channel_name.lstrip('#')}", importer="slack")
    users = load_users(root, result)
    channel, channel_names = find_channel(root, channel_name, result)
    result.title = f"#{channel.name}"
    skipped: dict[str, int] = {}
    for day in sorted(p for p in (root / channel.name).iterdir() if p.suffix == ".json"):
        messages = read_json(day, result)
        if messages is None:
            continue
        if not isinstance(messages, list):
            result.warn(f"{day.name}: skipped, expected a list of messages")
            continue
        for message in messages:
            entry, reason = to_entry(message, channel, users, channel_names, options)
            if entry is not None:
                result.timeline.append(entry)
            elif reason:
                skipped[reason] = skipped.get(reason, 0) + 1
    ids = {e.actor for e in result.timeline if _SLACK_ID.fullmatch(e.actor)}
    strangers = sorted(ids - set(users.values()))
    if strangers:
        result.warn(f"not in users.json, shown by their Slack id: {', '.join(strangers)}")
    for reason, count in sorted(skipped.items()):
        result.warn(f"{plural(count, 'message')} skipped: {reason}")
    result.timeline.sort(key=lambda e: e.time)
    return result


def to_entry(
    message: Any,
    channel: Channel,
    users: Mapping[str, str],
    channel_names: Mapping[str, str],
    options: SlackOptions,
) -> tuple[ImportedEntry | None, str]:
    """(entry, '') for a kept message; (None, why) otherwise ('' when merely filtered out)."""
    if not isinstance(message, dict):
        return None, "not a message object"
    if str(message.get("subtype")) in HOUSEKEEPING:
        return None, ""
    ts = message.get("ts")
    when = _ts_time(ts, options.zone)
    if when is None or not isinstance(ts, str):
        return None, "no usable timestamp ('ts')"
    if not _selected(message, ts, when, channel, options):
        return None, ""
    text = message_text(message, users, channel_names)
    if not text:
        return None, "no text"
    source = f"slack:#{channel.name}/{ts}"
    link = permalink(options.workspace, channel.id, ts, message.get("thread_ts"))
    return ImportedEntry(
        when, text, f"{source} {link}" if link else source, actor=_actor(message, users)
    ), ""


def _ts_time(ts: Any, zone: tzinfo) -> datetime | None:
    try:
        seconds = float(ts)
    except (TypeError, ValueError):
        return None
    if not 0 < seconds < 32503680000:  # before year 3000
        return None
    return datetime.fromtimestamp(int(seconds), UTC).astimezone(zone)


def _selected(
    message: Mapping[str, Any], ts: str, when: datetime, channel: Channel, options: SlackOptions
) -> bool:
    if (options.since and when < options.since) or (options.until and when >= options.until):
        return False
    if not options.pinned and not options.reactions:
        return True
    pinned_to = message.get("pinned_to")
    is_pinned = ts in channel.pins or (isinstance(pinned_to, list) and bool(pinned_to))
    names = {str(r.get("name")) for r in dicts(message.get("reactions"))}
    return (options.pinned and is_pinned) or bool(names & set(options.reactions))


def _actor(message: Mapping[str, Any], users: Mapping[str, str]) -> str:
    user = message.get("user")
    if isinstance(user, str) and user in users:
        return users[user]
    profile = message.get("user_profile")
    if isinstance(profile, dict):
        for key in ("real_name", "display_name", "name"):
            if isinstance(profile.get(key), str) and profile[key].strip():
                return str(profile[key]).strip()
    for key in ("username", "user"):
        if isinstance(message.get(key), str) and message[key].strip():
            return str(message[key]).strip()
    return "unknown"


def permalink(workspace: str, channel_id: str, ts: str, thread_ts: Any) -> str:
    """https://WORKSPACE/archives/CHANNEL/pTS (with the thread for replies); '' if unknown."""
    if not workspace or not channel_id:
        return ""
    link = f"{workspace.rstrip('/')}/archives/{channel_id}/p{ts.replace('.', '')}"
    if isinstance(thread_ts, str) and thread_ts != ts:
        link += f"?thread_ts={thread_ts}&cid={channel_id}"
    return link
