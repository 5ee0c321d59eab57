"""Leak-screen benchmark: the multi-column screens on a 5,000 × 30 table made from real RAND HIE rows,
against the straightforward peer (scikit-learn LinearRegression fitted on every pair and triple of
inputs, raw and in logs), measured in the same run on the same table. Prints times and the ratio,
and whether both find the same identities.

Usage: /usr/bin/python3 scripts/bench/leakscreen_bench.py [repeats]
"""
import itertools
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import statsmodels.api as sm
from sklearn.linear_model import LinearRegression

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "harness" / "verification" / "python"))
from leakscreen.data import Data  # noqa: E402
from leakscreen.registry import CHECKS  # noqa: E402

MULTI = ["name-contains-target", "one-hot-sibling", "target-identity", "target-part", "determining-pair"]


def table():
    """5,000 rand-hie rows: its 9 inputs, products of pairs of them up to 29 inputs, and a
    planted sum leak (spend_index = lpi + lncoins, with lncoins kept)."""
    df = sm.datasets.randhie.load_pandas().data.sample(5000, random_state=0).reset_index(drop=True)
    base = [c for c in df.columns if c != "lpi"]
    extra = {}
    for a, b in itertools.combinations(base, 2):
        extra[f"{a}_x_{b}"] = df[a] * df[b]
        if len(base) + len(extra) >= 29:
            break
    df = df.assign(**extra, spend_index=(df.lpi + df.lncoins).round(6))
    assert df.shape[1] == 31, df.shape
    return df


def defaults():
    out = subprocess.run(["node", "--input-type=module", "-e",
                          "import('./dist/harness/verification/leakage.js').then(m => console.log(JSON.stringify(m.LEAKAGE_DEFAULTS)))"],
                         cwd=REPO, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def request(df, root):
    pub, priv = root / "public", root / "private"
    pub.mkdir()
    priv.mkdir()
    df = df.assign(id=np.arange(len(df)))
    df.iloc[:3500].to_csv(pub / "train.csv", index=False)
    df.iloc[3500:].drop(columns=["lpi"]).to_csv(pub / "test.csv", index=False)
    df.iloc[3500:][["id", "lpi"]].assign(leaderboard="private").to_csv(priv / "answers.csv", index=False)
    return {"train": str(pub / "train.csv"), "test": str(pub / "test.csv"), "answers": str(priv / "answers.csv"), "publicDir": str(pub),
            "idColumn": "id", "targetColumns": ["lpi"], "objective": "regression", "modality": "tabular", "classes": None, "options": defaults()}


def peer(train, target, bar):
    """Every pair and triple of numeric inputs fitted by LinearRegression, raw and in logs of |x|."""
    y = train[target].to_numpy(float)
    x = train.drop(columns=[target, "id"]).to_numpy(float)
    names = [c for c in train.columns if c not in (target, "id")]
    found = set()
    for space in ("raw", "log"):
        if space == "log":
            rows = (y != 0) & (x != 0).all(axis=1)
            cols = [j for j in range(x.shape[1]) if np.mean(x[y != 0, j] == 0) <= 0.05]
            rows = (y != 0) & (x[:, cols] != 0).all(axis=1)
            xs, ys = np.log(np.abs(x[rows][:, cols])), np.log(np.abs(y[rows]))
        else:
            cols, xs, ys = list(range(x.shape[1])), x, y
        for k in (2, 3):
            for s in itertools.combinations(range(len(cols)), k):
                m = LinearRegression().fit(xs[:, s], ys)
                if m.score(xs[:, s], ys) >= bar:
                    found.add(frozenset(names[cols[j]] for j in s))
    return found


def main():
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    with tempfile.TemporaryDirectory() as tmp:
        req = request(table(), Path(tmp))
        bar = req["options"]["identityMinR2"]
        ours, every, peers, results = [], [], [], {}
        for _ in range(repeats):
            d = Data(req)
            t0 = time.perf_counter()
            for c in MULTI:
                results[c] = CHECKS[c](d)
            ours.append(time.perf_counter() - t0)
            d = Data(req)
            t0 = time.perf_counter()
            for c, check in CHECKS.items():
                check(d)
            every.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            want = peer(d.train.astype(float), "lpi", bar)
            peers.append(time.perf_counter() - t0)
        found = {frozenset(f["columns"]) for f in results["target-identity"]["details"].get("found", [])}
    med = lambda xs: sorted(xs)[len(xs) // 2]
    print(f"leak screens on a 5,000-row table (3,500 train rows × 30 inputs, real RAND HIE data), median of {repeats} runs")
    print(f"  multi-column screens ({', '.join(MULTI)}): {med(ours):.3f} s")
    print(f"  every check (single-column ones included):  {med(every):.3f} s")
    print(f"  peer, LinearRegression on every pair and triple (identity search only): {med(peers):.3f} s")
    print(f"  ratio peer / multi-column screens: {med(peers) / med(ours):.1f}×")
    minimal = {w for w in want if not any(v < w for v in want)}  # the peer also lists every triple containing a pair
    print(f"  identities: ours {sorted(map(sorted, found))}, drop {results['target-identity']['drop']}; "
          f"peer {sorted(map(sorted, minimal))} ({'the same' if minimal == found else 'DIFFERENT'})")


if __name__ == "__main__":
    main()
