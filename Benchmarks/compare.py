"""Runs apmrisk, the reference C loop and the NumPy reference side by side, and prints the ratios.

    python3 Benchmarks/compare.py [--seconds S] [--repeat K] [--memory]

From the package root, after `swift build -c release` (Benchmarks/compare.sh does all of it). Every figure is
measured in this one run on this machine; the best of K repeats is kept for each timing, to damp the noise of a
shared machine.
"""
import argparse
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
APMRISK = os.path.join(ROOT, ".build", "release", "apmrisk")
GSL_LOOP = os.path.join(ROOT, ".build", "gsl_loop")
REFERENCE = os.path.join(ROOT, "Benchmarks", "reference")
MODELS = ["bundle", "capitation", "shared-risk"]
TARGETS = {"bundle": 3.0, "capitation": 4.0, "shared-risk": 3.0}


def run_json(args):
    out = subprocess.run(args, check=True, capture_output=True, text=True, cwd=ROOT).stdout
    return json.loads(out)


def peak_rss_mib(args):
    """Runs `args` and returns its peak resident memory in MiB (from wait4's rusage)."""
    p = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(p.pid, 0)
    if status != 0:
        raise SystemExit(f"{' '.join(args)} failed")
    return usage.ru_maxrss / 1024


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--memory", action="store_true", help="also measure peak memory of 1e8 one-episode bundle trials")
    a = parser.parse_args()

    print(f"apmrisk vs C vs NumPy, one run on this machine ({os.cpu_count()} cores)\n")

    # 1. Per core: the engine's sampling path on one thread against the plain C loop.
    ours = {}
    theirs = {}
    for _ in range(a.repeat):
        b = run_json([APMRISK, "bench", "--families-only", "--threads", "1", "--seconds", str(a.seconds), "--format", "json"])
        for f in b["families"]:
            ours[f["family"]] = max(ours.get(f["family"], 0), f["rates"][0]["variates_per_second"])
        c = run_json([GSL_LOOP, str(a.seconds)])
        for k, v in c.items():
            theirs[k] = max(theirs.get(k, 0), v)
    print("Per core: variates per second, one thread (target: apmrisk >= 0.95 x C)")
    print(f"{'family':<20}{'apmrisk':>14}{'C loop':>14}{'ratio':>8}")
    for k in ours:
        print(f"{k:<20}{ours[k] / 1e6:>12.1f} M{theirs[k] / 1e6:>12.1f} M{ours[k] / theirs[k]:>8.2f}")

    # 2. Scaling: trials per second of the reference models at 1 ... all cores.
    print("\nScaling: trials per second (target: parallel efficiency >= 0.90 at all cores)")
    paths = [os.path.join("Benchmarks", "reference", "models", m + ".yaml") for m in MODELS]
    best = {}
    for _ in range(a.repeat):
        s = run_json([APMRISK, "bench", "--models-only", "--seconds", str(a.seconds), "--format", "json"] + paths)
        for m in s["models"]:
            for r in m["rates"]:
                key = (m["file"], r["threads"])
                best[key] = max(best.get(key, 0), r["trials_per_second"])
    counts = sorted({t for (_, t) in best})
    print(f"{'model':<44}" + "".join(f"{str(t) + ' thr':>14}" for t in counts) + f"{'efficiency':>12}")
    for p in paths:
        rates = [best[(p, t)] for t in counts]
        eff = rates[-1] / (counts[-1] * rates[0]) if len(counts) > 1 else float("nan")
        print(f"{p:<44}" + "".join(f"{r:>14.0f}" for r in rates) + f"{eff:>12.2f}")

    # 3. End to end: apmrisk on all cores against vectorised NumPy, same trials, same metrics.
    print("\nEnd to end: seconds for the simulation and its metrics, same trial counts (targets: capitation >= 4x, others >= 3x)")
    print(f"{'model':<14}{'trials':>10}{'apmrisk s':>12}{'NumPy s':>10}{'speed-up':>10}{'target':>8}   E[M] apmrisk / NumPy")
    for m in MODELS:
        path = os.path.join("Benchmarks", "reference", "models", m + ".yaml")
        ours_s, theirs_s = float("inf"), float("inf")
        for _ in range(a.repeat):
            r = run_json([APMRISK, "simulate", path, "--format", "json"])
            ours_s = min(ours_s, r["run"]["elapsed_seconds"])
            n = run_json([sys.executable, os.path.join(REFERENCE, "numpy_reference.py"), m])
            theirs_s = min(theirs_s, n["elapsed_seconds"])
        em, se = r["metrics"]["expected_margin"]["value"], r["metrics"]["expected_margin"]["standard_error"]
        print(f"{m:<14}{r['run']['trials']:>10}{ours_s:>12.3f}{theirs_s:>10.3f}{theirs_s / ours_s:>9.2f}x{TARGETS[m]:>7.0f}x"
              f"   {em:,.0f} ± {se:,.0f} / {n['metrics']['expected_margin']:,.0f}")

    if a.memory:
        one = os.path.join("Benchmarks", "reference", "models", "bundle-one-episode.yaml")
        mib = peak_rss_mib([APMRISK, "simulate", one, "--trials", "100000000", "--format", "csv"])
        print(f"\nMemory: peak resident memory for 1e8 trials of a one-episode bundle: {mib:.0f} MiB (target < 256 MiB)")


if __name__ == "__main__":
    main()
