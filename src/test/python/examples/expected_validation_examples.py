#!/usr/bin/env python3
"""Expected figures of ValidationExamplesTest: the example challenges' example predictions scored independently.

Run from anywhere: python3 expected_validation_examples.py   (numpy and scipy; made with numpy 2.4.6, scipy 1.17.1)
It reads the example files from the repository and writes src/test/resources/examples/validation-examples-expected.json.

Independent of the Java scorer: the Wasserstein distance and the KS statistic are scipy's
(scipy.stats.wasserstein_distance, scipy.stats.ks_2samp), the normal CDF is scipy.stats.norm.cdf, and the curve
area (exact for two polylines, split at each crossing), the discrete Frechet distance (Eiter and Mannila's
recurrence, as a full table) and u-pooling's integral are plain Python written from SPEC's words.
"""
import csv
import json
import math
from collections import defaultdict
from pathlib import Path

import numpy as np
from scipy import stats

ROOT = Path(__file__).resolve().parents[4]


def rows(path):
    with open(ROOT / path, encoding="utf-8") as f:
        return list(csv.DictReader(f))


def number(cell):
    return None if cell is None or cell.strip() == "" else float(cell)


def x_of(point):
    name, value = point.split("=")
    return float(value)


# ---------------------------------------------------------------- curves
def value_at(xs, ys, at):
    return float(np.interp(at, xs, ys))


def area_between(mx, my, px, py, lo, hi):
    breaks = sorted({lo, hi} | {x for x in mx if lo < x < hi} | {x for x in px if lo < x < hi})
    total = 0.0
    for a, b in zip(breaks, breaks[1:]):
        da = value_at(px, py, a) - value_at(mx, my, a)
        db = value_at(px, py, b) - value_at(mx, my, b)
        if da * db >= 0:
            total += (abs(da) + abs(db)) / 2 * (b - a)
        else:  # the difference crosses zero at a + (b - a) * |da| / (|da| + |db|): two triangles
            crossing = (b - a) * abs(da) / (abs(da) + abs(db))
            total += abs(da) * crossing / 2 + abs(db) * ((b - a) - crossing) / 2
    return total


def frechet(p, q):
    n, m = len(p), len(q)
    table = [[0.0] * m for _ in range(n)]
    for i in range(n):
        for j in range(m):
            d = math.dist(p[i], q[j])
            if i == 0 and j == 0:
                table[i][j] = d
            elif i == 0:
                table[i][j] = max(table[i][j - 1], d)
            elif j == 0:
                table[i][j] = max(table[i - 1][j], d)
            else:
                table[i][j] = max(min(table[i - 1][j], table[i - 1][j - 1], table[i][j - 1]), d)
    return table[n - 1][m - 1]


def curve_figures(measured, predicted):
    areas, overlaps, frechets, errors, magnitudes = [], [], [], [], []
    for sample in measured:
        mx, my = zip(*sorted(measured[sample]))
        px, py = zip(*sorted(predicted[sample]))
        lo, hi = max(mx[0], px[0]), min(mx[-1], px[-1])
        inside = [abs(y) for x, y in zip(mx, my) if lo <= x <= hi]
        areas.append(area_between(mx, my, px, py, lo, hi) / ((hi - lo) * (sum(inside) / len(inside))))
        overlaps.append((hi - lo) / (mx[-1] - mx[0]))
        xr, yr = mx[-1] - mx[0], max(my) - min(my)
        frechets.append(frechet([(x / xr, y / yr) for x, y in zip(mx, my)], [(x / xr, y / yr) for x, y in zip(px, py)]))
        for x, y in zip(mx, my):
            if px[0] <= x <= px[-1]:
                errors.append(value_at(px, py, x) - y)
                magnitudes.append(abs(y))
    nmae = (sum(abs(e) for e in errors) / len(errors)) / (sum(magnitudes) / len(magnitudes))
    return {"curve_area": float(np.mean(areas)), "curve_overlap": float(np.mean(overlaps)),
            "frechet": float(np.mean(frechets)), "nmae": nmae, "n_compared": len(errors)}


# ---------------------------------------------------------------- V&V 20 and u-pooling, row by row
def u_pooling(us):
    """Integral over [0, 1] of |F(t) - t|, F the empirical CDF of the u values: F is k/n between the k-th and k+1-th."""
    us = sorted(us)
    n = len(us)
    edges = [0.0] + us + [1.0]
    total = 0.0
    for k in range(n + 1):
        a, b, c = edges[k], edges[k + 1], k / n
        # |c - t| over [a, b], split where t = c
        if c <= a:
            total += ((b - c) ** 2 - (a - c) ** 2) / 2
        elif c >= b:
            total += ((c - a) ** 2 - (c - b) ** 2) / 2
        else:
            total += ((c - a) ** 2 + (b - c) ** 2) / 2
    return total


def row_figures(reference, predicted):
    """vv20_within, vv20_ratio and u_pooling of one quantity, rows paired by (sample, point)."""
    within, squares, counted, pits = 0, 0.0, 0, []
    for key, (p, s, u_num, u_input) in predicted.items():
        m, u = reference[key]
        e = p - m
        u_val = math.sqrt((u_num or 0) ** 2 + (u_input or 0) ** 2 + (u or 0) ** 2)
        if u_val > 0:
            counted += 1
            within += abs(e) <= 2 * u_val
            squares += (e / u_val) ** 2
        if s is not None and s > 0:
            pits.append(float(stats.norm.cdf((m - p) / s)))
    return {"vv20_within": within / counted, "vv20_ratio": math.sqrt(squares / counted), "u_pooling": u_pooling(pits)}


def reference_table(path, quantity):
    return {(r["sample_id"], r["point"]): (float(r["value"]), number(r["uncertainty"]))
            for r in rows(path) if r["quantity"] == quantity}


def predicted_table(path, quantity):
    return {(r["sample_id"], r.get("point", "")): (float(r["value"]), number(r.get("uncertainty")), number(r.get("u_num")),
                                                    number(r.get("u_input")))
            for r in rows(path) if r["quantity"] == quantity}


def main():
    expected = {}

    measured, predicted = defaultdict(list), defaultdict(list)
    for r in rows("reference-data/afrl-c3-flow-curves.csv"):
        if r["quantity"] == "flow_stress":
            measured[r["sample_id"]].append((x_of(r["point"]), float(r["value"])))
    for r in rows("challenges/afrl-c3-flow-curves/example-predictions.csv"):
        if r["quantity"] == "flow_stress":
            predicted[r["sample_id"]].append((x_of(r["point"]), float(r["value"])))
    wide = defaultdict(list)
    for r in rows("challenges/afrl-c3-flow-curves/example-predictions-wide.csv"):
        wide[r["sample_id"]].append((float(r["strain"]), float(r["flow_stress"])))
    assert wide == predicted, "the wide file holds the long file's curves"
    expected["afrl-c3-flow-curves"] = {
        "flow_stress": curve_figures(measured, predicted),
        "yield_strength": row_figures(reference_table("reference-data/afrl-c3-flow-curves.csv", "yield_strength"),
                                      predicted_table("challenges/afrl-c3-flow-curves/example-predictions.csv", "yield_strength")),
    }

    observed, draws = defaultdict(list), defaultdict(list)
    for r in rows("reference-data/in718-grain-size.csv"):
        observed[r["sample_id"]].append(float(r["value"]))
    for r in rows("challenges/in718-grain-size/example-predictions.csv"):
        draws[r["sample_id"]].append(float(r["value"]))
    w = {s: stats.wasserstein_distance(draws[s], observed[s]) for s in observed}
    expected["in718-grain-size"] = {"grain_size": {
        "wasserstein": float(np.mean(list(w.values()))),
        "nwasserstein": float(np.mean([w[s] / np.mean(np.abs(observed[s])) for s in observed])),
        "ks": float(np.mean([stats.ks_2samp(draws[s], observed[s]).statistic for s in observed])),
    }}

    expected["in625-tensile-asbuilt"] = {
        q: row_figures(reference_table("reference-data/in625-tensile-asbuilt.csv", q),
                       predicted_table("challenges/in625-tensile-asbuilt/example-predictions.csv", q))
        for q in ("yield_strength", "uts", "elongation")}

    out = ROOT / "src/test/resources/examples/validation-examples-expected.json"
    out.write_text(json.dumps(expected, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(json.dumps(expected, indent=2, sort_keys=True))


if __name__ == "__main__":
    main()
