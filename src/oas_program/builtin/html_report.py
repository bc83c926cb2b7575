"""Built-in plugin: the program as one self-contained, printable, accessible HTML page.

Safety rests on a tiny autoescaping builder instead of string templates: `el()` escapes
every child that is a plain `str` and every attribute value (always double-quoted); only
`Html` values, which this module builds itself, pass through unescaped. Links are written
only for http, https and mailto URLs (`safe_text.safe_url`); any other URL is shown as text.
A Content-Security-Policy in the page allows nothing but its own stylesheet (by hash), so
even a mistake here could not load or run anything.

The page holds one version of the report per language (the requested one first, then every
language the data has texts in). Radio buttons switch between them with CSS alone (`:has()`);
where `:has()` is not supported the switch is hidden and the requested language is shown.
No script, no network: it reads the same from a file, a mail attachment or a printout.
"""

from __future__ import annotations

import base64
import hashlib
import html
from typing import IO, TYPE_CHECKING

from oas_program.model.actor import Actor
from oas_program.model.source import Source
from oas_program.plugins.descriptors import Exporter, ExportOptions
from oas_program.plugins.hookspecs import hookimpl
from oas_program.services.reports import facts as report
from oas_program.services.reports.outline import outline
from oas_program.services.reports.progress_view import ProgressView, percent, progress_view
from oas_program.services.reports.render import (
    LANGUAGE_NAMES,
    Labels,
    Localized,
    actor_name,
    adopted,
    check_lang,
    labels,
    localize,
    subject_name,
    working,
)
from oas_program.services.reports.safe_text import clean, host, safe_url
from oas_program.services.tracking.progress import STATUSES

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

    from oas_program.model.activity import Activity
    from oas_program.model.program import Program
    from oas_program.model.text import Text
    from oas_program.services.tracking.progress import Group

MEDIA_TYPE = "text/html"

# ---- the autoescaping builder ------------------------------------------------------------------


class Html(str):
    """Markup built by this module: inserted as is. Any other `str` is escaped."""

    __slots__ = ()


_VOID = frozenset({"meta", "input", "br"})
# Containers of blocks: their children go on lines of their own, for readable source and diffs.
_BLOCKS = frozenset(
    {"html", "head", "body", "header", "main", "footer", "section", "div", "nav", "ul"}
    | {"table", "thead", "tbody", "tr", "fieldset", "svg"}
)


def escape(value: str) -> Html:
    """*value* as HTML text (an `Html` value is already markup and is kept)."""
    if isinstance(value, Html):
        return value
    return Html(html.escape(clean(value), quote=True))


def el(tag: str, *children: str, **attributes: str | bool | None) -> Html:
    """An element. Attribute names come from code (`class_` → `class`, `aria_label` →
    `aria-label`); values are escaped and double-quoted; None and False leave them out."""
    parts = [f"<{tag}"]
    for name, value in attributes.items():
        if value is None or value is False:
            continue
        name = name.rstrip("_").replace("_", "-")
        text = "" if value is True else value
        parts.append(f' {name}="{html.escape(clean(text), quote=True)}"')
    parts.append(">")
    if tag in _VOID:
        return Html("".join(parts))
    if tag in _BLOCKS:
        parts.append("\n")
        parts.extend(escape(child) + "\n" for child in children if child)
    else:
        parts.extend(escape(child) for child in children)
    parts.append(f"</{tag}>")
    return Html("".join(parts))


def join(parts: Iterable[str], separator: str = "") -> Html:
    return Html(escape(separator).join(escape(part) for part in parts))


def link(content: str, url: str | None) -> Html:
    """*content* linked to *url* when it is safe; otherwise the content and the URL as text."""
    safe = safe_url(url)
    if safe is not None:
        return el("a", content, href=safe)
    if url:
        return join([content, " (", el("bdi", url, class_="url"), ")"])
    return escape(content)


# ---- the page ----------------------------------------------------------------------------------

CSS = """\
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #fff; color: #1b1b1b;
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; }
header, main, footer { max-width: 72rem; margin: 0 auto; padding: 0 1.25rem; }
header { padding-top: 1rem; border-bottom: 2px solid #1b1b1b; }
footer { margin-top: 3rem; padding-bottom: 2rem; border-top: 1px solid #8a8f98;
  font-size: .9rem; color: #333; }
h1 { font-size: 1.8rem; line-height: 1.25; margin: .5rem 0; }
h2 { font-size: 1.4rem; margin-top: 2.5rem; border-bottom: 1px solid #8a8f98; }
h3 { font-size: 1.1rem; margin-top: 1.75rem; }
a { color: #0b4f9c; }
a:visited { color: #5a2d91; }
:focus-visible { outline: 3px solid #b35c00; outline-offset: 2px; }
.skip { position: absolute; left: -999rem; top: 0; background: #fff; padding: .5rem 1rem; }
.skip:focus { left: 1rem; z-index: 1; }
.kicker { margin: 0; font-size: .9rem; text-transform: uppercase; letter-spacing: .05em;
  color: #333; }
.about { border-left: 4px solid #0b4f9c; background: #f3f6fa; padding: .75rem 1rem; }
.about p { margin: .25rem 0; }
.langs { border: 1px solid #8a8f98; padding: .25rem .75rem; margin: 0 0 .5rem; float: right; }
.langs legend { padding: 0 .25rem; font-size: .9rem; }
.langs label { margin-right: .75rem; }
nav.toc ul { columns: 2 16rem; padding-left: 1.25rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1.5rem; }
table.compact { width: auto; min-width: 20rem; }
caption { text-align: start; font-weight: 600; padding: .25rem 0; }
.sr-only { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0;
  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
th, td { border: 1px solid #8a8f98; padding: .35rem .5rem; text-align: start;
  vertical-align: top; }
thead th { background: #e8ecf1; }
tbody th { font-weight: 600; background: #f7f8fa; }
td.num { text-align: end; font-variant-numeric: tabular-nums; }
.mark { display: inline-block; font-size: .75rem; line-height: 1.2; padding: 0 .3rem;
  border: 1px solid currentColor; border-radius: .2rem; white-space: nowrap; }
.summary-mark { color: #5c4300; background: #fff6d6; }
.lang-mark { color: #0b3d66; background: #e6f1fb; }
.certainty-unknown { color: #8a1c1c; background: #fdeaea; }
.certainty-uncertain { color: #6b4100; background: #fff1de; }
.certainty-confirmed { color: #1d5c2b; background: #e8f5eb; }
.empty { font-style: italic; color: #333; }
.url { word-break: break-all; }
.date { white-space: nowrap; }
/* position: relative keeps what is positioned inside (the heat map's hidden labels) in the
   box, so it scrolls with the table instead of widening the page. */
.scroll { overflow-x: auto; margin: .5rem 0 1.5rem; position: relative; max-width: 100%; }
.scroll table { margin: 0; }
table.heat { width: auto; font-size: .85rem; }
.heat th, .heat td { padding: .2rem .3rem; }
.heat tbody th { position: sticky; left: 0; z-index: 1; min-width: 9rem; max-width: 15rem; }
.heat thead th { vertical-align: bottom; }
.heat .vert { display: inline-block; writing-mode: vertical-rl; transform: rotate(180deg);
  white-space: nowrap; }
.heat td { text-align: center; min-width: 2.1rem; vertical-align: middle; }
.st { font-weight: 600; color: #1b1b1b; }
.st-not-started { background: #f9d3c4; }
.st-planned { background: #fbe7a6; }
.st-in-progress { background: #cfe2f7; }
.st-completed { background: #c8ebd1; }
.st-discontinued { background: #e2d6f0; }
.st-no-information { background: #e8e1d4; }
.st-no-report { background: #e4e6ea; }
.st-not-applicable { background: #fff; font-weight: 400; }
ul.legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .35rem 1.25rem; }
.legend .key { display: inline-block; min-width: 2.1rem; text-align: center;
  border: 1px solid #8a8f98; margin-right: .35rem; }
svg.chart { display: block; max-width: 100%; height: auto; margin: .5rem 0; }
.chart-box svg.chart { min-width: 36rem; }
.chart text { font-size: 14px; fill: #1b1b1b; }
.chart .label { text-anchor: end; }
.chart .axis { fill: #1b1b1b; }
.bar-not-started { fill: #b23c17; }
.bar-planned { fill: #8a6100; }
.bar-in-progress { fill: #1f5fa8; }
.bar-completed { fill: #1d6b34; }
.bar-discontinued { fill: #5b3f8c; }
.bar-no-information { fill: #6b5b45; }
.bar-no-report { fill: #5f6670; }
.bar-not-applicable { fill: #7d838c; }
.v { display: none; }
.v.v-default { display: block; }
.langs { display: none; }
@supports selector(body:has(input:checked)) {
  .langs { display: block; }
  .v.v-default { display: none; }
/* switch */
}
@media (max-width: 40rem) {
  header, main, footer { padding: 0 .75rem; }
  header { padding-top: .5rem; }
  h1 { font-size: 1.2rem; }
  h2 { font-size: 1.15rem; margin-top: 2rem; }
  .langs { float: none; margin-bottom: .25rem; }
  nav.toc ul { columns: auto; display: flex; flex-wrap: wrap; gap: .1rem 1rem;
    list-style: none; padding: 0; margin: .25rem 0 .5rem; font-size: .9rem; }
  th, td { padding: .25rem .35rem; }
  table.compact { min-width: 0; }
}
@page { margin: 18mm 15mm; }
@media print {
  .skip, .langs, nav.toc { display: none !important; }
  body { font-size: 10pt; color: #000; }
  header, main, footer { max-width: none; padding: 0; }
  a { color: #000; }
  a[href^="http"]::after, a[href^="mailto"]::after { content: " <" attr(href) ">";
    font-size: 85%; word-break: break-all; }
  thead { display: table-header-group; }
  tr, li { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  .scroll { overflow: visible; }
  .chart-box svg.chart { min-width: 0; }
  .heat tbody th { position: static; min-width: 0; max-width: 9rem; }
  /* Small enough for some 30 activities across a portrait page. */
  table.heat { font-size: 7pt; }
  .heat td { min-width: 0; }
  .heat th, .heat td { padding: .1rem .15rem; }
  /* The status colours carry meaning next to the labels: print them, not just the text. */
  .st, .legend .key, svg.chart { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
"""


def _css(langs: Sequence[str]) -> str:
    """The stylesheet, trimmed: the W3C checker hashes the style element's trimmed text for
    the Content-Security-Policy, browsers hash it as it is; with no whitespace at either end
    both agree."""
    rules = ",\n".join(f"  body:has(#pick-{lang}:checked) .v-{lang}" for lang in langs)
    return CSS.replace("/* switch */", rules + " { display: block; }").strip()


def _csp(css: str) -> str:
    digest = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode("ascii")
    # Nothing but this exact stylesheet: no script, no image, no font, no fetch, no form.
    return f"default-src 'none'; style-src 'sha256-{digest}'; base-uri 'none'; form-action 'none'"


class _Version:
    """The report in one language: a `div` per page region."""

    def __init__(
        self, program: Program, lang: str, *, default: bool, view: ProgressView | None
    ) -> None:
        self.program = program
        self.lang = lang
        self.words: Labels = labels(lang)
        self.default = default
        """True for the requested language: shown where the switch does not work."""
        self.view = view
        """The progress figures, the same in every language (`progress_view`)."""

    # ---- pieces ----------------------------------------------------------------------------

    def id(self, *parts: str) -> str:
        # Every version of the page has its own ids: the language code comes first.
        return "-".join((self.lang, *(part.replace("_", "-") for part in parts)))

    def href(self, *parts: str) -> str:
        return "#" + self.id(*parts)

    def text(self, loc: Localized) -> Html:
        """A data text: isolated for bidi, its language marked, fallback and summary shown."""
        own_lang = loc.lang if loc.lang != self.words.lang else None
        body = el("bdi", loc.value, lang=own_lang)
        if loc.fallback:
            body = join([el("span", loc.lang, class_="mark lang-mark"), " ", body])
        if loc.summary:
            body = join(
                [body, " ", el("span", self.words("summary_mark"), class_="mark summary-mark")]
            )
        return body

    def loc(self, text: Text) -> Html:
        return self.text(localize(text, self.lang))

    def ours(self, text: Text) -> Html:
        return self.text(working(text, self.lang))

    def actor(self, actor_id: str, *, short: bool = False) -> Html:
        actor = report.lookup(self.program, actor_id, Actor)
        if actor is None:
            return el("bdi", actor_id)
        if short and actor.acronym is not None:
            return self.loc(actor.acronym)
        return self.text(actor_name(actor, self.lang))

    def sources(self, ids: Sequence[str]) -> Html:
        items = []
        for source_id in ids:
            source = report.lookup(self.program, source_id, Source)
            if source is None:
                items.append(el("bdi", source_id))
            elif safe_url(source.url) is not None:
                items.append(link(self.ours(source.title), source.url))
            else:
                items.append(el("a", self.ours(source.title), href=self.href("source", source.id)))
        return join(items, "; ") if items else escape(self.words("none"))

    def activity_name(self, activity: Activity, *, anchor: bool = True) -> Html:
        name = self.ours(activity.label)
        if anchor:
            name = el("a", name, href=self.href("activity", activity.id))
        if activity.added is not None and activity.added.date is not None:
            name = join([name, " (", self.words("added", date=activity.added.date), ")"])
        return name

    def table(
        self,
        caption: str,
        header: Sequence[str],
        rows: Iterable[Sequence[str]],
        *,
        row_ids: Sequence[str | None] | None = None,
        numeric: Sequence[int] = (),
        compact: bool = False,
        show_caption: bool = False,
    ) -> Html:
        """A table: caption, column headers, and the first cell of each row as its header.

        The caption is for screen readers only unless *show_caption*: mostly it repeats the
        heading just above the table."""
        head = el("thead", el("tr", *(el("th", h, scope="col") for h in header)))
        body = []
        for index, row in enumerate(rows):
            cells = [el("th", row[0], scope="row")]
            cells += [
                el("td", cell, class_="num" if i in numeric else None)
                for i, cell in enumerate(row[1:], start=1)
            ]
            row_id = row_ids[index] if row_ids is not None else None
            body.append(el("tr", *cells, id=row_id))
        table = el(
            "table",
            el("caption", caption, class_=None if show_caption else "sr-only"),
            head,
            el("tbody", *body),
            class_="compact" if compact else None,
        )
        # A table wider than a phone scrolls inside its own box, not the page; keyboard
        # users reach the box with Tab.
        return el("div", table, class_="scroll", role="region", tabindex="0", aria_label=caption)

    def section(self, key: str, title: str, *content: str) -> Html:
        return el("section", el("h2", title, id=self.id(key)), *content)

    # ---- regions ---------------------------------------------------------------------------

    def header(self) -> Html:
        program, w = self.program, self.words
        toc = el(
            "nav",
            el(
                "ul",
                *(el("li", el("a", w(key), href=self.href(key))) for key in self.section_keys()),
            ),
            class_="toc",
            aria_label=w("contents"),
        )
        return self.div(
            el("p", w("report"), class_="kicker"),
            el("h1", self.loc(program.title)),
            el("p", adopted(program, w)),
            toc,
        )

    def div(self, *content: str) -> Html:
        classes = f"v v-{self.lang} v-default" if self.default else f"v v-{self.lang}"
        return el("div", *content, class_=classes, lang=self.words.lang)

    def section_keys(self) -> tuple[str, ...]:
        return outline(self.program)

    def render_section(self, key: str) -> Html:
        """The section *key* of the outline."""
        sections: dict[str, Callable[[], Html]] = {
            "overview": self.overview,
            "open": lambda: self.notes(True),
            "other_notes": lambda: self.notes(False),
            "objectives": self.objectives,
            "by_addressee": self.by_addressee,
            "by_actor": self.by_actor,
            "timeline": self.timeline,
            "completeness": self.completeness,
            "progress": self.progress,
            "members": self.members,
            "sources": self.source_list,
        }
        return sections[key]()

    def main(self) -> Html:
        w = self.words
        about = [w("about_summary"), w("about_fallback")]
        if w.fallback_note:
            about.append(w.fallback_note)
        notice = el(
            "div",
            el("p", el("strong", w("about"))),
            *(el("p", a) for a in about),
            class_="about",
            role="note",
        )
        return self.div(
            notice,
            *(self.render_section(key) for key in self.section_keys()),
        )

    def footer(self) -> Html:
        return self.div(el("p", self.words("about_generated", version=self.program.format_version)))

    # ---- sections --------------------------------------------------------------------------

    def overview(self) -> Html:
        program, w = self.program, self.words
        rows = [(w("n_" + key), str(value)) for key, value in report.counts(program).items()]
        rows.append((w("n_open"), str(len(report.open_questions(program)))))
        summary = el("p", self.loc(program.summary)) if program.summary is not None else ""
        return self.section(
            "overview",
            w("overview"),
            summary,
            self.table(
                w("figures"),
                (w("figure"), w("count")),
                rows,
                numeric=(1,),
                compact=True,
                show_caption=True,
            ),
        )

    def note_item(self, ref: report.NoteRef) -> Html:
        w = self.words
        certainty = ref.note.certainty.value
        about = (
            escape(w("program"))
            if ref.subject is None
            else self.text(subject_name(ref.subject, self.lang))
        )
        parts: list[str] = [
            el("span", w.code("certainty", certainty), class_=f"mark certainty-{certainty}"),
            " ",
            self.ours(ref.note.text),
            " (",
            w("concerning"),
            ": ",
            about,
        ]
        if ref.note.sources:
            parts += ["; ", w("sources"), ": ", self.sources(ref.note.sources)]
        parts.append(")")
        return el("li", *parts)

    def notes(self, open_: bool) -> Html:
        w = self.words
        refs = [r for r in report.notes(self.program) if r.open == open_]
        items = el("ul", *(self.note_item(r) for r in refs)) if refs else None
        if open_:
            empty = el("p", w("none_open"), class_="empty")
            return self.section("open", w("open"), el("p", w("open_intro")), items or empty)
        return self.section(
            "other_notes", w("other_notes"), items or el("p", w("none"), class_="empty")
        )

    def objectives(self) -> Html:
        w = self.words
        parts = []
        for objective, serving in report.objectives(self.program):
            kind = w(f"objective_{objective.kind.value}")
            number = str(objective.number) if objective.number else f"({w('number_unknown')})"
            body = [
                el("h3", f"{kind} {number} — ", el("bdi", objective.id)),
                el("p", self.loc(objective.summary)),
            ]
            if objective.text is not None:
                body.append(
                    el("p", el("strong", w("official_text"), ": "), self.loc(objective.text))
                )
            if objective.parent is not None:
                body.append(
                    el(
                        "p",
                        el("strong", w("refines"), ": "),
                        el(
                            "a",
                            el("bdi", objective.parent),
                            href=self.href("objective", objective.parent),
                        ),
                    )
                )
            body.append(el("p", el("strong", w("serving"), ":")))
            if serving:
                body.append(
                    el(
                        "ul",
                        *(
                            el("li", self.activity_name(a), ": ", self.loc(a.summary))
                            for a in serving
                        ),
                    )
                )
            else:
                body.append(el("p", w("no_serving"), class_="empty"))
            parts.append(el("section", *body, id=self.id("objective", objective.id)))
        return self.section("objectives", w("objectives"), *parts)

    def assigned(self, activity: Activity) -> Html:
        w = self.words
        if not activity.assignments:
            return escape(w("nobody"))
        parts = []
        for assignment in activity.assignments:
            name = self.actor(assignment.actor, short=True)
            if assignment.role.value != "responsible":
                name = join([name, f" ({w.code('assignment', assignment.role.value)})"])
            parts.append(name)
        return join(parts, "; ")

    def served(self, activity: Activity) -> Html:
        if not activity.objectives:
            return el("span", self.words("none_linked"), class_="empty")
        return join(
            (el("a", el("bdi", o), href=self.href("objective", o)) for o in activity.objectives),
            "; ",
        )

    def by_addressee(self) -> Html:
        w = self.words
        parts = []
        for group, activities in report.by_addressee(self.program):
            title = f"{w.code('addressee', group.value)} ({len(activities)})"
            parts.append(el("h3", title))
            if not activities:
                parts.append(el("p", w("no_activities"), class_="empty"))
                continue
            parts.append(
                self.table(
                    title,
                    (w("activity"), w("summary"), w("assigned"), w("serves")),
                    (
                        (
                            self.activity_name(a, anchor=False),
                            self.loc(a.summary),
                            self.assigned(a),
                            self.served(a),
                        )
                        for a in activities
                    ),
                    row_ids=[self.id("activity", a.id) for a in activities],
                )
            )
        return self.section("by_addressee", w("by_addressee"), *parts)

    def by_actor(self) -> Html:
        w = self.words
        parts = []
        for entry in report.by_actor(self.program):
            title = join([self.actor(entry.actor_id), f" ({len(entry.items)})"])
            parts.append(el("h3", title))
            parts.append(
                self.table(
                    title,
                    (w("activity"), w("role"), w("summary")),
                    (
                        (
                            self.activity_name(activity),
                            w.code("assignment", role.value),
                            self.loc(activity.summary),
                        )
                        for activity, role in entry.items
                    ),
                )
            )
        unassigned = report.unassigned(self.program)
        if unassigned:
            heading = f"{w('whole_group')} ({len(unassigned)})"
            parts.append(el("h3", heading))
            parts.append(
                self.table(
                    heading,
                    (w("activity"), w("groups"), w("summary")),
                    (
                        (
                            self.activity_name(a),
                            w.code("addressee", a.addressee.value),
                            self.loc(a.summary),
                        )
                        for a in unassigned
                    ),
                )
            )
        return self.section("by_actor", w("by_actor"), *parts)

    def timeline(self) -> Html:
        w = self.words
        rows = []
        for r in report.timeline(self.program):
            title = (
                self.loc(r.title)
                if r.title is not None
                else el("span", w("no_title"), class_="empty")
            )
            date = (
                el("bdi", r.date, class_="date")
                if r.date
                else el("span", w("undated"), class_="empty")
            )
            rows.append(
                (
                    date,
                    link(el("bdi", r.symbol), r.url),
                    w.code("resolution", r.role.value),
                    title,
                    self.loc(r.summary) if r.summary is not None else "",
                )
            )
        header = tuple(w(k) for k in ("date", "symbol", "role", "title", "summary"))
        return self.section("timeline", w("timeline"), self.table(w("timeline"), header, rows))

    def completeness(self) -> Html:
        w = self.words
        rows = []
        for item in self.program.completeness():
            d = item.declaration
            missing = (
                str(item.missing)
                if item.missing is not None
                else el("span", w("not_exact"), class_="empty")
            )
            rows.append(
                (
                    "; ".join(w.code("addressee", a.value) for a in d.addressees),
                    w.code("quantifier", d.quantifier.value, n=d.count),
                    str(item.recorded),
                    missing,
                    self.loc(d.statement),
                    self.sources(d.sources),
                )
            )
        header = tuple(
            w(k) for k in ("groups", "declared", "recorded", "missing", "statement", "sources")
        )
        conflicts = self.program.conflicting_declarations()
        if conflicts:
            items = [
                el(
                    "li",
                    join(
                        (
                            join(
                                [
                                    w.code("quantifier", d.quantifier.value, n=d.count),
                                    " (",
                                    el("bdi", d.id),
                                    ")",
                                ]
                            )
                            for d in pair
                        ),
                        w("and"),
                    ),
                )
                for pair in conflicts
            ]
            conflict = join([el("p", w("conflict")), el("ul", *items)])
        else:
            conflict = el("p", w("no_conflicts"))
        return self.section(
            "completeness",
            w("completeness"),
            el("p", w("completeness_intro")),
            self.table(w("completeness"), header, rows, numeric=(2, 3)),
            el("h3", w("conflicts")),
            conflict,
        )

    # ---- progress --------------------------------------------------------------------------

    def progress(self) -> Html:
        w = self.words
        view = self.view
        if view is None:
            return self.section("progress", w("progress"), el("p", w("no_reports"), class_="empty"))
        intro = w("progress_intro", reports=view.observations, pairs=view.totals.total)
        return self.section(
            "progress",
            w("progress"),
            el("p", intro),
            el("h3", w("heat_map")),
            self.legend(),
            self.heat_map(view),
            el("h3", w("by_status")),
            # Below its natural width the chart scrolls rather than shrinking its labels.
            el("div", self.status_chart(view.totals), class_="scroll chart-box"),
            self.status_table(view.totals),
        )

    def legend(self) -> Html:
        w = self.words
        items = (
            el(
                "li",
                el("span", w.code("status_short", s), class_=f"key st st-{s}", aria_hidden="true"),
                w.code("status", s),
            )
            for s in STATUSES
        )
        return el("ul", *items, class_="legend", aria_label=w("key"))

    def status_mark(self, status: str) -> Html:
        """A heat-map cell: two letters for the eye (the colour only repeats them), the word
        for a screen reader, which would otherwise spell out the letters."""
        w = self.words
        return join(
            [
                el("span", w.code("status_short", status), aria_hidden="true"),
                el("span", w.code("status", status), class_="sr-only"),
            ]
        )

    def heat_map(self, view: ProgressView) -> Html:
        w = self.words
        activities = {a.id: a for a in reversed(self.program.activities)}
        head = [el("th", w("actor"), scope="col")]
        for activity_id in view.activities:
            activity = activities.get(activity_id)
            name = (
                el("a", self.ours(activity.label), href=self.href("activity", activity_id))
                if activity is not None
                else el("bdi", activity_id)
            )
            head.append(el("th", el("span", name, class_="vert"), scope="col", class_="act"))
        # A cell says its status only: made once per status, not for each of the cells.
        marks: dict[str | None, Html] = {
            status: el("td", self.status_mark(status), class_=f"st st-{status}")
            for status in STATUSES
        }
        marks[None] = el("td")
        columns, status_of = view.activities, view.status
        rows = []
        for actor_id in view.actors:
            cells = [el("th", self.actor(actor_id, short=True), scope="row")]
            cells += [marks[status_of(actor_id, activity_id)] for activity_id in columns]
            rows.append(el("tr", *cells))
        table = el(
            "table",
            el("caption", w("heat_caption")),
            el("thead", el("tr", *head)),
            el("tbody", *rows),
            class_="heat",
        )
        # A wide map scrolls inside its own box; keyboard users reach it with Tab.
        return el(
            "div", table, class_="scroll", role="region", tabindex="0", aria_label=w("heat_map")
        )

    def status_chart(self, totals: Group) -> Html:
        """One horizontal bar per status, to scale; the counts are written next to the bars,
        and the table after the chart repeats them for readers without SVG."""
        w = self.words
        counts = [(status, totals.counts[status]) for status in STATUSES]
        most = max(count for _, count in counts) or 1
        height = 2 * _CHART_PAD + _CHART_ROW * len(counts)
        title_id = self.id("progress", "chart", "title")
        desc_id = self.id("progress", "chart", "desc")
        figures = "; ".join(f"{w.code('status', s)}: {count}" for s, count in counts)
        parts = [
            el("title", w("by_status"), id=title_id),
            el("desc", w("chart_desc", figures=figures), id=desc_id),
        ]
        for row, (status, count) in enumerate(counts):
            top = _CHART_PAD + row * _CHART_ROW
            baseline = str(top + _CHART_ROW // 2 + 5)
            length = count / most * _CHART_BAR
            parts.append(
                el(
                    "text",
                    w.code("status", status),
                    x=str(_CHART_LABEL - 8),
                    y=baseline,
                    class_="label",
                )
            )
            if count:
                parts.append(
                    el(
                        "rect",
                        x=str(_CHART_LABEL),
                        y=str(top + 4),
                        width=f"{length:.1f}",
                        height=str(_CHART_ROW - 8),
                        class_=f"bar-{status}",
                    )
                )
            parts.append(
                el(
                    "text",
                    str(count),
                    x=f"{_CHART_LABEL + length + 6:.1f}",
                    y=baseline,
                    class_="count",
                )
            )
        return el(
            "svg",
            *parts,
            # Lower case on purpose: the HTML parser maps `viewbox` to SVG's `viewBox`.
            viewbox=f"0 0 {_CHART_WIDTH} {height}",
            width=str(_CHART_WIDTH),
            height=str(height),
            role="img",
            aria_labelledby=f"{title_id} {desc_id}",
            class_="chart",
        )

    def status_table(self, totals: Group) -> Html:
        w = self.words
        rows = []
        for status in STATUSES:
            share = totals.shares.get(status)  # not-applicable pairs have no share
            rows.append(
                (w.code("status", status), str(totals.counts[status]), percent(share, w) or "—")
            )
        rows.append((w("total"), str(totals.total), ""))
        return self.table(
            w("by_status"),
            (w("status"), w("pairs"), w("share")),
            rows,
            numeric=(1, 2),
            compact=True,
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
            parts.append(text)
        return "; ".join(parts)

    def members(self) -> Html:
        w = self.words
        states = report.members(self.program)
        rows = [
            (
                self.loc(s.name),
                el("bdi", s.iso3 or ""),
                self.membership(s),
                self.membership(s, "participation"),
            )
            for s in states
        ]
        header = (w("state"), w("iso"), w("membership"), w("participation"))
        table = self.table(w("members"), header, rows)
        return self.section("members", w("members"), table)

    def source_list(self) -> Html:
        w = self.words
        sources = self.program.sources
        rows = [
            (
                el("bdi", s.id),
                link(self.ours(s.title), s.url),
                w.code("source", s.kind.value),
                el("bdi", s.symbol or ""),
                el("bdi", s.date or "", class_="date"),
                link(host(s.copy_url), s.copy_url) if s.copy_url else "",
            )
            for s in sources
        ]
        header = tuple(w(k) for k in ("id", "title", "kind", "symbol", "date", "copy"))
        table = self.table(
            w("sources"), header, rows, row_ids=[self.id("source", s.id) for s in sources]
        )
        return self.section("sources", w("sources"), el("p", w("sources_note")), table)


# The status chart's geometry, in SVG user units (it scales down with the page).
_CHART_WIDTH = 640
_CHART_LABEL = 210  # labels end here and bars start here
_CHART_BAR = 370  # the longest bar: room is left after it for its count
_CHART_ROW = 28
_CHART_PAD = 4


def page_languages(program: Program, lang: str) -> tuple[str, ...]:
    """The versions a page holds: the requested language, then every language of the data."""
    return (lang, *(other for other in report.languages(program) if other != lang))


def render(program: Program, lang: str = "en") -> str:
    """The program as one self-contained HTML page, opening in *lang*."""
    check_lang(lang)
    langs = page_languages(program, lang)
    view = progress_view(program)  # computed once for the page's versions
    versions = [_Version(program, code, default=code == lang, view=view) for code in langs]
    first = versions[0]
    w = first.words
    css = _css(langs)
    switch = el(
        "fieldset",
        el("legend", " · ".join(dict.fromkeys(labels(code)("language") for code in langs))),
        *(
            join(
                [
                    el(
                        "input",
                        type="radio",
                        name="lang",
                        id=f"pick-{code}",
                        value=code,
                        checked=code == lang,
                    ),
                    el("label", LANGUAGE_NAMES[code], for_=f"pick-{code}", lang=code),
                ]
            )
            for code in langs
        ),
        class_="langs",
    )
    title = localize(program.title, lang).value
    head = el(
        "head",
        el("meta", charset="utf-8"),
        el("meta", http_equiv="Content-Security-Policy", content=_csp(css)),
        el("meta", name="viewport", content="width=device-width, initial-scale=1"),
        el("title", f"{title} — {w('report')}"),
        el("style", Html(css)),
    )
    body = el(
        "body",
        el("a", w("skip"), href="#main", class_="skip"),
        el("header", switch, *(v.header() for v in versions)),
        el("main", *(v.main() for v in versions), id="main", tabindex="-1"),
        el("footer", *(v.footer() for v in versions)),
    )
    return "<!DOCTYPE html>\n" + el("html", head, body, lang=w.lang) + "\n"


def _write(program: Program, stream: IO[bytes], options: ExportOptions) -> None:
    stream.write(render(program, options.lang).encode("utf-8"))


@hookimpl
def oas_program_exporters() -> list[Exporter]:
    return [
        Exporter(
            name="html",
            media_type=MEDIA_TYPE,
            suffix=".html",
            write=_write,
            description="Self-contained report page (no script, no network), every language",
        )
    ]
