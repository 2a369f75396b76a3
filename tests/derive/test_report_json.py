"""The JSON report: the committed schema, stable keys, strict JSON, and the devset scorer."""

from __future__ import annotations

import io
import json
import math
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from derive.report import jsonout
from derive.verdict import DocumentReport, Verdict

from .test_report_common import notes_report, sample_reports

SCHEMA = Path(__file__).resolve().parents[2] / "derive" / "schema" / "report.schema.json"
EQUATION_KEYS = ["line", "row", "cell", "block_line", "file_line", "column", "display", "latex",
                 "kind", "status", "method", "reason", "assumptions", "counterexample",
                 "suggestion", "links"]


def dump(reports) -> str:
    out = io.StringIO()
    jsonout.write(reports, out)
    return out.getvalue()


def validator():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_report_matches_committed_schema():
    """Every status, a notebook and an unreadable file validate against the schema."""
    validator().validate(json.loads(dump(sample_reports())))


def test_schema_rejects_an_unknown_status():
    """The schema is strict enough to catch a status outside the five."""
    data = json.loads(dump([notes_report()]))
    data["documents"][0]["equations"][0]["status"] = "holds"
    assert not validator().is_valid(data)


def test_keys_are_in_documented_order():
    """Top-level, document and equation keys come in the documented order."""
    data = json.loads(dump(sample_reports()))
    assert list(data) == ["version", "documents", "summary"]
    doc = data["documents"][0]
    assert list(doc) == ["path", "readable", "summary", "equations", "warnings", "problems"]
    assert list(doc["equations"][0]) == EQUATION_KEYS
    assert list(doc["equations"][2]["links"][0]) == ["index", "status", "reason"]


def test_output_is_deterministic_and_has_no_timings():
    """The same reports give byte-identical JSON, whatever the time they took."""
    a = notes_report()
    b = DocumentReport(a.path, a.equations, a.warnings, seconds=42.0)
    assert dump([a]) == dump([b])
    assert "seconds" not in dump([a])


def test_non_finite_numbers_stay_strict_json():
    """A counterexample with inf/nan still gives strict JSON (strings for them)."""
    cx = {"left": math.inf, "right": math.nan}
    v = Verdict(1, "x = y", "claim", "refuted", counterexample=cx)
    text = dump([DocumentReport("n.md", (v,))])
    cx = json.loads(text, parse_constant=pytest.fail)["documents"][0]["equations"][0]
    assert cx["counterexample"] == {"left": "inf", "right": "nan"}


def test_summary_counts_documents_and_statuses():
    """The summary counts statuses over all documents, documents and unreadable ones."""
    summary = json.loads(dump(sample_reports()))["summary"]
    assert summary == {"definition": 2, "verified": 2, "refuted": 3, "unverified": 3,
                       "unreadable": 1, "documents": 3, "unreadable_documents": 1}


def _truth(shared: Path) -> list[dict]:
    import yaml

    return [yaml.safe_load(p.read_text(encoding="utf-8"))
            for p in sorted((shared / "devset" / "truth").glob("dev*.yaml"))]


def test_devset_scorer_reads_our_json(shared, tmp_path):
    """The oracle's verdicts, written by our JSON writer, score perfectly with the devset
    scorer: it finds every document by its path and every equation by line, row, cell."""
    reports = []
    for tr in _truth(shared):
        eqs = []
        for u in tr["equations"]:
            status = {"definition": "definition", "noise": "unreadable"}.get(u["kind"])
            if status is None:
                status = "verified" if u["verdict"] == "holds" else "refuted"
            eqs.append(Verdict(u["line"], "x", "claim", status, row=u.get("step"),
                               cell=u.get("cell")))
        reports.append(DocumentReport(f"some/dir/{tr['doc']}", tuple(eqs)))
    report = tmp_path / "report.json"
    report.write_text(dump(reports), encoding="utf-8")
    done = subprocess.run([sys.executable, str(shared / "devset" / "score.py"), str(report),
                           "--json"], capture_output=True, text=True, check=True)
    result = json.loads(done.stdout)
    summary = result["summary"]
    assert (summary["claim_accuracy"], summary["refuted_recall"]) == (1.0, 1.0)
    assert summary["false_alarm_rate"] == 0 and not result["misses"] and not result["unmatched"]
