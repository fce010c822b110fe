"""Ships the indicator catalogue of DOMAIN.md section 3 (data in performance/catalogue.py)."""

from django.db import migrations

from performance.catalogue import sync_catalogue


def create_catalogue(apps, schema_editor):
    sync_catalogue(apps.get_model("performance", "Indicator"))


class Migration(migrations.Migration):
    dependencies = [
        ("performance", "0001_initial"),
    ]

    # Reversing keeps the indicators: observations and targets may already point at them.
    operations = [
        migrations.RunPython(create_catalogue, migrations.RunPython.noop),
    ]
