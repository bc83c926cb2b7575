"""Coverage-guided fuzzing of one reader with atheris (libFuzzer for Python).

    python fuzz/fuzz_importers.py TARGET [CORPUS_DIR ...] [libFuzzer options]
    python fuzz/fuzz_importers.py TARGET --seeds DIR     # write the seed inputs and exit

TARGET is a reader (`python fuzz/fuzz_importers.py --list`): an importer fed whole files
(`json`, `yaml`, `csv` as a ZIP package, `sqlite`, `xlsx`), a reporting-form reader
(`form-json`, `form-csv`, `form-xlsx`), or a `*-member` target, where the input replaces one
member of a valid archive (its first byte picks which) so that mutations reach the CSV and
XML parsers instead of dying at the ZIP checksum.

The property: a reader either returns what it promises or raises `DataError`; anything
else (and a hang or an out-of-memory) is a finding, saved by libFuzzer as `crash-*`,
`timeout-*` or `oom-*` under the artifact prefix. `fuzz/run.py` runs every target in turn.
Without atheris (`--no-atheris`, or when it is not installed) the same property runs under
a plain random mutator for `-max_total_time` seconds, with no coverage guidance.
"""

from __future__ import annotations

import importlib
import io
import os
import random
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

TARGETS = (
    "json",
    "yaml",
    "csv",
    "csv-member",
    "sqlite",
    "xlsx",
    "xlsx-member",
    "form-json",
    "form-csv",
    "form-xlsx",
)
# Modules whose code coverage guides the fuzzer, by target. Instrumenting ruamel.yaml and
# openpyxl (pure Python) lets mutations find their way through those parsers too. They are
# imported under instrumentation here, since the readers import them only when they run.
_XLSX = ["oas_program_xlsx.reader", "oas_program_xlsx.form", "openpyxl.reader.excel"]
INSTRUMENT = {
    "yaml": ["ruamel.yaml", "ruamel.yaml.composer", "ruamel.yaml.parser"],
    "xlsx": _XLSX,
    "xlsx-member": _XLSX,
    "form-xlsx": _XLSX,
}


class Reader:
    """One fuzz target: how to read an input, and valid inputs to start from."""

    def __init__(self, target: str) -> None:
        from oas_program import default_program
        from oas_program.errors import DataError
        from oas_program.plugin_api import ExportOptions, ImportSource
        from oas_program.plugins.host import PluginHost
        from oas_program.services.tracking import forms

        self.target = target
        self.data_error = DataError
        self.import_source = ImportSource
        plugins: list[tuple[str, object]] = []
        if "xlsx" in target:
            import oas_program_xlsx.plugin as xlsx

            plugins.append(("xlsx", xlsx))
        host = PluginHost(entrypoints=False, plugins=plugins, strict=True)
        fmt = target.removeprefix("form-").removesuffix("-member")
        program = _small(default_program())
        buffer = io.BytesIO()
        if target.startswith("form-"):
            form_format = host.form_format(fmt)
            form = forms.make_form(default_program(), "mex", "2025")
            form_format.write(form, buffer, ExportOptions())
            self.read: Callable[[Any], Any] = form_format.read
            self.sniff: Callable[[bytes], bool] | None = None
            self.suffix = form_format.suffix
        else:
            importer = host.importer(fmt)
            host.exporter(fmt).write(program, buffer, ExportOptions())
            self.read, self.sniff = importer.read, importer.sniff
            self.suffix = ".zip" if fmt == "csv" else importer.suffixes[0]
        self.seed = buffer.getvalue()
        self.member = target.endswith("-member")
        if self.member:
            with zipfile.ZipFile(io.BytesIO(self.seed)) as archive:
                self.members = [(info, archive.read(info)) for info in archive.infolist()]
        self.folder = tempfile.TemporaryDirectory(prefix=f"oas-fuzz-{target}-")
        self.path = Path(self.folder.name) / f"input{self.suffix}"

    def seeds(self) -> list[bytes]:
        """Valid inputs: the whole file, or each member with its index byte in front."""
        if self.member:
            return [bytes([index]) + data for index, (_info, data) in enumerate(self.members)]
        return [self.seed]

    def assemble(self, data: bytes) -> bytes:
        """The file to read for one fuzz input."""
        if not self.member or not data:
            return data
        index = data[0] % len(self.members)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
            for position, (info, content) in enumerate(self.members):
                archive.writestr(info.filename, data[1:] if position == index else content)
        return buffer.getvalue()

    def check(self, data: bytes) -> None:
        """The property: the reader returns, or raises DataError; nothing else."""
        content = self.assemble(data)
        if self.sniff is not None and not isinstance(self.sniff(content[:4096]), bool):
            raise AssertionError("sniff returned something other than a bool")
        self.path.write_bytes(content)
        source = self.import_source(path=self.path, name=self.path.name)
        try:
            self.read(source)
        except self.data_error as error:
            for problem in error.problems:
                str(problem).encode("utf-8")  # every message must be printable


def _small(program: Any) -> Any:
    """Two of everything: the seed stays small, so each run is quick."""
    import attrs

    cut = {
        field.name: getattr(program, field.name)[:2]
        for field in attrs.fields(type(program))
        if isinstance(getattr(program, field.name), tuple) and field.name != "based_on"
    }
    return attrs.evolve(program, **cut)


def write_seeds(reader: Reader, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for number, seed in enumerate(reader.seeds()):
        (folder / f"seed-{number}").write_bytes(seed)


def _option(args: list[str], name: str, default: int) -> int:
    for arg in args:
        if arg.startswith(f"-{name}="):
            return int(arg.split("=", 1)[1])
    return default


def random_mutation(reader: Reader, args: list[str]) -> None:
    """The fallback without atheris: random damage to the seeds for -max_total_time."""
    seconds = _option(args, "max_total_time", 60)
    rng = random.Random(_option(args, "seed", 0))
    seeds = reader.seeds()
    runs = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        data = bytearray(rng.choice(seeds))
        for _ in range(rng.randint(1, 8)):
            at = rng.randrange(len(data) + 1)
            kind = rng.randrange(4)
            if kind == 0 and at < len(data):
                data[at] = rng.randrange(256)
            elif kind == 1:
                data[at:at] = rng.randbytes(rng.randint(1, 16))
            elif kind == 2:
                del data[at : at + rng.randint(1, 64)]
            elif kind == 3 and rng.random() < 0.2:
                del data[at:]
        try:
            reader.check(bytes(data))
        except Exception:
            finding = Path(f"crash-{reader.target}-{runs}")
            finding.write_bytes(bytes(data))
            print(f"finding saved to {finding}", file=sys.stderr)
            raise
        runs += 1
    print(f"Done {runs} runs in {seconds} second(s) (random mutation, no coverage)")


def main() -> None:
    args = sys.argv[1:]
    if not args or args[0] in ("-h", "--help"):
        print(__doc__)
        return
    if args[0] == "--list":
        print("\n".join(TARGETS))
        return
    target, rest = args[0], args[1:]
    if target not in TARGETS:
        sys.exit(f"unknown target {target!r}; one of: {', '.join(TARGETS)}")
    if "--seeds" in rest:
        write_seeds(Reader(target), Path(rest[rest.index("--seeds") + 1]))
        return
    try:
        if "--no-atheris" in rest:
            raise ImportError
        import atheris
    except ImportError:
        random_mutation(Reader(target), [a for a in rest if a != "--no-atheris"])
        return
    extra = INSTRUMENT.get(target, [])
    packages = ["oas_program", *{name.split(".")[0] for name in extra}]
    with atheris.instrument_imports(include=packages):
        for module in ["oas_program.plugins.host", "oas_program.builtin.csv_package", *extra]:
            importlib.import_module(module)
    reader = Reader(target)
    # Warnings from damaged workbooks are expected; only exceptions matter.
    import warnings

    warnings.simplefilter("ignore")
    os.environ.setdefault("OAS_PROGRAM_STRICT", "1")
    atheris.Setup([sys.argv[0], *rest], reader.check)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
