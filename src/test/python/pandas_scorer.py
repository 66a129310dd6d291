"""The issue's yardstick: a scorer of the kind organizers write, in pandas and scikit-learn.

TargetsBenchmark times it on the same files as `amchallenge score` (the issue measured 1.84 s on its machine), so
that the targets can be read against this machine's pace, and compares its figures with ours: an independent
tool computing the same metrics (shared/SPEC.md, "Scores") for each quantity.

usage: python3 pandas_scorer.py REFERENCE.csv PREDICTIONS.csv
"""
import hashlib
import json
import sys

import numpy as np
import pandas as pd
from sklearn.metrics import mean_absolute_error, mean_squared_error, r2_score


def score(reference_path, predictions_path):
    with open(reference_path, "rb") as f:
        sha256 = hashlib.sha256(f.read()).hexdigest()
    reference = pd.read_csv(reference_path)
    predictions = pd.read_csv(predictions_path)
    keys = [c for c in ("sample_id", "quantity", "point", "component") if c in reference and c in predictions]
    rows = reference.merge(predictions, on=keys, suffixes=("_m", "_p"))
    quantities = {}
    for quantity, q in rows.groupby("quantity"):
        m, p = q["value_m"].to_numpy(), q["value_p"].to_numpy()
        e = p - m
        u = q["uncertainty"].to_numpy() if "uncertainty" in q else np.full(len(q), np.nan)
        known, positive, nonzero = ~np.isnan(u), u > 0, m != 0
        quantities[quantity] = {
            "n": int(len(q)),
            "coverage": len(q) / int((reference["quantity"] == quantity).sum()),
            "mae": mean_absolute_error(m, p),
            "rmse": mean_squared_error(m, p) ** 0.5,
            "bias": float(e.mean()),
            "max_abs_error": float(np.abs(e).max()),
            "mape": float(100 * np.abs(e[nonzero] / m[nonzero]).mean()),
            "r2": r2_score(m, p),
            "nmae": mean_absolute_error(m, p) / float(np.abs(m).mean()),
            "nrmse": mean_squared_error(m, p) ** 0.5 / float(m.max() - m.min()),
            "within_uncertainty": float((np.abs(e[known]) <= 2 * u[known]).mean()),
            "chi_rms": float(np.sqrt(((e[positive] / u[positive]) ** 2).mean())),
            "sae": float(np.abs(e).sum()),
        }
    return {"reference_sha256": sha256, "quantities": quantities}


if __name__ == "__main__":
    print(json.dumps(score(sys.argv[1], sys.argv[2])))
