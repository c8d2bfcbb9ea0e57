import Foundation

/// One chart: a plot area inside fixed margins, its two axes, and the SVG elements drawn on it, written as one
/// inline `<svg>` (no script; colours from the page's CSS classes). Units go in the axis titles.
struct SVGPlot {
    let width: Double
    let height: Double
    /// Plot-area margins, pixels.
    let left: Double, right: Double, top: Double, bottom: Double
    var x: Axis
    var y: Axis
    /// What the chart shows, for screen readers and the `<title>`.
    let title: String
    private var body: [String] = []
    private var overlay: [String] = []
    private var legendItems: [(cssClass: String, text: String, kind: LegendKind)] = []
    /// Pixel extents of the marker labels placed in each row, so a new label takes the first row where it fits.
    private var labelRows: [[ClosedRange<Double>]] = []

    enum LegendKind { case line, dashed, box, band, dot }

    /// A chart `width` × `height` pixels; the axes' pixel ranges are set to the plot area.
    init(title: String, width: Double = 680, height: Double = 340, left: Double = 84, right: Double = 24,
         top: Double = 34, bottom: Double = 58, x: Axis, y: Axis) {
        self.title = title
        self.width = width
        self.height = height
        self.left = left
        self.right = right
        self.top = top
        self.bottom = bottom
        self.x = x
        self.y = y
        self.x.from = left
        self.x.to = width - right
        self.y.from = height - bottom
        self.y.to = top
    }

    var plotLeft: Double { left }
    var plotRight: Double { width - right }
    var plotTop: Double { top }
    var plotBottom: Double { height - bottom }

    // MARK: Elements

    /// Grid lines, ticks, tick labels and axis titles (with units).
    mutating func axes(xTitle: String, yTitle: String, xTicks: Int = 7, yTicks: Int = 6, yGrid: Bool = true) {
        var g = "<g class=\"axes\">"
        for t in yGrid ? y.ticks(yTicks) : [] {
            let py = HTMLText.px(y.map(t))
            g += "<line class=\"grid\" x1=\"\(HTMLText.px(plotLeft))\" x2=\"\(HTMLText.px(plotRight))\" y1=\"\(py)\" y2=\"\(py)\"/>"
            g += "<text class=\"tick\" x=\"\(HTMLText.px(plotLeft - 6))\" y=\"\(py)\" text-anchor=\"end\" dominant-baseline=\"middle\">\(HTMLText.escape(y.label(t)))</text>"
        }
        for t in x.ticks(xTicks) {
            let px = HTMLText.px(x.map(t))
            g += "<line class=\"grid\" x1=\"\(px)\" x2=\"\(px)\" y1=\"\(HTMLText.px(plotTop))\" y2=\"\(HTMLText.px(plotBottom))\"/>"
            g += "<text class=\"tick\" x=\"\(px)\" y=\"\(HTMLText.px(plotBottom + 16))\" text-anchor=\"middle\">\(HTMLText.escape(x.label(t)))</text>"
        }
        g += "<rect class=\"frame\" x=\"\(HTMLText.px(plotLeft))\" y=\"\(HTMLText.px(plotTop))\" width=\"\(HTMLText.px(plotRight - plotLeft))\" height=\"\(HTMLText.px(plotBottom - plotTop))\"/>"
        g += "<text class=\"axis-title\" x=\"\(HTMLText.px((plotLeft + plotRight) / 2))\" y=\"\(HTMLText.px(height - 12))\" text-anchor=\"middle\">\(HTMLText.escape(xTitle))</text>"
        let cy = (plotTop + plotBottom) / 2
        g += "<text class=\"axis-title\" x=\"16\" y=\"\(HTMLText.px(cy))\" text-anchor=\"middle\" transform=\"rotate(-90 16 \(HTMLText.px(cy)))\">\(HTMLText.escape(yTitle))</text>"
        g += "</g>"
        body.insert(g, at: 0)
    }

    /// A polyline through `points` (data coordinates), skipping non-finite ones.
    mutating func line(_ points: [(Double, Double)], cssClass: String, step: Bool = false, attributes: String = "") {
        let finite = points.filter { $0.0.isFinite && $0.1.isFinite }
        guard !finite.isEmpty else { return }
        var d = ""
        for (i, p) in finite.enumerated() {
            let px = x.map(p.0), py = y.map(p.1)
            if i == 0 {
                d += "M\(HTMLText.px(px)) \(HTMLText.px(py))"
            } else if step {
                d += " H\(HTMLText.px(px)) V\(HTMLText.px(py))"
            } else {
                d += " L\(HTMLText.px(px)) \(HTMLText.px(py))"
            }
        }
        body.append("<path class=\"\(cssClass)\" d=\"\(d)\" \(attributes)/>")
    }

    /// A filled band between `lower` and `upper` at each x (data coordinates).
    mutating func band(_ points: [(x: Double, lower: Double, upper: Double)], cssClass: String = "band") {
        let finite = points.filter { $0.x.isFinite && $0.lower.isFinite && $0.upper.isFinite }
        guard finite.count >= 2 else { return }
        var d = "M" + finite.map { "\(HTMLText.px(x.map($0.x))) \(HTMLText.px(y.map($0.upper)))" }.joined(separator: " L")
        d += " L" + finite.reversed().map { "\(HTMLText.px(x.map($0.x))) \(HTMLText.px(y.map($0.lower)))" }.joined(separator: " L")
        d += " Z"
        body.append("<path class=\"\(cssClass)\" d=\"\(d)\"/>")
    }

    /// A rectangle between data coordinates (x0, y0) and (x1, y1).
    mutating func rect(x0: Double, x1: Double, y0: Double, y1: Double, cssClass: String, title: String? = nil,
                       attributes: String = "") {
        let a = x.map(x0), b = x.map(x1), c = y.map(y0), d = y.map(y1)
        let tip = title.map { "<title>\(HTMLText.escape($0))</title>" } ?? ""
        body.append("<rect class=\"\(cssClass)\" x=\"\(HTMLText.px(min(a, b)))\" y=\"\(HTMLText.px(min(c, d)))\" "
            + "width=\"\(HTMLText.px(max(abs(b - a), 0.5)))\" height=\"\(HTMLText.px(abs(d - c)))\" \(attributes)>\(tip)</rect>")
    }

    /// A vertical line across the plot at data x `value`, with a label at the top, in the first row of labels
    /// where it overlaps no other label (or in row `row` when given).
    mutating func verticalMarker(at value: Double, cssClass: String, label: String?, row fixedRow: Int? = nil,
                                 attributes: String = "") {
        let px = HTMLText.px(x.map(value))
        overlay.append("<line class=\"\(cssClass)\" x1=\"\(px)\" x2=\"\(px)\" y1=\"\(HTMLText.px(plotTop))\" "
            + "y2=\"\(HTMLText.px(plotBottom))\" \(attributes)/>")
        if let label {
            let anchorRight = x.map(value) > (plotLeft + plotRight) / 2
            let tx = x.map(value) + (anchorRight ? -4 : 4)
            let textWidth = Double(label.count) * 6.6
            let extent = anchorRight ? (tx - textWidth - 2)...(tx + 2) : (tx - 2)...(tx + textWidth + 2)
            var row = fixedRow ?? 0
            if fixedRow == nil {
                while row < labelRows.count && labelRows[row].contains(where: { $0.overlaps(extent) }) { row += 1 }
            }
            while labelRows.count <= row { labelRows.append([]) }
            labelRows[row].append(extent)
            overlay.append("<text class=\"marker-label \(cssClass)-label\" x=\"\(HTMLText.px(tx))\" "
                + "y=\"\(HTMLText.px(plotTop + 12 + 13 * Double(row)))\" text-anchor=\"\(anchorRight ? "end" : "start")\">"
                + "\(HTMLText.escape(label))</text>")
        }
    }

    /// A horizontal line across the plot at data y `value`, labelled at the right end.
    mutating func horizontalMarker(at value: Double, cssClass: String, label: String?, attributes: String = "") {
        let py = HTMLText.px(y.map(value))
        overlay.append("<line class=\"\(cssClass)\" x1=\"\(HTMLText.px(plotLeft))\" x2=\"\(HTMLText.px(plotRight))\" "
            + "y1=\"\(py)\" y2=\"\(py)\" \(attributes)/>")
        if let label {
            overlay.append("<text class=\"marker-label \(cssClass)-label\" x=\"\(HTMLText.px(plotRight - 4))\" "
                + "y=\"\(HTMLText.px(y.map(value) - 4))\" text-anchor=\"end\">\(HTMLText.escape(label))</text>")
        }
    }

    /// A dot at data (px, py).
    mutating func dot(_ px: Double, _ py: Double, cssClass: String, radius: Double = 3.5, title: String? = nil,
                      attributes: String = "") {
        guard px.isFinite, py.isFinite else { return }
        let tip = title.map { "<title>\(HTMLText.escape($0))</title>" } ?? ""
        overlay.append("<circle class=\"\(cssClass)\" cx=\"\(HTMLText.px(x.map(px)))\" cy=\"\(HTMLText.px(y.map(py)))\" "
            + "r=\"\(HTMLText.px(radius))\" \(attributes)>\(tip)</circle>")
    }

    /// A horizontal error bar from data x `lower` to `upper` at data y `at` (with end caps).
    mutating func horizontalErrorBar(lower: Double, upper: Double, at yValue: Double, cssClass: String = "errorbar") {
        guard lower.isFinite, upper.isFinite else { return }
        let a = x.map(lower), b = x.map(upper), py = y.map(yValue)
        overlay.append("<path class=\"\(cssClass)\" d=\"M\(HTMLText.px(a)) \(HTMLText.px(py - 4)) V\(HTMLText.px(py + 4)) "
            + "M\(HTMLText.px(a)) \(HTMLText.px(py)) H\(HTMLText.px(b)) M\(HTMLText.px(b)) \(HTMLText.px(py - 4)) V\(HTMLText.px(py + 4))\"/>")
    }

    /// A vertical error bar from data y `lower` to `upper` at data x `at`.
    mutating func verticalErrorBar(lower: Double, upper: Double, at xValue: Double, cssClass: String = "errorbar") {
        guard lower.isFinite, upper.isFinite else { return }
        let a = y.map(lower), b = y.map(upper), px = x.map(xValue)
        overlay.append("<path class=\"\(cssClass)\" d=\"M\(HTMLText.px(px - 4)) \(HTMLText.px(a)) H\(HTMLText.px(px + 4)) "
            + "M\(HTMLText.px(px)) \(HTMLText.px(a)) V\(HTMLText.px(b)) M\(HTMLText.px(px - 4)) \(HTMLText.px(b)) H\(HTMLText.px(px + 4))\"/>")
    }

    /// Text at pixel coordinates.
    mutating func text(_ s: String, px: Double, py: Double, anchor: String = "start", cssClass: String = "note") {
        overlay.append("<text class=\"\(cssClass)\" x=\"\(HTMLText.px(px))\" y=\"\(HTMLText.px(py))\" text-anchor=\"\(anchor)\">\(HTMLText.escape(s))</text>")
    }

    /// Rows the legend takes at this width (each 15 px, above the plot area).
    static func legendRows(_ texts: [String], width: Double, left: Double) -> Int {
        var rows = 1, px = left
        for t in texts {
            let w = 23 + Double(t.count) * 6.4 + 16
            if px > left && px + w - 16 > width - 4 { rows += 1; px = left }
            px += w
        }
        return rows
    }

    /// An entry of the legend drawn above the plot.
    mutating func legend(_ text: String, cssClass: String, kind: LegendKind) {
        legendItems.append((cssClass, text, kind))
    }

    /// The `<svg>` element; `attributes` go on it (the axes' `data-` mapping is always there).
    func svg(attributes: String = "") -> String {
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 \(HTMLText.px(width)) \(HTMLText.px(height))\" "
            + "width=\"\(HTMLText.px(width))\" height=\"\(HTMLText.px(height))\" role=\"img\" aria-label=\"\(HTMLText.escape(title))\" "
            + x.dataAttributes("x") + " " + y.dataAttributes("y") + (attributes.isEmpty ? "" : " " + attributes) + ">"
        out += "<title>\(HTMLText.escape(title))</title>"
        out += "<defs><clipPath id=\"\(clipID)\"><rect x=\"\(HTMLText.px(plotLeft))\" y=\"\(HTMLText.px(plotTop))\" "
            + "width=\"\(HTMLText.px(plotRight - plotLeft))\" height=\"\(HTMLText.px(plotBottom - plotTop))\"/></clipPath></defs>"
        out += body.first ?? ""
        out += "<g clip-path=\"url(#\(clipID))\">" + body.dropFirst().joined() + "</g>"
        out += overlay.joined()
        out += legendSVG()
        out += "</svg>"
        return out
    }

    /// A clip-path id unique to this chart's geometry and title.
    private var clipID: String {
        var h: UInt64 = 1469598103934665603
        for b in (title + "\(width)x\(height)").utf8 { h = (h ^ UInt64(b)) &* 1099511628211 }
        return "clip" + String(h, radix: 36)
    }

    private func legendSVG() -> String {
        guard !legendItems.isEmpty else { return "" }
        var out = "<g class=\"legend\">"
        var px = plotLeft
        var py = 14.0
        for item in legendItems {
            let itemWidth = 23 + Double(item.text.count) * 6.4 + 16
            if px > plotLeft && px + itemWidth - 16 > width - 4 {
                px = plotLeft
                py += 15
            }
            switch item.kind {
            case .line: out += "<line class=\"\(item.cssClass)\" x1=\"\(HTMLText.px(px))\" x2=\"\(HTMLText.px(px + 18))\" y1=\"\(py)\" y2=\"\(py)\"/>"
            case .dashed: out += "<line class=\"\(item.cssClass)\" x1=\"\(HTMLText.px(px))\" x2=\"\(HTMLText.px(px + 18))\" y1=\"\(py)\" y2=\"\(py)\"/>"
            case .box, .band: out += "<rect class=\"\(item.cssClass)\" x=\"\(HTMLText.px(px))\" y=\"\(py - 5)\" width=\"18\" height=\"10\"/>"
            case .dot: out += "<circle class=\"\(item.cssClass)\" cx=\"\(HTMLText.px(px + 9))\" cy=\"\(py)\" r=\"3.5\"/>"
            }
            out += "<text class=\"legend-text\" x=\"\(HTMLText.px(px + 23))\" y=\"\(py)\" dominant-baseline=\"middle\">\(HTMLText.escape(item.text))</text>"
            px += itemWidth
        }
        out += "</g>"
        return out
    }
}
