"""`new-claim`: a claim file to fill in. It never overwrites, and its TODOs fail `check` until filled."""

from __future__ import annotations

import os
from pathlib import Path

from generator.records.today import today
from generator.records.schemas import CLAIMED_FIELDS, SUBJECT_FIELDS, slug_problem


class ScaffoldError(Exception):
    pass


def claim_scaffold(claim_id: str, kind: str, model: str | None) -> str:
    rules = CLAIMED_FIELDS[kind]
    claimed = list(rules.get("required", ())) or list(rules.get("one_of", ()))[:1]
    subject = {f: (model if f == "model" and model else "TODO") for f in SUBJECT_FIELDS[kind]}
    lines = [
        "# yaml-language-server: $schema=../schemas/claim.json",
        f"id: {claim_id}",
        "claimant: TODO who said it",
        'quote: "TODO: the exact words, in the original language"',
        "language: en                 # ISO 639-1; add `translation:` when not en",
        "said_on: TODO                # YYYY-MM-DD, when it was said or published",
        "sources:",
        "  - url: TODO                # where a reader can see the quote",
        f"    accessed: {today().date.isoformat()}",
        f"kind: {kind}",
    ]
    if subject:
        lines.append("subject:")
        lines += [f"  {k}: {v}" for k, v in subject.items()]
    lines.append("claimed:                      # what the claim asserts, in numbers")
    lines += [f"  {f}: TODO" for f in claimed]
    if kind == "evidence":
        lines += ["evidence:", "  - finding: TODO one sentence", "    url: TODO",
                  f"    accessed: {today().date.isoformat()}", "verdict: TODO   # accurate, needs-context, ..."]
    else:
        lines += ["scenario:                     # the fair reading we test it under (stated on the page)",
                  "  precision: bf16", "  context_tokens: 8192", "  batch: 1",
                  "  note: TODO why this reading is fair"]
    lines.append("tags: []")
    return "\n".join(lines) + "\n"


def write_claim_scaffold(root: Path | str, claim_id: str, kind: str, model: str | None) -> Path:
    problem = slug_problem(claim_id)
    if problem:
        raise ScaffoldError(problem)
    path = Path(root) / "claims" / f"{claim_id}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        # O_EXCL: the file is created only if it does not exist, so nothing a contributor wrote is overwritten.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        raise ScaffoldError(f"{path} already exists; pick another --id (nothing was changed)") from None
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(claim_scaffold(claim_id, kind, model))
    return path


#: Claim kinds `new-claim` writes a scaffold for (the schema's kinds, in the order the reference lists them).
CLAIM_KINDS = ("runs-on", "needs-at-least", "rental-price", "deployment-cost", "throughput", "unit-price",
               "training-cost", "self-host-vs-api", "memory", "evidence")
NEW_CLAIM_HELP = "write a claim scaffold to claims/ID.yaml (never overwrites)"


def add_new_claim_arguments(parser) -> None:
    """The `new-claim` command's arguments: the command line and the contributing page's help both use them."""
    parser.add_argument("--id", required=True, help="lowercase slug, e.g. llama-4-scout-single-h100")
    parser.add_argument("--kind", default="runs-on", help="claim kind (default runs-on): " + ", ".join(CLAIM_KINDS))
    parser.add_argument("--model", default=None, help="model id the claim is about")
