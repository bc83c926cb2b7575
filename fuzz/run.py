"""Run every fuzz target in turn and summarise: `python fuzz/run.py --seconds 120`.

Each target (`fuzz_importers.py --list`) runs for the given time in its own process, with
a corpus kept between runs under `--work` (default `fuzz/.work/`, ignored by git) and
seeded with valid files on the first run. A finding is saved as `artifacts/<target>-crash-*`
(or `-timeout-*`, `-oom-*`) there; reproduce it with
`python fuzz/fuzz_importers.py TARGET fuzz/.work/artifacts/<file>`.

Exit status: 0 when no target found anything, 1 otherwise.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
HARNESS = HERE / "fuzz_importers.py"


def targets() -> list[str]:
    listed = subprocess.run(
        [sys.executable, str(HARNESS), "--list"], capture_output=True, text=True, check=True
    )
    return listed.stdout.split()


def run(target: str, seconds: int, work: Path) -> tuple[int, str]:
    corpus = work / "corpus" / target
    if not corpus.exists() or not any(corpus.iterdir()):
        subprocess.run([sys.executable, str(HARNESS), target, "--seeds", str(corpus)], check=True)
    artifacts = work / "artifacts"
    artifacts.mkdir(parents=True, exist_ok=True)
    log = work / "logs" / f"{target}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    with log.open("w", encoding="utf-8") as out:
        done = subprocess.run(
            [
                sys.executable,
                str(HARNESS),
                target,
                str(corpus),
                f"-max_total_time={seconds}",
                "-timeout=10",  # one input taking longer is a finding (a hang)
                "-rss_limit_mb=2048",  # and so is one using more memory
                f"-artifact_prefix={artifacts}/{target}-",
                "-print_final_stats=1",
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            check=False,
        )
    elapsed = time.monotonic() - started
    text = log.read_text(encoding="utf-8", errors="replace")
    runs = re.findall(r"Done (\d+) runs in (\d+) second", text)
    coverage = re.findall(r"cov: (\d+) ft: (\d+) corp: (\d+)", text)
    parts = [f"{target}: {elapsed:.0f} s"]
    if runs:
        parts.append(f"{int(runs[-1][0]):,} runs")
    if coverage:
        cov, features, corpus_size = coverage[-1]
        parts.append(f"coverage {cov} edges, {features} features, corpus {corpus_size}")
    parts.append("no finding" if done.returncode == 0 else f"FINDING (see {log})")
    return done.returncode, ", ".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=120, help="time per target")
    parser.add_argument("--work", type=Path, default=HERE / ".work", help="corpus and logs")
    parser.add_argument("targets", nargs="*", help="targets to run (default: all)")
    options = parser.parse_args()
    chosen = options.targets or targets()
    failed = False
    for target in chosen:
        code, summary = run(target, options.seconds, options.work)
        print(summary, flush=True)
        failed |= code != 0
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
