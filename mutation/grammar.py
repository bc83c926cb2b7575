"""Mutants of a module's module-level values: regular expressions and tables.

mutmut changes function bodies only. A module such as symbols.py keeps much of its logic in
module-level values: the patterns of the grammar, and tables (Roman numeral steps, session
letters, the era boundaries, the order in which families are tried). This mutator changes
those values, one small change at a time, and runs the tests that matter on each mutant:

- in a raw string (a regular expression or a piece of one): each bounded repetition
  `{m,n}` or `{n}` one wider or narrower at each end; each optional `?` removed; each `+`
  turned into `*` and back; each character of a `[...]` class removed; each alternative of
  a `|` removed; `(?i:` turned into `(?:`; each escaped literal (`\\.`, `\\(`) removed;
- in a table: each number one more and one less; each plain string changed; each element of
  the table (a tuple, list or dict) removed; each two neighbouring elements swapped.

`__all__` and type aliases are left alone. A mutant whose module no longer imports (an
invalid pattern) is counted apart: it proves nothing about the tests. Run it through
`python mutation/run.py MODULE --grammar`.
"""

from __future__ import annotations

import ast
import io
import re
import shutil
import subprocess
import tempfile
import tokenize
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from run import copy_tree, environment, interpreter, unprivileged  # mutation/run.py

if TYPE_CHECKING:
    import argparse


@dataclass(frozen=True)
class Mutant:
    name: str
    """`<module-level name>:<line>:<what changed>`, stable for one version of the file."""
    before: str
    after: str
    source: str
    """The whole mutated module."""


# ---- where the values are ---------------------------------------------------------------


def _targets(node: ast.stmt) -> list[str]:
    if isinstance(node, ast.Assign):
        return [t.id for t in node.targets if isinstance(t, ast.Name)]
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        return [node.target.id]
    return []


def _is_alias(value: ast.expr) -> bool:
    """`Organization = Literal[...]`, `Suffix = tuple[str, int]`: types, not values."""
    return isinstance(value, ast.Subscript)


def module_values(tree: ast.Module) -> list[tuple[str, ast.expr]]:
    found: list[tuple[str, ast.expr]] = []
    for node in tree.body:
        names = _targets(node)
        value = getattr(node, "value", None)
        if not names or value is None or _is_alias(value) or "__all__" in names:
            continue
        found.append((names[0], value))
    return found


# ---- regular expression text ------------------------------------------------------------

_QUANTIFIER = re.compile(r"\{\{?(\d+)(?:,(\d+))?\}\}?")


def _quantifier_edits(text: str) -> list[tuple[int, int, str, str]]:
    edits: list[tuple[int, int, str, str]] = []
    for m in _QUANTIFIER.finditer(text):
        low, high = int(m[1]), m[2]
        left, right = ("{{", "}}") if m[0].startswith("{{") else ("{", "}")
        options: list[tuple[int, int | None]]
        if high is None:
            options = [(low + 1, None)] + ([(low - 1, None)] if low > 1 else [])
        else:
            top = int(high)
            options = [(low, top + 1)]
            if low < top:
                options.append((low + 1, top))
            if low > 0:
                options.append((low - 1, top))
            if top - 1 >= max(low, 1):
                options.append((low, top - 1))
        for a, b in options:
            written = f"{left}{a if b is None else f'{a},{b}'}{right}"
            edits.append((m.start(), m.end(), written, f"{m[0]} -> {written}"))
    return edits


def _regex_edits(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, replacement, label) edits of a raw string's body."""
    edits = _quantifier_edits(text)
    index = 0
    groups: list[tuple[int, list[int]]] = []  # open groups: (start, positions of their bars)
    while index < len(text):
        char = text[index]
        if char == "\\":
            escaped = text[index : index + 2]
            if escaped[1:] in ".()[]-/":
                edits.append((index, index + 2, "", f"drop {escaped}"))
            index += 2
            continue
        if char == "[":
            end = text.index("]", index + 1)
            body = text[index + 1 : end]
            for i, letter in enumerate(body):
                in_range = letter == "-" or body[i + 1 : i + 2] == "-" or body[i - 1 : i] == "-"
                if len(body) > 1 and not in_range:
                    label = f"drop {letter!r} from [{body}]"
                    edits.append((index + 1 + i, index + 2 + i, "", label))
            index = end + 1
            continue
        if text.startswith("(?i:", index):
            edits.append((index, index + 4, "(?:", "(?i: -> (?:"))
        if char == "(":
            groups.append((index, []))
        elif char == ")" and groups:
            start, bars = groups.pop()
            body_start = start + 1
            lookaround = next(
                (p for p in ("(?<=", "(?<!", "(?=", "(?!") if text.startswith(p, start)), None
            )
            if lookaround is not None:
                body_start = start + len(lookaround)
            elif re.match(r"\(\?([aiLmsux]+|P=\w+)\)", text[start:]):
                body_start = index  # (?i) or a backreference (?P=name): no body to mutate
            elif text.startswith("(?P<", start):
                body_start = text.index(">", start) + 1
            elif text.startswith("(?", start):
                body_start = text.index(":", start) + 1
            ends = [*bars, index]
            for n, bar in enumerate(bars):
                if n == 0:  # the first alternative, with the bar after it
                    label = f"drop alternative {text[body_start:bar]!r}"
                    edits.append((body_start, bar + 1, "", label))
                following = ends[n + 1]  # each later one, with the bar before it
                label = f"drop alternative {text[bar + 1 : following]!r}"
                edits.append((bar, following, "", label))
        elif char == "|" and groups:
            groups[-1][1].append(index)
        elif char == "?" and index > 0 and text[index - 1] != "(":
            edits.append(
                (index, index + 1, "", f"drop ? after {text[max(0, index - 8) : index]!r}")
            )
        elif char == "+":
            edits.append((index, index + 1, "*", "+ -> *"))
        elif char == "*":
            edits.append((index, index + 1, "+", "* -> +"))
        elif char == "$":
            edits.append((index, index + 1, "", "drop $"))
        index += 1
    return edits


# ---- the mutants --------------------------------------------------------------------------


def mutants(source: str) -> list[Mutant]:
    tree = ast.parse(source)
    starts = [0]
    for line in source.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))

    def at(line: int | None, column: int | None) -> int:
        # ast columns count UTF-8 bytes; the values mutated here are on ASCII lines.
        assert line is not None and column is not None
        return starts[line - 1] + column

    found: list[Mutant] = []

    def add(name: str, line: int, span: tuple[int, int], replacement: str, label: str) -> None:
        mutated = source[: span[0]] + replacement + source[span[1] :]
        if mutated != source:
            before = source[span[0] : span[1]]
            found.append(Mutant(f"{name}:{line}:{label}", before, replacement, mutated))

    tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    for name, value in module_values(tree):
        first, last = at(value.lineno, value.col_offset), at(value.end_lineno, value.end_col_offset)
        for token in tokens:
            start, end = at(*token.start), at(*token.end)
            if start < first or end > last:
                continue
            line = token.start[0]
            if token.type == tokenize.NUMBER and token.string.isdigit():
                number = int(token.string)
                for other in (number + 1, number - 1):
                    add(name, line, (start, end), str(other), f"{number} -> {other}")
            elif token.type == tokenize.STRING:
                prefix = re.match(r"[A-Za-z]*", token.string)
                assert prefix is not None
                quote = token.string[len(prefix[0])]
                body_start = start + len(prefix[0]) + 1
                body = token.string[len(prefix[0]) + 1 : -1]
                if "r" in prefix[0].lower():
                    for s, e, replacement, label in _regex_edits(body):
                        span = (body_start + s, body_start + e)
                        add(name, line, span, replacement, f"regex {label}")
                elif not token.string.endswith(quote * 3):
                    add(name, line, (body_start, body_start), "XX", f"{body!r} -> 'XX{body}'")
        # The table itself (not the pairs or calls inside it): drop or swap its elements.
        if isinstance(value, ast.Dict):
            elements = [
                (k.lineno, at(k.lineno, k.col_offset), at(v.end_lineno, v.end_col_offset))
                for k, v in zip(value.keys, value.values, strict=True)
                if k is not None
            ]
        elif isinstance(value, ast.Tuple | ast.List):
            elements = [
                (e.lineno, at(e.lineno, e.col_offset), at(e.end_lineno, e.end_col_offset))
                for e in value.elts
            ]
        else:
            elements = []
        for n, (line, start, end) in enumerate(elements):
            # Drop the element with the separator that follows it (or precedes the last).
            if n + 1 < len(elements):
                cut = (start, elements[n + 1][1])
            elif n > 0:
                cut = (elements[n - 1][2], end)
            else:
                continue
            shown = source[start:end].splitlines()[0][:40]
            add(name, line, cut, "", f"drop element {n} ({shown!r})")
            if n + 1 < len(elements):
                _, s2, e2 = elements[n + 1]
                swapped = source[s2:e2] + source[end:s2] + source[start:end]
                add(name, line, (start, e2), swapped, f"swap elements {n} and {n + 1}")
    return found


# ---- running them -------------------------------------------------------------------------


# A line of pytest's --durations report: "1.52s call     tests/test_x.py::test_y[...]".
_SLOW = re.compile(r"^[0-9.]+s (?:call|setup|teardown) +(\S.*)$", re.M)


def run_grammar(args: argparse.Namespace, module: str, tests: list[str]) -> int:
    workdir = Path(args.workdir or Path(tempfile.gettempdir()) / "oas-program-mutation")
    workdir = workdir / (Path(module).stem + "-grammar")
    if workdir.exists():
        shutil.rmtree(workdir)
    workdir.mkdir(parents=True)
    tree = copy_tree(workdir)
    env = environment(workdir)
    env["PYTHONPATH"] = str(tree / "src")  # the copy's package, before the installed one
    prefix = [*unprivileged(args.user, workdir), "nice", "-n", "19"]
    python = interpreter(prefix, workdir, env)
    target = tree / module
    original = target.read_text(encoding="utf-8")
    pytest = [*prefix, python, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider"]
    print("+", " ".join([*pytest, *tests]), f"(in {tree})", flush=True)
    # The tests that take long (property tests, mostly) run last, and only for a mutant the
    # quick ones do not kill: the verdict is the same as one run of them all, much sooner.
    baseline = subprocess.run(
        [*pytest, "--durations=0", "--durations-min=0.25", *tests],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if baseline.returncode:
        raise SystemExit("grammar.py: the tests fail on the unchanged module")
    slow = sorted({m[1] for m in _SLOW.finditer(baseline.stdout)})
    quick = [*pytest, *tests, *(f"--deselect={node}" for node in slow)]
    rest = [*pytest, *slow]
    # The grammar first, then the tables: if a run is cut short, the patterns are measured.
    found = sorted(mutants(original), key=lambda m: ":regex " not in m.name)
    if args.mutants:
        found = [m for m in found if any(pattern in m.name for pattern in args.mutants)]
    killed: list[Mutant] = []
    survived: list[Mutant] = []
    invalid: list[Mutant] = []
    try:
        for number, mutant in enumerate(found, 1):
            target.write_text(mutant.source, encoding="utf-8")
            status = subprocess.run(quick, cwd=tree, env=env, capture_output=True).returncode
            if status == 0 and slow:
                status = subprocess.run(rest, cwd=tree, env=env, capture_output=True).returncode
            # pytest exits 2 when the tests cannot even be collected: the module no longer
            # imports (an invalid pattern), which says nothing about the tests.
            verdict = {0: "survived", 2: "invalid"}.get(status, "killed")
            {"survived": survived, "invalid": invalid, "killed": killed}[verdict].append(mutant)
            print(f"{number}/{len(found)} {verdict}: {mutant.name}", flush=True)
    finally:
        target.write_text(original, encoding="utf-8")
    viable = len(killed) + len(survived)
    score = 100 * len(killed) / viable if viable else 100.0
    lines = [
        f"# {module}, module-level values: {len(killed)} of {viable} mutants killed "
        f"({score:.1f} %)",
        "",
        f"survived: {len(survived)}, invalid (the module does not import): {len(invalid)}",
        "",
        *(f"- `{m.name}`: `{m.before}` -> `{m.after}`" for m in survived),
    ]
    report = workdir / "report.md"
    report.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(lines[0])
    print(lines[2])
    print(f"report: {report}")
    return 0
