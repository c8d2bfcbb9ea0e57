#!/usr/bin/env bash
# Trials and seconds to reach TVaR 99.5% at 1% relative standard error, plain Monte Carlo against importance
# sampling (--tail-sampling auto), on every model in Models/ and the reference models: one markdown table row
# per model. Seconds are wall-clock of the whole command (the IS pilot included) on whatever machine runs it.
# A plain run stops at PLAIN_MAX trials (default 200,000); if the target is not reached by then, the trials it
# needs are extrapolated as n·(s.e. / target)², marked "≈", with the seconds scaled alike.
# Usage: bash Benchmarks/importance-sampling.sh [BINARY] [SEED]    (default .build/release/apmrisk, seed 1)
set -euo pipefail
cd "$(dirname "$0")/.."
python3 - "${1:-.build/release/apmrisk}" "${2:-1}" <<'PY'
import glob, json, os, subprocess, sys, time
binary, seed = sys.argv[1], sys.argv[2]
PLAIN_MAX = os.environ.get("PLAIN_MAX", "200000")
PILOT = 24_000  # TiltPilot: 10,000 + 7 x 2,000 trials before an auto run

def run(model, extra):
    cmd = [binary, "simulate", model, "--precision", "tvar:0.995=1%", "--levels", "0.995", "--seed", seed,
           "--format", "json", "--quiet"] + extra
    start = time.time()
    p = subprocess.run(cmd, capture_output=True, text=True)
    seconds = time.time() - start
    if p.returncode not in (0, 3):
        return None, p.stderr.strip().splitlines()[-1] if p.stderr.strip() else f"exit {p.returncode}"
    doc = json.loads(p.stdout)
    run = doc["run"]
    tail = doc["metrics"]["tail_risk"][0]["tvar"]
    return dict(trials=run["trials"], reached=run.get("precision_reached", True), seconds=seconds,
                tilt=run.get("tail_sampling", {}).get("tilt"), ess=run.get("tail_sampling", {}).get("effective_sample_size"),
                tvar=tail["value"], se=tail["standard_error"]), None

print("| model | plain: trials | s | TVaR 99.5% | IS: trials | s | TVaR 99.5% | trials plain / IS (with the 24,000 pilot trials) | tilt |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
for model in sorted(glob.glob("Models/*.yaml")) + sorted(glob.glob("Benchmarks/reference/models/*.yaml")):
    plain, why = run(model, ["--max-trials", PLAIN_MAX])
    if plain is None:
        print(f"| {model} | {why} |"); continue
    tilted, why = run(model, ["--tail-sampling", "auto"])
    if plain and not plain["reached"] and plain["se"]:
        factor = (plain["se"] / (0.01 * abs(plain["tvar"]))) ** 2
        plain.update(trials=round(plain["trials"] * factor), seconds=plain["seconds"] * factor, extrapolated=True)
    def cell(r):
        mark = "≈ " if r.get("extrapolated") else ""
        star = "" if r["reached"] or r.get("extrapolated") else " (not reached)"
        return f"{mark}{r['trials']:,}{star} | {mark}{r['seconds']:.1f} | {r['tvar']:,.0f} ± {r['se']:,.0f}"
    if tilted is None:
        print(f"| {model} | {cell(plain)} | not importance-sampled: {why} | | | | |"); continue
    ratio = plain["trials"] / tilted["trials"]
    with_pilot = plain["trials"] / (tilted["trials"] + PILOT)
    print(f"| {model} | {cell(plain)} | {cell(tilted)} | {ratio:.1f} ({with_pilot:.1f}) | `{tilted['tilt']}` |", flush=True)
PY
