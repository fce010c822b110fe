"""Governance a committee paper relies on (seeds 000, 003 and 004): budget lines, assurance ratings and risks.

Models live in `models.py` (imported by `improvement.models`), the rules that colour them in `rules.py`, reads
"as they stood on a date" in `selectors.py`, writes in `services.py`.
"""
