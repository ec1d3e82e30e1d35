"""The package's layout is its design: imports run site → verdicts → engine → records, never back, and no module
imports itself round in a cycle (read from the source with `ast`, so a lazy import inside a function counts)."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "generator"
#: Layer of each subpackage: a module may import its own layer or lower ones. Top-level modules: `constants`
#: (below everything), the command line and its report (above everything).
LAYERS = {"records": 0, "engine": 1, "verdicts": 2, "site": 3}
TOP = {"constants": -1, "cli": 4, "report": 4, "__main__": 5, "__init__": -1}


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


def layer(module: str) -> int:
    parts = module.split(".")
    if len(parts) > 1 and parts[1] in LAYERS:
        return LAYERS[parts[1]]
    return TOP[parts[1]] if len(parts) > 1 else -1


def imports(path: Path) -> set[str]:
    """Every generator module a file imports, at the top or inside a function (not under TYPE_CHECKING)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
            for n in ast.walk(node)}
    found = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("generator"):
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                found.add(candidate if (PACKAGE.parent / (candidate.replace(".", "/") + ".py")).exists()
                          or (PACKAGE.parent / candidate.replace(".", "/")).is_dir() else node.module)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("generator")}
    return found


def graph() -> dict[str, set[str]]:
    return {module_name(p): imports(p) for p in sorted(PACKAGE.rglob("*.py"))}


def test_the_tree_has_the_four_stages():
    assert {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()} == set(LAYERS)
    flat = {p.stem for p in PACKAGE.glob("*.py")}
    assert flat == set(TOP), f"modules outside the four stages: {sorted(flat - set(TOP))}"


def test_imports_run_one_way():
    wrong = [f"{mod} (layer {layer(mod)}) imports {dep} (layer {layer(dep)})"
             for mod, deps in graph().items() for dep in deps
             if layer(dep) > layer(mod) and dep != "generator"]
    assert not wrong, "imports against site → verdicts → engine → records:\n" + "\n".join(wrong)


def find_cycles(g: dict[str, set[str]]) -> list[str]:
    """Every import cycle among the modules of `g`, as 'a → b → a'."""
    state, cycles = {}, []

    def visit(node: str, stack: list[str]) -> None:
        state[node] = "open"
        for nxt in sorted(g.get(node, ()) & g.keys()):
            if state.get(nxt) == "open":
                cycles.append(" → ".join(stack[stack.index(nxt):] + [nxt]))
            elif nxt not in state:
                visit(nxt, stack + [nxt])
        state[node] = "done"

    for node in sorted(g):
        if node not in state:
            visit(node, [node])
    return cycles


def test_no_import_cycles():
    cycles = find_cycles(graph())
    assert not cycles, "import cycles:\n" + "\n".join(cycles)
    assert find_cycles({"a": {"b"}, "b": {"a"}}) == ["a → b → a"]  # the search finds one when there is one


def test_the_check_catches_an_import_the_wrong_way(tmp_path):
    # The records layer importing a verdict module is what the test above must refuse.
    bad = tmp_path / "generator" / "records" / "bad.py"
    bad.parent.mkdir(parents=True)
    bad.write_text("from generator.verdicts.policy import combine\n")
    assert "generator.verdicts.policy" in imports(bad)
    assert layer("generator.verdicts.policy") > layer("generator.records.bad")
