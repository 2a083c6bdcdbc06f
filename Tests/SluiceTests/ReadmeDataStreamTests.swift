import Testing
import Sluice

@Suite("The README's DataStream example")
struct ReadmeDataStreamTests {
    struct Event: Codable { var color: String; var value: Int; var price: Double }
    struct ColorCount: Codable, Equatable { var color: String; var cnt: Int64; var total: Int64 }

    @Test("runs as written and gives the expected counts")
    func example() throws {
        let events = [Event(color: "red", value: 1, price: 2), Event(color: "orange", value: 5, price: 9),
                      Event(color: "red", value: 3, price: 1), Event(color: "blue", value: 4, price: 3)]
        let env = StreamEnvironment(parallelism: 2, mode: .batch)
        let result = try env.fromValues(events)
            .filter(col("color") != "orange" && col("price") > 1.5)
            .keyBy("color")
            .aggregate(.count().as("cnt"), .sum("value").as("total"))
            .collect()
        let run = try env.execute()
        #expect(try result.decode(ColorCount.self).sorted { $0.color < $1.color } ==
                [ColorCount(color: "blue", cnt: 1, total: 4), ColorCount(color: "red", cnt: 1, total: 1)])
        #expect(try result.table().contains("| red "))
        #expect(run.description.contains("filter"))
    }
}
