"""What moved between two reports' contents (previous issued report -> this one), from their structures alone, so
an issued report compares with the one before it exactly as both were shown."""

from __future__ import annotations

from typing import Any

from core.presentation import colour_change
from core.rag import RAG


def _rated_items(content: dict[str, Any]) -> dict[str, dict[str, Any]]:
    items: dict[str, dict[str, Any]] = {}
    for plan in content.get("progress", {}).get("plans", []):
        items[f"plan-{plan['id']}"] = {"kind": "Plan", "name": plan["name"], "rag": plan["rag"]}
        for priority in plan["priorities"]:
            name = f"{priority['number']}. {priority['title']}"
            items[f"priority-{priority['id']}"] = {"kind": "Priority", "name": name, "rag": priority["rag"]}
    return items


def _action_names(content: dict[str, Any]) -> dict[str, str]:
    names = {}
    progress = content.get("progress", {})
    for row in progress.get("exceptions", []) + progress.get("completed", []):
        names[str(row["id"])] = f"{row['reference']} {row['description']}"
    return names


def _meets(rag: str | None) -> bool | None:
    return None if rag is None else rag == RAG.GREEN


def compare(previous: dict[str, Any], current: dict[str, Any]) -> dict[str, Any]:
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

    then_actions = previous.get("progress", {}).get("action_colours", {})
    now_actions = current.get("progress", {}).get("action_colours", {})
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

    then_indicators = {row["code"]: row for row in previous.get("impact", {}).get("indicators", [])}
    crossed = []
    for row in current.get("impact", {}).get("indicators", []):
        before = then_indicators.get(row["code"])
        if before is None:
            continue
        met_then, met_now = _meets(before["rag"]), _meets(row["rag"])
        if met_then is None or met_now is None or met_then == met_now:
            continue
        crossed.append(
            {
                "name": row["name"],
                "then_text": before["value_text"],
                "now_text": row["value_text"],
                "target_text": row["target_text"],
                "then": before["rag"],
                "now": row["rag"],
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
