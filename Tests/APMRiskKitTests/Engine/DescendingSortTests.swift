import Testing
@testable import APMRiskKit

/// The radix sort of kept margins against the standard library's stable sort by `>`: the same values in the same
/// order, bit for bit (−0 and +0 included), on either side of the size where it switches method.
@Suite struct DescendingSortTests {
    /// Margins with ties, both zeros, tiny and huge magnitudes and infinities (a fixed list, not random draws).
    static func values(_ n: Int) -> [Double] {
        fixtureValues(n).enumerated().map { i, x in
            switch i % 11 {
            case 0: return 0.0
            case 1: return -0.0
            case 2: return (x * 1e-300)
            case 3: return x * 1e290
            case 4: return Double(i % 7) * 1_000   // ties
            case 5 where i % 3 == 0: return i % 2 == 0 ? .infinity : -.infinity
            default: return x
            }
        }
    }

    @Test(arguments: [0, 1, 17, DescendingSort.radixThreshold - 1, DescendingSort.radixThreshold, 50_000])
    func radixSortEqualsStableComparisonSort(n: Int) {
        let v = Self.values(n)
        var radix = v
        DescendingSort.sort(&radix)
        let reference = v.sorted(by: >)
        #expect(radix.map(\.bitPattern) == reference.map(\.bitPattern))
    }

    @Test func keyOrdersAsGreaterThanWithZerosEqual() {
        let xs: [Double] = [-.infinity, -1e300, -1, -Double.leastNonzeroMagnitude, -0.0, 0, .leastNonzeroMagnitude, 1, 1e300, .infinity]
        for a in xs {
            for b in xs {
                #expect((DescendingSort.key(a) < DescendingSort.key(b)) == (a > b))
            }
        }
    }

    @Test func aPassOfEqualDigitsIsSkippedWithoutChangingTheResult() {
        // Every value has the same high digits (one binade): only the low passes move anything.
        var v = (0..<10_000).map { 1.0 + Double(($0 * 7_919) % 10_000) / 16_384 }
        let reference = v.sorted(by: >)
        DescendingSort.sort(&v)
        #expect(v == reference)
    }
}
