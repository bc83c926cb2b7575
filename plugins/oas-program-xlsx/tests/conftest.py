"""The plugin's own fixtures: the main project's tests/conftest.py does not reach here."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "xlsx", deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
settings.load_profile("xlsx")


@pytest.fixture(autouse=True)
def _strict_plugins(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    # As in the main suite: plugin warnings are errors, and no allowlist or blocklist
    # from the environment changes which plugins load.
    monkeypatch.setenv("OAS_PROGRAM_STRICT", "1")
    for name in ("OAS_PROGRAM_LOAD_PLUGINS", "OAS_PROGRAM_DISABLE_PLUGINS"):
        monkeypatch.delenv(name, raising=False)
    yield
