"""The RAG vocabulary shared by actions, priorities, plans and indicators.

A colour is never shown alone: every colour has a word, and templates render both (see `rag_badge`).
"""

from django.db import models


class RAG(models.TextChoices):
    BLUE = "blue", "Complete"
    GREEN = "green", "Green"
    AMBER = "amber", "Amber"
    RED = "red", "Red"


# Worst first: the order committee papers list exceptions in, and the order counts are shown in.
# Typed by `str` (a RAG member is a str) so that colours read back from the database or a snapshot index them too.
RAG_SEVERITY: dict[str, int] = {RAG.RED: 0, RAG.AMBER: 1, RAG.GREEN: 2, RAG.BLUE: 3}
RAG_ORDER: list[str] = sorted(RAG, key=RAG_SEVERITY.__getitem__)


def rag_label(value: str | None) -> str:
    if not value:
        return "No rating"
    return RAG(value).label
