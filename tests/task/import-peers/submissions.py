"""Writes test submissions for a fixture competition from its prepared answers (test helper).

Usage: submissions.py make COMPETITION PUBLIC_DIR ANSWERS OUT_DIR
         writes sample.csv (the peer's sample), near.csv (the answers with noise), and for Airbnb
         guesses.csv (five ranked guesses per id, several rows per id);
       submissions.py subset BOARDS_CSV ID_COLUMN BOARD FILE OUT [FILE OUT ...]
         writes the rows of each FILE whose id (as spelled) is on BOARD in the task's answers.csv.
"""
import shutil
import sys
from pathlib import Path

import numpy as np
import pandas as pd


def main(competition, public_dir, answers_path, out):
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(7)
    sample = pd.read_csv(Path(public_dir) / "sample_submission.csv", dtype=str, keep_default_na=False)
    answers = pd.read_csv(answers_path, dtype=str, keep_default_na=False)
    shutil.copyfile(Path(public_dir) / "sample_submission.csv", out / "sample.csv")
    id_col = sample.columns[0]
    near = answers[list(sample.columns)].copy() if set(sample.columns) <= set(answers.columns) else None
    if competition in ("new-york-city-taxi-fare-prediction", "nomad2018-predict-transparent-conductors"):
        for col in sample.columns[1:]:
            near[col] = (near[col].astype(float) * rng.uniform(0.7, 1.3, len(near))).round(4)
    elif competition == "h-and-m-personalized-fashion-recommendations":
        pool = sorted({a for p in answers["prediction"] for a in p.split()})
        truth = dict(zip(answers["customer_id"], answers["prediction"]))
        near = sample.copy()
        near["prediction"] = [" ".join(list(rng.permutation(truth.get(c, "").split() + list(rng.choice(pool, 12))))[:12]) for c in sample["customer_id"]]
    elif competition == "spooky-author-identification":
        probs = rng.dirichlet(np.ones(3), len(near)) * 0.5 + near[["EAP", "HPL", "MWS"]].astype(float).to_numpy() * 0.5
        near[["EAP", "HPL", "MWS"]] = probs
    elif competition == "GiveMeSomeCredit":
        near["Probability"] = np.clip(near["Probability"].astype(float) * 0.6 + rng.uniform(0, 0.4, len(near)), 0, 1).round(6)
    elif competition == "airbnb-recruiting-new-user-bookings":
        countries = ["NDF", "US", "other", "FR", "IT"]
        near["country"] = [c if rng.uniform() < 0.6 else rng.choice(countries) for c in near["country"]]
        guesses = [(i, c) for i in sample[id_col] for c in rng.permutation(countries)]
        pd.DataFrame(guesses, columns=[id_col, "country"]).to_csv(out / "guesses.csv", index=False)
    near.to_csv(out / "near.csv", index=False)


def subset(boards_csv, id_column, board, *files_and_outs):
    boards = pd.read_csv(boards_csv, dtype=str, keep_default_na=False)
    wanted = set(boards.loc[boards["leaderboard"] == board, id_column])
    for file, out in zip(files_and_outs[0::2], files_and_outs[1::2]):
        keys = pd.read_csv(file, dtype=str, keep_default_na=False)[id_column]
        lines = Path(file).read_text().splitlines(keepends=True)
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        Path(out).write_text(lines[0] + "".join(line for line, key in zip(lines[1:], keys) if key in wanted))


if __name__ == "__main__":
    {"make": main, "subset": subset}[sys.argv[1]](*sys.argv[2:])
