"""The verdict scale: names, labels, symbols, meanings and admonition types, in one place."""

from __future__ import annotations

VERDICTS = ("accurate", "needs-context", "misleading", "exaggerated", "false", "outdated", "unverifiable")


LABELS = {
    "accurate": "Accurate",
    "needs-context": "Needs context",
    "misleading": "Misleading",
    "exaggerated": "Exaggerated",
    "false": "False",
    "outdated": "Outdated",
    "unverifiable": "Unverifiable",
}


#: A symbol per verdict, shown with its word and colour (never colour alone) in every verdict badge.
ICONS = {"accurate": "✓", "needs-context": "◐", "misleading": "⚠", "exaggerated": "↕", "false": "✗",
         "outdated": "⌛", "unverifiable": "?"}


#: What each verdict means, for the legend on the methodology page.
MEANINGS = {
    "accurate": "The claim matches the arithmetic at its stated reading, within the tolerance.",
    "needs-context": "True only under conditions the claim does not state; the page names them.",
    "misleading": "The numbers may be right, but the claim leads a reader to a wrong conclusion.",
    "exaggerated": "Overstated in either direction (hype or doom), by more than the tolerance and up to the "
                   "false factor.",
    "false": "Off by more than the false factor, or contradicted by the evidence.",
    "outdated": "Accurate when it was said, not today (prices or hardware changed).",
    "unverifiable": "Our records cannot check it (no dated data, or nothing measurable).",
}


#: Badge colour per verdict: white text on each has a contrast of at least 4.5:1. docs/assets/site.css repeats
#: them for the pages (a test keeps the two equal); the link-preview images draw with these.
COLOURS = {"accurate": "#1b5e20", "needs-context": "#0d47a1", "misleading": "#8a4b00", "exaggerated": "#a63d00",
           "false": "#7f0000", "outdated": "#4a148c", "unverifiable": "#455a64"}

#: Material admonition type per verdict (built-in types: no custom CSS needed for colour and icon).
ADMONITIONS = {
    "accurate": "success",
    "needs-context": "info",
    "misleading": "warning",
    "exaggerated": "warning",
    "false": "failure",
    "outdated": "abstract",
    "unverifiable": "question",
}
