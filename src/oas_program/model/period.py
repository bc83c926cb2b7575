"""Reporting periods: a year, a half or a quarter of one (`2026`, `2026-H1`, `2026-Q3`).

One parse, one format, containment and one ordering, used by observations, `Program.current`
and `history`, progress, forms and merge. Periods are ordered by where they **end**: `2025-Q1`
comes before `2025`, which runs until December. Two periods that end together (`2025` and
`2025-H2`) are ordered longer first; observations of such periods are ordered by their
report date (`Observation.order`), so the latest report wins whatever its granularity.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from enum import StrEnum

import attrs

PATTERN = r"^[0-9]{4}(-(H[12]|Q[1-4]))?$"
"""A period as text (the JSON Schema's pattern)."""
_RE = re.compile(PATTERN)

EXAMPLES = "2026, 2026-H1 or 2026-Q3"
"""What messages show as valid periods."""


class Granularity(StrEnum):
    """How long a period is; the value is the letter in its name (empty for a year)."""

    YEAR = "Y"
    HALF = "H"
    QUARTER = "Q"

    @property
    def months(self) -> int:
        return _MONTHS[self]  # a member hashes and compares as its value


_MONTHS = {"Y": 12, "H": 6, "Q": 3}


@functools.total_ordering
@attrs.frozen(order=False)
class Period:
    """A reporting period: year, granularity and number within the year (1 for a year)."""

    year: int
    granularity: Granularity = Granularity.YEAR
    number: int = 1

    # ---- text -----------------------------------------------------------------------------

    @staticmethod
    @functools.lru_cache(maxsize=4096)
    def parse(text: str) -> Period:
        """The period *text* names; ValueError for anything else."""
        if not isinstance(text, str) or not _RE.fullmatch(text):
            raise ValueError(f"{text!r} is not a reporting period ({EXAMPLES})")
        if len(text) == 4:
            return Period(int(text))
        return Period(int(text[:4]), Granularity(text[5]), int(text[6]))

    @staticmethod
    def is_valid(text: str) -> bool:
        return isinstance(text, str) and _RE.fullmatch(text) is not None

    def __str__(self) -> str:
        if self.granularity is Granularity.YEAR:
            return f"{self.year:04d}"
        return f"{self.year:04d}-{self.granularity.value}{self.number}"

    # ---- months and days ------------------------------------------------------------------

    @property
    def first_month(self) -> int:
        """The first month, counted from January of year 0 (integers compare fast)."""
        return self.year * 12 + self.granularity.months * (self.number - 1)

    @property
    def last_month(self) -> int:
        return self.first_month + self.granularity.months - 1

    @property
    def first_day(self) -> dt.date:
        month = self.first_month
        return dt.date(max(month // 12, 1), month % 12 + 1, 1)

    @staticmethod
    def at(month: int, granularity: Granularity) -> Period:
        """The period of *granularity* that holds *month* (counted as `first_month`)."""
        year, within = divmod(month, 12)
        return Period(year, granularity, within // granularity.months + 1)

    # ---- relations ------------------------------------------------------------------------

    def contains(self, other: Period) -> bool:
        """Whether *other* lies wholly within this period (`2025` contains `2025-Q3`)."""
        return self.first_month <= other.first_month and other.last_month <= self.last_month

    def overlaps(self, other: Period) -> bool:
        return self.first_month <= other.last_month and other.first_month <= self.last_month

    @property
    def sort_key(self) -> tuple[int, int]:
        """The one ordering: by last month, then the longer period first."""
        return (self.last_month, self.first_month)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self.sort_key < other.sort_key


def sort_key(text: str) -> tuple[int, int]:
    """The ordering of periods written as text (ValueError for a non-period)."""
    return Period.parse(text).sort_key


@functools.lru_cache(maxsize=4096)
def months(text: str) -> tuple[int, int]:
    """The first and last month of the period *text* names (`Period.first_month`,
    `last_month`); ValueError for anything else. Cached: every observation of a program
    asks, and they share a few periods."""
    period = Period.parse(text)
    return period.first_month, period.last_month
