"""Lagged target values for forecasts, each at least the test horizon away."""
import numpy as np
import pandas as pd

from .split import test_times, time_key
from .table import RecipeError


def lag_name(target, lag):
    return f"{target}_lag_{lag}"


def horizon(frame, recipe, table):
    """Distinct time steps in the test period: the furthest a forecast has to reach."""
    key = time_key(frame, recipe["split"]["column"], table)
    return len(test_times(key, recipe["testFraction"]))


def add_lags(frame, recipe, table):
    """The frame with one column per lag: the target's value that many time steps before, within its series.

    A lag shorter than the horizon would show a test row another test row's answer, so it is refused.
    """
    spec = recipe.get("lags")
    if not spec:
        return frame, []
    target = recipe["target"]["name"]
    time_column = recipe["split"]["column"]
    h = horizon(frame, recipe, table)
    short = [lag for lag in spec["lags"] if lag < h]
    if short:
        raise RecipeError(f"{table}: lags {short} are shorter than the test horizon of {h} time steps")
    key = time_key(frame, time_column, table)
    steps = pd.Series(pd.factorize(np.sort(key.unique()))[0], index=np.sort(key.unique()))
    position = steps.reindex(key.to_numpy()).to_numpy()
    series = frame[spec["seriesColumn"]].to_numpy() if spec.get("seriesColumn") else np.zeros(len(frame), dtype=int)
    values = pd.Series(frame[target].to_numpy(), index=pd.MultiIndex.from_arrays([series, position]))
    if values.index.duplicated().any():
        raise RecipeError(f"{table}: several rows share one time value of {time_column} within a series; lags need one row per step")
    out = frame.copy()
    names = []
    for lag in spec["lags"]:
        name = lag_name(target, lag)
        looked_up = values.reindex(pd.MultiIndex.from_arrays([series, position - lag]))
        out[name] = np.where(pd.isna(looked_up.to_numpy()), "", looked_up.to_numpy())
        names.append(name)
    return out, names
