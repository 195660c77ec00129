"""Postmortem ids made from titles (store/writer.py: make_id)."""

from __future__ import annotations

from datetime import date

from secondstory.store.writer import make_id

DAY = date(2022, 9, 7)


def test_ids_keep_seven_words_and_never_end_on_a_dangling_word() -> None:
    titles = [
        "UToronto Hub is throwing 500 errors when users log in",
        "Shai-Hulud attack on npm packages",
        "Checkout down after certificate expiry",
        "Outage of the",
        "The",
        "",
    ]
    assert [make_id(title, DAY, set()) for title in titles] == [
        "2022-09-07-utoronto-hub-is-throwing-500-errors",
        "2022-09-07-shai-hulud-attack-on-npm-packages",
        "2022-09-07-checkout-down-after-certificate-expiry",
        "2022-09-07-outage",
        "2022-09-07-the",
        "2022-09-07-incident",
    ]


def test_ids_taken_get_a_number() -> None:
    taken = {"2022-09-07-outage", "2022-09-07-outage-2"}
    assert make_id("Outage", DAY, taken) == "2022-09-07-outage-3"
