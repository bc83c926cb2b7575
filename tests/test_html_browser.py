"""The HTML report in a real browser: Debian's chromium, headless, offline.

Skipped where chromium is missing, except in CI (`CI` set), where `.ci/run` installs it and a
missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from oas_program.builtin.html_report import render
from oas_program.cli import cli
from tests.hostile import SCRIPT, hostile_program

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--enable-logging=stderr",
    "--v=0",
)


@pytest.fixture(scope="module")
def chromium() -> str:
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path is not None:
            return path
    if os.environ.get("CI"):
        pytest.fail("chromium is required in CI (.ci/run installs Debian's package)")
    pytest.skip("chromium is not installed")


def run(chromium: str, tmp_path: Path, page: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Chromium on a local page with a throwaway profile and home directory."""
    profile = tmp_path / "profile"
    command = [chromium, *FLAGS, f"--user-data-dir={profile}", *args, page.as_uri()]
    env = {**os.environ, "HOME": str(tmp_path)}
    # The timeout only stops a hung browser from hanging the suite; it is not a speed check.
    return subprocess.run(
        command,
        capture_output=True,
        encoding="utf-8",
        errors="replace",
        env=env,
        timeout=300,
        check=False,
    )


def console_messages(stderr: str) -> list[str]:
    """Lines chromium logs for the page's console (errors, CSP violations, messages)."""
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


class Dom(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def count(self, tag: str) -> int:
        return sum(1 for t, _ in self.elements if t == tag)


def export(tmp_path: Path, *args: str) -> Path:
    target = tmp_path / "report.html"
    result = CliRunner().invoke(cli, ["export", "--format", "html", "-o", str(target), *args])
    assert result.exit_code == 0, result.stderr
    return target


def test_console_messages_are_seen(chromium: str, tmp_path: Path) -> None:
    # Without this, "no console message" below could pass because nothing is logged at all.
    page = tmp_path / "probe.html"
    page.write_text('<!DOCTYPE html><script>console.error("probe-42")</script>', "utf-8")
    result = run(chromium, tmp_path, page, "--dump-dom")
    assert any("probe-42" in line for line in console_messages(result.stderr)), result.stderr


def test_report_loads_cleanly_with_its_key_elements(chromium: str, tmp_path: Path) -> None:
    page = export(tmp_path)
    result = run(chromium, tmp_path, page, "--dump-dom")
    assert result.returncode == 0, result.stderr
    assert console_messages(result.stderr) == []
    dom = Dom(result.stdout)
    for tag in ("header", "nav", "main", "footer", "h1", "fieldset"):
        assert dom.count(tag) >= 1, tag
    assert dom.count("table") == dom.count("caption") > 10
    assert dom.count("script") == 0
    text = "".join(dom.text)
    assert "Inter-American Program for the Promotion and Protection" in text
    assert "What the sources leave open" in text and "Lo que las fuentes dejan abierto" in text


def test_hostile_report_runs_nothing(chromium: str, tmp_path: Path) -> None:
    page = tmp_path / "hostile.html"
    page.write_text(render(hostile_program(), "en"), "utf-8")
    result = run(chromium, tmp_path, page, "--dump-dom")
    assert console_messages(result.stderr) == []
    dom = Dom(result.stdout)
    assert dom.count("script") == 0 and dom.count("img") == 0
    assert not any(name.startswith("on") for _, attrs in dom.elements for name in attrs)
    assert SCRIPT in "".join(dom.text)


def test_screenshot(chromium: str, tmp_path: Path) -> None:
    page = export(tmp_path, "--lang", "es")
    shot = tmp_path / "report.png"
    result = run(chromium, tmp_path, page, f"--screenshot={shot}", "--window-size=1280,2000")
    assert result.returncode == 0, result.stderr
    assert console_messages(result.stderr) == []
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1280, 2000)


def test_progress_section_loads_cleanly(chromium: str, tmp_path: Path) -> None:
    example = Path(__file__).resolve().parent.parent / "examples" / "tracking-illustrative.json"
    page = export(tmp_path, str(example))
    result = run(chromium, tmp_path, page, "--dump-dom")
    assert result.returncode == 0, result.stderr
    assert console_messages(result.stderr) == []
    dom = Dom(result.stdout)
    charts = [attrs for tag, attrs in dom.elements if tag == "svg"]
    # One chart and one heat map per language version of the page (en, es, fr, pt). The
    # browser read the lower-case `viewbox` as SVG's `viewBox` (html.parser lowercases).
    assert len(charts) == 4 and 'viewBox="0 0 640 232"' in result.stdout
    assert sum(1 for tag, attrs in dom.elements if attrs.get("class") == "heat") == 4
