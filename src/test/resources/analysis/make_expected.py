"""Expected figures of RankingAnalysisTest, from scipy (run once; its output is expected.json beside it).

Run: /usr/bin/python3 make_expected.py > expected.json   (Debian 12's python3-scipy 1.10.1 and python3-numpy: scipy 1.10
is the version SPEC names for the signed-rank test)
SPEC's rule is scipy 1.10's mode="auto": the exact distribution where a pair has at most 50 differences and none is
zero, otherwise the normal approximation with zeros dropped and the tie and continuity corrections. In the exact
branch scipy 1.10 truncates a statistic made fractional by ties (int(r_plus)); later versions round it up for "less"
(gh-19872) and their method="auto" turns to a permutation test on ties, so the figures here hold for 1.10 only.
"""
import json
import numpy as np
import scipy
from scipy import stats

def spec_method(a, b):
    d = np.asarray(a) - np.asarray(b)
    return "exact" if len(d) <= 50 and not np.any(d == 0) else "asymptotic"

def p_less(a, b):
    if np.all(np.asarray(a) == np.asarray(b)):
        return 1.0  # SPEC's choice where no difference is left; scipy answers NaN
    return float(stats.wilcoxon(a, b, alternative="less", zero_method="wilcox", correction=True, mode="auto").pvalue)

# pairs: exact without ties, exact with ties, approximate with zeros, approximate beyond 50 with ties
rng = np.random.default_rng(27)
pairs = {}
a = [0.12, 0.35, 0.08, 0.41, 0.22, 0.19, 0.30, 0.05, 0.27, 0.16]
b = [0.20, 0.31, 0.15, 0.52, 0.25, 0.33, 0.29, 0.14, 0.40, 0.18]
pairs["exact"] = (a, b)
a = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0]
b = [1.5, 2.5, 2.5, 4.5, 6.0, 5.0, 7.5, 9.0, 8.0, 10.5, 12.0, 12.25]
pairs["exact_ties"] = (a, b)
a = [round(float(x), 2) for x in rng.uniform(0, 1, 20)]
b = [round(x + float(dx), 2) for x, dx in zip(a, rng.choice([-0.1, 0.0, 0.05, 0.1, 0.2], 20))]
pairs["approx_zeros"] = (a, b)
a = [round(float(x), 1) for x in rng.uniform(0, 3, 60)]
b = [round(x + float(dx), 1) for x, dx in zip(a, rng.choice([-0.3, -0.1, 0.1, 0.2, 0.3, 0.4], 60))]
pairs["approx_ties"] = (a, b)
pairs["all_zero"] = ([0.1, 0.2, 0.3], [0.1, 0.2, 0.3])

out = {"scipy": scipy.__version__, "pairs": {}}
for name, (a, b) in pairs.items():
    out["pairs"][name] = {"a": a, "b": b, "method": spec_method(a, b), "p_less": p_less(a, b), "p_greater": p_less(b, a)}

# a small challenge: four teams on twelve samples, team order is the official one
teams = ["A", "B", "C", "D"]
base = rng.uniform(0.05, 0.5, 12)
losses = {
    "A": [round(float(x) * 0.6, 3) for x in base],
    "B": [round(float(x) * 0.9 + 0.01, 3) for x in base],
    "C": [round(float(x) * 0.9 + 0.01 + (0.02 if k % 3 == 0 else -0.01), 3) for k, x in enumerate(base)],
    "D": [round(float(x) * 1.5, 3) for x in base],
}
names = teams
m = len(names) * (len(names) - 1)
raw = {(x, y): p_less(losses[x], losses[y]) for x in names for y in names if x != y}
order = sorted(raw, key=lambda k: raw[k])
adjusted, running = {}, 0.0
for i, k in enumerate(order):  # Holm's step-down, from its definition
    running = max(running, min(1.0, (m - i) * raw[k]))
    adjusted[k] = running
L = np.array([losses[t] for t in names])
def min_ranks(values):
    return [int(r) for r in stats.rankdata(values, method="min")]
per_sample = np.array([stats.rankdata(L[:, s], method="average") for s in range(L.shape[1])]).T
superior = [[x, y] for (x, y), p in adjusted.items() if p < 0.05]
wins = [-sum(1 for s in superior if s[0] == t) for t in names]
out["challenge"] = {
    "teams": names, "losses": losses,
    "p_values": {x: {y: adjusted[(x, y)] for y in names if y != x} for x in names},
    "raw_p_values": {x: {y: raw[(x, y)] for y in names if y != x} for x in names},
    "superior": superior,
    "aggregate_then_rank_mean": min_ranks(L.mean(axis=1)),
    "aggregate_then_rank_median": min_ranks(np.median(L, axis=1)),
    "rank_then_aggregate": min_ranks(per_sample.mean(axis=1)),
    "test_then_rank": min_ranks(wins),
}
# Kendall's tau-b between rankings with ties
out["kendall"] = [
    {"x": x, "y": y, "tau": float(stats.kendalltau(x, y).statistic)}
    for x, y in [([1, 2, 3, 4], [1, 3, 2, 4]), ([1, 2, 2, 4], [1, 2, 3, 4]), ([1, 1, 3, 4, 5], [2, 1, 3, 5, 4]), ([1, 2, 3, 4], [4, 3, 2, 1])]
]
print(json.dumps(out, indent=1))
