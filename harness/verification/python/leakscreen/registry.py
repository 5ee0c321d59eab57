"""The checks in the order they run and are reported. Order matters: a column one check reports
(Data.flagged) is not reported again by the checks after it, so the most specific finding wins
(a copy is not also called a recoding, an identity's column not also a single-feature predictor)."""
from .hard_target import check_hard_target
from .history import check_forecast_history
from .id_order import check_id_order
from .identities import check_identities
from .names import check_names
from .one_hot import check_one_hot
from .overlap import check_overlap
from .pairs import check_determining_pair
from .parts import check_parts
from .path_names import check_path_names
from .recoding import check_target_recoding
from .single_feature import check_single_feature
from .support import check_support
from .target_absent import check_target_absent
from .target_copy import check_target_copy

CHECKS = {
    "target-absent-from-test": check_target_absent,
    "forecast-history": check_forecast_history,
    "target-copy": check_target_copy,
    "target-recoding": check_target_recoding,
    "name-contains-target": check_names,
    "one-hot-sibling": check_one_hot,
    "target-identity": check_identities,
    "target-part": check_parts,
    "determining-pair": check_determining_pair,
    "target-support": check_support,
    "single-feature-predictor": check_single_feature,
    "hard-target-gap": check_hard_target,
    "id-order": check_id_order,
    "path-names-target": check_path_names,
    "train-test-overlap": check_overlap,
}

# Checks still meaningful when train.csv lacks a target column.
WITHOUT_TARGET = ("target-absent-from-test", "train-test-overlap")

# Checks about the split, the ids or the files: not run on a raw table screened before a task exists.
ABOUT_THE_SPLIT = ("target-absent-from-test", "forecast-history", "id-order", "path-names-target", "train-test-overlap")

# The column screens, in CHECKS order: what screen_table runs.
COLUMN_SCREENS = [c for c in CHECKS if c not in ABOUT_THE_SPLIT]
