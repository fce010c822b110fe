"""`import_ofsted_report` and the save service: what is written, with history, and what is not."""

import datetime
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command

from inspections import services
from inspections.models import Inspection, Recommendation
from inspections.ofsted_pdf import read_report
from tests.inspections.ofsted_pdf.conftest import DATA

pytestmark = pytest.mark.django_db

ILACS = DATA / "80501_hillingdon_20_november_2023.pdf"
SIF = DATA / "80419_isle_of_wight_19_november_2014.pdf"


def test_json_prints_one_object_and_dry_run_writes_nothing(capsys):
    call_command("import_ofsted_report", str(ILACS), "--json", "--dry-run")
    printed = json.loads(capsys.readouterr().out)
    assert printed["council"] == "Hillingdon"
    assert printed["overall_grade"] == "outstanding"
    assert Inspection.objects.count() == 0


def test_saving_creates_inspection_judgements_recommendations_and_strengths_with_history():
    call_command("import_ofsted_report", str(SIF))
    inspection = Inspection.objects.get()
    assert inspection.kind == Inspection.Kind.OFSTED_SIF
    assert inspection.framework == "sif"
    assert inspection.published_date == datetime.date(2014, 11, 19)
    assert inspection.judgements.count() == 7
    assert inspection.judgements.filter(is_key=True).count() == 2  # overall effectiveness and the LSCB
    assert inspection.recommendations.filter(addressee=Recommendation.Addressee.LOCAL_AUTHORITY).count() == 21
    assert inspection.recommendations.filter(addressee=Recommendation.Addressee.LSCB).count() == 12
    assert inspection.findings.filter(kind="strength").count() == 9
    assert inspection.history.count() == 1
    assert inspection.recommendations.first().history.count() == 1


def test_due_dates_follow_the_timescales_the_report_gives():
    call_command("import_ofsted_report", str(SIF))
    priority = Recommendation.objects.get(addressee="local_authority", number=1)
    assert priority.timescale == Recommendation.Timescale.IMMEDIATELY
    assert priority.is_priority_action
    assert priority.due_date == datetime.date(2014, 11, 19)
    assert Recommendation.objects.get(addressee="local_authority", number=5).due_date is None


def test_bulleted_items_are_numbered_in_order_when_saved():
    report = read_report(ILACS.read_bytes())
    report.published_date = datetime.date(2023, 11, 20)
    inspection = services.inspection_import_save(user=None, report=report)
    assert list(inspection.recommendations.values_list("number", flat=True)) == [1, 2]
    assert inspection.kind == Inspection.Kind.OFSTED_ILACS_SHORT


def test_importing_the_same_inspection_again_is_refused_unless_updating():
    call_command("import_ofsted_report", str(ILACS))
    with pytest.raises(CommandError, match="already holds this inspection; run again with --update"):
        call_command("import_ofsted_report", str(ILACS))
    edited = Recommendation.objects.get(number=1)
    edited.text = "Edited by hand"
    edited.save()
    call_command("import_ofsted_report", str(ILACS), "--update")
    assert Inspection.objects.count() == 1
    assert Recommendation.objects.count() == 2
    assert not Recommendation.objects.filter(text="Edited by hand").exists()
    assert Recommendation.objects.get(number=1).history.count() == 3  # created, edited by hand, updated


def test_only_admins_may_save(manager):
    report = read_report(ILACS.read_bytes())
    with pytest.raises(PermissionDenied):
        services.inspection_import_save(user=manager, report=report)
    assert Inspection.objects.count() == 0


def test_an_invalid_grade_writes_nothing(admin_user):
    report = read_report(ILACS.read_bytes())
    report.judgements[1].grade = "adequate"  # not on the ILACS scale
    with pytest.raises(Exception, match="does not use the grade"):
        services.inspection_import_save(user=admin_user, report=report)
    assert Inspection.objects.count() == 0


@pytest.mark.parametrize(("report_file", "missing"), [(ILACS, "start"), (SIF, "end")])
def test_a_report_without_its_dates_is_refused_with_what_to_do(admin_user, report_file, missing):
    report = read_report(report_file.read_bytes())
    setattr(report, f"{missing}_date", None)
    with pytest.raises(ValidationError, match=f"gives no {missing} date for the inspection; enter the dates"):
        services.inspection_import_save(user=admin_user, report=report)
    assert Inspection.objects.count() == 0
    assert Recommendation.objects.count() == 0
