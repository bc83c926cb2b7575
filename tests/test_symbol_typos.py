"""Symbols as people paste them: typing slips read where the reading is unambiguous, and
look-alike letters from other scripts named. Through `oas-program symbol`, as users meet it."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from oas_program.cli import cli
from oas_program.model.symbols import SymbolError, parse, parse_with_notes


def symbol(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["symbol", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    ("pasted", "canonical", "cleaned"),
    [
        (
            "AG/RES. 2141 (XXXV/O/05)",
            "AG/RES. 2141 (XXXV-O/05)",
            ["'/' between the session and its type read as '-'"],
        ),
        (
            "AG/RES. 2141 ((XXXV-O/05))",
            "AG/RES. 2141 (XXXV-O/05)",
            ["doubled parenthesis made single"],
        ),
        (
            "AG/RES. 2141 (XXXV-O/05))",
            "AG/RES. 2141 (XXXV-O/05)",
            ["doubled parenthesis made single"],
        ),
        ("AG/RES. 2141 (XXXV-O/05", "AG/RES. 2141 (XXXV-O/05)", ["missing ')' added"]),
        ("AG/RES. 2141 XXXV-O/05)", "AG/RES. 2141 (XXXV-O/05)", ["missing '(' added"]),
        ("CP/RES. 760 (1217/99", "CP/RES. 760 (1217/99)", ["missing ')' added"]),
        (
            "AG/RES. 1 (LI-E/16 rev. 2",
            "AG/RES. 1 (LI-E/16) rev. 2",
            ["missing ')' added"],
        ),
        (
            "AG / RES. 2141 ( XXXV - O / 05 )",
            "AG/RES. 2141 (XXXV-O/05)",
            ["spaces removed around '/', '-', '.' and inside parentheses"],
        ),
        (
            "AG/RES . 2141 (XXXV/O/05",
            "AG/RES. 2141 (XXXV-O/05)",
            [
                "spaces removed around '/', '-', '.' and inside parentheses",
                "'/' between the session and its type read as '-'",
                "missing ')' added",
            ],
        ),
        (
            "ＡＧ／ＲＥＳ．２１４１",
            "AG/RES. 2141",
            ["full-width or compatibility characters normalised"],
        ),
    ],
)
def test_unambiguous_slips_are_read_and_json_says_what_was_cleaned(
    pasted: str, canonical: str, cleaned: list[str]
) -> None:
    code, out, err = symbol("--json", pasted)
    assert (code, err) == (0, "")
    [record] = json.loads(out)
    assert record["input"] == pasted
    assert record["canonical"] == canonical
    assert record["cleaned"] == cleaned
    # The repaired reading is the reading of the canonical form.
    assert parse(pasted) == parse(canonical)


def test_a_clean_symbol_has_nothing_cleaned_and_text_output_is_unchanged() -> None:
    code, out, _ = symbol("--json", "AG/RES. 2141 (XXXV-O/05)", "AG/RES 1928")
    assert code == 0
    assert [r["cleaned"] for r in json.loads(out)] == [[], []]
    code, out, _ = symbol("AG/RES. 2141 (XXXV/O/05)")
    assert code == 0
    assert out.split("\t")[:2] == ["AG/RES. 2141 (XXXV/O/05)", "AG/RES. 2141 (XXXV-O/05)"]
    assert "cleaned" not in out


@pytest.mark.parametrize(
    "ambiguous",
    [
        "AG/RES. 2141 (XXXV-O/05) (XXXVI-O/06)",  # two sessions: which one?
        "AG/RES. 2141 (XXXV/O-05)",  # slash and hyphen swapped: not one known slip
        "AG/RES. 2141 (XXXV-O/05)(",  # an opening parenthesis with nothing after it
        "AG/RES. (XXXV-O/05)",  # no number to repair towards
        "AG/RES. 2141 ((XXXV-O/05)) (1217/99)",
    ],
)
def test_what_cannot_be_read_one_way_is_refused_as_before(ambiguous: str) -> None:
    code, out, err = symbol("--json", ambiguous)
    assert (code, out) == (2, "")
    assert err.startswith(f"oas-program symbol: {ambiguous!r}: not a recognised OAS or UN")
    assert err.endswith("[symbol-syntax]\n")
    with pytest.raises(SymbolError):
        parse_with_notes(ambiguous)


@pytest.mark.parametrize(
    ("pasted", "named"),
    [
        # CYRILLIC CAPITAL LETTER A in AG.
        (
            "\u0410G/RES. 2141 (XXXV-O/05)",
            "'А' (U+0410 CYRILLIC CAPITAL LETTER A), a letter "
            "of the Cyrillic script that looks like the Latin 'A'",
        ),
        # CYRILLIC CAPITAL LETTER IE in RES.
        (
            "AG/R\u0415S. 2141",
            "'Е' (U+0415 CYRILLIC CAPITAL LETTER IE), a letter of the "
            "Cyrillic script that looks like the Latin 'E'",
        ),
        # GREEK CAPITAL LETTER OMICRON for the regular-session O.
        (
            "AG/RES. 2141 (XXXV-\u039f/05)",
            "'Ο' (U+039F GREEK CAPITAL LETTER OMICRON), a letter "
            "of the Greek script that looks like the Latin 'O'",
        ),
        # ARMENIAN CAPITAL LETTER OH: no entry in the look-alike table, still named.
        (
            "AG/RES. 2141 (XXXV-\u0555/05)",
            "'Օ' (U+0555 ARMENIAN CAPITAL LETTER OH), a letter of the Armenian script;",
        ),
    ],
)
def test_a_look_alike_letter_is_named_with_its_script(pasted: str, named: str) -> None:
    code, out, err = symbol(pasted)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    assert f"contains {named}" in err
    assert "symbols are written in Latin letters" in err
    assert err.endswith("[symbol-syntax]\n")


def test_accented_latin_letters_are_not_called_another_script() -> None:
    code, _, err = symbol("AG/RÉS. 2141")
    assert code == 2
    assert "script" not in err
