"""Reading the raw table and making the target column."""
import numpy as np
import pandas as pd

MISSING = {"", "NA", "N/A", "NaN", "nan", "null", "NULL", "<NA>"}

_COMPARE = {
    ">": np.greater,
    ">=": np.greater_equal,
    "<": np.less,
    "<=": np.less_equal,
}


class RecipeError(ValueError):
    """A recipe that does not fit its raw table; the message names the table and the column."""


def source_columns(recipe):
    """Raw columns the recipe reads, in a fixed order."""
    target = recipe["target"]
    needed = list(recipe["inputs"]) + [target["source"]]
    derive = target["derive"]
    if derive["kind"] == "share":
        needed.append(derive["failures"])
    if derive["kind"] == "event_by":
        needed.append(derive["status"])
        if derive.get("entry"):
            needed.append(derive["entry"])
    if derive["kind"] == "compare":
        needed.append(derive["other"])
    if derive["kind"] == "rate":
        needed.append(derive["exposure"])
    for derived in recipe.get("derivedInputs", []):
        needed += [derived["from"], derived["to"]]
    split = recipe["split"]
    if split["kind"] in ("group", "temporal"):
        needed.append(split["column"])
    lags = recipe.get("lags")
    if lags and lags.get("seriesColumn"):
        needed.append(lags["seriesColumn"])
    return list(dict.fromkeys(needed))


def read_table(path, recipe):
    """Every column as text, so values are copied exactly as the raw file writes them."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    wanted = source_columns(recipe)
    missing = [c for c in wanted if c not in frame.columns]
    if missing:
        raise RecipeError(f"{path.name}: missing columns {missing} (found {list(frame.columns)})")
    return frame[wanted]


def _numbers(frame, column, table):
    values = pd.to_numeric(frame[column].where(~frame[column].isin(MISSING)), errors="coerce")
    bad = frame[column][values.isna() & ~frame[column].isin(MISSING)]
    if len(bad):
        raise RecipeError(f"{table}: column {column} has non-numeric values such as {bad.iloc[0]!r}")
    return values


def _format_number(values):
    return values.map(lambda v: "" if pd.isna(v) else format(float(v), ".10g"))


def _instants(frame, column, table):
    """A date or age column as numbers: ISO dates (`1993-04-30`) as days since 1970, numbers as they are."""
    raw = frame[column]
    known = ~raw.isin(MISSING)
    numbers = pd.to_numeric(raw.where(known), errors="coerce")
    if not (numbers.isna() & known).any():
        return numbers
    dates = pd.to_datetime(raw.where(known), format="%Y-%m-%d", errors="coerce")
    bad = raw[dates.isna() & known]
    if len(bad):
        raise RecipeError(f"{table}: column {column} has values that are neither numbers nor dates such as {bad.iloc[0]!r}")
    return (dates - pd.Timestamp("1970-01-01")).dt.days.astype(float)


def follow_up_time(frame, derive, source, table):
    """The follow-up time of an event_by target: the source, or source − entry when follow-up is
    stored as two dates or two ages (days between dates; a negative span is unknown)."""
    if not derive.get("entry"):
        return _numbers(frame, source, table)
    span = _instants(frame, source, table) - _instants(frame, derive["entry"], table)
    return span.where(span >= 0)


def derive_target(frame, recipe, table):
    """The frame with the target column (named recipe.target.name) made from its source."""
    target = recipe["target"]
    derive = target["derive"]
    kind = derive["kind"]
    if kind == "copy":
        out = frame.copy()
        out[target["name"]] = frame[target["source"]]
        return out
    source = follow_up_time(frame, derive, target["source"], table) if kind == "event_by" else _numbers(frame, target["source"], table)
    if kind == "threshold":
        known = source.notna()
        holds = _COMPARE[derive["op"]](source.fillna(0).to_numpy(), derive["value"])
        labels = np.where(holds, derive["labels"][1], derive["labels"][0])
        column = pd.Series(np.where(known, labels, ""), index=frame.index)
    elif kind == "share":
        failures = _numbers(frame, derive["failures"], table)
        total = source + failures
        column = _format_number((source / total).where(total > 0))
    elif kind == "rate":
        exposure = _numbers(frame, derive["exposure"], table)
        column = _format_number((source / exposure * derive["per"]).where(exposure > 0))
    elif kind == "event_by":
        status = frame[derive["status"]]
        # Without an event code the status column is the event's own date: the event happened where it has one.
        happened = (status == derive["event"]).to_numpy() if derive.get("event") is not None else (~status.isin(MISSING)).to_numpy()
        within = (source <= derive["horizon"]).to_numpy()
        later = (source > derive["horizon"]).to_numpy()
        no, yes = derive["labels"]
        # Censored before the horizon: whether the event came in time is unknown.
        column = pd.Series(np.where(happened & within, yes, np.where(later, no, "")), index=frame.index)
    elif kind == "compare":
        other = _numbers(frame, derive["other"], table)
        known = (source.notna() & other.notna()).to_numpy()
        less, equal, greater = derive["labels"]
        sign = np.sign((source - other).fillna(0).to_numpy())
        column = pd.Series(np.where(known, np.select([sign < 0, sign > 0], [less, greater], equal), ""), index=frame.index)
    else:
        raise RecipeError(f"{table}: unknown target derivation {kind!r}")
    out = frame.copy()
    out[target["name"]] = column
    return out


def derive_inputs(frame, recipe, table):
    """The frame with each derived input: (to − from) / per of two instants (dates as days), empty where either is missing."""
    out = frame.copy()
    for derived in recipe.get("derivedInputs", []):
        span = (_instants(frame, derived["to"], table) - _instants(frame, derived["from"], table)) / derived["per"]
        out[derived["name"]] = _format_number(span)
    return out


def select_rows(frame, recipe):
    """Rows with a usable target; repeated rows kept once (recipe dropRepeats), so no row is on
    both sides of the split; all kept where the recipe says alike rows are different units.

    A repeat is judged on the raw columns and the target, not on working columns (a block number)."""
    name = recipe["target"]["name"]
    frame = frame[~frame[name].isin(MISSING)]
    classes = recipe.get("classes")
    if classes is not None:
        frame = frame[frame[name].isin(classes)]
    else:
        frame = frame[pd.to_numeric(frame[name], errors="coerce").notna()]
    if not recipe.get("dropRepeats", True):
        return frame.reset_index(drop=True)
    judged = [c for c in frame.columns if c in set(source_columns(recipe)) | {name}]
    return frame.drop_duplicates(subset=judged, keep="first").reset_index(drop=True)
