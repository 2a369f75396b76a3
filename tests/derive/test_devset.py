"""The development set (../shared/devset): the checker's JSON scored by its own scorer.

Pins what holds today: nothing true or definitional is refuted, every damaged line is
unreadable and never guessed, and the claim accuracy does not fall below its current
floor (the acceptance target, 0.90, is not reached yet: see the closing note).
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from derive.cli import main


@pytest.fixture(scope="module")
def scores(tmp_path_factory):
    from tests.conftest import SHARED
    if not (SHARED / "devset" / "score.py").is_file():
        pytest.skip("../shared not present (a user's clone)")
    out = tmp_path_factory.mktemp("devset") / "report.json"
    status = main(["check", "--format", "json", "--no-cache", "-o", str(out),
                   str(SHARED / "devset" / "docs")])
    assert status in (0, 1)
    run = subprocess.run([sys.executable, str(SHARED / "devset" / "score.py"), str(out),
                          "--json"], capture_output=True, text=True, check=True)
    return json.loads(run.stdout)["summary"]


def test_no_false_alarms(scores):
    """No claim that holds and no definition is refuted."""
    assert scores["false_alarm_rate"] == 0
    assert scores["definitions_refuted"] == 0


def test_noise_is_unreadable_never_guessed(scores):
    """Every damaged line is unreadable; none is verified or refuted."""
    assert scores["noise_reported_unreadable"] == 1
    assert scores["noise_guessed"] == 0


def test_accuracy_floor(scores):
    """Claim accuracy and refuted recall stay at least where they are today."""
    assert scores["claim_accuracy"] >= 0.90
    assert scores["refuted_recall"] >= 0.80
