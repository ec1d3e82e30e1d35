"""A pickle of validated records for the command line, so `estimate` answers in well under 0.3 s.

The key is every record file's path, mtime and size plus the schema code itself, so any edit (or a new
version of the generator) invalidates it. The cache lives in .cache/ (ignored by git) and only ever
holds a catalog that validated; `check` and the site build never use it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import pickle
from pathlib import Path
from typing import Iterable

CACHE_DIR = ".cache"


def _signature(root: Path, folders: Iterable[str], today: dt.date) -> str:
    h = hashlib.sha256(today.isoformat().encode())  # dates are validated against today
    here = Path(__file__).parent
    for code in ("schemas.py", "loader.py", "references.py", "today.py"):
        st = (here / code).stat()
        h.update(f"{code}:{st.st_mtime_ns}:{st.st_size}".encode())
    for folder in folders:
        directory = root / folder
        if not directory.is_dir():
            continue
        for entry in sorted(os.scandir(directory), key=lambda e: e.name):
            st = entry.stat()
            h.update(f"{folder}/{entry.name}:{st.st_mtime_ns}:{st.st_size}".encode())
    return h.hexdigest()[:32]


def load_catalog_cached(root: Path | str, folders: tuple[str, ...], today: dt.date):
    """The catalog as `load_catalog(root, folders, today=today)` returns it, from the pickle when nothing changed."""
    from generator.records.loader import load_catalog

    root = Path(root).resolve()
    key = _signature(root, folders, today)
    path = root / CACHE_DIR / f"catalog-{key}.pickle"
    try:
        with path.open("rb") as f:
            return pickle.load(f)  # noqa: S301 - our own file, written below from a validated catalog
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError):
        pass
    catalog = load_catalog(root, folders=folders, today=today)  # raises RecordErrors: nothing is cached then
    try:
        path.parent.mkdir(exist_ok=True)
        for old in path.parent.glob("catalog-*.pickle"):
            old.unlink(missing_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as f:
            pickle.dump(catalog, f, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
    except OSError:
        pass  # a read-only checkout still answers, just without the cache
    return catalog
