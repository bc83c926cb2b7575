"""Reference pages generated from the code when the site is built.

Nothing here is typed by hand: each page is written from the object that defines it, into
`docs/_generated/` (not committed), and included by a page of the site.

- `schema.md`: every object of `schemas/program.schema.json`, a table row per property;
- `exit-codes.md`: `oas_program.errors.ExitCode`, with the meaning from each member's comment;
- `public-api.md`: `oas_program.__all__` and `oas_program.plugin_api.__all__`, each linked to
  the place the API reference documents it;
- `hooks.md`: the hook specifications of `oas_program.plugins.hookspecs`.
"""

from __future__ import annotations

import inspect
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from docutils.nodes import Element
    from sphinx.addnodes import pending_xref
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

ROOT = Path(__file__).resolve().parents[2]
GENERATED = Path(__file__).resolve().parents[1] / "_generated"
NOTICE = "<!-- Generated when the site is built (docs/_ext/oas_docs.py): do not edit. -->\n\n"


def cell(text: str) -> str:
    """Text that is safe inside one cell of a Markdown table."""
    return text.replace("|", "\\|").replace("\n", " ")


def first_line(obj: Any) -> str:
    """The first paragraph of an object's docstring, on one line."""
    doc = inspect.getdoc(obj) or ""
    return " ".join(doc.split("\n\n", 1)[0].split())


# --- the JSON Schema ----------------------------------------------------------------------


def schema_type(spec: dict[str, Any]) -> str:
    """A short, readable type for one property of the schema."""
    if "$ref" in spec:
        name = spec["$ref"].rsplit("/", 1)[-1]
        return f"[{name}](#schema-{name.lower()})"
    if "anyOf" in spec:
        kinds = [schema_type(s) for s in spec["anyOf"] if s.get("type") != "null"]
        nullable = any(s.get("type") == "null" for s in spec["anyOf"])
        return " or ".join(kinds) + (" (or absent)" if nullable else "")
    kind = spec.get("type", "any")
    if kind == "array":
        return f"array of {schema_type(spec.get('items', {}))}"
    if "enum" in spec:
        return "one of " + ", ".join(f"`{value}`" for value in spec["enum"])
    if "const" in spec:
        return f"`{spec['const']}`"
    text = f"{kind}"
    if "pattern" in spec:
        text += f" matching `{spec['pattern']}`"
    return text


def schema_object(title: str, anchor: str, spec: dict[str, Any]) -> list[str]:
    lines = [f"({anchor})=", f"## {title}", ""]
    if spec.get("description"):
        lines += [spec["description"], ""]
    required = set(spec.get("required", []))
    lines += ["| Property | Type | Required | Description |", "|---|---|---|---|"]
    for name, prop in spec.get("properties", {}).items():
        lines.append(
            f"| `{name}` | {cell(schema_type(prop))} | {'yes' if name in required else ''} "
            f"| {cell(prop.get('description', ''))} |"
        )
    if spec.get("additionalProperties") is False:
        lines += ["", "No other property is allowed."]
    alternatives = [s.get("required", []) for s in spec.get("anyOf", []) if "required" in s]
    if alternatives:
        names = ", ".join(f"`{group[0]}`" for group in alternatives)
        lines += ["", f"At least one of {names} is present."]
    return [*lines, ""]


def schema_page() -> str:
    path = ROOT / "schemas" / "program.schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    lines = [
        f"Schema `{schema['$id']}` (JSON Schema {schema['$schema'].split('/')[-2]}): "
        f"{schema['title']}.",
        "",
        *schema_object("The program (the document's root)", "schema-program", schema),
    ]
    for name, spec in sorted(schema.get("$defs", {}).items()):
        lines += schema_object(name, f"schema-{name.lower()}", spec)
    return "\n".join(lines)


# --- exit codes ---------------------------------------------------------------------------


def exit_code_comments() -> dict[str, str]:
    """Each `ExitCode` member's trailing comment, read from the source."""
    from oas_program import errors

    comments: dict[str, str] = {}
    source = inspect.getsource(errors.ExitCode)
    for line in source.splitlines():
        match = re.match(r"\s+([A-Z_]+) = \d+\s*#\s*(.+)", line)
        if match:
            comments[match.group(1)] = match.group(2).strip()
    return comments


def exit_codes_page() -> str:
    from oas_program.errors import ExitCode

    comments = exit_code_comments()
    lines = ["| Code | Name | Meaning |", "|---|---|---|"]
    for member in ExitCode:
        meaning = comments.get(member.name, "success" if member == 0 else "")
        lines.append(f"| {int(member)} | `ExitCode.{member.name}` | {cell(meaning)} |")
    return "\n".join(lines) + "\n"


# --- the public names ---------------------------------------------------------------------


def target(module_name: str, name: str) -> tuple[str, str]:
    """The role and the documented (canonical) name of one public name."""
    import importlib

    module = importlib.import_module(module_name)
    obj = getattr(module, name)
    if inspect.isclass(obj):
        return "class", f"{obj.__module__}.{obj.__qualname__}"
    if inspect.isfunction(obj):
        return "func", f"{obj.__module__}.{obj.__qualname__}"
    lazy = getattr(module, "_LAZY", {})
    if name in lazy:  # a value re-exported lazily: documented where it is defined
        return "data", f"{lazy[name]}.{name}"
    return "data", f"{module_name}.{name}"


def public_api_page() -> str:
    import importlib

    lines: list[str] = []
    for module_name in ("oas_program", "oas_program.plugin_api"):
        module = importlib.import_module(module_name)
        lines += [
            f"### `{module_name}`",
            "",
            first_line(module),
            "",
            "| Name | What it is |",
            "|---|---|",
        ]
        for name in module.__all__:
            role, documented = target(module_name, name)
            obj = getattr(module, name)
            summary = first_line(obj)
            if name == "__version__":
                lines.append(f"| `{module_name}.{name}` | The version: `{obj}` |")
            else:
                lines.append(
                    f"| {{py:{role}}}`{module_name}.{name} <{documented}>` | {cell(summary)} |"
                )
        lines.append("")
    return "\n".join(lines)


# --- hooks --------------------------------------------------------------------------------


def hooks_page() -> str:
    from oas_program.plugins import hookspecs

    lines = ["| Hook | Returns | What it is for |", "|---|---|---|"]
    specs = [
        name
        for name, function in inspect.getmembers(hookspecs, inspect.isfunction)
        if name.startswith("oas_program_") and function.__module__ == hookspecs.__name__
    ]
    for name in specs:
        function = getattr(hookspecs, name)
        returns = inspect.signature(function).return_annotation
        lines.append(
            f"| {{py:func}}`~oas_program.plugins.hookspecs.{name}` "
            f"| `{cell(str(returns))}` | {cell(first_line(function))} |"
        )
    # Each specification in full (its entry in the index is on the API page).
    lines += ["", "## The specifications", ""]
    for name in specs:
        lines += [
            "```{eval-rst}",
            f".. autofunction:: oas_program.plugins.hookspecs.{name}",
            "   :no-index:",
            "```",
            "",
        ]
    return "\n".join(lines) + "\n"


PAGES = {
    "schema.md": schema_page,
    "exit-codes.md": exit_codes_page,
    "public-api.md": public_api_page,
    "hooks.md": hooks_page,
}


def write_pages(app: Sphinx) -> None:
    GENERATED.mkdir(exist_ok=True)
    for name, make in PAGES.items():
        text = NOTICE + make()
        path = GENERATED / name
        # Rewriting an unchanged page would make Sphinx read every page including it again.
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")


def canonical_name(name: str) -> str | None:
    """The name an object of the package is documented under (where it is defined)."""
    import importlib

    parts = name.split(".")
    for split in range(len(parts) - 1, 0, -1):
        try:
            obj: Any = importlib.import_module(".".join(parts[:split]))
        except ImportError:
            continue
        try:
            for attribute in parts[split:]:
                obj = getattr(obj, attribute)
        except AttributeError:
            return None
        module, qualname = getattr(obj, "__module__", None), getattr(obj, "__qualname__", None)
        if isinstance(module, str) and isinstance(qualname, str):
            return f"{module}.{qualname}"
        return None
    return None


def resolve_reexport(
    app: Sphinx, env: BuildEnvironment, node: pending_xref, contnode: Element
) -> Element | None:
    """Resolve `oas_program.Program` and the like to where the object is documented.

    The package re-exports names (`oas_program.Program`, `oas_program.plugin_api.Exporter`);
    each is documented once, where it is defined, and a reference through any re-export
    resolves there. A name that is not an object of the package stays unresolved (and -n
    reports it).
    """
    if node.get("refdomain") != "py":
        return None
    name = node.get("reftarget", "")
    if not name.startswith("oas_program"):
        modname = node.get("py:module") or ""
        if not modname.startswith("oas_program"):
            return None
        name = f"{modname}.{name}"
    canonical = canonical_name(name)
    if canonical is None or canonical == name:
        return None
    domain = env.get_domain("py")
    node["reftarget"] = canonical
    return domain.resolve_xref(
        env, node["refdoc"], app.builder, node["reftype"], canonical, node, contnode
    )


LIST_ITEM = re.compile(r"^(\s*)(?:[-*] |\d+\. )")
FENCE = re.compile(r"^(\s*)```(\w*)\s*$")
STRUCTURE_MESSAGES = (
    "Unexpected indentation",
    "ends without a blank line",
    "start-string without end-string",
    "Inconsistent literal block quoting",
)


def markdown_to_rest(lines: list[str]) -> list[str]:
    """Docstrings are plain prose in Markdown habits; make the two habits reST lacks valid.

    A fenced code block becomes a `code-block` directive, and a list that starts or ends
    without a blank line gets one.
    """
    out: list[str] = []
    fence: str | None = None
    for line in lines:
        if fence is not None:
            if FENCE.match(line):
                fence = None
                out.append("")
            else:
                out.append("   " + line if line.strip() else "")
            continue
        match = FENCE.match(line)
        if match:
            fence = match.group(2) or "text"
            if out and out[-1].strip():
                out.append("")
            out += [f"{match.group(1)}.. code-block:: {fence}", ""]
            continue
        previous = out[-1] if out else ""
        in_list = bool(LIST_ITEM.match(previous)) or (
            previous.startswith(" ") and any(LIST_ITEM.match(x) for x in out[-6:])
        )
        starts = bool(LIST_ITEM.match(line)) and not in_list
        ends = in_list and bool(line.strip()) and not line.startswith(" ")
        if previous.strip() and (starts or (ends and not LIST_ITEM.match(line))):
            out.append("")
        out.append(line)
    return out


def structure_errors(lines: list[str]) -> bool:
    """Whether docutils finds the text's structure or inline markup broken."""
    from docutils.core import publish_doctree
    from docutils.nodes import system_message
    from docutils.utils import SystemMessage

    messages: list[str] = []
    # Directives and roles are Sphinx's (they need its environment): a directive's content is
    # checked as a literal block, a role's text as a literal.
    plain = [re.sub(r"^(\s*)\.\. [\w:-]+::.*$", r"\1::", line) for line in lines]
    plain = [re.sub(r":[\w:.-]+:`([^`]*)`", r"``\1``", line) for line in plain]
    plain = [re.sub(r"(?<![`\w])`([^`]+)`(?![`\w])", r"``\1``", line) for line in plain]
    try:
        tree = publish_doctree(
            "\n".join(plain),
            settings_overrides={"report_level": 5, "halt_level": 5, "warning_stream": False},
        )
    except SystemMessage:
        return True
    except Exception:  # something only Sphinx knows: let the build itself judge the text
        return False
    for node in tree.findall(system_message):
        messages.append(node.astext())
    return any(text in message for message in messages for text in STRUCTURE_MESSAGES)


INTERPRETED = re.compile(r"(?<![`:\w])`((?:[^`\n]|\n(?!\s*\n))+)`(?![`_\w])")


def backticks_as_code(lines: list[str]) -> list[str]:
    """`x` (interpreted text, no role) becomes ``x``: docstrings mean code by it."""
    if not lines:
        return lines
    return INTERPRETED.sub(r"``\1``", "\n".join(lines)).split("\n")


def fix_docstring(
    app: Sphinx, what: str, name: str, obj: Any, options: Any, lines: list[str]
) -> None:
    """Show every docstring: reST-valid after `markdown_to_rest`, or else as written."""
    fixed = backticks_as_code(markdown_to_rest(lines))
    if structure_errors(fixed):
        fixed = ["::", "", *("    " + line if line.strip() else "" for line in lines), ""]
    lines[:] = fixed


def show_enum_members(
    app: Sphinx, what: str, name: str, obj: Any, skip: bool, options: Any
) -> bool | None:
    """Show every member of an enumeration (the codelists), documented or not."""
    import enum

    if isinstance(obj, enum.Enum) and not name.startswith("_"):
        return False
    return None


def click_text(app: Sphinx, ctx: Any, lines: list[str]) -> None:
    """The CLI's help text, like docstrings: `x` is code."""
    lines[:] = backticks_as_code(lines)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("autodoc-skip-member", show_enum_members)
    app.connect("builder-inited", write_pages)
    app.connect("autodoc-process-docstring", fix_docstring)
    app.connect("sphinx-click-process-description", click_text)
    app.connect("sphinx-click-process-usage", click_text)
    app.connect("sphinx-click-process-options", click_text)
    app.connect("sphinx-click-process-arguments", click_text)
    app.connect("sphinx-click-process-epilog", click_text)
    app.connect("missing-reference", resolve_reexport)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
