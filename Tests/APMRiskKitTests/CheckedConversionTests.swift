import Foundation
import Testing
@testable import APMRiskKit

/// `Int(checked:)` and `Int(saturating:)`: the conversions that replace every trapping `Int(someDouble)`.
@Suite struct CheckedConversionTests {
    @Test(arguments: [Double.nan, .infinity, -.infinity, 1e300, -1e300, 0x1p64, -0x1p64])
    func unrepresentableValuesGiveNil(value: Double) {
        #expect(Int(checked: value) == nil)
        #expect(UInt64(checked: value) == nil)
    }

    @Test func representableValuesConvertWithTheirRounding() {
        #expect(Int(checked: 2.7) == 2)
        #expect(Int(checked: 2.5, rounding: .toNearestOrAwayFromZero) == 3)
        #expect(Int(checked: 2.1, rounding: .up) == 3)
        #expect(Int(checked: -0x1p63) == Int.min)
        #expect(Int(checked: 0x1p63 - 1024) == Int(0x1p63 - 1024))
        #expect(Int(checked: 0x1p63) == nil)
        #expect(UInt64(checked: 0x1p63) == 1 << 63)
        #expect(UInt64(checked: -0.4) == 0)
        #expect(UInt64(checked: -1) == nil)
    }

    @Test func saturatingClampsAndMapsNaN() {
        #expect(Int(saturating: 1e300) == .max)
        #expect(Int(saturating: -.infinity) == .min)
        #expect(Int(saturating: .nan) == 0)
        #expect(Int(saturating: .nan, nan: 6) == 6)
        #expect(UInt64(saturating: 1e300 * 1e9) == .max)
        #expect(Int(saturating: 41.6, rounding: .toNearestOrAwayFromZero) == 42)
    }

    @Test func derivedQuantitiesNoLongerTrap() {
        #expect(CountDistribution.fixed(5).scaled(by: 1e300) == .fixed(.max))
        #expect(PriceGrid.values(from: 1, to: 1e300, step: 1e-300).count == PriceGrid.maxValues)
        #expect(ReportTable.dollars(1e300) == "$1.000e+300")
        #expect(ReportTable.dollars2(-1e300) == "−$1.000e+300")
        #expect(QuantileRank.confidenceRanks(0.5, of: 10).lower >= 1)
    }
}
