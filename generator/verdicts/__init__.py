"""Verdicts: what was claimed, what the arithmetic says, and the verdict, as of the claim's date and today.

Owns the reading policy and grading rules (`policy.py`), one module per claim kind, parts and verdict histories.
May import the engine, records and `constants`; never the site.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from generator.verdicts.changes import claim_history
from generator.engine.calculator import Calculator
from generator.records.schemas import Claim
from generator.verdicts import (deployment_cost, evidence, memory_size, needs_at_least, rental_price, runs_on,
                                self_host, throughput, training_cost, unit_price)
from generator.verdicts.labels import ADMONITIONS, ICONS, LABELS, MEANINGS, VERDICTS
from generator.verdicts.parts import PartResult, judge_parts
from generator.verdicts.policy import combine, grade_count, grade_number, overall
from generator.verdicts.result import Cell, Grid, Judgement

#: Claim kind → (its judge, the verdicts it can give).
_KINDS = {
    "runs-on": (runs_on.judge_runs_on, runs_on.GIVES),
    "needs-at-least": (needs_at_least.judge_needs_at_least, needs_at_least.GIVES),
    "rental-price": (rental_price.judge_rental_price, rental_price.GIVES),
    "deployment-cost": (deployment_cost.judge_deployment_cost, deployment_cost.GIVES),
    "throughput": (throughput.judge_throughput, throughput.GIVES),
    "unit-price": (unit_price.judge_unit_price, unit_price.GIVES),
    "training-cost": (training_cost.judge_training_cost, training_cost.GIVES),
    "self-host-vs-api": (self_host.judge_self_host, self_host.GIVES),
    "memory": (memory_size.judge_memory, memory_size.GIVES),
    "evidence": (evidence.judge_evidence, evidence.GIVES),
}
JUDGES = {kind: judge for kind, (judge, _) in _KINDS.items()}
GIVES = {kind: gives for kind, (_, gives) in _KINDS.items()}


def judge(claim: Claim, calc: Calculator, today: dt.date) -> Judgement:
    """The claim's verdict: its own kind's judgement combined with its other parts' (policy.combine)."""
    judgement = JUDGES[claim.kind](claim, calc, today)
    if claim.parts:
        own = PartResult(claim.claimed.statement or judgement.claimed, claim.kind, judgement.verdict,
                         judgement.verdict_at_claim, judgement.verdict_today, judgement.summary)
        parts = (own,) + judge_parts(claim, calc, today, JUDGES)
        checked = [p for p in parts if p.checked]
        verdict = combine([p.verdict for p in checked])
        judgement = replace(
            judgement, parts=parts,
            summary=(f"{judgement.summary} Parts checked: {len(checked)} of {len(parts)}; the verdict is the most severe "
                     f"among them ({LABELS[verdict].lower()}; see every part below)."),
            verdict=combine([p.verdict for p in checked]),
            verdict_today=combine([p.verdict_today for p in checked]),
            verdict_at_claim=(combine([p.verdict_at_claim for p in checked])
                              if all(p.verdict_at_claim for p in checked) else None))
    history = claim_history(claim, lambda day: _verdict_today(claim, calc, day), calc.catalog, today)
    return replace(judgement, history=history) if history else judgement


def _verdict_today(claim: Claim, calc: Calculator, day: dt.date) -> str:
    own = JUDGES[claim.kind](claim, calc, day).verdict_today
    if not claim.parts:
        return own
    return combine([own] + [p.verdict_today for p in judge_parts(claim, calc, day, JUDGES) if p.checked])


__all__ = ["ADMONITIONS", "Cell", "GIVES", "Grid", "PartResult", "ICONS", "JUDGES", "Judgement", "LABELS", "MEANINGS", "VERDICTS",
           "grade_count", "grade_number", "judge", "overall"]
