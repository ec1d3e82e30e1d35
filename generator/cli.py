"""Command line: argument parsing only; the work lives in the modules it calls."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from pathlib import Path

from generator.records import scaffold
from generator.records.errors import RecordErrors, did_you_mean, why_not_a_date


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
        pass
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        raise argparse.ArgumentTypeError(f"{text} is not a date ({why_not_a_date(text)})")
    raise argparse.ArgumentTypeError(f"expected a date YYYY-MM-DD (got {text!r})")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m generator", description="LLM Reality Check: records, estimates, pages.")
    parser.add_argument("--root", type=Path, default=Path("."), help="project folder holding data/ and claims/")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    check = commands.add_parser("check", help="validate every record; print every error as file:line:col")
    check.add_argument("--github", action="store_true",
                       help="also print errors as GitHub Actions annotations (::error file=...,line=...::)")

    est = commands.add_parser("estimate", help="memory, accelerators, speed and cost for one model")
    which = est.add_mutually_exclusive_group(required=True)
    which.add_argument("--model", help="model id, e.g. llama-3.1-70b (`list models` prints them)")
    which.add_argument("--config", type=Path, help="a Hugging Face config.json instead of a model id (any model of a "
                                                   "supported architecture; parameters are counted from it)")
    est.add_argument("--precision", default=None, help="weight precision id (default: the model's native dtype)")
    est.add_argument("--kv-precision", default="bf16", help="KV-cache precision id (default: bf16)")
    est.add_argument("--context", type=_positive_int, default=8192, help="tokens per sequence (default 8192)")
    est.add_argument("--batch", type=_positive_int, default=1, help="concurrent sequences (default 1)")
    est.add_argument("--hardware", nargs="+", default=None, help="hardware ids (default: all)")
    est.add_argument("--date", type=_date, default=None,
                     help="price date YYYY-MM-DD, from the model's release to today (default: today)")
    est.add_argument("--accelerators", type=_positive_int, default=None,
                     help="a stated deployment: this many accelerators of the one --hardware (default: the fewest "
                          "rentable that hold the model)")
    est.add_argument("--tensor-parallel", type=_positive_int, default=None, help="TP degree of the stated deployment")
    est.add_argument("--pipeline-parallel", type=_positive_int, default=None,
                     help="PP degree (pipeline stages) of the stated deployment")
    est.add_argument("--attention-data-parallel", action="store_true",
                     help="serve a mixture-of-experts model DeepSeek-style on the stated accelerators: each sequence's "
                          "attention on one, experts spread over all")
    est.add_argument("--json", action="store_true", help="print one JSON object instead of a table")

    commands.add_parser("schemas", help="regenerate schemas/*.json for editors (only files that changed)")

    commands.add_parser("audit", help="list weak spots in valid records: secondary-only sources, inferred dates, "
                                      "stale prices, PCIe/SXM mismatches")

    listing = commands.add_parser("list", help="the ids of models, hardware or precisions, one line each")
    listing.add_argument("what", choices=LISTABLE, help="which records to list")

    scaffold.add_new_claim_arguments(commands.add_parser("new-claim", help=scaffold.NEW_CLAIM_HELP))
    return parser


LISTABLE = ("models", "hardware", "precisions")

CLAIM_KINDS = scaffold.CLAIM_KINDS


def _lookup(kind: str, value: str, known: dict) -> object:
    if value not in known:
        listing = "hardware" if kind == "hardware" else kind + "s"
        hint = did_you_mean(value, known) or f"; `python -m generator list {listing}` prints every id"
        raise UsageError(f"unknown {kind} `{value}`{hint}")
    return known[value]


def _check_question(model, context: int, on: dt.date, today) -> None:
    """Questions the records cannot answer honestly are refused with what is allowed (exit 2)."""
    if context > model.max_context_tokens:
        raise UsageError(f"--context {context:,} is more than {model.name}'s maximum context of "
                         f"{model.max_context_tokens:,} tokens; ask for {model.max_context_tokens:,} or fewer")
    if model.released_on and on < model.released_on:
        raise UsageError(f"--date {on.isoformat()} is before {model.name} was released "
                         f"({model.released_on.isoformat()}); ask for a date from then to {today.date.isoformat()}")
    if on > today.date:
        raise UsageError(f"--date {on.isoformat()} is after today ({today}); prices are known only up to today")


def run_check(root: Path, github: bool) -> int:
    from generator.records.loader import load_catalog

    today = _today(root)
    try:
        catalog = load_catalog(root, today=today.date)
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
    print(f"ok: {counts} (dates checked against today, {today})")
    return 0


def run_estimate(args: argparse.Namespace) -> int:
    from generator.engine.estimate import LayoutError, estimate
    from generator.report import estimate_table

    catalog, today = _catalog(args.root)
    if catalog is None:
        return 1
    counted = None
    if args.config:
        from generator.records.hf_config import ConfigError, read

        try:
            counted = read(args.config)
        except ConfigError as exc:
            raise UsageError(str(exc)) from None
        model = counted.model
    else:
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
    on = args.date or today.date
    _check_question(model, args.context, on, today)
    stated = _stated(args, hardware)
    try:
        result = estimate(model, precision, kv, args.context, args.batch, hardware, catalog.prices.values(), on,
                          stated)
    except LayoutError as exc:
        raise UsageError(str(exc)) from None
    if args.json:
        out = result.as_json()
        if counted:
            out["config"] = {"path": str(args.config), "model_type": counted.model_type,
                             "params_arithmetic": [str(line) for line in counted.lines]}
        print(json.dumps(out, indent=2))
    else:
        if counted:
            print(f"Parameters counted from {args.config} ({counted.model_type}):")
            print("\n".join(f"  {line}" for line in counted.lines) + "\n")
        print(estimate_table(result))
    return 0


def _say_invalid(exc: RecordErrors) -> None:
    print(f"error: the records do not validate ({len(exc.errors)} errors); run `python -m generator check`",
          file=sys.stderr)


def _today(root: Path):
    from generator.records.today import today

    try:
        return today(root)
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def _stated(args: argparse.Namespace, hardware: list):
    """The deployment the user has, when they said one: --accelerators, or TP × PP."""
    from generator.engine.estimate import Stated

    tp, pp, n = args.tensor_parallel, args.pipeline_parallel, args.accelerators
    if n is None and tp is None and pp is None:
        if args.attention_data_parallel:
            raise UsageError("--attention-data-parallel needs --accelerators (the GPUs to spread the experts over)")
        return None
    if len(hardware) != 1:
        raise UsageError("a stated deployment (--accelerators, --tensor-parallel, --pipeline-parallel) needs exactly "
                         "one --hardware id")
    if n is None:
        n = (tp or 1) * (pp or 1)
    if tp and pp and tp * pp != n:
        raise UsageError(f"--tensor-parallel {tp} × --pipeline-parallel {pp} is {tp * pp} accelerators, not {n}")
    return Stated(n, tp, pp, args.attention_data_parallel)


def _catalog(root: Path):
    """The records an estimate or a listing reads (not claims or measurements), and the day they are as of;
    (None, today) after printing why, when they do not validate."""
    from generator.records.catalog_cache import load_catalog_cached

    today = _today(root)
    try:
        return load_catalog_cached(root, ("data/precisions", "data/models", "data/hardware", "data/prices"),
                                   today.date), today
    except RecordErrors as exc:
        _say_invalid(exc)
        return None, today


def run_audit(root: Path) -> int:
    from generator.records.audit import audit
    from generator.records.loader import load_catalog

    today = _today(root)
    try:
        catalog = load_catalog(root, today=today.date)
    except RecordErrors as exc:
        _say_invalid(exc)
        return 1
    findings = audit(catalog, today.date)
    for finding in findings:
        print(finding)
    print(f"{len(findings)} finding{'s' if len(findings) != 1 else ''} (as of {today})")
    return 0


def run_list(args: argparse.Namespace) -> int:
    catalog, _ = _catalog(args.root)
    if catalog is None:
        return 1
    records = catalog.by_folder(f"data/{args.what}")
    width = max(map(len, records), default=0)
    for record_id, record in sorted(records.items()):
        print(f"{record_id:<{width}}  {_describe(args.what, record)}")
    return 0


def _describe(what: str, record) -> str:
    if what == "models":
        active = f", {record.active_params / 1e9:,.1f}B active" if record.params_active else ""
        return (f"{record.name} ({record.organization}, {record.released_on.isoformat()}): "
                f"{record.params_total / 1e9:,.1f}B parameters{active}, {record.max_context_tokens:,} tokens")
    if what == "hardware":
        return (f"{record.vendor} {record.name}: {record.memory_gib:g} GiB {record.memory_type}, "
                f"{record.memory_bandwidth_gb_per_s:,.0f} GB/s, up to {record.interconnect.accelerators_per_node} "
                f"per node")
    return f"{record.name}: {record.bits_per_value:g} bits per value, for {' and '.join(record.usable_for)}"


def run_new_claim(args: argparse.Namespace) -> int:
    from generator.records.scaffold import ScaffoldError, write_claim_scaffold

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
        if args.command == "list":
            return run_list(args)
        if args.command == "audit":
            return run_audit(args.root)
        if args.command == "schemas":
            from generator.records.jsonschemas import write

            written = write(args.root)
            print(f"wrote {', '.join(written)}" if written else "schemas are up to date")
            return 0
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 2
