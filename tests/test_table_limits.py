"""What a table cannot hold (NUL in text, integers past 18 digits) is refused by the CSV and
SQLite exports through the installed command: every value named with its input file and
pointer, exit 1, nothing written."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(sys.executable).parent / "oas-program"
EMBEDDED = Path(__file__).resolve().parents[1] / "src" / "oas_program" / "data" / "program.json"


@pytest.fixture
def unwritable(tmp_path: Path) -> Path:
    data = json.loads(EMBEDDED.read_text(encoding="utf-8"))
    data["title"]["en"] = "Title\x00with a NUL"
    data["declarations"][0]["count"] = 10**19
    path = tmp_path / "unwritable.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("format_name", "target", "expected"),
    [
        (
            "csv",
            "out.zip",
            [
                "unwritable.json: /title/en: NUL character (U+0000) cannot be written to CSV "
                "[control-char]",
                "unwritable.json: /declarations/0/count: 10000000000000000000 has more than 18 "
                "digits; CSV cannot hold it [integer-range]",
            ],
        ),
        (
            "sqlite",
            "out.sqlite",
            [
                "unwritable.json: /declarations/0/count: 10000000000000000000 has more than 18 "
                "digits; SQLite cannot hold it [integer-range]",
            ],
        ),
    ],
)
def test_values_a_table_cannot_hold_are_named_and_nothing_is_written(
    unwritable: Path, format_name: str, target: str, expected: list[str]
) -> None:
    done = subprocess.run(
        [str(SCRIPT), "export", unwritable.name, "-f", format_name, "-o", target],
        cwd=unwritable.parent,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert done.stderr.splitlines() == expected
    assert not (unwritable.parent / target).exists()


def test_the_embedded_program_exports_to_both(tmp_path: Path) -> None:
    for format_name, target in (("csv", "p.zip"), ("sqlite", "p.sqlite")):
        done = subprocess.run(
            [str(SCRIPT), "export", "-f", format_name, "-o", target],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert (tmp_path / target).stat().st_size > 0
