"""Concurrent merges into PostgreSQL: nothing lost, nothing duplicated, and how long they take.

    python plugins/oas-program-postgresql/benchmarks/load.py URL [--rounds 20] [--json]

Each round:
1. writes the embedded program at URL (`oas-program convert @embedded URL`);
2. starts 35 `oas-program merge URL FORM` processes at once, one per member state, each form
   made by the `form` command's code (`make_form`) for period 2026 with every row filled;
3. starts 2 `oas-program merge URL FORM` processes at once with the same form (Mexico, 2027);
4. reads the program back and checks that every expected observation is there exactly once,
   that each merge exited 0, and that of the two identical merges one added the rows and the
   other found them unchanged.

It prints, per run: merges, failures, lost and duplicated observations, conflicts retried
(lines `retrying` on the merges' stderr), and the time per merge (wall time of each process,
from its start to its exit, Python start-up included; and the time of the 35 together).
Local socket only: start a server with `python -m oas_program_postgresql.devserver DIR`.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import attrs

RUN_CLI = "from oas_program.cli import main; main()"
STATUSES = ("planned", "in-progress", "completed")


def _command(*args: str) -> list[str]:
    return [sys.executable, "-c", RUN_CLI, *args]


def make_forms(folder: Path, period: str, actors: list[str] | None = None) -> dict[str, Path]:
    """A filled JSON form per member state (or per actor in *actors*), with its path."""
    from oas_program import default_program
    from oas_program.builtin.form_formats import write_json
    from oas_program.services.tracking.forms import make_form

    program = default_program()
    if actors is None:
        actors = [a.id for a in program.actors if a.kind.value == "member-state"]
    forms: dict[str, Path] = {}
    for number, actor in enumerate(actors):
        form = make_form(program, actor, period)
        rows = tuple(
            attrs.evolve(
                row,
                status=STATUSES[(number + index) % len(STATUSES)],
                date=f"{period[:4]}-11-30",
                evidence_text=f"Reported by {actor}",
            )
            for index, row in enumerate(form.rows)
        )
        path = folder / f"{actor}-{period}.json"
        with path.open("wb") as stream:
            write_json(attrs.evolve(form, rows=rows), stream)
        forms[actor] = path
    return forms


def _expected(forms: dict[str, Path], period: str) -> set[str]:
    from oas_program.services.tracking.merge import observation_id

    found = set()
    for actor, path in forms.items():
        for row in json.loads(path.read_text())["rows"]:
            found.add(observation_id(actor, row["activity"], period))
    return found


def _merge_all(url: str, forms: list[Path]) -> tuple[list[dict[str, Any]], float]:
    """Run one merge process per form, all at once; their results and the total time."""
    results: list[dict[str, Any]] = [{} for _ in forms]

    def one(index: int, form: Path) -> None:
        started = time.perf_counter()
        done = subprocess.run(
            _command("merge", url, str(form)), capture_output=True, text=True, check=False
        )
        results[index] = {
            "seconds": time.perf_counter() - started,
            "code": done.returncode,
            "stderr": done.stderr,
        }

    threads = [threading.Thread(target=one, args=(i, f)) for i, f in enumerate(forms)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, time.perf_counter() - started


def _merge_all_threads(url: str, forms: list[Path]) -> tuple[list[dict[str, Any]], float]:
    """One thread per form, each merging through the store on its own connection: the
    database side alone, without a process start-up per merge."""
    import contextlib
    import io

    from oas_program_postgresql import store

    from oas_program.builtin.form_formats import read_json
    from oas_program.plugin_api import ImportSource
    from oas_program.services.tracking.merge import merge

    results: list[dict[str, Any]] = [{} for _ in forms]
    filled = [read_json(ImportSource(path=f, name=str(f))) for f in forms]
    notes = io.StringIO()

    def one(index: int) -> None:
        started = time.perf_counter()
        code, summary = 0, ""
        try:
            result = store.merge(url, lambda program: merge(program, [filled[index]]), False)
            summary = (
                f"{len(result.added)} added, {len(result.updated)} updated, "
                f"{len(result.unchanged)} unchanged"
            )
        except Exception as error:
            code, summary = 1, f"{type(error).__name__}: {error}"
        results[index] = {"seconds": time.perf_counter() - started, "code": code, "stderr": summary}

    threads = [threading.Thread(target=one, args=(i,)) for i in range(len(forms))]
    started = time.perf_counter()
    with contextlib.redirect_stderr(notes):
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    elapsed = time.perf_counter() - started
    retried = notes.getvalue().count("retrying (")
    if results:
        results[0]["stderr"] = "retrying (\n" * retried + results[0]["stderr"]
    return results, elapsed


def run(url: str, rounds: int, threads: bool = False) -> dict[str, Any]:
    from oas_program_postgresql import store

    merge_all = _merge_all_threads if threads else _merge_all

    with tempfile.TemporaryDirectory(prefix="oas-load-") as folder:
        forms = make_forms(Path(folder), "2026")
        same = make_forms(Path(folder), "2027", ["mex"])["mex"]
        expected = _expected(forms, "2026") | _expected({"mex": same}, "2027")
        times: list[float] = []
        batches: list[float] = []
        figures = {"merges": 0, "failures": 0, "lost": 0, "duplicated": 0, "retried": 0}
        pair_ok = 0
        for _ in range(rounds):
            written = subprocess.run(
                _command("convert", "@embedded", url), capture_output=True, text=True, check=False
            )
            if written.returncode != 0:
                raise SystemExit(f"cannot write the program: {written.stderr.strip()}")
            results, batch = merge_all(url, list(forms.values()))
            pair, _ = merge_all(url, [same, same])
            batches.append(batch)
            for result in results + pair:
                figures["merges"] += 1
                figures["failures"] += result["code"] != 0
                figures["retried"] += result["stderr"].count("retrying (")
                times.append(result["seconds"])
            summaries = sorted(r["stderr"].strip().splitlines()[-1] for r in pair if r["stderr"])
            pair_ok += summaries == [
                "0 added, 0 updated, 3 unchanged",
                "3 added, 0 updated, 0 unchanged",
            ]
            ids = [o.id for o in store.read(url).program.observations]
            figures["lost"] += len(expected - set(ids))
            figures["duplicated"] += len(ids) - len(set(ids))
    return {
        "mode": "threads" if threads else "processes",
        "rounds": rounds,
        **figures,
        "same_form_pairs_added_once": pair_ok,
        "seconds_per_merge": {
            "median": round(statistics.median(times), 3),
            "mean": round(statistics.fmean(times), 3),
            "p95": round(sorted(times)[int(len(times) * 0.95) - 1], 3),
            "max": round(max(times), 3),
        },
        "seconds_for_35_concurrent": {
            "median": round(statistics.median(batches), 3),
            "max": round(max(batches), 3),
        },
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url")
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--threads",
        action="store_true",
        help="merge from threads of this process (the database side alone) instead of "
        "one `oas-program merge` process per form",
    )
    args = parser.parse_args()
    figures = run(args.url, args.rounds, args.threads)
    if args.json:
        print(json.dumps(figures))
    else:
        for key, value in figures.items():
            print(f"{key:28} {value}")
    bad = figures["failures"] + figures["lost"] + figures["duplicated"]
    return 1 if bad or figures["same_form_pairs_added_once"] != args.rounds else 0


if __name__ == "__main__":
    sys.exit(main())
