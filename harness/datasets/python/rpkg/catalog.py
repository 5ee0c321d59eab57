"""What an R package offers as datasets: each indexed data object converted, measured and carded, or
left out with its reason; and the export of one of them in the canonical raw form."""
import json
import os
import re
from collections import defaultdict

from _canonical import write_csv

from .card import GROUPED_DATA, SCRIPT_FOLDERS, CardBuilder
from .aesthetics import ggplot_calls
from .formulas import display_calls, model_calls
from .frames import NotATable, UnsupportedColumn, to_table
from .robject import attribute, deparse, r_class
from .texts import Collection, collection_card, collection_table
from .xycalls import xy_calls

_OVERRIDE_KEYS = {"targets", "columns", "reason"}
_COLUMN_FIX_KEYS = {"meaning", "unit", "coding", "role", "type", "reason"}
_TARGET_FIX_KEYS = {"column", "modelFamily", "evidence", "reason"}


class OverrideError(ValueError):
    """A malformed entry of the overrides file (the message names the file and the entry)."""


def load_overrides(path):
    """`<package>/<object>` -> its corrections, each field checked (errors name the file and field)."""
    if not path:
        return {}
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    datasets = data.get("datasets", {})
    for key, fix in datasets.items():
        where = f"{path}: datasets.{key}"
        if not re.fullmatch(r"[^/]+/[^/]+", key):
            raise OverrideError(f"{where}: the key must be <package>/<object>")
        unknown = set(fix) - _OVERRIDE_KEYS
        if unknown:
            raise OverrideError(f"{where}: unknown fields {sorted(unknown)}")
        for name, column in fix.get("columns", {}).items():
            if set(column) - _COLUMN_FIX_KEYS or not column.get("reason"):
                raise OverrideError(f"{where}.columns.{name}: fields must be among {sorted(_COLUMN_FIX_KEYS)} and include a reason")
        for i, target in enumerate(fix.get("targets", [])):
            if set(target) != _TARGET_FIX_KEYS:
                raise OverrideError(f"{where}.targets[{i}]: needs exactly {sorted(_TARGET_FIX_KEYS)}")
    return datasets


def _calls_in(code, where):
    """Model calls with a formula or with x/y arguments, then plots and tests (kind plot/test)."""
    return model_calls(code, where=where) + xy_calls(code, where=where) + display_calls(code, where=where) + ggplot_calls(code, where=where)


def package_calls(package, mentioning=None, companions=()):
    """Data object -> the model calls (and plots and tests) on it in the package's help examples, demos
    and vignettes, then in those of its companion packages (carData's data are documented by car's examples).

    A call without `data =` counts for the data objects its own page documents; the card keeps
    only calls whose left-hand side names columns of the data. `mentioning` restricts the search
    to pages and scripts that contain that name (for one dataset's card).
    """
    objects = {entry.object for entry in package.data_index}
    found = defaultdict(list)
    for source in (package, *companions):
        other = source is not package
        for name, page in source.pages(mentioning).items():
            documented = [] if other else [a for a in page.aliases if a in objects]
            for call in _calls_in(page.examples, name):
                call.package = source.name
                for obj in [call.data] if call.data else documented:
                    found[obj].append(call)
        for where, code in source.scripts:
            if mentioning is not None and mentioning not in code:
                continue
            for call in _calls_in(code, where):
                call.package = source.name
                if call.data:
                    found[call.data].append(call)
    return found


def _own_page_first(calls, package, page):
    """The data's own help page first, then its package's other pages, its scripts, then companions'."""
    own = page.name if page else None

    def rank(call):
        # Within a rank, a call that writes its formula out reads better as evidence than one that
        # names a formula assigned earlier (`plm(form, data = mf)`).
        named = call.formula not in call.text
        if call.package != package.name:
            return (3, named)
        return (0 if call.where == own else 2 if call.where.startswith(SCRIPT_FOLDERS) else 1, named)

    return sorted(calls, key=rank)


def _grouped_data_calls(robj, obj):
    """nlme's groupedData objects carry their display formula `response ~ primary | groups` as an
    attribute: the response and grouping the data's authors declared, stated by the data itself."""
    formula = attribute(robj, "formula")
    if "groupedData" not in r_class(robj) or formula is None:
        return []
    return model_calls(f"groupedData({deparse(formula)}, data = {obj})", where=GROUPED_DATA)


def _summary(card, page):
    """A listing's description: the help page's first paragraph, at most about 500 characters."""
    first = card["description"].split("\n\n")[0] if card["description"] else ""
    if len(first) > 500:
        cut = first[:500].rsplit(". ", 1)[0]
        first = cut + "." if len(cut) > 100 else first[:497] + "..."
    preamble = page.format.split("\n\n")[0] if page and page.format else ""
    if len(first) < 60 and preamble and preamble not in first:
        first = f"{first} {preamble}".strip()
    return first or card["title"]


def _newlines(frame):
    """Text with `\\n` line ends: the CSV writer quotes fields holding `\\n` but not a lone `\\r`,
    which CSV readers take for the end of a record (dslabs' trump_tweets has tweets with both)."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object:
            out[column] = out[column].map(lambda v: v.replace("\r\n", "\n").replace("\r", "\n") if isinstance(v, str) else v)
    return out


def _modality(table, card):
    if table.kind == "collection" or any(c["type"] == "text" for c in card["columns"]):
        return "text"
    return "time-series" if table.kind == "ts" else "tabular"


class PackageDatasets:
    """The datasets of one unpacked R package, with the collections declared for it."""

    def __init__(self, package, overrides, collections=(), companions=(), scan_all=False, min_rows=150, min_columns=3):
        self.package = package
        self.min_rows, self.min_columns = min_rows, min_columns
        self.overrides = overrides
        self.collections = [Collection(**c) for c in collections]
        self.companions = companions
        # A catalog reads every help page once; one export reads only the pages naming its object.
        self._all_calls = package_calls(package, companions=companions) if scan_all else None

    def calls(self, obj):
        index = self._all_calls if self._all_calls is not None else package_calls(self.package, obj, self.companions)
        return index.get(obj, [])

    def _fixes(self, obj):
        return self.overrides.get(f"{self.package.name}/{obj}", {})

    def table_and_card(self, obj):
        """(Table, card) of a data object or collection; NotATable/UnsupportedColumn when it is neither."""
        collection = next((c for c in self.collections if c.object == obj), None)
        if collection:
            table, labels = collection_table(self.package, collection)
            return table, collection_card(self.package, collection, table, labels)
        entry = next((e for e in self.package.data_index if e.object == obj), None)
        if entry is None:
            raise KeyError(f"{self.package.name} has no data object {obj} in its index (Meta/data.rds)")
        table = self.package.text_table(entry)
        robj = self.package.load(entry) if table is None else None
        table = table if table is not None else to_table(robj)
        page = self.package.page(obj)
        fixes = self._fixes(obj)
        for name in fixes.get("columns", {}):
            if name not in table.frame.columns:
                raise OverrideError(f"override {self.package.name}/{obj}: no column {name}")
        for target in fixes.get("targets", []):
            if target["column"] not in table.frame.columns:
                raise OverrideError(f"override {self.package.name}/{obj}: target {target['column']} is not a column")
        calls = (_grouped_data_calls(robj, obj) if robj is not None else []) + _own_page_first(self.calls(obj), self.package, page)
        return table, CardBuilder(self.package, obj, table, page, calls, fixes).build()

    def objects(self):
        """Every data object of the index and every collection, in index order."""
        return [e.object for e in self.package.data_index] + [c.object for c in self.collections]

    def describe(self, obj):
        """One catalog entry: usable (with size, modality, targets) or left out with a reason."""
        members = {m for c in self.collections for m in c.members}
        base = {"object": obj}
        try:
            table, card = self.table_and_card(obj)
        except (NotATable, UnsupportedColumn) as err:
            reason = str(err) if str(err).startswith("not a data frame") else f"unsupported type: {err}"
            return {**base, "usable": False, "reason": reason + self._member_note(obj, members)}
        except OverrideError:
            raise
        except Exception as err:  # noqa: BLE001 - any failure to read or convert is a listed reason
            return {**base, "usable": False, "reason": f"conversion error: {type(err).__name__}: {err}"}
        width = len([c for c in table.frame.columns if c != "rowname"])
        if table.rows < self.min_rows:
            return {**base, "usable": False, "reason": f"too small: {table.rows} rows (fewer than {self.min_rows})" + self._member_note(obj, members)}
        if width < self.min_columns:
            return {**base, "usable": False, "reason": f"too few columns: {width} (fewer than {self.min_columns})"}
        page = self.package.page(obj)
        return {
            **base,
            "usable": True,
            "title": card["title"],
            "description": _summary(card, page),
            "rows": table.rows,
            "columns": len(table.frame.columns),
            "modality": _modality(table, card),
            "knownTargets": list(dict.fromkeys(t["column"] for t in card["targets"])),
        }

    def _member_note(self, obj, members):
        if obj not in members:
            return ""
        collection = next(c for c in self.collections if obj in c.members)
        return f"; its text is in the collection {collection.object} (one row per {collection.unit})"

    def export(self, obj, out_dir):
        """Writes data.csv into out_dir and returns the card and the table's shape."""
        table, card = self.table_and_card(obj)
        write_csv(_newlines(table.frame), os.path.join(out_dir, "data.csv"))
        return {"card": card, "rows": table.rows, "columns": len(table.frame.columns), "modality": _modality(table, card)}
