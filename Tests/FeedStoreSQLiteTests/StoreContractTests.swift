import FeedKitTesting
import FeedStoreSQLite
import Testing

/// The store contract (FeedKitTesting) against the embedded SQLite store.
@Suite struct SQLiteStoreContractTests {
    @Test func theContractIsLargeEnough() {
        #expect(StoreContract.cases.count >= 40)
        #expect(Set(StoreContract.cases.map(\.name)).count == StoreContract.cases.count)
    }

    @Test(arguments: StoreContract.cases)
    func contract(_ item: StoreContract.Case) async throws {
        try await item.run { now in try SQLiteStore.inMemory(now: now) }
    }
}
