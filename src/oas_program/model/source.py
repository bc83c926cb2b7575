"""Where a fact comes from."""

from __future__ import annotations

from enum import StrEnum

import attrs

from oas_program.model.text import Text, as_summary
from oas_program.model.values import check_id, check_partial_date


class SourceKind(StrEnum):
    """Who published a source (and so how far it can be quoted)."""

    OFFICIAL_PAGE = "official-page"  # a web page the OAS publishes (oas.org, its organs')
    OFFICIAL_DOCUMENT = "official-document"  # an OAS document, usually with its symbol
    THIRD_PARTY_COPY = "third-party-copy"
    """A copy of a document on a site other than its publisher's, whose publisher is not
    established (an OAS document found only as a copy is an `official-document` with a
    `copy_url` instead)."""
    PRESS = "press"  # news media, or a government's or library's news page
    SUMMARY = "summary"  # a secondary account that summarises other documents
    REPORT = "report"  # a report an actor submitted (a filled reporting form)
    ILLUSTRATIVE = "illustrative"  # invented for examples and tests: never a real report
    OFFICIAL = "official"
    """Deprecated: read from earlier files; say `official-page` or `official-document`."""
    SEED = "seed"
    """Deprecated: read from earlier files (the page a dataset was first built from); say
    who published it instead (the DIL program page is an `official-page`)."""


# Kinds that were replaced by kinds saying who published the source.
DEPRECATED_KINDS: frozenset[SourceKind] = frozenset({SourceKind.OFFICIAL, SourceKind.SEED})

# Kinds of the public record: what was published, not a report made to the program.
PUBLIC_RECORD_KINDS: frozenset[SourceKind] = frozenset(
    {
        SourceKind.OFFICIAL_PAGE,
        SourceKind.OFFICIAL_DOCUMENT,
        SourceKind.THIRD_PARTY_COPY,
        SourceKind.PRESS,
        SourceKind.SUMMARY,
        SourceKind.OFFICIAL,
        SourceKind.SEED,
    }
)


@attrs.frozen(kw_only=True)
class Source:
    """A document or web page that facts in the dataset rest on."""

    id: str = attrs.field(validator=check_id)
    """Stable id, referenced from the entities' `sources` lists."""
    kind: SourceKind = attrs.field(converter=SourceKind)
    """Who published it: an OAS page or document, a third-party copy, the press, ..."""
    title: Text = attrs.field(converter=as_summary)
    """A short human title for the source, in our words and in each language we have it in;
    a plain string is taken as English."""
    url: str | None = None
    """Where its publisher has it online (the official location), when known."""
    copy_url: str | None = None
    """Where a copy was found apart from the official location (a third-party site: it is
    not the publisher, and the copy may differ from the original)."""
    symbol: str | None = None
    """The OAS or UN document symbol, when it has one."""
    date: str | None = attrs.field(default=None, validator=check_partial_date)
    """Date of the document, at the precision known."""
