"""The program at a glance: what `oas-program show` prints, as a value that formats itself
(`lines()` for the terminal, `to_data()` for `--json`), like `ProgramDiff` and the
validation report. Every figure is computed from the data; names are in the requested
language where the data has them, with the id a user needs for other commands.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

import attrs

from oas_program.i18n import Words, messages
from oas_program.model.activity import Addressee
from oas_program.model.actor import ActorKind
from oas_program.model.text import LANGUAGES
from oas_program.services.reports.actors import kind_label
from oas_program.services.reports.facts import counts, open_questions, texts
from oas_program.services.reports.render import actor_name, adopted, labels, localize
from oas_program.services.reports.text_table import table

if TYPE_CHECKING:
    from oas_program.model.program import Program

# The words of `show`, in English; the other languages come from the catalogs (context
# "show:<key>").
SHOW_WORDS: dict[str, str] = {
    "recorded": "Recorded: {items}",
    "by_actor": "Activities by assigned actor (its id for --actor)",
    "by_kind": "Actors by kind",
    "by_role": "Resolutions by role",
    "completeness": "Completeness (declared vs recorded)",
    "complete_line": "{groups}: {recorded} of {declared} activities recorded",
    "missing": " ({n} not recorded)",
    "conflict": "conflict: '{first}' and '{second}' state different counts",
    "open": "Open questions recorded (uncertain or unknown notes): {n}",
    "members": "Member states: {count} ({open} with an open membership period)",
    "participating": "government participating",
    "excluded": "government excluded from participation",
    "not-participating": "government not participating",
    "member": "member",
    "since": "since",
    "until": "until",
    "to": "to",
    "reports_line": (
        "Implementation reports: {n} observations from {actors} actors on {activities} "
        "activities, periods {first} to {last}"
    ),
    "no_observations": "Implementation reports: none recorded in the data.",
    "next": (
        "Next: `oas-program actors` lists every actor's id; "
        "`oas-program progress` shows implementation status."
    ),
    "objectives": "objectives",
    "activities": "activities",
    "actors": "actors",
    "resolutions": "resolutions",
    "documents": "documents",
    "meetings": "meetings",
    "sources": "sources",
    "declarations": "declarations",
    "observations": "observations",
    "texts": "Texts per language (of {total}): {counts}",
}
SHOW_MESSAGES = messages("show", SHOW_WORDS)


def first_sentence(text: str) -> str:
    """The first sentence of *text* (up to the first full stop followed by a space)."""
    head, dot, _rest = text.partition(". ")
    return head + "." if dot else text


@attrs.frozen(kw_only=True)
class Overview:
    """The figures of one program, in one language."""

    lang: str
    id: str
    title: str
    about: str | None
    """One sentence on what the program is: the first of its summary, when it has one."""
    adopted: str
    """"Adopted by AG/RES. 2141 (XXXV-O/05) on 2005-06-07." in the requested language."""
    adopted_by: str
    adopted_on: str | None
    counts: dict[str, int]
    """How many of each kind of entity, observations included."""
    activities_by_addressee: dict[str, int]
    addressee_labels: dict[str, str]
    activities_by_actor: dict[str, int]
    actor_names: dict[str, str]
    """Name (with acronym) of every actor named in `activities_by_actor`, by id."""
    shown_in: dict[str, str] = attrs.field(factory=dict)
    """The language the title (key `title`) and each actor's name (key: its id) are shown
    in, where it is not the requested one (an official name whose form in the requested
    language is not known): the terminal marks them, as the reports do."""
    actors_by_kind: dict[str, int]
    resolutions_by_role: dict[str, list[str]]
    completeness: list[dict[str, Any]]
    conflicting_declarations: list[list[str]]
    open_questions: int
    member_states: dict[str, Any]
    """How many member states, and those whose membership or participation changed."""
    texts_by_language: dict[str, int]
    """How many of the program's texts exist in each official language (`total`: all)."""
    observations: dict[str, Any] | None
    """Counts of the implementation reports, or None when the data holds none."""

    def _words(self) -> Words:
        return Words("show", SHOW_WORDS, self.lang)

    def lines(self) -> list[str]:
        """What `show` prints: the title, what the program is, then the figures."""
        w = self._words()
        ui = labels(self.lang)
        out = [self._marked("title", self.title)]
        if self.about:
            out.append(self.about)
        out += [self.adopted, ""]
        items = ", ".join(f"{n} {w.get(key, key)}" for key, n in self.counts.items())
        out += [w("recorded", items=items), ""]
        out.append(ui("by_addressee") + ":")
        rows = [
            [self.addressee_labels[group], str(n)]
            for group, n in self.activities_by_addressee.items()
        ]
        out += _indent(table(["", ""], rows, right=[1])[1:])
        out.append(w("by_actor") + ":")
        rows = [
            [self._marked(actor, self.actor_names.get(actor, actor)), actor, str(n)]
            for actor, n in self.activities_by_actor.items()
        ]
        out += _indent(table(["", "", ""], rows, right=[2])[1:])
        out.append(w("by_kind") + ":")
        rows = [
            [_capitalized(kind_label(kind, self.lang)), str(n)]
            for kind, n in self.actors_by_kind.items()
        ]
        out += _indent(table(["", ""], rows, right=[1])[1:])
        out.append(w("by_role") + ":")
        for role, symbols in self.resolutions_by_role.items():
            try:
                word = ui.code("resolution", role)
            except KeyError:
                word = role
            out.append(f"  {word} ({len(symbols)}): {', '.join(symbols)}")
        out.append(w("completeness") + ":")
        for item in self.completeness:
            groups = " + ".join(self.addressee_labels[a] for a in item["addressees"])
            declared = ui.code("quantifier", item["quantifier"], n=item["declared"])
            line = w("complete_line", groups=groups, recorded=item["recorded"], declared=declared)
            if item["missing"] is not None:
                line += w("missing", n=item["missing"])
            out.append(f"  {line}  [{ui('sources').lower()}: {', '.join(item['sources'])}]")
        for first, second in self.conflicting_declarations:
            out.append("  " + w("conflict", first=first, second=second))
        out += _member_lines(self.member_states, w)
        out.append(w("open", n=self.open_questions))
        counts = ", ".join(f"{k} {v}" for k, v in self.texts_by_language.items() if k != "total")
        out.append(w("texts", total=self.texts_by_language["total"], counts=counts))
        out.append("")
        out += self._observation_lines()
        out += ["", w("next")]
        return out

    def _observation_lines(self) -> list[str]:
        w = self._words()
        if self.observations is None:
            return [w("no_observations")]
        seen = self.observations
        out = [
            w(
                "reports_line",
                n=seen["total"],
                actors=len(seen["actors"]),
                activities=len(seen["activities"]),
                first=seen["periods"][0],
                last=seen["periods"][-1],
            )
            + ":"
        ]
        ui = labels(self.lang)
        rows = []
        for status, n in seen["by_status"].items():
            try:
                word = ui.code("status", status)
            except KeyError:
                word = status
            rows.append([word, str(n)])
        out += _indent(table(["", ""], rows, right=[1])[1:])
        return out

    def _marked(self, key: str, text: str) -> str:
        """*text*, with the language it is in when that is not the requested one."""
        other = self.shown_in.get(key)
        return f"({other}) {text}" if other is not None else text

    def to_data(self) -> dict[str, Any]:
        """The figures as plain data (`show --json`); keys are stable."""
        data = attrs.asdict(self, recurse=False)
        data.pop("lang")
        data.pop("shown_in")
        return {"lang": self.lang, **data}


def _texts_by_language(program: Program) -> dict[str, int]:
    """How many of the program's texts exist in each official language (and in all)."""
    found = list(texts(program))
    return {"total": len(found)} | {
        lang: sum(text.get(lang) is not None for text in found) for lang in LANGUAGES
    }


def _periods(periods: tuple[Any, ...]) -> list[dict[str, Any]]:
    return [{"status": p.status.value, "start": p.start, "end": p.end} for p in periods]


def _member_states(program: Program, lang: str) -> dict[str, Any]:
    """How many member states, and the states whose membership or participation changed
    (Cuba's government excluded from participation while Cuba stayed a member)."""
    states = [a for a in program.actors if a.kind is ActorKind.MEMBER_STATE]
    open_now = [s for s in states if any(m.end is None for m in s.memberships)]
    changed = [
        {
            "actor": s.id,
            "name": actor_name(s, lang).value,
            "memberships": _periods(s.memberships),
            "participation": _periods(s.participation),
        }
        for s in states
        if s.participation or any(m.start or m.end for m in s.memberships)
    ]
    return {"count": len(states), "open_membership": len(open_now), "changes": changed}


def _span(period: dict[str, Any], w: Words) -> str:
    if period["start"] and period["end"]:
        return f" {period['start']} {w('to')} {period['end']}"
    if period["start"]:
        return f" {w('since')} {period['start']}"
    return f" {w('until')} {period['end']}" if period["end"] else ""


def _member_lines(data: dict[str, Any], w: Words) -> list[str]:
    count, open_now = data["count"], data["open_membership"]
    lines = [w("members", count=count, open=open_now)]
    for state in data["changes"]:
        parts = [f"{w.get(m['status'], m['status'])}{_span(m, w)}" for m in state["memberships"]]
        parts += [f"{w(p['status'])}{_span(p, w)}" for p in state["participation"]]
        lines.append(f"  {state['name']} ({state['actor']}): {'; '.join(parts)}")
    return lines


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


def _indent(lines: list[str]) -> list[str]:
    return ["  " + line for line in lines]


def _observations(program: Program) -> dict[str, Any] | None:
    found = program.observations
    if not found:
        return None
    by_status = Counter(o.status.value for o in found)
    periods = sorted({o.period for o in found})
    return {
        "total": len(found),
        "actors": sorted({o.actor for o in found}),
        "activities": sorted({o.activity for o in found}),
        "periods": periods,
        "by_status": dict(sorted(by_status.items())),
    }


def overview(program: Program, lang: str = "en") -> Overview:
    """The figures of *program* in *lang* (names fall back to a language the data has)."""
    by_group = Counter(a.addressee.value for a in program.activities)
    by_actor = Counter(
        assignment.actor for activity in program.activities for assignment in activity.assignments
    )
    actors = {actor.id: actor for actor in reversed(program.actors)}  # the first of an id
    order = {actor.id: i for i, actor in reversed(list(enumerate(program.actors)))}
    by_kind = Counter(a.kind.value for a in program.actors)
    roles: dict[str, list[str]] = {}
    for role in sorted({r.role for r in program.resolutions}, key=lambda r: r.value):
        roles[role.value] = [r.symbol for r in program.resolutions_by_role(role)]
    completeness = []
    for item in program.completeness():
        declaration = item.declaration
        completeness.append(
            {
                "declaration": declaration.id,
                "addressees": [a.value for a in declaration.addressees],
                "declared": declaration.count,
                "quantifier": declaration.quantifier.value,
                "recorded": item.recorded,
                "missing": item.missing,
                "statement": declaration.statement.best(lang)[1],
                "sources": list(declaration.sources),
            }
        )
    ui = labels(lang)
    try:
        adopted_by = program.resolution(program.adopted_by).symbol
    except KeyError:
        adopted_by = program.adopted_by
    figures = counts(program)
    figures["observations"] = len(program.observations)
    summary = getattr(program, "summary", None)
    title = localize(program.title, lang)
    names = {
        actor_id: actor_name(actors[actor_id], lang)
        for actor_id in sorted(by_actor)
        if actor_id in actors
    }
    shown_in = {key: loc.lang for key, loc in {"title": title, **names}.items() if loc.fallback}
    return Overview(
        lang=lang,
        id=program.id,
        title=title.value,
        about=first_sentence(localize(summary, lang).value) if summary is not None else None,
        adopted=adopted(program, ui),
        adopted_by=adopted_by,
        adopted_on=program.adopted_on,
        counts=figures,
        activities_by_addressee={a.value: by_group[a.value] for a in Addressee},
        addressee_labels={a.value: ui.code("addressee", a.value) for a in Addressee},
        activities_by_actor={
            actor_id: by_actor[actor_id]
            for actor_id in sorted(by_actor, key=lambda a: (order.get(a, len(order)), a))
        },
        actor_names={actor_id: name.value for actor_id, name in names.items()},
        shown_in=shown_in,
        actors_by_kind={kind.value: by_kind[kind.value] for kind in ActorKind},
        resolutions_by_role=roles,
        completeness=completeness,
        conflicting_declarations=[
            [first.id, second.id] for first, second in program.conflicting_declarations()
        ],
        open_questions=len(open_questions(program)),
        member_states=_member_states(program, lang),
        texts_by_language=_texts_by_language(program),
        observations=_observations(program),
    )
