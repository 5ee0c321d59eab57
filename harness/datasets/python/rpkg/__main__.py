"""Command line of the R package reader; prints JSON on stdout (parsed with zod by the harness).

  python3 -m rpkg catalog SPEC_JSON            every package's datasets and left-out objects
  python3 -m rpkg export SPEC_JSON OBJECT OUT  one dataset: OUT/data.csv, and its card
  python3 -m rpkg card SPEC_JSON OBJECT        the card of any data object, usable or not

SPEC_JSON: {"overrides": path, "minRows": n, "minColumns": n, "packages": [{"dir": unpacked folder, "collections": [...],
"companions": [unpacked folders of packages whose examples use its data]}]};
`export` takes a spec with a single package.
"""
import json
import os
import sys
from concurrent.futures import ProcessPoolExecutor

from .catalog import PackageDatasets, load_overrides
from .package import RPackage, find_package_dir


def _datasets(spec, entry, scan_all):
    package = RPackage(find_package_dir(entry["dir"]))
    companions = [RPackage(find_package_dir(folder)) for folder in entry.get("companions", [])]
    limits = {"min_rows": spec.get("minRows", 150), "min_columns": spec.get("minColumns", 3)}
    return PackageDatasets(package, load_overrides(spec.get("overrides")), entry.get("collections", []), companions, scan_all, **limits)


def _describe_package(spec, entry):
    datasets = _datasets(spec, entry, scan_all=True)
    package = datasets.package
    return {
        "dir": entry["dir"],
        "package": package.name,
        "version": package.version,
        "license": package.license,
        "objects": [datasets.describe(obj) for obj in datasets.objects()],
    }


def catalog(spec):
    # One package per process: reading is pure Python, so the cores work in parallel.
    with ProcessPoolExecutor(max_workers=min(len(spec["packages"]), os.cpu_count() or 1)) as pool:
        return {"packages": list(pool.map(_describe_package, [spec] * len(spec["packages"]), spec["packages"]))}


def _single(spec):
    (entry,) = spec["packages"]
    return _datasets(spec, entry, scan_all=False)


def export(spec, obj, out_dir):
    return _single(spec).export(obj, out_dir)


def card(spec, obj):
    return _single(spec).table_and_card(obj)[1]


def main(argv):
    if len(argv) >= 2 and argv[0] == "catalog":
        result = catalog(json.loads(argv[1]))
    elif len(argv) == 4 and argv[0] == "export":
        result = export(json.loads(argv[1]), argv[2], argv[3])
    elif len(argv) == 3 and argv[0] == "card":
        result = card(json.loads(argv[1]), argv[2])
    else:
        sys.exit(__doc__)
    json.dump(result, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv[1:])
