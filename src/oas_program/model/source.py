"""Where a fact comes from."""

from __future__ import annotations

from enum import StrEnum

import attrs

from oas_program.model.values import check_id, check_partial_date


class SourceKind(StrEnum):
    """How a source relates to the program's own documents."""

    OFFICIAL = "official"  # an OAS document or page carrying official text
    SUMMARY = "summary"  # a secondary account that summarises official documents
    SEED = "seed"  # the page this dataset was first built from (the DIL program page)
    REPORT = "report"  # a report an actor submitted (a filled reporting form)
    ILLUSTRATIVE = "illustrative"  # invented for examples and tests: never a real report


@attrs.frozen(kw_only=True)
class Source:
    """A document or web page that facts in the dataset rest on."""

    id: str = attrs.field(validator=check_id)
    """Stable id, referenced from the entities' `sources` lists."""
    kind: SourceKind = attrs.field(converter=SourceKind)
    """Official, summary or the seed page."""
    title: str
    """A short human title for the source."""
    url: str | None = None
    """Where to read it, when it is online."""
    symbol: str | None = None
    """The OAS or UN document symbol, when it has one."""
    date: str | None = attrs.field(default=None, validator=check_partial_date)
    """Date of the document, at the precision known."""
