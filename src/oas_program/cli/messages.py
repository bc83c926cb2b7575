"""Every interface string the code uses, for the catalogs (`tools/i18n.py extract`) and the
test that walks each catalog against them.

Each string is known by a context (a stable key) and its English text, which is the gettext
message id. The tables stay next to the code that uses them; this module only gathers them.
"""

from __future__ import annotations


def interface_messages() -> dict[str, str]:
    """Context -> English text, for every string a catalog must translate."""
    from oas_program.model.forms import FORM_MESSAGES
    from oas_program.services.reports.overview import SHOW_MESSAGES
    from oas_program.services.reports.progress_report import PROGRESS_MESSAGES
    from oas_program.services.reports.render import REPORT_MESSAGES
    from oas_program.services.tracking.diff import DIFF_MESSAGES

    messages: dict[str, str] = {}
    tables = (REPORT_MESSAGES, FORM_MESSAGES, SHOW_MESSAGES, PROGRESS_MESSAGES, DIFF_MESSAGES)
    for table in tables:
        for context, text in table.items():
            if messages.setdefault(context, text) != text:
                raise AssertionError(f"context {context!r} has two English texts")
    return messages
