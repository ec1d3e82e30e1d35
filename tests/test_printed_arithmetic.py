"""A reader with a calculator: every calculation marked on every built page follows from the numbers it prints.

Each `rc-step` on a page is re-evaluated from its printed numbers alone (tests/printed_math.py), within the
rounding they are shown at, so a term the page does not print can never hide in a result again. Every figure of
every claim's "How we computed it" carries at least one such step, unless it is a looked-up value (a price, a
measurement), which says where it comes from instead.
"""

from __future__ import annotations

import html
import re

import pytest

from printed_math import check, tokens

STEP = re.compile(r'<span class="rc-step">(.*?)</span>', re.S)
FIGURE = re.compile(r'<ul class="rc-figures">(.*?)</ul>', re.S)
ITEM = re.compile(r"<li><strong>(.*?)</strong>(.*?)</li>", re.S)

#: Figures that are looked up, not calculated: they name their source instead of a calculation.
LOOKED_UP = ("Measured:", "Price on record:")
#: Figures that say plainly there is nothing to compute (one accelerator, no sourced peak FLOPS).
NOTHING_TO_COMPUTE = ("none:", "unknown:", "no sourced peak FLOPS")


def _pages(site):
    for path in sorted(site["dir"].rglob("index.html")):
        yield path.relative_to(site["dir"]).parent.as_posix(), path.read_text(encoding="utf-8")


def test_the_evaluator_catches_a_missing_term_and_a_wrong_result():
    # The printed steps of a decode speed, with and without the communication term the page once left out.
    assert check("1 ÷ (21.97 ms + 6.33 ms + 5.04 ms) = 1 ÷ 33.34 ms = 30.0 tokens/s")[0]
    assert not check("1 ÷ (21.97 ms + 5.04 ms) = 1 ÷ 33.34 ms = 30.0 tokens/s")[0]
    assert not check("1 × 10 × $16.40 × 730 h = $11,972")[0]           # the price of all ten GPUs counted twice
    assert check("$16.40 × 730 h = $11,972")[0]
    assert check("403.8 GB ÷ 8 + 8.5 GB ÷ 8 = 51.5 GB")[0]
    assert check("79.65 GiB × 0.9 − 1 GiB = 70.7 GiB")[0]
    assert not check("80 GB × 0.9 = 72 GiB")[0]                        # GB and GiB are not the same unit
    with pytest.raises(ValueError):
        tokens("12 bananas × 3 = 36")                                  # an unknown word is an error, not skipped


def test_every_printed_step_on_every_page_follows(built_site):
    checked, failures = 0, []
    for url, text in _pages(built_site):
        for raw in STEP.findall(text):
            step = html.unescape(raw)
            ok, why = check(step)
            checked += 1
            if not ok:
                failures.append(f"{url}: {why}")
    assert checked > 300, f"only {checked} printed steps found"
    assert not failures, f"{len(failures)} of {checked} printed steps do not follow:\n" + "\n".join(failures[:40])


def test_every_computed_figure_on_a_claim_page_shows_a_step(built_site):
    missing = []
    for url, text in _pages(built_site):
        if not url.startswith("claims/") or url == "claims":
            continue
        for block in FIGURE.findall(text):
            for label, body in ITEM.findall(block):
                label = html.unescape(label)
                said = html.unescape(re.sub(r"<[^>]+>", "", body.split("<br>", 1)[-1])).strip()
                if ('class="rc-step"' not in body and not label.startswith(LOOKED_UP)
                        and not said.startswith(NOTHING_TO_COMPUTE)):
                    missing.append(f"{url}: {label}")
    assert not missing, f"{len(missing)} figures print no step a reader can redo:\n" + "\n".join(sorted(set(missing))[:60])
