"""Shared fixtures. The suite runs the plugin host strict: plugin warnings are errors."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "default",
    deadline=None,
    max_examples=50,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
)
settings.load_profile("default")


@pytest.fixture(autouse=True)
def _strict_plugins(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("OAS_PROGRAM_STRICT", "1")
    for name in ("OAS_PROGRAM_LOAD_PLUGINS", "OAS_PROGRAM_DISABLE_PLUGINS"):
        monkeypatch.delenv(name, raising=False)
    yield
