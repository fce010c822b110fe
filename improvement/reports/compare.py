"""What moved between two reports' contents (previous issued report -> this one), from their structures alone, so
an issued report compares with the one before it exactly as both were shown."""

from __future__ import annotations

from typing import Any

from core.presentation import colour_change
from core.rag import RAG
from improvement.reports.snapshot import ReportSnapshot, action_rows, progress_plans


def _rated_items(content: ReportSnapshot) -> dict[str, dict[str, Any]]:
    items: dict[str, dict[str, Any]] = {}
    for plan in progress_plans(content):
        items[f"plan-{plan['id']}"] = {"kind": "Plan", "name": plan["name"], "rag": plan["rag"]}
        for priority in plan["priorities"]:
            name = f"{priority['number']}. {priority['title']}"
            items[f"priority-{priority['id']}"] = {"kind": "Priority", "name": name, "rag": priority["rag"]}
    return items


def _action_names(content: ReportSnapshot) -> dict[str, str]:
    names = {}
    for row in action_rows(content):
        names[str(row["id"])] = f"{row['reference']} {row['description']}"
    return names


def _meets(rag: str | None) -> bool | None:
    return None if rag is None else rag == RAG.GREEN


def compare(previous: ReportSnapshot, current: ReportSnapshot) -> dict[str, Any]:
    """Colours that went up or down, actions completed since, actions newly red, and indicators that crossed
    their target (met it now but not before, or the reverse)."""
    then_items, now_items = _rated_items(previous), _rated_items(current)
    up: list[dict[str, Any]] = []
    down: list[dict[str, Any]] = []
    for key, now in now_items.items():
        then = then_items.get(key)
        move = colour_change(then["rag"] if then else None, now["rag"])
        if then and move in ("better", "worse"):
            row = {**now, "then": then["rag"]}
            (up if move == "better" else down).append(row)

    then_actions = previous["progress"]["action_colours"]
    now_actions = current["progress"]["action_colours"]
    names = {**_action_names(previous), **_action_names(current)}
    completed = [
        {"id": int(pk), "name": names.get(pk, f"Action {pk}")}
        for pk, colour in now_actions.items()
        if colour == RAG.BLUE and then_actions.get(pk) not in (RAG.BLUE, None)
    ]
    turned_red = [
        {"id": int(pk), "name": names.get(pk, f"Action {pk}"), "then": then_actions.get(pk)}
        for pk, colour in now_actions.items()
        if colour == RAG.RED and then_actions.get(pk) not in (RAG.RED, None)
    ]

    then_indicators = {row["code"]: row for row in previous["impact"]["indicators"]}
    crossed = []
    for indicator in current["impact"]["indicators"]:
        before = then_indicators.get(indicator["code"])
        if before is None:
            continue
        met_then, met_now = _meets(before["rag"]), _meets(indicator["rag"])
        if met_then is None or met_now is None or met_then == met_now:
            continue
        crossed.append(
            {
                "name": indicator["name"],
                "then_text": before["value_text"],
                "now_text": indicator["value_text"],
                "target_text": indicator["target_text"],
                "then": before["rag"],
                "now": indicator["rag"],
                "met": met_now,
            }
        )
    return {
        "up": up,
        "down": down,
        "completed": completed,
        "turned_red": turned_red,
        "crossed": crossed,
        "nothing_moved": not (up or down or completed or turned_red or crossed),
    }
