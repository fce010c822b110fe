"""How a risk's score and an assurance level are coloured, each with the reasons that explain the colour."""

from __future__ import annotations

from core.rag import RAG

# A 5 x 5 risk matrix as councils' risk registers use it: 15-25 red, 5-12 amber, 1-4 green.
RED_FROM_SCORE = 15
AMBER_FROM_SCORE = 5

# The seed paper 000 reads "limited assurance ... reflected through 'red' ratings": limited and no assurance are
# red, reasonable is amber, substantial is green.
ASSURANCE_COLOURS = {
    "substantial": RAG.GREEN,
    "reasonable": RAG.AMBER,
    "limited": RAG.RED,
    "none": RAG.RED,
    "green": RAG.GREEN,
    "amber": RAG.AMBER,
    "red": RAG.RED,
}


def assess_risk(likelihood: int, impact: int) -> tuple[str, list[str]]:
    """(colour, reasons) for a risk scored likelihood x impact on 1-5 scales."""
    score = likelihood * impact
    reason = f"likelihood {likelihood} x impact {impact} = {score}"
    if score >= RED_FROM_SCORE:
        return RAG.RED, [f"{reason}, {RED_FROM_SCORE} or more"]
    if score >= AMBER_FROM_SCORE:
        return RAG.AMBER, [f"{reason}, between {AMBER_FROM_SCORE} and {RED_FROM_SCORE - 1}"]
    return RAG.GREEN, [f"{reason}, below {AMBER_FROM_SCORE}"]


def assess_assurance(level: str) -> tuple[str, list[str]]:
    colour = ASSURANCE_COLOURS[level]
    return colour, [f"'{level}' is shown {colour} on the assurance map"]
