"""The model families a step can fit. Each is sized to the step's time limit and the machine's threads.

A family's `fit(ctx, x, y, n_classes)` returns a fitted model with `predict` (regression) or
`predict_proba` over the classes 0..n_classes-1. The defaults of trivial, linear, forest and gbm
are the legacy baselines' exactly: tasks' anchors were measured with them. A regressor whose
family has the metric's loss (Family.native) is fitted with it on the raw target: Poisson,
Tweedie and gamma deviances get log-link models, whose predictions are always positive.
"""
import time
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from .metrics import holdout_score
from .objectives import GAMMA, POISSON, SQUARED, TWEEDIE, tweedie_power


class Clock:
    def __init__(self, time_limit):
        self.started = time.time()
        self.time_limit = time_limit

    def elapsed(self):
        return time.time() - self.started

    def past(self, share):
        return self.elapsed() > share * self.time_limit


@dataclass
class FitContext:
    config: object
    clock: Clock
    regression: bool
    n_dense: int  # leading dense columns of x; sparse TF-IDF columns follow
    loss: object = SQUARED  # objectives.Loss of a regression's metric
    sources: tuple = ()  # the input column each dense column of x comes from (None: a pixel)

    def param(self, name, default):
        return self.config.params.get(name, default)


def cells(x):
    return x.nnz if sparse.issparse(x) else x.shape[0] * x.shape[1]


def fit_linear(ctx, x, y, n_classes):
    from sklearn.linear_model import LogisticRegression, Ridge

    if ctx.regression and ctx.loss in (POISSON, TWEEDIE, GAMMA):
        return fit_glm(ctx, x, y)
    if ctx.regression:
        return Ridge(alpha=ctx.param("alpha", 1.0)).fit(x, y)
    return LogisticRegression(C=ctx.param("C", 1.0), max_iter=500).fit(x, y)


def deviance_glm(ctx, alpha):
    """The unfitted log-link GLM of the metric's deviance (Poisson, Tweedie or gamma)."""
    from sklearn.linear_model import GammaRegressor, PoissonRegressor, TweedieRegressor

    if ctx.loss is TWEEDIE:
        return TweedieRegressor(power=tweedie_power(ctx.config), link="log", alpha=alpha, max_iter=1000)
    return (PoissonRegressor if ctx.loss is POISSON else GammaRegressor)(alpha=alpha, max_iter=1000)


def deviance(ctx):
    """The metric's deviance as scikit-learn computes it, and its keyword arguments."""
    from sklearn.metrics import mean_gamma_deviance, mean_poisson_deviance, mean_tweedie_deviance

    if ctx.loss is TWEEDIE:
        return mean_tweedie_deviance, {"power": tweedie_power(ctx.config)}
    return (mean_poisson_deviance if ctx.loss is POISSON else mean_gamma_deviance), {}


def fit_glm(ctx, x, y):
    """A log-link GLM for a deviance. Its penalty is on the mean deviance where Ridge's is on the sum
    of squares, so Ridge's alpha over the row count is the same strength."""
    return deviance_glm(ctx, ctx.param("alpha", 1.0) / x.shape[0]).fit(x, y)


# Penalty strengths a tuned model tries, weakest to strongest (Ridge's alpha; a classifier's C is 1/alpha).
PENALTIES = np.logspace(-2, 3, 6)
TUNING_FOLDS = 3


def fit_tuned_glm(ctx, x, y, n_classes):
    """The textbook equation a statistician fits first: ridge, logistic or a log-link GLM for a
    deviance, on the inputs and their squares (design_matrices), with its penalty chosen by 3-fold
    cross-validation of the loss it fits. Too few rows of a class to cross-validate: legacy linear."""
    from sklearn.linear_model import LogisticRegressionCV, RidgeCV
    from sklearn.metrics import make_scorer
    from sklearn.model_selection import GridSearchCV

    if not ctx.regression:
        if np.bincount(y).min() < TUNING_FOLDS:
            print(f"glm: a class has fewer than {TUNING_FOLDS} training rows, so the penalty is not tuned")
            return fit_linear(ctx, x, y, n_classes)
        model = LogisticRegressionCV(Cs=1 / PENALTIES, cv=TUNING_FOLDS, scoring="neg_log_loss", max_iter=1000, n_jobs=ctx.config.threads).fit(x, y)
        print(f"glm: penalty C = {model.C_[0]:.3g} by {TUNING_FOLDS}-fold cross-validated log loss")
        return model
    if ctx.loss in (POISSON, TWEEDIE, GAMMA):
        measure, kw = deviance(ctx)
        scoring = make_scorer(measure, greater_is_better=False, **kw)
        search = GridSearchCV(deviance_glm(ctx, 1.0), {"alpha": PENALTIES / x.shape[0]}, cv=TUNING_FOLDS, scoring=scoring, n_jobs=ctx.config.threads).fit(x, y)
        print(f"glm: penalty alpha = {search.best_params_['alpha'] * x.shape[0]:.3g} (over the row count) by {TUNING_FOLDS}-fold cross-validated {ctx.loss.name} deviance")
        return search.best_estimator_
    model = RidgeCV(alphas=PENALTIES).fit(x, y)
    print(f"glm: penalty alpha = {model.alpha_:.3g} by leave-one-out squared error")
    return model


class SmoothBasis:
    """Each column as a smooth function (a cubic spline of 6 knots) when it has more than 10 distinct
    training values, else as its values' indicators (a category's levels, a count's values)."""

    def fit(self, x, y=None):
        from sklearn.preprocessing import OneHotEncoder, SplineTransformer

        self.parts = []
        for j in range(x.shape[1]):
            column = x[:, [j]]
            many = len(np.unique(column)) > 10
            basis = SplineTransformer(n_knots=6, degree=3, extrapolation="linear") if many else OneHotEncoder(handle_unknown="ignore", sparse_output=False)
            self.parts.append(basis.fit(column))
        return self

    def transform(self, x):
        return np.hstack([basis.transform(x[:, [j]]) for j, basis in enumerate(self.parts)])


# How one input enters its model: as a smooth curve (or its values' indicators), or as a straight
# line in the raw value, which a curve's wiggles can lose to on a test set (retinopathy's `risk`
# read as a score, AUC 0.63, against its seven group means' 0.53).
FORMS = ("smooth", "straight")


def one_input_model(ctx, form):
    """A lightly penalised model of one input's columns in `form`: logistic, ridge, or the deviance's GLM."""
    from sklearn.linear_model import LogisticRegression, Ridge
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    if not ctx.regression:
        model = LogisticRegression(C=1.0, max_iter=1000)
    elif ctx.loss in (POISSON, TWEEDIE, GAMMA):
        model = deviance_glm(ctx, 1e-3)
    else:
        model = Ridge(alpha=1.0)
    return make_pipeline(SmoothBasis() if form == "smooth" else StandardScaler(), model)


def held_out_loss(ctx, y, pred):
    """What one_input compares columns by: the deviance it fits, squared error, or log loss."""
    if not ctx.regression:
        return float(-np.mean(np.log(np.clip(pred[np.arange(len(y)), y], 1e-6, 1))))
    if ctx.loss in (POISSON, TWEEDIE, GAMMA):
        measure, kw = deviance(ctx)
        return float(measure(y, pred, **kw))
    return float(np.mean((y - pred) ** 2))


class OneInput:
    """A model of one input column's features (its one-hot levels, date parts or missing flag);
    `input` names the column (None: no tabular input, a constant)."""

    def __init__(self, input, columns, model):
        self.input, self.columns, self.model = input, columns, model

    def predict(self, x):
        return self.model.predict(x[:, self.columns])

    def predict_proba(self, x):
        return self.model.predict_proba(x[:, self.columns])


def fit_one_input(ctx, x, y, n_classes):
    """The best single input: a smooth model of each input column's features in turn (a spline of a
    number, the means of a category's groups, a date's parts) and as a straight line in turn, the
    column and form with the best 3-fold cross-validated task metric (a classifier's; else the least
    loss) refitted on every training row. What a task is worth if one column already
    does what a model of all of them does (a raw column read as a score: thoro's birth date)."""
    from sklearn.model_selection import KFold, cross_val_predict

    groups = {}
    for j, source in enumerate(ctx.sources[: ctx.n_dense]):
        if source is not None:
            groups.setdefault(source, []).append(j)
    if not groups:
        from sklearn.dummy import DummyClassifier, DummyRegressor

        print("one input: no tabular input column, so the training mean or class priors")
        return OneInput(None, [0], (DummyRegressor() if ctx.regression else DummyClassifier(strategy="prior")).fit(x[:, [0]], y))
    dense = x.toarray() if sparse.issparse(x) else x
    folds = KFold(TUNING_FOLDS, shuffle=True, random_state=ctx.config.seed)
    # A classifier's column is chosen by the task's own metric where it can be measured here (the
    # column whose AUC is best is what the check compares with, not the one of least log loss:
    # Cowles' extraversion, not sex); a regression's loss already is its metric or on its scale.
    by_metric = not ctx.regression and ctx.config.higher_is_better is not None and n_classes == len(ctx.config.classes)
    scores, losses = {}, {}
    for source, columns in groups.items():
        for form in FORMS:
            pred = cross_val_predict(one_input_model(ctx, form), dense[:, columns], y, cv=folds, method="predict" if ctx.regression else "predict_proba")
            losses[source, form] = held_out_loss(ctx, y, pred)
            if by_metric:
                scores[source, form] = holdout_score(ctx.config, False, y, pred)
    if by_metric and all(v is not None and np.isfinite(v) for v in scores.values()):
        sign = -1 if ctx.config.higher_is_better else 1
        what, value = ctx.config.metric, scores
        ranked = sorted(scores, key=lambda c: (sign * scores[c], losses[c]))
    else:
        what = f"{ctx.loss.name} deviance" if ctx.regression and ctx.loss in (POISSON, TWEEDIE, GAMMA) else "squared error" if ctx.regression else "log loss"
        value = losses
        ranked = sorted(losses, key=losses.get)
    (source, form), runners = ranked[0], []
    for other in ranked[1:]:
        if other[0] != source and all(r[0] != other[0] for r in runners):
            runners.append(other)
    then = ", ".join(f"`{c}` {value[c, f]:.4g}" for c, f in runners[:3])
    print(f"one input: `{source}` ({form}; {TUNING_FOLDS}-fold cross-validated {what} {value[source, form]:.4g}{'; then ' + then if then else ''})")
    columns = groups[source]
    return OneInput(source, columns, one_input_model(ctx, form).fit(dense[:, columns], y))


def count_criterion(ctx):
    """Trees split counts by Poisson deviance, which never leaves a leaf of zeros (a zero rate)."""
    return {"criterion": "poisson"} if ctx.loss in (POISSON, TWEEDIE) else {}


def fit_trees(ctx, x, y, n_classes, extra):
    """Random forest (legacy defaults) or extra trees, grown in chunks of 50 until half the step's time is gone."""
    from sklearn.ensemble import ExtraTreesClassifier, ExtraTreesRegressor, RandomForestClassifier, RandomForestRegressor

    n_rows = x.shape[0]
    # A tree of r rows has < 2r/leaf nodes, each storing a value per class: leaves grow with the
    # class count so 200 trees stay under ~1 GB. (max_leaf_nodes would preallocate every node.)
    rows = min(n_rows, 20_000)
    leaf = max(1, int(np.ceil(2 * rows * 200 * 8 * max(1, n_classes) / 1e9)))
    # Extra trees draw no bootstrap sample unless rows must be capped.
    bootstrap = not extra or n_rows > rows
    kw = dict(n_estimators=0, warm_start=True, n_jobs=ctx.config.threads, random_state=ctx.config.seed,
              bootstrap=bootstrap, max_samples=rows / n_rows if bootstrap else None)
    if ctx.regression:
        cls = ExtraTreesRegressor if extra else RandomForestRegressor
        model = cls(min_samples_leaf=max(ctx.param("leaf", 2), leaf), max_features=ctx.param("max_features", 0.5), **count_criterion(ctx), **kw)
    else:
        cls = ExtraTreesClassifier if extra else RandomForestClassifier
        model = cls(min_samples_leaf=max(ctx.param("leaf", 1), leaf), max_features=ctx.param("max_features", "sqrt"), **kw)
    trees = int(ctx.param("trees", 200))
    name = "extra trees" if extra else "forest"
    while model.n_estimators < trees:
        model.n_estimators += min(50, trees - model.n_estimators)
        model.fit(x, y)
        if model.n_estimators < trees and ctx.clock.past(0.5):
            print(f"{name}: stopped at {model.n_estimators} trees for the time budget")
            break
    # Parallel prediction adds the trees' outputs in whatever order threads finish, so the last
    # digits vary from run to run; one thread keeps submissions identical for the same seed.
    return model.set_params(n_jobs=1)


def fit_forest(ctx, x, y, n_classes):
    return fit_trees(ctx, x, y, n_classes, extra=False)


def fit_extra_trees(ctx, x, y, n_classes):
    return fit_trees(ctx, x, y, n_classes, extra=True)


def xgb_objective(ctx):
    """xgboost's objective for the metric's deviance (log link); squared errors otherwise."""
    if ctx.loss is POISSON:
        return {"objective": "count:poisson"}
    if ctx.loss is TWEEDIE:
        return {"objective": "reg:tweedie", "tweedie_variance_power": tweedie_power(ctx.config)}
    return {"objective": "reg:gamma"} if ctx.loss is GAMMA else {}


def fit_gbm(ctx, x, y, n_classes):
    """xgboost with the legacy baseline's sizing: rounds shrink (and the rate grows) to fit 40% of the step."""
    import xgboost as xgb

    clock = ctx.clock

    class Deadline(xgb.callback.TrainingCallback):
        def after_iteration(self, model, epoch, evals_log):
            stop = clock.past(0.7)
            if stop:
                print(f"gbm: stopped at {epoch + 1} rounds for the time budget")
            return stop

    # Shallow, short and slow on small tables, where deep trees overfit (5-fold CV on human-v1).
    small = x.shape[0] < 2000
    rounds, rate = (150, 0.05) if small else (300, 0.1)
    rounds, rate = int(ctx.param("rounds", rounds)), ctx.param("rate", rate)
    # A round costs, per tree, ~2 ms plus its cells at ~3e7 cells/s per thread (measured), and
    # grows a tree per class: boosting may use 40% of the step's time.
    threads = ctx.config.threads
    round_sec = (n_classes if n_classes > 2 else 1) * (0.002 + cells(x) / (3e7 * threads))
    affordable = int(0.4 * ctx.config.time_limit / round_sec)
    if affordable < rounds:
        rounds, rate = max(20, affordable), min(0.3, rate * (rounds / max(20, affordable)) ** 0.5)
        print(f"gbm: {rounds} boosting rounds (learning rate {rate:.2f}) for the time budget")
    kw = dict(n_estimators=rounds, learning_rate=rate, max_depth=int(ctx.param("depth", 3 if small else 6)), subsample=0.8,
              colsample_bytree=0.8, tree_method="hist", n_jobs=threads, random_state=ctx.config.seed, callbacks=[Deadline()])
    model = xgb.XGBRegressor(**kw, **xgb_objective(ctx)) if ctx.regression else xgb.XGBClassifier(**kw)
    return model.fit(x, y)


def fit_hist_gbm(ctx, x, y, n_classes):
    """scikit-learn's histogram gradient boosting (dense input). A first fit of 10 iterations times
    one; warm-started fits then add as many as fit in 70% of the step."""
    from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor

    if sparse.issparse(x):
        raise ValueError("hist_gbm needs dense features: leave out the text skill")
    small = x.shape[0] < 2000
    total = int(ctx.param("rounds", 150 if small else 300))
    # scikit-learn's 20-row leaves leave little to split in tables of a few hundred rows.
    kw = dict(max_iter=min(total, 10), learning_rate=ctx.param("rate", 0.05 if small else 0.1), max_leaf_nodes=int(ctx.param("leaves", 15 if small else 31)),
              min_samples_leaf=int(ctx.param("leaf", 5 if small else 20)), l2_regularization=ctx.param("l2", 0.0),
              early_stopping=not small, warm_start=True, random_state=ctx.config.seed)
    # scikit-learn 1.2 has a Poisson loss (the Tweedie deviance's mean is fitted by it too), no gamma loss.
    if ctx.regression and ctx.loss in (POISSON, TWEEDIE):
        kw["loss"] = "poisson"
    model = (HistGradientBoostingRegressor if ctx.regression else HistGradientBoostingClassifier)(**kw)
    started = ctx.clock.elapsed()
    model.fit(x, y)
    per_iteration = (ctx.clock.elapsed() - started) / model.n_iter_
    # Fewer iterations than asked: early stopping found more no longer help.
    while model.n_iter_ == model.max_iter < total:
        affordable = int((0.7 * ctx.config.time_limit - ctx.clock.elapsed()) / per_iteration)
        if affordable < 1:
            print(f"hist_gbm: stopped at {model.max_iter} iterations for the time budget")
            break
        model.max_iter = min(total, model.max_iter + affordable)
        model.fit(x, y)
    return model


def fit_knn(ctx, x, y, n_classes):
    from sklearn.neighbors import KNeighborsClassifier, KNeighborsRegressor

    k = min(int(ctx.param("k", 10)), x.shape[0])
    cls = KNeighborsRegressor if ctx.regression else KNeighborsClassifier
    return cls(n_neighbors=k, weights="distance", n_jobs=ctx.config.threads).fit(x, y)


def fit_tree(ctx, x, y, n_classes):
    from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor

    depth = ctx.param("depth", 0)
    kw = dict(max_depth=int(depth) or None, min_samples_leaf=int(ctx.param("leaf", 5)), random_state=ctx.config.seed)
    if ctx.regression:
        return DecisionTreeRegressor(**kw, **count_criterion(ctx)).fit(x, y)
    return DecisionTreeClassifier(**kw).fit(x, y)


class NaiveBayes:
    """Gaussian naive Bayes over the dense columns, multinomial over TF-IDF: independent given the class,
    so their log-likelihoods add (the class prior counted once)."""

    def __init__(self, n_dense, smoothing):
        self.n_dense = n_dense
        self.smoothing = smoothing

    def fit(self, x, y):
        from sklearn.naive_bayes import GaussianNB, MultinomialNB

        dense, text = self._split(x)
        self.gaussian = GaussianNB().fit(dense, y) if dense is not None else None
        self.multinomial = MultinomialNB(alpha=self.smoothing).fit(text, y) if text is not None else None
        return self

    def _split(self, x):
        if not sparse.issparse(x):
            return x, None
        dense = x[:, : self.n_dense].toarray() if self.n_dense else None
        return dense, (x[:, self.n_dense:] if x.shape[1] > self.n_dense else None)

    def predict_proba(self, x):
        dense, text = self._split(x)
        parts = [m.predict_log_proba(d) for m, d in ((self.gaussian, dense), (self.multinomial, text)) if m is not None]
        log = sum(parts)
        if len(parts) == 2:
            log = log - np.log(self.gaussian.class_prior_)
        log -= log.max(axis=1, keepdims=True)
        proba = np.exp(log)
        return proba / proba.sum(axis=1, keepdims=True)


def fit_naive_bayes(ctx, x, y, n_classes):
    if ctx.regression:
        raise ValueError("naive Bayes does not regress")
    return NaiveBayes(ctx.n_dense, ctx.param("smoothing", 0.1)).fit(x, y)


class StandardisedTarget:
    """A regressor fitted on (y - mean) / std: networks train badly on raw targets in the hundreds."""

    def __init__(self, model, y):
        self.model, self.mean, self.std = model, float(np.mean(y)), float(np.std(y)) or 1.0

    def fit(self, x, y):
        self.model.fit(x, (y - self.mean) / self.std)
        return self

    def predict(self, x):
        return self.model.predict(x) * self.std + self.mean


def fit_mlp(ctx, x, y, n_classes):
    """One hidden layer, Adam; early stopping on a 10% split once there are enough rows for one."""
    from sklearn.neural_network import MLPClassifier, MLPRegressor

    kw = dict(hidden_layer_sizes=(int(ctx.param("hidden", 64)),), alpha=ctx.param("alpha", 1e-4), max_iter=int(ctx.param("epochs", 200)),
              early_stopping=x.shape[0] >= 1000, random_state=ctx.config.seed)
    if ctx.regression:
        return StandardisedTarget(MLPRegressor(**kw), y).fit(x, y)
    return MLPClassifier(**kw).fit(x, y)


@dataclass(frozen=True)
class Family:
    fit: object
    rows: object  # training rows affordable in a 300 s step (fewer in less), None: all
    vocabulary: int  # TF-IDF features over all text columns
    scaled: bool  # standardised, clipped inputs
    regresses: bool = True
    squares: bool = False  # numeric inputs' squares added (design_matrices)
    timeline: bool = False  # dates also as their day count (design_matrices)
    logs: bool = False  # wide positive numbers also as their logs (design_matrices)
    native: frozenset = frozenset()  # objectives.Loss names the family fits directly; others on the loss's scale


DEVIANCES = frozenset({POISSON.name, TWEEDIE.name, GAMMA.name})
# Trees and scikit-learn's boosting have a Poisson deviance (fitting the Tweedie mean too), no gamma one.
COUNTS = frozenset({POISSON.name, TWEEDIE.name})

FAMILIES = {
    "trivial": Family(fit=None, rows=None, vocabulary=0, scaled=False),
    "linear": Family(fit_linear, rows=200_000, vocabulary=20_000, scaled=True, native=DEVIANCES),
    # Cross-validation fits it 3 times per penalty: fewer rows than linear in the same time.
    "glm": Family(fit_tuned_glm, rows=50_000, vocabulary=20_000, scaled=True, squares=True, logs=True, native=DEVIANCES),
    "one_input": Family(fit_one_input, rows=100_000, vocabulary=0, scaled=False, timeline=True, native=DEVIANCES),
    "knn": Family(fit_knn, rows=50_000, vocabulary=2_000, scaled=True),
    "naive_bayes": Family(fit_naive_bayes, rows=500_000, vocabulary=20_000, scaled=False, regresses=False),
    "tree": Family(fit_tree, rows=200_000, vocabulary=2_000, scaled=False, native=COUNTS),
    # Trees pay for every column and gain little from rare n-grams.
    "forest": Family(fit_forest, rows=100_000, vocabulary=2_000, scaled=False, native=COUNTS),
    "extra_trees": Family(fit_extra_trees, rows=100_000, vocabulary=2_000, scaled=False, native=COUNTS),
    "hist_gbm": Family(fit_hist_gbm, rows=200_000, vocabulary=2_000, scaled=False, native=COUNTS),
    "gbm": Family(fit_gbm, rows=200_000, vocabulary=2_000, scaled=False, native=DEVIANCES),
    "mlp": Family(fit_mlp, rows=50_000, vocabulary=5_000, scaled=True),
}
