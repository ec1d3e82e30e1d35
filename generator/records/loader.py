"""The one place that knows files and lines.

Reads every record with ruamel.yaml (which keeps line and column of each key), validates it with the
pydantic schema of its folder, checks references between records, and either returns a `Catalog` or
raises `RecordErrors` carrying every problem in every file, each as `path:line:col: message`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, NamedTuple

from pydantic import TypeAdapter, ValidationError

from generator.records import schemas
from generator.records import yaml_fast
from generator.records.errors import RecordError, RecordErrors, why_not_a_date
from generator.records.messages import describe

#: A record is a page of YAML, not a data dump; larger files are refused before parsing.
MAX_FILE_BYTES = 256 * 1024

Path_ = tuple[Any, ...]


class Located:
    """Where a record came from, and where each of its keys is, for errors found after loading.

    Positions are computed only when an error needs them (by re-reading the text with ruamel.yaml): valid
    files, the common case, never pay for them.
    """

    __slots__ = ("path", "_text", "_positions")

    def __init__(self, path: str, positions: dict[Path_, tuple[int, int]] | None = None, text: str | None = None):
        self.path = path
        self._positions = positions
        self._text = text

    @property
    def positions(self) -> dict[Path_, tuple[int, int]]:
        if self._positions is None:
            positions: dict[Path_, tuple[int, int]] = {}
            if self._text is not None:
                _, positions, _ = parse_yaml(self._text, self.path)
            self._positions = positions
        return self._positions

    def line_of(self, *key: Any) -> tuple[int, int]:
        """1-based (line, column) of the deepest known key along `key`; (1, 1) for the whole file."""
        key_path: Path_ = tuple(key)
        positions = self.positions
        while key_path:
            if key_path in positions:
                return positions[key_path]
            key_path = key_path[:-1]
        return (1, 1)

    def error(self, key: Iterable[Any], message: str) -> RecordError:
        line, column = self.line_of(*tuple(key))
        return RecordError(self.path, line, column, message)


@dataclass
class Catalog:
    """Every record, validated and cross-checked, by kind and id."""

    root: Path
    precisions: dict[str, schemas.Precision] = field(default_factory=dict)
    models: dict[str, schemas.Model] = field(default_factory=dict)
    hardware: dict[str, schemas.Hardware] = field(default_factory=dict)
    prices: dict[str, Any] = field(default_factory=dict)
    measurements: dict[str, schemas.Measurement] = field(default_factory=dict)
    fleets: dict[str, schemas.Fleet] = field(default_factory=dict)
    claims: dict[str, schemas.Claim] = field(default_factory=dict)
    located: dict[tuple[str, str], Located] = field(default_factory=dict)
    invalid: dict[tuple[str, str], tuple[Any, Located]] = field(default_factory=dict)
    """(folder, file stem) → (parsed data or None, where) of records that failed validation: references to them
    are not reported again, and the ids they name are still checked, so a file's errors come out in one run."""
    today: dt.date | None = None
    """The day dates were checked against."""
    folders: tuple[str, ...] = ()
    """The folders that were read."""

    def by_folder(self, folder: str) -> dict[str, Any]:
        return getattr(self, FOLDER_ATTR[folder])

    def source_path(self, folder: str, record_id: str) -> str:
        return self.located[(folder, record_id)].path


FOLDER_ATTR = {
    "data/precisions": "precisions",
    "data/models": "models",
    "data/hardware": "hardware",
    "data/prices": "prices",
    "data/measurements": "measurements",
    "data/fleets": "fleets",
    "claims": "claims",
}

_ADAPTERS: dict[str, TypeAdapter] = {}


def _adapter(folder: str) -> TypeAdapter:
    """One validator per folder, built the first time that folder is read."""
    if folder not in _ADAPTERS:
        _ADAPTERS[folder] = TypeAdapter(schemas.KINDS[folder])
    return _ADAPTERS[folder]
_PRICE_TAGS = ("cloud-instance", "purchase", "api-unit")


class ImpossibleDate:
    """A value written as a date that no calendar has (2025-06-31): kept in place so the rest of the file is
    still validated, and reported as one located error instead of a traceback."""

    __slots__ = ("text", "reason")

    def __init__(self, text: str, reason: str):
        self.text, self.reason = text, reason

    def message(self) -> str:
        return f"{self.text} is not a date ({self.reason})"


_CONSTRUCTOR = None


def _constructor():
    """ruamel's round-trip constructor, except that an impossible date becomes an ImpossibleDate."""
    global _CONSTRUCTOR
    if _CONSTRUCTOR is None:
        from ruamel.yaml.constructor import RoundTripConstructor

        class Constructor(RoundTripConstructor):
            def construct_yaml_timestamp(self, node, values=None):
                try:
                    return super().construct_yaml_timestamp(node, values)
                except ValueError:
                    # The timestamp pattern guarantees YYYY-M-D digits up front, so the reason can be given.
                    return ImpossibleDate(node.value, why_not_a_date(node.value))
        Constructor.add_constructor("tag:yaml.org,2002:timestamp", Constructor.construct_yaml_timestamp)
        _CONSTRUCTOR = Constructor
    return _CONSTRUCTOR


def _yaml():
    """ruamel.yaml, the careful reader: imported only when a file needs positions (errors are rare)."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    yaml.Constructor = _constructor()
    return yaml


def _plain(node: Any, path: Path_, positions: dict[Path_, tuple[int, int]]) -> Any:
    """ruamel's commented nodes → plain Python values, recording (line, col) for every key and item."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(node, CommentedMap):
        out = {}
        for key in node:
            line, col = node.lc.key(key)
            positions[path + (key,)] = (line + 1, col + 1)
            out[str(key) if not isinstance(key, (int, float, bool)) else key] = _plain(node[key], path + (key,), positions)
        return out
    if isinstance(node, CommentedSeq):
        out_list = []
        for index, item in enumerate(node):
            line, col = node.lc.item(index)
            positions[path + (index,)] = (line + 1, col + 1)
            out_list.append(_plain(item, path + (index,), positions))
        return out_list
    if isinstance(node, bool):
        return bool(node)
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, str):
        return str(node)
    return node


def parse_yaml(text: str, path: str) -> tuple[Any, dict[Path_, tuple[int, int]], list[RecordError]]:
    """Parse one YAML document; returns (plain data, key positions, errors)."""
    from ruamel.yaml.error import MarkedYAMLError, YAMLError
    from ruamel.yaml.events import AliasEvent

    yaml = _yaml()
    if "*" in text or "&" in text:
        # Anchors and aliases have no use in a record and allow 'billion laughs' expansion: refuse them.
        try:
            for event in yaml.parse(text):
                if isinstance(event, AliasEvent) or getattr(event, "anchor", None):
                    mark = event.start_mark
                    return None, {}, [RecordError(path, mark.line + 1, mark.column + 1,
                        "YAML anchors and aliases (&name / *name) are not allowed in records; write the value out")]
        except YAMLError:
            pass  # the load below reports the syntax error with its position
    try:
        node = yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        hint = ""
        if "\t" in text and ("tab" in problem or "found character" in problem):
            hint = "; YAML indentation must use spaces, not tabs"
        if "mapping values are not allowed" in problem:
            hint = "; a value containing ': ' must be put in quotes"
        if "duplicate key" in problem or "found duplicate key" in str(exc):
            key = re.search(r'duplicate key "([^"]+)"', str(exc))
            problem = f"duplicate key `{key.group(1) if key else '?'}`: each key may appear once; keep one"
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        return None, {}, [RecordError(path, line, col, f"invalid YAML: {problem}{hint}")]
    except YAMLError as exc:
        return None, {}, [RecordError(path, 0, 0, f"invalid YAML: {exc}")]
    positions: dict[Path_, tuple[int, int]] = {}
    data = _plain(node, (), positions)
    return data, positions, []


def read_text(file: Path, display: str) -> tuple[str | None, list[RecordError]]:
    """The file's text, or a located error for oversize or non-UTF-8 files."""
    raw = file.read_bytes()
    if len(raw) > MAX_FILE_BYTES:
        return None, [RecordError(display, 0, 0,
            f"file is {len(raw):,} bytes; records are limited to {MAX_FILE_BYTES:,} bytes")]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [RecordError(display, line, column,
            f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save it as UTF-8")]


def validate_record(folder: str, data: Any, located: Located, today: dt.date) -> tuple[Any, list[RecordError]]:
    """Validate one parsed record against its folder's schema; errors carry the key's position. Dates after
    `today` are refused (generator/records/today.py says which day that is)."""
    stem = Path(located.path).stem
    if not isinstance(data, dict):
        kind = "empty" if data is None else type(data).__name__
        return None, [located.error((), f"a record must be a mapping of keys to values (this file is {kind})")]
    # A file without the letters TODO has no placeholder: skip walking every value of it.
    todos = [key for key, value in _leaves(data) if isinstance(value, str) and value.startswith("TODO")] \
        if located._text is None or "TODO" in located._text else []
    if todos:
        return None, [located.error(key, f"{_dotted(key)}: replace the TODO placeholder with the real value")
                      for key in todos]
    # Impossible dates only come from the careful reader (the fast one refuses them).
    bad_dates = {key: value for key, value in _leaves(data) if isinstance(value, ImpossibleDate)} \
        if located._positions is not None else {}
    errors = [located.error(key, value.message()) for key, value in bad_dates.items()]
    try:
        record = _adapter(folder).validate_python(data, context={"today": today})
    except ValidationError as exc:
        located_errors = [(_loc(folder, err), err) for err in exc.errors()]
        return None, errors + [_locate(folder, loc, err, data, located) for loc, err in located_errors
                               if not any(loc[:len(key)] == key for key in bad_dates)]
    if errors:
        return None, errors
    if record.id != stem:
        return None, [located.error(("id",),
            f"id `{record.id}` must equal the file name `{stem}`; rename the file to `{record.id}.yaml` or set id: {stem}")]
    return record, []


def _leaves(data: Any, path: Path_ = ()):
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _leaves(value, path + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _leaves(value, path + (index,))
    else:
        yield path, data


def _dotted(key: Path_) -> str:
    from generator.records.messages import _dotted as dotted

    return dotted(key)


def _loc(folder: str, err: dict) -> Path_:
    """The error's key path in the file (a price's kind tag, which pydantic puts first, is not a key)."""
    loc = tuple(err["loc"])
    if folder == "data/prices" and loc and loc[0] in _PRICE_TAGS:
        loc = loc[1:]
    return loc


def _locate(folder: str, loc: Path_, err: dict, data: dict, located: Located) -> RecordError:
    schema = schemas.KINDS[folder]
    if folder == "data/prices":
        schema = {"cloud-instance": schemas.CloudInstancePrice, "purchase": schemas.PurchasePrice,
                  "api-unit": schemas.ApiUnitPrice}.get(data.get("kind"), schemas.CloudInstancePrice)
    message, key = describe(err, loc, schema, located.positions)
    return located.error(key, message)


#: Parsed and validated files by path, reused while the file's mtime and size (and "today") are unchanged.
_FILE_CACHE: dict[str, tuple[tuple[int, int, dt.date], "Loaded"]] = {}


class Loaded(NamedTuple):
    """One file read: the record, or the errors and the parsed data (references are still checked in it)."""

    record: Any
    located: Located
    errors: list[RecordError]
    data: Any = None


def load_file(folder: str, file: Path, root: Path, today: dt.date) -> Loaded:
    """Read, parse and validate one record file: the fast reader first, ruamel.yaml when anything is off."""
    display = file.relative_to(root).as_posix()
    stat = file.stat()
    key = (stat.st_mtime_ns, stat.st_size, today)
    cached = _FILE_CACHE.get(str(file))
    if cached and cached[0] == key:
        return cached[1]
    result = _load_uncached(folder, file, display, today)
    _FILE_CACHE[str(file)] = (key, result)
    return result


def _load_uncached(folder: str, file: Path, display: str, today: dt.date) -> Loaded:
    text, errors = read_text(file, display)
    if errors:
        return Loaded(None, Located(display, {}), errors)
    # Tabs always take the careful path (libyaml is laxer about them than ruamel.yaml); aliases are refused
    # by the fast reader itself and so take it too.
    if "\t" not in text:
        try:
            data = yaml_fast.load(text)
        except Exception:  # noqa: BLE001 - any doubt: let ruamel.yaml read it and say what is wrong
            data = _SLOW
        if data is not _SLOW:
            located = Located(display, None, text)
            record, errors = validate_record(folder, data, located, today)
            if record is not None:
                return Loaded(record, located, [])
    data, positions, errors = parse_yaml(text, display)
    located = Located(display, positions, text)
    if errors:
        return Loaded(None, located, errors)
    record, errors = validate_record(folder, data, located, today)
    return Loaded(record, located, errors, None if record is not None else data)


_SLOW = object()


def record_files(root: Path, folder: str) -> tuple[list[Path], list[RecordError]]:
    """The `.yaml` files of a folder, sorted; stray `.yml`/other files are errors, not silently skipped."""
    directory = root / folder
    if not directory.is_dir():
        return [], []
    files, errors = [], []
    for file in sorted(directory.iterdir()):
        if file.name.startswith(".") or file.is_dir():
            continue
        if file.suffix == ".yaml":
            files.append(file)
        elif file.suffix in (".yml", ".YAML", ".json", ".txt", ""):
            errors.append(RecordError(file.relative_to(root).as_posix(), 0, 0,
                f"records must be YAML files ending in `.yaml`; rename to `{file.stem}.yaml`"))
    return files, errors


def _load_files(job: tuple[str, Path, dt.date], files: list[Path]) -> list:
    folder, root, today = job
    return [load_file(folder, file, root, today) for file in files]


def load_catalog(root: Path | str = ".", folders: Iterable[str] | None = None, parallel: bool = False,
                 today: dt.date | None = None) -> Catalog:
    """Load every record under `root` (or only `folders`); raise RecordErrors with all problems, or return
    the Catalog. Dates after `today` (default: generator/records/today.py's rule) are errors. With `parallel`, a folder
    of thousands of files is read on every core (generator/records/parallel.py)."""
    from generator.records import parallel as parallel_
    from generator.records.references import check_references
    from generator.records.today import today as today_rule

    root = Path(root).resolve()
    today = today or today_rule(root).date
    catalog = Catalog(root=root, today=today,
                      folders=tuple(f for f in schemas.KINDS if folders is None or f in folders))
    errors: list[RecordError] = []
    for folder in schemas.KINDS:
        if folders is not None and folder not in folders:
            continue
        files, folder_errors = record_files(root, folder)
        errors += folder_errors
        records = catalog.by_folder(folder)
        workers = parallel_.worker_count(len(files)) if parallel else 1
        loaded = parallel_.map_chunks(_load_files, (folder, root, today), files, workers)
        for file, (record, located, file_errors, data) in zip(files, loaded):
            errors += file_errors
            if record is None:
                catalog.invalid[(folder, file.stem)] = (data, located)
                continue
            if record.id in records:
                errors.append(located.error(("id",), f"duplicate id `{record.id}` (also in "
                    f"{catalog.source_path(folder, record.id)})"))
                continue
            records[record.id] = record
            catalog.located[(folder, record.id)] = located
    errors += check_references(catalog)
    if errors:
        raise RecordErrors(errors)
    return catalog
