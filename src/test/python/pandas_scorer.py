"""The issue's yardstick: a scorer of the kind organizers write, in pandas and scikit-learn.

TargetsBenchmark times it on the same files as `amchallenge score` (the issue measured 1.84 s on its machine), so
that the targets can be read against this machine's pace, and compares its figures with ours: an independent
tool computing the same metrics (shared/SPEC.md, "Scores") for each quantity.

It reads each shape of issue 25 as an organizer's script would: a long CSV (any row order, an optional `unit`
column converted by a small table), a wide CSV or an XLSX workbook (read_excel with openpyxl; a column per
quantity, its unit in the header, melted to long form), or JSON ({"predictions": [...]}); points and components,
where the files have them, are part of the key, and a quantity with components gets its tensor's L2 errors.

usage: python3 pandas_scorer.py REFERENCE.csv PREDICTIONS.{csv,json,xlsx}
"""
import hashlib
import json
import re
import sys
import warnings

import numpy as np
import pandas as pd
from scipy.stats import norm
from sklearn.metrics import mean_absolute_error, mean_squared_error, r2_score

KEYS = ("sample_id", "quantity", "point", "component")
# what one of the written unit is in the quantity's unit, for the units the benchmark's files use
FACTORS = {("mm", "um"): 1000.0, ("µm", "um"): 1.0, ("GPa", "MPa"): 1000.0, ("microstrain", "1e-6"): 1.0}
# the unit each quantity is scored in (the challenge's YAML says it; the benchmark's challenges use these)
UNITS = {"melt_pool_depth": "um", "melt_pool_width": "um", "yield_strength": "MPa", "ultimate_tensile_strength": "MPa",
         "elongation": "%", "hardness": "HV", "residual_strain_xx": "1e-6", "grain_elastic_strain": "1"}
HEADER_UNIT = re.compile(r"^(.*?)\s*\[(.*)\]\s*$")
# a workbook written by POI's streaming writer has no default style, which openpyxl warns of on every read
warnings.filterwarnings("ignore", message="Workbook contains no default style")


def read_predictions(path):
    """The predictions in long form, whatever the file's shape: sample_id, quantity[, point, component], value[, uncertainty, unit]."""
    if path.endswith(".json"):
        with open(path, encoding="utf-8") as f:
            return pd.DataFrame.from_records(json.load(f)["predictions"])
    if path.endswith(".xlsx"):
        return melt(pd.read_excel(path, engine="openpyxl", dtype={"sample_id": str}))
    table = pd.read_csv(path, dtype={"sample_id": str, "point": str, "component": str, "unit": str})
    return table if "quantity" in table else melt(table)


def melt(wide):
    """A sheet with a column per quantity (`name [unit]`) as long rows, the unit from the header; empty cells are no prediction."""
    ids = [c for c in ("sample_id", "point") if c in wide]
    units = {}
    for column in wide.columns.difference(ids):
        found = HEADER_UNIT.match(column)
        units[column] = (found.group(1), found.group(2)) if found else (column, np.nan)
    long = wide.melt(id_vars=ids, var_name="header", value_name="value").dropna(subset=["value"])
    long["quantity"] = long["header"].map(lambda h: units[h][0])
    long["unit"] = long["header"].map(lambda h: units[h][1])
    return long.drop(columns="header")


def to_quantity_units(predictions):
    """Values (and uncertainties) written in another unit, converted to the quantity's."""
    if "unit" not in predictions:
        return predictions
    written = predictions["unit"].fillna("")
    wanted = predictions["quantity"].map(UNITS)
    factor = pd.Series([1.0 if u in ("", w) else FACTORS[(u, w)] for u, w in zip(written, wanted)], index=predictions.index)
    predictions["value"] = predictions["value"] * factor
    if "uncertainty" in predictions:
        predictions["uncertainty"] = predictions["uncertainty"] * factor
    return predictions


def score(reference_path, predictions_path):
    with open(reference_path, "rb") as f:
        sha256 = hashlib.sha256(f.read()).hexdigest()
    reference = pd.read_csv(reference_path, dtype={"sample_id": str, "point": str, "component": str})
    predictions = to_quantity_units(read_predictions(predictions_path))
    keys = [c for c in KEYS if c in reference and c in predictions]
    for c in keys:
        reference[c] = reference[c].fillna("")
        predictions[c] = predictions[c].fillna("")
    predictions = predictions.rename(columns={"uncertainty": "sigma"})
    rows = reference.merge(predictions[[*keys, "value", *(["sigma"] if "sigma" in predictions else [])]], on=keys, suffixes=("_m", "_p"))
    expected = reference.groupby("quantity").size()
    quantities = {}
    for quantity, q in rows.groupby("quantity"):
        m, p = q["value_m"].to_numpy(), q["value_p"].to_numpy()
        e = p - m
        u = q["uncertainty"].to_numpy(dtype=float) if "uncertainty" in q else np.full(len(q), np.nan)
        known, positive, nonzero = ~np.isnan(u), u > 0, m != 0
        figures = {
            "n": int(len(q)),
            "coverage": len(q) / int(expected[quantity]),
            "mae": mean_absolute_error(m, p),
            "rmse": mean_squared_error(m, p) ** 0.5,
            "bias": float(e.mean()),
            "max_abs_error": float(np.abs(e).max()),
            "mape": float(100 * np.abs(e[nonzero] / m[nonzero]).mean()),
            "mape_excluded": int((~nonzero).sum()),
            "r2": r2_score(m, p),
            "nmae": mean_absolute_error(m, p) / float(np.abs(m).mean()),
            "nrmse": mean_squared_error(m, p) ** 0.5 / float(m.max() - m.min()),
            "sae": float(np.abs(e).sum()),
        }
        # as the server, only where the reference gives uncertainties (it prints null elsewhere)
        if known.any():
            figures["within_uncertainty"] = float((np.abs(e[known]) <= 2 * u[known]).mean())
        if positive.any():
            figures["chi_rms"] = float(np.sqrt(((e[positive] / u[positive]) ** 2).mean()))
        if "sigma" in q:
            s = q["sigma"].to_numpy(dtype=float)
            given = s > 0
            if given.any():
                # Gaussian CRPS and negative log-likelihood (Gneiting and Raftery 2007), and the 95 % interval's hits
                z, sg, eg = -e[given] / s[given], s[given], e[given]
                figures["crps"] = float((sg * (z * (2 * norm.cdf(z) - 1) + 2 * norm.pdf(z) - 1 / np.sqrt(np.pi))).mean())
                figures["nll"] = float((0.5 * np.log(2 * np.pi * sg ** 2) + eg ** 2 / (2 * sg ** 2)).mean())
                figures["coverage_95"] = float((np.abs(eg) <= 1.96 * sg).mean())
        if "component" in q and (q["component"] != "").any():
            norms = np.sqrt((q.assign(e2=e ** 2).groupby(["sample_id", "point"])["e2"].sum()))
            figures["l2"] = float(norms.mean())
            figures["sum_l2"] = float(norms.sum())
        quantities[quantity] = figures
    return {"reference_sha256": sha256, "quantities": quantities}


if __name__ == "__main__":
    print(json.dumps(score(sys.argv[1], sys.argv[2])))
