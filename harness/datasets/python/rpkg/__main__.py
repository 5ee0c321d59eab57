"""Command line of the R package reader; prints JSON on stdout (parsed with zod by the harness).

  python3 -m rpkg catalog SPEC_JSON            every package's datasets and left-out objects
  python3 -m rpkg export SPEC_JSON OBJECT OUT  one dataset: OUT/data.csv, and its card
  python3 -m rpkg card SPEC_JSON OBJECT        the card of any data object, usable or not

SPEC_JSON: {"overrides": path, "packages": [{"dir": unpacked folder, "collections": [...],
"companions": [unpacked folders of packages whose examples use its data]}]};
`export` takes a spec with a single package.
"""
import json
import sys

from .catalog import PackageDatasets, load_overrides
from .package import RPackage, find_package_dir


def _packages(spec, scan_all):
    overrides = load_overrides(spec.get("overrides"))
    for entry in spec["packages"]:
        package = RPackage(find_package_dir(entry["dir"]))
        companions = [RPackage(find_package_dir(folder)) for folder in entry.get("companions", [])]
        yield entry["dir"], PackageDatasets(package, overrides, entry.get("collections", []), companions, scan_all)


def catalog(spec):
    out = []
    for folder, datasets in _packages(spec, scan_all=True):
        package = datasets.package
        out.append(
            {
                "dir": folder,
                "package": package.name,
                "version": package.version,
                "license": package.license,
                "objects": [datasets.describe(obj) for obj in datasets.objects()],
            }
        )
    return {"packages": out}


def export(spec, obj, out_dir):
    ((_, datasets),) = list(_packages(spec, scan_all=False))
    return datasets.export(obj, out_dir)


def card(spec, obj):
    ((_, datasets),) = list(_packages(spec, scan_all=False))
    return datasets.table_and_card(obj)[1]


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
