"""When a sentence says its event happened, relative to the report's date, with ACLED's time precision.

ACLED's ``time_precision``: 1 the day is known; 2 only a range of days or a week is known (the event is
dated to the middle of the range); 3 only the month. Explicit dates ("On 8 January 2024", "on Sept. 10",
"14 січня", "2 октября 2024 года"), weekdays ("on Saturday": the last one on or before the report's
date), relative days ("yesterday", "вчора", "накануне") and ranges ("over the past 72 hours",
"this week", "within three days") are read in English, Ukrainian and Russian.

>>> from datetime import date
>>> sentence_date("On 8 January 2024 a missile hit Kharkiv.", date(2024, 1, 9))
(datetime.date(2024, 1, 8), 1)
>>> sentence_date("Yesterday drones struck Odesa.", date(2023, 7, 20))
(datetime.date(2023, 7, 19), 1)
>>> sentence_date("Over the past 72 hours troops advanced.", date(2022, 9, 13))
(datetime.date(2022, 9, 11), 2)
>>> sentence_date("No date here.", date(2022, 9, 13)) is None
True
"""

from __future__ import annotations

from datetime import date, timedelta

import regex

__all__ = ["sentence_date"]


def _numbered(rows: tuple[str, ...], first: int) -> dict[str, int]:
    """Each word of each row with the row's number (rows numbered from ``first``)."""
    return {form: number for number, forms in enumerate(rows, first) for form in forms.split()}


_MONTHS = _numbered(
    (
        "january jan січня січень января январь",
        "february feb лютого лютий февраля февраль",
        "march mar березня березень марта март",
        "april apr квітня квітень апреля апрель",
        "may травня травень мая май",
        "june jun червня червень июня июнь",
        "july jul липня липень июля июль",
        "august aug серпня серпень августа август",
        "september sept sep вересня вересень сентября сентябрь",
        "october oct жовтня жовтень октября октябрь",
        "november nov листопада листопад ноября ноябрь",
        "december dec грудня грудень декабря декабрь",
    ),
    1,
)
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))

_WEEKDAYS = _numbered(
    (
        "monday понеділок понеділка понедельник",
        "tuesday вівторок вівторка вторник",
        "wednesday середу середа среду среда",
        "thursday четвер четверга четверг",
        "friday пʼятницю п'ятницю пятницу пятница п'ятниця",
        "saturday суботу субота субботу суббота",
        "sunday неділю неділя воскресенье",
    ),
    0,
)
_WEEKDAY = "|".join(sorted((regex.escape(w) for w in _WEEKDAYS), key=len, reverse=True))

_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "ten": 10,
    "a": 1, "an": 1, "двох": 2, "трьох": 3, "двух": 2, "трёх": 3, "трех": 3,
}  # fmt: skip

_ISO = regex.compile(r"\b(20\d\d)-(\d\d)-(\d\d)\b")
_DAY_MONTH = regex.compile(
    rf"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{_MONTH})\.?(?:,?\s+(?P<year>20\d\d))?\b",
    regex.I,
)
_MONTH_DAY = regex.compile(
    rf"\b(?P<month>{_MONTH})\.?\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>20\d\d))?", regex.I
)
_MONTH_YEAR = regex.compile(rf"\b(?:in\s+)?(?P<month>{_MONTH})\s+(?P<year>20\d\d)\b", regex.I)
_WEEKDAY_RE = regex.compile(rf"(?<![\p{{L}}'ʼ])(?P<weekday>{_WEEKDAY})(?![\p{{L}}])", regex.I)
_RELATIVE = [
    (regex.compile(r"\b(?:the day before yesterday|позавчора|позавчера)\b", regex.I), 2),
    (regex.compile(r"(?<![\p{L}])(?:yesterday|вчора|учора|вчера|накануне)(?![\p{L}])", regex.I), 1),
    (
        regex.compile(
            r"(?<![\p{L}])(?:today|tonight|this morning|this afternoon|this evening|overnight|"
            r"сьогодні|сегодня|уночі|вночі|этой ночью|ночью|минулої ночі|прошлой ночью)(?![\p{L}])",
            regex.I,
        ),
        0,
    ),
]
_RANGE = regex.compile(
    r"(?:\b(?:over|in|during|within) the (?:past|last)\s+(?P<n>\d+|\w+)\s+(?P<unit>hours|days|weeks)\b"
    r"|\bwithin (?P<n2>\d+|\w+) (?P<unit2>hours|days)\b"
    r"|\b(?P<week>this week|the past week|last week|за (?:минулий|останній) тиждень|"
    r"за (?:прошедшую|последнюю) неделю)"
    r"|(?P<day>за (?:минулу|останню) добу|за (?:прошедшие|последние) сутки|over the past day))",
    regex.I,
)


def _number(word: str) -> int | None:
    return int(word) if word.isdecimal() else _NUMBERS.get(word.lower())


def _explicit(sentence: str, report: date) -> tuple[date, int] | None:
    m = _ISO.search(sentence)
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3])), 1
        except ValueError:
            return None
    for pattern in (_DAY_MONTH, _MONTH_DAY):
        m = pattern.search(sentence)
        if m is None or (m["month"] in ("may", "mar", "jan") and not m["year"]):
            continue  # lower-case "may 5" is the verb; "mar", "jan" are words too
        day, month = int(m["day"]), _MONTHS[m["month"].lower()]
        year = int(m["year"]) if m["year"] else report.year
        try:
            found = date(year, month, day)
        except ValueError:
            continue
        if not m["year"] and found > report + timedelta(days=1):
            found = found.replace(year=year - 1)  # "on Dec. 30" in a report of 2 January
        return found, 1
    m = _MONTH_YEAR.search(sentence)
    if m:
        return date(int(m["year"]), _MONTHS[m["month"].lower()], 15), 3
    return None


def sentence_date(sentence: str, report: date) -> tuple[date, int] | None:
    """The date a sentence gives its event and ACLED's time precision, or None when it gives none."""
    found = _explicit(sentence, report)
    if found:
        return found
    for pattern, days in _RELATIVE:
        if pattern.search(sentence):
            return report - timedelta(days=days), 1
    m = _RANGE.search(sentence)
    if m:
        if m["week"]:
            return report - timedelta(days=3), 2
        if m["day"]:
            return report, 1
        n = _number(m["n"] or m["n2"] or "")
        unit = (m["unit"] or m["unit2"] or "").lower()
        if n:
            span_days = {"hours": n / 24, "days": n, "weeks": 7 * n}[unit]
            return report - timedelta(days=int(span_days / 2 + 0.5)), 2
    m = _WEEKDAY_RE.search(sentence)
    if m:
        weekday = _WEEKDAYS[m["weekday"].lower()]
        return report - timedelta(days=(report.weekday() - weekday) % 7), 1
    return None
