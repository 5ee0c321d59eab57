"""Lists the datasets a Python package ships, from the package's own index, with their shapes.

package_index.py sklearn|statsmodels prints a JSON array of {dataset, rows, columns} (or {dataset, download: true}
for scikit-learn's fetch_* functions, which download and ship no data). Shapes are those of the table our
exporters would write: features plus target for scikit-learn, a leading date column for dated statsmodels series.
"""
import importlib
import inspect
import json
import sys
import warnings

import pandas as pd

warnings.filterwarnings("ignore")


def sklearn_index():
    from sklearn import datasets

    entries = []
    for name in sorted(datasets.__all__):
        function = getattr(datasets, name)
        required = [p for p in inspect.signature(function).parameters.values() if p.default is inspect.Parameter.empty]
        if name.startswith("fetch_"):
            entries.append({"dataset": name, "download": True})
        elif name.startswith("load_") and not required:
            bunch = function()
            if "images" in bunch and "data" not in bunch:
                entries.append({"dataset": name, "rows": len(bunch.images), "columns": 1})
                continue
            target = bunch.get("target")
            target_columns = 0 if target is None else (1 if target.ndim == 1 else target.shape[1])
            entries.append({"dataset": name, "rows": int(bunch.data.shape[0]), "columns": int(bunch.data.shape[1]) + target_columns})
    return entries


def statsmodels_index():
    from statsmodels import datasets

    entries = []
    for name in sorted(datasets.__all__):
        # __all__ also names helpers (get_rdataset, webuse, ...): datasets are the modules with load_pandas.
        if not inspect.ismodule(getattr(datasets, name, None)):
            continue
        module = importlib.import_module(f"statsmodels.datasets.{name}")
        if not hasattr(module, "load_pandas"):
            continue
        frame = module.load_pandas().data
        dated = 1 if isinstance(frame.index, pd.DatetimeIndex) else 0
        entries.append({"dataset": name, "rows": int(frame.shape[0]), "columns": int(frame.shape[1]) + dated})
    return entries


if __name__ == "__main__":
    index = {"sklearn": sklearn_index, "statsmodels": statsmodels_index}[sys.argv[1]]
    print(json.dumps(index()))
