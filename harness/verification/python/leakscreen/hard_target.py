"""hard-target-gap: on a target the caller marks as one that should be hard to predict (options
hardTarget), an alarm when a fitted model on all the inputs beats the best single input by a wide
margin: something among the inputs, jointly, gives the answer away. A random forest's out-of-bag
score on a seeded sample, compared on one scale with the single-feature check's best score: R² for
numbers, the share of the majority-class error removed for classes. The columns to drop are the ones
the forest leans on most (impurity importances, up to three, until they hold most of the weight)."""
import numpy as np

from .inputs import Inputs
from .report import col, num, result
from .stats import feature_codes

TREES = 60


def forest_score(x, y, classification, seed):
    from sklearn.ensemble import RandomForestClassifier, RandomForestRegressor

    cls = RandomForestClassifier if classification else RandomForestRegressor
    model = cls(n_estimators=TREES, min_samples_leaf=2, max_features=0.5, oob_score=True, n_jobs=1, random_state=seed)
    model.fit(x, y)
    return float(model.oob_score_), model.feature_importances_


def check_hard_target(d):
    o = d.opt
    if not o["hardTarget"]:
        return result(True, "skipped: the target is not marked as one that should be hard (options hardTarget)")
    findings, tested = [], []
    for t, tgt in d.train_targets.items():
        if tgt.kind not in ("class", "numeric"):
            continue
        inputs = Inputs(d, t, o["hardTargetRows"])
        names = inputs.names
        if not names or inputs.n < 30:
            continue
        x = np.column_stack([feature_codes(inputs.frame[c], inputs.kinds[c])[0] for c in names])
        y = inputs.y
        score, importance = forest_score(x, y, inputs.classification, o["seed"])
        if inputs.classification:
            majority = float(np.bincount(y).max() / len(y))
            score = (score - majority) / (1 - majority) if majority < 1 else 0.0
        single = max((e["score"] for e in d.single_scores.get(t, [])), default=0.0)
        if inputs.classification and d.single_majority.get(t) is not None:
            m = d.single_majority[t]
            single = (single - m) / (1 - m) if m < 1 else 0.0
        order = np.argsort(-importance)
        lean, held = [], 0.0
        for j in order[:3]:
            lean.append(names[j])
            held += float(importance[j])
            if held >= 0.6:
                break
        entry = {"target": t, "model": f"random forest ({TREES} trees, out-of-bag)", "score": score, "bestSingle": single,
                 "rows": inputs.n, "importances": {names[j]: float(importance[j]) for j in order[:5]}, "drop": lean}
        tested.append(entry)
        if score >= o["hardTargetMaxScore"] and score - single >= o["hardTargetMaxGap"]:
            findings.append(entry)
    drop = [c for f in findings for c in f["drop"]]
    scale = "R² for numbers, share of the majority-class error removed for classes"
    if not findings:
        desc = "; ".join(f"{col(e['target'])}: model {num(e['score'], 3)}, best single input {num(e['bestSingle'], 3)}" for e in tested)
        return result(True, f"on this hard target a model on all inputs does not beat the best single input by {o['hardTargetMaxGap']} ({scale}; {desc})", tested=tested)
    msgs = [f"target {col(f['target'])} was marked hard, yet a {f['model']} on all inputs scores {num(f['score'], 3)} against {num(f['bestSingle'], 3)} "
            f"for the best single input ({scale}; {f['rows']} rows); it leans on {', '.join(col(c) for c in f['drop'])}" for f in findings]
    return result(False, "; ".join(msgs), drop=drop, found=findings, tested=tested)
