#!/usr/bin/env bash
# Rebuilds the public example data in Models/data/ from Debian's r-cran-fitdistrplus package (GPL-2+), without R:
#   danish-fire-losses.csv — 2,167 Danish fire insurance losses, 1980–1990, millions of DKK (Copenhagen Re, as
#                            published by McNeil 1997; fitdistrplus's `danishuni`)
#   toxocara.csv           — Toxocara cati parasites per wild cat, 53 cats (fitdistrplus's `toxocara`): overdispersed counts
# Needs apt-get (to download the .deb) and PyPI's `rdata` (to read R's .rda files). Usage: bash scripts/fetch-example-data.sh
set -euo pipefail
cd "$(dirname "$0")/.."
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && apt-get download r-cran-fitdistrplus >/dev/null 2>&1 && dpkg-deb -x r-cran-fitdistrplus_*.deb x)
python3 -m pip install --quiet rdata >/dev/null 2>&1 || true
python3 - "$work/x/usr/lib/R/site-library/fitdistrplus/data" <<'PY'
import sys, warnings, datetime, rdata
warnings.simplefilter("ignore")
src = sys.argv[1]
def load(name):
    return rdata.conversion.convert(rdata.parser.parse_file(f"{src}/{name}.rda"))[name]
danish = load("danishuni")
with open("Models/data/danish-fire-losses.csv", "w") as f:
    f.write("date,loss_mdkk\n")
    for d, x in zip(danish["Date"], danish["Loss"]):
        day = datetime.date(1970, 1, 1) + datetime.timedelta(days=int(d))
        f.write(f"{day.isoformat()},{x!r}\n")
toxo = load("toxocara")
with open("Models/data/toxocara.csv", "w") as f:
    f.write("cat,parasites\n")
    for i, k in enumerate(toxo["number"], 1):
        f.write(f"{i},{int(k)}\n")
PY
wc -l Models/data/danish-fire-losses.csv Models/data/toxocara.csv
