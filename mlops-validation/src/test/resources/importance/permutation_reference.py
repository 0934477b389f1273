"""scikit-learn's permutation importance of a fixed logistic model, the reference for PermutationImportanceTest.

The model is P(y) = 1 / (1 + exp(-(0.2 + 2.5 a - 1.0 b + 0 c))); the data (200 rows) is drawn here
and written to data.csv, the importances to reference.json. 2,000 shuffles per column, so that the
mean is known to about a thousandth: a different random generator cannot reproduce sklearn's
shuffles, only their distribution.

Run: /usr/bin/python3 permutation_reference.py   (Debian's python3-sklearn 1.2)
"""
import json

import numpy as np
import sklearn
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.inspection import permutation_importance

WEIGHTS = np.array([2.5, -1.0, 0.0])
BIAS = 0.2


class Fixed(BaseEstimator, ClassifierMixin):
    def fit(self, X, y):
        self.classes_ = np.array(["n", "y"])
        return self

    def predict_proba(self, X):
        p = 1 / (1 + np.exp(-(BIAS + np.asarray(X, dtype=float) @ WEIGHTS)))
        return np.column_stack([1 - p, p])

    def predict(self, X):
        return self.classes_[(self.predict_proba(X)[:, 1] > 0.5).astype(int)]


rng = np.random.default_rng(7)
X = rng.normal(size=(200, 3))
p = 1 / (1 + np.exp(-(BIAS + X @ WEIGHTS)))
y = np.where(rng.uniform(size=200) < p, "y", "n")
with open("data.csv", "w") as f:
    f.write("a,b,c,label\n")
    for row, label in zip(X, y):
        f.write("%r,%r,%r,%s\n" % (row[0], row[1], row[2], label))

model = Fixed().fit(X, y)
result = permutation_importance(model, X, y, scoring="accuracy", n_repeats=2000, random_state=0)
baseline = float((model.predict(X) == y).mean())
json.dump({
    "sklearn": sklearn.__version__,
    "baseline": baseline,
    "repeats": 2000,
    "features": [{"name": n, "importance": float(m), "std": float(s)}
                 for n, m, s in zip(["a", "b", "c"], result.importances_mean, result.importances_std)],
}, open("reference.json", "w"), indent=2)
