"""Grading claims: what was claimed, what the arithmetic says, and the verdict, as of the claim's date and today.

One module per claim kind; the grading rules in `policy.py`; the set-ups and grids in `setups.py`. Every judge
returns a `Judgement` whose figures carry their arithmetic, so a page can show how the verdict was reached.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from generator.changes import claim_history
from generator.engine.calculator import Calculator
from generator.schemas import Claim
from generator.verdicts.deployment_cost import judge_deployment_cost
from generator.verdicts.evidence import judge_evidence
from generator.verdicts.labels import ADMONITIONS, ICONS, LABELS, MEANINGS, VERDICTS
from generator.verdicts.needs_at_least import judge_needs_at_least
from generator.verdicts.policy import grade_count, grade_number, overall
from generator.verdicts.rental_price import judge_rental_price
from generator.verdicts.result import Cell, Grid, Judgement
from generator.verdicts.runs_on import judge_runs_on
from generator.verdicts.self_host import judge_self_host
from generator.verdicts.throughput import judge_throughput
from generator.verdicts.training_cost import judge_training_cost
from generator.verdicts.unit_price import judge_unit_price

JUDGES = {
    "runs-on": judge_runs_on,
    "needs-at-least": judge_needs_at_least,
    "rental-price": judge_rental_price,
    "deployment-cost": judge_deployment_cost,
    "throughput": judge_throughput,
    "unit-price": judge_unit_price,
    "training-cost": judge_training_cost,
    "self-host-vs-api": judge_self_host,
    "evidence": judge_evidence,
}


def judge(claim: Claim, calc: Calculator, today: dt.date) -> Judgement:
    judgement = JUDGES[claim.kind](claim, calc, today)
    history = claim_history(claim, lambda day: JUDGES[claim.kind](claim, calc, day).verdict_today, calc.catalog,
                            today)
    return replace(judgement, history=history) if history else judgement


__all__ = ["ADMONITIONS", "Cell", "Grid", "ICONS", "JUDGES", "Judgement", "LABELS", "MEANINGS", "VERDICTS",
           "grade_count", "grade_number", "judge", "overall"]
