"""What a step is told: the task's public facts and the recipe its agent chose."""
import re
from dataclasses import dataclass

# Simplest first: the legacy single-model baselines are trivial, linear, forest and gbm (xgboost).
FAMILIES = ("trivial", "linear", "glm", "one_input", "knn", "naive_bayes", "tree", "forest", "extra_trees", "hist_gbm", "gbm", "mlp")
ENSEMBLE = "ensemble"
# Column kinds a step may turn into features; the rest of a table is left out.
SKILLS = ("numeric", "category", "date", "text", "image")
# The value domains of the metric registry (harness/grading/metrics/types.ts ValueDomain); which
# metric has which is passed in CONFIG.metricDomain, never kept here.
VALUE_DOMAINS = ("real", "non-negative", "positive")
TAG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


@dataclass(frozen=True)
class StepConfig:
    model: str
    seed: int
    id_column: str
    target: str
    targets: frozenset
    columns: tuple  # submission columns: ({"name", "type"}, ...)
    classes: tuple
    positive_class: object
    objective: str
    modality: str
    metric: str
    higher_is_better: object  # the metric's direction as task.json states it, or None when not told
    metric_domain: object  # {"truth": ..., "prediction": ...} or None: what the metric accepts
    metric_params: dict  # task.json metric.params, the registry's defaults filled in
    lags: tuple  # a forecast's lag columns of the target: ((column, steps), ...)
    threads: int
    time_limit: float
    data_dir: str
    skills: frozenset
    params: dict
    tag: object  # str or None: where the step's test predictions are kept
    members: tuple  # an ensemble's member tags

    @property
    def value_columns(self):
        return [c for c in self.columns if c["type"] != "id"]


def _number(name, value):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"params.{name} must be a number, not {value!r}")
    return value


def _domain(raw):
    if raw is None:
        return None
    if not isinstance(raw, dict) or set(raw) != {"truth", "prediction"}:
        raise ValueError(f"metricDomain must be null or {{truth, prediction}}, not {raw!r}")
    for side, value in raw.items():
        if value not in VALUE_DOMAINS:
            raise ValueError(f"metricDomain.{side} {value!r} is not one of {', '.join(VALUE_DOMAINS)}")
    return dict(raw)


def _direction(raw):
    if raw is not None and not isinstance(raw, bool):
        raise ValueError(f"higherIsBetter must be true, false or absent, not {raw!r}")
    return raw


def _lags(raw):
    lags = []
    for lag in raw or ():
        if not isinstance(lag, dict) or not isinstance(lag.get("column"), str) or isinstance(lag.get("steps"), bool) or not isinstance(lag.get("steps"), int) or lag["steps"] < 1:
            raise ValueError(f"lags must be {{column, steps}} with a positive whole number of steps, not {lag!r}")
        lags.append((lag["column"], lag["steps"]))
    return tuple(lags)


def parse_config(raw):
    """The CONFIG dict of a step, checked: a wrong recipe fails with a message naming the field."""
    model = raw["model"]
    if model not in FAMILIES and model != ENSEMBLE:
        raise ValueError(f"model {model!r} is not one of {', '.join(FAMILIES + (ENSEMBLE,))}")
    skills = raw.get("skills", list(SKILLS))
    unknown = sorted(set(skills) - set(SKILLS))
    if unknown:
        raise ValueError(f"skills {unknown} are not among {', '.join(SKILLS)}")
    tag = raw.get("tag")
    members = tuple(raw.get("members") or ())
    for t in ([tag] if tag is not None else []) + list(members):
        if not isinstance(t, str) or not TAG.match(t):
            raise ValueError(f"tag {t!r} must be 1-64 letters, digits, '_', '.' or '-'")
    if model == ENSEMBLE and len(members) < 2:
        raise ValueError("an ensemble needs at least two member tags")
    targets = list(raw["targetColumns"])
    positive = raw.get("positiveClass")
    return StepConfig(
        model=model,
        seed=int(raw.get("seed", 0)),
        id_column=raw["idColumn"],
        target=targets[0],
        targets=frozenset(targets),
        columns=tuple(raw["columns"]),
        classes=tuple(str(c) for c in (raw.get("classes") or [])),
        positive_class=None if positive is None else str(positive),
        objective=raw.get("objective", ""),
        modality=raw.get("modality", "tabular"),
        metric=raw.get("metric", ""),
        higher_is_better=_direction(raw.get("higherIsBetter")),
        metric_domain=_domain(raw.get("metricDomain")),
        metric_params=dict(raw.get("metricParams") or {}),
        lags=_lags(raw.get("lags")),
        threads=max(1, int(raw.get("threads", 1))),
        time_limit=float(raw.get("timeLimitSec", 300)),
        data_dir=raw.get("data_dir", "/data"),
        skills=frozenset(skills),
        params={k: _number(k, v) for k, v in (raw.get("params") or {}).items()},
        tag=tag,
        members=members,
    )
