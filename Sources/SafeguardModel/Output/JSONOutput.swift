public import Foundation

/// The JSON encoder every command uses: stable key order and readable output, so results diff cleanly.
public enum JSONOutput {
    public static func encoder(pretty: Bool = true) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting =
            pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// Encodes a value as a UTF-8 JSON string ending in a newline.
    public static func string<T: Encodable>(_ value: T, pretty: Bool = true) throws -> String {
        let data = try encoder(pretty: pretty).encode(value)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
