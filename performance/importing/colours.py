"""Which of this council's periods change colour if a file is imported, through a value or through a target.

A target in a file applies from its period to the next target, so a target on an old period recolours every later
period up to there (today's included when there is no later target). The preview lists those periods before
anything is written, and the command line refuses such a target unless told it is meant.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from performance import rules
from performance.models import Indicator, Observation, Target
from performance.services import ObservationInput

RATED = (Indicator.Polarity.HIGHER_IS_BETTER, Indicator.Polarity.LOWER_IS_BETTER)


@dataclass(frozen=True)
class _Target:
    effective_from: datetime.date
    value: Decimal
    tolerance: Decimal | None


@dataclass(frozen=True)
class ColourChange:
    indicator: Indicator
    period_end: datetime.date
    before: str | None  # "green", "amber", "red", or None (not rated)
    after: str | None
    cause: str  # "value", "target", or "value and target"
    in_file: bool  # the file has a row for this very period

    @property
    def through_old_target(self) -> bool:
        """Recoloured by a target set on an earlier period, on a period the file does not touch."""
        return not self.in_file and "target" in self.cause


def colour_changes(inputs: Sequence[ObservationInput], new_targets: Sequence[ObservationInput]) -> list[ColourChange]:
    """Every (indicator, period) of this council whose colour the import changes, in indicator and date order.

    Two queries: stored figures and stored targets of the rated indicators the file touches."""
    home_inputs = [row for row in inputs if row.authority.is_home and row.indicator.polarity in RATED]
    if not home_inputs:
        return []
    indicators = {row.indicator.pk: row.indicator for row in home_inputs}
    home_id = home_inputs[0].authority.pk
    stored: dict[int, dict[datetime.date, Decimal | None]] = defaultdict(dict)
    for indicator_id, period_end, value in Observation.objects.filter(
        indicator_id__in=indicators, authority_id=home_id
    ).values_list("indicator_id", "period_end", "value"):
        stored[indicator_id][period_end] = value
    targets: dict[int, dict[datetime.date, _Target]] = defaultdict(dict)
    for indicator_id, effective_from, value, tolerance in Target.objects.filter(
        indicator_id__in=indicators
    ).values_list("indicator_id", "effective_from", "value", "tolerance"):
        targets[indicator_id][effective_from] = _Target(effective_from, value, tolerance)

    new_values: dict[int, dict[datetime.date, Decimal | None]] = defaultdict(dict)
    for row in home_inputs:
        new_values[row.indicator.pk][row.period_end] = row.value
    added: dict[int, dict[datetime.date, _Target]] = defaultdict(dict)
    for row in new_targets:
        if row.indicator.pk in indicators and row.target is not None:
            added[row.indicator.pk][row.period_end] = _Target(row.period_end, row.target, None)

    changes = []
    for indicator_id, indicator in sorted(indicators.items(), key=lambda item: item[1].code):
        before_targets = list(targets[indicator_id].values())
        after_targets = list({**targets[indicator_id], **added[indicator_id]}.values())
        values_after = {**stored[indicator_id], **new_values[indicator_id]}
        for period_end in sorted(values_after):
            old_value = stored[indicator_id].get(period_end)
            new_value = values_after[period_end]
            old_target = rules.target_in_force(before_targets, period_end)
            new_target = rules.target_in_force(after_targets, period_end)
            before = _colour(indicator, old_value, old_target)
            after = _colour(indicator, new_value, new_target)
            if before == after:
                continue
            causes = [
                name
                for name, changed in (("value", old_value != new_value), ("target", old_target != new_target))
                if changed
            ]
            changes.append(
                ColourChange(
                    indicator=indicator,
                    period_end=period_end,
                    before=before,
                    after=after,
                    cause=" and ".join(causes),
                    in_file=period_end in new_values[indicator_id],
                )
            )
    return changes


def _colour(indicator: Indicator, value, target: _Target | None) -> str | None:
    if target is None:
        return None
    tolerance = indicator.default_tolerance if target.tolerance is None else target.tolerance
    return rules.indicator_rag(indicator.polarity, value, target.value, tolerance)
