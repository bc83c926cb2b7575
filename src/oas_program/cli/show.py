"""`oas-program show`: the program at a glance, every figure computed from the data."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import click

from oas_program.cli._common import lang_option, read_program

if TYPE_CHECKING:
    from oas_program.cli import State
    from oas_program.model.program import Program

_QUANTIFIER_WORDS = {
    "exactly": "",
    "about": "about ",
    "almost": "almost ",
    "more-than": "more than ",
}


def overview(program: Program, lang: str) -> dict[str, Any]:
    """The figures `show` prints, as plain data (also its --json output)."""
    from collections import Counter

    from oas_program.services.reports.facts import counts, open_questions

    by_group = Counter(a.addressee.value for a in program.activities)
    by_actor = Counter(
        assignment.actor for activity in program.activities for assignment in activity.assignments
    )
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
    return {
        "id": program.id,
        "title": program.title.best(lang)[1],
        "adopted_by": program.resolution(program.adopted_by).symbol,
        "adopted_on": program.adopted_on,
        "counts": counts(program),
        "activities_by_addressee": dict(sorted(by_group.items())),
        "activities_by_actor": dict(sorted(by_actor.items())),
        "actors_by_kind": dict(sorted(by_kind.items())),
        "resolutions_by_role": roles,
        "completeness": completeness,
        "conflicting_declarations": [
            [first.id, second.id] for first, second in program.conflicting_declarations()
        ],
        "member_states": _member_states(program, lang),
        "open_questions": len(open_questions(program)),
    }


def _periods(periods: tuple[Any, ...]) -> list[dict[str, Any]]:
    return [{"status": p.status.value, "start": p.start, "end": p.end} for p in periods]


def _member_states(program: Program, lang: str) -> dict[str, Any]:
    """How many member states, and the states whose membership or participation changed."""
    from oas_program.model.actor import ActorKind

    states = [a for a in program.actors if a.kind is ActorKind.MEMBER_STATE]
    open_now = [s for s in states if any(m.end is None for m in s.memberships)]
    changed = [
        {
            "actor": s.id,
            "name": s.name.best(lang)[1],
            "memberships": _periods(s.memberships),
            "participation": _periods(s.participation),
        }
        for s in states
        if s.participation or any(m.start or m.end for m in s.memberships)
    ]
    return {"count": len(states), "open_membership": len(open_now), "changes": changed}


def _span(period: dict[str, Any]) -> str:
    if period["start"] and period["end"]:
        return f" {period['start']} to {period['end']}"
    if period["start"]:
        return f" since {period['start']}"
    return f" until {period['end']}" if period["end"] else ""


_PARTICIPATION = {
    "participating": "government participating",
    "excluded": "government excluded from participation",
    "not-participating": "government not participating",
}


def _member_lines(data: dict[str, Any]) -> list[str]:
    count, open_now = data["count"], data["open_membership"]
    lines = [f"Member states: {count} ({open_now} with an open membership period)"]
    for state in data["changes"]:
        parts = [f"{m['status']}{_span(m)}" for m in state["memberships"]]
        parts += [f"{_PARTICIPATION[p['status']]}{_span(p)}" for p in state["participation"]]
        lines.append(f"  {state['name']} ({state['actor']}): {'; '.join(parts)}")
    return lines


def _text(data: dict[str, Any]) -> list[str]:
    from oas_program.model.activity import ADDRESSEE_LABELS, Addressee

    lines = [data["title"], f"Adopted by {data['adopted_by']} on {data['adopted_on']}", ""]
    lines.append("Counts: " + ", ".join(f"{v} {k}" for k, v in data["counts"].items()))
    lines.append("Activities by addressee group:")
    lines += [f"  {group:<16} {n}" for group, n in data["activities_by_addressee"].items()]
    lines.append("Activities by assigned actor:")
    lines += [f"  {actor:<16} {n}" for actor, n in data["activities_by_actor"].items()]
    lines.append("Resolutions by role:")
    for role, symbols in data["resolutions_by_role"].items():
        lines.append(f"  {role:<16} {len(symbols)}: {', '.join(symbols)}")
    lines.append("Completeness (declared vs recorded):")
    for item in data["completeness"]:
        groups = " + ".join(ADDRESSEE_LABELS[Addressee(a)] for a in item["addressees"])
        declared = _QUANTIFIER_WORDS[item["quantifier"]] + str(item["declared"])
        line = f"  {groups}: {item['recorded']} of {declared} activities recorded"
        if item["missing"] is not None:
            line += f" ({item['missing']} not recorded)"
        lines.append(line + f"  [sources: {', '.join(item['sources'])}]")
    for first, second in data["conflicting_declarations"]:
        lines.append(f"  conflict: '{first}' and '{second}' state different counts")
    lines += _member_lines(data["member_states"])
    lines.append(f"Open questions recorded (uncertain or unknown notes): {data['open_questions']}")
    return lines


@click.command("show")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@lang_option("Language of the names, texts and words shown.")
@click.argument("input", required=False, type=click.Path(allow_dash=True))
@click.pass_obj
def command(state: State, as_json: bool, lang: str, input: str | None) -> None:
    """Show INPUT (default: the embedded program) at a glance."""
    data = overview(read_program(state, input), lang)
    if as_json:
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        click.echo("\n".join(_text(data)))
