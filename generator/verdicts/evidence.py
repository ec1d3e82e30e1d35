"""evidence: a qualitative claim judged by the curator from the cited findings in its record."""

from __future__ import annotations

import datetime as dt

from generator.engine.calculator import Calculator
from generator.records.schemas import Claim
from generator.verdicts.labels import VERDICTS
from generator.verdicts.result import Judgement


#: The curator chooses from the whole scale, from the cited findings.
GIVES = VERDICTS


def judge_evidence(claim: Claim, calc: Calculator, today: dt.date) -> Judgement:
    findings = len(claim.evidence or [])
    return Judgement(claim.verdict, claim.verdict, claim.verdict,
                     f"Judged from {findings} cited finding{'s' if findings != 1 else ''} (table below).",
                     claim.claimed.statement, "see the evidence table")
