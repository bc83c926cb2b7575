"""Reading and rewriting a CSV reporting form as a person's script would: the lines of
instructions (a first cell starting with `#`) above the header are kept as they are."""

from __future__ import annotations

import csv
import io
from pathlib import Path


def split(text: str) -> tuple[list[str], list[dict[str, str]]]:
    """The form's instruction lines, and its rows keyed by header."""
    lines = text.splitlines(keepends=True)
    instructions = [line for line in lines if line.lstrip('"').startswith("#")]
    body = "".join(lines[len(instructions) :])
    return instructions, list(csv.DictReader(io.StringIO(body, newline="")))


def rows(text: str) -> list[dict[str, str]]:
    return split(text)[1]


def write(path: Path, instructions: list[str], records: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        handle.writelines(instructions)
        writer = csv.DictWriter(handle, fieldnames=list(records[0]), lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(records)
