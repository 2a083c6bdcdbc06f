import Testing
@testable import SluiceColumnar

@Suite("KeyGroups")
struct KeyGroupsTests {
    @Test("the subtask ranges partition all key groups, and each group's subtask owns it",
          arguments: [(1, 128), (2, 128), (3, 128), (4, 128), (7, 10), (128, 128), (5, 32768)])
    func rangesPartition(parallelism: Int, maxParallelism: Int) throws {
        var next = 0
        for subtask in 0..<parallelism {
            let range = try KeyGroups.keyGroupRange(subtask: subtask, maxParallelism: maxParallelism, parallelism: parallelism)
            #expect(range.lowerBound == next)
            next = range.upperBound + 1
            for group in [range.lowerBound, range.upperBound] {
                #expect(KeyGroups.subtask(keyGroup: group, maxParallelism: maxParallelism, parallelism: parallelism) == subtask)
            }
        }
        #expect(next == maxParallelism)
    }

    @Test("key group is the hash modulo the max parallelism")
    func keyGroup() {
        #expect(KeyGroups.keyGroup(hash: 0xFFFF_FFFF_FFFF_FFFF, maxParallelism: 128) == 127)
        #expect(KeyGroups.keyGroup(hash: 1000, maxParallelism: 100) == 0)
        #expect(KeyGroups.subtask(keyGroup: 64, maxParallelism: 128, parallelism: 2) == 1)
        #expect(KeyGroups.subtask(keyGroup: 63, maxParallelism: 128, parallelism: 2) == 0)
    }

    @Test("invalid arguments fail with messages that say how to fix them")
    func errors() {
        #expect(throws: SluiceError.invalidInput("parallelism 4 exceeds max parallelism 2; lower the parallelism or raise the max parallelism (changing the max parallelism breaks savepoints)")) {
            try KeyGroups.validate(parallelism: 4, maxParallelism: 2)
        }
        #expect(throws: SluiceError.invalidInput("parallelism 0 is out of range; use at least 1")) {
            try KeyGroups.validate(parallelism: 0, maxParallelism: 128)
        }
        #expect(throws: SluiceError.invalidInput("max parallelism 0 is out of range; use 1 to 32768 (default 128)")) {
            try KeyGroups.validate(parallelism: 1, maxParallelism: 0)
        }
        #expect(throws: SluiceError.invalidInput("subtask index 2 is out of range; use 0 to 1 for parallelism 2")) {
            try KeyGroups.keyGroupRange(subtask: 2, maxParallelism: 128, parallelism: 2)
        }
    }
}
