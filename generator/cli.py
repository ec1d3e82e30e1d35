"""Command line: argument parsing only; the work lives in the modules it calls."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from generator.errors import RecordErrors, did_you_mean


class UsageError(Exception):
    """A bad argument: printed as one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse's default prints usage; we want one clear line
        raise UsageError(message)


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number (got {text!r})") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be greater than 0 (got {value})")
    return value


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date YYYY-MM-DD (got {text!r})") from None


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m generator", description="LLM Reality Check: records, estimates, pages.")
    parser.add_argument("--root", type=Path, default=Path("."), help="project folder holding data/ and claims/")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    check = commands.add_parser("check", help="validate every record; print every error as file:line:col")
    check.add_argument("--github", action="store_true",
                       help="also print errors as GitHub Actions annotations (::error file=...,line=...::)")

    est = commands.add_parser("estimate", help="memory, accelerators, speed and cost for one model")
    est.add_argument("--model", required=True, help="model id, e.g. llama-3.1-70b")
    est.add_argument("--precision", default=None, help="weight precision id (default: the model's native dtype)")
    est.add_argument("--kv-precision", default="bf16", help="KV-cache precision id (default: bf16)")
    est.add_argument("--context", type=_positive_int, default=8192, help="tokens per sequence (default 8192)")
    est.add_argument("--batch", type=_positive_int, default=1, help="concurrent sequences (default 1)")
    est.add_argument("--hardware", nargs="+", default=None, help="hardware ids (default: all)")
    est.add_argument("--date", type=_date, default=None, help="price date YYYY-MM-DD (default: today)")
    est.add_argument("--json", action="store_true", help="print one JSON object instead of a table")

    commands.add_parser("schemas", help="regenerate schemas/*.json for editors (only files that changed)")

    new = commands.add_parser("new-claim", help="write a claim scaffold to claims/ID.yaml (never overwrites)")
    new.add_argument("--id", required=True, help="lowercase slug, e.g. llama-4-scout-single-h100")
    new.add_argument("--kind", default="runs-on", help="claim kind (default runs-on): " + ", ".join(CLAIM_KINDS))
    new.add_argument("--model", default=None, help="model id the claim is about")
    return parser


CLAIM_KINDS = ("runs-on", "needs-at-least", "rental-price", "deployment-cost", "throughput", "unit-price",
               "training-cost", "self-host-vs-api", "evidence")


def _lookup(kind: str, value: str, known: dict) -> object:
    if value not in known:
        hint = did_you_mean(value, known) or f" (known: {', '.join(sorted(known)[:12])}...)"
        raise UsageError(f"unknown {kind} `{value}`{hint}")
    return known[value]


def run_check(root: Path, github: bool) -> int:
    from generator.loader import load_catalog

    try:
        catalog = load_catalog(root)
    except RecordErrors as exc:
        for error in exc.errors:
            print(error, file=sys.stderr)
            if github:
                print(error.github_annotation())
        print(f"{len(exc.errors)} error{'s' if len(exc.errors) != 1 else ''} found", file=sys.stderr)
        return 1
    counts = ", ".join(f"{len(catalog.by_folder(f))} {f.split('/')[-1]}" for f in
                       ("data/models", "data/hardware", "data/precisions", "data/prices", "data/measurements",
                        "claims"))
    print(f"ok: {counts}")
    return 0


def run_estimate(args: argparse.Namespace) -> int:
    from generator.catalog_cache import load_catalog_cached
    from generator.engine.estimate import estimate
    from generator.report import estimate_table

    try:
        # Only what an estimate reads: claims and measurements are not needed (and cost time to load).
        catalog = load_catalog_cached(args.root, ("data/precisions", "data/models", "data/hardware", "data/prices"))
    except RecordErrors as exc:
        print(f"error: the records do not validate ({len(exc.errors)} errors); run `python -m generator check`",
              file=sys.stderr)
        return 1
    model = _lookup("model", args.model, catalog.models)
    precision_id = args.precision or model.native_dtype
    precision = _lookup("precision", precision_id, catalog.precisions)
    kv = _lookup("precision", args.kv_precision, catalog.precisions)
    if "weights" not in precision.usable_for:
        raise UsageError(f"precision `{precision.id}` is not a weight format")
    if "kv" not in kv.usable_for:
        raise UsageError(f"precision `{kv.id}` cannot store the KV cache "
                         f"(KV formats: {', '.join(p for p, r in catalog.precisions.items() if 'kv' in r.usable_for)})")
    hardware = [_lookup("hardware", h, catalog.hardware) for h in args.hardware] if args.hardware \
        else list(catalog.hardware.values())
    result = estimate(model, precision, kv, args.context, args.batch, hardware, catalog.prices.values(),
                      args.date or dt.date.today())
    if args.json:
        print(json.dumps(result.as_json(), indent=2))
    else:
        print(estimate_table(result))
    return 0


def run_new_claim(args: argparse.Namespace) -> int:
    from generator.scaffold import ScaffoldError, write_claim_scaffold

    if args.kind not in CLAIM_KINDS:
        raise UsageError(f"unknown claim kind `{args.kind}`{did_you_mean(args.kind, CLAIM_KINDS)}")
    try:
        path = write_claim_scaffold(args.root, args.id, args.kind, args.model)
    except ScaffoldError as exc:
        raise UsageError(str(exc)) from None
    print(f"wrote {path}: fill in every TODO, then run `python -m generator check`")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if args.command == "check":
            return run_check(args.root, args.github)
        if args.command == "estimate":
            return run_estimate(args)
        if args.command == "new-claim":
            return run_new_claim(args)
        if args.command == "schemas":
            from generator.jsonschemas import write

            written = write(args.root)
            print(f"wrote {', '.join(written)}" if written else "schemas are up to date")
            return 0
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 2
