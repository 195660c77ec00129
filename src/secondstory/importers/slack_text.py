"""Slack message markup ("mrkdwn") as plain text for a timeline entry."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

_USER = re.compile(r"<@([A-Z0-9]+)(?:\|([^>]+))?>")
_CHANNEL = re.compile(r"<#([A-Z0-9]+)(?:\|([^>]*))?>")
_SPECIAL = re.compile(r"<!(here|channel|everyone)(?:\|[^>]*)?>")
_SUBTEAM = re.compile(r"<!subteam\^[A-Z0-9]+(?:\|([^>]+))?>")
_DATE = re.compile(r"<!date\^\d+\^[^|>]*\|([^>]+)>")
_LINK = re.compile(r"<((?:https?|mailto):[^|>]+)(?:\|([^>]+))?>")
_SPACES = re.compile(r"[ \t]+")
MAX_TEXT = 1000


def plain_text(text: str, users: Mapping[str, str], channels: Mapping[str, str]) -> str:
    """Mentions, channel links and URLs written out; &amp; &lt; &gt; decoded."""
    text = _USER.sub(lambda m: "@" + (users.get(m.group(1)) or m.group(2) or m.group(1)), text)
    text = _CHANNEL.sub(
        lambda m: "#" + (m.group(2) or channels.get(m.group(1)) or m.group(1)), text
    )
    text = _SPECIAL.sub(lambda m: "@" + m.group(1), text)
    text = _SUBTEAM.sub(lambda m: m.group(1) or "@team", text)
    text = _DATE.sub(lambda m: m.group(1), text)
    text = _LINK.sub(lambda m: f"{m.group(2)} ({m.group(1)})" if m.group(2) else m.group(1), text)
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    lines = [_SPACES.sub(" ", line).strip() for line in text.splitlines()]
    return "\n".join(line for line in lines if line)


def message_text(
    message: Mapping[str, Any], users: Mapping[str, str], channels: Mapping[str, str]
) -> str:
    """The text of a message, or of its attachments and files when it has none."""
    raw = message.get("text")
    parts = [plain_text(raw, users, channels)] if isinstance(raw, str) and raw.strip() else []
    if not parts:
        for attachment in dicts(message.get("attachments")):
            for key in ("fallback", "text", "title", "pretext"):
                value = attachment.get(key)
                if isinstance(value, str) and value.strip():
                    parts.append(plain_text(value, users, channels))
                    break
    names = [f.get("title") or f.get("name") for f in dicts(message.get("files"))]
    parts += [f"[file: {name}]" for name in names if isinstance(name, str) and name]
    text = "\n".join(parts)
    if len(text) > MAX_TEXT:
        text = text[:MAX_TEXT].rsplit(" ", 1)[0] + " […]"
    return text


def dicts(value: Any) -> list[Mapping[str, Any]]:
    """The mappings in `value` when it is a list; [] for anything else."""
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []
