import Foundation
import Hummingbird
import NIOConcurrencyHelpers
import Workflow

/// Issued letters' PDFs kept in memory as ready-to-send buffers. An issued PDF never changes,
/// so a cached copy is never stale, even with several server processes on one database; the
/// cache only saves reading (and copying) 100 kB from the store for every download.
final class IssuedLetterCache: Sendable {
    /// What a download needs of an issued letter.
    struct Entry: Sendable {
        let pdf: ByteBuffer
        let sha256: String
        let number: String
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var order: [String] = []
        var bytes = 0
    }

    private let state = NIOLockedValueBox(State())
    private let capacity: Int

    /// A cache holding up to `capacity` bytes of PDFs (oldest first out).
    init(capacity: Int = 256 * 1024 * 1024) {
        self.capacity = capacity
    }

    /// The letter `hop` (from 0) of transfer `id`, loaded by `load` when not yet cached.
    func letter(_ id: String, hop: Int, load: () async throws -> StoredLetter) async throws -> Entry {
        let key = "\(id)#\(hop)"
        if let hit = state.withLockedValue({ $0.entries[key] }) { return hit }
        let stored = try await load()
        let entry = Entry(pdf: ByteBuffer(bytes: stored.pdf), sha256: stored.sha256, number: stored.number)
        state.withLockedValue { s in
            guard s.entries[key] == nil, entry.pdf.readableBytes <= capacity else { return }
            s.entries[key] = entry
            s.order.append(key)
            s.bytes += entry.pdf.readableBytes
            var evicted = 0
            while s.bytes > capacity, evicted < s.order.count {
                if let old = s.entries.removeValue(forKey: s.order[evicted]) { s.bytes -= old.pdf.readableBytes }
                evicted += 1
            }
            if evicted > 0 { s.order.removeFirst(evicted) }
        }
        return entry
    }
}
