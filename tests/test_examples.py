"""The illustrative example is today's embedded program plus what is invented for it."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import attrs

from oas_program import default_program, load, loads
from oas_program.model.source import SourceKind

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "tracking-illustrative.json"


def rebuild_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "rebuild_example", ROOT / "tools" / "rebuild_example.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_example_is_the_embedded_program_plus_invented_observations() -> None:
    """Fails when the embedded program changed and `tools/rebuild_example.py` was not run."""
    example = load(EXAMPLE)
    embedded = default_program()
    invented = [o for o in example.observations if "src-illustrative" in o.sources]
    assert len(invented) == 10
    real = [o for o in example.observations if o not in invented]
    assert real == list(embedded.observations)
    assert [s.id for s in example.sources if s.kind is SourceKind.ILLUSTRATIVE] == [
        "src-illustrative"
    ]
    without = attrs.evolve(
        example,
        observations=tuple(real),
        sources=tuple(s for s in example.sources if s.id != "src-illustrative"),
    )
    assert without == embedded, "run tools/rebuild_example.py (see its docstring)"


def test_the_rebuild_script_gives_the_example() -> None:
    module = rebuild_module()
    embedded = json.loads(module.EMBEDDED.read_text(encoding="utf-8"))
    example = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    rebuilt = module.rebuild(embedded, example)
    assert loads(json.dumps(rebuilt)) == load(EXAMPLE)
    assert all(
        "Illustrative: invented for the examples, not a real report."
        in [n.text.en for n in o.notes]
        for o in load(EXAMPLE).observations
        if "src-illustrative" in o.sources
    )
