# How Activations.Erf's coefficients were made (python3 with mpmath; run: python3 erf_fit.py NP NQ, a few minutes).
# Fits erf(x) ~ x P(x^2) / Q(x^2) on [0, 4], Q(0) = 1: linearized least squares on the relative error (Loeb's
# iteration divides by the last Q), reweighted toward the minimax error (Lawson). Prints the maximum relative error
# and the coefficients, lowest degree first.
import mpmath as mp
mp.mp.dps = 40
L = mp.mpf(4)
import sys
NP, NQ = int(sys.argv[1]), int(sys.argv[2])
N = 400
xs = [L * (1 - mp.cos(mp.pi * (j + 0.5) / N)) / 2 for j in range(N)]  # Chebyshev-like nodes, denser at both ends
xs = [x for x in xs if x > mp.mpf('1e-6')]
w = [mp.mpf(1)] * len(xs)
def fit(w):
    rows, rhs = [], []
    for x, wi in zip(xs, w):
        s = x * x; t = mp.erf(x)
        # x P(s) - t (1 + q1 s + ...) = 0, divided by t (relative)
        row = [x * s**k / t * wi for k in range(NP + 1)] + [-s**k * wi for k in range(1, NQ + 1)]
        rows.append(row); rhs.append(wi)
    A = mp.matrix(rows); b = mp.matrix(rhs)
    sol = mp.qr_solve(A, b)[0]
    return [sol[k] for k in range(NP + 1)], [mp.mpf(1)] + [sol[NP + 1 + k] for k in range(NQ)]
def evalr(p, q, x):
    s = x * x
    P = mp.mpf(0)
    for c in reversed(p): P = P * s + c
    Q = mp.mpf(0)
    for c in reversed(q): Q = Q * s + c
    return x * P / Q, Q
lawson = [mp.mpf(1)] * len(xs)
for it in range(60):
    # Loeb: divide by current Q to linearize the relative error; Lawson: reweight toward minimax
    if it == 0: p, q = fit(lawson)
    else:
        ww = [mp.sqrt(l) / abs(Qv) for l, Qv in zip(lawson, Qs)]
        p, q = fit(ww)
    errs, Qs = [], []
    for x in xs:
        r, Qv = evalr(p, q, x); Qs.append(Qv)
        errs.append(abs(r / mp.erf(x) - 1))
    m = max(errs)
    if it >= 5:
        lawson = [l * e for l, e in zip(lawson, errs)]
        tot = sum(lawson); lawson = [l / tot for l in lawson]
    if it % 10 == 0 or it == 59: print(it, mp.nstr(m, 5))
print("p =", [mp.nstr(c, 17) for c in p])
print("q =", [mp.nstr(c, 17) for c in q])
