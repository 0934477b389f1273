#!/usr/bin/python3
"""Reference values for the monitoring tests of the command (MonitoringCommandsTest).

* drift-stored-profile.json: what `mlops drift --reference credit:1` must report when credit:1
  was trained from the whole of data/credit-g.csv and the current file holds its applicants under
  30: per numeric feature scipy.stats.ks_2samp (method='auto') and wasserstein_distance, per
  categorical one scipy.stats.chi2_contingency (correction=False) over the union of categories,
  each between ALL rows of the training file (the stored profile describes every row given to
  the trainer, not only its training split) and the current rows. The label column is left out.
* monitor-metrics.json: scikit-learn's accuracy, precision, recall, F1, ROC AUC and log loss of
  the committed predictions (monitor-predictions.csv: what `mlops predict credit:1` printed for
  the held-out file, with its true labels), positive class 'bad'.

Run from the repository root with Debian's python3-sklearn (scikit-learn 1.2.1, SciPy 1.10.1):

    /usr/bin/python3 mlops-cli/src/test/python/monitoring_reference.py
"""
import csv
import json
import os

import numpy as np
from scipy import stats
from sklearn import metrics

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, '..', '..', '..', '..')
OUT = os.path.join(HERE, '..', 'resources', 'dev', 'mlops', 'cli')
LABEL = 'class'


def read(path):
    with open(path, newline='', encoding='utf-8') as f:
        return list(csv.DictReader(f))


def numeric(rows, column):
    try:
        return np.array([float(r[column]) for r in rows])
    except ValueError:
        return None


def drift():
    rows = read(os.path.join(ROOT, 'data', 'credit-g.csv'))
    young = [r for r in rows if int(r['age']) < 30]
    features = {}
    for column in rows[0].keys():
        if column == LABEL:
            continue
        a = numeric(rows, column)
        if a is not None:
            b = numeric(young, column)
            ks = stats.ks_2samp(a, b, method='auto')
            features[column] = {'type': 'numeric', 'ks': [float(ks.statistic), float(ks.pvalue)],
                                'wasserstein': float(stats.wasserstein_distance(a, b))}
        else:
            categories = sorted({r[column] for r in rows} | {r[column] for r in young})
            table = [[sum(1 for r in rows if r[column] == c) for c in categories],
                     [sum(1 for r in young if r[column] == c) for c in categories]]
            chi2, p, _, _ = stats.chi2_contingency(np.array(table), correction=False)
            features[column] = {'type': 'categorical', 'chi2': [float(chi2), float(p)]}
    return {'nReference': len(rows), 'nCurrent': len(young), 'features': features}


def monitor():
    rows = read(os.path.join(OUT, 'monitor-predictions.csv'))
    actual = [r['actual'] for r in rows]
    predicted = [r['prediction'] for r in rows]
    p_bad = np.array([float(r['p_bad']) for r in rows])
    p_good = np.array([float(r['p_good']) for r in rows])
    y = np.array([1 if a == 'bad' else 0 for a in actual])
    return {
        'rows': len(rows),
        'accuracy': metrics.accuracy_score(actual, predicted),
        'precision': metrics.precision_score(actual, predicted, pos_label='bad', zero_division=0),
        'recall': metrics.recall_score(actual, predicted, pos_label='bad', zero_division=0),
        'f1': metrics.f1_score(actual, predicted, pos_label='bad', zero_division=0),
        'auc': metrics.roc_auc_score(y, p_bad),
        'logLoss': metrics.log_loss(actual, np.column_stack([p_bad, p_good]), labels=['bad', 'good']),
    }


def write(name, value):
    with open(os.path.join(OUT, name), 'w', encoding='utf-8') as f:
        json.dump(value, f, indent=2, sort_keys=True)
        f.write('\n')


if __name__ == '__main__':
    write('drift-stored-profile.json', drift())
    if os.path.exists(os.path.join(OUT, 'monitor-predictions.csv')):
        write('monitor-metrics.json', monitor())
