"""`python manage.py import_ofsted_report FILE [--dry-run] [--json]`: read a published Ofsted report (PDF) into an
inspection with its judgements and recommendations; the upload page does the same with a preview."""

import json as jsonlib
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from inspections import services
from inspections.ofsted_pdf import ReportRefused, read_report


class Command(BaseCommand):
    help = (
        "Read an Ofsted inspection report of a council's children's services (SIF 2013-2018 or ILACS 2018 "
        "onwards, as published as a PDF) and save it as an inspection with judgements and recommendations. "
        "Exits non-zero, with one line saying why, for a file that is not such a report."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Read and report; write nothing.")
        parser.add_argument("--json", action="store_true", help="Print what was read as one JSON object.")
        parser.add_argument(
            "--update", action="store_true", help="Update the inspection already held for this council and dates."
        )

    def handle(self, *args, file: Path, dry_run: bool, json: bool, update: bool, **options):
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}.") from exc
        try:
            report = read_report(data)
        except ReportRefused as refused:
            raise CommandError(f"{file.name}: {refused}") from None
        if json:
            self.stdout.write(_dumps(report.as_json()))
        else:
            self._summary(report)
        for warning in report.warnings:
            self.stderr.write(f"warning: {warning}")
        if dry_run:
            return
        existing = services.same_inspection(
            title_council=report.council, start_date=report.start_date, end_date=report.end_date
        )
        if existing and not update:
            raise CommandError(
                f"{file.name}: “{existing}” already holds this inspection; run again with --update to update it."
            )
        try:
            inspection = services.inspection_import_save(user=None, report=report, inspection=existing)
        except ValidationError as exc:
            messages = "; ".join(exc.messages)
            raise CommandError(f"{file.name}: not saved, {messages} Correct it on the upload page.") from None
        verb = "Updated" if existing else "Created"
        self.stderr.write(self.style.SUCCESS(f"{verb} {inspection} (id {inspection.pk})."))

    def _summary(self, report):
        self.stdout.write(f"{report.council}: {report.kind}, {report.start_date} to {report.end_date}")
        for judgement in report.judgements:
            self.stdout.write(f"  {judgement.area}: {judgement.grade.replace('_', ' ')}")
        self.stdout.write(f"  {len(report.recommendations)} recommendation(s)")


def _dumps(value) -> str:
    return jsonlib.dumps(value, ensure_ascii=False, indent=2)
