"""The data version: a number that changes with every committed write to the site's data (core.versions)."""

from django.db import models


class DataVersion(models.Model):
    """A row per writing connection (PostgreSQL's backend process id; 0 on SQLite, and where ended connections'
    counts are folded); the data version is the sum of `counter` with the largest `epoch` (core.versions).

    Written only by database triggers (core.versions.install_triggers): every statement that writes a table the site
    shows adds a random positive increment to its connection's row, inside the writing transaction. A new row gets a
    random `epoch`. Never edit it by hand."""

    slot = models.IntegerField(primary_key=True)
    counter = models.BigIntegerField(default=0)
    epoch = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "data version slot"

    def __str__(self) -> str:
        return f"slot {self.slot}: {self.counter}"
