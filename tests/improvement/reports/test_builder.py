"""The report's content: the seed's change table, why-red sentences, suppression, freezing on issue, compare."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from improvement.models import Action
from improvement.plans import intervals
from improvement.reports import services
from improvement.reports.builder import build_report
from improvement.reports.compare import compare
from performance.models import Observation, Target
from tests import factories as f
from tests.improvement.reports.conftest import CURRENT, at


def _ref(row) -> str:
    return row["reference"]


def _rows(content):
    return {row["code"]: row for row in content["impact"]["rows"]}


def test_change_table_reproduces_seed_000(council):
    content = build_report(council["report"])
    rows = _rows(content)
    assert content["impact"]["change_heading"] == "Reduction"
    assert (content["impact"]["baseline_short"], content["impact"]["current_short"]) == ("19/05/15", "01/09/15")
    assert {c: (rows[c]["old_text"], rows[c]["new_text"], rows[c]["change_text"]) for c in rows} == {
        "open_cases": ("3,617", "2,565", "1,052 (29%)"),
        "unallocated_cases": ("1,003", "129", "874 (87%)"),
        "check_status": ("988", "158", "830 (84%)"),
        "initial_late": ("540", "98", "442 (82%)"),
        "core_late": ("455", "161", "294 (65%)"),
        "s47_open_28d": ("173", "6", "167 (97%)"),
    }


def test_sections_are_numbered_as_the_seed_papers(council):
    sections = build_report(council["report"])["sections"]
    assert [(s["number"], s["title"]) for s in sections] == [
        (1, "Purpose of report"),
        (2, "Background"),
        (3, "Inspection summary"),
        (4, "Progress on the plan"),
        (5, "Impact of improvement activity"),
        (6, "Recommendations to the committee"),
        (7, "Challenges and actions proposed"),
    ]


def test_every_red_item_says_why_in_plain_words(council):
    content = build_report(council["report"])
    why = {_ref(row): row["why"] for row in content["progress"]["exceptions"]}
    assert why == {
        "1.1": "due 30 June 2015, 63 days overdue, 40% complete",
        "1.2": "not started 20 days after its start date (12 August 2015)",
    }
    indicator = {row["code"]: row for row in content["impact"]["indicators"]}["unallocated_cases"]
    assert indicator["rag"] == "red"
    assert indicator["why"] == "129 against a target of 50 (tolerance 20): 79 worse than target"
    priority = content["progress"]["plans"][0]["priorities"][0]
    assert priority["rag"] == "red"
    assert priority["why"].startswith("2 of 2 open actions are red (100%)")


def test_override_is_explained_with_the_computed_colour(council):
    action = council["actions"]["on_track"]
    Action.objects.filter(pk=action.pk).update(rag_override="red", rag_override_reason="Partner funding withdrawn")
    f.ProgressUpdateFactory(action=action, created_at=at(datetime.date(2015, 8, 29)))
    # The override is history too: record it as it stood before the report's date.
    action.refresh_from_db()
    record = action.history.create(
        id=action.pk,
        history_date=at(datetime.date(2015, 8, 29)),
        history_type="~",
        **{fld.attname: getattr(action, fld.attname) for fld in Action._meta.concrete_fields if fld.attname != "id"},
    )
    assert record.rag_override == "red"
    intervals.refresh([action.pk])  # the record was written behind save()'s back
    rows = {_ref(r): r for r in build_report(council["report"])["progress"]["exceptions"]}
    assert rows["2.1"]["why"] == "set to red by hand (the rules give green); reason: Partner funding withdrawn"


def test_completed_since_and_priority_colour_at_baseline(council):
    progress = build_report(council["report"])["progress"]
    assert [r["reference"] for r in progress["completed"]] == ["2.2"]  # one plan: its references need no plan
    assert progress["then_label"] == "At the baseline (19 May 2015)"
    assert progress["exceptions"][0]["commentary"]["text"] == "Agency cover 0"


def test_small_numbers_are_suppressed_everywhere(council):
    report = council["report"]
    report.suppress_below = 10
    report.save()
    content = build_report(report)
    s47 = _rows(content)["s47_open_28d"]
    assert (s47["old_text"], s47["new_text"], s47["change_text"]) == ("173", "<10", "not shown")
    status = {r["code"]: r for r in content["impact"]["indicators"]}["s47_open_28d"]
    assert status["value_text"] == "<10"
    chart = next(c for c in content["impact"]["charts"] if c["id"] == "chart-s47_open_28d")
    council_trace = chart["spec"]["data"][0]
    assert council_trace["y"] == [173.0, None]
    assert council_trace["text"] == ["173", "<10"]
    assert "6" not in [str(t) for t in council_trace["text"]]
    assert content["suppression_note"].startswith("Counts below 10 are shown as “<10”")


def test_issued_report_never_changes_and_a_new_draft_shows_new_figures(council, admin_user):
    report = services.report_issue(report=council["report"], user=admin_user)
    frozen = report.snapshot
    # Later edits: the September figure is corrected, the target changes, the late action was in fact done.
    Observation.objects.filter(indicator=council["indicators"]["unallocated_cases"], period_end=CURRENT).update(
        value=200
    )
    Target.objects.filter(indicator=council["indicators"]["unallocated_cases"]).update(value=300)
    late = council["actions"]["late"]
    f.ProgressUpdateFactory(action=late, status="complete", progress=100, created_at=at(datetime.date(2015, 8, 31)))
    report.refresh_from_db()
    assert report.snapshot == frozen
    assert _rows(report.snapshot)["unallocated_cases"]["new_text"] == "129"
    draft = services.report_start_next(
        report=report, user=admin_user, meeting_date=datetime.date(2015, 11, 20), current_date=CURRENT
    )
    fresh = build_report(draft)
    assert _rows(fresh)["unallocated_cases"]["new_text"] == "200"
    assert {r["code"]: r for r in fresh["impact"]["indicators"]}["unallocated_cases"]["rag"] == "green"
    assert [_ref(r) for r in fresh["progress"]["exceptions"]] == ["1.2"]
    assert fresh["progress"]["then_label"] == "At the previous report (25 September 2015)"


def test_issued_report_is_read_only(council, admin_user):
    report = services.report_issue(report=council["report"], user=admin_user)
    with pytest.raises(ValidationError):
        services.report_issue(report=report, user=admin_user)
    with pytest.raises(ValidationError):
        services.report_update(
            report=report,
            user=admin_user,
            committee=report.committee,
            meeting_date=report.meeting_date,
            title="Changed",
            baseline_date=report.baseline_date,
            current_date=report.current_date,
        )
    report.refresh_from_db()
    assert report.title != "Changed"


def test_compare_shows_what_moved_since_the_previous_report(council, admin_user):
    first = services.report_issue(report=council["report"], user=admin_user)
    later = datetime.date(2015, 10, 31)
    late = council["actions"]["late"]
    f.ProgressUpdateFactory(action=late, status="complete", progress=100, created_at=at(datetime.date(2015, 10, 1)))
    Action.objects.filter(pk=late.pk).update(completed_date=datetime.date(2015, 10, 1))
    stalled = council["actions"]["stalled"]
    f.ProgressUpdateFactory(
        action=stalled, status="in_progress", progress=50, created_at=at(datetime.date(2015, 10, 1))
    )
    f.ObservationFactory(
        indicator=council["indicators"]["unallocated_cases"], authority=council["home"], period_end=later, value=40
    )
    second = services.report_start_next(
        report=first, user=admin_user, meeting_date=datetime.date(2015, 11, 20), current_date=later
    )
    moved = compare(first.snapshot, build_report(second))
    assert [item["name"] for item in moved["completed"]] == ["1.1 Recruit permanent social workers 0"]
    assert moved["crossed"] == [
        {
            "name": "Unallocated cases",
            "then_text": "129",
            "now_text": "40",
            "target_text": "50",
            "then": "red",
            "now": "green",
            "met": True,
        }
    ]
    assert [(i["kind"], i["then"], i["rag"]) for i in moved["down"]] == []
    assert ("Priority", "red", "green") in [(i["kind"], i["then"], i["rag"]) for i in moved["up"]]
    assert not moved["nothing_moved"]


def test_a_report_of_several_plans_names_each_action_with_its_plan(council, grow):
    # Issue 12 item 9: "1.1" exists in every plan; outside its plan an action is named with the plan's short name.
    grow(1)
    content = build_report(council["report"])
    references = [r["reference"] for r in content["progress"]["exceptions"]]
    assert "100DP0 1.1" in references and "100DP1 1.1" in references
    assert all(r.split(" ")[0] in ("100DP0", "100DP1") for r in references)
