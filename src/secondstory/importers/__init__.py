"""Importers: turn existing incident reports (Markdown, Slack, PagerDuty) into postmortems.

Shared pieces: `timeparse` (dates, times, zones, durations, date carry-over). Each source
has its own modules (markdown*, slack, pagerduty) and the `secondstory import` group
lives in `importers.cli`.
"""
