"""What a regression step optimises for its metric, and keeping predictions inside the metric's domain.

The direction of a metric and its domain come from the registry (CONFIG.metric, CONFIG.metricDomain);
what is kept here is the solver's own choice: which loss to train with, and so which constant is
best and on which scale a family without that loss fits the target.
"""
from dataclasses import dataclass

import numpy as np

@dataclass(frozen=True)
class Loss:
    name: str
    constant: object  # y -> the best constant prediction under the metric
    constant_name: str  # what that constant is, in words
    # The scale a family without this loss fits the target on: identity, log1p (non-negative
    # targets) or log (positive ones); predictions are mapped back. A family that has the loss itself
# (models.Family.native) trains with it on the raw target.
    scale: str


def _log1p_mean(y):
    return float(np.expm1(np.mean(np.log1p(y))))


SQUARED = Loss("squared", lambda y: float(np.mean(y)), "mean", "identity")
# Absolute errors: the median is the best constant. Models keep squared errors, as the legacy
# baselines did on mae tasks (their anchors were measured so).
ABSOLUTE = Loss("absolute", lambda y: float(np.median(y)), "median", "identity")
LOG_SQUARED = Loss("log_squared", _log1p_mean, "geometric mean of 1 + y, less 1", "log1p")
# Deviances are minimised by the mean; a log link keeps every prediction positive.
POISSON = Loss("poisson", lambda y: float(np.mean(y)), "mean", "log1p")
TWEEDIE = Loss("tweedie", lambda y: float(np.mean(y)), "mean", "log1p")
GAMMA = Loss("gamma", lambda y: float(np.mean(y)), "mean", "log")

# Metrics whose best model is not a squared-error one; every other value metric is SQUARED.
LOSSES = {
    "mae": ABSOLUTE,
    "median_ae": ABSOLUTE,
    "mape": ABSOLUTE,
    "mase": ABSOLUTE,
    "rmsle": LOG_SQUARED,
    "poisson_deviance": POISSON,
    "tweedie_deviance": TWEEDIE,
    "gamma_deviance": GAMMA,
}


def loss_of(config, y):
    """The metric's loss; squared errors when the training target leaves the loss's scale (a log of a negative)."""
    loss = LOSSES.get(config.metric, SQUARED)
    if (loss.scale == "log1p" and (y < 0).any()) or (loss.scale == "log" and (y <= 0).any()):
        print(f"{config.metric}: training targets outside the {loss.scale} scale, fitting squared errors")
        return SQUARED
    return loss


def tweedie_power(config):
    return float(config.metric_params.get("power", 1.5))


def to_scale(loss, y):
    return {"identity": y, "log1p": np.log1p(y), "log": np.log(y)}[loss.scale]


def from_scale(loss, pred):
    return {"identity": pred, "log1p": np.expm1(pred), "log": np.exp(pred)}[loss.scale]


def in_domain(values, side):
    """Which values lie in the domain side (`real`, `non-negative`, `positive`), as the grader checks them."""
    return {"real": np.ones(len(values), dtype=bool), "non-negative": values >= 0, "positive": values > 0}[side]


def positive_floor(y):
    """The least positive prediction: the training mean over the training rows, the smallest rate those
    rows tell apart from zero. Not the smallest positive double: a deviance divides the truth by the
    prediction, and y / 5e-324 is infinite."""
    mean = float(np.mean(y)) if len(y) else 0.0
    return mean / len(y) if mean > 0 else float(np.finfo(np.float64).tiny)


def clip_to_domain(config, pred, y):
    """Predictions moved into the metric's prediction domain (negatives to 0, or anything below
    positive_floor(y) of the training target y up to it); unchanged when the metric accepts any real."""
    side = (config.metric_domain or {}).get("prediction", "real")
    if side == "real":
        return pred
    if side == "non-negative":
        floor = 0.0
    else:
        # In float64: float32 predictions (of float32 features) would round a tiny floor to 0. Only
        # here, so the legacy baselines' float32 predictions on other metrics are written as before.
        pred, floor = np.asarray(pred, dtype=np.float64), positive_floor(y)
    moved = int((pred < floor).sum())
    if moved:
        print(f"{config.metric}: {moved} predictions moved into its {side} domain (at least {floor:.3g})")
    return np.maximum(pred, floor)
