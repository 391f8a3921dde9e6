import Foundation
import Hummingbird
import MultipartKit

/// A submitted form's fields, from `application/x-www-form-urlencoded` or `multipart/form-data` (uploads).
struct FormFields {
    var values: [String: String] = [:]
    /// The uploaded files by field name: each one's name as the browser gave it, and its bytes.
    var files: [String: (filename: String, bytes: [UInt8])] = [:]
    /// The first uploaded file, if any (the forms with one file input).
    var file: (filename: String, bytes: [UInt8])? { firstFile }
    private var firstFile: (filename: String, bytes: [UInt8])?

    subscript(_ name: String) -> String? { values[name] }

    /// Reads the body (at most `limit` bytes) and its fields. The request keeps its body for later readers.
    static func read(_ request: inout Request, limit: Int) async throws -> FormFields {
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: limit)
        } catch {
            throw WorkspaceError.badInput("the upload is over the limit of \(limit / 1_000_000) MB")
        }
        let contentType = request.headers[.contentType] ?? ""
        if contentType.lowercased().hasPrefix("multipart/form-data") {
            guard let boundary = parameter("boundary", in: contentType) else {
                throw WorkspaceError.badInput("a multipart form without a boundary")
            }
            return try multipart(body, boundary: boundary)
        }
        var fields = FormFields()
        for pair in String(buffer: body).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = decode(parts[0]) else { continue }
            fields.values[name] = parts.count > 1 ? decode(parts[1]) ?? "" : ""
        }
        return fields
    }

    static func decode(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }

    /// `boundary=...` (quoted or not) from a Content-Type or Content-Disposition value.
    static func parameter(_ name: String, in header: String) -> String? {
        for piece in header.split(separator: ";") {
            let trimmed = piece.trimmingCharacters(in: .whitespaces)
            guard trimmed.lowercased().hasPrefix(name + "=") else { continue }
            var value = String(trimmed.dropFirst(name.count + 1))
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            return value
        }
        return nil
    }

    static func multipart(_ body: ByteBuffer, boundary: String) throws -> FormFields {
        var parts: [MultipartPart] = []
        var current = MultipartPart(body: ByteBuffer())
        let parser = MultipartParser(boundary: boundary)
        var headerName = ""
        parser.onHeader = { field, value in
            headerName = field
            current.headers.add(name: headerName, value: value)
        }
        parser.onBody = { chunk in current.body.writeBuffer(&chunk) }
        parser.onPartComplete = {
            parts.append(current)
            current = MultipartPart(body: ByteBuffer())
        }
        do {
            try parser.execute(body)
        } catch {
            throw WorkspaceError.badInput("the form could not be read (a damaged multipart body)")
        }
        var fields = FormFields()
        for part in parts {
            let disposition = part.headers.first(name: "Content-Disposition") ?? ""
            guard let name = parameter("name", in: disposition) else { continue }
            if let filename = parameter("filename", in: disposition) {
                guard !filename.isEmpty else { continue }  // a file input left empty
                let upload = (filename, Array(part.body.readableBytesView))
                if fields.firstFile == nil { fields.firstFile = upload }
                fields.files[name] = upload
            } else {
                fields.values[name] = String(buffer: part.body)
            }
        }
        return fields
    }
}
