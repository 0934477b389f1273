#!/usr/bin/env python3
"""Reference values for the mlops-drift statistics, computed with scipy and numpy.

Run from the repository root:
    python3 mlops-drift/src/test/python/generate_reference_values.py
It rewrites mlops-drift/src/test/resources/scipy/reference-values.json, which the Java tests
(ScipyAgreementTest) read. Large samples are not stored: they are described by a generator
spec (splitmix64 seed, size, transform) that the Java side reproduces bit for bit, because the
transforms use only IEEE-exact arithmetic (+, -, *, floor).

Conventions reproduced here (see ../../../../../shared/CLI.md, `mlops drift`):
  ks          scipy.stats.ks_2samp(a, b, method='auto')
  wasserstein scipy.stats.wasserstein_distance(a, b)
  psi/js      reference deciles np.quantile(ref, k/10, k=1..9) (linear), duplicates merged,
              bin = number of edges strictly below the value; PSI floors zero proportions at
              1e-4 without renormalizing; JS = scipy.spatial.distance.jensenshannon(base=2)
  chi2        scipy.stats.chi2_contingency(2 x k table over the union, correction=False)
  missing     pooled two-proportion z-test, two-sided p = 2 * norm.sf(|z|) (in the reports)

The shared tests on their own (the missing-rate z-test, the corrections) have their reference
values in mlops-core/src/test/python/stats_reference.py.
"""
import json
import math
import os
import sys

import numpy as np
import scipy
from scipy import stats
from scipy.spatial import distance

HERE = os.path.dirname(os.path.abspath(__file__))
# the shared tests' formulas are written once, with mlops-core's reference values
sys.path.insert(0, os.path.join(HERE, '..', '..', '..', '..', 'mlops-core', 'src', 'test', 'python'))
from stats_reference import two_proportion_z  # noqa: E402

MASK64 = (1 << 64) - 1
OUT = os.path.join(HERE, '..', 'resources', 'scipy', 'reference-values.json')


def splitmix64(seed):
    state = seed & MASK64
    while True:
        state = (state + 0x9E3779B97F4A7C15) & MASK64
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
        yield z ^ (z >> 31)


def generate(spec):
    """Values described by a spec; mirrored by SyntheticSamples.java."""
    rng = splitmix64(spec['seed'])

    def uniform():
        return (next(rng) >> 11) * (2.0 ** -53)

    kind = spec['kind']
    out = np.empty(spec['n'])
    for i in range(spec['n']):
        if kind == 'uniform':
            out[i] = spec['shift'] + spec['scale'] * uniform()
        elif kind == 'irwin':
            s = uniform() + uniform()
            s = s + uniform()
            s = s + uniform()
            out[i] = (s - 2.0) * spec['scale'] + spec['shift']
        elif kind == 'int':
            out[i] = math.floor(uniform() * spec['levels']) + spec['shift']
        else:
            raise ValueError(kind)
    return out


def sample(value):
    return np.asarray(value, dtype=float) if isinstance(value, list) else generate(value)


def deciles(ref):
    return np.unique(np.quantile(ref, np.arange(1, 10) / 10))


def binned(ref, cur):
    edges = deciles(ref)
    r = np.bincount(np.searchsorted(edges, ref, side='left'), minlength=len(edges) + 1) / len(ref)
    c = np.bincount(np.searchsorted(edges, cur, side='left'), minlength=len(edges) + 1) / len(cur)
    return edges, r, c


def psi(r, c):
    r = np.where(r == 0, 1e-4, r)
    c = np.where(c == 0, 1e-4, c)
    return float(np.sum((c - r) * np.log(c / r)))


def js(r, c):
    return float(distance.jensenshannon(r, c, base=2))


def numeric_case(name, a, b):
    x, y = sample(a), sample(b)
    res = stats.ks_2samp(x, y, method='auto')
    edges, r, c = binned(x, y)
    return {
        'name': name, 'reference': a, 'current': b,
        'ks': {'statistic': float(res.statistic), 'pValue': float(res.pvalue),
               'exact': bool(max(len(x), len(y)) <= 10000)},
        'wasserstein': float(stats.wasserstein_distance(x, y)),
        'edges': edges.tolist(),
        'psi': psi(r, c),
        'js': js(r, c),
    }


def categorical_case(name, ref, cur):
    missing = {'', None}
    ref_values = [v for v in ref if v not in missing]
    cur_values = [v for v in cur if v not in missing]
    union = sorted(set(ref_values) | set(cur_values))
    table = np.array([[ref_values.count(u) for u in union], [cur_values.count(u) for u in union]])
    if len(union) > 1:
        chi2, p, dof, _ = stats.chi2_contingency(table, correction=False)
    else:
        chi2, p, dof = 0.0, 1.0, 0
    r = table[0] / table[0].sum()
    c = table[1] / table[1].sum()
    return {
        'name': name, 'reference': ref, 'current': cur,
        'chi2': {'statistic': float(chi2), 'pValue': float(p), 'dof': int(dof)},
        'psi': psi(r, c),
        'js': js(r, c),
    }


NUMBER = __import__('re').compile(r'[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?')


def read_csv(path):
    """Columns of a CSV file typed as the CLI contract says (numeric when every non-empty cell
    is a number)."""
    import csv
    with open(path, newline='', encoding='utf-8') as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    columns = {}
    for c, name in enumerate(header):
        cells = [r[c] for r in body]
        if all(NUMBER.fullmatch(v.strip()) for v in cells if v.strip() != ''):
            columns[name] = np.array([float(v) if v.strip() != '' else np.nan for v in cells])
        else:
            columns[name] = cells
    return header, columns


def feature_tests(ref, cur):
    """The tests of one feature as `mlops drift --format json` reports them."""
    if isinstance(ref, np.ndarray):
        x, y = ref[~np.isnan(ref)], cur[~np.isnan(cur)]
        missing = (len(ref) - len(x), len(cur) - len(y))
        tests = []
        if len(x) and len(y):
            res = stats.ks_2samp(x, y, method='auto')
            edges, r, c = binned(x, y)
            tests = [{'method': 'ks', 'statistic': float(res.statistic), 'pValue': float(res.pvalue)},
                     {'method': 'psi', 'statistic': psi(r, c), 'pValue': None},
                     {'method': 'js', 'statistic': js(r, c), 'pValue': None},
                     {'method': 'wasserstein', 'statistic': float(stats.wasserstein_distance(x, y)), 'pValue': None}]
    else:
        case = categorical_case('', ref, cur)
        missing = (sum(1 for v in ref if v == ''), sum(1 for v in cur if v == ''))
        tests = [{'method': 'chi2', 'statistic': case['chi2']['statistic'], 'pValue': case['chi2']['pValue']},
                 {'method': 'psi', 'statistic': case['psi'], 'pValue': None},
                 {'method': 'js', 'statistic': case['js'], 'pValue': None}]
    m = two_proportion_z(missing[0], len(ref), missing[1], len(cur))
    tests.append({'method': 'missing', 'statistic': m['z'], 'pValue': m['pValue']})
    return {'nReference': len(ref), 'nCurrent': len(cur), 'missingReference': missing[0],
            'missingCurrent': missing[1], 'tests': tests}


def split_case(name, path, column, threshold):
    """Rows with column < threshold are the current data, the others the reference."""
    header, columns = read_csv(path)
    current = columns[column] < threshold
    features = []
    for h in header:
        values = columns[h]
        if isinstance(values, np.ndarray):
            ref, cur = values[~current], values[current]
        else:
            ref = [v for v, flag in zip(values, current) if not flag]
            cur = [v for v, flag in zip(values, current) if flag]
        features.append(dict(name=h, type='numeric' if isinstance(values, np.ndarray) else 'categorical',
                             **feature_tests(ref, cur)))
    return {'name': name, 'file': os.path.basename(path), 'column': column, 'threshold': threshold,
            'features': features}


def spec(seed, n, kind='irwin', shift=0.0, scale=1.0, levels=None):
    s = {'seed': seed, 'n': n, 'kind': kind, 'shift': shift, 'scale': scale}
    if levels is not None:
        s['levels'] = levels
    return s


def main():
    numeric = [
        numeric_case('tiny 1 vs 1', [1.0], [2.0]),
        numeric_case('tiny 1 vs 1 equal', [3.0], [3.0]),
        numeric_case('tiny 3 vs 4', [0.1, 0.5, 0.9], [0.2, 0.3, 1.5, 2.0]),
        numeric_case('tiny 2 vs 5 with ties', [1.0, 2.0], [1.0, 1.0, 2.0, 2.0, 3.0]),
        numeric_case('tiny 5 vs 5', [1.0, 2.0, 3.0, 4.0, 5.0], [6.0, 7.0, 8.0, 9.0, 10.0]),
        numeric_case('tiny 7 vs 3 interleaved', [1.0, 3.0, 5.0, 7.0, 9.0, 11.0, 13.0], [2.0, 6.0, 10.0]),
        numeric_case('constant columns equal', [2.5] * 20, [2.5] * 30),
        numeric_case('constant columns different', [2.5] * 20, [3.5] * 30),
        numeric_case('ties small integers', spec(1, 30, 'int', levels=5), spec(2, 40, 'int', levels=6)),
        numeric_case('heavy ties binary', spec(3, 200, 'int', levels=2), spec(4, 300, 'int', levels=2)),
        numeric_case('heavy ties 3 levels shifted', spec(5, 500, 'int', levels=3), spec(6, 700, 'int', levels=3, shift=0.0)),
        numeric_case('equal sizes 100 no drift', spec(7, 100), spec(8, 100)),
        numeric_case('equal sizes 100 drift', spec(9, 100), spec(10, 100, shift=0.5)),
        numeric_case('unequal 1000 vs 1500 no drift', spec(11, 1000), spec(12, 1500)),
        numeric_case('unequal 1000 vs 1500 small drift', spec(13, 1000), spec(14, 1500, shift=0.05)),
        numeric_case('unequal 997 vs 1009 coprime', spec(15, 997), spec(16, 1009, shift=0.02)),
        numeric_case('exact limit 10000 vs 10000', spec(17, 10000), spec(18, 10000, shift=0.01)),
        numeric_case('exact limit 10000 vs 9999', spec(19, 10000), spec(20, 9999, shift=0.01)),
        numeric_case('exact limit 10000 vs 4000 scale', spec(21, 10000), spec(22, 4000, scale=1.1)),
        numeric_case('asymptotic 10001 vs 10001', spec(23, 10001), spec(24, 10001)),
        numeric_case('asymptotic 10001 vs 10001 drift', spec(25, 10001), spec(26, 10001, shift=0.03)),
        numeric_case('asymptotic 20000 vs 15000', spec(27, 20000), spec(28, 15000, shift=0.01)),
        numeric_case('asymptotic 50 vs 20000', spec(29, 50), spec(30, 20000)),
        numeric_case('asymptotic 120 vs 12000 drift', spec(31, 120), spec(32, 12000, shift=0.15)),
        numeric_case('asymptotic 3 vs 12000', spec(33, 3), spec(34, 12000)),
        numeric_case('asymptotic 12000 vs 1', spec(35, 12000), spec(36, 1)),
        numeric_case('asymptotic 100000 vs 100000 same', spec(37, 100000), spec(38, 100000)),
        numeric_case('asymptotic 100000 vs 100000 shift', spec(39, 100000), spec(40, 100000, shift=0.01)),
        numeric_case('asymptotic 100000 vs 100000 large shift', spec(41, 100000), spec(42, 100000, shift=0.5)),
        numeric_case('asymptotic heavy ties 30000 vs 20000', spec(43, 30000, 'int', levels=4), spec(44, 20000, 'int', levels=4)),
        numeric_case('asymptotic uniform 15000 vs 11000', spec(45, 15000, 'uniform'), spec(46, 11000, 'uniform', scale=1.02)),
    ]
    kstwo = []
    for n in [1, 2, 3, 5, 10, 50, 139, 140, 141, 500, 5000, 50000, 100000, 100001, 500000, 2000000]:
        for x in [1e-6, 0.3 / n, 0.5 / n, 0.7 / n, 1.0 / n, 1.5 / n, 0.3 / math.sqrt(n),
                  0.6 / math.sqrt(n), 0.9 / math.sqrt(n), 1.2 / math.sqrt(n), 1.6 / math.sqrt(n),
                  2.5 / math.sqrt(n), 5 / math.sqrt(n), 15 / math.sqrt(n), 0.05, 0.2, 0.45, 0.5,
                  0.7, 1 - 1.5 / n, 1 - 0.5 / n, 0.999999, 1.0]:
            if 0 <= x <= 1:
                kstwo.append({'n': n, 'x': x, 'sf': float(stats.kstwo.sf(x, n))})
    exact = []
    for n1, n2 in [(1, 1), (2, 3), (5, 5), (10, 7), (50, 50), (60, 45), (100, 250), (333, 1000),
                   (1000, 1000), (3000, 2999), (10000, 10000), (10000, 7), (10000, 9999)]:
        g = math.gcd(n1, n2)
        lcm = n1 // g * n2
        for frac in [0.0, 0.01, 0.03, 0.08, 0.15, 0.3, 0.6, 1.0]:
            h = int(round(frac * lcm))
            # scipy falls back to the asymptotic distribution when the exact value leaves [0, 1]
            ok, d, p = stats._stats_py._attempt_exact_2kssamp(n1, n2, g, h / lcm, 'two-sided')
            if not ok:
                en = n1 * n2 / (n1 + n2)
                p = stats.kstwo.sf(h / lcm, np.round(en))
            exact.append({'n1': n1, 'n2': n2, 'h': h, 'exactSucceeded': bool(ok),
                          'pValue': float(np.clip(p, 0, 1))})
    categorical = [
        categorical_case('same categories', list('aabbbcccc') * 5, list('abbccccca') * 6),
        categorical_case('unseen category', list('aabbbcccc') * 5, list('abbccdddd') * 4),
        categorical_case('vanished category', list('aabbbcccc') * 5, list('bbbcccc') * 5),
        categorical_case('unseen and vanished with missing', ['x', 'y', '', 'y', 'z', None] * 7,
                         ['y', 'w', 'w', '', 'y'] * 9),
        categorical_case('single category both', ['a'] * 10, ['a'] * 12),
        categorical_case('disjoint categories', ['a', 'b'] * 10, ['c', 'd'] * 10),
    ]
    data = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', '..', 'data')
    reports = [split_case('credit-g split by age < 30', os.path.join(data, 'credit-g.csv'), 'age', 30),
               split_case('breast-cancer split by mean_radius < 13', os.path.join(data, 'breast-cancer.csv'),
                          'mean_radius', 13)]
    document = {
        'generator': 'mlops-drift/src/test/python/generate_reference_values.py',
        'scipy': scipy.__version__, 'numpy': np.__version__,
        'numeric': numeric, 'kstwo': kstwo, 'exact': exact,
        'categorical': categorical, 'reports': reports,
    }
    with open(OUT, 'w') as f:
        json.dump(document, f, indent=1)
        f.write('\n')
    print('wrote', os.path.normpath(OUT), file=sys.stderr)


if __name__ == '__main__':
    main()
