"""The README's first block runs as written (its install line aside), on a server of its own."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from oas_program_postgresql.devserver import find_bindir

PLUGIN = Path(__file__).resolve().parents[1]
ROOT = PLUGIN.parents[1]


def test_the_readme_walk_through(tmp_path: Path) -> None:
    if find_bindir() is None and not os.environ.get("CI"):
        pytest.skip("PostgreSQL is not installed (no initdb/pg_ctl)")
    block = re.search(r"```sh\n(.*?)```", (PLUGIN / "README.md").read_text(), re.S)
    assert block is not None
    lines = [line for line in block.group(1).splitlines() if not line.startswith("pip install")]
    folder = Path(tempfile.mkdtemp(prefix="oas-readme-"))
    folder.chmod(0o755)  # the server's folder inside must be reachable by its owner
    script = "\n".join(lines).replace("/tmp/oas-pg", str(folder / "pg"))
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    try:
        done = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", script],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )
    finally:
        if (folder / "pg" / "data" / "postmaster.pid").exists():  # the script stopped early
            stop = [sys.executable, "-m", "oas_program_postgresql.devserver", f"{folder}/pg"]
            subprocess.run([*stop, "--stop"], check=False, capture_output=True)
        subprocess.run(["rm", "-rf", str(folder)], check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 added, 0 updated, 0 unchanged" in done.stderr
    assert "activity_id" in done.stdout  # psql's answer
    assert (tmp_path / "tracked.json").exists()
