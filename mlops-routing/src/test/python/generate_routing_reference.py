#!/usr/bin/env python3
"""Reference values for the router (dev.mlops.routing), computed independently of the Java code.

Run from the repository root:
    python3 mlops-routing/src/test/python/generate_routing_reference.py
It rewrites mlops-routing/src/test/resources/routing/reference-values.json and
mlops-routing/src/test/resources/routing/events-conversions.csv, which the Java tests
(UnitHashTest, AllocationTest, StatisticsAgreementTest, AnalysisTest) read. The shared tests on
their own (z, Welch t, mSPRT, quantiles, Holm) have their reference values in
mlops-core/src/test/python/stats_reference.py; here they serve the expected analysis of the
events fixture.

What is reproduced here, from the documented conventions rather than from the Java code:
  hash        XXH64 (spec 0.8) of the UTF-8 bytes, written out below in plain Python and, when the
              'xxhash' module is installed, checked against it; seed = XXH64(UTF-8(salt), phase);
              slot = (hash >> 32) * 10000 >> 32
  allocation  largest-remainder slot counts, equal home ranges, keep-then-fill rebalancing
  z           pooled two-proportion z, p = 2 * norm.sf(|z|), unpooled Wald interval
  msprt       normal-mixture mSPRT (Johari et al.), written out with numpy
  srm         scipy.stats.chisquare(observed, expected)
  power       normal-approximation sample size and power with norm.ppf / norm.cdf
  holm        Holm step-down, written out (the fixture's adjusted p-values)
"""
import csv
import json
import math
import os
import random
import sys

import numpy as np
import scipy
from scipy import stats

HERE = os.path.dirname(os.path.abspath(__file__))
# the shared tests' formulas are written once, with mlops-core's reference values
sys.path.insert(0, os.path.join(HERE, '..', '..', '..', '..', 'mlops-core', 'src', 'test', 'python'))
from stats_reference import msprt, two_proportion  # noqa: E402
OUT_DIR = os.path.join(HERE, '..', 'resources', 'routing')
MASK = (1 << 64) - 1
SLOTS = 10000

P1 = 0x9E3779B185EBCA87
P2 = 0xC2B2AE3D27D4EB4F
P3 = 0x165667B19E3779F9
P4 = 0x85EBCA77C2B2AE63
P5 = 0x27D4EB2F165667C5


def rotl(x, r):
    return ((x << r) | (x >> (64 - r))) & MASK


def xround(acc, lane):
    acc = (acc + lane * P2) & MASK
    return (rotl(acc, 31) * P1) & MASK


def merge(acc, val):
    acc ^= xround(0, val)
    return (acc * P1 + P4) & MASK


def xxh64(data, seed):
    seed &= MASK
    n = len(data)
    i = 0
    if n >= 32:
        v = [(seed + P1 + P2) & MASK, (seed + P2) & MASK, seed, (seed - P1) & MASK]
        while i <= n - 32:
            for lane in range(4):
                v[lane] = xround(v[lane], int.from_bytes(data[i:i + 8], 'little'))
                i += 8
        h = (rotl(v[0], 1) + rotl(v[1], 7) + rotl(v[2], 12) + rotl(v[3], 18)) & MASK
        for lane in range(4):
            h = merge(h, v[lane])
    else:
        h = (seed + P5) & MASK
    h = (h + n) & MASK
    while i <= n - 8:
        h ^= xround(0, int.from_bytes(data[i:i + 8], 'little'))
        h = (rotl(h, 27) * P1 + P4) & MASK
        i += 8
    if i <= n - 4:
        h ^= (int.from_bytes(data[i:i + 4], 'little') * P1) & MASK
        h = (rotl(h, 23) * P2 + P3) & MASK
        i += 4
    while i < n:
        h ^= (data[i] * P5) & MASK
        h = (rotl(h, 11) * P1) & MASK
        i += 1
    h ^= h >> 33
    h = (h * P2) & MASK
    h ^= h >> 29
    h = (h * P3) & MASK
    h ^= h >> 32
    return h


def signed(x):
    return x - (1 << 64) if x >= 1 << 63 else x


def slot_of(h):
    return ((h >> 32) * SLOTS) >> 32


def slot_counts(weights):
    total = sum(weights)
    counts, fractions = [], []
    for w in weights:
        quota = w / total * SLOTS
        if abs(quota - round(quota)) < 1e-9:
            quota = float(round(quota))
        counts.append(math.floor(quota))
        fractions.append(quota - math.floor(quota))
    missing = SLOTS - sum(counts)
    while missing > 0:
        best = max((i for i in range(len(weights)) if weights[i] > 0), key=lambda i: (fractions[i], -i))
        counts[best] += 1
        fractions[best] = -1
        missing -= 1
    return counts


def rebalance(owners, weights):
    targets = slot_counts(weights)
    kept = [0] * len(weights)
    table = [-1] * SLOTS
    for s, owner in enumerate(owners):
        if owner >= 0 and kept[owner] < targets[owner]:
            kept[owner] += 1
            table[s] = owner
    receiver = 0
    for s in range(SLOTS):
        if table[s] == -1:
            while kept[receiver] >= targets[receiver]:
                receiver += 1
            kept[receiver] += 1
            table[s] = receiver
    return table


def canonical(weights):
    k = len(weights)
    return rebalance([s * k // SLOTS for s in range(SLOTS)], weights)


def hash_cases():
    try:
        import xxhash
    except ImportError:
        xxhash = None
    texts = ['', 'a', 'abc', 'user-42', 'user-0000000042', 'abcdefghijklmnop', 'a' * 31, 'b' * 32, 'c' * 33,
             'The quick brown fox jumps over the lazy dog', 'x' * 100,
             'ünïcødé', 'München-Straße', '用户-42', 'ユーザー・テスト・長い名前のユーザーです', 'user-😀-1',
             '😀😁😂🤣😃😄😅😆😉😊', 'mix-é-用-😀-' * 5, 'a\U0010FFFFz', 'café' * 9]
    seeds = [0, 1, 42, 0x7FFFFFFFFFFFFFFF, 0x8000000000000000, 0xFFFFFFFFFFFFFFFF, 0x9E3779B97F4A7C15]
    cases = []
    for t in texts:
        data = t.encode('utf-8')
        for seed in seeds:
            h = xxh64(data, seed)
            if xxhash is not None:
                assert h == xxhash.xxh64_intdigest(data, seed), (t, seed)
            cases.append({'text': t, 'seed': signed(seed), 'hash': signed(h)})
    return cases, xxhash is not None


def assignment_cases():
    experiments = [
        {'salt': 'checkout-2024', 'phase': 0, 'names': ['control', 'treatment'], 'weights': [50, 50]},
        {'salt': 'checkout-2024', 'phase': 3, 'names': ['control', 'treatment'], 'weights': [50, 50]},
        {'salt': 'ranker-ab', 'phase': 0, 'names': ['a', 'b', 'c'], 'weights': [1, 1, 1]},
        {'salt': 'ranker-ab', 'phase': 0, 'names': ['a', 'b', 'c'], 'weights': [50, 30, 20]},
        {'salt': 'canary-ü', 'phase': 0, 'names': ['stable', 'canary'], 'weights': [95, 5]},
    ]
    units = ['user-42', 'user-0000000042', 'alice@example.com', '0', '1234567890123456', 'ünïcødé',
             '用户-42', 'user-😀-1', 'a\U0010FFFFz', 'München-Straße', 'x' * 40]
    out = []
    for e in experiments:
        seed = xxh64(e['salt'].encode('utf-8'), e['phase'])
        table = canonical(e['weights'])
        for u in units:
            slot = slot_of(xxh64(u.encode('utf-8'), seed))
            out.append({'salt': e['salt'], 'phase': e['phase'], 'names': e['names'], 'weights': e['weights'],
                        'unit': u, 'slot': slot, 'variant': e['names'][table[slot]]})
    return out


def allocation_cases():
    out = []
    for weights in ([50, 50], [1, 1, 1], [50, 30, 20], [99, 1], [0.3, 0.7], [1, 2, 3, 4], [0, 1, 0]):
        table = canonical(weights)
        out.append({'weights': weights, 'counts': slot_counts(weights),
                    'ranges': {str(v): ranges(table, v) for v in range(len(weights))}})
    return out


def ranges(table, v):
    result, start = [], None
    for s in range(SLOTS + 1):
        owned = s < SLOTS and table[s] == v
        if owned and start is None:
            start = s
        elif not owned and start is not None:
            result.append([start, s - 1])
            start = None
    return result


def srm(observed, shares):
    total = sum(observed)
    expected = [total * s / sum(shares) for s in shares]
    result = stats.chisquare(observed, expected)
    return {'observed': observed, 'shares': shares, 'statistic': float(result.statistic), 'pValue': float(result.pvalue)}


def power_case(sd1, sd2, effect, alpha, power, units):
    z = stats.norm.ppf(1 - alpha / 2) + stats.norm.ppf(power)
    n = math.ceil(z * z * (sd1 * sd1 + sd2 * sd2) / (effect * effect))
    se = math.sqrt((sd1 * sd1 + sd2 * sd2) / units)
    za = stats.norm.ppf(1 - alpha / 2)
    achieved = stats.norm.cdf(abs(effect) / se - za) + stats.norm.cdf(-abs(effect) / se - za)
    return {'sd1': sd1, 'sd2': sd2, 'effect': effect, 'alpha': alpha, 'power': power, 'sampleSize': n,
            'units': units, 'achievedPower': float(achieved)}


def holm(p):
    m = len(p)
    order = sorted(range(m), key=lambda i: p[i])
    adjusted, running = [0.0] * m, 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (m - rank) * p[i]))
        adjusted[i] = running
    return adjusted


def events_fixture():
    """A three-variant conversion experiment with a real effect, written as CSV, and its expected analysis."""
    rng = random.Random(20240601)
    rates = {'control': 0.10, 'fast': 0.13, 'slow': 0.095}
    rows = []
    for i in range(9000):
        variant = ['control', 'fast', 'slow'][rng.randrange(3)]
        rows.append((f'u{i:05d}', variant, 1 if rng.random() < rates[variant] else 0))
    path = os.path.join(OUT_DIR, 'events-conversions.csv')
    with open(path, 'w', newline='', encoding='utf-8') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(['unit', 'variant', 'converted'])
        w.writerows(rows)
    names = ['control', 'fast', 'slow']
    n = {v: sum(1 for r in rows if r[1] == v) for v in names}
    k = {v: sum(r[2] for r in rows if r[1] == v) for v in names}
    alpha, tau = 0.05, 0.1
    tests = []
    z_p, s_p = [], []
    for v in ['fast', 'slow']:
        z = two_proportion(k['control'], n['control'], k[v], n[v], alpha)
        s = msprt(n['control'], k['control'] / n['control'], 0.0, n[v], k[v] / n[v], 0.0, True, tau, alpha)
        tests.append({'variant': v, 'z': z, 'msprt': s})
        z_p.append(z['pValue'])
        s_p.append(s['pValue'])
    for t, zp, sp in zip(tests, holm(z_p), holm(s_p)):
        t['z']['adjustedPValue'] = zp
        t['msprt']['adjustedPValue'] = sp
    return {'file': 'events-conversions.csv', 'names': names, 'counts': [n[v] for v in names],
            'conversions': [k[v] for v in names], 'means': [k[v] / n[v] for v in names],
            'srm': srm([n[v] for v in names], [1, 1, 1]), 'tests': tests}


def main():
    os.makedirs(OUT_DIR, exist_ok=True)
    hashes, checked = hash_cases()
    srm_cases = [srm(*c) for c in [
        ([5000, 5000], [1, 1]), ([5100, 4900], [1, 1]), ([5200, 4800], [1, 1]), ([990, 10], [99, 1]),
        ([3400, 3300, 3300], [1, 1, 1]), ([5000, 3000, 2000], [0.5, 0.3, 0.2]), ([100, 250, 650], [0.5, 0.3, 0.2])]]
    power_cases = [power_case(*c) for c in [
        (1.0, 1.0, 0.1, 0.05, 0.8, 1000), (math.sqrt(0.09), math.sqrt(0.1 * 0.9 + 0.0), 0.01, 0.05, 0.8, 20000),
        (math.sqrt(0.1 * 0.9), math.sqrt(0.12 * 0.88), 0.02, 0.05, 0.9, 3000), (20.0, 25.0, 1.5, 0.01, 0.95, 500)]]
    reference = {
        'generator': {'scipy': scipy.__version__, 'numpy': np.__version__, 'xxhashModuleChecked': checked},
        'hashes': hashes, 'assignments': assignment_cases(), 'allocations': allocation_cases(),
        'srm': srm_cases, 'power': power_cases,
        'events': events_fixture(),
    }
    with open(os.path.join(OUT_DIR, 'reference-values.json'), 'w', encoding='utf-8') as f:
        json.dump(reference, f, indent=1, ensure_ascii=False)
        f.write('\n')


if __name__ == '__main__':
    main()
