import Testing
@testable import SluiceStorage
import SluiceColumnar

@Suite("Keyed state memory budget")
struct BackendMemoryTests {
    @Test("beyond the budget resident pages go back to the OS and the state stays intact")
    func releasesPages() throws {
        let backend = try KeyedStateBackend(memoryBudgetBytes: 256 * 1024, chunkSize: 64 * 1024)
        let state = try backend.valueState("v", of: Int64.self)
        for k in 0..<40_000 {
            try backend.setCurrentKey(Int64(k))
            try state.update(Int64(k) * 3)
        }
        #expect(backend.mappedBytes > 1 << 20)
        #expect(backend.residentBytes > 256 * 1024)
        #expect(backend.enforceMemoryBudget(force: true))
        #expect(backend.residentBytes <= 256 * 1024)
        for k in stride(from: 0, to: 40_000, by: 997) {
            try backend.setCurrentKey(Int64(k))
            #expect(try state.value() == Int64(k) * 3)
        }
    }

    @Test("without a budget nothing is released; a negative budget is rejected")
    func noBudget() throws {
        let backend = try KeyedStateBackend(chunkSize: 4096)
        #expect(!backend.enforceMemoryBudget(force: true))
        let error = caughtError { try KeyedStateBackend(memoryBudgetBytes: -1) }
        #expect(error?.message.contains("must not be negative") == true)
    }
}
