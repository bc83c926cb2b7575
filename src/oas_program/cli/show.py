"""`oas-program show`: the program at a glance, every figure computed from the data."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import click

from oas_program.cli._common import lang_option, read_program

if TYPE_CHECKING:
    from oas_program.cli import State
    from oas_program.model.program import Program

# The fixed words of `show`, in English: context -> text; the catalogs translate them
# (oas_program/locale). Ids and codes (actor ids, addressee groups, roles) stay as they are.
SHOW_MESSAGES = {
    "show:adopted": "Adopted by {symbol} on {date}",
    "show:counts": "Counts: {counts}",
    "show:count:objectives": "objectives",
    "show:count:activities": "activities",
    "show:count:actors": "actors",
    "show:count:resolutions": "resolutions",
    "show:count:documents": "documents",
    "show:count:meetings": "meetings",
    "show:count:sources": "sources",
    "show:by_addressee": "Activities by addressee group:",
    "show:by_actor": "Activities by assigned actor:",
    "show:by_role": "Resolutions by role:",
    "show:completeness": "Completeness (declared vs recorded):",
    "show:recorded": "{groups}: {recorded} of {declared} activities recorded",
    "show:not_recorded": " ({missing} not recorded)",
    "show:sources": "  [sources: {sources}]",
    "show:conflict": "  conflict: '{first}' and '{second}' state different counts",
    "show:members": "Member states: {count} ({open_now} with an open membership period)",
    "show:span": " {start} to {end}",
    "show:since": " since {start}",
    "show:until": " until {end}",
    "show:participating": "government participating",
    "show:excluded": "government excluded from participation",
    "show:not-participating": "government not participating",
    "show:open": "Open questions recorded (uncertain or unknown notes): {count}",
    "show:languages": "Texts per language (of {total}): {counts}",
}


def _words(lang: str) -> Any:
    """`w(key, **values)`: the fixed words of `show` in *lang*."""
    from oas_program.i18n import translate

    def w(key: str, **values: object) -> str:
        text = translate(lang, f"show:{key}", SHOW_MESSAGES[f"show:{key}"])
        return text.format(**values) if values else text

    return w


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
        "texts_by_language": _texts_by_language(program),
    }


def _texts_by_language(program: Program) -> dict[str, int]:
    """How many of the program's texts exist in each official language (and in all)."""
    from oas_program.model.text import LANGUAGES, Text
    from oas_program.services.validation.walk import fields

    texts = [value for _, _, _, value in fields(program) if isinstance(value, Text)]
    return {"total": len(texts)} | {
        lang: sum(text.get(lang) is not None for text in texts) for lang in LANGUAGES
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


def _span(period: dict[str, Any], w: Any) -> str:
    if period["start"] and period["end"]:
        return str(w("span", start=period["start"], end=period["end"]))
    if period["start"]:
        return str(w("since", start=period["start"]))
    return str(w("until", end=period["end"])) if period["end"] else ""


def _member_lines(data: dict[str, Any], w: Any, words: Any) -> list[str]:
    count, open_now = data["count"], data["open_membership"]
    lines = [w("members", count=count, open_now=open_now)]
    for state in data["changes"]:
        parts = [
            f"{words.code('membership', m['status'])}{_span(m, w)}" for m in state["memberships"]
        ]
        parts += [f"{w(p['status'])}{_span(p, w)}" for p in state["participation"]]
        lines.append(f"  {state['name']} ({state['actor']}): {'; '.join(parts)}")
    return lines


def _text(data: dict[str, Any], lang: str = "en") -> list[str]:
    from oas_program.services.reports.render import labels

    w, words = _words(lang), labels(lang)
    lines = [data["title"], w("adopted", symbol=data["adopted_by"], date=data["adopted_on"]), ""]
    counts = ", ".join(f"{v} {w('count:' + k)}" for k, v in data["counts"].items())
    lines.append(w("counts", counts=counts))
    lines.append(w("by_addressee"))
    lines += [f"  {group:<16} {n}" for group, n in data["activities_by_addressee"].items()]
    lines.append(w("by_actor"))
    lines += [f"  {actor:<16} {n}" for actor, n in data["activities_by_actor"].items()]
    lines.append(w("by_role"))
    for role, symbols in data["resolutions_by_role"].items():
        lines.append(f"  {role:<16} {len(symbols)}: {', '.join(symbols)}")
    lines.append(w("completeness"))
    for item in data["completeness"]:
        groups = " + ".join(words.code("addressee", a) for a in item["addressees"])
        declared = words.code("quantifier", item["quantifier"], n=item["declared"])
        line = "  " + w("recorded", groups=groups, recorded=item["recorded"], declared=declared)
        if item["missing"] is not None:
            line += w("not_recorded", missing=item["missing"])
        lines.append(line + w("sources", sources=", ".join(item["sources"])))
    for first, second in data["conflicting_declarations"]:
        lines.append(w("conflict", first=first, second=second))
    lines += _member_lines(data["member_states"], w, words)
    by_language = dict(data["texts_by_language"])
    total = by_language.pop("total")
    counts = ", ".join(f"{lang} {n}" for lang, n in by_language.items())
    lines.append(w("languages", total=total, counts=counts))
    lines.append(w("open", count=data["open_questions"]))
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
        click.echo("\n".join(_text(data, lang)))
