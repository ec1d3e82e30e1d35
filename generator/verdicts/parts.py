"""Claims with parts: each further part of a claim's sentence judged as a claim of its own kind, or listed as
not checked with the reason. The claim's verdict combines them (generator/verdicts/policy.py: `combine`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.engine.calculator import Calculator
from generator.records.schemas import Claim, Part


@dataclass(frozen=True)
class PartResult:
    says: str
    kind: str | None
    verdict: str | None
    """None when not checked."""
    verdict_at_claim: str | None
    verdict_today: str | None
    summary: str
    """The judge's summary, or why the part is not checked."""

    @property
    def checked(self) -> bool:
        return self.verdict is not None


def as_claim(claim: Claim, part: Part) -> Claim:
    """The part as a claim of its own: the claim's words, date and sources, the part's kind and numbers."""
    subject = part.subject if any(v is not None for _, v in part.subject) else claim.subject
    return claim.model_copy(update={
        "kind": part.kind, "subject": subject, "claimed": part.claimed, "scenario": part.scenario or claim.scenario,
        "evidence": part.evidence, "verdict": part.verdict, "measurements": [], "parts": [], "corrections": []})


def judge_parts(claim: Claim, calc: Calculator, today: dt.date, judges: dict) -> tuple[PartResult, ...]:
    out = []
    for part in claim.parts:
        if part.not_checked is not None:
            out.append(PartResult(part.says, None, None, None, None, part.not_checked))
            continue
        j = judges[part.kind](as_claim(claim, part), calc, today)
        out.append(PartResult(part.says, part.kind, j.verdict, j.verdict_at_claim, j.verdict_today, j.summary))
    return tuple(out)
