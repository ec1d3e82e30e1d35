"""The changes log: verdicts moved by dated data, corrections by hand, on claim pages, /changes/ and its feed."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from generator.verdicts.changes import claim_history
from generator.engine.calculator import Calculator
from generator.site.pages import build
from generator.verdicts import JUDGES, judge

TODAY = dt.date(2026, 11, 29)


def test_the_p5_claim_stopped_being_true_when_the_june_2025_price_came_on_record(catalog):
    # AWS p5.48xlarge on-demand: $98.32/h through 2025-06-04, $55.04/h from 2025-06-05 (AWS's June 2025 cut).
    claim = catalog.claims["aws-p5-100-dollars-per-hour"]
    calc = Calculator(catalog)
    history = claim_history(claim, lambda day: JUDGES[claim.kind](claim, calc, day).verdict_today, catalog, TODAY)
    [change] = [h for h in history if h.kind == "verdict"]
    assert (change.on, change.before, change.after) == (dt.date(2025, 6, 5), "accurate", "exaggerated")
    assert "AWS p5.48xlarge on-demand $55.04/hour (observed 2025-06-05)" in change.why
    assert judge(claim, calc, TODAY).verdict == "outdated"


def test_claims_that_only_depend_on_the_engine_have_no_computed_changes(catalog):
    claim = catalog.claims["llama-3.1-405b-fp8-single-node"]
    assert judge(claim, Calculator(catalog), TODAY).history == ()


def test_corrections_and_changes_reach_the_claim_page_the_log_and_the_feed(catalog):
    site = build(catalog, Calculator(catalog), TODAY, "https://github.com/x/y", "https://example.org/")
    p5 = site.pages["claims/aws-p5-100-dollars-per-hour.md"]
    assert "2025-06-05: Accurate → Exaggerated as of that day. New price on record: AWS p5.48xlarge" in p5
    corrected = site.pages["claims/deepseek-r1-needs-16-h100-azure.md"]
    assert "2026-11-29: correction: verdict needs context → accurate." in corrected
    assert "corrections policy" in corrected
    log = site.pages["changes/index.md"]
    assert log.index("2026-11-29") < log.index("2025-06-05")  # newest first
    feed = ET.fromstring(site.files["changes/feed.xml"])
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = feed.findall("a:entry", ns)
    assert len(entries) == sum(len(j.history) for j in site.judgements.values()) >= 4
    assert feed.find("a:updated", ns).text == "2026-11-29T00:00:00Z"  # the newest change, never the build time
    ids = [e.find("a:id", ns).text for e in entries]
    assert len(set(ids)) == len(ids)
    # Byte-stable: the same records give the same feed.
    again = build(catalog, Calculator(catalog), TODAY, "https://github.com/x/y", "https://example.org/")
    assert again.files["changes/feed.xml"] == site.files["changes/feed.xml"]
