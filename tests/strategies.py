"""hypothesis strategies for valid programs (any combination the model accepts)."""

from __future__ import annotations

import unicodedata

import attrs
from hypothesis import strategies as st

from oas_program import model as m

ids = st.from_regex(r"\A[a-z][a-z0-9]{0,8}(-[a-z0-9]{1,5})?\Z")
# Text as the loader keeps it: NFC, no lone surrogates, not blank.
words = (
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
        min_size=1,
        max_size=40,
    )
    .map(lambda s: unicodedata.normalize("NFC", s))
    .filter(lambda s: bool(s.strip()))
)
dates = st.one_of(
    st.dates().map(lambda d: d.isoformat()),
    st.integers(1900, 2100).map(str),
    st.tuples(st.integers(1900, 2100), st.integers(1, 12)).map(lambda t: f"{t[0]}-{t[1]:02d}"),
)


@st.composite
def texts(draw: st.DrawFn) -> m.Text:
    languages = draw(st.lists(st.sampled_from(m.LANGUAGES), min_size=1, unique=True))
    return m.Text(
        status=draw(st.sampled_from(m.TextStatus)), **{lang: draw(words) for lang in languages}
    )


def optional(strategy: st.SearchStrategy) -> st.SearchStrategy:  # type: ignore[type-arg]
    return st.none() | strategy


def tuples_of(strategy: st.SearchStrategy, max_size: int = 3) -> st.SearchStrategy:  # type: ignore[type-arg]
    return st.lists(strategy, max_size=max_size).map(tuple)


notes = st.builds(
    m.Note, certainty=st.sampled_from(m.Certainty), text=words, sources=tuples_of(ids)
)


@st.composite
def periods(draw: st.DrawFn) -> m.Membership:
    start, end = draw(optional(dates)), draw(optional(dates))
    if start and end and end < start:
        start, end = end, start
    return m.Membership(
        status=draw(st.sampled_from(m.MembershipStatus)),
        start=start,
        end=end,
        notes=draw(tuples_of(notes)),
    )


@st.composite
def participations(draw: st.DrawFn) -> m.Participation:
    start, end = draw(optional(dates)), draw(optional(dates))
    if start and end and end < start:
        start, end = end, start
    return m.Participation(
        status=draw(st.sampled_from(m.ParticipationStatus)),
        start=start,
        end=end,
        notes=draw(tuples_of(notes)),
        sources=draw(tuples_of(ids)),
    )


actors = st.builds(
    m.Actor,
    id=ids,
    kind=st.sampled_from(m.ActorKind),
    name=texts(),
    acronym=optional(texts()),
    parent=optional(ids),
    iso3=optional(st.from_regex(r"\A[A-Z]{3}\Z")),
    memberships=tuples_of(periods()),
    participation=tuples_of(participations()),
    role=optional(texts()),
    notes=tuples_of(notes),
    sources=tuples_of(ids),
)
activities = st.builds(
    m.Activity,
    id=ids,
    label=words,
    number=optional(words),
    addressee=st.sampled_from(m.Addressee),
    summary=texts(),
    text=optional(texts()),
    assignments=tuples_of(
        st.builds(m.Assignment, actor=ids, role=st.sampled_from(m.AssignmentRole))
    ),
    objectives=tuples_of(ids),
    mandate=optional(st.builds(m.Mandate, resolution=ids, paragraph=optional(words))),
    added=optional(
        st.builds(m.Addition, date=optional(dates), meeting=optional(ids), resolution=optional(ids))
    ),
    notes=tuples_of(notes),
    sources=tuples_of(ids),
)
objectives = st.builds(
    m.Objective,
    id=ids,
    kind=st.sampled_from(m.ObjectiveKind),
    number=optional(st.integers(1, 99)),
    summary=texts(),
    text=optional(texts()),
    parent=optional(ids),
)
resolutions = st.builds(
    m.Resolution,
    id=ids,
    symbol=words,
    role=st.sampled_from(m.ResolutionRole),
    title=optional(texts()),
    date=optional(dates),
    meeting=optional(ids),
    url=optional(words),
    summary=optional(texts()),
)
documents = st.builds(
    m.Document,
    id=ids,
    symbol=optional(words),
    title=texts(),
    date=optional(dates),
    role=optional(st.sampled_from(m.ResolutionRole)),
    summary=optional(texts()),
)


@st.composite
def meetings(draw: st.DrawFn) -> m.Meeting:
    start, end = draw(optional(dates)), draw(optional(dates))
    if start and end and end < start:
        start, end = end, start
    return m.Meeting(
        id=draw(ids), title=draw(texts()), body=draw(optional(ids)), start=start, end=end
    )


sources = st.builds(
    m.Source,
    id=ids,
    kind=st.sampled_from(m.SourceKind),
    title=words,
    url=optional(words),
    copy_url=optional(words),
    symbol=optional(words),
    date=optional(dates),
)
declarations = st.builds(
    m.Declaration,
    id=ids,
    addressees=st.lists(st.sampled_from(m.Addressee), min_size=1, max_size=4, unique=True).map(
        tuple
    ),
    count=st.integers(0, 500),
    quantifier=st.sampled_from(m.Quantifier),
    statement=texts(),
    original_only=st.booleans(),
)


periods_ = st.one_of(
    st.integers(2005, 2040).map(str),
    st.tuples(st.integers(2005, 2040), st.sampled_from(["H1", "H2", "Q1", "Q4"])).map(
        lambda t: f"{t[0]}-{t[1]}"
    ),
)
observations = st.builds(
    m.Observation,
    id=ids,
    activity=ids,
    actor=ids,
    period=periods_,
    date=dates,
    status=st.sampled_from(m.Status),
    applicability=st.sampled_from(m.Applicability),
    assessments=tuples_of(
        st.builds(
            m.Assessment,
            assessor_kind=st.sampled_from(m.AssessorKind),
            assessor=words,
            rating=st.sampled_from(m.Rating),
            date=optional(dates),
            comment=optional(words),
        ),
        max_size=2,
    ),
    evidence=tuples_of(
        st.builds(m.Evidence, text=optional(words), url=optional(words), document=optional(ids)),
        max_size=2,
    ),
    reported_by=optional(ids),
    notes=tuples_of(notes, max_size=1),
    sources=tuples_of(ids, max_size=2),
)


def unique(strategy: st.SearchStrategy, prefix: str) -> st.SearchStrategy:  # type: ignore[type-arg]
    """Up to 3 entities with ids unique within the collection and, by *prefix*, across them."""
    return st.lists(
        strategy.map(lambda e: attrs.evolve(e, id=prefix + e.id)),
        max_size=3,
        unique_by=lambda e: e.id,
    ).map(tuple)


# A valid program: ids are unique across all collections (the tabular formats key on them).
programs = st.builds(
    m.Program,
    id=ids,
    title=texts(),
    adopted_by=ids,
    adopted_on=optional(dates),
    summary=optional(texts()),
    objectives=unique(objectives, "ob"),
    activities=unique(activities, "ac"),
    actors=unique(actors, "at"),
    resolutions=unique(resolutions, "re"),
    documents=unique(documents, "do"),
    meetings=unique(meetings(), "me"),
    sources=unique(sources, "so"),
    declarations=unique(declarations, "de"),
    observations=unique(observations, "os"),
    notes=tuples_of(notes),
    based_on=tuples_of(ids),
)
