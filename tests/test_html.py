"""The HTML report: structure, content, languages, determinism, hostile strings (EX3, UN4)."""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings

from oas_program import default_program
from oas_program.builtin.html_report import Html, el, escape, page_languages, render
from oas_program.cli import cli
from oas_program.model import Program
from oas_program.model.text import LANGUAGES
from oas_program.model.values import date_bounds
from oas_program.services.reports import facts
from tests.hostile import (
    ARABIC,
    ATTRIBUTE,
    CELL,
    FORMULA,
    IMG,
    JS_URL,
    MD_LINK,
    QUOTE_URL,
    RLO,
    SCRIPT,
    hostile_program,
)
from tests.strategies import programs
from tests.test_report_texts import every_text

# Everything the report may contain. Data must never add to these.
TAGS = {
    "html", "head", "meta", "title", "style", "body", "a", "header", "fieldset", "legend",
    "input", "label", "div", "p", "h1", "h2", "h3", "nav", "ul", "li", "main", "section",
    "table", "caption", "thead", "tbody", "tr", "th", "td", "span", "bdi", "strong", "footer",
    # The progress section's bar chart (inline SVG: shapes and text, nothing that loads).
    "svg", "desc", "rect", "text",
}  # fmt: skip
ATTRIBUTES = {
    "lang", "class", "id", "href", "type", "name", "value", "checked", "for", "scope",
    "charset", "content", "http-equiv", "tabindex", "aria-label", "role",
    # The progress section: SVG geometry (html.parser lowercases viewBox), chart and
    # heat-map accessibility.
    "viewbox", "width", "height", "x", "y", "aria-labelledby", "aria-hidden",
}  # fmt: skip


class Page(HTMLParser):
    """What `html.parser` sees: elements with their attributes, and the text."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.style: list[str] = []
        self._in_style = False
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        (self.style if self._in_style else self.text).append(data)

    def tags(self) -> set[str]:
        return {tag for tag, _ in self.elements}

    def attribute_names(self) -> set[str]:
        return {name for _, attrs in self.elements for name in attrs}

    def hrefs(self) -> list[str]:
        return [str(attrs["href"]) for tag, attrs in self.elements if "href" in attrs]

    def find(self, tag: str, **wanted: str) -> list[dict[str, str | None]]:
        return [
            attrs
            for t, attrs in self.elements
            if t == tag
            and all(attrs.get(k.rstrip("_").replace("_", "-")) == v for k, v in wanted.items())
        ]

    def all_text(self) -> str:
        return "".join(self.text)


def assert_safe(text: str) -> Page:
    """The page parses to known elements and attributes only, with safe links."""
    page = Page(text)
    assert page.tags() <= TAGS, page.tags() - TAGS
    assert page.attribute_names() <= ATTRIBUTES, page.attribute_names() - ATTRIBUTES
    assert not any(name.startswith("on") for name in page.attribute_names())
    for href in page.hrefs():
        assert re.match(r"(#|https?://|mailto:)", href), href
    # Every start tag in the source has only double-quoted attributes.
    for tag in re.findall(r"<[a-zA-Z][^>]*>", text):
        assert re.fullmatch(r'<[a-z0-9]+( [a-z-]+="[^"<>]*")*>', tag), tag
    return page


@pytest.fixture(scope="module")
def english() -> str:
    return render(default_program(), "en")


@pytest.fixture(scope="module")
def page(english: str) -> Page:
    return assert_safe(english)


# ---- structure -------------------------------------------------------------------------------


def test_self_contained_with_landmarks(english: str, page: Page) -> None:
    assert english.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert {"header", "nav", "main", "footer"} <= page.tags()
    assert "script" not in page.tags() and "link" not in page.tags() and "img" not in page.tags()
    # No resource from anywhere: no src attribute, no url() or @import in the stylesheet.
    assert "src" not in page.attribute_names()
    assert "url(" not in "".join(page.style) and "@import" not in "".join(page.style)
    assert page.find("a", href="#main", class_="skip")
    assert page.find("main", id="main", tabindex="-1")


def test_content_security_policy_allows_only_the_stylesheet(page: Page) -> None:
    (meta,) = page.find("meta", http_equiv="Content-Security-Policy")
    css = "".join(page.style)
    digest = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode()
    assert meta["content"] == (
        f"default-src 'none'; style-src 'sha256-{digest}'; base-uri 'none'; form-action 'none'"
    )


def test_tables_have_captions_and_header_scopes(page: Page) -> None:
    assert len(page.find("table")) == len(page.find("caption")) > 10
    scopes = {attrs.get("scope") for tag, attrs in page.elements if tag == "th"}
    assert scopes == {"col", "row"}


def test_print_stylesheet_and_contrast(page: Page) -> None:
    css = "".join(page.style)
    assert "@media print" in css
    assert "body { margin: 0; background: #fff; color: #1b1b1b;" in css


def test_one_version_per_language_with_a_switch(page: Page) -> None:
    radios = page.find("input", type="radio", name="lang")
    assert [r["value"] for r in radios] == ["en", "es", "fr", "pt"]
    assert [r.get("checked") for r in radios] == ["", None, None, None]
    assert page.find("label", for_="pick-es", lang="es")
    # Every region has one div per language; the requested one is shown without :has().
    assert len(page.find("div", class_="v v-en v-default", lang="en")) == 3
    assert len(page.find("div", class_="v v-es", lang="es")) == 3


@settings(max_examples=60)
@given(programs)
def test_the_versions_are_the_languages_of_the_data(program: Program) -> None:
    # The walk for the languages stops once it has found all four: the same answer.
    found = {lang for text in every_text(program) for lang in text.languages}
    expected = tuple(lang for lang in LANGUAGES if lang in found)
    assert facts.languages(program) == expected
    assert page_languages(program, "pt") == ("pt", *(lang for lang in expected if lang != "pt"))


# ---- content ---------------------------------------------------------------------------------


def test_figures_from_the_data(english: str) -> None:
    assert (
        '<td class="num">23</td>\n<td class="num">10</td>' in english and "<td>33</td>" in english
    )
    assert "<td>almost 70</td>" in english and "<td>more than 100</td>" in english
    assert "<p>Adopted by AG/RES. 2141 (XXXV-O/05) on 2005-06-07.</p>" in english


def test_open_questions_and_summary_marks(english: str, page: Page) -> None:
    text = page.all_text()
    assert "What the sources leave open" in text
    assert "unknown The texts of 10 of the 33 activities" in text
    summaries = english.count('<span class="mark summary-mark">summary</span>')
    assert summaries >= len(default_program().activities) * 2  # by group and by actor


def test_objective_and_activity_links(page: Page) -> None:
    assert page.find("section", id="en-objective-general-1")
    assert page.find("tr", id="en-activity-iachr-1")
    # Activities in the actor tables link to their row; no objective is linked in the data.
    assert {"href": "#en-activity-iachr-1"} in page.find("a", href="#en-activity-iachr-1")
    assert "none linked in the sources" in page.all_text()
    assert page.all_text().count("No activity is linked to this objective in the sources.") == 6


def test_timeline_in_date_order(english: str) -> None:
    section = english.split('id="en-timeline"')[1].split("</section>")[0]
    dates = re.findall(r'<tr>\n<th scope="row"><bdi class="date">([0-9-]+)</bdi></th>', section)
    assert len(dates) == len(default_program().resolutions)
    # By date, a date known to the year or month counting as its last day (2005 after
    # 2005-06-07), then by number.
    last_days = [date_bounds(d)[1] for d in dates]
    assert last_days == sorted(last_days)
    assert section.index("AG/RES. 2224") < section.index("AG/RES. 2248")


def test_source_links(page: Page) -> None:
    hrefs = page.hrefs()
    assert "http://www.oas.org/dil/migrant_workers_inter_american_program.htm" in hrefs
    assert all(h.startswith(("#en-", "#es-", "#fr-", "#pt-", "#main", "http")) for h in hrefs)


# ---- languages -------------------------------------------------------------------------------


def test_spanish_opens_first_and_marks_fallbacks() -> None:
    text = render(default_program(), "es")
    page = assert_safe(text)
    assert text.startswith('<!DOCTYPE html>\n<html lang="es">')
    radios = page.find("input", type="radio", name="lang")
    assert [(r["value"], r.get("checked")) for r in radios] == [
        ("es", ""),
        ("en", None),
        ("fr", None),
        ("pt", None),
    ]
    assert page.find("div", class_="v v-es v-default", lang="es")
    assert '<h2 id="es-overview">Panorama</h2>' in text
    # Activity labels are ours, in Spanish too: no mark. An official name whose Spanish form
    # is not known is shown in English, tagged and marked.
    assert "<bdi>CIDH 1</bdi>" in text
    assert '<span class="mark lang-mark">en</span> <bdi lang="en">IACHR 1</bdi>' not in text
    assert (
        '<span class="mark lang-mark">en</span> <bdi lang="en">Migration and Development '
        "Program (MiDE)</bdi>"
    ) in text
    assert '<span class="mark summary-mark">resumen</span>' in text


def test_french_version_is_french_and_opens_first() -> None:
    text = render(default_program(), "fr")
    page = assert_safe(text)
    radios = page.find("input", type="radio", name="lang")
    assert [r["value"] for r in radios] == ["fr", "en", "es", "pt"]
    assert page.find("div", class_="v v-fr v-default", lang="fr")
    assert "not yet translated" not in page.all_text()
    assert '<h2 id="fr-overview">Vue d&#x27;ensemble</h2>' in text
    # The official title has no French form in the data: shown in English, marked.
    assert '<span class="mark lang-mark">en</span>' in text
    assert page.find("label", for_="pick-fr", lang="fr")


# ---- determinism and the command -------------------------------------------------------------


def test_deterministic(tmp_path: Path) -> None:
    assert render(default_program(), "en") == render(default_program(), "en")
    outputs = []
    for name in ("a.html", "b.html"):
        target = tmp_path / name
        result = CliRunner().invoke(cli, ["export", "--format", "html", "-o", str(target)])
        assert result.exit_code == 0, result.stderr
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1] == render(default_program(), "en").encode("utf-8")


def test_cli_export_to_stdout() -> None:
    result = CliRunner().invoke(cli, ["export", "--format", "html", "--lang", "es"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("<!DOCTYPE html>")


# ---- hostile strings (contract EX3, UN4) -----------------------------------------------------


def test_builder_escapes_everything_not_built_here() -> None:
    assert el("p", SCRIPT) == "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"
    assert el("a", "x", href=ATTRIBUTE) == ('<a href="&quot; onmouseover=alert(1) x=&quot;">x</a>')
    assert el("input", checked=True, disabled=False) == '<input checked="">'
    assert escape(Html("<b>")) == "<b>"


@pytest.fixture(scope="module")
def hostile() -> str:
    return render(hostile_program(), "en")


def test_hostile_strings_add_no_element_or_attribute(hostile: str, page: Page) -> None:
    bad = assert_safe(hostile)
    assert bad.tags() <= page.tags()
    assert bad.attribute_names() <= page.attribute_names()
    assert len(bad.find("script")) == 0 and len(bad.find("img")) == 0


def test_hostile_strings_are_shown_as_text(hostile: str) -> None:
    text = Page(hostile).all_text()
    for value in (SCRIPT + ATTRIBUTE, IMG, MD_LINK, FORMULA, ARABIC):
        assert value in text
    assert CELL in text
    assert f"<h1><bdi>{escape(SCRIPT + ATTRIBUTE)}</bdi></h1>" in hostile


def test_hostile_urls(hostile: str) -> None:
    page = Page(hostile)
    hrefs = page.hrefs()
    assert not any("script:" in h.lower() for h in hrefs)
    # The javascript: URLs are shown as text, after what they belong to.
    assert f'(<bdi class="url">{JS_URL}</bdi>)' in hostile
    assert '(<bdi class="url">java\tscript:alert(1)</bdi>)' in hostile
    # An http(s) URL with quotes stays inside its (double-quoted, escaped) attribute.
    assert QUOTE_URL in hrefs
    assert 'href="https://example.org/&quot;onmouseover=&quot;alert(1)"' in hostile


def test_hostile_rtl_isolated_and_override_stripped(hostile: str) -> None:
    assert f"<h3><bdi>{ARABIC} x</bdi> (4)</h3>" in hostile
    assert RLO not in hostile
    spanish = render(hostile_program(), "es")
    assert f"<h1><bdi>{ARABIC}</bdi></h1>" in spanish


@settings(max_examples=30)
@given(programs)
def test_any_program_renders_safely(program: Program) -> None:
    assert_safe(render(program, "pt"))
