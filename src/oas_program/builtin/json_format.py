"""Built-in plugin: the canonical JSON format, importer and exporter."""

from __future__ import annotations

from typing import IO, TYPE_CHECKING

from oas_program.files import canonical
from oas_program.files.limits import DEFAULT_LIMITS, Limits
from oas_program.model.located import Loaded
from oas_program.plugins.descriptors import Exporter, ExportOptions, Importer, ImportSource
from oas_program.plugins.hookspecs import hookimpl

if TYPE_CHECKING:
    from oas_program.model.program import Program


def _write(program: Program, stream: IO[bytes], options: ExportOptions) -> None:
    stream.write(canonical.dumps_bytes(program))


def loaded(data: bytes, name: str, limits: Limits = DEFAULT_LIMITS) -> Loaded:
    """The program in canonical JSON *data*, with the places of its values (what reading a
    `.json` file gives; the benchmarks time it on bytes in memory)."""
    from oas_program.files.positions import json_locator  # not for exports

    program = canonical.loads(data, file=name, limits=limits)
    # Locations for validators' findings; the text is scanned only if one is asked for (and
    # only as far as it needs: the load refused repeated keys).
    return Loaded(program=program, locate=json_locator(data, name, unique_keys=True))


def _read(source: ImportSource) -> Loaded:
    return loaded(source.read_bytes(), source.name, source.limits)


def _sniff(head: bytes) -> bool:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return text[:1] in (b"{", b"[")


@hookimpl
def oas_program_exporters() -> list[Exporter]:
    return [
        Exporter(
            name="json",
            media_type=canonical.MEDIA_TYPE,
            suffix=".json",
            write=_write,
            description="Canonical JSON (the interchange format; schemas/program.schema.json)",
            lossless=True,
        )
    ]


@hookimpl
def oas_program_importers() -> list[Importer]:
    return [
        Importer(
            name="json",
            media_type=canonical.MEDIA_TYPE,
            suffixes=(".json",),
            read=_read,
            sniff=_sniff,
            description="Canonical JSON",
        )
    ]
