"""oas-program-xlsx: the program as an XLSX workbook, written and read back safely.

The plugin registers the `xlsx` exporter and importer with `oas-program` (entry point
group `oas_program`). The functions below are the same code for direct use; openpyxl is
imported only when a workbook is actually written or read.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# openpyxl parses workbook parts with defusedxml (entity bombs and external entities refused)
# only when it does not use lxml; a user who has lxml installed (PyLD brings it) would lose
# that second line of defence behind the plugin's own scan. Decided before openpyxl is first
# imported, which happens only inside this package's modules.
os.environ.setdefault("OPENPYXL_LXML", "False")

if TYPE_CHECKING:
    from oas_program_xlsx.reader import read_workbook
    from oas_program_xlsx.workbook import XlsxWriteError, workbook_bytes

_LAZY = {
    "read_workbook": "oas_program_xlsx.reader",
    "workbook_bytes": "oas_program_xlsx.workbook",
    "XlsxWriteError": "oas_program_xlsx.workbook",
}

__all__ = ["XlsxWriteError", "__version__", "read_workbook", "workbook_bytes"]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'oas_program_xlsx' has no attribute {name!r}")
