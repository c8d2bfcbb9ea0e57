"""Vectorised NumPy implementations of the reference models in models/, computing the same metrics as apmrisk.

Used by Benchmarks/compare.py for the end-to-end comparison: one process, NumPy's own PCG64 generator, work done
in chunks of trials so memory stays bounded. Prints one JSON object per model with the elapsed seconds of the
simulation and the metrics (P(loss), E[M], SD, VaR/TVaR at 90/95/99/99.5%, percentiles 1...99 of M).

    python3 numpy_reference.py bundle|capitation|shared-risk [TRIALS]
"""
import json
import math
import sys
import time

import numpy as np

LEVELS = [0.90, 0.95, 0.99, 0.995]
PERCENTILES = [0.01, 0.05, 0.25, 0.50, 0.75, 0.95, 0.99]


def lognormal_params(mean, cv):
    s2 = math.log1p(cv * cv)
    return math.log(mean) - s2 / 2, math.sqrt(s2)


def ceiling_rank(q, n):
    x = q * n
    r = round(x) if abs(x - round(x)) <= 1e-9 * max(1.0, x) else math.ceil(x)
    return min(n, max(1, int(r)))


def metrics(margins):
    n = margins.size
    losses = np.sort(-margins)
    m = np.sort(margins)
    out = {
        "trials": n,
        "loss_probability": float(np.mean(margins < 0)),
        "expected_margin": float(margins.mean()),
        "margin_sd": float(margins.std(ddof=1)),
        "tail_risk": [],
        "margin_percentiles": [],
    }
    for a in LEVELS:
        r = ceiling_rank(a, n)
        out["tail_risk"].append({"level": a, "var": float(losses[r - 1]), "tvar": float(losses[r - 1:].mean())})
    for q in PERCENTILES:
        out["margin_percentiles"].append({"level": q, "value": float(m[ceiling_rank(q, n) - 1])})
    return out


def bundle(rng, trials, chunk=5_000):
    zeta, sigma = lognormal_params(20_000, 0.5)
    tz, ts = lognormal_params(1.0, 0.03)
    episodes, price, cap, stop = 100, 21_000.0, 80_000.0, 0.2
    target = episodes * price
    out = np.empty(trials)
    for start in range(0, trials, chunk):
        k = min(chunk, trials - start)
        theta = rng.lognormal(tz, ts, size=k)
        costs = rng.lognormal(zeta, sigma, size=(k, episodes)) * theta[:, None]
        retained = np.minimum(costs, cap).sum(axis=1)
        out[start:start + k] = np.clip(target - retained, -stop * target, stop * target)
    return out


def capitation(rng, trials, chunk=500):
    zeta, sigma = lognormal_params(1_200, 2.0)
    tz, ts = lognormal_params(1.0, 0.04)
    members, pmpm, months = 1_000, 320.0, 12
    attachment, coinsurance, premium = 50_000.0, 0.9, 8.0
    out = np.empty(trials)
    for start in range(0, trials, chunk):
        k = min(chunk, trials - start)
        theta = rng.lognormal(tz, ts, size=k)
        counts = rng.poisson(3.0, size=k * members)
        severities = rng.lognormal(zeta, sigma, size=int(counts.sum()))
        owner = np.repeat(np.arange(k * members), counts)
        y = np.bincount(owner, weights=severities, minlength=k * members).reshape(k, members) * theta[:, None]
        retained = y - coinsurance * np.maximum(y - attachment, 0.0)
        out[start:start + k] = (pmpm - premium) * members * months - retained.sum(axis=1)
    return out


def shared_risk(rng, trials, chunk=1_000):
    zeta, sigma = lognormal_params(12_000, 2.0)
    tz, ts = lognormal_params(1.0, 0.03)
    members, benchmark = 2_000, 11_000.0
    s, l, msr, mlr, scap, lcap = 0.5, 0.3, 0.02, 0.02, 0.10, 0.04
    b = benchmark * members
    out = np.empty(trials)
    for start in range(0, trials, chunk):
        k = min(chunk, trials - start)
        theta = rng.lognormal(tz, ts, size=k)
        zero = rng.random(size=(k, members)) < 0.1
        y = np.where(zero, 0.0, rng.lognormal(zeta, sigma, size=(k, members))) * theta[:, None]
        d = b - y.sum(axis=1)
        pay = np.where((d > 0) & (d >= msr * b), np.minimum(s * d, scap * b),
                       np.where((d < 0) & (-d >= mlr * b), -np.minimum(l * -d, lcap * b), 0.0))
        out[start:start + k] = pay
    return out


MODELS = {"bundle": (bundle, 200_000), "capitation": (capitation, 20_000), "shared-risk": (shared_risk, 20_000)}

if __name__ == "__main__":
    name = sys.argv[1]
    simulate, default_trials = MODELS[name]
    trials = int(sys.argv[2]) if len(sys.argv) > 2 else default_trials
    rng = np.random.default_rng(1)
    start = time.perf_counter()
    margins = simulate(rng, trials)
    result = metrics(margins)
    elapsed = time.perf_counter() - start
    print(json.dumps({"model": name, "elapsed_seconds": elapsed, "numpy": np.__version__, "metrics": result}))
