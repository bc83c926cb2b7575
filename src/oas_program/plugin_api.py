"""The stable import path for plugin authors: the descriptors their hooks return.

Everything here is defined in the plugin system (`oas_program.plugins.descriptors`) or in the
shared vocabulary (`oas_program.errors`, `oas_program.model.located`); this module only
gathers it, so that `from oas_program.plugin_api import Exporter` keeps working whatever the
layout inside the package.
"""

from oas_program.errors import (
    DataError,
    ExitCode,
    Location,
    OutputError,
    PluginError,
    Problem,
    UsageError,
)
from oas_program.files.locations import redact_url
from oas_program.model.located import Loaded
from oas_program.plugins.descriptors import (
    Contribution,
    Exporter,
    ExportOptions,
    Finding,
    FormFormat,
    Importer,
    ImportSource,
    Input,
    Option,
    Rule,
    Severity,
    Store,
    Validator,
)

__all__ = [
    "Contribution",
    "DataError",
    "ExitCode",
    "ExportOptions",
    "Exporter",
    "Finding",
    "FormFormat",
    "ImportSource",
    "Importer",
    "Input",
    "Loaded",
    "Location",
    "Option",
    "OutputError",
    "PluginError",
    "Problem",
    "Rule",
    "Severity",
    "Store",
    "UsageError",
    "Validator",
    "redact_url",
]
