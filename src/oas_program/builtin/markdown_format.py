"""Built-in plugin: the program as a readable Markdown document, in one chosen language.

Safety of the output rests on one rule: every string that comes from the data goes through
`md()` (or `md_start()` at the start of a line) and every link through `link()`. `md()`
escapes what Markdown renderers treat as markup (`\\ ` * _ [ ] | # ~`) with a backslash and
writes `& < >` as character references, which every Markdown flavour and every HTML sanitiser
reads back as the plain character; line breaks become spaces, so a value can neither end a
table row nor start a heading, list or quote. Links are written only for http, https and
mailto URLs, percent-encoded so that no `(`, `)`, `|` or space can end them early; any other
URL is shown as escaped text.
"""

from __future__ import annotations

import re
from typing import IO, TYPE_CHECKING
from urllib.parse import quote

from oas_program.model.actor import Actor
from oas_program.model.source import Source
from oas_program.plugins.descriptors import Exporter, ExportOptions
from oas_program.plugins.hookspecs import hookimpl
from oas_program.services.reports import facts as report
from oas_program.services.reports.outline import outline
from oas_program.services.reports.progress_view import percent, progress_view
from oas_program.services.reports.render import (
    Labels,
    Localized,
    actor_name,
    adopted,
    labels,
    localize,
    subject_name,
    working,
)
from oas_program.services.reports.safe_text import clean, host, one_line, safe_url
from oas_program.services.tracking.progress import STATUSES

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

    from oas_program.model.activity import Activity
    from oas_program.model.program import Program
    from oas_program.model.text import Text
    from oas_program.services.tracking.progress import Group

MEDIA_TYPE = "text/markdown"

_SPECIAL = re.compile(r"([\\`*_\[\]|#~])")
# At the start of a line these begin a list item, an ordered list item or a setext underline.
_BLOCK_START = re.compile(r"^([-+=]|[0-9]{1,9}(?=[.)]))")


def md(value: str) -> str:
    """Data text as inline Markdown: shown exactly as written, never as markup."""
    value = one_line(clean(value))
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _SPECIAL.sub(r"\\\1", value)


def md_start(value: str) -> str:
    """Data text at the start of a line: `md()`, plus no leading list or underline marker."""
    text = md(value).strip()
    match = _BLOCK_START.match(text)
    if match is None:
        return text
    if match.group(1)[0].isdigit():  # "1." would start an ordered list: escape the dot
        end = match.end()
        return text[:end] + "\\" + text[end:]
    return "\\" + text


def link(text: str, url: str | None) -> str:
    """*text* (already Markdown) linked to *url* if the URL is safe; else text and URL as text."""
    safe = safe_url(url)
    if safe is not None:
        return f"[{text}]({quote(safe, safe=_URL_SAFE)})"
    if url:
        return f"{text} ({md(url)})"
    return text


# RFC 3986 reserved and unreserved characters, and `%` (keep existing escapes); everything
# else, `(`, `)`, `|`, `<`, `>`, `\` and spaces included, is percent-encoded.
_URL_SAFE = ":/?#[]@!$&'*+,;=%-._~"


class _Writer:
    def __init__(self, program: Program, lang: str) -> None:
        self.program = program
        self.lang = lang
        self.words: Labels = labels(lang)
        self.lines: list[str] = []

    # ---- pieces ----------------------------------------------------------------------------

    def text(self, loc: Localized, *, start: bool = False) -> str:
        """A localized text with its marks: `*(en)*` for a fallback, `*(summary)*`."""
        body = md_start(loc.value) if start else md(loc.value)
        if loc.fallback:
            body = f"*({loc.lang})* {body}"
        if loc.summary:
            body += f" *({self.words('summary_mark')})*"
        return body

    def loc(self, text: Text, *, start: bool = False) -> str:
        return self.text(localize(text, self.lang), start=start)

    def ours(self, text: Text, *, start: bool = False) -> str:
        return self.text(working(text, self.lang), start=start)

    def actor(self, actor_id: str, *, short: bool = False) -> str:
        actor = report.lookup(self.program, actor_id, Actor)
        if actor is None:
            return md(actor_id)
        if short and actor.acronym is not None:
            return self.loc(actor.acronym)
        return self.text(actor_name(actor, self.lang))

    def sources(self, ids: Sequence[str]) -> str:
        items = []
        for source_id in ids:
            source = report.lookup(self.program, source_id, Source)
            if source is None:
                items.append(md(source_id))
            else:
                items.append(link(self.ours(source.title), source.url))
        return "; ".join(items) if items else self.words("none")

    def activity_name(self, activity: Activity) -> str:
        name = self.ours(activity.label)
        if activity.added is not None and activity.added.date is not None:
            name += f" ({md(self.words('added', date=activity.added.date))})"
        return name

    # ---- blocks ----------------------------------------------------------------------------

    def add(self, *lines: str) -> None:
        self.lines.extend(lines)

    def heading(self, level: int, text: str) -> None:
        self.add("#" * level + " " + text, "")

    def paragraph(self, text: str) -> None:
        self.add(text, "")

    def table(self, header: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
        self.add("| " + " | ".join(header) + " |", "|" + "---|" * len(header))
        for row in rows:
            # An empty cell is written as a space so that the row keeps its shape everywhere.
            self.add("| " + " | ".join(cell or " " for cell in row) + " |")
        self.add("")

    # ---- sections --------------------------------------------------------------------------

    def write(self) -> str:
        program, w = self.program, self.words
        self.heading(1, self.loc(program.title))
        self.paragraph(md(adopted(program, w)))
        about = [w("about_summary"), w("about_fallback")]
        if w.fallback_note:
            about.append(w.fallback_note)
        about.append(w("about_generated", version=program.format_version))
        self.paragraph(f"> **{md(w('about'))}.** " + " ".join(md(a) for a in about))
        sections: dict[str, Callable[[], None]] = {
            "overview": self.overview,
            "open": self.open_notes,
            "other_notes": self.other_notes,
            "objectives": self.objectives,
            "by_addressee": self.by_addressee,
            "by_actor": self.by_actor,
            "timeline": self.timeline,
            "completeness": self.completeness,
            "progress": self.progress,
            "members": self.members,
            "sources": self.source_list,
        }
        for key in outline(program):
            sections[key]()
        while self.lines and not self.lines[-1]:
            self.lines.pop()
        return "\n".join(self.lines) + "\n"

    def overview(self) -> None:
        program, w = self.program, self.words
        self.heading(2, md(w("overview")))
        if program.summary is not None:
            self.paragraph(self.loc(program.summary, start=True))
        figures = report.counts(program)
        rows = [(md(w("n_" + key)), str(value)) for key, value in figures.items()]
        rows.append((md(w("n_open")), str(len(report.open_questions(program)))))
        self.table((md(w("figure")), md(w("count"))), rows)

    def note_item(self, ref: report.NoteRef) -> str:
        w = self.words
        if ref.subject is None:
            about = md(w("program"))
        else:
            about = self.text(subject_name(ref.subject, self.lang))
        certainty = md(w.code("certainty", ref.note.certainty.value))
        line = f"- **{certainty}**: {self.ours(ref.note.text)} ({md(w('concerning'))}: {about}"
        if ref.note.sources:
            line += f"; {md(w('sources'))}: {self.sources(ref.note.sources)}"
        return line + ")"

    def open_notes(self) -> None:
        w = self.words
        self.heading(2, md(w("open")))
        self.paragraph(md(w("open_intro")))
        open_refs = [r for r in report.notes(self.program) if r.open]
        if open_refs:
            self.add(*(self.note_item(r) for r in open_refs), "")
        else:
            self.paragraph(md(w("none_open")))

    def other_notes(self) -> None:
        self.heading(2, md(self.words("other_notes")))
        confirmed = [r for r in report.notes(self.program) if not r.open]
        self.add(*(self.note_item(r) for r in confirmed), "")

    def objectives(self) -> None:
        w = self.words
        self.heading(2, md(w("objectives")))
        for objective, serving in report.objectives(self.program):
            kind = w(f"objective_{objective.kind.value}")
            number = str(objective.number) if objective.number else f"({w('number_unknown')})"
            self.heading(3, md(f"{kind} {number} — {objective.id}"))
            self.paragraph(self.loc(objective.summary, start=True))
            if objective.text is not None:
                self.paragraph(f"**{md(w('official_text'))}:** {self.loc(objective.text)}")
            if objective.parent is not None:
                self.paragraph(f"**{md(w('refines'))}:** {md(objective.parent)}")
            if serving:
                self.paragraph(f"**{md(w('serving'))}:**")
                self.add(*(f"- {self.activity_name(a)}: {self.loc(a.summary)}" for a in serving))
                self.add("")
            else:
                self.paragraph(f"**{md(w('serving'))}:** *{md(w('no_serving'))}*")

    def assigned(self, activity: Activity) -> str:
        w = self.words
        if not activity.assignments:
            return md(w("nobody"))
        parts = []
        for assignment in activity.assignments:
            name = self.actor(assignment.actor, short=True)
            if assignment.role.value != "responsible":
                name += f" ({md(w.code('assignment', assignment.role.value))})"
            parts.append(name)
        return "; ".join(parts)

    def by_addressee(self) -> None:
        w = self.words
        self.heading(2, md(w("by_addressee")))
        for group, activities in report.by_addressee(self.program):
            self.heading(3, md(f"{w.code('addressee', group.value)} ({len(activities)})"))
            if not activities:
                self.paragraph(f"*{md(w('no_activities'))}*")
                continue
            self.table(
                (md(w("activity")), md(w("summary")), md(w("assigned"))),
                (
                    (self.activity_name(a), self.loc(a.summary), self.assigned(a))
                    for a in activities
                ),
            )

    def by_actor(self) -> None:
        w = self.words
        self.heading(2, md(w("by_actor")))
        for entry in report.by_actor(self.program):
            self.heading(3, f"{self.actor(entry.actor_id)} ({len(entry.items)})")
            self.table(
                (md(w("activity")), md(w("role")), md(w("summary"))),
                (
                    (
                        self.activity_name(activity),
                        md(w.code("assignment", role.value)),
                        self.loc(activity.summary),
                    )
                    for activity, role in entry.items
                ),
            )
        unassigned = report.unassigned(self.program)
        if unassigned:
            self.heading(3, f"{md(w('whole_group'))} ({len(unassigned)})")
            self.table(
                (md(w("activity")), md(w("groups")), md(w("summary"))),
                (
                    (
                        self.activity_name(a),
                        md(w.code("addressee", a.addressee.value)),
                        self.loc(a.summary),
                    )
                    for a in unassigned
                ),
            )

    def timeline(self) -> None:
        w = self.words
        self.heading(2, md(w("timeline")))
        rows = []
        for resolution in report.timeline(self.program):
            title = (
                self.loc(resolution.title)
                if resolution.title is not None
                else f"*{md(w('no_title'))}*"
            )
            summary = self.loc(resolution.summary) if resolution.summary is not None else ""
            rows.append(
                (
                    md(resolution.date) if resolution.date else f"*{md(w('undated'))}*",
                    link(md(resolution.symbol), resolution.url),
                    md(w.code("resolution", resolution.role.value)),
                    title,
                    summary,
                )
            )
        self.table(tuple(md(w(k)) for k in ("date", "symbol", "role", "title", "summary")), rows)

    def completeness(self) -> None:
        w = self.words
        self.heading(2, md(w("completeness")))
        self.paragraph(md(w("completeness_intro")))
        rows = []
        for item in self.program.completeness():
            d = item.declaration
            groups = "; ".join(w.code("addressee", a.value) for a in d.addressees)
            declared = w.code("quantifier", d.quantifier.value, n=d.count)
            missing = str(item.missing) if item.missing is not None else f"*{md(w('not_exact'))}*"
            rows.append(
                (
                    md(groups),
                    md(declared),
                    str(item.recorded),
                    missing,
                    self.loc(d.statement),
                    self.sources(d.sources),
                )
            )
        header = ("groups", "declared", "recorded", "missing", "statement", "sources")
        self.table(tuple(md(w(k)) for k in header), rows)
        self.heading(3, md(w("conflicts")))
        conflicts = self.program.conflicting_declarations()
        if not conflicts:
            self.paragraph(md(w("no_conflicts")))
            return
        self.paragraph(md(w("conflict")))
        for first, second in conflicts:
            counts = [
                f"{md(w.code('quantifier', d.quantifier.value, n=d.count))} ({md(d.id)})"
                for d in (first, second)
            ]
            self.add(f"- {w('and').join(counts)}")
        self.add("")

    def progress(self) -> None:
        w = self.words
        self.heading(2, md(w("progress")))
        view = progress_view(self.program)
        if view is None:
            self.paragraph(md(w("no_reports")))
            return
        pairs = view.totals.total
        self.paragraph(md(w("progress_intro", reports=view.observations, pairs=pairs)))
        header = (
            *(md(w.code("status", s)) for s in STATUSES),
            md(w("total")),
            md(w("completed_share")),
        )
        activities = {a.id: a for a in reversed(self.program.activities)}
        for key, groups in (("actor", view.by_actor), ("activity", view.by_activity)):
            self.heading(3, md(w(f"progress_by_{key}")))
            rows = []
            for group in groups:
                if key == "actor":
                    name = self.actor(group.key)
                else:
                    activity = activities.get(group.key)
                    name = self.activity_name(activity) if activity else md(group.key)
                rows.append(self.figures(name, group))
            rows.append(self.figures(f"**{md(w('all_pairs'))}**", view.totals))
            self.table((md(w(key)), *header), rows)

    def figures(self, name: str, group: Group) -> tuple[str, ...]:
        """A roll-up row: the group's name, its count per status, total and share completed."""
        share = percent(group.shares["completed"], self.words)
        return (
            name,
            *(str(group.counts[s]) for s in STATUSES),
            str(group.total),
            md(share) if share is not None else "—",
        )

    def membership(self, actor: Actor, field: str = "memberships") -> str:
        """The periods of *field* (`memberships` or `participation`) in words."""
        w = self.words
        kind = "membership" if field == "memberships" else "participation"
        parts = []
        for period in getattr(actor, field):
            text = w.code(kind, period.status.value)
            if period.start:
                text += " " + w("from", date=period.start)
            if period.end:
                text += " " + w("until", date=period.end)
            parts.append(md(text))
        return "; ".join(parts)

    def members(self) -> None:
        w = self.words
        states = report.members(self.program)
        self.heading(2, md(w("members")))
        self.table(
            (md(w("state")), md(w("iso")), md(w("membership")), md(w("participation"))),
            (
                (
                    self.loc(s.name),
                    md(s.iso3 or ""),
                    self.membership(s),
                    self.membership(s, "participation"),
                )
                for s in states
            ),
        )

    def source_list(self) -> None:
        w = self.words
        self.heading(2, md(w("sources")))
        self.paragraph(md(w("sources_note")))
        self.table(
            tuple(md(w(k)) for k in ("id", "title", "kind", "symbol", "date", "copy")),
            (
                (
                    md(s.id),
                    link(self.ours(s.title), s.url),
                    md(w.code("source", s.kind.value)),
                    md(s.symbol or ""),
                    md(s.date or ""),
                    link(md(host(s.copy_url)), s.copy_url) if s.copy_url else "",
                )
                for s in self.program.sources
            ),
        )


def render(program: Program, lang: str = "en") -> str:
    """The program as a Markdown document in *lang* (en, es, fr, pt)."""
    return _Writer(program, lang).write()


def _write(program: Program, stream: IO[bytes], options: ExportOptions) -> None:
    stream.write(render(program, options.lang).encode("utf-8"))


@hookimpl
def oas_program_exporters() -> list[Exporter]:
    return [
        Exporter(
            name="markdown",
            media_type=MEDIA_TYPE,
            suffix=".md",
            write=_write,
            description="Readable report in one language (--lang), summaries marked",
        )
    ]
