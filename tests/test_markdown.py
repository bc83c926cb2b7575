"""The Markdown report: content from the data, languages, determinism, hostile strings (EX4)."""

from __future__ import annotations

import re
import sys
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from oas_program import default_program
from oas_program.builtin.markdown_format import md, md_start, render
from oas_program.cli import cli
from oas_program.i18n import INTERFACE_LANGUAGES, translate
from oas_program.model import Program
from oas_program.model.values import date_bounds
from oas_program.services.reports.catalog import REPORT_MESSAGES
from oas_program.services.reports.safe_text import clean, strip_unpaired_bidi
from tests.hostile import ARABIC, JS_URL, RLO, hostile_program
from tests.strategies import programs


def tables(text: str) -> list[list[str]]:
    """Every table: its consecutive lines that start with `|`."""
    found: list[list[str]] = []
    previous = False
    for line in text.splitlines():
        row = line.startswith("|")
        if row and not previous:
            found.append([])
        if row:
            found[-1].append(line)
        previous = row
    return found


def cells(row: str) -> int:
    """Number of cells in a row: pipes not escaped by a backslash, minus one."""
    pipes = 0
    backslashes = 0
    for char in row:
        if char == "|" and backslashes % 2 == 0:
            pipes += 1
        backslashes = backslashes + 1 if char == "\\" else 0
    return pipes - 1


def assert_tables_keep_shape(text: str) -> None:
    for table in tables(text):
        widths = {cells(row) for row in table}
        assert len(widths) == 1, table
        assert table[1] == "|" + "---|" * widths.pop()


def link_targets(text: str) -> list[str]:
    """Destinations of inline links (`](...)` not escaped)."""
    return re.findall(r"(?<!\\)\]\(([^)\s]*)\)", text)


@pytest.fixture(scope="module")
def english() -> str:
    return render(default_program(), "en")


# ---- content ---------------------------------------------------------------------------------


def test_title_adoption_and_notice(english: str) -> None:
    lines = english.splitlines()
    assert lines[0].startswith("# Inter-American Program for the Promotion and Protection")
    assert "Adopted by AG/RES. 2141 (XXXV-O/05) on 2005-06-07." in lines
    assert "are our summaries of the sources, not official OAS wording" in english
    assert english.endswith("|\n") and "\n\n\n" not in english


def test_completeness_figures_come_from_the_data(english: str) -> None:
    # 33 declared for the General Secretariat, 23 recorded, 10 not recorded.
    gs = next(line for line in english.splitlines() if line.startswith("| General Secretariat"))
    assert "| 33 | 23 | 10 |" in gs
    assert "[DIL: Inter-American Program on migrants (program page)](http://www.oas.org/" in gs
    assert "| almost 70 | 3 | *not exact* |" in english
    assert "| more than 100 | 3 | *not exact* |" in english
    assert "- almost 70 (other-activities-almost-70) and more than 100" in english


def test_open_questions_are_shown(english: str) -> None:
    section = english.split("## What the sources leave open")[1].split("\n## ")[0]
    program = default_program()
    open_notes = [n for n in program.notes if n.certainty.value != "confirmed"]
    for note in open_notes:
        assert md(note.text.best("en")[1]) in section
    assert "| Open questions | 69 |" in english
    assert "**unknown**: The texts of 10 of the 33 activities" in section


def test_objectives_say_no_activity_is_linked(english: str) -> None:
    section = english.split("## Objectives and the activities that serve them")[1]
    section = section.split("\n## ")[0]
    assert section.count("### ") == len(default_program().objectives)
    assert section.count("No activity is linked to this objective in the sources.") == 6
    assert "### Specific objective 1 — specific-1" in section
    assert "### General objective (number not known) — general-1" in section


def test_activities_by_actor_and_group(english: str) -> None:
    assert "### General Secretariat and other OAS organs, agencies and entities (26)" in english
    assert "### Member states (3)" in english
    assert "### Civil society organizations (0)\n\n*No activity recorded in the data.*" in english
    assert "### Secretariat for Political Affairs (SPA) (7)" in english
    assert "| DSDE 1 (added 2006-03-16) | responsible |" in english
    assert "### Activities addressed to a whole group, without named actors (3)" in english


def test_resolutions_in_date_order(english: str) -> None:
    section = english.split("## Resolutions in date order")[1].split("\n## ")[0]
    rows = [line for line in section.splitlines() if line.startswith("| ")][1:]
    dates = [row.split(" | ")[0][2:] for row in rows]
    assert len(rows) == len(default_program().resolutions)
    # By date, a date known to the year or month counting as its last day, then by number:
    # AG/RES. 2248 ("2006-06") after AG/RES. 2224 (2006-06-06).
    last_days = [date_bounds(d)[1] for d in dates]
    assert last_days == sorted(last_days)
    assert "| 2005-06-07 | AG/RES. 2141 (XXXV-O/05) | adoption |" in section
    assert section.index("| 2006-06-06 | AG/RES. 2224") < section.index(
        "| 2006-06 | AG/RES. 2248 (XXXVI-O/06) | follow-up | *title not known* |"
    )


def test_every_summary_is_marked(english: str) -> None:
    program = default_program()
    for activity in program.activities:
        assert f"{md(activity.summary.best('en')[1])} *(summary)*" in english
    # Official titles are not marked as summaries.
    assert f"{md(program.title.best('en')[1])} |" in english
    assert f"{md(program.title.best('en')[1])} *(summary)*" not in english


def test_every_table_keeps_its_shape(english: str) -> None:
    assert len(tables(english)) > 10
    assert_tables_keep_shape(english)


# ---- languages -------------------------------------------------------------------------------


def test_spanish_headings_and_visible_fallback() -> None:
    text = render(default_program(), "es")
    assert text.startswith("# Programa Interamericano para la Promoción y Protección")
    for heading in ("## Panorama", "## Lo que las fuentes dejan abierto", "## Exhaustividad"):
        assert f"\n{heading}\n" in text
    # Activity labels and notes are ours, in Spanish too: shown without a mark.
    assert "| CIDH 1 |" in text and "IACHR 1" not in text
    assert "**desconocido**: No se encontraron los textos de 10 de las 33 actividades" in text
    # An official name not known in Spanish is shown in English, marked.
    assert "*(en)* Migration and Development Program" in text
    # Spanish summaries carry the Spanish summary mark and no fallback mark.
    assert "del proyecto de la CIDH CP/CAJP-2038/03. *(resumen)*" in text
    assert "| 33 | 23 | 10 |" in text


def test_french_is_french_and_marks_the_texts_it_lacks() -> None:
    text = render(default_program(), "fr")
    assert "not yet translated" not in text
    assert "## Vue d'ensemble" in text
    # The official French title is not recorded: it is marked with the language it is shown
    # in; our summaries are recorded in French and carry no mark.
    assert text.startswith("# *(en)* Inter-American Program")
    assert "| CIDH 1 | Promouvoir le système interaméricain" in text
    assert "**inconnu**: Les textes de 10 des 33 activités" in text


def test_unknown_language_is_a_usage_error() -> None:
    from oas_program.errors import UsageError

    with pytest.raises(UsageError, match="unknown language 'de'"):
        render(default_program(), "de")


def test_interface_strings_are_complete_and_plain() -> None:
    # Interface strings are inserted unescaped into Markdown: they must hold no markup, in
    # any language.
    for lang in INTERFACE_LANGUAGES:
        for context, english in REPORT_MESSAGES.items():
            value = translate(lang, context, english)
            assert not re.search(r"[\\`*_\[\]|#~<>&]", value), (lang, value)


# ---- determinism and the command -------------------------------------------------------------


def test_deterministic(tmp_path: Path) -> None:
    assert render(default_program(), "es") == render(default_program(), "es")
    runner = CliRunner()
    outputs = []
    for name in ("a.md", "b.md"):
        target = tmp_path / name
        result = runner.invoke(cli, ["export", "--format", "markdown", "-o", str(target)])
        assert result.exit_code == 0, result.stderr
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1]
    assert outputs[0] == render(default_program(), "en").encode("utf-8")


def test_cli_export_to_stdout_in_spanish() -> None:
    result = CliRunner().invoke(cli, ["export", "--format", "markdown", "--lang", "es"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("# Programa Interamericano")


# ---- hostile strings (contract EX4, UN4) -----------------------------------------------------


@pytest.fixture(scope="module")
def hostile() -> str:
    return render(hostile_program(), "en")


def test_escaping_helpers() -> None:
    assert md("a|b\nc\r\nd") == "a\\|b c d"
    assert md("<img src=x onerror=alert(1)>") == "&lt;img src=x onerror=alert(1)&gt;"
    assert md("[x](javascript:alert(1))") == "\\[x\\](javascript:alert(1))"
    assert md("*a* _b_ `c` ~d~ \\") == "\\*a\\* \\_b\\_ \\`c\\` \\~d\\~ \\\\"
    assert md("&lt;") == "&amp;lt;"
    assert md_start("# title") == "\\# title"
    assert md_start("- item") == "\\- item"
    assert md_start("+ item") == "\\+ item"
    assert md_start("===") == "\\==="
    assert md_start("2005. A year") == "2005\\. A year"
    assert md_start("    code") == "code"


def test_hostile_cells_keep_table_shape(hostile: str) -> None:
    assert_tables_keep_shape(hostile)
    row = next(line for line in hostile.splitlines() if line.startswith("| \\# &lt;img"))
    assert row == (
        "| \\# &lt;img src=x onerror=alert(1)&gt; "
        "| \\# heading \\| cell second \\| line evil *(summary)* "
        "| برنامج x; Special Rapporteurship on Migrant Workers and Their Families "
        "(co-responsible) |"
    )


def test_hostile_paragraph_cannot_start_a_heading(hostile: str) -> None:
    lines = hostile.splitlines()
    assert lines[0] == '# &lt;script&gt;alert(1)&lt;/script&gt;" onmouseover=alert(1) x="'
    summary = lines[lines.index("## Overview") + 2]
    assert summary == (
        "\\# heading \\| cell second \\| line \\[x\\](javascript:alert(1)) "
        "&lt;img src=x onerror=alert(1)&gt; *(summary)*"
    )
    note = "- **unknown**: &lt;script&gt;alert(1)&lt;/script&gt; \\| \\[x\\](javascript:alert(1))"
    assert f"{note} \\# not a heading (Concerning: the program)" in lines


def test_hostile_no_raw_html_and_only_safe_links(hostile: str) -> None:
    assert "<" not in hostile
    assert all(line.startswith("> **About") for line in hostile.splitlines() if ">" in line)
    targets = link_targets(hostile)
    assert targets and all(re.match(r"(https?|mailto):", t) for t in targets), targets
    # Unsafe URLs are shown as text, in parentheses after what they belong to.
    assert "AG/RES. 1404 (XXVI-O/96) (javascript:alert(1))" in hostile
    assert "DIL: program work plan, CIM (java\tscript:alert(1))" in hostile
    assert "DIL: program work plan, IIN (JaVaScRiPt:alert(1))" in hostile
    # A URL with a safe scheme is percent-encoded so no quote or parenthesis can end it.
    assert "](https://example.org/%22onmouseover=%22alert%281%29)" in hostile
    assert JS_URL not in targets


def test_hostile_rtl_kept_and_unpaired_override_stripped(hostile: str) -> None:
    assert f"### {ARABIC} x (4)" in hostile.splitlines()
    assert RLO not in hostile
    spanish = render(hostile_program(), "es")
    assert spanish.startswith(f"# {ARABIC}\n")


def test_bidi_pairs_are_kept_and_strays_dropped() -> None:
    pdf, lri, pdi = "\u202c", "\u2066", "\u2069"
    assert strip_unpaired_bidi(f"a{RLO}b{pdf}c") == f"a{RLO}b{pdf}c"
    assert strip_unpaired_bidi(f"a{RLO}b") == "ab"
    assert strip_unpaired_bidi(f"a{pdf}b{pdi}") == "ab"
    assert strip_unpaired_bidi(f"{lri}a{RLO}b{pdi}") == f"{lri}ab{pdi}"
    assert strip_unpaired_bidi(f"{RLO}{lri}x{pdf}") == "x"


def _unsafe(char: str) -> bool:
    # The definition: a lone surrogate, or a C0/C1 control other than tab and line breaks.
    category = unicodedata.category(char)
    return category == "Cs" or (category == "Cc" and char not in "\t\n\r")


def _strip_by_definition(value: str) -> str:
    """Unpaired bidi controls dropped, read character by character (the definition)."""
    openers, pdf, pdi = "\u202a\u202b\u202d\u202e\u2066\u2067\u2068", "\u202c", "\u2069"
    stack: list[int] = []
    drop: set[int] = set()
    for index, char in enumerate(value):
        if char in openers:
            stack.append(index)
        elif char == pdf:
            if stack and value[stack[-1]] in openers[:4]:
                stack.pop()
            else:
                drop.add(index)
        elif char == pdi:
            if any(value[i] in openers[4:] for i in stack):
                while value[stack[-1]] not in openers[4:]:
                    drop.add(stack.pop())
                stack.pop()
            else:
                drop.add(index)
    drop.update(stack)
    return "".join(char for index, char in enumerate(value) if index not in drop)


texts = st.text(
    alphabet=st.one_of(
        st.characters(codec=None),
        st.sampled_from("\x00\x07\t\n\r\x1f\x7f\x85\x9f\ud800\udfff\u200d\u2028"),
        st.sampled_from("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"),
    ),
    max_size=30,
)


@settings(max_examples=500)
@given(texts)
def test_clean_replaces_unsafe_characters_and_drops_unpaired_bidi(value: str) -> None:
    expected = _strip_by_definition("".join("\ufffd" if _unsafe(c) else c for c in value))
    assert clean(value) == expected


def test_each_character_alone_is_kept_replaced_or_dropped_as_defined() -> None:
    # Every code point: the character classes `clean` uses are the definition's, exactly.
    every = [chr(code) for code in range(sys.maxunicode + 1)]
    expected = ["\ufffd" if _unsafe(c) else _strip_by_definition(c) for c in every]
    assert list(map(clean, every)) == expected


@settings(max_examples=40)
@given(programs)
def test_any_program_renders_safely(program: Program) -> None:
    text = render(program, "es")
    assert "<" not in text
    assert_tables_keep_shape(text)
