/// DuckDB spellings of session-window aggregations: a row starts a new session when it is the first of
/// its key or more than `gap` after the previous row of its key (LAG; windows `[t, t + gap)` that touch
/// merge, as in Flink), the running SUM of those starts
/// numbers the sessions, and each session spans its first row to its last row plus the gap.
enum DuckDBSessions {
    /// Rows: window_start, window_end, keys, aggregates (or keys first when `keysFirst`).
    static func query(gap: String, keys: [String], aggregates: String, keysFirst: Bool = false) -> String {
        let partition = keys.isEmpty ? "" : "PARTITION BY \(keys.joined(separator: ", ")) "
        let keyList = keys.map { $0 + ", " }.joined()
        let bounds = "MIN(ts), MAX(ts) + INTERVAL '\(gap)'"
        let select = keysFirst ? "\(keyList)\(bounds), \(aggregates)" : "\(bounds), \(keyList)\(aggregates)"
        return """
            WITH marked AS (
              SELECT *, CASE WHEN ts - LAG(ts) OVER (\(partition)ORDER BY ts) <= INTERVAL '\(gap)' THEN 0 ELSE 1 END AS starts
              FROM events),
            numbered AS (
              SELECT *, SUM(starts) OVER (\(partition)ORDER BY ts ROWS UNBOUNDED PRECEDING) AS session FROM marked)
            SELECT \(select) FROM numbered GROUP BY \(keyList)session
            """
    }
}
