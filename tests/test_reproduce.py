"""Each claim page names the command that prints its 'What it really takes' table, and the command does."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import subprocess
import sys

from conftest import ROOT
from generator.engine.calculator import Calculator
from generator.site.pages import build

TODAY = dt.date(2026, 11, 29)


def test_every_command_on_a_claim_page_prints_the_numbers_of_its_table(catalog):
    site = build(catalog, Calculator(catalog), TODAY, "https://github.com/x/y", "https://example.org/")
    checked = 0
    for src, page in sorted(site.pages.items()):
        if not src.startswith("claims/") or "rc-command" not in page:
            continue
        command = html.unescape(re.search(r'<pre class="rc-command"><code>(.*?)</code></pre>', page).group(1))
        args = command.split()[3:]  # after "python -m generator"
        r = subprocess.run([sys.executable, "-m", "generator", *args, "--json"], capture_output=True, text=True,
                           cwd=ROOT)
        assert r.returncode == 0, (src, r.stderr)
        table = "".join(site.blocks[b] for b in re.findall(r"<!-- rc-block:([\w-]+) -->", page) if b in site.blocks)
        for d in json.loads(r.stdout)["deployments"]:
            if d["fits"]:
                assert f'{d["accelerators"]} ({d["tensor_parallel"]} × {d["pipeline_parallel"]})' in table, (src, d)
            else:
                assert "does not fit" in table, (src, d)
        checked += 1
    with_table = sum(1 for src, page in site.pages.items() if src.startswith("claims/") and "What it really takes" in page)
    assert checked == with_table >= 20, (checked, with_table)
