"""A forecast's naive anchor: the value a forecaster would repeat, read from the lag columns the task
publishes (each at least the horizon back, so never a test answer). With a season (MASE's
metric.params.period) it is the seasonal naive: the shortest lag that is a whole number of seasons,
so each test row gets the value of its own month or quarter; else the shortest lag."""
import numpy as np
import pandas as pd


def anchor_lag(lags, period):
    """(column, steps) of the lag the naive forecast repeats, or None when the task publishes none."""
    if not lags:
        return None
    by_length = sorted(lags, key=lambda lag: lag[1])
    if period and period > 1:
        seasonal = [lag for lag in by_length if lag[1] % period == 0]
        if seasonal:
            return seasonal[0]
    return by_length[0]


def season_of(config):
    period = config.metric_params.get("period")
    return int(period) if isinstance(period, (int, float)) and not isinstance(period, bool) else None


def naive_forecast(config, test):
    """Per test row, the anchor lag's value (NaN where the series had not started), and the lag used; (None, None) without lags."""
    lag = anchor_lag(config.lags, season_of(config))
    if lag is None or lag[0] not in test.columns:
        return None, None
    return pd.to_numeric(test[lag[0]], errors="coerce").to_numpy(dtype=float), lag
