#!/usr/bin/env python3
"""Makes the illustrative data of the example challenges of issue 28 (curves, distributions, V&V 20).

Run from anywhere with a python3 that has numpy (made with numpy 2.4.6; Debian 12's /usr/bin/python3 here has none); it rewrites, byte for byte the same on every run:

- reference-data/afrl-c3-flow-curves.csv: true stress against true plastic strain of IN625 in eight AFRL
  Challenge 3 conditions (two post-build treatments, two build angles, 75 and 1600 F), each a measured curve of
  25 to 40 points from strain 0.002 to the uniform elongation, from a Ludwik law with a little scatter, and the
  0.2 % yield strength of each condition;
- challenges/afrl-c3-flow-curves/example-predictions.csv (long) and example-predictions-wide.csv (the
  sample_id,strain,flow_stress column pair): a model's curves at its own strain steps (0.0025 apart, not the
  measured strains), from Ludwik parameters off by a few per cent, blind to the build angle, some stopping
  before the measured uniform elongation;
- reference-data/in718-grain-size.csv and challenges/in718-grain-size/conditions.csv: EBSD grain sizes
  (equivalent circle diameter, um) of L-PBF IN718 in four conditions, 150 to 300 grains each, lognormal (the
  stress-relieved one a mixture of unrecrystallized and recrystallized grains);
- challenges/in718-grain-size/example-predictions.csv: 500 draws per condition from a model's lognormal, with
  no point label;
- challenges/in625-tensile-asbuilt/example-predictions.csv: a model of strength and elongation against the
  angle to the plate, with uncertainty, u_num and u_input per row. It reads specimens.csv, never the
  reference file.

The example predictions come from model parameters of their own (the measured values are never read back),
so a model's error is what the parameters make it, as for a real model.
"""
import csv
import io
import math
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[4]
RNG = np.random.default_rng(20261203)
REFERENCE_HEADER = ["sample_id", "quantity", "point", "component", "value", "uncertainty", "weight", "censor"]


def label(x):
    """A number in its shortest decimal form, as SPEC writes point labels (0.0025, 0.1, 0)."""
    text = repr(float(x))
    return text[:-2] if text.endswith(".0") else text


def write(path, header, rows):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path = ROOT / path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(out.getvalue(), encoding="utf-8")
    print(f"{path.relative_to(ROOT)}: {len(rows)} rows")


# ---------------------------------------------------------------- flow curves (AFRL Challenge 3 style, IN625)
# Ludwik law sigma = A + K * strain^n (true stress, true plastic strain), fitted once to the 0.2 % yield strength and
# the flow stresses at 2 to 16 % strain of the afrl-c3-tensile-curves example, so that the two examples agree.
LUDWIK = {  # (treatment, temperature F): (A MPa, K MPa, n, uniform elongation %)
    ("SR", 75): (412.0, 787.0, 0.58, 38.0),
    ("SR+HIP+HT", 75): (322.0, 613.0, 0.58, 41.8),
    ("SR", 1600): (283.0, 207.0, 0.58, 14.0),
    ("SR+HIP+HT", 1600): (221.0, 163.0, 0.58, 15.4),
}
ANGLE_40 = (0.97, 0.98, 1.5)  # bars built at 40 degrees: A and K factors, uniform elongation added (% points)


def ludwik(a, k, n, strain):
    return a + k * np.power(strain, n)


def flow_curves():
    reference, long_rows, wide_rows = [], [], []
    for treatment in ("SR", "SR+HIP+HT"):
        for temperature in (75, 1600):
            a0, k0, n, ue0 = LUDWIK[(treatment, temperature)]
            # the model's own parameters for this treatment and temperature, the same for both angles
            model_a = a0 * (1 + RNG.normal(0.02, 0.03))
            model_k = k0 * (1 + RNG.normal(-0.04, 0.06))
            model_n = n + RNG.normal(0.0, 0.03)
            model_eu = math.log(1 + ue0 / 100) * (1 + RNG.normal(-0.04, 0.08))
            for angle in (0, 40):
                sample = f"{treatment}/{angle}/1/N/{temperature}"
                a, k, ue = (a0, k0, ue0) if angle == 0 else (a0 * ANGLE_40[0], k0 * ANGLE_40[1], ue0 + ANGLE_40[2])
                eu = math.log(1 + ue / 100)
                # the measured curve: the mean of three bars, denser at small strain where the stress changes fastest
                count = int(RNG.integers(25, 41))
                strain = np.round(0.002 + (eu - 0.002) * np.linspace(0, 1, count) ** 1.6, 4)
                assert len(set(strain)) == count, sample
                stress = ludwik(a, k, n, strain) * (1 + RNG.normal(0, 0.004, count))
                yield_strength = ludwik(a, k, n, 0.002) * (1 + RNG.normal(0, 0.008))
                reference.append([sample, "yield_strength", "", "", f"{yield_strength:.0f}", f"{0.025 * yield_strength:.0f}", "", ""])
                for x, y in zip(strain, stress):
                    u = math.hypot(0.01 * y, 3.0)
                    reference.append([sample, "flow_stress", f"strain={label(x)}", "", f"{y:.1f}", f"{u:.0f}", "", ""])
                # the model's curve at its own steps, from 0 to where it predicts necking
                steps = np.round(np.arange(0.0, model_eu + 1e-9, 0.0025), 4)
                predicted = ludwik(model_a, model_k, model_n, steps)
                model_yield = ludwik(model_a, model_k, model_n, 0.002)
                long_rows.append([sample, "yield_strength", "", "", f"{model_yield:.1f}", f"{0.04 * model_yield:.1f}",
                                  f"{0.005 * model_yield:.1f}", f"{0.03 * model_yield:.1f}", "MPa"])
                for x, y in zip(steps, predicted):
                    long_rows.append([sample, "flow_stress", f"strain={label(x)}", "", f"{y:.1f}", "", "", "", "MPa"])
                    wide_rows.append([sample, label(x), f"{y:.1f}"])
    write("reference-data/afrl-c3-flow-curves.csv", REFERENCE_HEADER, reference)
    write("challenges/afrl-c3-flow-curves/example-predictions.csv",
          ["sample_id", "quantity", "point", "component", "value", "uncertainty", "u_num", "u_input", "unit"], long_rows)
    write("challenges/afrl-c3-flow-curves/example-predictions-wide.csv", ["sample_id", "strain", "flow_stress"], wide_rows)


# ---------------------------------------------------------------- grain sizes (L-PBF IN718, EBSD)
# per condition: the lognormal components (share, median um, sigma of ln) of the measured grains, and the model's
CONDITIONS = [
    # sample, treatment, temperature C, pressure MPa, hours, measured mixture, model (median, sigma)
    ("AB", "as built", "", "", "", [(1.0, 14.0, 0.62)], (16.0, 0.55)),
    ("SR", "stress relief 1065 C", 1065, 0.1, 1.5, [(0.7, 15.0, 0.55), (0.3, 42.0, 0.45)], (21.0, 0.70)),
    ("HIP", "hot isostatic pressing", 1163, 100, 4, [(1.0, 48.0, 0.52)], (44.0, 0.50)),
    ("HIP+STA", "HIP, then solution 980 C 1 h and two-step ageing 720/620 C", 1163, 100, 4, [(1.0, 51.0, 0.55)], (47.0, 0.50)),
]
SMALLEST = 3.0  # um: grains under 3 um (about 28 pixels at a 0.5 um step) were dropped by the EBSD clean-up


def grains(mixture, count):
    shares = np.array([m[0] for m in mixture])
    chosen = RNG.choice(len(mixture), size=count, p=shares)
    sizes = np.empty(count)
    for i, c in enumerate(chosen):
        _, median, sigma = mixture[c]
        size = 0.0
        while size < SMALLEST:
            size = RNG.lognormal(math.log(median), sigma)
        sizes[i] = size
    return sizes


def grain_sizes():
    reference, predictions, conditions = [], [], []
    for sample, treatment, temperature, pressure, hours, mixture, (model_median, model_sigma) in CONDITIONS:
        count = int(RNG.integers(150, 301))
        for i, size in enumerate(grains(mixture, count), start=1):
            reference.append([sample, "grain_size", f"obs={i}", "", f"{size:.1f}", "", "", ""])
        draws = RNG.lognormal(math.log(model_median), model_sigma, 500)
        predictions.extend([sample, "grain_size", "", f"{d:.1f}", "um"] for d in draws)
        conditions.append([sample, treatment, temperature, pressure, hours, "XZ, mid-height", 0.5, count])
    write("reference-data/in718-grain-size.csv", REFERENCE_HEADER, reference)
    write("challenges/in718-grain-size/conditions.csv",
          ["sample_id", "treatment", "temperature_C", "pressure_MPa", "hold_h", "section", "ebsd_step_um", "grains_measured"], conditions)
    write("challenges/in718-grain-size/example-predictions.csv", ["sample_id", "quantity", "point", "value", "unit"], predictions)


# ---------------------------------------------------------------- as-built IN625 tensile, with V&V 20 uncertainties
def tensile():
    with open(ROOT / "challenges/in625-tensile-asbuilt/specimens.csv", encoding="utf-8") as f:
        specimens = list(csv.DictReader(f))
    # the model: texture softens the bar as its axis turns from the plate towards the build direction (sin^2 of the angle)
    laws = {"yield_strength": (772.0, -108.0, "MPa"), "uts": (1030.0, -102.0, "MPa"), "elongation": (30.5, 10.0, "%")}
    relative = {"yield_strength": (0.010, 0.025, 0.03), "uts": (0.008, 0.02, 0.025), "elongation": (0.03, 0.06, 0.08)}
    rows = []
    for s in specimens:
        turned = math.sin(math.radians(float(s["angle_to_plate_deg"]))) ** 2
        for quantity, (flat, change, unit) in laws.items():
            u_num_share, u_input_share, u_model_share = relative[quantity]
            # the model's value scatters by its numerical uncertainty (one RVE realisation per specimen)
            value = (flat + change * turned) * (1 + RNG.normal(0, u_num_share))
            u_num, u_input = u_num_share * value, u_input_share * value
            uncertainty = math.sqrt(u_num ** 2 + u_input ** 2 + (u_model_share * value) ** 2)
            digits = 1 if unit == "%" else 0
            rows.append([s["sample_id"], quantity, "", "", f"{value:.{digits + 1}f}", f"{uncertainty:.{digits + 1}f}",
                         f"{u_num:.{digits + 1}f}", f"{u_input:.{digits + 1}f}", unit])
    write("challenges/in625-tensile-asbuilt/example-predictions.csv",
          ["sample_id", "quantity", "point", "component", "value", "uncertainty", "u_num", "u_input", "unit"], rows)


if __name__ == "__main__":
    flow_curves()
    grain_sizes()
    tensile()
