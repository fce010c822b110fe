"""Every development report against what was read from the PDF by eye and kept as expected JSON beside it.

The expected files were checked against `pdftotext -layout` output and page images: every judgement and grade,
the number of recommendations and the text of every one (the text of 434 of 438 is a contiguous run of the
independent extraction; the other four run across a page break and were read on the page)."""

import json
from functools import cache

import pytest

from inspections.ofsted_pdf import read_report
from tests.inspections.ofsted_pdf.conftest import REPORTS


@cache
def _read(path):
    return read_report(path.read_bytes()).as_json()


def _expected(path):
    return json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))


def test_all_forty_development_reports_are_here():
    assert len(REPORTS) == 40
    assert all(path.with_suffix(".json").exists() for path in REPORTS)


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.stem)
def test_judgements_and_grades(path):
    assert _read(path)["judgements"] == _expected(path)["judgements"]
    assert _read(path)["overall_grade"] == _expected(path)["overall_grade"]


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.stem)
def test_number_of_recommendations(path):
    got, expected = _read(path)["recommendations"], _expected(path)["recommendations"]
    assert len(got) == len(expected)
    assert [(r["number"], r["addressee"]) for r in got] == [(r["number"], r["addressee"]) for r in expected]


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.stem)
def test_every_recommendation_text_in_full(path):
    assert [r["text"] for r in _read(path)["recommendations"]] == [
        r["text"] for r in _expected(path)["recommendations"]
    ]


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.stem)
def test_header_fields(path):
    got, expected = _read(path), _expected(path)
    fields = ["council", "kind", "framework", "start_date", "end_date", "published_date", "lead_inspector"]
    assert {f: got[f] for f in fields} == {f: expected[f] for f in fields}
    assert got["warnings"] == expected["warnings"]


def test_json_has_exactly_the_issue_shape():
    got = _read(REPORTS[0])
    assert list(got) == [
        "council", "kind", "framework", "start_date", "end_date", "published_date", "lead_inspector",
        "overall_grade", "judgements", "recommendations", "warnings",
    ]  # fmt: skip
    assert set(got["judgements"][0]) == {"area", "grade", "key"}
    assert set(got["recommendations"][0]) == {"number", "text", "addressee"}


def test_every_recommendation_is_clean_text():
    for path in REPORTS:
        for recommendation in _read(path)["recommendations"]:
            text = recommendation["text"]
            assert text == " ".join(text.split()), path.stem
            assert text[:1].isalnum(), (path.stem, text[:40])  # no bullet glyph or number left in front
