"""scikit-learn metrics newer than Debian's (1.4+), added to sklearn.metrics only where missing."""
import numpy as np
import sklearn.metrics as metrics


def root_mean_squared_error(y_true, y_pred, *, sample_weight=None, multioutput="uniform_average"):
    errors = np.sqrt(metrics.mean_squared_error(y_true, y_pred, sample_weight=sample_weight, multioutput="raw_values"))
    return _aggregate(errors, multioutput)


def root_mean_squared_log_error(y_true, y_pred, *, sample_weight=None, multioutput="uniform_average"):
    if np.any(np.asarray(y_true) <= -1) or np.any(np.asarray(y_pred) <= -1):
        raise ValueError("Root Mean Squared Logarithmic Error cannot be used when targets contain values less than or equal to -1.")
    errors = np.sqrt(metrics.mean_squared_log_error(y_true, y_pred, sample_weight=sample_weight, multioutput="raw_values"))
    return _aggregate(errors, multioutput)


def _aggregate(errors, multioutput):
    if isinstance(multioutput, str):
        if multioutput == "raw_values":
            return errors
        return float(np.average(errors))
    return float(np.average(errors, weights=multioutput))


def install():
    for function in (root_mean_squared_error, root_mean_squared_log_error):
        if not hasattr(metrics, function.__name__):
            setattr(metrics, function.__name__, function)
