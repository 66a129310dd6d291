# The PIT values u = Phi((m - p) / s) of PlotsTest's scalar quantity, by scipy, independently of the server: one per
# row with s > 0, sorted ascending as the plots serve them. Run: /usr/bin/python3 plots_pit.py > plots_pit.txt
from scipy.stats import norm

measured = [301.3377, 318.6119, 295.4417, 322.8863]
predicted = [300.0, 320.0, 297.0, 321.0]
sigma = [8.0, 6.0, 5.0, 7.0]
for u in sorted(norm.cdf((m - p) / s) for m, p, s in zip(measured, predicted, sigma)):
    print(repr(float(u)))
