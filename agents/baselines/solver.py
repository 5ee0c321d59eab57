# MLE Arena baseline solver. The baseline agents send this file as the code of an execute_code
# step, after a line `CONFIG = {...}` with: model (trivial | linear | forest | gbm), seed, idColumn,
# targetColumns, columns (submission columns with types), classes, positiveClass, objective,
# modality, metric, threads, timeLimitSec and data_dir (default /data). It reads only data_dir
# and writes ./submission.csv.
import os

THREADS = max(1, int(CONFIG.get("threads", 1)))
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = str(THREADS)  # before numpy loads its BLAS
# Spinning OpenMP workers slow xgboost ~10x when the cores are shared (measured on 2 cores).
os.environ["OMP_WAIT_POLICY"] = "PASSIVE"

import random
import re
import time
import warnings

import numpy as np
import pandas as pd
from scipy import sparse

warnings.filterwarnings("ignore")
STARTED = time.time()
DATA = os.path.realpath(CONFIG.get("data_dir", "/data"))
MODEL = CONFIG["model"]
SEED = int(CONFIG.get("seed", 0))
ID = CONFIG["idColumn"]
TARGET = CONFIG["targetColumns"][0]
TARGETS = set(CONFIG["targetColumns"])
CLASSES = [str(c) for c in (CONFIG.get("classes") or [])]
METRIC = CONFIG.get("metric", "")
MODALITY = CONFIG.get("modality", "tabular")
TIME_LIMIT = float(CONFIG.get("timeLimitSec", 300))
VALUE_COLUMNS = [c for c in CONFIG["columns"] if c["type"] != "id"]
random.seed(SEED)
np.random.seed(SEED)


def output_kind():
    types = {c["type"] for c in VALUE_COLUMNS}
    if len(types) != 1:
        return "unsupported"
    kind = types.pop()
    if kind == "probability":
        return "binary_score" if len(VALUE_COLUMNS) == 1 else "class_probabilities"
    if len(VALUE_COLUMNS) != 1:
        return "unsupported"
    return {"label": "labels", "number": "values"}.get(kind, "unsupported")


KIND = output_kind()
REGRESSION = KIND == "values"
NA_SPELLINGS = ["", "NA", "N/A", "n/a", "NaN", "nan", "null", "NULL", "None", "none", "?", "-"]


def read_table(name, max_bytes=None):
    """Ids and class labels stay strings exactly as written ("0", "NA"); features get NA parsing.
    With max_bytes, a larger file is row-sampled while it is read, so memory stays bounded."""
    path = os.path.join(DATA, name)
    header = pd.read_csv(path, nrows=0).columns
    keep_raw = {ID} if REGRESSION else {ID, TARGET}
    na = {c: NA_SPELLINGS for c in header if c not in keep_raw}
    share = 1.0 if max_bytes is None else min(1.0, max_bytes / os.path.getsize(path))
    skip = None
    if share < 1.0:
        print(f"{name}: {os.path.getsize(path) >> 20} MiB, reading a {share:.0%} sample of its rows")
        skip = lambda i: i > 0 and ((i * 2654435761 + SEED * 97) % 2**32) / 2**32 >= share  # a fixed hash: deterministic
    return pd.read_csv(path, dtype={c: str for c in keep_raw if c in header}, keep_default_na=False, na_values=na,
                       skiprows=skip, low_memory=False)


def write_submission(values):
    frame = pd.DataFrame({ID: test[ID].astype(str).to_numpy()})
    for name, column in values.items():
        frame[name] = column
    frame.to_csv("submission.csv", index=False)
    print(f"{MODEL}: wrote submission.csv ({len(frame)} rows) in {time.time() - STARTED:.1f} s")


train = read_table("train.csv", max_bytes=300 << 20)
test = read_table("test.csv")
if KIND == "unsupported":
    # Only the sample submission is a safe answer for formats a generic baseline cannot model.
    sample = pd.read_csv(os.path.join(DATA, "sample_submission.csv"), dtype=str, keep_default_na=False)
    sample.to_csv("submission.csv", index=False)
    print(f"submission columns {[c['type'] for c in VALUE_COLUMNS]} are not modelled: wrote the sample submission")
    raise SystemExit(0)

# ---------------------------------------------------------------- target
if REGRESSION:
    y_all = pd.to_numeric(train[TARGET], errors="coerce").replace([np.inf, -np.inf], np.nan)
else:
    # Labels must match a known class; "1.0" written for class "1" is mapped back.
    known = {c: c for c in CLASSES}
    for c in CLASSES:
        try:
            known.setdefault(str(float(c)), c)
        except ValueError:
            pass
    y_all = train[TARGET].astype(str).str.strip().map(known)
unusable = int(y_all.isna().sum())
if unusable:
    print(f"dropped {unusable} training rows without a usable target")
train = train[y_all.notna().to_numpy()].reset_index(drop=True)
y_all = y_all[y_all.notna()].reset_index(drop=True)
if len(train) == 0:
    raise SystemExit("no training row has a usable target")
LOG_TARGET = REGRESSION and METRIC == "rmsle" and bool((y_all >= 0).all())


def row_cap():
    """Training rows a model can afford in the step's time (the boosting rounds adapt to the rest)."""
    if MODEL == "trivial":
        return len(train)
    base = {"linear": 200_000, "forest": 100_000, "gbm": 200_000}[MODEL]
    cap = int(max(2_000, base * min(1.0, TIME_LIMIT / 300)))
    # TF-IDF with bigrams handles ~25M characters in 10 s (the spam e-mails): long texts cap rows.
    lengths = [train[c].astype(str).str.len().clip(upper=10_000) for c in train.columns if train[c].dtype == object and c not in (ID, TARGET)]
    chars = sum(n.sum() for n in lengths if n.mean() > 50)
    if chars > 40e6 * min(1.0, TIME_LIMIT / 300):
        cap = min(cap, int(len(train) * 40e6 * min(1.0, TIME_LIMIT / 300) / chars))
    return cap


def subsample(cap):
    """Deterministic row sample that keeps a few rows of every class."""
    rng = np.random.RandomState(SEED)
    keep = np.sort(rng.choice(len(train), size=cap, replace=False))
    if not REGRESSION:
        seen = set(y_all.iloc[keep])
        extra = [i for c in set(y_all) - seen for i in np.flatnonzero((y_all == c).to_numpy())[:5]]
        keep = np.sort(np.concatenate([keep, np.array(extra, dtype=int)]))
    return keep


if len(train) > row_cap():
    rows = subsample(row_cap())
    print(f"subsampled training rows {len(train)} -> {len(rows)} for the {TIME_LIMIT:.0f} s budget")
    train = train.iloc[rows].reset_index(drop=True)
    y_all = y_all.iloc[rows].reset_index(drop=True)

# ---------------------------------------------------------------- features
IMAGE_EXT = (".png", ".jpg", ".jpeg", ".bmp", ".gif", ".tif", ".tiff")
# id, user_id, userId, UserID, uuid, row_index ... but not paid, grid, valid.
ID_NAME = re.compile(r"(^|[^a-zA-Z])([iI][dD]|uid|uuid|guid|key|index)$|[a-z]I[dD]$|^[iI][dD][^a-zA-Z]")


def column_kind(name, s):
    present = s.dropna()
    if len(present) == 0 or present.astype(str).nunique() <= 1:
        return "drop"
    unique_share = present.nunique() / len(present)
    if pd.api.types.is_bool_dtype(s) or pd.api.types.is_numeric_dtype(s):
        integral = pd.api.types.is_integer_dtype(s) or bool((present == present.round()).all())
        return "drop" if ID_NAME.search(str(name)) and integral and unique_share > 0.95 else "numeric"
    text = present.astype(str)
    head = text.iloc[:2000]
    if head.str.lower().str.endswith(IMAGE_EXT).mean() > 0.9:
        return "image"
    if pd.to_numeric(head, errors="coerce").notna().mean() > 0.95:
        return "numeric"
    dateish = head.str.len().mean() <= 40 and head.str.contains(r"\d[-/:.]\d", regex=True).mean() > 0.9
    if dateish and pd.to_datetime(head.iloc[:500], errors="coerce").notna().mean() > 0.9:
        return "date"
    words = head.str.count(r"\s+").mean() + 1
    if unique_share > 0.3 and (words >= 5 or (MODALITY == "text" and head.str.len().mean() >= 20)):
        return "text"
    if unique_share > 0.9 or present.nunique() > 1000:
        return "drop"  # names, ids, free-form codes: no general signal
    return "category"


def image_matrix(paths, size):
    from PIL import Image

    out = np.zeros((len(paths), size[0] * size[1]), dtype=np.float32)
    for i, p in enumerate(paths):
        full = os.path.realpath(os.path.join(DATA, str(p)))
        if not full.startswith(DATA + os.sep) or not os.path.isfile(full):
            continue  # missing, or outside the data dir: left blank
        with Image.open(full) as img:
            out[i] = np.asarray(img.convert("L").resize(size), dtype=np.float32).ravel() / 255.0
    return out


def image_size(paths):
    from PIL import Image

    for p in paths:
        full = os.path.realpath(os.path.join(DATA, str(p)))
        if full.startswith(DATA + os.sep) and os.path.isfile(full):
            with Image.open(full) as img:
                w, h = img.size
            scale = min(1.0, 32 / max(w, h))  # larger images are downsampled to at most 32 px a side
            return max(1, round(w * scale)), max(1, round(h * scale))
    return 1, 1


def date_parts(s):
    d = pd.to_datetime(s, errors="coerce", infer_datetime_format=True)
    parts = {p: getattr(d.dt, p) for p in ("year", "month", "day", "dayofweek")}
    if (d.dt.hour.fillna(0) != 0).any():
        parts["hour"] = d.dt.hour
    return pd.DataFrame(parts).astype(float)


def build_features(tr, te):
    """Tabular columns as numbers (NaN allowed), pixel arrays, sparse TF-IDF blocks, and a summary."""
    dense_tr, dense_te, used = {}, {}, []
    blocks = {"pixels": ([], []), "tf-idf": ([], [])}
    kinds = {c: column_kind(c, tr[c]) for c in tr.columns if c != ID and c not in TARGETS and c in te.columns}
    text_columns = [c for c, kind in kinds.items() if kind == "text"]
    for c, kind in kinds.items():
        if kind == "numeric":
            dense_tr[c] = pd.to_numeric(tr[c], errors="coerce").astype(float)
            dense_te[c] = pd.to_numeric(te[c], errors="coerce").astype(float)
        elif kind == "date":
            for part, v in date_parts(tr[c]).items():
                dense_tr[f"{c}.{part}"] = v
            parts_te = date_parts(te[c])
            for part in parts_te:
                if f"{c}.{part}" in dense_tr:
                    dense_te[f"{c}.{part}"] = parts_te[part]
        elif kind == "category":
            values_tr, values_te = tr[c].astype(str), te[c].astype(str)
            counts = values_tr.value_counts()
            for level in counts[counts >= 2].index[:30]:
                dense_tr[f"{c}={level}"] = (values_tr == level).astype(float)
                dense_te[f"{c}={level}"] = (values_te == level).astype(float)
        elif kind == "image":
            size = image_size(tr[c])
            blocks["pixels"][0].append(image_matrix(tr[c].tolist(), size))
            blocks["pixels"][1].append(image_matrix(te[c].tolist(), size))
            kind = f"image {size[0]}x{size[1]}"
        elif kind == "text":
            from sklearn.feature_extraction.text import TfidfVectorizer

            # Trees pay for every column and gain little from rare n-grams.
            cap = (20_000 if MODEL == "linear" else 2_000) // len(text_columns)
            vec = TfidfVectorizer(ngram_range=(1, 2), max_features=cap, min_df=2, sublinear_tf=True, dtype=np.float32)
            # The head of a document carries its gist; tails (attachments, logs) cost time.
            blocks["tf-idf"][0].append(vec.fit_transform(tr[c].fillna("").astype(str).str.slice(0, 10_000)))
            blocks["tf-idf"][1].append(vec.transform(te[c].fillna("").astype(str).str.slice(0, 10_000)))
            kind = f"tf-idf {blocks['tf-idf'][0][-1].shape[1]}"
        used.append((c, kind))
    dense_tr, dense_te = pd.DataFrame(dense_tr, index=tr.index), pd.DataFrame(dense_te, index=te.index)
    dense_te = dense_te.reindex(columns=dense_tr.columns)
    dense_tr, dense_te = (d.replace([np.inf, -np.inf], np.nan) for d in (dense_tr, dense_te))
    return dense_tr, dense_te, blocks, used


def impute(dense_tr, dense_te):
    """Median imputation, with an indicator column wherever train has gaps."""
    medians = dense_tr.median().fillna(0.0)
    gaps = [c for c in dense_tr.columns if dense_tr[c].isna().any()]
    flags_tr = dense_tr[gaps].isna().astype(float).add_suffix(".missing")
    flags_te = dense_te[gaps].isna().astype(float).add_suffix(".missing")
    filled_tr = pd.concat([dense_tr.fillna(medians), flags_tr], axis=1).to_numpy(dtype=np.float32)
    filled_te = pd.concat([dense_te.fillna(medians), flags_te], axis=1).to_numpy(dtype=np.float32)
    return filled_tr, filled_te


def design_matrices(for_linear):
    dense_tr, dense_te, blocks, used = build_features(train.copy(), test.copy())
    x_tr, x_te = impute(dense_tr, dense_te)
    pixels_tr, pixels_te = blocks["pixels"]
    if pixels_tr:
        x_tr, x_te = np.hstack([x_tr, *pixels_tr]), np.hstack([x_te, *pixels_te])
    if for_linear and x_tr.shape[1]:
        # Standardised and clipped, so outliers in test cannot blow up a linear model.
        mean, std = x_tr.mean(axis=0), x_tr.std(axis=0)
        std[std == 0] = 1.0
        x_tr, x_te = (np.clip((x - mean) / std, -5, 5) for x in (x_tr, x_te))
    sparse_tr, sparse_te = blocks["tf-idf"]
    if sparse_tr:
        x_tr = sparse.hstack([sparse.csr_matrix(x_tr), *sparse_tr]).tocsr()
        x_te = sparse.hstack([sparse.csr_matrix(x_te), *sparse_te]).tocsr()
    if x_tr.shape[1] == 0:
        x_tr, x_te = np.zeros((len(train), 1), np.float32), np.zeros((len(test), 1), np.float32)
    kinds = {}
    for column, kind in used:
        kinds.setdefault(kind, []).append(column)
    summary = "; ".join(f"{k}: {', '.join(v[:4])}{f' (+{len(v) - 4})' if len(v) > 4 else ''}" for k, v in kinds.items())
    print(f"features: {summary or 'none'} -> {x_tr.shape[1]} columns, {x_tr.shape[0]} training rows")
    return x_tr, x_te


# ---------------------------------------------------------------- models
def past_deadline(share):
    return time.time() - STARTED > share * TIME_LIMIT


def forest(n_rows, n_classes):
    from sklearn.ensemble import RandomForestClassifier, RandomForestRegressor

    # warm_start lets trees be added in chunks, so a slow machine stops early instead of timing out.
    # A tree of r rows has < 2r/leaf nodes, each storing a value per class: leaves grow with the
    # class count so 200 trees stay under ~1 GB. (max_leaf_nodes would preallocate every node.)
    rows = min(n_rows, 20_000)
    leaf = max(1, int(np.ceil(2 * rows * 200 * 8 * max(1, n_classes) / 1e9)))
    kw = dict(n_estimators=0, warm_start=True, n_jobs=THREADS, random_state=SEED, max_samples=rows / n_rows)
    if REGRESSION:
        return RandomForestRegressor(min_samples_leaf=max(2, leaf), max_features=0.5, **kw)
    return RandomForestClassifier(min_samples_leaf=leaf, max_features="sqrt", **kw)


def fit_forest(model, x, y):
    while model.n_estimators < 200:
        model.n_estimators += 50
        model.fit(x, y)
        if model.n_estimators < 200 and past_deadline(0.5):
            print(f"forest: stopped at {model.n_estimators} trees for the time budget")
            break
    return model


def boosting(x, n_classes):
    import xgboost as xgb

    class Deadline(xgb.callback.TrainingCallback):
        def after_iteration(self, model, epoch, evals_log):
            stop = past_deadline(0.7)
            if stop:
                print(f"gbm: stopped at {epoch + 1} rounds for the time budget")
            return stop

    # Shallow, short and slow on small tables, where deep trees overfit (5-fold CV on human-v1).
    small = x.shape[0] < 2000
    rounds, rate = (150, 0.05) if small else (300, 0.1)
    # A round costs, per tree, ~2 ms plus its cells at ~3e7 cells/s per thread (measured), and
    # grows a tree per class: boosting may use 40% of the step's time.
    cells = x.nnz if sparse.issparse(x) else x.shape[0] * x.shape[1]
    round_sec = (n_classes if n_classes > 2 else 1) * (0.002 + cells / (3e7 * THREADS))
    affordable = int(0.4 * TIME_LIMIT / round_sec)
    if affordable < rounds:
        rounds, rate = max(20, affordable), min(0.3, rate * (rounds / max(20, affordable)) ** 0.5)
        print(f"gbm: {rounds} boosting rounds (learning rate {rate:.2f}) for the time budget")
    kw = dict(n_estimators=rounds, learning_rate=rate, max_depth=3 if small else 6, subsample=0.8, colsample_bytree=0.8,
              tree_method="hist", n_jobs=THREADS, random_state=SEED, callbacks=[Deadline()])
    return xgb.XGBRegressor(**kw) if REGRESSION else xgb.XGBClassifier(**kw)


def fit(x, y, n_classes):
    from sklearn.linear_model import LogisticRegression, Ridge

    if MODEL == "linear":
        model = Ridge(alpha=1.0) if REGRESSION else LogisticRegression(C=1.0, max_iter=500)
        return model.fit(x, y)
    if MODEL == "forest":
        return fit_forest(forest(x.shape[0], n_classes), x, y)
    return boosting(x, n_classes).fit(x, y)


def class_codes(labels):
    index = {c: i for i, c in enumerate(CLASSES)}
    return labels.map(index).to_numpy(dtype=int)


def fit_predict(x_tr, y, x_te):
    """Regression: values. Classification (y = class indices): probabilities over CLASSES."""
    if REGRESSION:
        model = fit(x_tr, np.log1p(y) if LOG_TARGET else y, 0)
        pred = model.predict(x_te)
        return np.expm1(pred).clip(0) if LOG_TARGET else pred
    present = np.unique(y)
    proba = np.zeros((x_te.shape[0], len(CLASSES)))
    if len(present) == 1:
        proba[:, present[0]] = 1.0
        return proba
    # Fitted on the classes present (xgboost needs codes 0..k-1); absent classes get 0.
    model = fit(x_tr, np.searchsorted(present, y), len(present))
    proba[:, present] = model.predict_proba(x_te)
    return proba


def trivial_predict(y, n):
    if REGRESSION:
        if LOG_TARGET:
            return np.full(n, np.expm1(np.mean(np.log1p(y))))
        return np.full(n, np.median(y) if METRIC in ("mae", "median_ae", "mape") else np.mean(y))
    prior = np.bincount(y, minlength=len(CLASSES)) / len(y)
    return np.tile(prior, (n, 1))


def positive_index():
    named = CONFIG.get("positiveClass")
    return CLASSES.index(str(named)) if named is not None and str(named) in CLASSES else len(CLASSES) - 1


def holdout_score(y_true, pred):
    """The task metric on a hold-out split, where sklearn has it; None otherwise."""
    from sklearn import metrics as m

    if REGRESSION:
        table = {"rmse": lambda: m.mean_squared_error(y_true, pred) ** 0.5, "mse": lambda: m.mean_squared_error(y_true, pred),
                 "mae": lambda: m.mean_absolute_error(y_true, pred), "r2": lambda: m.r2_score(y_true, pred)}
    else:
        labels, pos = pred.argmax(axis=1), positive_index()
        table = {"accuracy": lambda: m.accuracy_score(y_true, labels),
                 "balanced_accuracy": lambda: m.balanced_accuracy_score(y_true, labels),
                 "f1": lambda: m.f1_score(y_true == pos, labels == pos), "f1_macro": lambda: m.f1_score(y_true, labels, average="macro"),
                 "mcc": lambda: m.matthews_corrcoef(y_true, labels), "log_loss": lambda: m.log_loss(y_true, pred, labels=range(len(CLASSES))),
                 "roc_auc": lambda: m.roc_auc_score(y_true == pos, pred[:, pos]),
                 "average_precision": lambda: m.average_precision_score(y_true == pos, pred[:, pos])}
    try:
        return table[METRIC]() if METRIC in table else None
    except ValueError:
        return None  # e.g. one class only in the hold-out rows


def predict():
    y = y_all.to_numpy(dtype=float) if REGRESSION else class_codes(y_all)
    if MODEL == "trivial":
        print(f"trivial: {'constant value' if REGRESSION else 'class priors'} from {len(y)} training rows")
        return trivial_predict(y, len(test))
    x_tr, x_te = design_matrices(for_linear=MODEL == "linear")
    cells = x_tr.nnz if sparse.issparse(x_tr) else x_tr.shape[0] * x_tr.shape[1]
    if cells <= 200_000 and len(CLASSES) <= 10 and x_tr.shape[0] >= 50:  # cheap enough to fit twice
        rng = np.random.RandomState(SEED)
        fit_rows = rng.rand(x_tr.shape[0]) < 0.8
        score = holdout_score(y[~fit_rows], fit_predict(x_tr[fit_rows], y[fit_rows], x_tr[~fit_rows]))
        if score is not None:
            print(f"hold-out {METRIC} (20% of training rows): {score:.4f}")
    return fit_predict(x_tr, y, x_te)


pred = predict()
if KIND == "values":
    write_submission({VALUE_COLUMNS[0]["name"]: pred})
elif KIND == "labels":
    write_submission({VALUE_COLUMNS[0]["name"]: np.array(CLASSES, dtype=object)[pred.argmax(axis=1)]})
elif KIND == "binary_score":
    write_submission({VALUE_COLUMNS[0]["name"]: pred[:, positive_index()].clip(0.0, 1.0)})
else:
    # Hard zeros are ruinous under log loss: floor, then renormalise each row to sum to 1.
    floor = 1e-3 if METRIC == "log_loss" else 1e-6
    proba = np.clip(pred, floor, 1.0)
    proba /= proba.sum(axis=1, keepdims=True)
    write_submission({c["name"]: proba[:, CLASSES.index(c["name"])] for c in VALUE_COLUMNS})
