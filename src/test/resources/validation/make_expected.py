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
pooling("values at the ends, 0 and 1", [0.0, 1.0, 1.0])
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


# ---------- whole challenges through Scorer.score: per-quantity means over samples ----------

def label(v):
    """SPEC's shortest decimal form of a number in a point label: 0.01, 1 (not 1.0)."""
    return str(int(v)) if float(v).is_integer() else repr(float(v))


def cell(v):
    return "" if v is None else label(v)


mean = lambda values: sum(values) / len(values)
KSI = 6.894757293168361  # MPa per ksi (1000 lbf / in², 4.4482216152605 N / 0.00064516 m²)


def challenge_yaml(transform):
    log = f"\n    transform: {transform}" if transform else ""
    return f"""id: validation-mix
title: Validation metrics mix
summary: One curve, one distribution of observations and one scalar with V&V 20 uncertainties.
description: Illustrative data for the tests.
opens: 2026-01-01T00:00:00Z
closes: 2099-01-01T00:00:00Z
ranking:
  score: weighted_mean
  min_coverage: 1.0
quantities:
  - id: flow_stress
    unit: MPa
    kind: curve
    curve: {{x: strain}}
    primary: curve_area
    weight: 1{log}
  - id: grain_size
    unit: um
    kind: distribution
    distribution: samples
    primary: nwasserstein
    weight: 1{log}
  - id: yield_strength
    unit: MPa
    kind: scalar
    primary: nmae
    weight: 1
"""


# curves: C1 runs past the measured range and crosses it, C2 stops early, C3 is measured
measured_curves = {
    "C1": ([0, 0.01, 0.02, 0.05, 0.1], [300, 420, 460, 500, 530]),
    "C2": ([0, 0.02, 0.04, 0.08], [250, 380, 410, 440]),
    "C3": ([0, 0.05, 0.1], [200, 260, 290]),
}
predicted_curves = {
    "C1": ([0, 0.004, 0.015, 0.03, 0.07, 0.12], [310, 360, 450, 490, 505, 560]),
    "C2": ([0, 0.01, 0.03, 0.05], [240, 330, 420, 425]),
}
# C3's predicted curve lies beyond the measured strains: not given, no curve_area nor frechet, overlap 0
missing_curve = {"C3": ([0.15, 0.2], [300, 310])}
# distributions: G1 with ties inside and across, G2 with many draws, G3 observed but not predicted
observations = {
    "G1": [12.5, 14.0, 14.0, 15.5, 17.0, 17.0, 21.0, 30.0],
    "G2": [40.0, 42.5, 47.0, 55.0, 61.5],
    "G3": [5.0, 6.0, 7.5],
}
draws = {
    "G1": [13.0, 14.0, 14.0, 14.0, 16.0, 17.0, 19.5, 22.0, 25.0, 28.0, 33.0, 17.0],
    "G2": [round(float(v), 1) for v in rng.lognormal(np.log(48), 0.2, 30)],
}
# scalars: (sample, measured, measurement u, predicted, its sigma, u_num, u_input, unit of the prediction row)
scalars = [
    ("Y1", 410.0, 5.0, 430.0, 12.0, 3.0, 4.0, "MPa"),      # u_val = sqrt(9 + 16 + 25): |E| = 20 > 2 u_val = 14.1
    ("Y2", 395.0, None, 385.0, 8.0, 3.0, 4.0, "MPa"),      # u_val = 5 exactly, |E| = 10 = 2 u_val: within
    ("Y3", 450.0, 6.0, 441.0, None, None, None, "MPa"),    # only the measurement's u: u_val = 6
    ("Y4", 500.0, None, 560.0, 15.0, None, None, "MPa"),   # u_val = 0: left out of V&V 20
    ("Y5", 470.0, 4.0, 68.0, 1.0, 0.5, None, "ksi"),       # converted: p, sigma and u_num times 6.894757... MPa/ksi
    ("Y6", 520.0, 8.0, 505.0, 10.0, None, 9.0, "MPa"),
]


def flow_figures(curves, log, part):
    """Means over the predicted samples in the part where each figure is defined; mae and nmae at the measured
    abscissae inside the predicted range, on the predicted polyline in the transformed space (log10 where the
    quantity is scored so). curve_overlap and coverage count every sample, whatever the part."""
    t = (lambda v: [math.log10(a) for a in v]) if log else (lambda v: list(v))
    figure = lambda s: curve_figures(measured_curves[s][0], t(measured_curves[s][1]), curves[s][0], t(curves[s][1]))
    per = [figure(s) for s in curves if s in part]
    figures = {k: mean([c[k] for c in per if c[k] is not None]) for k in ("curve_area", "frechet")}
    # curve_overlap is the same on every part: every sample given, against all its measured abscissae
    every_given = [figure(s) for s in curves]
    figures["curve_overlap"] = mean([c["curve_overlap"] for c in every_given if c["curve_overlap"] is not None])
    # point-wise figures at the measured abscissae inside the predicted range, on the one polyline (in log10 if so)
    errors, measured = [], []
    for s in (s for s in curves if s in part):
        px, py = sort_curve(curves[s][0], t(curves[s][1]))
        for x, y in zip(measured_curves[s][0], t(measured_curves[s][1])):
            if px[0] <= x <= px[-1]:
                errors.append(interpolate(px, py, x) - y)
                measured.append(y)
    figures["mae"] = mean([abs(e) for e in errors])
    figures["nmae"] = figures["mae"] / mean([abs(m) for m in measured])
    given = [s for s in curves if figure(s)["curve_area"] is not None]
    figures["coverage"] = len(given) / len(measured_curves)
    figures["primary"] = figures["curve_area"]
    return figures


def grain_figures(log, part):
    t = (lambda v: [math.log10(a) for a in v]) if log else (lambda v: list(v))
    scored = [s for s in draws if s in part]
    w = {s: float(stats.wasserstein_distance(t(draws[s]), t(observations[s]))) for s in scored}
    figures = {
        "wasserstein": mean(list(w.values())),
        "nwasserstein": mean([w[s] / mean([abs(v) for v in t(observations[s])]) for s in scored]),
        "ks": mean([float(stats.ks_2samp(t(draws[s]), t(observations[s])).statistic) for s in scored]),
        "coverage": len(draws) / len(observations),
    }
    figures["primary"] = figures["nwasserstein"]
    return figures


in_mpa = lambda v, unit: None if v is None else v * KSI if unit == "ksi" else v


def yield_figures(part):
    rows = [(s, m, u, in_mpa(p, unit), in_mpa(sd, unit), in_mpa(un, unit), in_mpa(ui, unit))
            for s, m, u, p, sd, un, ui, unit in scalars if s in part]
    vv20_case("scorer: yield_strength", [(p - m, un, ui, u) for s, m, u, p, sd, un, ui in rows])
    yield_vv20 = vv20.pop()["expected"]
    errors = [p - m for s, m, u, p, sd, un, ui in rows]
    figures = {
        "mae": mean([abs(e) for e in errors]),
        "nmae": mean([abs(e) for e in errors]) / mean([abs(m) for s, m, *rest in rows]),
        "vv20_within": yield_vv20["vv20_within"],
        "vv20_ratio": yield_vv20["vv20_ratio"],
        "u_pooling": u_pooling_exact([float(stats.norm.cdf((m - p) / sd)) for s, m, u, p, sd, un, ui in rows if sd]),
        "coverage": 1.0,
    }
    figures["primary"] = figures["nmae"]
    return figures


yield_absent = {"coverage": 0.0, "primary": None, "mae": None, "vv20_within": None, "vv20_ratio": None, "u_pooling": None}

reference_csv = ["sample_id,quantity,point,component,value,uncertainty,weight,censor"]
for s, (xs, ys) in measured_curves.items():
    reference_csv += [f"{s},flow_stress,strain={label(x)},,{label(y)},,," for x, y in zip(xs, ys)]
for s, values in observations.items():
    reference_csv += [f"{s},grain_size,obs={k + 1},,{label(v)},,," for k, v in enumerate(values)]
reference_csv += [f"{s},yield_strength,,,{label(m)},{cell(u)},," for s, m, u, *rest in scalars]
reference_csv = "\n".join(reference_csv) + "\n"


def long_csv(curves):
    lines = ["sample_id,quantity,point,component,value,uncertainty,u_num,u_input,unit"]
    for s, (xs, ys) in curves.items():
        lines += [f"{s},flow_stress,strain={label(x)},,{label(y)},,,,MPa" for x, y in zip(xs, ys)]
    # G1's draws carry no point label, G2's a label each: both are allowed
    lines += [f"G1,grain_size,,,{label(v)},,,,um" for v in draws["G1"]]
    lines += [f"G2,grain_size,draw={k + 1},,{label(v)},,,," for k, v in enumerate(draws["G2"])]
    lines += [f"{s},yield_strength,,,{label(p)},{cell(sd)},{cell(un)},{cell(ui)},{unit}"
              for s, m, u, p, sd, un, ui, unit in scalars]
    return "\n".join(lines) + "\n"


def json_rows(curves):
    rows = []
    for s, (xs, ys) in curves.items():
        rows += [{"sample_id": s, "quantity": "flow_stress", "point": f"strain={label(x)}", "value": float(y)} for x, y in zip(xs, ys)]
    for s, values in draws.items():
        rows += [{"sample_id": s, "quantity": "grain_size", "value": v} for v in values]
    for s, m, u, p, sd, un, ui, unit in scalars:
        row = {"sample_id": s, "quantity": "yield_strength", "value": p, "unit": unit}
        row.update({k: v for k, v in (("uncertainty", sd), ("u_num", un), ("u_input", ui)) if v is not None})
        rows.append(row)
    return json.dumps({"predictions": rows})


def wide_csv(curves):
    """(x, y) column pairs for the curve (strain, then flow_stress to its right), a grain_size column of draws, one
    draw per line and no point: the wide form cannot carry u_num, so yield_strength is left out."""
    lines = ["sample_id,strain,flow_stress [MPa],grain_size"]
    for s, (xs, ys) in curves.items():
        lines += [f"{s},{label(x)},{label(y)}," for x, y in zip(xs, ys)]
    for s, values in draws.items():
        lines += [f"{s},,,{label(v)}" for v in values]
    return "\n".join(lines) + "\n"


def overall(figures):
    primaries = [f["primary"] for f in figures.values()]
    return None if None in primaries else mean(primaries)


scorer = []
every = set(measured_curves) | set(observations) | {s for s, *rest in scalars}
# a part, as a public/private split by sample makes one: figures on its samples, coverage over all of them
public = {"C1", "C3", "G2", "G3", "Y1", "Y2", "Y5"}
for name, transform, given_curves, files, with_yield, part in [
    ("curve, distribution and V&V 20 scalar, long CSV", None, predicted_curves, ("csv",), True, None),
    ("the same rows as JSON", None, predicted_curves, ("json",), True, None),
    ("curve as (x, y) column pairs and draws in a wide CSV, no scalar", None, predicted_curves, ("wide",), False, None),
    ("log10 curve and distribution, a curve that misses the measured range", "log10",
     {**predicted_curves, **missing_curve}, ("csv",), True, None),
    ("one part of the samples: C1, C3, G2, G3, Y1, Y2, Y5", None, predicted_curves, ("csv",), True, public),
]:
    log = transform == "log10"
    scored = every if part is None else part
    figures = {"flow_stress": flow_figures(given_curves, log, scored), "grain_size": grain_figures(log, scored),
               "yield_strength": yield_figures(scored) if with_yield else yield_absent}
    predictions = {"csv": long_csv, "json": json_rows, "wide": wide_csv}[files[0]](given_curves)
    scorer.append({
        "name": name,
        "part": None if part is None else sorted(part),
        "challenge_yaml": challenge_yaml(transform),
        "reference_csv": reference_csv,
        "format": files[0],
        "predictions": predictions,
        # the samples whose predicted curve misses the measured range, which the notes name
        "notes_name": [f"sample '{s}'" for s in given_curves if s in missing_curve],
        "expected": {**figures, "score": overall(figures), "ranked": False},
    })


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
    "scorer": scorer,
}
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "expected.json"), "w") as f:
    json.dump(out, f, indent=1, allow_nan=False)
    f.write("\n")
