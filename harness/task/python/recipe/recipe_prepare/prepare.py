"""A recipe, executed: raw table → train.csv, test.csv, sample_submission.csv, answers.csv."""
import numpy as np

from . import lags, outputs, split, table


def prepare(recipe, raw_dir, public_dir, private_dir):
    name = recipe["table"]
    rng = np.random.default_rng(recipe["seed"])
    raw = split.with_block_key(table.read_table(raw_dir / name, recipe), recipe, name)
    frame = table.select_rows(table.derive_inputs(table.derive_target(raw, recipe, name), recipe, name), recipe)
    if recipe["split"]["kind"] == "temporal":
        frame = split.latest(frame, recipe, name)
    frame, lag_columns = lags.add_lags(frame, recipe, name)
    train, test = split.split(frame, recipe, rng, name)
    if len(train) == 0 or len(test) == 0:
        raise table.RecipeError(f"{name}: the split leaves {len(train)} training and {len(test)} test rows")
    unit = split.unit_column(recipe)
    units = test[unit] if unit is not None else None
    target = recipe["target"]["name"]
    inputs = list(recipe["inputs"]) + [d["name"] for d in recipe.get("derivedInputs", [])] + lag_columns
    train, test = outputs.with_random_ids(train, test, inputs + [target], rng)
    outputs.write_csv(train, public_dir / "train.csv")
    outputs.write_csv(test.drop(columns=[target]), public_dir / "test.csv")
    outputs.write_csv(outputs.sample_submission(train, test, recipe), public_dir / "sample_submission.csv")
    outputs.copy_files([train, test], recipe.get("fileColumns", []), raw_dir, public_dir, name)
    answers = test[["id", target]].copy()
    answers["leaderboard"] = outputs.leaderboard_column(len(answers), recipe["publicFraction"], rng)
    outputs.write_csv(answers, private_dir / "answers.csv")
    if units is not None:
        outputs.write_csv(outputs.unit_table(test, units), private_dir / outputs.TEST_UNITS_FILE)
