"""Generated blocks for hand-written pages: a page writes `<!-- rc:NAME -->` and the plugin puts the block there.

The methodology, accuracy and contributing pages list constants, formulas, measurements and record fields
straight from the code and data, so they cannot drift from what the engine does.
"""

from __future__ import annotations

import datetime as dt
import re
import typing

from pydantic import BaseModel

from generator import constants as K
from generator.engine import calibration
from generator.records import schemas
from generator.engine.calculator import Calculator, Setup
from generator.site.templating import arithmetic_html, badge, render, sig, text
from generator.verdicts import MEANINGS, VERDICTS

EXAMPLE = ("llama-3.1-70b", "bf16", 8192, "h100-sxm")
MARKER = re.compile(r"<!--\s*rc:([a-z0-9-]+)\s*-->")
"""Where a hand-written page wants a generated block."""


def verdict_counts(rows: list[dict]) -> str:
    lines = ["| Verdict | Claims |", "|---|---:|"]
    for v in VERDICTS:
        n = sum(1 for r in rows if r["verdict"] == v)
        if n:
            lines.append(f"| {badge(v)} | {n} |")
    lines.append(f"| **All** | **{len(rows)}** |")
    return "\n".join(lines)


def verdict_legend() -> str:
    """The scale every verdict badge on the site is drawn from."""
    lines = ["| Verdict | Meaning |", "|---|---|"]
    lines += [f"| {badge(v)} | {text(MEANINGS[v])} |" for v in VERDICTS]
    return "\n".join(lines)


def latest_claims(rows: list[dict], n: int = 8) -> str:
    # The verdict first: on a phone the last columns are the ones that scroll out of view.
    lines = ["| Verdict | Claim | Who | When |", "|---|---|---|---|"]
    for r in rows[:n]:
        lines.append(f"| {badge(r['verdict'])} | [{text(r['title'])}](claims/{r['id']}.md) | {text(r['claimant'])} | "
                     f"{r['said_on']} |")
    return "\n".join(lines)


def constants_table() -> str:
    lines = ["| Constant | Value | Unit | Why |", "|---|---|---|---|"]
    for name, c in K.all_constants().items():
        if isinstance(c, K.Band):
            value = f"{sig(c.low, 3)} / **{sig(c.central, 3)}** / {sig(c.high, 3)}"
        else:
            value = sig(c.value, 3)
        lines.append(f"| `{name}` | {value} | {text(c.unit)} | {text(c.why)} |")
    lines += ["", "Bands are written low / **central** / high, where *low* is the pessimistic end for speed.", ""]
    for name in ("PRICE_PURCHASE_OPTIONS", "GRID_PRECISIONS", "GRID_CONTEXTS", "GRID_HARDWARE", "MAX_ACCELERATORS"):
        lines.append(f"- `{name}` = `{getattr(K, name)!r}`")
    return "\n".join(lines)


def formulas(calc: Calculator, today: dt.date) -> str:
    model, precision, context, hw = EXAMPLE
    if model not in calc.catalog.models or hw not in calc.catalog.hardware:
        return "_The worked example needs the Llama 3.1 70B and H100 SXM records._"
    estimate = calc.estimate(Setup(model, precision, "bf16", context, 1), [hw], today)
    figures = [estimate.memory.weights, estimate.memory.kv_per_token, estimate.memory.kv_cache,
               estimate.memory.overhead, *estimate.deployments[0].explanation()]
    lines = [f"Worked example, computed by the same code as every page: {estimate.model.name} at "
             f"{estimate.precision.name}, {context:,} tokens, batch 1, on {calc.catalog.hardware[hw].name} "
             f"(prices as of {today.isoformat()}).", "", "| Step | Formula | With the numbers |", "|---|---|---|"]
    for f in figures:
        lines.append(f"| {text(f.label)} | {text(f.formula)} | {arithmetic_html(f).replace('|', '&#124;')} |")
    return "\n".join(lines)


def accuracy(catalog) -> str:
    results = calibration.compare_all(catalog)
    tested = [r for r in results if r.tested]
    inside = sum(1 for r in tested if r.within_tolerance)
    lines = [f"{len(results)} published measurements; {inside} of the {len(tested)} the engine models fall within "
             f"their stated tolerance (a test fails otherwise). Figures the engine does not model are shown for "
             f"honesty but not tested.", "",
             "| Measurement | Model | Set-up | Published | Estimate | Error | Tolerance | Source |",
             "|---|---|---|---:|---:|---:|---:|---|"]
    for r in results:
        m = r.measurement
        setup = m.precision
        if m.hardware:
            setup += f", {m.accelerators} × {catalog.hardware[m.hardware].name}, batch {m.batch}, {m.context_tokens:,} tokens"
        if m.engine:
            setup += f", {m.engine}"
        unit = calibration.UNITS[m.kind]
        fmt = (lambda v: f"{v / 1e9:,.2f} GB") if unit == "bytes" else (lambda v: f"{sig(v)} tok/s")
        est = fmt(r.estimate) if r.estimate is not None else "—"
        err = f"{r.error_percent:+.0f}%" if r.error_percent is not None else "—"
        status = "" if r.tested else " (not modelled)"
        lines.append(f"| {text(m.kind)} | {text(catalog.models[m.model].name)} | {text(setup)} | {fmt(m.value)} | "
                     f"{est} | {err}{status} | ±{m.tolerance_percent:g}% | "
                     f"<a href=\"{m.sources[0].url}\">source</a> |")
    notes = [r for r in results if not r.tested]
    if notes:
        lines += ["", "Not modelled:", ""]
        lines += [f"- **{text(r.measurement.id)}**: {text(r.measurement.not_modelled)}" for r in notes]
    return "\n".join(lines)


def reading_policy(catalog) -> str:
    """The reading policy's menu, generated from the records and the code that apply it."""
    from generator.verdicts.policy import HELPS, REGIMES, SEVERITY

    lines = ["Which way a set-up's footprint helps each kind of claim (the favourable reading moves that way):", "",
             "| Claim kind | The favourable reading is |", "|---|---|"]
    lines += [f"| `{k}` | {'smaller: fewer bits, a short context' if v == 'smaller' else 'larger: the native precision, the full context window, a documented production fleet'} |"
              for k, v in HELPS.items()]
    lines += ["", "Precisions that were standard practice, from their records in `data/precisions/`:", "",
              "| Precision | Bits per weight | Standard since | On | Typical on | Needs its own tensor cores | Source |",
              "|---|---:|---|---|---|---|---|"]
    for p in sorted(catalog.precisions.values(), key=lambda p: (p.practice is None, p.practice and p.practice.since)):
        if p.practice is None:
            continue
        pr = p.practice
        lines.append(f"| {text(p.name)} | {p.bits_per_value:g} | {pr.since.isoformat()} | {', '.join(pr.standard_on)} | "
                     f"{', '.join(pr.typical_on) or '—'} | {'yes' if pr.needs_compute else 'no'} | "
                     f"<a href=\"{pr.sources[0].url}\">source</a> |")
    lines += ["", "A model's native release precision is always a standard reading. Other precisions count only from "
              "the date above, on the hardware classes listed.", "",
              "Production fleets on record (`data/fleets/`), the upper end for claims about scale:", "",
              "| Fleet | Models | Deployment unit | Accelerators (average) | Tokens a day | Source |",
              "|---|---|---:|---:|---:|---|"]
    for f in sorted(catalog.fleets.values(), key=lambda f: f.id):
        per_day = (f.input_tokens + f.output_tokens) * 24 / f.period_hours
        lines.append(f"| {text(f.operator)}, {f.observed_on.isoformat()} | {', '.join(f.models)} | "
                     f"{f.unit_accelerators or '—'} | {f.accelerators_average:,.0f} | {per_day / 1e9:,.0f} billion | "
                     f"<a href=\"{f.sources[0].url}\">source</a> |")
    lines += ["", "Regimes the engine does not model (a speed claim there is graded on the roofline only when the "
              "engine's known error cannot rescue it):", "", "| Regime | The engine | Shown by |", "|---|---|---|"]
    lines += [f"| {text(r.name)} | {r.engine_error} the figure | {', '.join(f'`{m}`' for m in r.measurements)} |"
              for r in REGIMES]
    lines += ["", "Claims with parts: the verdict is the most severe among the checked parts, in this order: "
              + " > ".join(SEVERITY) + ". A part that is not checked is listed with the reason and does not count."]
    return "\n".join(lines)


def _type_name(annotation) -> str:
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _type_name(args[0])
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        names = [_type_name(a) for a in args if a is not type(None)]
        return " or ".join(names)
    if origin is typing.Literal:
        return " \\| ".join(f"`{a}`" for a in args)
    if origin is list:
        return f"list of {_type_name(args[0])}"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f"[{annotation.__name__}](#{annotation.__name__.lower()})"
    return getattr(annotation, "__name__", str(annotation))


def _model_table(model: type[BaseModel]) -> str:
    lines = [f"### {model.__name__}", "", "| Field | Type | Required | Meaning |", "|---|---|---|---|"]
    for name, f in model.model_fields.items():
        lines.append(f"| `{name}` | {_type_name(f.annotation)} | {'yes' if f.is_required() else ''} | "
                     f"{text(f.description or '')} |")
    return "\n".join(lines)


def record_reference() -> str:
    models = [schemas.Claim, schemas.Subject, schemas.Claimed, schemas.Scenario, schemas.EvidenceItem, schemas.Part,
              schemas.Appearance, schemas.Correction,
              schemas.Source, schemas.Model, schemas.SlidingWindow, schemas.MultiHeadLatentAttention,
              schemas.MixtureOfExperts, schemas.Hardware, schemas.PeakTflops, schemas.Interconnect,
              schemas.Precision, schemas.CloudInstancePrice, schemas.PurchasePrice, schemas.ApiUnitPrice,
              schemas.Practice, schemas.Measurement, schemas.Fleet]
    parts = ["Generated from the schemas in `generator/records/schemas.py`. Which `claimed` fields each claim kind takes:",
             "", "| Kind | `claimed` needs | may also have | `subject` needs |", "|---|---|---|---|"]
    for kind, rules in schemas.CLAIMED_FIELDS.items():
        needs = ", ".join(f"`{f}`" for f in rules.get("required", ()))
        if rules.get("one_of"):
            needs = " or ".join(f"`{f}`" for f in rules["one_of"])
        optional = ", ".join(f"`{f}`" for f in rules.get("optional", ()))
        subject = ", ".join(f"`{f}`" for f in schemas.SUBJECT_FIELDS[kind])
        parts.append(f"| `{kind}` | {needs} | {optional} | {subject} |")
    parts.append("")
    parts += [_model_table(m) + "\n" for m in models]
    return "\n".join(parts)


def all_snippets(catalog, calc: Calculator, judgements, rows: list[dict], today: dt.date) -> dict[str, str]:
    return {
        "verdict-counts": verdict_counts(rows),
        "verdict-legend": verdict_legend(),
        "latest-claims": latest_claims(rows),
        "constants": constants_table(),
        "formulas": formulas(calc, today),
        "accuracy": accuracy(catalog),
        "reading-policy": reading_policy(catalog),
        "record-reference": record_reference(),
        "build-date": today.isoformat(),
        "claim-count": str(len(rows)),
        "new-claim-help": render_new_claim_help(),
    }


def render_new_claim_help() -> str:
    """`python -m generator new-claim --help`, from the same argument definitions the command line uses."""
    import argparse

    from generator.records import scaffold

    parser = argparse.ArgumentParser(prog="python -m generator new-claim")
    scaffold.add_new_claim_arguments(parser)
    return "```text\n" + parser.format_help().strip() + "\n```"


__all__ = ["all_snippets", "render"]
