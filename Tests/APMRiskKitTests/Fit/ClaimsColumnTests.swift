import Foundation
import Testing
@testable import APMRiskKit

/// Bad claims data: one line naming the file, the row and the rule.
@Suite struct ClaimsColumnTests {
    func message(_ text: String, column: String = "cost", by: String? = nil, counts: Bool = false) -> String? {
        do {
            _ = try ClaimsColumn.parse(text, file: "claims.csv", column: column, by: by, counts: counts)
            return nil
        } catch let e as ModelError {
            return e.description
        } catch {
            return "\(error)"
        }
    }

    @Test func badCellsNameTheirRow() {
        #expect(message("id,cost\n1,100\n2,abc\n") == "claims.csv:3: cost: must be a number, got 'abc'")
        #expect(message("id,cost\n1,100\n2,-5\n") == "claims.csv:3: cost: must be 0 or more (a cost or a count), got -5")
        #expect(message("id,cost\n1,\n") == "claims.csv:2: cost: is empty; every row needs a value")
        #expect(message("id,cost\n1,nan\n") == "claims.csv:2: cost: must be a number, got 'nan'")
        #expect(message("id,cost\n1,1e999\n") == "claims.csv:2: cost: must be a number, got '1e999'")
        #expect(message("id,cost\n1,2,3\n") == "claims.csv:2: has 3 fields; the header has 2")
        #expect(message("id,claims\n1,2.5\n", column: "claims", counts: true)
                == "claims.csv:2: claims: must be a whole number of claims, got 2.5")
        #expect(message("id,cost\n\"1,100\n") == "claims.csv:3: has a quoted field that never ends")
    }

    @Test func missingColumnsAndEmptyFiles() {
        #expect(message("id,amount\n1,100\n") == "--column: the file has no column 'cost' (it has 'id', 'amount')")
        #expect(message("id,cost\n1,100\n", by: "type") == "--by: the file has no column 'type' (it has 'id', 'cost')")
        #expect(message("") == "claims.csv: has no header row")
        #expect(message("id,cost\n") == "claims.csv: cost: has no values")
    }

    @Test func quotedFieldsAndGroups() throws {
        let c = try ClaimsColumn.parse("type,cost\r\n\"knee, left\",100\r\nhip,\"250.5\"\r\n\"knee, left\",300\r\n",
                                       file: "f.csv", column: "cost", by: "type")
        #expect(c.byGroup.map(\.group) == ["knee, left", "hip"])
        #expect(c.byGroup.map(\.values) == [[100, 300], [250.5]])
    }

    @Test func aFitNeedsSpreadAndEnoughValues() {
        func fitMessage(_ values: [Double]) -> String? {
            do { _ = try ColumnFit(values, column: "cost", options: .init()); return nil } catch { return "\(error)" }
        }
        #expect(fitMessage(Array(repeating: 500, count: 20)) == "cost: all 20 values above 0 equal 500: there is no spread to fit a distribution to")
        #expect(fitMessage([0, 0, 1, 2, 3]) == "cost: needs at least 10 values above 0 to fit, got 3")
    }

    @Test func missingFileIsOneLine() {
        #expect(throws: ModelError(file: "/nonexistent/claims.csv", field: "", rule: "cannot read the file (missing or unreadable)")) {
            try ClaimsColumn.read(path: "/nonexistent/claims.csv", column: "cost")
        }
    }
}
