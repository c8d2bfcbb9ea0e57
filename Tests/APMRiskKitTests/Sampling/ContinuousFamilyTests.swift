import Foundation
import Testing
@testable import APMRiskKit

/// Every entry of the family table (`ContinuousFamily.all`) against the code that iterates it: the model reader
/// (native and mean-and-cv forms, parameter rules), the sampler (sample mean against `mean`), the description,
/// and the model schema.
@Suite struct ContinuousFamilyTests {
    /// A member of each family: its bench member, or a constant.
    static func example(_ family: ContinuousFamily) -> ContinuousDistribution {
        family.benchmark ?? family.make(family.parameters.map { _ in 5_000 })
    }

    /// The cost of a one-episode bundle model with `distribution` as its cost (YAML flow text).
    static func model(cost distribution: String) throws -> RiskModel {
        try ModelLoader.parse("""
            cost: \(distribution)
            contract:
              bundle: {price: 1000, episodes: 1}
            """)
    }

    /// `{name: {p: v, …}}`, or `{name: v}` for a scalar family.
    static func yaml(_ family: ContinuousFamily, _ values: [Double]) -> String {
        if family.isScalar { return "{\(family.name): \(values[0])}" }
        return "{\(family.name): {" + zip(family.parameterNames, values).map { "\($0): \($1)" }.joined(separator: ", ") + "}}"
    }

    @Test func namesAreUniqueAndEachMemberKnowsItsFamily() {
        #expect(Set(ContinuousFamily.all.map(\.name)).count == ContinuousFamily.all.count)
        for family in ContinuousFamily.all {
            let d = Self.example(family)
            #expect(d.native.family.name == family.name)
            #expect(d.native.values.count == family.parameters.count, "\(family.name)")
            #expect(family.make(d.native.values) == d, "\(family.name)")
            #expect(ContinuousFamily.named(family.name)?.name == family.name)
        }
    }

    @Test(arguments: ContinuousFamily.all.map(\.name))
    func nativeFormRoundTripsThroughTheReader(name: String) throws {
        let family = try #require(ContinuousFamily.named(name))
        let d = Self.example(family)
        #expect(try Self.model(cost: Self.yaml(family, d.native.values)).unitCost == .continuous(d))
        // Each parameter's rule: 0 passes only where the rule allows it, a negative value only for any sign.
        for (i, p) in family.parameters.enumerated() {
            for bad in [0.0, -1.5] {
                var values = d.native.values
                values[i] = bad
                let allowed: Bool
                switch p.rule {
                case .positive: allowed = false
                case .anySign: allowed = true
                case .nonNegative: allowed = bad == 0
                }
                let read = Result { try Self.model(cost: Self.yaml(family, values)).unitCost }
                if allowed {
                    #expect((try? read.get()) == .continuous(family.make(values)), "\(name).\(p.name) = \(bad)")
                } else {
                    #expect(throws: ModelError.self, "\(name).\(p.name) = \(bad)") { try read.get() }
                }
            }
        }
    }

    @Test(arguments: ContinuousFamily.all.map(\.name))
    func meanAndCVFormRoundTripsWhereTheFamilyTakesIt(name: String) throws {
        let family = try #require(ContinuousFamily.named(name))
        let text = "{\(name): {mean: 1200, cv: 0.8}}"
        guard let meanAndCV = family.meanAndCV else {
            #expect(throws: ModelError.self) { try Self.model(cost: text) }
            return
        }
        let d = meanAndCV.make(1_200, 0.8)
        #expect(try Self.model(cost: text).unitCost == .continuous(d))
        #expect(abs(d.mean / 1_200 - 1) < 1e-9)
        #expect(abs(CostDistribution.continuous(d).cv / 0.8 - 1) < 1e-9)
        if let range = meanAndCV.cvRange {
            #expect(throws: ModelError.self) { try Self.model(cost: "{\(name): {mean: 1200, cv: \(range.upperBound * 2)}}") }
        }
    }

    /// The sample mean of 200,000 draws (fixed seed, through `sample` and through the engine's `CostSampler.fill`,
    /// which must agree draw for draw) within 4 standard errors of `mean`.
    @Test(arguments: ContinuousFamily.all.map(\.name))
    func sampleMeanAgreesWithTheMean(name: String) throws {
        let family = try #require(ContinuousFamily.named(name))
        let d = Self.example(family)
        let n = 200_000
        let a = RandomStream(generator: .standard, seed: 2_026), b = RandomStream(generator: .standard, seed: 2_026)
        let draws = (0..<n).map { _ in d.sample(a) }
        let buffer = UnsafeMutableBufferPointer<Double>.allocate(capacity: n)
        defer { buffer.deallocate() }
        CostSampler(.continuous(d)).fill(buffer, DrawStreams(single: b.handle))
        #expect(Array(buffer) == draws)
        let se = ((d.secondMoment - d.mean * d.mean) / Double(n)).squareRoot()
        let mean = draws.reduce(0, +) / Double(n)
        #expect(se.isFinite)
        #expect(within(mean, d.mean, se: se) || (se == 0 && mean == d.mean), "\(name): \(mean) vs \(d.mean) ± \(se)")
    }

    @Test func theDescriptionNamesTheFamilyAndItsParameters() {
        #expect(ModelDescription.continuous(.lognormal(zeta: 9.5, sigma: 0.25)) == "lognormal(zeta 9.5, sigma 0.25)")
        #expect(ModelDescription.continuous(.constant(5_000)) == "constant 5000")
        for family in ContinuousFamily.all where !family.isScalar {
            let text = ModelDescription.continuous(Self.example(family))
            #expect(text.hasPrefix(family.name + "("))
            #expect(family.parameterNames.allSatisfy { text.contains($0 + " ") }, "\(text)")
        }
    }

    @Test func everyBenchCallIsTheCReferencesCall() throws {
        let c = try String(contentsOf: packageRoot.appendingPathComponent("Benchmarks/reference/gsl_loop.c"), encoding: .utf8)
        for f in BenchFamily.all { #expect(c.contains(f.call), "\(f.name): \(f.call)") }
        #expect(BenchFamily.all.map(\.name).starts(with: ContinuousFamily.all.filter { $0.benchmark != nil }.map(\.name)))
    }
}

/// The model schema's distributions are the table's: the same keys in the same order, each with its native
/// parameters and rules, and the mean-and-cv form exactly where the reader takes it.
@Suite struct ContinuousFamilySchemaTests {
    static func defs() throws -> [String: Any] {
        let data = try Data(contentsOf: packageRoot.appendingPathComponent("Schemas/model.schema.json"))
        let schema = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try #require(schema["$defs"] as? [String: Any])
    }

    /// The distribution key of each alternative of a definition's `oneOf`, with its schema.
    static func kinds(_ def: String) throws -> [(name: String, schema: [String: Any])] {
        let d = try #require(try defs()[def] as? [String: Any])
        let alternatives = try #require(d["oneOf"] as? [[String: Any]])
        return try alternatives.map { alt in
            let key = try #require((alt["required"] as? [String])?.first)
            let properties = try #require(alt["properties"] as? [String: Any])
            return (key, try #require(properties[key] as? [String: Any]))
        }
    }

    @Test(arguments: ["cost", "mixture_component"])
    func theSchemasKindsAreTheTablesNames(def: String) throws {
        let continuous = try Self.kinds(def).map(\.name).filter { !DistributionReader.compositeKinds.contains($0) }
        #expect(continuous == ContinuousFamily.all.map(\.name))
    }

    @Test func theScoresKindsAreTheFamiliesThatCannotBeNegative() throws {
        #expect(try Self.kinds("score").map(\.name) == RiskAdjustmentReader.scoreKinds)
        #expect(!RiskAdjustmentReader.scoreKinds.isEmpty)
    }

    /// A number's schema under a parameter rule.
    static func expectRule(_ schema: Any?, _ rule: ContinuousFamily.Rule, _ what: String) {
        let s = schema as? [String: Any] ?? [:]
        #expect(s["type"] as? String == "number", "\(what)")
        switch rule {
        case .positive: #expect(s["exclusiveMinimum"] as? Double == 0 && s["minimum"] == nil, "\(what)")
        case .anySign: #expect(s["exclusiveMinimum"] == nil && s["minimum"] == nil, "\(what)")
        case .nonNegative: #expect(s["minimum"] as? Double == 0 && s["exclusiveMinimum"] == nil, "\(what)")
        }
    }

    @Test(arguments: ["cost", "mixture_component", "score"])
    func eachFamilysSchemaHasItsParametersAndForms(def: String) throws {
        for (name, schema) in try Self.kinds(def) {
            guard let family = ContinuousFamily.named(name) else { continue }
            if family.isScalar {
                Self.expectRule(schema, family.parameters[0].rule, "\(def).\(name)")
                continue
            }
            let forms = (schema["oneOf"] as? [[String: Any]]) ?? [schema]
            #expect(forms.count == (family.meanAndCV == nil ? 1 : 2), "\(def).\(name)")
            let native = try #require(forms.first)
            #expect(native["required"] as? [String] == family.parameterNames, "\(def).\(name)")
            #expect(native["additionalProperties"] as? Bool == false)
            let properties = native["properties"] as? [String: Any] ?? [:]
            #expect(Set(properties.keys) == Set(family.parameterNames), "\(def).\(name)")
            for p in family.parameters { Self.expectRule(properties[p.name], p.rule, "\(def).\(name).\(p.name)") }
            guard let meanAndCV = family.meanAndCV, forms.count == 2 else { continue }
            #expect(forms[1]["required"] as? [String] == ["mean", "cv"], "\(def).\(name)")
            let mc = forms[1]["properties"] as? [String: Any] ?? [:]
            Self.expectRule(mc["mean"], .positive, "\(def).\(name).mean")
            let cv = mc["cv"] as? [String: Any] ?? [:]
            if let range = meanAndCV.cvRange {
                #expect(cv["minimum"] as? Double == range.lowerBound && cv["maximum"] as? Double == range.upperBound, "\(def).\(name).cv")
            } else {
                Self.expectRule(cv, .positive, "\(def).\(name).cv")
            }
        }
    }
}
