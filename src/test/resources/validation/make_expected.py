"""Expected figures of ValidationMetricsTest (SPEC's "Curves, distributions and validation metrics"), computed
independently of the Java code: scipy for the distributions and the normal CDF, plain Python for the rest.

Run once: /usr/bin/python3 make_expected.py   (Debian 12's python3-scipy 1.10.1 and python3-numpy; it writes
expected.json beside itself). Missing or undefined figures are JSON null.
"""
import json
import math
import os
import sys
from functools import lru_cache

import numpy as np
import scipy
from scipy import stats

sys.setrecursionlimit(100000)


# ---------- curves: plain Python, so the figures do not come from the same formulas as the Java code ----------

def interpolate(xs, ys, at):
    """The polyline through (xs, ys), sorted by x, at `at` inside its range, found by a linear scan."""
    for k in range(len(xs) - 1):
        if xs[k] <= at <= xs[k + 1]:
            if at == xs[k]:
                return ys[k]
            if at == xs[k + 1]:
                return ys[k + 1]
            t = (at - xs[k]) / (xs[k + 1] - xs[k])
            return ys[k] + t * (ys[k + 1] - ys[k])
    if len(xs) == 1 and at == xs[0]:
        return ys[0]
    raise ValueError(f"{at} outside [{xs[0]}, {xs[-1]}]")


def sort_curve(x, y):
    pairs = sorted(zip(x, y))
    return [p[0] for p in pairs], [p[1] for p in pairs]


def area_between(mx, my, px, py, lo, hi):
    """Exact ∫ |p − m| over [lo, hi]: breakpoints of both curves plus every crossing, then the trapezoid rule on
    pieces where p − m keeps its sign (|d| is linear there, so the rule is exact)."""
    points = sorted({lo, hi} | {x for x in mx + px if lo < x < hi})
    d = lambda x: interpolate(px, py, x) - interpolate(mx, my, x)
    cuts = []
    for a, b in zip(points, points[1:]):
        cuts.append(a)
        da, db = d(a), d(b)
        if (da < 0 < db) or (db < 0 < da):
            cuts.append(a + (b - a) * da / (da - db))
    cuts.append(points[-1])
    area = 0.0
    for a, b in zip(cuts, cuts[1:]):
        area += (abs(d(a)) + abs(d(b))) / 2 * (b - a)
    return area


def discrete_frechet(p, q):
    """Eiter and Mannila's recursive definition, memoised."""
    dist = lambda i, j: math.hypot(p[i][0] - q[j][0], p[i][1] - q[j][1])

    @lru_cache(maxsize=None)
    def c(i, j):
        if i == 0 and j == 0:
            return dist(0, 0)
        if i == 0:
            return max(c(0, j - 1), dist(0, j))
        if j == 0:
            return max(c(i - 1, 0), dist(i, 0))
        return max(min(c(i - 1, j), c(i - 1, j - 1), c(i, j - 1)), dist(i, j))

    return c(len(p) - 1, len(q) - 1)


def curve_figures(mx, my, px, py):
    mx, my = sort_curve(mx, my)
    px, py = sort_curve(px, py)
    x_range = mx[-1] - mx[0]
    y_range = max(my) - min(my)
    lo, hi = max(mx[0], px[0]), min(mx[-1], px[-1])
    length = max(0.0, hi - lo)
    overlap = length / x_range if x_range > 0 else None
    frechet_points = None
    if x_range > 0 and y_range > 0:
        scale = lambda xs, ys: [((x - mx[0]) / x_range, (y - min(my)) / y_range) for x, y in zip(xs, ys)]
        frechet_points = discrete_frechet(tuple(scale(mx, my)), tuple(scale(px, py)))
    area = None
    if length > 0:
        inside = [abs(y) for x, y in zip(mx, my) if lo <= x <= hi]
        mean_abs = sum(inside) / len(inside) if inside else 0.0
        if mean_abs > 0:
            area = area_between(mx, my, px, py, lo, hi) / (length * mean_abs)
    return {
        "curve_area": area,
        "curve_overlap": overlap,
        # design-28: a sample whose curves do not overlap has no frechet; frechet_points is the distance regardless
        "frechet": frechet_points if length > 0 else None,
        "frechet_points": frechet_points,
    }


rng = np.random.default_rng(28)
curves = []


def curve(name, mx, my, px, py):
    as_floats = lambda v: [float(a) for a in v]
    mx, my, px, py = map(as_floats, (mx, my, px, py))
    curves.append({"name": name, "measured": {"x": mx, "y": my}, "predicted": {"x": px, "y": py},
                   "expected": curve_figures(mx, my, px, py)})


curve("crossing", [0, 1, 2, 3, 4], [0, 2, 1, 3, 2], [0, 0.5, 1.7, 2.5, 4], [1, 0.5, 2.5, 1, 2.5])
curve("crossing, predicted points given out of order", [0, 1, 2, 3, 4], [0, 2, 1, 3, 2],
      [2.5, 0, 4, 1.7, 0.5], [1, 1, 2.5, 2.5, 0.5])
curve("crossing exactly at a breakpoint, negative values", [0, 1, 2, 3], [-1, -2, -3, -2],
      [0, 1, 2, 3], [-3, -2, -1, -2.5])
curve("no overlap", [0, 0.5, 1], [1, 2, 3], [2, 2.5, 3], [1, 2, 3])
curve("touching at one abscissa only", [0, 0.5, 1], [1, 2, 3], [1, 1.5, 2], [3, 2, 1])
curve("predicted stops early", [0, 2, 4, 6, 8, 10], [0, 300, 420, 480, 500, 505],
      [0, 1, 3, 6], [0, 200, 380, 470])
curve("predicted starts late and runs past the measured range", [0, 2, 4, 6, 8, 10], [0, 300, 420, 480, 500, 505],
      [3.5, 5, 7, 9, 12], [380, 460, 490, 520, 540])
curve("unequal point counts", [0, 0.01, 0.02, 0.05, 0.1, 0.15, 0.2],
      [400, 520, 560, 600, 640, 660, 670],
      np.linspace(0, 0.2, 23), 400 + 1400 * np.sqrt(np.linspace(0, 0.2, 23)) - 600 * np.linspace(0, 0.2, 23))
curve("identical", [0, 1, 2, 3], [5, 7, 6, 9], [0, 1, 2, 3], [5, 7, 6, 9])
curve("measured constant y", [0, 1, 2, 3], [4, 4, 4, 4], [0, 1.5, 3], [3, 5, 4])
curve("predicted inside one measured segment", [0, 10], [1, 3], [3, 5, 7], [2, 2.5, 2])
curve("measured single abscissa", [1], [2], [0, 1, 2], [1, 2, 3])
mx = np.sort(rng.uniform(0, 0.3, 50))
mx = np.concatenate(([0.0], mx))
my = 300 + 900 * mx ** 0.4 + rng.normal(0, 8, mx.size)
px = np.sort(rng.uniform(-0.01, 0.28, 137))
py = 290 + 950 * np.clip(px, 0, None) ** 0.42
curve("random, 51 measured against 137 predicted points", mx, my, px, py)


# ---------- distributions: scipy ----------

distributions = []


def distribution(name, predicted, observed):
    predicted = [float(v) for v in predicted]
    observed = [float(v) for v in observed]
    distributions.append({"name": name, "predicted": predicted, "observed": observed, "expected": {
        "wasserstein": float(stats.wasserstein_distance(predicted, observed)),
        "ks": float(stats.ks_2samp(predicted, observed).statistic),
        "mean_abs_observed": sum(abs(v) for v in observed) / len(observed)}})


distribution("ties inside and across the samples", [1, 2, 2, 3, 5, 5, 5], [2, 2, 3, 4, 5, 6])
distribution("identical samples", [1.5, 2.5, 2.5, 4], [2.5, 4, 1.5, 2.5])
distribution("disjoint samples", [1, 2, 3], [10, 11])
distribution("a single draw", [3.0], [1, 2, 4, 7])
distribution("a single draw and a single observation", [3.0], [4.5])
distribution("very unequal sizes: 5000 draws with ties, 4 observations",
              np.round(rng.lognormal(np.log(30), 0.4, 5000), 1), [22.5, 28.0, 31.0, 47.5])
distribution("random, rounded so that ties occur", np.round(rng.normal(10, 2, 200), 1),
              np.round(rng.normal(10.5, 2.5, 150), 1))
distribution("negative values", [-3, -1, 0, 2], [-2, -2, 1])


# ---------- probability integral transform: scipy.stats.norm ----------

pit = []
for e, s in [(0.0, 1.0), (1.0, 2.0), (-3.0, 0.5), (12.5, 5.0), (-40.0, 7.0), (10.0, 1.0), (-8.0, 1.0)]:
    pit.append({"error": e, "sigma": s, "u": float(stats.norm.cdf(-e / s))})


# ---------- u-pooling: exact piecewise, checked against a fine numerical integration ----------

def u_pooling_exact(u):
    """∫₀¹ |F(t) − t| dt: F is the constant k/n between the k-th and (k+1)-th sorted u; each such piece is split
    where t crosses k/n and integrated as one or two triangles/trapezoids."""
    u = sorted(u)
    n = len(u)
    edges = [0.0] + u + [1.0]
    total = 0.0
    for k in range(n + 1):
        a, b, c = edges[k], edges[k + 1], k / n
        pieces = [(a, c), (c, b)] if a < c < b else [(a, b)]
        for lo, hi in pieces:
            total += (abs(c - lo) + abs(c - hi)) / 2 * (hi - lo)
    return total


def u_pooling_numeric(u, steps=2_000_000):
    grid = (np.arange(steps) + 0.5) / steps
    f = np.searchsorted(np.sort(u), grid, side="right") / len(u)
    return float(np.mean(np.abs(f - grid)))


u_pooling = []


def pooling(name, u, errors=None, sigmas=None):
    u = [float(v) for v in u]
    exact = u_pooling_exact(u)
    numeric = u_pooling_numeric(u)
    assert abs(exact - numeric) < 1e-6, (name, exact, numeric)
    case = {"name": name, "u": u, "expected": exact}
    if errors is not None:
        case["errors"] = [float(v) for v in errors]
        case["sigmas"] = [float(v) for v in sigmas]
    u_pooling.append(case)


pooling("perfectly spread, k/(n+1), n = 9", [k / 10 for k in range(1, 10)])
pooling("all equal", [0.3] * 5)
pooling("a single value", [0.8])
errors = rng.normal(0.4, 1.0, 40)
sigmas = rng.uniform(0.5, 2.0, 40)
pooling("random: biased errors against their sigmas", stats.norm.cdf(-errors / sigmas), errors, sigmas)


# ---------- ASME V&V 20: plain Python sums ----------

vv20 = []


def vv20_case(name, rows):
    """rows: (error, u_num, u_input, u_measured), None where not given."""
    counted = within = 0
    sum_sq = 0.0
    for e, *us in rows:
        u_val = math.sqrt(sum((u or 0.0) ** 2 for u in us))
        if u_val == 0:
            continue
        counted += 1
        within += abs(e) <= 2 * u_val
        sum_sq += (e / u_val) ** 2
    vv20.append({"name": name, "rows": [{"error": e, "u_num": a, "u_input": b, "u_measured": c} for e, a, b, c in rows],
                 "expected": {"vv20_within": within / counted if counted else None,
                              "vv20_ratio": math.sqrt(sum_sq / counted) if counted else None,
                              "rows": counted}})


vv20_case("mixed rows", [
    (10.0, 3.0, 4.0, 0.0),       # |E| = 2 u_val exactly: sqrt(9 + 16) = 5, within
    (-10.0, 3.0, None, 4.0),     # the same with u_input missing, counted 0
    (10.5, 3.0, 4.0, None),      # just outside
    (1.0, 0.0, 0.0, 0.0),        # u_val 0: left out
    (2.0, None, None, None),     # nothing given: left out
    (0.7, None, None, 1.2),      # only the measurement's
    (-2.5, 0.8, 0.3, None),
    (0.0, 1.0, 1.0, 1.0),
])
vv20_case("every row without an uncertainty", [(1.0, None, None, None), (2.0, 0.0, None, 0.0)])
e = rng.normal(0, 3, 25)
un = rng.uniform(0, 1, 25)
ui = rng.uniform(0, 2, 25)
um = rng.uniform(0, 1.5, 25)
vv20_case("random", [(float(a), float(b), float(c), float(d)) for a, b, c, d in zip(e, un, ui, um)])


out = {
    "generated_by": "make_expected.py",
    "python": sys.version.split()[0],
    "numpy": np.__version__,
    "scipy": scipy.__version__,
    "curves": curves,
    "distributions": distributions,
    "pit": pit,
    "u_pooling": u_pooling,
    "vv20": vv20,
}
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "expected.json"), "w") as f:
    json.dump(out, f, indent=1, allow_nan=False)
    f.write("\n")
