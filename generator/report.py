"""Plain-text rendering of an estimate for the terminal."""

from __future__ import annotations

from generator.engine.estimate import Estimate
from generator.engine.figures import gb


def _figure(value: float) -> str:
    """Three significant figures at most, never a bare 0 for a small positive value."""
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.3g}"


def _span(d: dict | None) -> str:
    if not d:
        return "—"
    return f"{_figure(d['central'])} ({_figure(d['low'])}–{_figure(d['high'])})"


def estimate_table(result: Estimate) -> str:
    m = result.memory
    lines = [
        f"{result.model.name} · weights {result.precision.name} · KV {result.kv_precision.name} · "
        f"{result.context_tokens:,} tokens × batch {result.batch} · prices as of {result.on.isoformat()}",
        "",
        "Memory",
    ]
    for fig in (m.weights, m.kv_per_token, m.kv_cache, m.overhead):
        lines.append(f"  {fig.label:<22} {fig.arithmetic}")
    lines.append(f"  {'Total':<22} {gb(m.total_bytes)}")
    lines.append("")
    header = (f"{'hardware':<16} {'GPUs':>5} {'TP×PP':>7} {'GB/GPU':>7} {'decode tok/s/seq':>20} "
              f"{'TTFT s':>16} {'$/hour':>9} {'$/month':>10} {'$/Mtok':>18}")
    lines += [header, "-" * len(header)]
    for d in result.deployments:
        j = d.as_json()
        if not j["fits"]:
            lines.append(f"{d.hardware.id:<16} {'does not fit':>5}")
            continue
        hour = f"{j['usd_per_hour']['central']:,.2f}" if j["usd_per_hour"] else "—"
        month = f"{j['usd_per_month']['central']:,.0f}" if j["usd_per_month"] else "—"
        lines.append(
            f"{d.hardware.id:<16} {j['accelerators']:>5} {j['tensor_parallel']:>3}×{j['pipeline_parallel']:<3} "
            f"{j['memory_per_accelerator_bytes'] / 1e9:>7.1f} {_span(j['decode_tokens_per_s_per_sequence']):>20} "
            f"{_span(j['time_to_first_token_s']):>16} {hour:>9} {month:>10} "
            f"{_span(j['usd_per_million_tokens']):>18}"
        )
    notes = []
    for d in result.deployments:
        if d.fit and d.fit.tight:
            t = d.fit.tight
            notes.append(f"{d.hardware.id}: {t.layout.accelerators} tight (needs {t.utilization:.2f} of memory, "
                         f"above the default); {d.fit.layout.accelerators} at the default; memory floor "
                         f"{d.fit.memory_floor_accelerators}")
        elif d.fit and d.fit.fit == "tight":
            notes.append(f"{d.hardware.id}: tight, needs {d.fit.utilization:.2f} of memory (above the default)")
    if notes:
        lines += [""] + notes
    lines += ["", "GPUs: the fewest as rented (1, 2, 4, 8 in a node, then whole nodes) unless --accelerators is "
                  "given. Ranges are low–high over the efficiency bands on the methodology page; "
                  "$ from the cheapest on-demand offer in force on the date."]
    return "\n".join(lines)
