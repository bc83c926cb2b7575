"""Small safety gaps, as users meet them through the command: URLs that are not web
addresses, a `<` in a URL, invisible characters in names, where a YAML alias bomb is
reported, and a text file named `.sqlite`."""

from __future__ import annotations

import json
import re
from pathlib import Path
from unittest import mock

import attrs
import pytest
from click.testing import CliRunner, Result
from hypothesis import given
from hypothesis import strategies as st

from oas_program import default_program, dumps
from oas_program.cli import cli
from oas_program.model import Text, TextStatus
from oas_program.services.reports import safe_text


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def program_file(tmp_path: Path, **changes: object) -> Path:
    """The embedded program as JSON, with the first source's URL and first actor's name
    replaced as given."""
    program = default_program()
    source = attrs.evolve(program.sources[0], url=changes.get("url", program.sources[0].url))
    actor = program.actors[0]
    if "name" in changes:
        actor = attrs.evolve(actor, name=Text(status=TextStatus.OFFICIAL, en=str(changes["name"])))
    program = attrs.evolve(
        program,
        sources=(source, *program.sources[1:]),
        actors=(actor, *program.actors[1:]),
    )
    path = tmp_path / "program.json"
    path.write_bytes(dumps(program, format="json"))
    return path


def findings(path: Path, code: str) -> list[dict[str, object]]:
    result = run("validate", str(path), "--format", "json", "--max-errors", "0")
    data = json.loads(result.stdout)
    return [f for f in data["files"][0]["findings"] if f["code"] == code]


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("ftp://ftp.oas.org/ag-res-2141.pdf", "not an http or https address (scheme 'ftp')"),
        ("javascript:alert(1)", "not an http or https address (scheme 'javascript')"),
        ("file:///etc/passwd", "not an http or https address (scheme 'file')"),
        ("www.oas.org/dil", "not an http or https address (no scheme)"),
        ("https://www.oas.org/<b>", "cannot become a link: it holds '<' (U+003C)"),
        ("https:///no-host", "cannot become a link: it has no host"),
    ],
)
def test_validate_reports_urls_that_are_not_web_addresses(
    tmp_path: Path, url: str, says: str
) -> None:
    path = program_file(tmp_path, url=url)
    [finding] = findings(path, "url-scheme")
    assert finding["severity"] == "warning"
    assert finding["pointer"] == "/sources/0/url"
    assert finding["line"] is not None
    assert says in str(finding["message"])


def test_http_and_https_urls_are_not_reported(tmp_path: Path) -> None:
    path = program_file(tmp_path, url="http://www.oas.org/dil/AG-RES_2141.pdf")
    assert findings(path, "url-scheme") == []
    assert findings(program_file(tmp_path), "url-scheme") == []


def test_the_url_rule_is_in_the_rules_table() -> None:
    result = run("validate", "--rules")
    assert "url-scheme" in result.stdout
    rules_md = Path(__file__).resolve().parents[1] / "docs" / "rules.md"
    assert "url-scheme" in rules_md.read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_a_url_holding_a_tag_delimiter_never_becomes_a_link(tmp_path: Path, fmt: str) -> None:
    url = "https://www.oas.org/dil/<b>bold</b>"
    path = program_file(tmp_path, url=url)
    result = run("export", str(path), "-f", "markdown" if fmt == "md" else fmt)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    if fmt == "html":
        hrefs = re.findall(r'href="([^"]*)"', out)
        assert not any("&lt;" in h or "<" in h or "%3C" in h.upper() for h in hrefs)
        assert "https://www.oas.org/dil/&lt;b&gt;bold&lt;/b&gt;" in out  # shown as text
    else:
        targets = re.findall(r"\]\(([^)]*)\)", out)
        assert not any("<" in t or "%3C" in t.upper() for t in targets)
        assert "](https://www.oas.org/dil/" not in out


@pytest.mark.parametrize(
    ("char", "name"),
    [
        ("\u200b", "ZERO WIDTH SPACE"),
        ("\u200d", "ZERO WIDTH JOINER"),
        ("\u2060", "WORD JOINER"),
        ("\u034f", "COMBINING GRAPHEME JOINER"),
        ("\u3164", "HANGUL FILLER"),
        ("\u2800", "BRAILLE PATTERN BLANK"),
    ],
)
def test_zero_width_and_blank_characters_in_names_are_reported(
    tmp_path: Path, char: str, name: str
) -> None:
    path = program_file(tmp_path, name=f"Inter{char}American Commission")
    result = run("validate", str(path))
    assert result.exit_code == 1
    line = next(x for x in result.stdout.splitlines() if "/actors/0/name/en" in x)
    assert f"invisible character U+{ord(char):04X} {name} at character 6" in line
    assert line.endswith("[invisible-char]")
    assert "mixed-script" not in result.stdout


def test_the_alias_bomb_error_points_at_the_alias_that_crossed_the_limit(tmp_path: Path) -> None:
    # Eleven aliases of a two-item list: with a limit of 30 expanded nodes (each alias of
    # `a` counts itself and its two items), the 11th alias crosses it.
    aliases = ", ".join(["*a"] * 11)
    text = f"a: &a [x, y]\nb: [{aliases}]\n"
    path = tmp_path / "bomb.yaml"
    path.write_text(text, encoding="utf-8")
    result = CliRunner(env={"OAS_PROGRAM_MAX_YAML_ALIASES": "30"}).invoke(
        cli, ["validate", str(path)]
    )
    assert result.exit_code == 3
    # `b: [` then `*a, ` four characters each: the 11th alias starts at column 5 + 4 * 10.
    assert "bomb.yaml:2:45: too many aliases (more than 30) [alias-bomb]" in result.stdout


def test_a_text_file_named_sqlite_is_not_a_sqlite_database(tmp_path: Path) -> None:
    path = tmp_path / "program.sqlite"
    path.write_text("id,name\n1,x\n", encoding="utf-8")
    result = run("show", str(path))
    assert result.exit_code == 3
    assert result.stderr == f"{path}: not a SQLite database [format-mismatch]\n"


# ---- the web-address shortcut of `safe_url` ------------------------------------------------

_URL_PARTS = st.sampled_from(
    [
        "http",
        "https",
        "HTTPS",
        "mailto",
        "ftp",
        "javascript",
        ":",
        "/",
        "//",
        "///",
        "?",
        "#",
        "@",
        "[",
        "]",
        "[::1]",
        "a",
        "x.org",
        "-",
        ".",
        ":80",
        ":",
        "%20",
        "ü",
        "\u200b",
        " ",
        "",
    ]
)


def _without_the_shortcut(url: str) -> str | None:
    with mock.patch.object(safe_text, "_WEB_URL", re.compile(r"(?!)")):  # matches nothing
        return safe_text.safe_url(url)


@given(st.lists(_URL_PARTS, max_size=8).map("".join))
def test_the_web_address_shortcut_says_what_the_split_says(url: str) -> None:
    assert safe_text.safe_url(url) == _without_the_shortcut(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://www.oas.org/dil/AG-RES_2141.pdf",
        "HTTP://x.org",
        "https://x.org:8080?q#f",
        "https://x.org/ü",
        "https://[::1]/",
        "https://a]b/",
        "http:///x",
        "https:/x.org",
        "mailto:someone@oas.org",
        "https://user@x.org/",
    ],
)
def test_the_web_address_shortcut_on_known_cases(url: str) -> None:
    assert safe_text.safe_url(url) == _without_the_shortcut(url)
