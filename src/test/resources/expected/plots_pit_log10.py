# PIT values of PlotsTest's log10 quantity by scipy, independently of the server: the scorer compares log10 values,
# with the predicted uncertainty propagated to first order, s_log = s / (p ln 10); u = Phi((log10 m - log10 p) / s_log).
# Rows: (m, p, s, weight); a row of weight 0 and a row without s are not scored. Sorted ascending as the plots serve them.
# Run: /usr/bin/python3 plots_pit_log10.py > plots_pit_log10.txt
import math
from scipy.stats import norm

rows = [(1.2e5, 9.0e4, 2.0e4, 1), (3.4e5, 4.1e5, 1.5e5, 1), (8.0e4, 1.1e5, 3.0e4, 1), (5.0e5, 5.0e5, 1.0e5, 0), (2.0e5, 2.5e5, None, 1)]
u = [norm.cdf((math.log10(m) - math.log10(p)) / (s / (p * math.log(10)))) for m, p, s, w in rows if w > 0 and s]
for value in sorted(u):
    print(repr(float(value)))
