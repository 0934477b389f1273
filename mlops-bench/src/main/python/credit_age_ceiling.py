"""What retraining can gain on credit-g split by age (RetrainingSimulation's real-data stream).

Logistic regression (scikit-learn, one-hot categories, standardised numbers) trained on 200 applicants
of 30 or older, on 200 under 30, on both, and on all 629 older ones, scored on the 171 younger
applicants none of them saw; mean and standard deviation over 20 shuffles. Run from the repository
root: /usr/bin/python3 mlops-bench/src/main/python/credit_age_ceiling.py
"""
import csv

import numpy as np
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

rows = list(csv.DictReader(open("data/credit-g.csv")))
cols = [c for c in rows[0] if c != "class"]


def numeric(column):
    try:
        float(rows[0][column])
        return True
    except ValueError:
        return False


num = [i for i, c in enumerate(cols) if numeric(c)]
cat = [i for i, c in enumerate(cols) if not numeric(c)]
X = np.array([[r[c] for c in cols] for r in rows], dtype=object)
for i in num:
    X[:, i] = X[:, i].astype(float)
y = np.array([r["class"] == "good" for r in rows]).astype(int)
older = np.array([float(r["age"]) >= 30 for r in rows])


def model():
    return make_pipeline(ColumnTransformer([("c", OneHotEncoder(handle_unknown="ignore"), cat),
                                            ("n", StandardScaler(), num)]), LogisticRegression(max_iter=2000))


results = []
for seed in range(1, 21):
    rng = np.random.default_rng(seed)
    o = rng.permutation(np.where(older)[0])
    young = rng.permutation(np.where(~older)[0])
    test = young[200:]

    def accuracy(train):
        return (model().fit(X[train], y[train]).predict(X[test]) == y[test]).mean()

    results.append((accuracy(o[:200]), accuracy(young[:200]), accuracy(np.r_[o[:200], young[:200]]), accuracy(o)))
r = np.array(results)
print("%d held-out younger applicants, mean (sd) over 20 shuffles: 200 older %.3f (%.3f), 200 younger %.3f (%.3f),"
      " both %.3f (%.3f), all 629 older %.3f (%.3f)" % (len(test), *[v for pair in zip(r.mean(0), r.std(0)) for v in pair]))
