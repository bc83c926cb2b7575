"""Big input from a pipe or a device is read in chunks and refused at the size limit, in
bounded memory: never held whole, never read past the limit (an endless source ends too)."""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
import threading
import tracemalloc
from pathlib import Path

import pytest

from oas_program import pipeline
from oas_program.errors import DataError
from oas_program.files.limits import Limits

SCRIPT = str(Path(sys.executable).with_name("oas-program"))
MIB = 1024 * 1024


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_an_endless_device_is_refused_at_the_limit_in_bounded_memory(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("OAS_PROGRAM_MAX_INPUT_BYTES", str(64 * MIB))
    assert Limits.from_environ().max_bytes == 64 * MIB
    tracemalloc.start()
    try:
        with pytest.raises(DataError) as raised:
            pipeline.read_program("/dev/zero")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    [problem] = raised.value.problems
    assert problem.code == "too-large"
    # 64 MiB went through; at most a few one-MiB chunks were held at once.
    assert peak < 8 * MIB, peak


# The command run in a fresh interpreter that, on its way out, writes its own peak resident
# memory (VmHWM, per process image: not inherited from the test process it was forked from,
# as ru_maxrss is across exec) on stderr.
_MEASURED = """
import atexit, sys
def peak():
    with open("/proc/self/status") as status:
        line = next(x for x in status if x.startswith("VmHWM:"))
    sys.stderr.write("peak " + line.split()[1] + " kB\\n")
atexit.register(peak)
from oas_program.cli import main
sys.argv = ["oas-program", "validate", "-"]
main()
"""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
def test_a_pipe_over_the_default_limit_is_refused_in_bounded_memory() -> None:
    """`oas-program validate -` fed 16 MiB past the default 200 MiB limit through a real
    pipe: exit 3, and the process's peak resident memory stays far below the input's size
    (it was about 430 MB when the whole input was read before the check)."""
    limit = 200 * MIB
    env = {k: v for k, v in os.environ.items() if not k.startswith("OAS_PROGRAM_MAX")}
    process = subprocess.Popen(
        [sys.executable, "-c", _MEASURED],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert process.stdin is not None

    def feed() -> None:
        chunk = b"{" + b" " * (MIB - 1)
        assert process.stdin is not None
        try:
            for _ in range(limit // MIB + 16):
                process.stdin.write(chunk)
        except BrokenPipeError:  # the reader stopped at the limit, as it should
            pass
        finally:
            with contextlib.suppress(BrokenPipeError):
                process.stdin.close()

    feeder = threading.Thread(target=feed)
    feeder.start()
    # Not communicate(): it would close the pipe the feeder writes to.
    assert process.stdout is not None and process.stderr is not None
    stdout, stderr = process.stdout.read(), process.stderr.read()
    process.wait()
    feeder.join()
    process.stdout.close()
    process.stderr.close()
    assert process.returncode == 3, stderr
    assert stdout.decode().splitlines()[0] == "-: larger than the 200 MiB input limit [too-large]"
    found = re.search(rb"peak (\d+) kB", stderr)
    assert found is not None, stderr
    assert int(found.group(1)) * 1024 < limit / 2, f"peak RSS {found.group(1).decode()} kB"
