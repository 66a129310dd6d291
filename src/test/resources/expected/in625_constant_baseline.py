# The in625-single-track example's shipped baseline (every track 91 um deep, 133 um wide) scored on all rows by hand,
# with pandas, independently of the server: nmae = mean |p - m| / mean |m| per quantity; the score is their mean
# (both weights 1). Run: /usr/bin/python3 in625_constant_baseline.py > in625_constant_baseline.txt
import pandas as pd

ref = pd.read_csv("reference-data/in625-single-track.csv")
constant = {"melt_pool_depth": 91.0, "melt_pool_width": 133.0}
nmae = {}
for quantity, predicted in constant.items():
    measured = ref[ref.quantity == quantity].value
    nmae[quantity] = (measured - predicted).abs().mean() / measured.abs().mean()
for quantity, value in nmae.items():
    print(f"{quantity} {value!r}")
print(f"score {sum(nmae.values()) / len(nmae)!r}")
