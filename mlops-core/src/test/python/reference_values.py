#!/usr/bin/python3
"""Reference values for the metric, significance and fairness agreement tests of mlops-core.

Computes, with scikit-learn, SciPy and NumPy, what the Java code must reproduce to 1e-9:

* model/sklearn-metrics.json: accuracy, precision, recall, F1, ROC AUC and log loss of
  synthetic predictions (binary and multiclass, ties, probabilities of exactly 0 and 1, classes
  never predicted or absent) and of the committed real predictions
  (model/predictions-breast-cancer.csv), and the ROC curve (roc_curve, drop_intermediate) of each
  binary case;
* validation/scipy-significance.json: paired bootstrap percentile intervals (numpy.percentile
  over differences of sklearn metrics on resamples drawn with SplitMix64, which the Java test
  replays) and group fairness metrics, with the group rates behind them, of the committed credit-g
  predictions (validation/predictions-credit-g.csv).

The exact McNemar test and numpy's percentiles on their own are checked with the other shared
statistics (stats_reference.py).

The prediction files are written by dev.mlops.training.ReferencePredictions (test sources).
Run from the repository root with Debian's python3-sklearn (scikit-learn 1.2.1, SciPy 1.10.1,
NumPy 1.24):

    /usr/bin/python3 mlops-core/src/test/python/reference_values.py
"""
import csv
import json
import os

import numpy as np
import scipy
import sklearn
from sklearn.metrics import (accuracy_score, f1_score, log_loss, precision_score, recall_score,
                             roc_auc_score, roc_curve)

HERE = os.path.dirname(os.path.abspath(__file__))
RESOURCES = os.path.join(HERE, "..", "resources", "dev", "mlops")
MASK = (1 << 64) - 1


def metrics(labels, positive, actual, predicted, proba):
    """The metrics as mlops-core defines them, computed by scikit-learn (labels sorted, as models keep them)."""
    actual = np.asarray(actual)
    predicted = np.asarray(predicted)
    proba = np.asarray(proba, dtype=float)
    result = {"accuracy": accuracy_score(actual, predicted)}
    if positive is not None:
        k = labels.index(positive)
        for name, fn in (("precision", precision_score), ("recall", recall_score), ("f1", f1_score)):
            result[name] = fn(actual, predicted, pos_label=positive, average="binary", zero_division=0)
        truth = actual == positive
        result["auc"] = roc_auc_score(truth, proba[:, k]) if 0 < truth.sum() < len(truth) else None
    else:
        for name, fn in (("precision", precision_score), ("recall", recall_score), ("f1", f1_score)):
            result[name] = fn(actual, predicted, average="macro", zero_division=0)
        if set(labels) <= set(actual):
            result["auc"] = roc_auc_score(actual, proba, multi_class="ovr", labels=labels, average="macro")
        else:
            result["auc"] = None  # scikit-learn refuses: a label has no actual rows
    result["logLoss"] = log_loss(actual, proba, labels=labels, eps=1e-15)
    return {k: (None if v is None else float(v)) for k, v in result.items()}


def roc(labels, positive, actual, proba):
    """scikit-learn's ROC curve of a binary case; the first threshold (1.2 writes max + 1) is left out."""
    if positive is None:
        return None
    k = labels.index(positive)
    truth = np.asarray(actual) == positive
    if not 0 < truth.sum() < len(truth):
        return None
    fpr, tpr, thresholds = roc_curve(truth, np.asarray(proba, dtype=float)[:, k], drop_intermediate=True)
    return {"fpr": fpr.tolist(), "tpr": tpr.tolist(), "thresholds": thresholds[1:].tolist()}


def synthetic_case(name, rng, labels, positive, n, concentration=1.0, round_to=None, extremes=False,
                   never_predict=None, absent=None):
    proba = rng.dirichlet([concentration] * len(labels), size=n)
    if round_to is not None:
        # coarse scores: many rows share a score
        proba = np.round(proba, round_to)
        proba[proba.sum(axis=1) == 0] = 1.0
        proba = proba / proba.sum(axis=1, keepdims=True)
    if extremes:
        hard = rng.random(n) < 0.3
        winners = rng.integers(0, len(labels), size=n)
        proba[hard] = 0.0
        proba[hard, winners[hard]] = 1.0
    if never_predict is not None:
        k = labels.index(never_predict)
        proba[:, k] *= 0.1
        proba = proba / proba.sum(axis=1, keepdims=True)
    # actual labels drawn from the probabilities, so the scores carry signal
    actual_idx = np.array([rng.choice(len(labels), p=row / row.sum()) for row in proba])
    if absent is not None:
        k = labels.index(absent)
        actual_idx[actual_idx == k] = (k + 1) % len(labels)
    actual = [labels[i] for i in actual_idx]
    predicted = [labels[i] for i in np.argmax(proba, axis=1)]
    probabilities = proba.tolist()
    return {
        "name": name, "labels": labels, "positive": positive, "actual": actual, "predicted": predicted,
        "probabilities": probabilities,
        "expected": metrics(labels, positive, actual, predicted, probabilities),
        "roc": roc(labels, positive, actual, probabilities),
    }


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def file_case(name, file, labels, positive, prefix=""):
    rows = read_csv(os.path.join(RESOURCES, file))
    actual = [r["actual"] for r in rows]
    predicted = [r[prefix + "prediction"] for r in rows]
    proba = [[float(r[prefix + "p_" + label]) for label in labels] for r in rows]
    return {"name": name, "file": file, "prefix": prefix, "labels": labels, "positive": positive,
            "expected": metrics(labels, positive, actual, predicted, proba),
            "roc": roc(labels, positive, actual, proba)}


def splitmix64(seed):
    state = seed & MASK
    while True:
        state = (state + 0x9E3779B97F4A7C15) & MASK
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        yield z ^ (z >> 31)


def bootstrap(rows, labels, positive, resamples, seed, alpha):
    k = labels.index(positive)
    actual = np.array([r["actual"] for r in rows])
    model_pred = np.array([r["prediction"] for r in rows])
    champ_pred = np.array([r["champion_prediction"] for r in rows])
    model_p = np.array([float(r["p_" + positive]) for r in rows])
    champ_p = np.array([float(r["champion_p_" + positive]) for r in rows])
    n = len(rows)
    draws = splitmix64(seed)
    indices = np.array([[next(draws) % n for _ in range(n)] for _ in range(resamples)])
    truth = actual == positive

    def auc(idx, p):
        t = truth[idx]
        return roc_auc_score(t, p[idx]) if 0 < t.sum() < len(t) else None

    def f1(idx, pred):
        return f1_score(actual[idx], pred[idx], pos_label=positive, average="binary", zero_division=0)

    result = {}
    for name, fn, model_arg, champ_arg in (("auc", auc, model_p, champ_p), ("f1", f1, model_pred, champ_pred)):
        diffs = []
        for idx in indices:
            a, b = fn(idx, model_arg), fn(idx, champ_arg)
            if a is not None and b is not None:
                diffs.append(a - b)
        everything = np.arange(n)
        lower, upper = np.percentile(np.array(diffs), [50 * alpha, 100 - 50 * alpha])
        result[name] = {"observed": float(fn(everything, model_arg) - fn(everything, champ_arg)),
                        "lower": float(lower), "upper": float(upper), "resamples": len(diffs)}
    return result


def fairness(rows, privileged, favorable):
    priv = np.array([privileged(r) for r in rows])
    pred = np.array([r["prediction"] == favorable for r in rows])
    act = np.array([r["actual"] == favorable for r in rows])
    sel = [pred[priv].mean(), pred[~priv].mean()]
    tpr = [pred[priv & act].mean(), pred[~priv & act].mean()]
    fpr = [pred[priv & ~act].mean(), pred[~priv & ~act].mean()]
    rates = {side: {"rows": int(mask.sum()), "selectionRate": float(sel[g]), "truePositiveRate": float(tpr[g]),
                    "falsePositiveRate": float(fpr[g])}
             for g, (side, mask) in enumerate((("privileged", priv), ("unprivileged", ~priv)))}
    return {
        "statisticalParityDifference": float(sel[1] - sel[0]),
        "disparateImpact": float(sel[1] / sel[0]),
        "equalOpportunityDifference": float(tpr[1] - tpr[0]),
        "equalizedOddsDifference": float(max(abs(tpr[1] - tpr[0]), abs(fpr[1] - fpr[0]))),
        "rates": rates,
    }


def main():
    rng = np.random.default_rng(20240611)
    binary = ["bad", "good"]
    cases = [
        synthetic_case("binary", rng, binary, "bad", 200),
        synthetic_case("binary, positive sorts last", rng, binary, "good", 150, concentration=0.5),
        synthetic_case("binary, tied scores", rng, binary, "bad", 300, round_to=1),
        synthetic_case("binary, probabilities of exactly 0 and 1", rng, binary, "good", 120, extremes=True),
        synthetic_case("binary, positive never predicted", rng, binary, "bad", 80, never_predict="bad"),
        synthetic_case("three classes", rng, ["a", "b", "c"], None, 250),
        synthetic_case("four classes, ties and certainties", rng, ["e", "n", "s", "w"], None, 200,
                       round_to=1, extremes=True),
        synthetic_case("four classes, one never predicted", rng, ["cat", "cow", "dog", "eel"], None, 160,
                       never_predict="eel"),
        synthetic_case("three classes, one never actual", rng, ["x", "y", "z"], None, 90, absent="y"),
        file_case("breast-cancer, logistic regression", "model/predictions-breast-cancer.csv",
                  ["benign", "malignant"], "malignant"),
        file_case("credit-g, logistic regression", "validation/predictions-credit-g.csv", binary, "bad"),
        file_case("credit-g, CART", "validation/predictions-credit-g.csv", binary, "bad", prefix="champion_"),
    ]
    versions = {"sklearn": sklearn.__version__, "scipy": scipy.__version__, "numpy": np.__version__}
    with open(os.path.join(RESOURCES, "model", "sklearn-metrics.json"), "w", encoding="utf-8") as f:
        json.dump({"versions": versions, "cases": cases}, f)
        f.write("\n")

    credit = read_csv(os.path.join(RESOURCES, "validation", "predictions-credit-g.csv"))
    groups = [
        {"column": "personal_status", "rule": "EQUAL_TO", "values": ["male single"],
         "expected": fairness(credit, lambda r: r["personal_status"] == "male single", "good")},
        {"column": "age", "rule": "AT_LEAST", "threshold": 25,
         "expected": fairness(credit, lambda r: float(r["age"]) >= 25, "good")},
        {"column": "foreign_worker", "rule": "MAJORITY",
         "expected": fairness(credit, lambda r: r["foreign_worker"] == "yes", "good")},
    ]
    significance = {
        "versions": versions,
        "bootstrap": {"file": "validation/predictions-credit-g.csv", "rows": 150, "positive": "bad",
                      "labels": binary, "seed": 7, "resamples": 300, "alpha": 0.05,
                      "expected": bootstrap(credit[:150], binary, "bad", 300, 7, 0.05)},
        "fairness": {"file": "validation/predictions-credit-g.csv", "favorable": "good", "groups": groups},
    }
    with open(os.path.join(RESOURCES, "validation", "scipy-significance.json"), "w", encoding="utf-8") as f:
        json.dump(significance, f)
        f.write("\n")


if __name__ == "__main__":
    main()
