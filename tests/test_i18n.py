"""The interface's message catalogs: complete, compiled, and used by every export.

The catalogs are gettext `.po` files maintained with Babel (tools/i18n.py); the package ships
the compiled `.mo` files. These tests read the `.po` files with Babel, independently of the
stdlib gettext the package reads the `.mo` files with.
"""

from __future__ import annotations

import html
import importlib.util
import json
import re
import string
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from click.testing import CliRunner

from oas_program.cli import cli
from oas_program.cli.messages import interface_messages
from oas_program.i18n import INTERFACE_LANGUAGES, catalog, default_language, translate

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "src" / "oas_program" / "locale"
EMBEDDED = ROOT / "src" / "oas_program" / "data" / "program.json"
TRANSLATED = [lang for lang in INTERFACE_LANGUAGES if lang != "en"]


def _po(lang: str):  # type: ignore[no-untyped-def]
    with (LOCALE / lang / "LC_MESSAGES" / "oas_program.po").open("rb") as handle:
        return read_po(handle, locale=lang)


def _fields(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_catalog_translates_every_string_the_code_uses(lang: str) -> None:
    po = _po(lang)
    missing, fuzzy, fields = [], [], []
    for context, english in interface_messages().items():
        message = po.get(english, context=context)
        if message is None or not message.string:
            missing.append(context)
        elif message.fuzzy:
            fuzzy.append(context)
        elif _fields(message.string) != _fields(english):
            fields.append(context)
    assert not missing, f"{lang}: no translation for {missing}; run tools/i18n.py (README)"
    assert not fuzzy, f"{lang}: fuzzy translations to review: {fuzzy}"
    assert not fields, f"{lang}: placeholders differ from the English in {fields}"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_the_shipped_mo_is_compiled_from_the_po(lang: str) -> None:
    po = _po(lang)
    shipped = catalog(lang)
    stale = [
        message.context
        for message in po
        if message.id and shipped.pgettext(message.context or "", message.id) != message.string
    ]
    assert not stale, f"{lang}: the .mo is older than the .po for {stale}; run pybabel compile"


def test_the_template_lists_what_the_code_uses() -> None:
    spec = importlib.util.spec_from_file_location("i18n_tool", ROOT / "tools" / "i18n.py")
    assert spec is not None and spec.loader is not None
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    with (LOCALE / "oas_program.pot").open("rb") as handle:
        committed = {(m.context, m.id) for m in read_po(handle) if m.id}
    assert committed == {(m.context, m.id) for m in tool.template() if m.id}, (
        "run `python tools/i18n.py extract` and `pybabel update` (README)"
    )


def test_english_needs_no_catalog() -> None:
    for context, english in interface_messages().items():
        assert translate("en", context, english) == english


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "de_DE.UTF-8"}, "en"),
        ({"LANG": "pt_BR.UTF-8"}, "pt"),
        ({"LANG": "es_MX.UTF-8", "LC_MESSAGES": "fr_HT.UTF-8"}, "fr"),
        ({"LANG": "fr_CA", "LC_ALL": "C"}, "en"),
        ({"LANGUAGE": "de:es", "LANG": "fr_FR"}, "es"),
        ({"LANGUAGE": "de", "LANG": "pt_PT"}, "pt"),
    ],
)
def test_the_default_language_comes_from_the_environment(
    environ: dict[str, str], expected: str
) -> None:
    assert default_language(environ) == expected


# ---- every export in every language --------------------------------------------------------


class _Text(HTMLParser):
    """The text of one language's version of the HTML report (`div.v-LANG`)."""

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang, self.depth, self.parts = lang, 0, []  # type: ignore[var-annotated]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if self.depth:
            self.depth += tag == "div"
        elif tag == "div" and f"v-{self.lang}" in classes:
            self.depth = 1

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag == "div":
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.parts.append(data)


def _data_strings() -> list[str]:
    """Every string of the embedded program that is not French, Portuguese or Spanish text:
    English texts, notes (English working notes), titles, ids. Removed from a render before
    it is searched, so only the interface is left."""
    found: list[str] = []

    def walk(value: object, key: str = "") -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                if k not in ("es", "fr", "pt"):
                    walk(v, k)
        elif isinstance(value, list):
            for v in value:
                walk(v, key)
        elif isinstance(value, str) and len(value) > 2:
            found.append(value)

    walk(json.loads((ROOT / "src" / "oas_program" / "data" / "program.json").read_bytes()))
    return sorted(set(found), key=len, reverse=True)


DATA = _data_strings()


def _english_interface(lang: str) -> list[str]:
    """The English interface strings that read differently in *lang* (a word or more)."""
    chunks = []
    for context, english in interface_messages().items():
        translated = translate(lang, context, english)
        for literal, *_ in string.Formatter().parse(english):
            literal = literal.strip(" .:;")
            if literal in translated:
                continue  # "Total", "Documents", "[sources": the same in both languages
            if len(literal) >= 4 and re.search(r"[A-Za-z]{3}", literal):
                chunks.append(literal)
    return chunks


def _untranslated(text: str, lang: str) -> list[str]:
    for value in DATA:
        text = text.replace(value, " ")
    text = re.sub(r"`[^`\n]*`", " ", text)  # commands and codes (`oas-program actors`) stay English
    return [
        chunk
        for chunk in _english_interface(lang)
        if re.search(rf"(?<![\w-]){re.escape(chunk)}(?![\w-])", text)
    ]


def _export(fmt: str, lang: str) -> str:
    result = CliRunner().invoke(cli, ["export", "--format", fmt, "--lang", lang])
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("lang", TRANSLATED)
def test_the_markdown_report_has_no_english_interface_string(lang: str) -> None:
    text = _export("markdown", lang)
    text = re.sub(r"\\([\\`*_\[\]|#~<>&{}()+.!-])", r"\1", text)  # Markdown escapes
    assert _untranslated(text, lang) == []


@pytest.mark.parametrize("lang", TRANSLATED)
def test_the_html_report_has_no_english_interface_string(lang: str) -> None:
    parser = _Text(lang)
    parser.feed(_export("html", lang))
    text = html.unescape(" ".join(parser.parts))
    assert text.strip(), f"no version for {lang}"
    assert _untranslated(text, lang) == []


def test_the_check_finds_an_english_string() -> None:
    # The French version of the HTML holds English only where the data does; the English
    # version, searched as if it were French, is all interface English.
    parser = _Text("en")
    parser.feed(_export("html", "fr"))
    found = _untranslated(html.unescape(" ".join(parser.parts)), "fr")
    assert "What the sources leave open" in found


@pytest.mark.parametrize(("actor", "lang"), [("hti", "fr"), ("bra", "pt"), ("mex", "es")])
def test_the_json_form_has_its_instructions_in_the_language(actor: str, lang: str) -> None:
    result = CliRunner().invoke(cli, ["form", "--actor", actor, "--lang", lang, "-f", "json"])
    assert result.exit_code == 0, result.stderr
    form = json.loads(result.stdout)
    instructions = json.dumps(form, ensure_ascii=False)
    assert actor in instructions
    assert "For every activity you worked on" not in instructions
    expected = {"fr": "Formulaire de rapport", "pt": "Formulário de relatório"}.get(
        lang, "Formulario de informe"
    )
    assert expected in instructions


@pytest.mark.parametrize("lang", TRANSLATED)
@pytest.mark.parametrize(
    "options",
    [
        ["--by", "addressee"],  # the embedded program: no report, every actor listed
        ["examples/tracking-illustrative.json", "--since", "2024"],  # a declared calendar
    ],
)
def test_progress_has_no_english_interface_string(lang: str, options: list[str]) -> None:
    from oas_program.services.tracking.progress import STATUSES

    root = Path(__file__).resolve().parents[1]
    options = [str(root / o) if o.endswith(".json") else o for o in options]
    arguments = ["progress", "--as-of", "2027-03-31", *options]
    english = CliRunner().invoke(cli, arguments).stdout
    result = CliRunner().invoke(cli, [*arguments, "--lang", lang])
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    for code in (*STATUSES, "(all pairs)"):  # the statuses' columns and the totals' id are codes
        text = text.replace(code, " ")
    assert _untranslated(text, lang) == []
    assert result.stdout.splitlines()[0] != english.splitlines()[0]
    # The figures are the same in every language: only the words change.
    assert re.findall(r"\d+", result.stdout) == re.findall(r"\d+", english)


@pytest.mark.parametrize("lang", TRANSLATED)
def test_diff_has_no_english_interface_string(lang: str) -> None:
    first_edition = str(Path(__file__).resolve().parent / "fixtures" / "program-first-edition.json")
    arguments = ["diff", first_edition, "@embedded"]
    english = CliRunner().invoke(cli, arguments).stdout.splitlines()
    result = CliRunner().invoke(cli, [*arguments, "--lang", lang])
    assert result.exit_code == 0, result.stderr
    translated = result.stdout.splitlines()
    # What a line says after its words is data: collections and ids (`actors/cim`), paths
    # (`summary/fr`, `date`), values and codes. Only the words are checked.
    words = [
        re.sub(r"\S*/\S*", " ", line.split(": ")[0] if line.startswith("~") else line)
        for line in translated
    ]
    words = [re.sub(r"\(.*\)", " ", line) for line in words]
    assert _untranslated("\n".join(words), lang) == []
    # One line per change, the same changes: only the words differ.
    assert len(translated) == len(english) and translated != english
    changes, english_changes = translated[:-1], english[:-1]
    assert [line.split()[:2] for line in changes] == [line.split()[:2] for line in english_changes]
    json_report = ["diff", first_edition, "@embedded", "--json"]
    assert (
        CliRunner().invoke(cli, [*json_report, "--lang", lang]).stdout
        == CliRunner().invoke(cli, json_report).stdout
    )  # the JSON report is data: its description stays English
    same = CliRunner().invoke(cli, ["diff", "@embedded", "@embedded", "--lang", lang]).stdout
    assert same.strip() != "no differences"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_actors_has_no_english_interface_string(lang: str) -> None:
    result = CliRunner().invoke(cli, ["actors", "--lang", lang])
    assert result.exit_code == 0, result.stderr
    assert _untranslated(result.stdout, lang) == []
    header, kinds = result.stdout.splitlines()[0], {"es": "TIPO", "fr": "TYPE", "pt": "TIPO"}
    assert header.split()[2] == kinds[lang]


def test_every_actor_kind_has_a_word_in_every_language() -> None:
    from oas_program.model.actor import ActorKind
    from oas_program.services.reports.actors import kind_label

    for lang in ("en", *TRANSLATED):
        words = [kind_label(kind, lang) for kind in ActorKind]
        assert len(set(words)) == len(ActorKind), (lang, words)
        assert not [w for w, k in zip(words, ActorKind, strict=True) if w == k.value], lang


@pytest.mark.parametrize("lang", TRANSLATED)
def test_show_has_no_english_interface_string(lang: str) -> None:
    result = CliRunner().invoke(cli, ["show", "--lang", lang])
    assert result.exit_code == 0, result.stderr
    assert _untranslated(result.stdout, lang) == []


def test_show_takes_its_language_from_the_environment() -> None:
    result = CliRunner().invoke(cli, ["show"], env={"LANG": "pt_BR.UTF-8"})
    assert result.exit_code == 0, result.stderr
    assert "Questões em aberto registradas" in result.stdout
    english = CliRunner().invoke(cli, ["show", "--lang", "en"], env={"LANG": "pt_BR.UTF-8"})
    assert "Open questions recorded" in english.stdout


def test_show_counts_the_texts_in_each_language() -> None:
    data = json.loads(CliRunner().invoke(cli, ["show", "--json"]).stdout)["texts_by_language"]
    # Counted again from the file: every object with a `status` is a text.
    raw = json.loads(EMBEDDED.read_text(encoding="utf-8"))
    texts = list(_texts_in(raw))
    expected = {"total": len(texts)} | {
        lang: sum(lang in text for text in texts) for lang in ("en", "es", "fr", "pt")
    }
    assert data == expected
    # Every text has English; the rest lack only the official names whose form is unknown.
    assert data["en"] == data["total"] > data["es"] > data["fr"] > 0
    counts = ", ".join(f"{lang} {data[lang]}" for lang in ("en", "es", "fr", "pt"))
    text = CliRunner().invoke(cli, ["show", "--lang", "pt"]).stdout
    assert f"Textos por idioma (de {data['total']}): {counts}" in text


def _texts_in(value: object) -> Iterator[dict[str, object]]:
    if isinstance(value, dict):
        if "status" in value and any(lang in value for lang in ("en", "es", "fr", "pt")):
            yield value
        for item in value.values():
            yield from _texts_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from _texts_in(item)


def test_show_marks_the_official_names_it_shows_in_another_language() -> None:
    from oas_program import default_program

    program = default_program()
    text = CliRunner().invoke(cli, ["show", "--lang", "pt"]).stdout.splitlines()
    # The program's title has no known Portuguese form: shown in English, marked.
    assert program.title.pt is None and text[0] == f"(en) {program.title.en}"
    marked = [line.strip() for line in text if line.strip().startswith("(en) ")]
    # Every actor name marked lacks Portuguese; every one with Portuguese is unmarked.
    for actor in program.actors:
        name = actor.name.pt or actor.name.en
        if any(line.startswith(f"(en) {name}") for line in marked):
            assert actor.name.pt is None
        elif actor.name.pt is not None:
            assert not any(line.startswith(f"(en) {actor.name.pt}") for line in marked)
    assert len(marked) > 1
    english = CliRunner().invoke(cli, ["show", "--lang", "en"]).stdout
    assert "(en) " not in english
