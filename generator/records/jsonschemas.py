"""JSON Schema for each record kind, generated from the pydantic models, for contributors' editors.

Record files start with `# yaml-language-server: $schema=../../schemas/<kind>.json`, so editors with the YAML
language server autocomplete fields and show their docstrings. `python -m generator schemas` rewrites the
files only when their content changes; a test fails when they are stale.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import TypeAdapter

from generator.records import schemas

FILES = {
    "model.json": schemas.Model,
    "hardware.json": schemas.Hardware,
    "precision.json": schemas.Precision,
    "price.json": schemas.Price,
    "measurement.json": schemas.Measurement,
    "fleet.json": schemas.Fleet,
    "claim.json": schemas.Claim,
}


def render_all() -> dict[str, str]:
    out = {}
    for name, schema in FILES.items():
        data = TypeAdapter(schema).json_schema(mode="validation")
        data["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        out[name] = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    return out


def write(root: Path) -> list[str]:
    """Write changed schema files; return the names written."""
    folder = Path(root) / "schemas"
    folder.mkdir(exist_ok=True)
    written = []
    for name, content in render_all().items():
        path = folder / name
        if not path.exists() or path.read_text(encoding="utf-8") != content:
            path.write_text(content, encoding="utf-8")
            written.append(name)
    return written
