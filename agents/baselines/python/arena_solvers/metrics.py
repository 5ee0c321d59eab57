"""The task metric on a hold-out split of the training rows, where scikit-learn has it."""
from .objectives import tweedie_power


def positive_index(config):
    named = config.positive_class
    return config.classes.index(named) if named is not None and named in config.classes else len(config.classes) - 1


def holdout_score(config, regression, y_true, pred):
    """y_true: values, or class indices with pred their probabilities. None for other metrics."""
    from sklearn import metrics as m

    if regression:
        params = config.metric_params
        table = {"rmse": lambda: m.mean_squared_error(y_true, pred) ** 0.5, "mse": lambda: m.mean_squared_error(y_true, pred),
                 "mae": lambda: m.mean_absolute_error(y_true, pred), "r2": lambda: m.r2_score(y_true, pred),
                 "rmsle": lambda: m.mean_squared_log_error(y_true, pred) ** 0.5,
                 "poisson_deviance": lambda: m.mean_poisson_deviance(y_true, pred),
                 "gamma_deviance": lambda: m.mean_gamma_deviance(y_true, pred),
                 "tweedie_deviance": lambda: m.mean_tweedie_deviance(y_true, pred, power=tweedie_power(config)),
                 # The task states MASE's scale (the training series' naive error): the grader's, not one re-measured here.
                 "mase": lambda: m.mean_absolute_error(y_true, pred) / float(params["scale"])}
    else:
        labels, pos = pred.argmax(axis=1), positive_index(config)
        table = {"accuracy": lambda: m.accuracy_score(y_true, labels),
                 "balanced_accuracy": lambda: m.balanced_accuracy_score(y_true, labels),
                 "f1": lambda: m.f1_score(y_true == pos, labels == pos), "f1_macro": lambda: m.f1_score(y_true, labels, average="macro"),
                 "mcc": lambda: m.matthews_corrcoef(y_true, labels),
                 "log_loss": lambda: m.log_loss(y_true, pred, labels=range(len(config.classes))),
                 "roc_auc": lambda: m.roc_auc_score(y_true == pos, pred[:, pos]),
                 "average_precision": lambda: m.average_precision_score(y_true == pos, pred[:, pos])}
    try:
        return table[config.metric]() if config.metric in table else None
    except (ValueError, KeyError, TypeError):
        return None  # e.g. one class only in the hold-out rows, or a MASE task without its scale
