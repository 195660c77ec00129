"""Dates, times, zones and durations as incident reports write them."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

import pytest

from secondstory.importers.timeparse import (
    Clock,
    find_stamp,
    find_zone,
    leading_stamp,
    parse_date,
    parse_duration,
    parse_time,
    zone_named,
)

UTC = zone_named("UTC")


@pytest.mark.parametrize(
    ("text", "day", "clock", "rest"),
    [
        ("2021-06-22 08:21 | VPC CNI replaced", date(2021, 6, 22), time(8, 21), "VPC CNI replaced"),
        ("[08:47] Prow's bump PR is merged", None, time(8, 47), "Prow's bump PR is merged"),
        ("**16:58 UTC** - Writer database", None, time(16, 58), "Writer database"),
        ("Jan 14, 10:18 AM | A customer", date(2025, 1, 14), time(10, 18), "A customer"),
        ("July 11, 2025, 12:42 PM", date(2025, 7, 11), time(12, 42), ""),
        ("2:54 PM PST: config merged", None, time(14, 54), "config merged"),
        ("2025-01-14 1600", date(2025, 1, 14), time(16, 0), ""),
        ("2022-03-10 11.50", date(2022, 3, 10), time(11, 50), ""),
        ("8:20 - 8:24", None, time(8, 20), ""),
        ("24/07/25", date(2025, 7, 24), None, ""),
        ("October 21, 2025 - Redis Overload", date(2025, 10, 21), None, "Redis Overload"),
    ],
)
def test_timeparse_leading_stamp_reads_report_styles(
    text: str, day: date | None, clock: time | None, rest: str
) -> None:
    stamp = leading_stamp(text, 2025)
    assert stamp is not None
    assert (stamp.day, stamp.clock, text[stamp.end :]) == (day, clock, rest)


@pytest.mark.parametrize("text", ["1.270.0 released", "20202-01-16 12:00 | x", "N/A", "?", ""])
def test_timeparse_leading_stamp_refuses_non_times(text: str) -> None:
    assert leading_stamp(text, 2025) is None


def test_timeparse_approximate_marks() -> None:
    stamp = leading_stamp("ca. 18:30", 2018)
    assert stamp is not None and stamp.approximate


@pytest.mark.parametrize(
    ("text", "offset"),
    [
        ("All times in PST (UTC-7)", -7),
        ("All times in CET.", 1),
        ("_All times in EDT_", -4),
        ("All times in GMT+2", 2),
        ("Time (UTC)", 0),
        ("All times in IST", 5.5),
    ],
)
def test_timeparse_find_zone_prefers_offsets(text: str, offset: float) -> None:
    zone = find_zone(text)
    assert zone is not None
    assert zone.tz.utcoffset(None) == timedelta(hours=offset)


def test_timeparse_zone_named_iana_follows_dst() -> None:
    zone = zone_named("US/Pacific")
    assert zone is not None
    summer = datetime(2020, 7, 9, 7, 30, tzinfo=zone.tz)
    assert summer.utcoffset() == timedelta(hours=-7)


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("8 minutes", 8),
        ("0h 07m", 7),
        ("1d 5h 47m", 1787),
        ("1 hour and 48 minutes", 108),
        ("7h (during support hours 10:00-17:00)", 420),
        ("279 minutes [^3]", 279),
    ],
)
def test_timeparse_parse_duration(text: str, minutes: int) -> None:
    assert parse_duration(text) == timedelta(minutes=minutes)


def test_timeparse_parse_duration_refuses_na() -> None:
    assert parse_duration("N/A") is None


def test_timeparse_whole_string_parsers() -> None:
    assert parse_date("March 14, 2025") == date(2025, 3, 14)
    assert parse_date("2025-03-14 and more") is None
    assert parse_time("5:00 PM") == time(17, 0)
    assert parse_time("soon") is None


def test_timeparse_find_stamp_anywhere() -> None:
    stamp = find_stamp("First detected 2021-07-12 15:44")
    assert stamp is not None and (stamp.day, stamp.clock) == (date(2021, 7, 12), time(15, 44))


def test_timeparse_clock_carries_date_and_rolls_past_midnight() -> None:
    assert UTC is not None
    clock = Clock(zone=find_zone("All times in CET"), fallback=UTC, day=date(2025, 5, 12))
    cet = timezone(timedelta(hours=1))
    times = [clock.resolve(s) for s in (leading_stamp("23:00"), leading_stamp("00:40")) if s]
    assert times == [
        datetime(2025, 5, 12, 23, 0, tzinfo=cet),
        datetime(2025, 5, 13, 0, 40, tzinfo=cet),
    ]
    assert clock.warnings == []


def test_timeparse_clock_warns_once_without_zone() -> None:
    assert UTC is not None
    clock = Clock(zone=None, fallback=UTC, day=date(2025, 1, 1))
    for text in ("10:00", "11:00"):
        stamp = leading_stamp(text)
        assert stamp is not None
        clock.resolve(stamp)
    assert clock.warnings == ["the report states no time zone; times taken as UTC"]


def test_timeparse_clock_refuses_time_without_any_date() -> None:
    assert UTC is not None
    clock = Clock(zone=UTC, fallback=UTC)
    stamp = leading_stamp("10:00")
    assert stamp is not None
    assert clock.resolve(stamp, "line 4") is None
    assert clock.warnings == ["line 4: '10:00' has a time but no date is known"]
