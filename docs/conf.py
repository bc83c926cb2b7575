"""Sphinx configuration of the oas-program documentation site.

Build it with `python -m sphinx -W --keep-going -n -b html docs docs/_build/html`
(needs `pip install -e '.[docs]'`; works offline).
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "_ext"))

import oas_program  # noqa: E402

project = "oas-program"
author = "oas-program contributors"
copyright = "oas-program contributors, MIT licence"
release = oas_program.__version__
version = release

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.napoleon",
    "sphinx_click",
    # The references generated from the code: JSON Schema, exit codes, public names, hooks.
    "oas_docs",
]

source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
root_doc = "index"
exclude_patterns = ["_build", "_generated", "Thumbs.db", ".DS_Store"]
templates_path = ["_templates"]

myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
# Links to files outside docs/ (the schema, examples, plugins) are not pages of the site.
myst_url_schemes = {"http": None, "https": None, "mailto": None}

# The API reference: one page per public module, found by walking the package, so modules
# added later are picked up without editing the docs.
autosummary_generate = True
autosummary_ignore_module_all = True
autodoc_default_options = {
    "members": True,
    "show-inheritance": True,
    "ignore-module-all": True,
}
autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_typehints_format = "short"
napoleon_google_docstring = False
napoleon_numpy_docstring = False

# Every cross-reference inside the project must resolve (-n). References to other projects'
# objects (the standard library, attrs, click, pluggy) cannot be checked offline: intersphinx
# would need the network, so they are let through.
nitpicky = True
nitpick_ignore_regex = [
    (r"py:.*", r"(?!oas_program\b).*"),
    # Type variables (one capital letter: T, V) are not documented objects.
    (r"py:.*", r"oas_program\..*\.[A-Z]"),
]
# A bare `type` in an annotation (`type[T]`) also matches fields named `type`; the builtin
# is meant, and the ambiguity is not an error in the docs.
suppress_warnings = ["ref.python"]
# Docstrings write code in single backticks, as Markdown does: the extension turns them into
# literals (`backticks_as_code`), in docstrings and in the CLI's help alike.

# Text is shown as written: quotes and dashes in commands and data stay ASCII.
smartquotes = False

html_theme = "furo"
html_title = f"oas-program {release}"
html_static_path: list[str] = []
