#!/usr/bin/env python3
"""Reference values for the shared statistics of mlops-core (package dev.mlops.stats).

Run from the repository root:
    python3 mlops-core/src/test/python/stats_reference.py
It rewrites mlops-core/src/test/resources/dev/mlops/stats/scipy-reference.json, which
dev.mlops.stats.StatisticsAgreementTest reads. Everything is computed from the documented
conventions with SciPy and NumPy, not from the Java code:

  normalQuantiles     scipy.stats.norm.ppf, deep into both tails
  tQuantiles          scipy.stats.t.ppf, fractional degrees of freedom included
  twoProportion       pooled z, p = 2 * norm.sf(|z|), unpooled Wald interval with norm.ppf
  twoProportionZ      the pooled z alone, z = 0 and p = 1 without variation (checked against the
                      uncorrected 2x2 chi-square test, which it equals)
  welch               scipy.stats.ttest_ind_from_stats(equal_var=False), interval with t.ppf
  msprt               normal-mixture mSPRT (Johari et al.), written out with numpy
  chiSquareHomogeneity  scipy.stats.chi2_contingency(2 x k, correction=False) over the columns
                      that are not empty in both rows
  chiSquareGoodnessOfFit  scipy.stats.chisquare(observed, expected) over the cells with a
                      positive share
  corrections         Benjamini-Hochberg, Holm, Bonferroni (plain numpy; BH checked against
                      scipy.stats.false_discovery_control)
  mcnemar             exact McNemar p = scipy.stats.binomtest(b, b + c, 0.5).pvalue
  percentiles         numpy.percentile (method='linear')
"""
import csv
import json
import math
import os

import numpy as np
import scipy
from scipy import stats

HERE = os.path.dirname(os.path.abspath(__file__))
RESOURCES = os.path.join(HERE, '..', 'resources', 'dev', 'mlops')
OUT = os.path.join(RESOURCES, 'stats', 'scipy-reference.json')


def two_proportion(k1, n1, k2, n2, alpha):
    p1, p2 = k1 / n1, k2 / n2
    pooled = (k1 + k2) / (n1 + n2)
    se0 = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    z = (p2 - p1) / se0
    p = 2 * stats.norm.sf(abs(z))
    se = math.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2)
    half = stats.norm.ppf(1 - alpha / 2) * se
    return {'k1': k1, 'n1': n1, 'k2': k2, 'n2': n2, 'alpha': alpha,
            'statistic': z, 'pValue': float(p), 'effect': p2 - p1, 'ciLow': p2 - p1 - half, 'ciHigh': p2 - p1 + half}


def two_proportion_z(k1, n1, k2, n2):
    pooled = (k1 + k2) / (n1 + n2)
    var = pooled * (1 - pooled) * (1 / n1 + 1 / n2)
    if var <= 0:
        z, p = 0.0, 1.0
    else:
        z = (k2 / n2 - k1 / n1) / math.sqrt(var)
        p = float(2 * stats.norm.sf(abs(z)))
        # the pooled z-test is the uncorrected 2x2 chi-square test
        chi2 = stats.chi2_contingency([[k1, n1 - k1], [k2, n2 - k2]], correction=False)
        assert abs(chi2[0] - z * z) <= 1e-9 * max(1, z * z) and abs(chi2[1] - p) <= 1e-9 * max(p, 1e-300)
    return {'k1': k1, 'n1': n1, 'k2': k2, 'n2': n2, 'z': z, 'pValue': p}


def welch(n1, m1, v1, n2, m2, v2, alpha):
    result = stats.ttest_ind_from_stats(m1, math.sqrt(v1), n1, m2, math.sqrt(v2), n2, equal_var=False)
    a, b = v1 / n1, v2 / n2
    df = (a + b) ** 2 / (a * a / (n1 - 1) + b * b / (n2 - 1))
    se = math.sqrt(a + b)
    half = stats.t.ppf(1 - alpha / 2, df) * se
    # scipy computes sample 1 minus sample 2; ours is treatment (2) minus control (1)
    return {'n1': n1, 'mean1': m1, 'var1': v1, 'n2': n2, 'mean2': m2, 'var2': v2, 'alpha': alpha,
            'statistic': -float(result.statistic), 'pValue': float(result.pvalue), 'df': df,
            'effect': m2 - m1, 'ciLow': m2 - m1 - half, 'ciHigh': m2 - m1 + half}


def msprt(n1, m1, v1, n2, m2, v2, conversion, tau, alpha):
    effect = m2 - m1
    if conversion:
        rate = (m1 * n1 + m2 * n2) / (n1 + n2)
        pooled = rate * (1 - rate)
        var = m1 * (1 - m1) / n1 + m2 * (1 - m2) / n2
    else:
        pooled = ((n1 - 1) * v1 + (n2 - 1) * v2) / (n1 + n2 - 2)
        var = v1 / n1 + v2 / n2
    if var == 0:
        var = pooled * (1 / n1 + 1 / n2)
    mix = tau * tau * pooled
    log_ratio = 0.5 * np.log(var / (var + mix)) + effect ** 2 * mix / (2 * var * (var + mix))
    p = min(1.0, float(np.exp(-log_ratio)))
    half = math.sqrt(var * (var + mix) / mix * (math.log((var + mix) / var) - 2 * math.log(alpha)))
    return {'n1': n1, 'mean1': m1, 'var1': v1, 'n2': n2, 'mean2': m2, 'var2': v2, 'conversion': conversion,
            'tau': tau, 'alpha': alpha, 'statistic': effect / math.sqrt(var), 'pValue': p, 'effect': effect,
            'ciLow': effect - half, 'ciHigh': effect + half}


def homogeneity(first, second):
    kept = [(a, b) for a, b in zip(first, second) if a + b > 0]
    if len(kept) > 1:
        chi2, p, dof, _ = stats.chi2_contingency(np.array(kept).T, correction=False)
    else:
        chi2, p, dof = 0.0, 1.0, 0
    return {'first': first, 'second': second, 'statistic': float(chi2), 'pValue': float(p), 'dof': int(dof)}


def goodness_of_fit(observed, shares):
    cells = [(o, s) for o, s in zip(observed, shares) if s > 0]
    total = sum(o for o, _ in cells)
    if len(cells) > 1 and total > 0:
        share_total = sum(s for _, s in cells)
        result = stats.chisquare([o for o, _ in cells], [total * s / share_total for _, s in cells])
        statistic, p = float(result.statistic), float(result.pvalue)
    else:
        statistic, p = 0.0, 1.0
    return {'observed': observed, 'shares': shares, 'statistic': statistic, 'pValue': p, 'dof': len(cells) - 1}


def corrections(p):
    p = np.asarray(p, dtype=float)
    m = len(p)
    order = np.argsort(p, kind='mergesort')
    ranked = p[order]
    bh_sorted = np.minimum.accumulate((ranked * m / np.arange(1, m + 1))[::-1])[::-1]
    holm_sorted = np.maximum.accumulate(np.minimum(1.0, ranked * (m - np.arange(m))))
    bh = np.empty(m)
    holm = np.empty(m)
    bh[order] = np.minimum(bh_sorted, 1.0)
    holm[order] = holm_sorted
    assert np.allclose(bh, stats.false_discovery_control(p, method='bh'), rtol=1e-12, atol=0)
    return {'p': p.tolist(), 'bh': bh.tolist(), 'holm': holm.tolist(), 'bonferroni': np.minimum(1.0, p * m).tolist()}


def mcnemar_pairs():
    with open(os.path.join(RESOURCES, 'validation', 'predictions-credit-g.csv'), newline='', encoding='utf-8') as f:
        credit = list(csv.DictReader(f))
    only_model = sum(1 for r in credit if r['prediction'] == r['actual'] != r['champion_prediction'])
    only_champion = sum(1 for r in credit if r['champion_prediction'] == r['actual'] != r['prediction'])
    return [(0, 0), (1, 0), (0, 1), (5, 5), (3, 12), (12, 3), (40, 61), (200, 170), (1000, 1100),
            (only_model, only_champion)]


def main():
    normal = [{'p': p, 'normal': float(stats.norm.ppf(p))} for p in
              [1e-300, 1e-20, 1e-10, 1e-5, 0.001, 0.025, 0.05, 0.3, 0.5, 0.7, 0.975, 0.999, 1 - 1e-12]]
    t = [{'p': p, 'df': df, 't': float(stats.t.ppf(p, df))} for p, df in
         [(0.975, 1.0), (0.975, 2.5), (0.995, 7.3), (0.95, 30.0), (0.975, 1234.5), (0.025, 3.0), (0.9995, 100.0)]]
    two_prop = [two_proportion(*c) for c in [
        (100, 1000, 130, 1000, 0.05), (5000, 50000, 5150, 50000, 0.05), (1, 20, 5, 25, 0.1),
        (480, 5000, 520, 5000, 0.01), (30000, 100000, 29000, 100000, 0.05), (3, 1000000, 40, 1000000, 0.05)]]
    z = [two_proportion_z(*c) for c in [
        (0, 100, 0, 100), (100, 100, 80, 80), (5, 100, 20, 100), (10, 1000, 12, 1200), (0, 50, 50, 50),
        (3, 10, 0, 7), (1000, 100000, 1300, 100000)]]
    welch_cases = [welch(*c) for c in [
        (50, 10.0, 4.0, 60, 11.5, 9.0, 0.05), (1000, 0.0, 1.0, 1000, 0.05, 1.0, 0.05), (2, 1.0, 0.5, 3, 2.0, 2.0, 0.05),
        (12345, 101.2, 400.0, 9876, 99.7, 380.0, 0.01), (30, 5.0, 0.01, 30, 5.5, 100.0, 0.1), (200, 3.0, 2.0, 200, 9.0, 2.0, 0.05)]]
    msprt_cases = [msprt(*c) for c in [
        (5000, 0.10, 0.0, 5000, 0.12, 0.0, True, 0.1, 0.05), (100, 0.1, 0.0, 120, 0.1, 0.0, True, 0.1, 0.05),
        (20000, 0.05, 0.0, 21000, 0.052, 0.0, True, 0.05, 0.05), (1000, 10.0, 4.0, 1000, 10.3, 4.5, False, 0.1, 0.05),
        (50, 1.0, 1.0, 50, 1.0, 1.0, False, 0.2, 0.1), (100000, 3.2, 9.0, 100000, 3.25, 9.5, False, 0.1, 0.01),
        (10, 0.0, 0.0, 10, 1.0, 0.0, True, 0.1, 0.05)]]
    # category counts of drift's categorical cases (reference row, current row), plus empty columns
    tables = [([10, 15, 20], [12, 12, 30]), ([10, 15, 20, 0], [4, 8, 8, 16]), ([10, 15, 20], [0, 15, 20]),
              ([0, 7, 14, 7], [18, 0, 18, 0]), ([10], [12]), ([10, 10, 0, 0], [0, 0, 10, 10]),
              ([1000, 1000, 1000, 0], [250, 500, 0, 250]), ([0, 30, 0, 5, 0], [0, 20, 0, 9, 0])]
    chi2_homogeneity = [homogeneity(a, b) for a, b in tables]
    chi2_fit = [goodness_of_fit(*c) for c in [
        ([5000, 5000], [1, 1]), ([5100, 4900], [1, 1]), ([5200, 4800], [1, 1]), ([990, 10], [99, 1]),
        ([3400, 3300, 3300], [1, 1, 1]), ([5000, 3000, 2000], [0.5, 0.3, 0.2]), ([100, 250, 650], [0.5, 0.3, 0.2]),
        ([500, 480, 7], [1, 1, 0]), ([40, 0], [1, 0]), ([0, 0, 3], [1, 1, 0])]]
    correction_cases = [corrections(p) for p in [
        [0.01, 0.04, 0.03, 0.005, 0.2, 0.5, 0.04], [1e-10, 0.9, 0.049, 0.051, 0.01], [0.5],
        [0.02, 0.02, 0.02, 1.0, 0.0], [0.01, 0.04, 0.03], [0.2, 0.001], [0.5, 0.5, 0.01, 0.02], [0.04, 0.04, 0.04]]]
    mcnemar = [{'b': b, 'c': c, 'p': 1.0 if b + c == 0 else float(stats.binomtest(b, b + c, 0.5).pvalue)}
               for b, c in mcnemar_pairs()]
    rng = np.random.default_rng(20240611)
    percentiles = []
    for size in (1, 2, 7, 200, 1000):
        values = rng.normal(size=size)
        for q in (0.0, 2.5, 10.0, 25.0, 50.0, 90.0, 97.5, 99.0, 100.0):
            percentiles.append({'values': values.tolist(), 'q': q, 'expected': float(np.percentile(values, q))})
    document = {
        'generator': {'script': 'mlops-core/src/test/python/stats_reference.py', 'scipy': scipy.__version__,
                      'numpy': np.__version__},
        'normalQuantiles': normal, 'tQuantiles': t, 'twoProportion': two_prop, 'twoProportionZ': z,
        'welch': welch_cases, 'msprt': msprt_cases, 'chiSquareHomogeneity': chi2_homogeneity,
        'chiSquareGoodnessOfFit': chi2_fit, 'corrections': correction_cases, 'mcnemar': mcnemar,
        'percentiles': percentiles,
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, 'w', encoding='utf-8') as f:
        json.dump(document, f, indent=1)
        f.write('\n')


if __name__ == '__main__':
    main()
