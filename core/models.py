"""The data version: a number that changes with every committed write to the site's data (core.versions)."""

from django.db import models


class DataVersion(models.Model):
    """One row per slot; the data version is the sum of `counter` over the slots.

    Written only by database triggers (core.versions.install_triggers): every statement that writes a table the site
    shows adds a random positive increment to one slot, inside the writing transaction. Never edit it by hand."""

    slot = models.PositiveSmallIntegerField(primary_key=True)
    counter = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "data version slot"

    def __str__(self) -> str:
        return f"slot {self.slot}: {self.counter}"
