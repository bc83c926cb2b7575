"""Rebuild examples/tracking-illustrative.json on the embedded program of today.

    python tools/rebuild_example.py > /tmp/tracking.json
    oas-program convert /tmp/tracking.json examples/tracking-illustrative.json

The example is the embedded program plus what is invented for it: the source
`src-illustrative` and the observations that cite it. Run this whenever the embedded program
changes, so that the example never shows an older edition of the data;
tests/test_examples.py fails until it is run.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
EMBEDDED = ROOT / "src" / "oas_program" / "data" / "program.json"
EXAMPLE = ROOT / "examples" / "tracking-illustrative.json"
ILLUSTRATIVE = "src-illustrative"


def invented(example: dict[str, Any]) -> tuple[list[Any], list[Any]]:
    """The example's own source and the observations that cite it."""
    sources = [s for s in example["sources"] if s["id"] == ILLUSTRATIVE]
    observations = [o for o in example["observations"] if ILLUSTRATIVE in o.get("sources", [])]
    return sources, observations


def rebuild(embedded: dict[str, Any], example: dict[str, Any]) -> dict[str, Any]:
    sources, observations = invented(example)
    rebuilt = dict(embedded)
    rebuilt["sources"] = [*embedded["sources"], *sources]
    rebuilt["observations"] = [*embedded.get("observations", []), *observations]
    return rebuilt


def main() -> None:
    embedded = json.loads(EMBEDDED.read_text(encoding="utf-8"))
    example = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    json.dump(rebuild(embedded, example), sys.stdout, ensure_ascii=False, indent=2)


if __name__ == "__main__":
    main()
