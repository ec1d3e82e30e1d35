"""Benchmark: N synthetic claims through every stage of the site build, in one run, against the build budget.

    .venv/bin/python scripts/bench.py                 # N = 1,000 and 10,000
    .venv/bin/python scripts/bench.py 500 2000 --live # other sizes, plus `mkdocs serve --dirty` rebuilds

For each N it copies the project to a temporary folder, adds N valid synthetic claims (mixed kinds over the
real models and hardware), then times: load + validate, compute (verdicts), render (Markdown), and a real
`mkdocs build --strict` (which repeats the generator stages inside the plugin), cold (no cached preview images)
and warm, and a bare MkDocs + Material build of as many simple pages. It prints one table, the line
`generator/mkdocs ratio: X` for the largest N, and the build budget (cold within 4x the bare build, warm within
2x). It is a benchmark, not a test: nothing here asserts.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.engine.calculator import Calculator  # noqa: E402
from generator.site.gc_pause import paused_gc  # noqa: E402
from generator.records.loader import _FILE_CACHE, load_catalog  # noqa: E402
from generator.site.pages import build  # noqa: E402
from generator.records.today import today as today_rule  # noqa: E402
from generator.verdicts import judge  # noqa: E402

TODAY = today_rule(ROOT).date  # the day the repository's records are checked against (generator/records/today.py)
MODELS = ["llama-3.1-8b", "llama-3.1-70b", "llama-3.1-405b", "gemma-3-27b", "deepseek-v3", "mixtral-8x7b",
          "qwen2.5-72b", "mistral-7b", "llama-4-scout", "gpt-oss-120b", "qwen3-32b", "phi-3-mini"]
HARDWARE = ["h100-sxm", "h200", "a100-80gb", "l4", "rtx-4090", "mi300x", "b200", "l40s"]
PRECISIONS = ["bf16", "fp8", "q4-k-m", "awq-int4"]


def synthetic_claim(i: int) -> str:
    """A valid claim of one of six kinds, varied deterministically by i."""
    model, hw, precision = MODELS[i % len(MODELS)], HARDWARE[(i // 7) % len(HARDWARE)], PRECISIONS[(i // 3) % 4]
    said = dt.date(2024, 1, 1) + dt.timedelta(days=i % 1000)
    kind = ["runs-on", "needs-at-least", "throughput", "rental-price", "unit-price", "evidence"][i % 6]
    head = (f"id: bench-{i:05d}\nclaimant: Bench Corp {i % 97}\nquote: \"Synthetic claim {i} about {model}\"\n"
            f"language: en\nsaid_on: {said.isoformat()}\nsources:\n  - url: https://example.org/bench/{i}\n"
            f"    accessed: 2026-11-01\nkind: {kind}\ntags: [bench, {model}]\n")
    scenario = f"scenario:\n  precision: {precision}\n  context_tokens: {[4096, 8192, 32768][i % 3]}\n  batch: 1\n"
    if kind == "runs-on":
        return head + f"subject: {{model: {model}}}\nclaimed: {{accelerators: {1 + i % 4}, hardware: {hw}}}\n" + scenario
    if kind == "needs-at-least":
        return head + f"subject: {{model: {model}}}\nclaimed: {{accelerators_min: {2 + i % 16}, hardware: {hw}}}\n" + scenario
    if kind == "throughput":
        return (head + f"subject: {{model: {model}, hardware: {hw}}}\nclaimed: {{tokens_per_s: {10 + i % 300}}}\n"
                + scenario + "  accelerators: 8\n")
    if kind == "rental-price":
        return head + f"subject: {{hardware: {HARDWARE[i % 4]}}}\nclaimed: {{usd_per_hour: {1 + i % 9}.5}}\n"
    if kind == "unit-price":
        return (head + "subject: {provider: Google Cloud, product: Cloud Vision API — label detection}\n"
                f"claimed: {{usd: {1 + i % 3}, units: {100 * (1 + i % 10)}}}\n")
    return (head + "claimed: {statement: \"A qualitative statement\"}\nverdict: needs-context\nevidence:\n"
            "  - finding: A published measurement\n    url: https://example.org/evidence\n    accessed: 2026-11-01\n")


def project_with(n: int, workdir: Path) -> Path:
    project = workdir / f"project-{n}"
    for name in ("docs", "overrides", "data", "claims", "generator"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    for i in range(n):
        (project / "claims" / f"bench-{i:05d}.yaml").write_text(synthetic_claim(i), encoding="utf-8")
    return project


def rss_mb(who=resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def run(n: int, workdir: Path, live: bool) -> dict:
    project = project_with(n, workdir)
    _FILE_CACHE.clear()
    gc.collect()
    with paused_gc():  # as the plugin runs these stages
        t0 = time.perf_counter()
        catalog = load_catalog(project, parallel=True)
        t1 = time.perf_counter()
        calc = Calculator(catalog)
        judgements = {c.id: judge(c, calc, TODAY) for c in catalog.claims.values()}
        t2 = time.perf_counter()
        site = build(catalog, calc, TODAY, "https://github.com/x/y", "https://example.org/", judgements,
                     parallel=True)
        t3 = time.perf_counter()
    # The in-process build above drew every link-preview image into the project's cache: empty it, so the first
    # mkdocs build is cold (draws them all) and the second warm (reads them).
    shutil.rmtree(project / ".cache" / "previews", ignore_errors=True)
    cold = mkdocs_build(project, workdir / f"site-{n}")
    warm = mkdocs_build(project, workdir / f"site-{n}")
    bare = bare_build(len(catalog.claims), workdir)
    result = {"n": n, "claims": len(catalog.claims), "pages": len(site.pages), "load": t1 - t0,
              "compute": t2 - t1, "render": t3 - t2, "mkdocs": warm, "cold": cold, "bare": bare,
              "rss_self": rss_mb(), "rss_mkdocs": rss_mb(resource.RUSAGE_CHILDREN)}
    if live:
        result["live"] = live_edit(project, workdir, n)
    shutil.rmtree(project, ignore_errors=True)
    shutil.rmtree(workdir / f"site-{n}", ignore_errors=True)
    return result


def mkdocs_build(project: Path, site: Path) -> float:
    """Seconds for one `mkdocs build --strict` of the project."""
    env = dict(os.environ, REALITY_CHECK_TODAY=TODAY.isoformat())
    mkdocs = Path(sys.executable).parent / "mkdocs"
    t = time.perf_counter()
    r = subprocess.run([str(mkdocs), "build", "--strict", "-q", "-d", str(site)], cwd=project, env=env,
                       capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"mkdocs build failed in {project}:\n{r.stderr[-3000:]}")
    return time.perf_counter() - t


def bare_build(n: int, workdir: Path) -> float:
    """The yardstick of the build budget: plain MkDocs + Material building n simple pages (a title and a
    paragraph each), no plugin of ours."""
    folder = workdir / f"bare-{n}"
    docs = folder / "docs"
    docs.mkdir(parents=True)
    (folder / "mkdocs.yml").write_text("site_name: Bare\ntheme:\n  name: material\n  font: false\n"
                                       "plugins:\n  - search\n", encoding="utf-8")
    (docs / "index.md").write_text("# Bare\n\nA yardstick.\n", encoding="utf-8")
    for i in range(n):
        (docs / f"page-{i:05d}.md").write_text(f"# Page {i}\n\nA simple page with one paragraph of text, number {i}.\n",
                                               encoding="utf-8")
    seconds = mkdocs_build(folder, workdir / f"bare-site-{n}")
    shutil.rmtree(folder, ignore_errors=True)
    shutil.rmtree(workdir / f"bare-site-{n}", ignore_errors=True)
    return seconds


def live_edit(project: Path, workdir: Path, n: int) -> dict:
    """What `mkdocs serve --dirty` (`make serve`) does after one claim is edited: a dirty build into the same
    folder with the same plugin object. Timed twice: an edit that leaves the verdict alone (its page alone is
    rendered again), and one that changes the verdict (the indexes and home page counts change too)."""
    code = f"""
import os, time, pathlib
os.environ["REALITY_CHECK_TODAY"] = "{TODAY.isoformat()}"
from mkdocs.config import load_config
from mkdocs.commands.build import build
os.chdir({str(project)!r})
site = {str(workdir / f"live-{n}")!r}
config = load_config("mkdocs.yml", site_dir=site)
config.plugins.on_startup(command="serve", dirty=True)
build(config, dirty=True)
claim = pathlib.Path("claims/aws-p5-100-dollars-per-hour.yaml")
for new in ("usd_per_hour: 99", "usd_per_hour: 1000"):
    claim.write_text(claim.read_text().replace("usd_per_hour: 100", new))
    t = time.perf_counter()
    config = load_config("mkdocs.yml", site_dir=site)
    build(config, dirty=True)
    print(time.perf_counter() - t)
    claim.write_text(claim.read_text().replace(new, "usd_per_hour: 100"))
    config = load_config("mkdocs.yml", site_dir=site)
    build(config, dirty=True)
"""
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"live-edit rebuild failed:\n{r.stderr[-3000:]}")
    same, verdict = (float(x) for x in r.stdout.split()[-2:])
    shutil.rmtree(workdir / f"live-{n}", ignore_errors=True)
    return {"same": same, "verdict": verdict}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    parser.add_argument("--live", action="store_true",
                        help="also time `mkdocs serve --dirty` rebuilds after editing one claim")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="rc-bench-") as tmp:
        for n in args.sizes:
            rows.append(run(n, Path(tmp), args.live))
        if args.live:
            real = live_edit(project_with(0, Path(tmp)), Path(tmp), 0)
    print(f"{'N':>7} {'claims':>7} {'load s':>7} {'compute s':>9} {'render s':>8} {'generator s':>11} "
          f"{'mkdocs s':>9} {'ms/claim':>8} {'RSS MB':>7} {'mkdocs RSS MB':>13}" + ("  edit s  verdict edit s" if args.live else ""))
    for r in rows:
        gen = r["load"] + r["compute"] + r["render"]
        print(f"{r['n']:>7,} {r['claims']:>7,} {r['load']:>7.2f} {r['compute']:>9.2f} {r['render']:>8.2f} "
              f"{gen:>11.2f} {r['mkdocs']:>9.2f} {r['mkdocs'] / r['claims'] * 1000:>8.2f} {r['rss_self']:>7.0f} "
              f"{r['rss_mkdocs']:>13.0f}" + (f"  {r['live']['same']:>6.2f}  {r['live']['verdict']:>14.2f}" if args.live else ""))
    if args.live:
        print(f"live edit on the real content: {real['same']:.2f} s; when the verdict changes: {real['verdict']:.2f} s")
    if len(rows) > 1:
        print(f"mkdocs time ratio {rows[-1]['n']:,}/{rows[0]['n']:,} claims: {rows[-1]['mkdocs'] / rows[0]['mkdocs']:.2f}")
    last = rows[-1]
    print(f"generator/mkdocs ratio: {(last['load'] + last['compute'] + last['render']) / last['mkdocs']:.3f}")
    for r in rows:
        print(f"build budget at {r['claims']:,} claims: bare MkDocs + Material {r['bare']:.1f} s; ours cold (every "
              f"preview image drawn) {r['cold']:.1f} s = {r['cold'] / r['bare']:.2f}x (budget 4x); warm "
              f"{r['mkdocs']:.1f} s = {r['mkdocs'] / r['bare']:.2f}x (budget 2x)")


if __name__ == "__main__":
    main()
