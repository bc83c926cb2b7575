"""Built-in plugin: YAML, importer and exporter, read safely.

The reader builds plain data from ruamel.yaml's node graph itself instead of using a
constructor, so that:
- only the standard tags are accepted (no `!!python/...` code tags) [unsafe-tag];
- a key repeated in a mapping is an error with both lines [duplicate-key];
- aliases are counted, so an alias bomb stops early [alias-bomb];
- a stream of several documents is refused [multi-document];
- plain scalars resolve narrowly: `true`/`false`, `null`/`~`/empty, and integers without
  leading zeros; everything else (`NO`, `on`, `1.10`, `12:30`, `0755`, `2024-01-02`) stays
  the string it was written as.
Problems found later, by the model, get the line and column of the value they point at.

ruamel.yaml is pure Python, and slow on large programs: a document as the exporter writes
it is written and read by `fast_yaml` instead, which takes only what it writes exactly as
ruamel.yaml does (the same bytes, the same data and places read back) and leaves every other
document to ruamel.yaml.
"""

from __future__ import annotations

from typing import IO, TYPE_CHECKING, Any

from oas_program.builtin.fast_yaml import plain_value
from oas_program.errors import DataError, Problem, escape_pointer
from oas_program.files.limits import DEFAULT_LIMITS, Limits
from oas_program.files.positions import mapping_locator
from oas_program.files.reading import decode_text
from oas_program.model.convert import program_from_data, program_to_data
from oas_program.model.located import Loaded
from oas_program.plugins.descriptors import Exporter, ExportOptions, Importer, ImportSource
from oas_program.plugins.hookspecs import hookimpl

if TYPE_CHECKING:
    from oas_program.model.program import Program

MEDIA_TYPE = "application/yaml"
_TAG = "tag:yaml.org,2002:"
_PLAIN_TAGS = frozenset(_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp"))


class _Reader:
    def __init__(self, file: str, limits: Limits, text: str = "") -> None:
        self.file = file
        self.limits = limits
        self.text = text
        self.positions: dict[str, tuple[int, int]] = {}
        self.seen: set[int] = set()
        self.aliases = 0
        # Aliases written in the text, counted in document order, and the one whose
        # expansion is being built (None outside every expansion): when the count of
        # expanded aliases crosses the limit, the error points at that alias, not its anchor.
        self.written_aliases = 0
        self.expanding: int | None = None

    def alias_mark(self, index: int) -> Any:
        """The start mark of the *index*-th alias in the text (0-based), or None."""
        from ruamel.yaml import YAML
        from ruamel.yaml.events import AliasEvent

        seen = 0
        for event in YAML(typ="safe", pure=True).parse(self.text):
            if isinstance(event, AliasEvent):
                if seen == index:
                    return event.start_mark
                seen += 1
        return None

    def fail(self, code: str, message: str, node: Any, pointer: str | None = None) -> DataError:
        mark = node.start_mark
        return DataError.one(
            code,
            message,
            file=self.file,
            line=mark.line + 1,
            column=mark.column + 1,
            pointer=pointer,
        )

    def build(self, node: Any, pointer: str, depth: int) -> Any:
        from ruamel.yaml.nodes import ScalarNode

        # The root is depth 0 here; count containers only, as the JSON reader does.
        if depth >= self.limits.max_depth and not isinstance(node, ScalarNode):
            raise self.fail("too-deep", f"nesting deeper than {self.limits.max_depth}", node)
        if id(node) in self.seen:
            # The composer shares one node for every use of an anchor: a re-visit is an alias.
            self.aliases += 1
            outermost = self.expanding is None
            if outermost:
                # Outside every expansion the walk follows the text, so the n-th re-visit
                # here is the n-th alias written.
                self.expanding = self.written_aliases
                self.written_aliases += 1
            if self.aliases > self.limits.max_yaml_aliases:
                assert self.expanding is not None
                mark = self.alias_mark(self.expanding) or node.start_mark
                raise DataError.one(
                    "alias-bomb",
                    f"too many aliases (more than {self.limits.max_yaml_aliases})",
                    file=self.file,
                    line=mark.line + 1,
                    column=mark.column + 1,
                )
            if outermost:
                try:
                    return self.build_node(node, pointer, depth)
                finally:
                    self.expanding = None
        self.seen.add(id(node))
        return self.build_node(node, pointer, depth)

    def build_node(self, node: Any, pointer: str, depth: int) -> Any:
        from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

        self.positions.setdefault(
            pointer or "/", (node.start_mark.line + 1, node.start_mark.column + 1)
        )
        tag = node.tag if isinstance(node.tag, str) else getattr(node.tag, "value", str(node.tag))
        if isinstance(node, MappingNode):
            if tag != _TAG + "map":
                raise self.fail("unsafe-tag", f"unsupported YAML tag {tag}", node)
            result: dict[str, Any] = {}
            first_line: dict[str, int] = {}
            for key_node, value_node in node.value:
                key = self.build(key_node, pointer + "/~key", depth + 1)
                if not isinstance(key, str):
                    raise self.fail("type-error", "mapping keys must be strings", key_node)
                if key in result:
                    raise self.fail(
                        "duplicate-key",
                        f"duplicate key {key!r} (first at line {first_line[key]})",
                        key_node,
                    )
                first_line[key] = key_node.start_mark.line + 1
                escaped = escape_pointer(key)
                result[key] = self.build(value_node, f"{pointer}/{escaped}", depth + 1)
            return result
        if isinstance(node, SequenceNode):
            if tag != _TAG + "seq":
                raise self.fail("unsafe-tag", f"unsupported YAML tag {tag}", node)
            return [
                self.build(item, f"{pointer}/{i}", depth + 1) for i, item in enumerate(node.value)
            ]
        assert isinstance(node, ScalarNode)
        return self.scalar(node, tag, pointer)

    def scalar(self, node: Any, tag: str, pointer: str = "") -> Any:
        value: str = node.value
        if not value.isascii():
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:  # a "\ud800" escape: no UTF-8 writer could keep it
                raise self.fail(
                    "invalid-unicode",
                    "string holds a lone surrogate",
                    node,
                    pointer.encode("utf-8", "backslashreplace").decode("utf-8") or "/",
                ) from None
        if tag == _TAG + "str" or node.style in ("'", '"', "|", ">"):
            return value
        # The composer tags plain scalars by YAML's own rules (timestamps, floats); those
        # standard tags are fine because the value is resolved here, narrowly, instead.
        if tag not in _PLAIN_TAGS:
            raise self.fail("unsafe-tag", f"unsupported YAML tag {tag}", node)
        return plain_value(value)


def parse_yaml(
    data: bytes, file: str, limits: Limits = DEFAULT_LIMITS
) -> tuple[Any, dict[str, tuple[int, int]]]:
    """Plain data from one YAML document, and the line/column of every JSON Pointer."""
    from oas_program.builtin.fast_yaml import fast_read

    text = decode_text(data, file)
    if not text.strip():
        raise DataError.one("empty", "empty document; expected a mapping", file=file)
    # A document as the YAML export writes it is read by its layout (`fast_read` takes only
    # what it can write again, byte for byte); any other goes through ruamel.yaml.
    fast = fast_read(text, limits.max_depth)
    return fast if fast is not None else read_with_ruamel(text, file, limits)


def read_with_ruamel(
    text: str, file: str, limits: Limits = DEFAULT_LIMITS
) -> tuple[Any, dict[str, tuple[int, int]]]:
    """`parse_yaml` of a decoded, non-blank *text*, by ruamel.yaml's composer."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    yaml = YAML(typ="safe", pure=True)
    try:
        # ruamel's composer recurses once per level: deep flow nesting (`[[[[...`) is
        # refused from the event stream first, before it can exhaust the stack.
        if text.count("[") + text.count("{") > limits.max_depth:
            _refuse_deep(yaml, text, file, limits)
        documents = yaml.compose_all(text)
        first = next(documents, None)
        second = next(documents, None)
    except RecursionError:  # deep block nesting (indentation), which the scan skipped
        _refuse_deep(yaml, text, file, limits)
        raise DataError.one(
            "too-deep", f"nesting deeper than {limits.max_depth}", file=file
        ) from None
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = {"line": mark.line + 1, "column": mark.column + 1} if mark else {}
        raise DataError.one(
            "yaml-syntax", str(error.problem or error), file=file, **where
        ) from None
    except YAMLError as error:
        raise DataError.one("yaml-syntax", str(error), file=file) from None
    if second is not None:
        # Point at the `---` that starts the second document, not at its first value.
        lines = text.splitlines()[: second.start_mark.line + 1]
        line = max((i for i, t in enumerate(lines) if t.startswith("---")), default=len(lines) - 1)
        raise DataError.one(
            "multi-document", "expected a single document", file=file, line=line + 1, column=1
        )
    if first is None:
        raise DataError.one("empty", "empty document; expected a mapping", file=file)
    reader = _Reader(file, limits, text)
    try:
        return reader.build(first, "", 0), reader.positions
    except RecursionError:  # only with a depth limit raised far above the default
        raise DataError.one(
            "too-deep", f"nesting deeper than {limits.max_depth}", file=file
        ) from None


def _refuse_deep(yaml: Any, text: str, file: str, limits: Limits) -> None:
    """DataError at the first collection nested deeper than the limit, found from the event
    stream (which, unlike the composer, does not recurse)."""
    from ruamel.yaml.events import CollectionEndEvent, CollectionStartEvent

    depth = 0
    for event in yaml.parse(text):
        if isinstance(event, CollectionStartEvent):
            depth += 1
            if depth > limits.max_depth:
                mark = event.start_mark
                raise DataError.one(
                    "too-deep",
                    f"nesting deeper than {limits.max_depth}",
                    file=file,
                    line=mark.line + 1,
                    column=mark.column + 1,
                )
        elif isinstance(event, CollectionEndEvent):
            depth -= 1


def locate(
    problems: tuple[Problem, ...], positions: dict[str, tuple[int, int]], file: str
) -> list[Problem]:
    """Give each problem the line and column of the nearest enclosing value it points at."""
    located = []
    for problem in problems:
        pointer = problem.pointer or "/"
        while pointer not in positions and "/" in pointer.rstrip("/"):
            pointer = pointer.rsplit("/", 1)[0] or "/"
        line, column = positions.get(pointer, (None, None))
        located.append(problem._replace(file=file, line=line, column=column))
    return located


def _read(source: ImportSource) -> Loaded:
    data, positions = parse_yaml(source.read_bytes(), source.name, source.limits)
    try:
        program = program_from_data(data)
    except DataError as error:
        raise DataError(locate(error.problems, positions, source.name), error.exit_code) from None
    return Loaded(program=program, locate=mapping_locator(positions))


def _write(program: Program, stream: IO[bytes], options: ExportOptions) -> None:
    from oas_program.builtin.fast_yaml import fast_text, ruamel_text

    data = program_to_data(program)
    text = fast_text(data)
    stream.write((text if text is not None else ruamel_text(data)).encode("utf-8"))


@hookimpl
def oas_program_exporters() -> list[Exporter]:
    return [
        Exporter(
            name="yaml",
            media_type=MEDIA_TYPE,
            suffix=".yaml",
            write=_write,
            description="YAML 1.2, same structure as the canonical JSON",
            lossless=True,
        )
    ]


@hookimpl
def oas_program_importers() -> list[Importer]:
    return [
        Importer(
            name="yaml",
            media_type=MEDIA_TYPE,
            suffixes=(".yaml", ".yml"),
            read=_read,
            description="YAML 1.2 (safe: no code tags, duplicate keys or alias bombs)",
        )
    ]
