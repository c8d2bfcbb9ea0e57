#!/usr/bin/env bash
# The HTML report in a real browser: renders the report of simulate, price and stress (and fit's page) with headless Chromium,
# keeps one screenshot of each in docs/ (docs/report-simulate.png, …), checks the page loaded without a console
# error or a network request, and reads the charts back from the DOM Chromium built: every VaR and TVaR marker's
# pixel position, turned into a value with the chart's axis mapping, must equal the figure in the JSON
# (scripts/report-dom-check.py). Needs chromium and python3 (Debian: apt-get install -y chromium python3).
# Usage: bash scripts/report-check.sh [OUTPUT_DIR]   (default: a temporary folder; the PNGs always go to docs/)
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
work=${1:-$(mktemp -d)}
mkdir -p "$work" docs
swift build --product apmrisk >/dev/null
bin="$(swift build --show-bin-path)/apmrisk"
model=Models/knee-replacement-bundle.yaml
common=(--trials 20000 --seed 20261123 --threads 2)

"$bin" simulate "$model" "${common[@]}" --format json --output "$work/simulate.json"
"$bin" price "$model" --solve price --max-loss-probability 0.10 --max-tvar 0.99:200000 --grid 22000:25000:250 \
  "${common[@]}" --format json --output "$work/price.json"
"$bin" stress "$model" "${common[@]}" --format json --output "$work/stress.json"
fit=(Models/data/danish-fire-losses.csv --column loss_mdkk --families lognormal,gamma,pareto --pareto-threshold 10
     --bootstrap 39 --threads 2)
"$bin" fit "${fit[@]}" --format json --output "$work/fit.json"

status=0
for kind in simulate price stress fit; do
  if [ "$kind" = fit ]; then
    "$bin" fit "${fit[@]}" --format html --output "$work/fit.html"
  else
    "$bin" report "$work/$kind.json" -o "$work/$kind.html"
  fi
  url="file://$(cd "$work" && pwd)/$kind.html"
  flags=(--headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run --disable-extensions
         --force-device-scale-factor=1 --enable-logging=stderr --v=0)
  # A window taller than any report: headless Chromium's screenshot stops at the page's end.
  chromium "${flags[@]}" --window-size=1340,9000 --screenshot="docs/report-$kind.png" "$url" \
    >"$work/$kind.screenshot.log" 2>&1
  chromium "${flags[@]}" --dump-dom "$url" >"$work/$kind.dom.html" 2>"$work/$kind.dom.log"
  # Console messages and failed loads (DBus and GPU noise of a headless machine is not the page's).
  if grep -hE 'CONSOLE|Uncaught|Failed to load|net::ERR' "$work/$kind.screenshot.log" "$work/$kind.dom.log"; then
    echo "report-check: $kind: the page logged errors (above)" >&2
    status=1
  fi
  [ -s "docs/report-$kind.png" ] || { echo "report-check: $kind: no screenshot" >&2; status=1; }
  python3 scripts/report-dom-check.py "$kind" "$work/$kind.dom.html" "$work/$kind.json" || status=1
done
echo "report-check: $(( $(date +%s) - start )) s, screenshots in docs/report-{simulate,price,stress,fit}.png"
exit $status
