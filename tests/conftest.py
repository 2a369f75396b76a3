"""Shared fixtures: where ../shared is, and a one-call verdict harness."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture
def shared() -> Path:
    """The project's shared folder (seeds, devset); absent in a user's clone."""
    if not (SHARED / "seeds").is_dir():
        pytest.skip("../shared not present (a user's clone)")
    return SHARED
