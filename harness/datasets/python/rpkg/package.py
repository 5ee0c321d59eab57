"""An unpacked (not installed) R package: its DESCRIPTION, data index, data objects and help pages.

`dpkg-deb -x` of a Debian `r-cran-*` package leaves the R package under
`usr/lib/R/site-library/<Pkg>` (or `usr/lib/R/library/<Pkg>` for R's recommended packages).
"""
import glob
import os
import re
from dataclasses import dataclass
from functools import cached_property

from .datafiles import read_table_file, table_file
from .lazyload import LazyLoadDB
from .rd import read_page
from .robject import attribute, names, pairlist, strings
from .serialize import read_serialized_file


_RDA_EXTENSIONS = (".rda", ".RData", ".rdata")


class PackageError(ValueError):
    """A package folder that lacks what an installed R package has (the message names the file)."""


def find_package_dir(unpacked):
    """The R package folder inside an unpacked Debian package."""
    found = sorted(glob.glob(os.path.join(unpacked, "usr", "lib", "R", "*library", "*", "DESCRIPTION")))
    if len(found) != 1:
        raise PackageError(f"{unpacked}: expected one R package under usr/lib/R/{{site-library,library}}, found {len(found)}")
    return os.path.dirname(found[0])


def read_dcf(path):
    """A DESCRIPTION file (Debian control format): field -> value, continuation lines joined."""
    fields, key = {}, None
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if line[:1].isspace() and key:
                fields[key] += " " + line.strip()
            elif ":" in line:
                key, value = line.split(":", 1)
                key = key.strip()
                fields[key] = value.strip()
    return fields


@dataclass
class DataEntry:
    """One data object of the package's index: the object, the file it is in, and its index title."""

    object: str
    file: str
    title: str


class RPackage:
    def __init__(self, path):
        self.path = path
        self.description = read_dcf(os.path.join(path, "DESCRIPTION"))
        self.name = self.description.get("Package") or os.path.basename(path)
        self._pages = {}

    @property
    def version(self):
        return self.description.get("Version", "")

    @property
    def license(self):
        return self.description.get("License", "")

    @cached_property
    def _data_db(self):
        base = os.path.join(self.path, "data", "Rdata")
        return LazyLoadDB(base) if os.path.exists(base + ".rdx") else None

    @cached_property
    def data_index(self):
        """The package's data sets, from Meta/data.rds: a matrix of `object (file)` items and titles."""
        meta = os.path.join(self.path, "Meta", "data.rds")
        if not os.path.exists(meta):
            return []
        cells = strings(read_serialized_file(meta))
        dim = attribute(read_serialized_file(meta), "dim")
        rows = int(dim.value[0]) if dim is not None else len(cells) // 2
        entries = []
        for item, title in zip(cells[:rows], cells[rows : 2 * rows]):
            match = re.fullmatch(r"(.+?) \((.+)\)", item)
            obj, file = (match.group(1), match.group(2)) if match else (item, item)
            entries.append(DataEntry(obj, file, title or ""))
        return entries

    def text_table(self, entry):
        """The Table of an entry kept as a text table (`data/<file>.txt.gz`, frames.Table), or None.
        As for data(), an .rda of the same name comes first."""
        if self._data_db is not None or any(os.path.exists(os.path.join(self.path, "data", entry.file + ext)) for ext in _RDA_EXTENSIONS):
            return None
        path = table_file(os.path.join(self.path, "data"), entry.file)
        return read_table_file(path) if path else None

    def load(self, entry):
        """The parsed R object of a data index entry (lazy-load database or data/<file>.rda)."""
        if self._data_db is not None:
            return self._data_db.get(entry.object)
        for ext in _RDA_EXTENSIONS:
            path = os.path.join(self.path, "data", entry.file + ext)
            if os.path.exists(path):
                for tag, value in pairlist(read_serialized_file(path)):
                    if tag == entry.object:
                        return value
                raise PackageError(f"{path} has no object {entry.object}")
        raise PackageError(f"{self.path}/data: no lazy-load database and no {entry.file}.rda for {entry.object}")

    @cached_property
    def _help_db(self):
        base = os.path.join(self.path, "help", self.name)
        if not os.path.exists(base + ".rdx"):
            raise PackageError(f"{base}.rdx not found: the package has no help database")
        return LazyLoadDB(base)

    @cached_property
    def aliases(self):
        """Help alias (a topic or object name) -> the help page that documents it."""
        path = os.path.join(self.path, "help", "aliases.rds")
        obj = read_serialized_file(path)
        return dict(zip(names(obj), strings(obj)))

    def page(self, topic):
        """The help page documenting a topic or object, or None."""
        name = self.aliases.get(topic)
        if name is None or name not in self._help_db.variables:
            return None
        return self._read_page(name)

    def _read_page(self, name):
        if name not in self._pages:
            self._pages[name] = read_page(self._help_db.get(name), name)
        return self._pages[name]

    def pages(self, mentioning=None):
        """Help pages by name; with `mentioning`, only those whose source holds that word (a cheap byte test)."""
        names = sorted(self._help_db.names())
        if mentioning is not None:
            needle = mentioning.encode("utf-8")
            names = [n for n in names if needle in self._help_db.raw(n)]
        return {name: self._read_page(name) for name in names}

    @cached_property
    def scripts(self):
        """R code the package ships besides help examples: demos, vignette code and book scripts (MASS)."""
        found = []
        for folder in ("demo", "doc", "scripts"):
            for path in sorted(glob.glob(os.path.join(self.path, folder, "*.R"))):
                with open(path, encoding="utf-8", errors="replace") as f:
                    found.append((f"{folder}/{os.path.basename(path)}", f.read()))
        return found
