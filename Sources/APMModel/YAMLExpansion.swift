// CYaml is Yams' copy of libyaml: a module of the Yams package that SwiftPM makes visible to its dependants.
import CYaml
import APMAnalysis
import APMEngine
import APMSampling
import APMSupport

/// Bounds the size of a YAML document with its aliases expanded, before Yams composes it.
///
/// An 800-byte file can nest aliases into 10⁹ nodes ("billion laughs"). Yams shares an aliased node rather
/// than copying it, but anything that walks the tree — hashing a mapping key to find duplicates, inside Yams
/// itself, or reading the model — walks every expanded node. This pass reads libyaml's events once (linear in
/// the file), keeps each anchor's expanded size, and refuses the file as soon as the expanded node count passes
/// `ModelLimits.maxYAMLNodes`. Text libyaml cannot parse is left to Yams, which reports the syntax error.
package enum YAMLExpansion {
    package static func check(_ text: String, file: String?, limit: Int = ModelLimits.maxYAMLNodes) throws {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return }
        defer { yaml_parser_delete(&parser) }
        var bytes = Array(text.utf8)
        try bytes.withUnsafeMutableBufferPointer { buffer in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            var anchors: [String: Int] = [:]
            var open: [(anchor: String?, size: Int)] = []   // collections being read, with their size so far
            var total = 0
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else { return }
                defer { yaml_event_delete(&event) }
                var finished: (anchor: String?, size: Int)?
                switch event.type {
                case YAML_STREAM_END_EVENT: return
                case YAML_SCALAR_EVENT: finished = (name(event.data.scalar.anchor), 1)
                case YAML_ALIAS_EVENT: finished = (nil, name(event.data.alias.anchor).flatMap { anchors[$0] } ?? 1)
                case YAML_SEQUENCE_START_EVENT: open.append((name(event.data.sequence_start.anchor), 1))
                case YAML_MAPPING_START_EVENT: open.append((name(event.data.mapping_start.anchor), 1))
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT: finished = open.popLast()
                default: break
                }
                guard let (anchor, size) = finished else { continue }
                if let anchor { anchors[anchor] = size }
                // Sizes stay at most 2 × limit: each is checked against the limit as soon as it grows.
                let grown: Int
                if open.isEmpty { total += size; grown = total } else { open[open.count - 1].size += size; grown = open[open.count - 1].size }
                if grown > limit {
                    throw ModelError(file: file, line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1,
                                     field: "", rule: "the file expands to more than \(limit.formatted()) YAML nodes "
                                        + "(each use of an alias counts its whole node); the limit is \(limit.formatted())")
                }
            }
        }
    }

    private static func name(_ anchor: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        anchor.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
    }
}
