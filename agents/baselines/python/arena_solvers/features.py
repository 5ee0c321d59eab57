"""From table columns to a design matrix: what each column is, and the features a step's skills allow."""
import os
import re

import numpy as np
import pandas as pd
from scipy import sparse

IMAGE_EXT = (".png", ".jpg", ".jpeg", ".bmp", ".gif", ".tif", ".tiff")
# id, user_id, userId, UserID, uuid, row_index ... but not paid, grid, valid.
ID_NAME = re.compile(r"(^|[^a-zA-Z])([iI][dD]|uid|uuid|guid|key|index)$|[a-z]I[dD]$|^[iI][dD][^a-zA-Z]")
# Larger images are downsampled to at most this many pixels a side.
MAX_IMAGE_SIDE = 32


def column_kind(name, s, modality):
    """numeric, category, date, text, image, or drop (constants, ids, free-form codes)."""
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
    if unique_share > 0.3 and (words >= 5 or (modality == "text" and head.str.len().mean() >= 20)):
        return "text"
    if unique_share > 0.9 or present.nunique() > 1000:
        return "drop"  # names, ids, free-form codes: no general signal
    return "category"


def column_kinds(tr, te, config):
    """The kind of every input column: in both tables, neither the id nor a target."""
    return {c: column_kind(c, tr[c], config.modality) for c in tr.columns
            if c != config.id_column and c not in config.targets and c in te.columns}


def _image_file(data_dir, p):
    full = os.path.realpath(os.path.join(data_dir, str(p)))
    return full if full.startswith(data_dir + os.sep) and os.path.isfile(full) else None


def image_size(paths, data_dir):
    from PIL import Image

    for p in paths:
        full = _image_file(data_dir, p)
        if full:
            with Image.open(full) as img:
                w, h = img.size
            scale = min(1.0, MAX_IMAGE_SIDE / max(w, h))
            return max(1, round(w * scale)), max(1, round(h * scale))
    return 1, 1


def image_matrix(paths, size, data_dir):
    """Grey-level pixels in [0, 1], one row per image; a missing file (or one outside the data dir) stays blank."""
    from PIL import Image

    out = np.zeros((len(paths), size[0] * size[1]), dtype=np.float32)
    for i, p in enumerate(paths):
        full = _image_file(data_dir, p)
        if full:
            with Image.open(full) as img:
                out[i] = np.asarray(img.convert("L").resize(size), dtype=np.float32).ravel() / 255.0
    return out


def date_parts(s, timeline=False):
    """Year, month, day, weekday (and hour when there is one); with `timeline` also the days since
    1970, the date as one ordered number (a birth date read as a score, not as its year alone)."""
    d = pd.to_datetime(s, errors="coerce", infer_datetime_format=True)
    parts = {p: getattr(d.dt, p) for p in ("year", "month", "day", "dayofweek")}
    if (d.dt.hour.fillna(0) != 0).any():
        parts["hour"] = d.dt.hour
    if timeline:
        parts["days"] = (d - pd.Timestamp("1970-01-01")).dt.total_seconds() / 86400
    return pd.DataFrame(parts).astype(float)


LOG_SPAN = 10.0


class Features:
    """Dense tabular columns (NaN allowed), pixel blocks and sparse TF-IDF blocks of train and test."""

    def __init__(self, tr, te):
        self.dense_tr, self.dense_te = {}, {}
        self.pixels = ([], [])
        self.tfidf = ([], [])
        self.used = []  # (column, what it became), in column order
        self.source = {}  # dense column -> the input column it came from
        self.tr, self.te = tr, te

    def numeric(self, c):
        self.dense_tr[c] = pd.to_numeric(self.tr[c], errors="coerce").astype(float)
        self.dense_te[c] = pd.to_numeric(self.te[c], errors="coerce").astype(float)
        self.source[c] = c
        return "numeric"

    def log_of(self, c):
        """The log of a positive quantity spanning at least a factor of LOG_SPAN in training (an
        income, a population, a firm's capital): the scale a textbook equation takes it on, a
        log–log production function (the eighth reading: Produc's OLS on log employment alone beat
        a GLM on the raw levels). A test value of 0 or less is left missing, so imputed."""
        x = self.dense_tr[c]
        seen = x.dropna()
        if len(seen) == 0 or seen.min() <= 0 or seen.nunique() < 10 or seen.max() < LOG_SPAN * seen.min():
            return False
        self.dense_tr[f"log({c})"] = np.log(x)
        te = self.dense_te[c]
        self.dense_te[f"log({c})"] = np.log(te.where(te > 0))
        self.source[f"log({c})"] = c
        return True

    def date(self, c, timeline):
        for part, v in date_parts(self.tr[c], timeline).items():
            self.dense_tr[f"{c}.{part}"] = v
            # The day count is an input of its own: one ordered number, or the calendar's parts.
            self.source[f"{c}.{part}"] = f"{c}, as a day count" if part == "days" else c
        parts_te = date_parts(self.te[c], timeline)
        for part in parts_te:
            if f"{c}.{part}" in self.dense_tr:
                self.dense_te[f"{c}.{part}"] = parts_te[part]
        return "date"

    def category(self, c):
        """One-hot columns for the 30 most frequent levels seen at least twice; other levels are all zeros."""
        values_tr, values_te = self.tr[c].astype(str), self.te[c].astype(str)
        counts = values_tr.value_counts()
        for level in counts[counts >= 2].index[:30]:
            self.dense_tr[f"{c}={level}"] = (values_tr == level).astype(float)
            self.dense_te[f"{c}={level}"] = (values_te == level).astype(float)
            self.source[f"{c}={level}"] = c
        return "category"

    def image(self, c, data_dir):
        size = image_size(self.tr[c], data_dir)
        self.pixels[0].append(image_matrix(self.tr[c].tolist(), size, data_dir))
        self.pixels[1].append(image_matrix(self.te[c].tolist(), size, data_dir))
        return f"image {size[0]}x{size[1]}"

    def text(self, c, vocabulary):
        from sklearn.feature_extraction.text import TfidfVectorizer

        vec = TfidfVectorizer(ngram_range=(1, 2), max_features=vocabulary, min_df=2, sublinear_tf=True, dtype=np.float32)
        # The head of a document carries its gist; tails (attachments, logs) cost time.
        self.tfidf[0].append(vec.fit_transform(self.tr[c].fillna("").astype(str).str.slice(0, 10_000)))
        self.tfidf[1].append(vec.transform(self.te[c].fillna("").astype(str).str.slice(0, 10_000)))
        return f"tf-idf {self.tfidf[0][-1].shape[1]}"


def build_features(tr, te, kinds, config, text_vocabulary, timeline=False, logs=False):
    """The features of the columns whose kind the step has the skill for; the others are listed as
    unused. `logs`: a positive number spanning an order of magnitude also as its log (Features.log_of)."""
    f = Features(tr, te)
    text_columns = [c for c, kind in kinds.items() if kind == "text" and "text" in config.skills]
    data_dir = os.path.realpath(config.data_dir)
    for c, kind in kinds.items():
        if kind != "drop" and kind not in config.skills:
            f.used.append((c, f"unused {kind}"))
            continue
        if kind == "numeric":
            kind = f.numeric(c)
            if logs and f.log_of(c):
                kind = "numeric, and its log"
        elif kind == "date":
            kind = f.date(c, timeline)
        elif kind == "category":
            kind = f.category(c)
        elif kind == "image":
            kind = f.image(c, data_dir)
        elif kind == "text":
            kind = f.text(c, text_vocabulary // len(text_columns))
        f.used.append((c, kind))
    dense_tr, dense_te = pd.DataFrame(f.dense_tr, index=tr.index), pd.DataFrame(f.dense_te, index=te.index)
    dense_te = dense_te.reindex(columns=dense_tr.columns)
    f.dense_tr, f.dense_te = (d.replace([np.inf, -np.inf], np.nan) for d in (dense_tr, dense_te))
    return f


def impute(dense_tr, dense_te):
    """Median imputation, with an indicator column wherever train has gaps; and the dense column
    each matrix column stands for (an indicator, the column with the gaps)."""
    medians = dense_tr.median().fillna(0.0)
    gaps = [c for c in dense_tr.columns if dense_tr[c].isna().any()]
    flags_tr = dense_tr[gaps].isna().astype(float).add_suffix(".missing")
    flags_te = dense_te[gaps].isna().astype(float).add_suffix(".missing")
    filled_tr = pd.concat([dense_tr.fillna(medians), flags_tr], axis=1).to_numpy(dtype=np.float32)
    filled_te = pd.concat([dense_te.fillna(medians), flags_te], axis=1).to_numpy(dtype=np.float32)
    return filled_tr, filled_te, list(dense_tr.columns) + gaps


def squared_terms(x_tr, x_te, columns):
    """The square of each of `columns` with more than two training values (a dummy's square is itself):
    the curvature of a textbook equation, experience and its square in a wage equation."""
    curved = [j for j in columns if len(np.unique(x_tr[:, j])) > 2]
    return x_tr[:, curved] ** 2, x_te[:, curved] ** 2, curved


def summary(used):
    """`kind: a, b, c, d (+n); ...` in order of first appearance."""
    by_kind = {}
    for column, kind in used:
        by_kind.setdefault(kind, []).append(column)
    return "; ".join(f"{k}: {', '.join(v[:4])}{f' (+{len(v) - 4})' if len(v) > 4 else ''}" for k, v in by_kind.items())


def design_matrices(tr, te, kinds, config, scaled, text_vocabulary, squares=False, timeline=False, logs=False):
    """x_train, x_test, how many of their leading columns are dense (imputed tabular columns, their
    squares when `squares`, and pixels, standardised and clipped when `scaled`; TF-IDF columns
    follow), and the input column each dense column comes from (None for a pixel). `timeline`:
    dates also as their day count (date_parts); `logs`: wide positive numbers also as their logs."""
    f = build_features(tr, te, kinds, config, text_vocabulary, timeline, logs)
    x_tr, x_te, dense = impute(f.dense_tr, f.dense_te)
    sources = [f.source[c.removesuffix(".missing") if c not in f.source else c] for c in dense]
    pixels_tr, pixels_te = f.pixels
    if pixels_tr:
        x_tr, x_te = np.hstack([x_tr, *pixels_tr]), np.hstack([x_te, *pixels_te])
        sources += [None] * (x_tr.shape[1] - len(sources))
    if scaled and x_tr.shape[1]:
        # Standardised and clipped, so outliers in test cannot blow up a linear model or a distance.
        mean, std = x_tr.mean(axis=0), x_tr.std(axis=0)
        std[std == 0] = 1.0
        x_tr, x_te = (np.clip((x - mean) / std, -5, 5) for x in (x_tr, x_te))
    curved = []
    if squares:
        numeric = [j for j, c in enumerate(dense) if kinds.get(c) == "numeric"]
        sq_tr, sq_te, curved = squared_terms(x_tr, x_te, numeric)
        x_tr, x_te = np.hstack([x_tr, sq_tr]), np.hstack([x_te, sq_te])
        sources += [sources[j] for j in curved]
    n_dense = x_tr.shape[1]
    sparse_tr, sparse_te = f.tfidf
    if sparse_tr:
        x_tr = sparse.hstack([sparse.csr_matrix(x_tr), *sparse_tr]).tocsr()
        x_te = sparse.hstack([sparse.csr_matrix(x_te), *sparse_te]).tocsr()
    if x_tr.shape[1] == 0:
        x_tr, x_te, n_dense, sources = np.zeros((len(tr), 1), np.float32), np.zeros((len(te), 1), np.float32), 1, [None]
    squared = f" ({len(curved)} of them squares)" if squares else ""
    print(f"features: {summary(f.used) or 'none'} -> {x_tr.shape[1]} columns{squared}, {x_tr.shape[0]} training rows")
    return x_tr, x_te, n_dense, sources
