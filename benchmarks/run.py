"""The benchmark suite: one command, a results file and a Markdown table.

    python benchmarks/run.py                      # 1k, 10k and 100k records (about 10 min)
    python benchmarks/run.py --big                # and 1M records (much longer)
    python benchmarks/run.py --sizes 1000 --repeats 3

Needs the `bench` extra (`pip install -e '.[bench]'`). Each size is measured in a fresh
subprocess (timings) and again in one subprocess per pipeline (memory), on a synthetic
program from `generate.py`; times are medians of the repeats, with the garbage collector
off during each timed run as the anchors were measured. The results go to
`benchmarks/results/latest.json`; the table (ratios to the orjson floor of the same run)
is printed for `benchmarks/README.md`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import gc
import itertools
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
sys.path.insert(0, str(HERE))

PACKAGES = (
    "oas-program",
    "attrs",
    "cattrs",
    "click",
    "pluggy",
    "jsonschema",
    "jsonschema-rs",
    "orjson",
    "msgspec",
    "pydantic",
)
MEMBER_STATE_FORMS = 35
FORM_PERIOD = "2026"


# ---- measuring ----------------------------------------------------------------------------


def median_time(run: Callable[[], object], repeats: int, gc_off: bool = True) -> float:
    """Median wall-clock seconds of *repeats* runs (the result of each is dropped outside)."""
    timings = []
    for _ in range(repeats):
        gc.collect()
        if gc_off:
            gc.disable()
        start = time.perf_counter()
        result = run()
        elapsed = time.perf_counter() - start
        gc.enable()
        del result
        timings.append(elapsed)
    return statistics.median(timings)


def _rss() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _peak_rss() -> int:
    # VmHWM, not getrusage's ru_maxrss: that one survives exec, so a worker would report the
    # peak of the parent it was forked from.
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


# ---- the worker: one size, in its own process ---------------------------------------------


def _forms(program: Any, folder: Path) -> list[Path]:
    """Filled reporting forms of the 35 member states for one period, written as JSON."""
    import attrs

    from oas_program.builtin import form_formats
    from oas_program.services.tracking import forms

    member_states = [a.id for a in program.actors if a.kind.value == "member-state"]
    paths = []
    for number, actor in enumerate(member_states[:MEMBER_STATE_FORMS]):
        form = forms.make_form(program, actor, FORM_PERIOD)
        rows = tuple(
            attrs.evolve(
                row,
                status=("in-progress", "completed", "planned")[(index + number) % 3],
                date="2027-01-15",
                evidence_text="Informe anual de la Secretaría sobre el programa.",
            )
            for index, row in enumerate(form.rows)
        )
        path = folder / f"form-{actor}.json"
        with open(path, "wb") as stream:
            form_formats.write_json(attrs.evolve(form, rows=rows), stream)
        paths.append(path)
    return paths


def time_size(path: Path, records: int, repeats: int, slow_schema: bool) -> dict[str, Any]:
    """Every timing for one synthetic program (seconds, medians)."""
    import anchors

    from oas_program import pipeline as api
    from oas_program.builtin import form_formats, json_format
    from oas_program.builtin.validation import domain, references, schema_layer
    from oas_program.files import canonical
    from oas_program.files import json_text as io
    from oas_program.files.limits import Limits
    from oas_program.model import convert
    from oas_program.plugin_api import ImportSource, Input
    from oas_program.plugins.host import PluginHost
    from oas_program.services.tracking import diff, merge, progress
    from oas_program.services.validation import engine, validate, walk

    # Warm up on the embedded program: imports, converter hooks, validators, exporters, so
    # that the first timed run of each measurement does not pay for them.
    embedded = canonical.default_program()
    validate(embedded)
    for warm_up in ("csv", "sqlite", "jsonld", "yaml"):
        api.dumps(embedded, format=warm_up)
    progress.compute(embedded)
    diff.diff(embedded, embedded)

    data = path.read_bytes()
    results: dict[str, Any] = {"records": records, "bytes": len(data)}

    def measure(name: str, run: Callable[[], object], gc_off: bool = True) -> None:
        results[name] = median_time(run, repeats, gc_off)
        print(f"  {records:>9} {name:<28} {results[name]:9.3f} s", file=sys.stderr)

    for name, anchor in anchors.ANCHORS.items():
        pipeline = anchor()
        measure(f"anchor {name}", lambda pipeline=pipeline: pipeline.pipeline(data))

    measure("parse", lambda: io.parse_json(data, "bench.json"))
    raw = io.parse_json(data, "bench.json")
    measure("structure", functools.partial(convert.program_from_data, raw))
    del raw
    measure("load", lambda: canonical.loads(data))
    measure("load, GC on", lambda: canonical.loads(data), gc_off=False)
    program = canonical.loads(data)
    measure("dump", lambda: canonical.dumps_bytes(program))

    def convert_json() -> bytes:
        loaded = canonical.loads(data)
        with walk.shared():  # the two layers share one walk, as in a validation run
            findings = [*references.check(loaded), *domain.check(loaded)]
        assert not [f for f in findings if f.severity.value == "error"], findings[:3]
        return canonical.dumps_bytes(loaded)

    measure("convert", convert_json)

    host = PluginHost()
    # As the JSON importer reads a file (`oas-program validate FILE`): the program and the
    # places of its values.
    loaded_input = Input(name="bench.json", loaded=json_format.loaded(data, "bench.json"))
    measure("validate", lambda: validate(loaded_input, host=host))

    def load_and_validate() -> object:
        fresh = json_format.loaded(data, "bench.json")
        return validate(Input(name="bench.json", loaded=fresh), host=host)

    measure("load + validate", load_and_validate)
    for entry in engine.ordered_validators(host):
        check = entry.item.check
        measure(f"layer {entry.item.name}", lambda check=check: list(check(program)))
    if slow_schema and hasattr(schema_layer, "_fast_validator"):  # jsonschema alone
        fast = schema_layer._fast_validator
        schema_layer._fast_validator = lambda: None  # type: ignore[assignment]
        try:
            measure("layer schema, jsonschema only", lambda: list(schema_layer.check(program)))
        finally:
            schema_layer._fast_validator = fast

    measure("export csv", lambda: api.dumps(program, format="csv"))
    measure("export sqlite", lambda: api.dumps(program, format="sqlite"))
    measure("export jsonld", lambda: api.dumps(program, format="jsonld"))
    measure("export yaml", lambda: api.dumps(program, format="yaml"))
    with tempfile.TemporaryDirectory() as folder:
        # Read as `oas-program convert program.yaml ...` reads it, the size limit raised
        # for the 1M file (300 MB).
        yaml_file = Path(folder) / "program.yaml"
        yaml_file.write_bytes(api.dumps(program, format="yaml"))
        source = ImportSource(path=yaml_file, name=yaml_file.name, limits=Limits(max_bytes=1 << 40))
        measure("read yaml", functools.partial(host.importer("yaml").read, source))
    measure("progress", lambda: progress.compute(program))
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        paths = _forms(program, Path(folder))
        results["make 35 forms"] = time.perf_counter() - start

        def merge_forms() -> object:
            filled = [form_formats.read_json(ImportSource(path=p, name=p.name)) for p in paths]
            return merge.merge(program, filled)

        measure("merge 35 forms", merge_forms)
        merged = merge_forms()
    results["merged observations"] = len(merged.added) + len(merged.updated)  # type: ignore[attr-defined]
    measure("diff", lambda: diff.diff(program, merged.program))  # type: ignore[attr-defined]
    return results


def memory_of(path: Path, pipeline: str) -> dict[str, int]:
    """Bytes resident after loading (kept) and at the peak of loading, over a baseline taken
    after imports and a warm-up load, the input file's bytes included in the peak."""
    import anchors

    from oas_program.files import canonical

    if pipeline == "oas-program":
        canonical.default_program()  # warm up: the converter builds its hooks on first use
        load: Callable[[bytes], object] = canonical.loads
    else:
        anchor = anchors.ANCHORS[pipeline]()
        load = anchor.load
    gc.collect()
    baseline = _rss()
    data = path.read_bytes()
    program = load(data)
    peak = _peak_rss()
    del data
    gc.collect()
    kept = _rss()
    assert program is not None
    return {"kept": kept - baseline, "peak": peak - baseline}


# ---- cold starts and plugins --------------------------------------------------------------


def _fake_distributions(folder: Path, count: int) -> None:
    """*count* installed distributions with entry points in another group (a big venv)."""
    for number in range(count):
        info = folder / f"fakedist{number:04d}-1.0.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(
            f"Metadata-Version: 2.1\nName: fakedist{number:04d}\nVersion: 1.0\n"
        )
        (info / "entry_points.txt").write_text(
            f"[console_scripts]\nfake{number:04d} = fake{number:04d}:main\n"
        )


_SCAN = """
import json, time
start = time.perf_counter()
from oas_program.plugins.host import installed_entry_points
first_start = time.perf_counter(); found = installed_entry_points(); first = time.perf_counter()
installed_entry_points(); second = time.perf_counter()
print(json.dumps({"first": first - first_start, "again": second - first, "found": len(found)}))
"""

_HELP_IMPORTS = """
import sys, json
from importlib.metadata import entry_points
sys.argv = ["oas-program", "--help"]
from oas_program.cli import main
try:
    main()
except SystemExit:
    pass
plugins = sorted({ep.module.split(".")[0] for ep in entry_points(group="oas_program")})
print(json.dumps([m for m in plugins if m in sys.modules]), file=sys.stderr)
"""


def plugin_costs(runs: int) -> dict[str, Any]:
    """Entry-point scan with and without 1,000 distributions; plugin imports by --help."""
    from cold_start import cached_bytecode, median_seconds

    script = Path(sys.executable).with_name("oas-program")
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as folder:
        _fake_distributions(Path(folder), 1000)
        for label, extra in (("venv", None), ("venv + 1000 distributions", folder)):
            env = cached_bytecode()
            if extra:
                env["PYTHONPATH"] = os.pathsep.join(filter(None, [extra, env.get("PYTHONPATH")]))
            scans = [
                json.loads(
                    subprocess.run(
                        [sys.executable, "-c", _SCAN],
                        env=env,
                        capture_output=True,
                        text=True,
                        check=True,
                    ).stdout
                )
                for _ in range(runs)
            ]
            results[label] = {
                "scan": statistics.median(s["first"] for s in scans),
                "scan again": statistics.median(s["again"] for s in scans),
                "entry points": scans[0]["found"],
                "plugins": median_seconds([str(script), "plugins"], runs, env=env),
            }
    imported = subprocess.run(
        [sys.executable, "-c", _HELP_IMPORTS], capture_output=True, text=True, check=True
    ).stderr.strip()
    results["plugin modules imported by --help"] = json.loads(imported.splitlines()[-1])
    return results


def cold_starts(runs: int) -> dict[str, float]:
    from cold_start import CASES, interleaved_medians

    return interleaved_medians(CASES, runs)


# ---- the report ---------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    with open("/proc/meminfo") as meminfo:
        total_kib = int(meminfo.readline().split()[1])
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpus": os.cpu_count(),
        "memory GiB": round(total_kib / 1024 / 1024, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "packages": versions,
    }


def _size_label(records: int) -> str:
    return f"{records // 1_000_000}M" if records >= 1_000_000 else f"{records // 1000}k"


ROWS = (
    ("anchor floor", "orjson loads + dumps, untyped (the floor)"),
    ("anchor msgspec_attrs", "msgspec → attrs + references + encode"),
    ("anchor pydantic", "pydantic v2 validate_json + references + dump_json"),
    ("parse", "parse (`io.parse_json`)"),
    ("structure", "structure (`convert.program_from_data`)"),
    ("load", "**load** (parse + structure)"),
    ("load, GC on", "load, garbage collector left on"),
    ("dump", "dump (`canonical.dumps_bytes`)"),
    ("convert", "**convert** JSON → JSON (load, references, domain, dump)"),
    ("validate", "validate, every layer (program loaded)"),
    ("load + validate", "**load + validate**, every layer"),
    ("layer schema", "· layer schema"),
    ("layer schema, jsonschema only", "· layer schema without jsonschema-rs"),
    ("layer references", "· layer references"),
    ("layer domain", "· layer domain"),
    ("layer completeness", "· layer completeness"),
    ("layer identifiers", "· layer identifiers"),
    ("export csv", "export CSV package (zip)"),
    ("export sqlite", "export SQLite"),
    ("export jsonld", "export JSON-LD"),
    ("export yaml", "export YAML"),
    ("read yaml", "read the exported YAML (the importer, from a file)"),
    ("merge 35 forms", "merge 35 filled forms (read + merge)"),
    ("progress", "progress (matrix, roll-up, totals)"),
    ("diff", "diff (program vs merged program)"),
)


def markdown(results: dict[str, Any]) -> str:
    sizes = results["sizes"]
    labels = [_size_label(s["records"]) for s in sizes]
    lines = [
        f"Run {results['machine']['date']} on {results['machine']['cpus']} CPUs, "
        f"{results['machine']['memory GiB']} GiB, Python {results['machine']['python']}; "
        + ", ".join(f"{k} {v}" for k, v in results["machine"]["packages"].items())
        + f". Repeats: {results['repeats']}.",
        "",
        "| seconds (median) and × floor | " + " | ".join(f"{label} | ×" for label in labels) + " |",
        "|---|" + "---:|---:|" * len(labels),
    ]
    for key, title in ROWS:
        if not any(key in s for s in sizes):
            continue
        cells = []
        for s in sizes:
            if key in s:
                cells.append(f"{s[key]:.3f} | {s[key] / s['anchor floor']:.2f}")
            else:
                cells.append("– | –")
        lines.append(f"| {title} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "| memory per record | " + " | ".join(labels) + " |",
        "|---|" + "---:|" * len(labels),
    ]
    pipelines = sizes[0]["memory"].keys()
    for pipeline in pipelines:
        for kind in ("kept", "peak"):
            cells = [f"{s['memory'][pipeline][kind] / s['records'] / 1024:.2f} KB" for s in sizes]
            lines.append(f"| {pipeline}, {kind} | " + " | ".join(cells) + " |")
    lines.append(
        "| input JSON | "
        + " | ".join(f"{s['bytes'] / s['records'] / 1024:.2f} KB" for s in sizes)
        + " |"
    )
    if len(sizes) > 1:
        lines += [
            "",
            "| growth to the next size | "
            + " | ".join(
                f"{_size_label(a['records'])}→{_size_label(b['records'])}"
                for a, b in itertools.pairwise(sizes)
            )
            + " |",
            "|---|" + "---:|" * (len(sizes) - 1),
        ]
        for key in ("load", "convert", "load + validate", "merge 35 forms", "progress", "diff"):
            cells = [f"{b[key] / a[key]:.1f}×" for a, b in itertools.pairwise(sizes)]
            lines.append(f"| {key} time | " + " | ".join(cells) + " |")
        for kind in ("kept", "peak"):
            cells = [
                f"{b['memory']['oas-program'][kind] / a['memory']['oas-program'][kind]:.1f}×"
                for a, b in itertools.pairwise(sizes)
            ]
            lines.append(f"| load memory, {kind} | " + " | ".join(cells) + " |")
    starts = results["cold starts"]
    click_import = starts['python -c "import click"']
    lines += ["", "| cold start (median) | ms | × import click |", "|---|---:|---:|"]
    for name, seconds in starts.items():
        lines.append(f"| `{name}` | {seconds * 1000:.0f} | {seconds / click_import:.2f} |")
    plugins = results["plugins"]
    lines += [
        "",
        "| entry points | scan (ms) | scan again (ms) | `oas-program plugins` (ms) |",
        "|---|---:|---:|---:|",
    ]
    for label in ("venv", "venv + 1000 distributions"):
        row = plugins[label]
        lines.append(
            f"| {label} ({row['entry points']} oas_program entry points) | "
            f"{row['scan'] * 1000:.1f} | {row['scan again'] * 1000:.3f} | "
            f"{row['plugins'] * 1000:.0f} |"
        )
    lines.append(
        "\nPlugin modules imported by `oas-program --help`: "
        f"{plugins['plugin modules imported by --help'] or 'none'}."
    )
    return "\n".join(lines) + "\n"


# ---- main ---------------------------------------------------------------------------------


def _worker(argv: list[str]) -> None:
    kind, path, *rest = argv
    if kind == "time":
        records, repeats, slow = int(rest[0]), int(rest[1]), rest[2] == "1"
        print(json.dumps(time_size(Path(path), records, repeats, slow)))
    else:
        print(json.dumps(memory_of(Path(path), rest[0])))


def _run_worker(*args: str) -> Any:
    done = subprocess.run(
        [sys.executable, __file__, "--worker", *args],
        stdout=subprocess.PIPE,
        check=True,
        text=True,
    )
    return json.loads(done.stdout)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        _worker(sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="records, comma-separated")
    parser.add_argument("--big", action="store_true", help="add 1,000,000 records (long)")
    parser.add_argument("--repeats", type=int, default=3, help="timed runs per measurement")
    parser.add_argument("--runs", type=int, default=10, help="runs per cold start")
    parser.add_argument("--output", type=Path, default=RESULTS / "latest.json")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    if args.big and 1_000_000 not in sizes:
        sizes.append(1_000_000)

    import generate

    results: dict[str, Any] = {"machine": machine(), "repeats": args.repeats, "sizes": []}
    with tempfile.TemporaryDirectory() as folder:
        for records in sizes:
            path = Path(folder) / f"program-{records}.json"
            print(f"generating {records} records", file=sys.stderr)
            path.write_bytes(generate.dumps(records))
            # One run at 1M: a single pass of everything takes minutes there.
            repeats = 1 if records >= 1_000_000 else args.repeats
            slow_schema = "1" if records <= 10_000 else "0"
            timing = _run_worker("time", str(path), str(records), str(repeats), slow_schema)
            timing["memory"] = {
                pipeline: _run_worker("memory", str(path), pipeline)
                for pipeline in ("oas-program", "msgspec_attrs", "pydantic")
            }
            results["sizes"].append(timing)
            path.unlink()
    print("cold starts", file=sys.stderr)
    results["cold starts"] = cold_starts(args.runs)
    results["plugins"] = plugin_costs(max(3, args.runs // 2))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2) + "\n")
    print(markdown(results))


if __name__ == "__main__":
    main()
