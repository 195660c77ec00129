"""Time zone names as PagerDuty prints them ("Pacific Time (US & Canada)", "Edinburgh, London").

PagerDuty uses the Rails time zone names; this maps the common ones to IANA names. Any
IANA name ("Europe/Berlin") is accepted as it is.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

RAILS_ZONES = {
    "pacific time (us & canada)": "America/Los_Angeles",
    "mountain time (us & canada)": "America/Denver",
    "central time (us & canada)": "America/Chicago",
    "eastern time (us & canada)": "America/New_York",
    "alaska": "America/Juneau",
    "hawaii": "Pacific/Honolulu",
    "arizona": "America/Phoenix",
    "atlantic time (canada)": "America/Halifax",
    "brasilia": "America/Sao_Paulo",
    "buenos aires": "America/Argentina/Buenos_Aires",
    "utc": "UTC",
    "gmt": "UTC",
    "london": "Europe/London",
    "edinburgh, london": "Europe/London",
    "dublin": "Europe/Dublin",
    "lisbon": "Europe/Lisbon",
    "amsterdam": "Europe/Amsterdam",
    "berlin": "Europe/Berlin",
    "bern": "Europe/Zurich",
    "brussels": "Europe/Brussels",
    "copenhagen": "Europe/Copenhagen",
    "madrid": "Europe/Madrid",
    "paris": "Europe/Paris",
    "prague": "Europe/Prague",
    "rome": "Europe/Rome",
    "stockholm": "Europe/Stockholm",
    "vienna": "Europe/Vienna",
    "warsaw": "Europe/Warsaw",
    "athens": "Europe/Athens",
    "bucharest": "Europe/Bucharest",
    "helsinki": "Europe/Helsinki",
    "kyiv": "Europe/Kiev",
    "istanbul": "Europe/Istanbul",
    "moscow": "Europe/Moscow",
    "jerusalem": "Asia/Jerusalem",
    "abu dhabi": "Asia/Dubai",
    "mumbai": "Asia/Kolkata",
    "new delhi": "Asia/Kolkata",
    "chennai": "Asia/Kolkata",
    "kolkata": "Asia/Kolkata",
    "singapore": "Asia/Singapore",
    "hong kong": "Asia/Hong_Kong",
    "beijing": "Asia/Shanghai",
    "tokyo": "Asia/Tokyo",
    "seoul": "Asia/Seoul",
    "sydney": "Australia/Sydney",
    "melbourne": "Australia/Melbourne",
    "brisbane": "Australia/Brisbane",
    "perth": "Australia/Perth",
    "auckland": "Pacific/Auckland",
}


def zone_for(name: str) -> ZoneInfo | None:
    """The zone PagerDuty means by `name`; None when it is not known."""
    cleaned = name.strip().rstrip(".").strip()
    candidates = [RAILS_ZONES.get(cleaned.lower(), "")]
    # "(GMT-08:00) Pacific Time (US & Canada)" and "Bucharest, Romania" spellings
    candidates.append(RAILS_ZONES.get(cleaned.split(") ", 1)[-1].lower(), ""))
    candidates.append(RAILS_ZONES.get(cleaned.split(",")[0].strip().lower(), ""))
    candidates.append(cleaned)
    for candidate in candidates:
        if not candidate or ("/" not in candidate and candidate != "UTC"):
            continue
        try:
            return ZoneInfo(candidate)
        except (ZoneInfoNotFoundError, ValueError):
            continue
    return None
