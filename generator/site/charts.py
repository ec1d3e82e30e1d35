"""Inline SVG charts, drawn at build time: readable without JavaScript, with a text alternative."""

from __future__ import annotations

import html

from generator.engine.memory import MemoryBreakdown

WIDTH, BAR_Y, BAR_H = 640, 40, 28
COLOURS = {"Weights": "#3f6ec6", "KV cache": "#e0912f", "Activation workspace": "#8a8f98"}


def memory_bar(memory: MemoryBreakdown, references: list[tuple[str, float]], chart_id: str) -> str:
    """Stacked bar of weights + KV cache + workspace, with markers for what some accelerators can hold.

    `references` are (label, usable bytes) pairs, e.g. one H100's usable memory; markers beyond the scale
    are left out.
    """
    parts = [("Weights", memory.weights.value), ("KV cache", memory.kv_cache.value),
             ("Activation workspace", memory.overhead.value)]
    total = memory.total_bytes
    candidates = sorted(((label, b) for label, b in references if b <= total * 1.6), key=lambda r: r[1])
    scale_max = max([total] + [b for _, b in candidates]) * 1.05
    visible_refs: list[tuple[str, float]] = []
    for label, b in candidates:  # keep markers at least 12% of the width apart so labels stay readable
        if not visible_refs or (b - visible_refs[-1][1]) / scale_max >= 0.12:
            visible_refs.append((label, b))
    x_of = lambda b: 10 + (WIDTH - 20) * b / scale_max  # noqa: E731
    desc = "; ".join(f"{name} {value / 1e9:,.1f} GB" for name, value in parts) + f"; total {total / 1e9:,.1f} GB"
    if visible_refs:
        desc += ". Usable memory: " + "; ".join(f"{label} {b / 1e9:,.1f} GB" for label, b in visible_refs)
    out = [f'<svg class="rc-chart" role="img" aria-labelledby="{chart_id}-t {chart_id}-d" '
           f'viewBox="0 0 {WIDTH} {BAR_Y + BAR_H + 78}" xmlns="http://www.w3.org/2000/svg">',
           f'<title id="{chart_id}-t">Memory needed: {total / 1e9:,.1f} GB</title>',
           f'<desc id="{chart_id}-d">{html.escape(desc)}</desc>']
    x = 10.0
    for name, value in parts:
        w = (WIDTH - 20) * value / scale_max
        if w > 0:
            out.append(f'<rect x="{x:.1f}" y="{BAR_Y}" width="{w:.1f}" height="{BAR_H}" fill="{COLOURS[name]}">'
                       f'<title>{name}: {value / 1e9:,.1f} GB</title></rect>')
        x += w
    for i, (label, b) in enumerate(visible_refs):
        rx = x_of(b)
        y_text = 12 + (i % 2) * 12
        out.append(f'<line x1="{rx:.1f}" y1="{y_text + 3}" x2="{rx:.1f}" y2="{BAR_Y + BAR_H + 4}" '
                   f'stroke="currentColor" stroke-dasharray="3 2"/>')
        anchor = "end" if rx > WIDTH * 0.75 else "start"
        out.append(f'<text x="{rx + (-3 if anchor == "end" else 3):.1f}" y="{y_text}" font-size="11" '
                   f'text-anchor="{anchor}" fill="currentColor">{html.escape(label)}</text>')
    legend_y = BAR_Y + BAR_H + 24
    lx = 10
    for name, value in parts:
        out.append(f'<rect x="{lx}" y="{legend_y - 10}" width="12" height="12" fill="{COLOURS[name]}"/>')
        label = f"{name} {value / 1e9:,.1f} GB"
        out.append(f'<text x="{lx + 16}" y="{legend_y}" font-size="12" fill="currentColor">{html.escape(label)}</text>')
        lx += 16 + 7 * len(label) + 18
    out.append(f'<text x="10" y="{legend_y + 24}" font-size="12" fill="currentColor">Total '
               f'{total / 1e9:,.1f} GB ({total / 2**30:,.1f} GiB)</text>')
    out.append("</svg>")
    return "".join(out)
