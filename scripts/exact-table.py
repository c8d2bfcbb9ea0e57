#!/usr/bin/env python3
"""The exact-versus-simulated table of Benchmarks/README.md from `apmrisk exact MODEL --compare --format csv`
outputs: python3 scripts/exact-table.py out/*.csv (a file that holds an error line instead gives that line)."""
import csv, io, os, sys

def money(x):
    x = float(x)
    return ("−" if x < 0 else "") + "$" + format(round(abs(x)), ",")

def show(metric, x):
    return f"{float(x) * 100:.2f}%" if metric == "loss_probability" else money(x)

print("| model | figure | exact: lower … upper (central) | simulated ± s.e. | z | max \\|z\\| over all figures |")
print("| --- | --- | --- | --- | --- | --- |")
for path in sys.argv[1:]:
    name = os.path.basename(path).rsplit(".", 1)[0]
    text = open(path).read()
    rows = list(csv.DictReader(io.StringIO("\n".join(l for l in text.splitlines() if not l.startswith("#")))))
    if not rows:
        err = open(path[:-4] + ".err").read().splitlines()[0] if os.path.exists(path[:-4] + ".err") else "no output"
        print(f"| {name} | — | not treated: `{err.replace('apmrisk: error: ', '')}` | | | |")
        continue
    zs = [abs(float(r["z"])) for r in rows if r["z"]]
    first = True
    for r in rows:
        key = (r["metric"], r["level"])
        if key not in {("loss_probability", ""), ("expected_margin", ""), ("tvar", "0.99"), ("tvar", "0.995")}:
            continue
        label = {"loss_probability": "P(loss)", "expected_margin": "E[M]"}.get(r["metric"]) or f"TVaR {float(r['level']) * 100:g}%"
        m = r["metric"]
        cell = f"{show(m, r['lower'])} … {show(m, r['upper'])} ({show(m, r['central'])})"
        sim = f"{show(m, r['simulated'])} ± {show(m, r['standard_error'])}" if r["simulated"] else ""
        z = f"{float(r['z']):.2f}" if r["z"] else "n/a"
        print(f"| {name if first else ''} | {label} | {cell} | {sim} | {z} | {max(zs):.2f} |" if first else
              f"| | {label} | {cell} | {sim} | {z} | |")
        first = False
