#!/usr/bin/env python3
"""Checks an HTML report as Chromium rendered it (--dump-dom) against the JSON result it was drawn from.

Usage: report-dom-check.py KIND DOM.html RESULT.json

Every VaR and TVaR marker, target line, solution line and scenario bar carries its value in data- attributes and
sits at a pixel position; the chart's <svg> carries its axis mapping (data-x-lo/hi/from/to, data-x-scale). This
reads the position back, turns it into a value with the axis mapping, and compares it with the figure in the JSON
(not with the data- attribute alone), to half a hundredth of a pixel's worth. Exit status 1 with a message on a
mismatch or a missing chart.
"""
import json
import math
import sys
from html.parser import HTMLParser


class Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack = []          # open <svg> attribute dicts
        self.elements = []       # (tag, attrs, enclosing svg attrs)
        self.sections = []
        self.scripts = 0
        self.svgs = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "svg":
            self.stack.append(a)
            self.svgs.append(a)
        if tag == "script":
            self.scripts += 1
        if tag == "section" and "id" in a:
            self.sections.append(a["id"])
        self.elements.append((tag, a, self.stack[-1] if self.stack else None))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "svg":
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag == "svg" and self.stack:
            self.stack.pop()


def value_at(svg, axis, px):
    """The data value at pixel position px on the svg's axis ('x' or 'y')."""
    lo, hi = float(svg[f"data-{axis}-lo"]), float(svg[f"data-{axis}-hi"])
    a, b = float(svg[f"data-{axis}-from"]), float(svg[f"data-{axis}-to"])
    t = (px - a) / (b - a)
    if svg[f"data-{axis}-scale"] == "log":
        return 10 ** (math.log10(lo) + t * (math.log10(hi) - math.log10(lo)))
    return lo + t * (hi - lo)


def tolerance(svg, axis):
    """The value of 0.006 pixel on the axis (positions are written to 0.01 px)."""
    lo, hi = float(svg[f"data-{axis}-lo"]), float(svg[f"data-{axis}-hi"])
    a, b = float(svg[f"data-{axis}-from"]), float(svg[f"data-{axis}-to"])
    return 0.006 * abs(hi - lo) / abs(b - a) + 1e-9 * max(abs(lo), abs(hi))


failures = []
checked = []


def expect(ok, message):
    (checked if ok else failures).append(message)


def check_tail_markers(c, metrics, chart):
    """VaR and TVaR lines of the histogram (at M = -VaR) or the exceedance chart (at x = VaR)."""
    tails = {t["level"]: t for t in metrics["tail_risk"]}
    found = 0
    for tag, a, svg in c.elements:
        if tag != "line" or svg is None or svg.get("data-chart") != chart or a.get("data-marker") not in ("var", "tvar"):
            continue
        level = float(a["data-level"])
        t = tails.get(level)
        expect(t is not None, f"{chart}: a {a['data-marker']} marker at level {level} the JSON does not have")
        if t is None:
            continue
        figure = t["var"]["value"] if a["data-marker"] == "var" else t["tvar"]["value"]
        x = value_at(svg, "x", float(a["x1"]))
        position = -x if svg.get("data-x-quantity") == "margin" else x
        tol = tolerance(svg, "x")
        expect(abs(position - figure) <= tol,
               f"{chart}: {a['data-marker']} {level}: the line at x1={a['x1']} px encodes {position:.2f}, the JSON says {figure} (±{tol:.3g})")
        found += 1
    expect(found == 2 * len(tails), f"{chart}: {found} VaR/TVaR markers for {len(tails)} levels")


def main():
    kind, dom_path, json_path = sys.argv[1:4]
    with open(dom_path, encoding="utf-8") as f:
        dom = f.read()
    with open(json_path, encoding="utf-8") as f:
        result = json.load(f)
    c = Collector()
    c.feed(dom)
    expect(c.scripts == 0, f"the page has {c.scripts} <script> elements; it must need none")
    expect("<main>" in dom and "</html>" in dom.lower(), "the page did not load whole")
    expect("http://" not in dom.replace('xmlns="http://www.w3.org/2000/svg"', "") and "https://" not in dom,
           "the page refers to the network")
    charts = {svg.get("data-chart") for svg in c.svgs}

    if kind == "fit":
        check_fit(c, result)
        finish(kind, c)
        return
    if kind == "simulate":
        metrics = result["metrics"]
    elif kind == "price":
        metrics = result["metrics"]
    else:
        metrics = result["base"]
    expect({"histogram", "exceedance", "convergence"} <= charts, f"{kind}: charts present: {sorted(c for c in charts if c)}")
    check_tail_markers(c, metrics, "histogram")
    check_tail_markers(c, metrics, "exceedance")

    # The convergence trace's last point is the final figure.
    finals = {svg["data-metric"]: svg for svg in c.svgs if svg.get("data-chart") == "convergence"}
    for tag, a, svg in c.elements:
        if tag == "circle" and svg is not None and svg.get("data-chart") == "convergence" and "data-final" in a:
            metric = svg["data-metric"]
            want = {"expected_margin": metrics["expected_margin"]["value"],
                    "loss_probability": metrics["loss_probability"]["value"]}.get(metric)
            if metric == "tvar":
                level = result["distribution"]["convergence_level"]
                want = next(t["tvar"]["value"] for t in metrics["tail_risk"] if t["level"] == level)
            y = value_at(svg, "y", float(a["cy"]))
            tol = tolerance(svg, "y")
            expect(abs(y - want) <= tol, f"convergence {metric}: the last point sits at {y}, the final figure is {want}")
    expect(len(finals) == 3, f"convergence panels: {sorted(finals)}")

    if kind == "price":
        expect("price-risk" in charts, "price: the price-risk curves are missing")
        solution = result["solution"]["value"]
        bounds = {(t["metric"]): t["bound"] for t in result.get("targets", [])}
        lines = 0
        for tag, a, svg in c.elements:
            if svg is None or svg.get("data-chart") != "price-risk" or tag != "line":
                continue
            if a.get("data-marker") == "solution":
                x = value_at(svg, "x", float(a["x1"]))
                expect(abs(x - solution) <= tolerance(svg, "x"), f"price: solution line at {x}, JSON {solution}")
                lines += 1
            if a.get("data-marker") == "target":
                y = value_at(svg, "y", float(a["y1"]))
                want = bounds[a["data-metric"]]
                expect(abs(y - want) <= tolerance(svg, "y"), f"price: {a['data-metric']} target line at {y}, JSON {want}")
                lines += 1
        expect(lines >= 4, f"price: {lines} solution and target lines found")

    if kind == "stress":
        expect("scenarios" in charts, "stress: the scenario bars are missing")
        changes = {}
        for s in result["scenarios"]:
            for ch in s["changes"]:
                changes.setdefault(ch["metric"], []).append(ch["change"])
        bars = 0
        for tag, a, svg in c.elements:
            if tag == "rect" and svg is not None and svg.get("data-chart") == "scenarios" and "data-change" in a:
                left, width = float(a["x"]), float(a["width"])
                zero = value_at(svg, "x", left)
                far = value_at(svg, "x", left + width)
                drawn = far if abs(zero) < abs(far) else zero
                wanted = min(changes[svg["data-metric"]], key=lambda v: abs(v - drawn))
                expect(abs(drawn - wanted) <= 2 * tolerance(svg, "x"), f"stress: a {svg['data-metric']} bar ends at {drawn}, nearest JSON change {wanted}")
                bars += 1
        expect(bars >= len(result["scenarios"]) * 4, f"stress: {bars} scenario bars")

    finish(kind, c)


def check_fit(c, result):
    """Every QQ and PP point of every fit sits where the JSON's point is (both axes, 0.006 px)."""
    fits = {f["family"]: f for column in result["costs"] for f in column["fits"]}
    for chart in ("qq", "pp"):
        drawn = {}
        for tag, a, svg in c.elements:
            if tag == "circle" and svg is not None and svg.get("data-chart") == chart:
                drawn.setdefault(svg["data-family"], []).append(
                    (value_at(svg, "x", float(a["cx"])), value_at(svg, "y", float(a["cy"])), svg))
        for family, fit in fits.items():
            points = drawn.get(family, [])
            want = fit[chart]
            expect(len(points) == len(want), f"fit: {family} {chart}: {len(points)} points drawn, JSON has {len(want)}")
            for (x, y, svg), (wx, wy) in zip(points, want):
                lo, hi = float(svg["data-y-lo"]), float(svg["data-y-hi"])
                if not (lo <= wy <= hi):
                    continue   # clamped at the edge of the plot
                expect(abs(x - wx) <= tolerance(svg, "x") and abs(y - wy) <= tolerance(svg, "y"),
                       f"fit: {family} {chart}: point drawn at ({x}, {y}), JSON ({wx}, {wy})")


def finish(kind, c):
    if failures:
        for f in failures:
            print(f"report-check: {kind}: FAIL: {f}", file=sys.stderr)
        sys.exit(1)
    print(f"report-check: {kind}: {len(checked)} checks passed ({len(c.svgs)} charts, sections {', '.join(c.sections)})")


main()
