"""One execute_code step: read the public data, fit the recipe's model (or average kept predictions),
write ./submission.csv, and print what happened as one `ARENA_RESULT {json}` line for the agent."""
import json
import random
import warnings

import numpy as np

from . import predictions
from .config import ENSEMBLE, parse_config
from .features import column_kinds, design_matrices
from .metrics import holdout_score
from .models import FAMILIES, Clock, FitContext, cells
from .naive import naive_forecast
from .objectives import clip_to_domain, from_scale, to_scale
from .submission import submission_frame, write_submission
from .table import MAX_TRAIN_BYTES, capped, output_kind, read_table, sample_submission, training_rows

RESULT_PREFIX = "ARENA_RESULT "


def class_codes(config, labels):
    index = {c: i for i, c in enumerate(config.classes)}
    return labels.map(index).to_numpy(dtype=int)


def trivial_predict(config, data, y, test):
    """Class priors, or the loss's constant; a forecast repeats its naive lag where the series has one."""
    if not data.regression:
        prior = np.bincount(y, minlength=len(config.classes)) / len(y)
        print(f"trivial: class priors from {len(y)} training rows")
        return np.tile(prior, (len(test), 1))
    constant = data.loss.constant(y)
    naive, lag = naive_forecast(config, test)
    if naive is None:
        print(f"trivial: constant value from {len(y)} training rows")
        return np.full(len(test), constant)
    missing = np.isnan(naive)
    gaps = f"; the training {data.loss.constant_name} for the {int(missing.sum())} rows without it" if missing.any() else ""
    print(f"trivial: the naive forecast, `{lag[0]}` (the value {lag[1]} time steps earlier){gaps}")
    return np.where(missing, constant, naive)


def fit_predict(ctx, family, data, x_tr, y, x_te):
    """Regression: values. Classification (y = class indices): probabilities over the classes.
    Also the fitted model (None when one class is all there is to predict)."""
    if data.regression:
        native = data.loss.name in family.native
        model = family.fit(ctx, x_tr, y if native else to_scale(data.loss, y), 0)
        pred = model.predict(x_te)
        return clip_to_domain(ctx.config, pred if native else from_scale(data.loss, pred), y), model
    n_classes = len(ctx.config.classes)
    present = np.unique(y)
    proba = np.zeros((x_te.shape[0], n_classes))
    if len(present) == 1:
        proba[:, present[0]] = 1.0
        return proba, None
    # Fitted on the classes present (xgboost needs codes 0..k-1); absent classes get 0.
    model = family.fit(ctx, x_tr, np.searchsorted(present, y), len(present))
    proba[:, present] = model.predict_proba(x_te)
    return proba, model


def predict(config, clock, data, test, kinds):
    """Test predictions, the hold-out score (None when not measured) and the one input column the
    final model uses (None unless it is a model of one column)."""
    y = data.y.to_numpy(dtype=float) if data.regression else class_codes(config, data.y)
    family = FAMILIES[config.model]
    if family.fit is None:
        return clip_to_domain(config, trivial_predict(config, data, y, test), y), None, None
    if data.regression and not family.regresses:
        print(f"{config.model}: cannot regress, predicting the training {data.loss.constant_name}")
        return clip_to_domain(config, np.full(len(test), data.loss.constant(y)), y), None, None
    x_tr, x_te, n_dense, sources = design_matrices(data.train.copy(), test.copy(), kinds, config, family.scaled, family.vocabulary, family.squares, family.timeline, family.logs)
    ctx = FitContext(config, clock, data.regression, n_dense, data.loss, sources)
    score = None
    if cells(x_tr) <= 200_000 and len(config.classes) <= 10 and x_tr.shape[0] >= 50:  # cheap enough to fit twice
        rng = np.random.RandomState(config.seed)
        fit_rows = rng.rand(x_tr.shape[0]) < 0.8
        held_out, _ = fit_predict(ctx, family, data, x_tr[fit_rows], y[fit_rows], x_tr[~fit_rows])
        score = holdout_score(config, data.regression, y[~fit_rows], held_out)
        score = float(score) if score is not None and np.isfinite(score) else None
        if score is not None:
            print(f"hold-out {config.metric} (20% of training rows): {score:.4f}")
    pred, model = fit_predict(ctx, family, data, x_tr, y, x_te)
    return pred, score, getattr(model, "input", None)


def report(config, clock, **facts):
    result = {"tag": config.tag, "model": config.model, "metric": config.metric, **facts, "seconds": round(clock.elapsed(), 2)}
    print(RESULT_PREFIX + json.dumps(result, separators=(",", ":")))


def kind_counts(kinds):
    counts = {}
    for kind in kinds.values():
        counts[kind] = counts.get(kind, 0) + 1
    return counts


def ensemble(config, kind, test):
    """The mean of the members' kept test predictions (probabilities or values)."""
    shape = (len(test),) if kind == "values" else (len(test), len(config.classes))
    pred = predictions.average(config.members, shape)
    print(f"ensemble: the mean of {', '.join(config.members)}")
    return pred


def run(raw_config):
    config = parse_config(raw_config)
    warnings.filterwarnings("ignore")
    clock = Clock(config.time_limit)
    random.seed(config.seed)
    np.random.seed(config.seed)
    kind = output_kind(config.value_columns)
    regression = kind == "values"
    train = None if config.model == ENSEMBLE else read_table(config, "train.csv", regression, max_bytes=MAX_TRAIN_BYTES)
    test = read_table(config, "test.csv", regression)
    if kind == "unsupported":
        # Only the sample submission is a safe answer for formats a generic baseline cannot model.
        write_submission(sample_submission(config))
        print(f"submission columns {[c['type'] for c in config.value_columns]} are not modelled: wrote the sample submission")
        report(config, clock, wrote="sample", rows=0, kinds={}, holdout=None, members=[], input=None)
        return
    if config.model == ENSEMBLE:
        pred, score, facts = ensemble(config, kind, test), None, {"rows": 0, "kinds": {}, "input": None}
    else:
        data = capped(training_rows(config, train, regression), config, FAMILIES[config.model].rows)
        kinds = column_kinds(data.train, test, config)
        pred, score, chosen = predict(config, clock, data, test, kinds)
        facts = {"rows": len(data.train), "kinds": kind_counts(kinds), "input": chosen}
    frame = submission_frame(config, kind, test[config.id_column].astype(str).to_numpy(), pred)
    write_submission(frame)
    print(f"{config.model}: wrote submission.csv ({len(frame)} rows) in {clock.elapsed():.1f} s")
    if config.tag is not None:
        predictions.save(config.tag, pred)
    report(config, clock, wrote="predictions", holdout=score, members=list(config.members), **facts)
