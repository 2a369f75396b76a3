"""SARIF 2.1.0: valid against the OASIS schema, one rule per status, lines as regions."""

from __future__ import annotations

import io
import json
from pathlib import Path

import jsonschema

from derive.report import sarif
from derive.verdict import DocumentReport, Verdict

from .test_report_common import notebook_report, notes_report, sample_reports

# The OASIS SARIF 2.1.0 schema (errata 01), committed so the test runs offline.
SCHEMA = Path(__file__).resolve().parents[1] / "data" / "sarif-schema-2.1.0.json"


def log(reports) -> dict:
    out = io.StringIO()
    sarif.write(reports, out)
    return json.loads(out.getvalue())


def test_valid_against_the_official_schema():
    """Every status, a notebook and an unreadable file give a schema-valid SARIF log."""
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    jsonschema.Draft4Validator(schema).validate(log(sample_reports()))


def test_schema_catches_a_broken_log():
    """The committed schema rejects a region with no start (so the test above can fail)."""
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    bad = log([notes_report()])
    bad["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"] = {"endLine": 3}
    assert not jsonschema.Draft4Validator(schema).is_valid(bad)


def test_one_rule_per_status_with_its_level():
    """Rules: refuted is an error, unreadable a warning, unverified a note."""
    rules = log([notes_report()])["runs"][0]["tool"]["driver"]["rules"]
    levels = {r["id"]: r["defaultConfiguration"]["level"] for r in rules}
    assert levels == {"refuted": "error", "unreadable": "warning", "unverified": "note",
                      "notation": "warning"}


def test_results_point_at_lines():
    """Each refuted, unreadable or unverified equation is a result at its start line."""
    results = log([notes_report()])["runs"][0]["results"]
    got = [(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"])
           for r in results]
    assert got == [("refuted", 10), ("refuted", 15), ("unreadable", 18), ("unverified", 21),
                   ("unverified", 23), ("unverified", 25), ("notation", 21)]
    refuted = results[0]
    assert refuted["level"] == "error"
    assert r"Suggestion: \delta^{[\ell]} a^{[\ell - 1]T}" in refuted["message"]["text"]
    assert refuted["properties"]["suggestion"] == r"\delta^{[\ell]} a^{[\ell - 1]T}"


def test_notebook_results_use_the_file_line_and_name_the_cell():
    """A notebook result's region is the line in the .ipynb file; the cell is a logical
    location and the message says cell, line and row."""
    result = log([notebook_report()])["runs"][0]["results"][0]
    loc = result["locations"][0]
    assert loc["physicalLocation"]["region"] == {"startLine": 40}
    assert loc["logicalLocations"] == [{"name": "cell 1", "kind": "notebookCell"}]
    assert "(cell 1, line 16, row 2)" in result["message"]["text"]


def test_unreadable_file_is_a_failed_execution_notification():
    """A file that could not be read is an error notification; the run is not successful."""
    inv = log(sample_reports())["runs"][0]["invocations"][0]
    assert inv["executionSuccessful"] is False
    note = inv["toolExecutionNotifications"][0]
    assert note["level"] == "error" and note["message"]["text"] == "missing.md: no such file"


def test_uris_are_encoded():
    """Paths with spaces become percent-encoded relative URIs; absolute ones file URIs."""
    assert sarif.artifact_uri("my notes/a b.md") == "my%20notes/a%20b.md"
    assert sarif.artifact_uri("/tmp/x.md") == "file:///tmp/x.md"


def test_verified_equations_are_not_results():
    """Verified equations and definitions produce no results."""
    r = DocumentReport("ok.md", (Verdict(1, "a = b", "claim", "verified"),
                                 Verdict(2, "b := c", "definition", "definition")))
    assert log([r])["runs"][0]["results"] == []
