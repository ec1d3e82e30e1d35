"""What a judge returns: the verdict, the figures behind it and the 'when would it be true' grid."""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.engine.estimate import Estimate
from generator.engine.figures import Figure


@dataclass(frozen=True)
class Cell:
    holds: bool
    text: str


@dataclass(frozen=True)
class Grid:
    """'When would it be true': rows × columns of set-ups, each cell saying whether the claim holds there."""

    row_header: str
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    cells: tuple[tuple[Cell, ...], ...]
    note: str

    @property
    def holds_anywhere(self) -> bool:
        return any(c.holds for row in self.cells for c in row)


@dataclass(frozen=True)
class Judgement:
    verdict: str
    verdict_at_claim: str | None
    verdict_today: str
    summary: str
    claimed: str
    reality: str
    figures: tuple[Figure, ...] = ()
    grid: Grid | None = None
    estimate: Estimate | None = None
    reading: tuple[str, ...] = ()
    numbers: dict = field(default_factory=dict)
    readings: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """The readings tested, as (name, one line per field), the deciding one first."""
    conditions: tuple[str, ...] = ()
    """For 'needs context': the conditions, beyond the typical reading, under which the claim holds."""
    sensitivity: tuple[str, ...] = ()
    """Readings that would flip the verdict, said plainly ("at the FP8 peak it would be exaggerated")."""
    parts: tuple = ()
    """The other parts of the claim (generator/verdicts/parts.py), each judged or marked not checked."""
    history: tuple = ()
    """The claim's timeline (generator/verdicts/changes.py): verdict changes its dated data implies, and corrections."""
