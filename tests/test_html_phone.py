"""The HTML report on a phone-sized screen (390 CSS pixels wide) and in print, in Debian's
headless chromium: no horizontal overflow of the page, wide tables scroll in their own
boxes, chart labels stay readable, dates do not wrap at their hyphens.

The report is loaded unchanged (its Content-Security-Policy included) into a 390-pixel
`iframe srcdoc` of a probe page, whose script measures it: headless chromium will not make
its window narrower than 500 pixels. Skipped without chromium, except in CI (`CI` set).
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from oas_program.cli import cli
from tests.test_html_browser import chromium, run

__all__ = ["chromium"]  # the fixture, shared with the desktop browser tests

ROOT = Path(__file__).resolve().parents[1]
PHONE_WIDTH = 390

PROBE = """\
const frame = document.getElementById('report');
frame.addEventListener('load', () => {
  const w = frame.contentWindow, d = w.document;
  const scrolls = (e) => {
    for (let p = e.parentElement; p; p = p.parentElement) {
      if (w.getComputedStyle(p).overflowX !== 'visible') return true;
    }
    return false;
  };
  const visible = (e) => e.getClientRects().length > 0;
  const chart = d.querySelector('svg.chart');
  const label = chart && chart.querySelector('text');
  const result = {
    scrollWidth: d.documentElement.scrollWidth,
    innerWidth: w.innerWidth,
    tables: [...d.querySelectorAll('table')].filter(visible).length,
    unboxedTables: [...d.querySelectorAll('table')].filter((t) => visible(t) && !scrolls(t))
      .map((t) => t.querySelector('caption')?.textContent),
    overflowing: [...d.querySelectorAll('body *')]
      .filter((e) => visible(e) && !scrolls(e)
        && e.getBoundingClientRect().right > w.innerWidth + 0.5)
      .map((e) => e.tagName + '.' + e.className).slice(0, 10),
    chartLabelPx: label ? label.getBoundingClientRect().height : null,
    dates: [...d.querySelectorAll('.date')].filter(visible).length,
    wrappedDates: [...d.querySelectorAll('.date')]
      .filter((e) => visible(e) && e.getClientRects().length > 1).map((e) => e.textContent),
    h1Px: parseFloat(w.getComputedStyle(d.querySelector('.v-default h1, h1')).fontSize),
  };
  const out = document.createElement('pre');
  out.id = 'probe';
  out.textContent = JSON.stringify(result);
  document.body.appendChild(out);
});
"""


def measure(chromium: str, tmp_path: Path, report: str, width: int = PHONE_WIDTH) -> Any:
    page = tmp_path / "probe.html"
    page.write_text(
        "<!DOCTYPE html><html><body style='margin:0'>"
        f"<iframe id='report' style='width:{width}px;height:844px;border:0' "
        f'srcdoc="{html.escape(report, quote=True)}"></iframe>'
        f"<script>{PROBE}</script></body></html>",
        encoding="utf-8",
    )
    result = run(
        chromium, tmp_path, page, "--window-size=800,900", "--virtual-time-budget=5000",
        "--dump-dom",
    )  # fmt: skip
    found = re.search(r'<pre id="probe">(.*?)</pre>', result.stdout, re.S)
    assert found is not None, result.stderr[-2000:]
    return json.loads(html.unescape(found.group(1)))


def export(*args: str) -> str:
    result = CliRunner().invoke(cli, ["export", *args, "-f", "html"])
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize(
    "source", ["embedded", "examples/tracking-illustrative.json"], ids=["embedded", "tracking"]
)
def test_no_horizontal_overflow_at_phone_width(chromium: str, tmp_path: Path, source: str) -> None:
    report = export() if source == "embedded" else export(str(ROOT / source))
    found = measure(chromium, tmp_path, report)
    assert found["innerWidth"] == PHONE_WIDTH
    assert found["scrollWidth"] <= found["innerWidth"], found["overflowing"]
    assert found["overflowing"] == []
    # Every table sits in a box of its own that scrolls sideways.
    assert found["tables"] > 5 and found["unboxedTables"] == []
    assert found["dates"] > 10 and found["wrappedDates"] == []
    assert found["h1Px"] <= 20  # a compact title: the first screen is not all heading
    if source != "embedded":
        # The bar chart keeps labels of about 12 pixels or more instead of shrinking to 8.
        assert found["chartLabelPx"] is not None and found["chartLabelPx"] >= 12


def test_the_style_is_trimmed_so_every_checker_computes_the_same_hash() -> None:
    report = export()
    style = re.search(r"<style>(.*?)</style>", report, re.S)
    assert style is not None
    css = style.group(1)
    assert css == css.strip()  # the W3C checker hashes trimmed text; browsers, the text
    digest = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode("ascii")
    assert f"style-src 'sha256-{digest}'" in html.unescape(report)


def test_print_sets_page_margins() -> None:
    assert re.search(r"@page \{ margin: \d+mm \d+mm; \}", export())
