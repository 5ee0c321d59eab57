"""mlebench.metrics: average precision at k and the Dice coefficient."""
import numpy as np


def average_precision_at_k(actual, predicted, k):
    """AP@k of one ranked prediction: precision at each new hit among the first k, over min(|actual|, k)."""
    if not actual:
        return 0.0
    seen = set()
    hits = 0
    total = 0.0
    for rank, item in enumerate(list(predicted)[:k], start=1):
        if item in actual and item not in seen:
            hits += 1
            total += hits / rank
        seen.add(item)
    return total / min(len(actual), k)


def mean_average_precision_at_k(actual, predicted, k):
    return np.mean([average_precision_at_k(a, p, k) for a, p in zip(actual, predicted)])


def dice_coefficient(predicted_mask, true_mask, both_empty_value=np.nan):
    """2|A∩B| / (|A| + |B|); `both_empty_value` when both masks are empty."""
    if predicted_mask.shape != true_mask.shape:
        raise AssertionError(f"predicted mask shape {predicted_mask.shape} differs from true mask shape {true_mask.shape}")
    size = np.sum(predicted_mask) + np.sum(true_mask)
    if size == 0:
        return both_empty_value
    return 2 * np.sum(predicted_mask * true_mask) / size
