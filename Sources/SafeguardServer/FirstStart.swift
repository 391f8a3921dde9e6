import Foundation
import HummingbirdBcrypt
import SafeguardWorkspace
import SafeguardModel

extension WorkspaceService {
    /// The demo organisation and admin created on first start.
    public static let demoOrganisation = "Safeguard demo"
    public static let demoAdminEmail = "admin@safeguard.local"

    /// The bundled examples loaded on first start: (title, kind, region, files in revision order).
    static let exampleInstruments: [(String, String, String, [String])] = [
        (
            "Model Convention on Countering the Criminal Misuse of ICT", "draft", "UN",
            ["model-convention-rev1.txt", "model-convention-rev2.txt"]
        ),
        ("Model Computer Misuse Act", "act", "Examplia", ["model-computer-misuse-act.txt"]),
        ("Norland Victims of Crime Act", "act", "Norland", ["norland-victims-act.txt"]),
    ]

    /// On an empty workspace: creates the demo organisation, its admin (with `adminPassword`, or a new random one
    /// that is returned so it can be shown once), and loads the examples found in `settings.examples` as shared
    /// instruments. Does nothing, and returns nil, when the workspace already has an organisation.
    public func firstStart(adminPassword: String?) async throws -> String? {
        guard try await store.organisations().isEmpty else { return nil }
        let password = adminPassword ?? Self.randomSecret()
        let organisation = Organisation(id: WorkspaceID.make(), name: Self.demoOrganisation, createdAt: Date())
        try await store.insert(organisation)
        let admin = try await createAccount(email: Self.demoAdminEmail, displayName: "Workspace admin", password: password)
        try await store.setMembership(Membership(accountID: admin.id, organisationID: organisation.id, role: .admin))
        if let folder = settings.examples { try await loadExamples(from: folder, organisation: organisation, admin: admin) }
        return adminPassword == nil ? password : nil
    }

    func loadExamples(from folder: String, organisation: Organisation, admin: Account) async throws {
        for (title, kind, region, files) in Self.exampleInstruments {
            let paths = files.map { URL(fileURLWithPath: folder).appendingPathComponent($0) }
            guard paths.allSatisfy({ FileManager.default.fileExists(atPath: $0.path) }) else { continue }
            let instrument = WorkspaceInstrument(
                id: WorkspaceID.make(), organisationID: organisation.id, title: title, kind: kind, region: region,
                visibility: .shared, createdBy: admin.id, createdAt: Date())
            try await store.insert(instrument)
            for path in paths {
                let bytes = try Data(contentsOf: path)
                let parsed = try read([UInt8](bytes), filename: path.lastPathComponent)
                _ = try await store.addRevision(
                    RevisionUpload(
                        instrumentID: instrument.id, filename: path.lastPathComponent,
                        inputFormat: parsed.metadata.sourceFormat ?? "text", content: bytes, uploadedBy: admin.id,
                        uploadedAt: Date()))
            }
        }
    }
}
