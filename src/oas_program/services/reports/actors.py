"""Who the program names, as `oas-program actors` lists them; and finding an actor by what a
user types (`MEX`, `iachr`, `CIDH`), with a suggestion when nothing matches.

`ActorList` formats itself (`lines()`, `to_data()`), as `ProgramDiff` and the validation
report do: the command only prints.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from oas_program.errors import UsageError, did_you_mean
from oas_program.model.actor import Actor, ActorKind, Membership, MembershipStatus
from oas_program.services.reports.render import labels, localize
from oas_program.services.reports.text_table import table

if TYPE_CHECKING:
    from collections.abc import Iterable

    from oas_program.model.program import Program


def kind_label(kind: ActorKind | str, lang: str) -> str:
    """The word for an actor kind in *lang*, from its catalog (the code for an unknown kind)."""
    value = kind.value if isinstance(kind, ActorKind) else kind
    try:
        return labels(lang).code("actor-kind", value)
    except KeyError:  # a kind the interface has no word for: its code
        return value


def membership_text(memberships: Iterable[Membership], lang: str = "en") -> str:
    """A state's dated membership periods in one line: `member`, `member until 2023-11-19`,
    `member until 1962; excluded 1962 to 2009-06-03; member from 2009-06-03`."""
    words = labels(lang)
    parts = []
    for period in memberships:
        try:
            status = words.code("membership", period.status.value)
        except KeyError:  # a status the interface has no word for yet: its code
            status = period.status.value
        if period.start and period.end:
            parts.append(f"{status} {period.start} – {period.end}")
        elif period.start:
            parts.append(f"{status} {words('from', date=period.start)}")
        elif period.end:
            parts.append(f"{status} {words('until', date=period.end)}")
        else:
            parts.append(status)
    return "; ".join(parts)


@attrs.frozen(kw_only=True)
class ActorRow:
    """One actor as the list shows it."""

    id: str
    name: str
    """In the requested language, or another the data has (with the acronym, if any)."""
    kind: str
    acronym: str | None
    parent: str | None
    iso3: str | None
    membership: str | None
    """For member states: their membership periods in one line; None for other actors."""
    member_now: bool | None
    """For member states: whether the latest membership period is open and `member`."""


@attrs.frozen(kw_only=True)
class ActorList:
    """The actors of a program, optionally of some kinds only."""

    lang: str
    kinds: tuple[str, ...]
    """The kinds asked for (empty: every kind)."""
    rows: tuple[ActorRow, ...]

    def lines(self) -> list[str]:
        """An aligned table with a header row, then the number of actors listed."""
        words = labels(self.lang)
        if not self.rows:
            return [words("actors_none")]
        header = [words(f"actors_{column}") for column in ("id", "name", "kind", "membership")]
        body = [
            [
                row.id,
                row.name,
                kind_label(row.kind, self.lang),
                row.membership or "",
            ]
            for row in self.rows
        ]
        return [*table(header, body), "", words("actors_total", n=len(self.rows))]

    def to_data(self) -> list[dict[str, Any]]:
        """One object per actor; every key is always present (null when it does not apply)."""
        return [attrs.asdict(row) for row in self.rows]


def _member_now(actor: Actor) -> bool | None:
    if actor.kind is not ActorKind.MEMBER_STATE:
        return None
    if not actor.memberships:
        return False
    last = actor.memberships[-1]
    return last.end is None and last.status is MembershipStatus.MEMBER


def actor_list(program: Program, kinds: Iterable[str] = (), lang: str = "en") -> ActorList:
    """The program's actors in the data's order, of *kinds* only when given."""
    wanted = tuple(ActorKind(kind).value for kind in kinds)
    rows = []
    for actor in program.actors:
        if wanted and actor.kind.value not in wanted:
            continue
        name = localize(actor.name, lang).value
        acronym = localize(actor.acronym, lang).value if actor.acronym is not None else None
        if acronym and acronym != name:
            name = f"{name} ({acronym})"
        is_state = actor.kind is ActorKind.MEMBER_STATE
        rows.append(
            ActorRow(
                id=actor.id,
                name=name,
                kind=actor.kind.value,
                acronym=acronym,
                parent=actor.parent,
                iso3=actor.iso3,
                membership=membership_text(actor.memberships, lang) if is_state else None,
                member_now=_member_now(actor),
            )
        )
    return ActorList(lang=lang, kinds=wanted, rows=tuple(rows))


def find_actor(program: Program, text: str, option: str = "--actor") -> Actor:
    """The actor *text* names: its id exactly; else, when exactly one actor matches whatever
    the case, its id, ISO 3166 code or acronym (`MEX`, `IACHR`, `CIDH`). Anything else is a
    usage error that suggests the closest ids and points to `oas-program actors`."""
    try:
        return program.actor(text)
    except KeyError:
        pass
    folded = text.strip().casefold()
    for key in (_by_id, _by_code):
        found = {actor.id: actor for actor in program.actors if folded in key(actor)}
        if len(found) == 1:
            return next(iter(found.values()))
        if len(found) > 1:
            names = ", ".join(sorted(found))
            raise UsageError(
                f"{option}: {text!r} could be any of {names}; give the id "
                "(`oas-program actors` lists them)"
            )
    hint = did_you_mean(text, [actor.id for actor in program.actors])
    raise UsageError(
        f"{option}: {text!r} is not an actor of the program{hint}; "
        "`oas-program actors` lists every actor's id"
    )


def _by_id(actor: Actor) -> set[str]:
    return {actor.id.casefold()}


def _by_code(actor: Actor) -> set[str]:
    keys = {actor.iso3.casefold()} if actor.iso3 else set()
    if actor.acronym is not None:
        keys.update(
            value.casefold()
            for lang in actor.acronym.languages
            if (value := actor.acronym.get(lang)) is not None
        )
    return keys
