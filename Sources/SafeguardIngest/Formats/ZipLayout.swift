import Foundation
import SafeguardModel
import ZIPFoundation

/// Reads one zip entry's bytes straight from the archive in memory, bounded by the entry's own compressed
/// size.
///
/// Why: ZIPFoundation's inflate loop asks its provider for more input until the deflate stream ends; a
/// damaged stream that never ends, read from a file, gets empty chunks forever (a hang found by FuzzDOCX).
/// Here the provider throws once the entry's compressed bytes are used up, and the CRC is checked.
/// Handles stored and deflated entries with 32-bit sizes (DOCX parts); returns nil for anything else
/// (ZIP64 fields), and the caller falls back to ZIPFoundation.
enum ZipLayout {
    struct Item {
        var method: UInt16
        var crc: UInt32
        var compressedSize: Int
        var dataStart: Int
    }

    private static func u16(_ b: [UInt8], _ i: Int) -> Int { Int(b[i]) | Int(b[i + 1]) << 8 }
    private static func u32(_ b: [UInt8], _ i: Int) -> Int { u16(b, i) | u16(b, i + 2) << 16 }

    /// The entry named `name`, or nil when the central directory cannot be read this simple way.
    /// - Throws: `.malformedDocument` when the entry's data would run past the end of the archive.
    static func find(_ name: String, in bytes: [UInt8]) throws -> Item? {
        let count = bytes.count
        guard count >= 22 else { return nil }
        var eocd = -1
        var i = count - 22
        while i >= max(0, count - 22 - 65_535) {
            if bytes[i] == 0x50, bytes[i + 1] == 0x4B, bytes[i + 2] == 0x05, bytes[i + 3] == 0x06 { eocd = i; break }
            i -= 1
        }
        guard eocd >= 0 else { return nil }
        let entries = u16(bytes, eocd + 10)
        var p = u32(bytes, eocd + 16)
        let target = Array(name.utf8)
        for _ in 0..<entries {
            guard p + 46 <= count, u32(bytes, p) == 0x0201_4B50 else { return nil }
            let nameLength = u16(bytes, p + 28)
            let extraLength = u16(bytes, p + 30)
            let commentLength = u16(bytes, p + 32)
            guard p + 46 + nameLength <= count else { return nil }
            if nameLength == target.count, Array(bytes[(p + 46)..<(p + 46 + nameLength)]) == target {
                let compressed = u32(bytes, p + 20)
                let local = u32(bytes, p + 42)
                if compressed == 0xFFFF_FFFF || local == 0xFFFF_FFFF || u32(bytes, p + 24) == 0xFFFF_FFFF { return nil }
                guard local + 30 <= count, u32(bytes, local) == 0x0403_4B50 else {
                    throw SafeguardError(.malformedDocument, "damaged DOCX: the local header of \(name) is missing")
                }
                let dataStart = local + 30 + u16(bytes, local + 26) + u16(bytes, local + 28)
                guard dataStart + compressed <= count else {
                    throw SafeguardError(.malformedDocument, "damaged DOCX: \(name) runs past the end of the file")
                }
                return Item(
                    method: UInt16(u16(bytes, p + 10)), crc: UInt32(u32(bytes, p + 16)),
                    compressedSize: compressed, dataStart: dataStart)
            }
            p += 46 + nameLength + extraLength + commentLength
        }
        return nil
    }

    /// The entry's content, inflating at most `maxBytes`.
    static func extract(_ item: Item, from bytes: [UInt8], name: String, maxBytes: Int) throws -> Data {
        let end = item.dataStart + item.compressedSize
        switch item.method {
        case 0:
            guard item.compressedSize <= maxBytes else {
                throw SafeguardError(.tooLarge, "\(name) inflates to more than \(maxBytes) bytes")
            }
            let data = Data(bytes[item.dataStart..<end])
            guard data.crc32(checksum: 0) == item.crc else {
                throw SafeguardError(.malformedDocument, "damaged DOCX: \(name) fails its checksum")
            }
            return data
        case 8:
            var out = Data()
            let crc: CRC32
            do {
                crc = try Data.decompress(
                    size: Int64(item.compressedSize), bufferSize: 16_384, skipCRC32: false,
                    provider: { position, size in
                        let start = item.dataStart + Int(position)
                        guard start < end else {
                            throw SafeguardError(
                                .malformedDocument, "damaged DOCX: the compressed data of \(name) ends before its deflate stream does")
                        }
                        // Always exactly `size` bytes: ZIPFoundation hands zlib `bufferSize` as the input length
                        // whatever the chunk's length, so a short last chunk would be read past its end. Zeros after
                        // the entry's data are not a valid continuation of a deflate stream (inflate reports an error).
                        var chunk = Data(bytes[start..<min(end, start + size)])
                        if chunk.count < size { chunk.append(Data(count: size - chunk.count)) }
                        return chunk
                    },
                    consumer: { chunk in
                        out.append(chunk)
                        if out.count > maxBytes { throw SafeguardError(.tooLarge, "\(name) inflates to more than \(maxBytes) bytes") }
                    })
            } catch let error as SafeguardError {
                throw error
            } catch {
                throw SafeguardError(.malformedDocument, "damaged DOCX: cannot inflate \(name) (\(error))")
            }
            guard crc == item.crc else { throw SafeguardError(.malformedDocument, "damaged DOCX: \(name) fails its checksum") }
            return out
        default:
            throw SafeguardError(.malformedDocument, "DOCX part \(name) uses zip compression method \(item.method), which is not read")
        }
    }
}
