/// EXTRACT, HOUR, MINUTE and the other date parts, DATE_FORMAT.
enum TemporalFunctionDefinitions {
    static func register(_ r: inout FunctionRegistry) {
        r.registerWithConstants("extract", "EXTRACT(unit FROM x)", arity: 2...2, columnArguments: 1) { (k) throws(SluiceError) in
            let name = try ConstantArgument.string(k[0], "extract", "unit").uppercased()
            guard let unit = TemporalFunctions.TimeUnit(rawValue: name) else {
                let units = TemporalFunctions.TimeUnit.allCases.map(\.rawValue).joined(separator: ", ")
                throw .invalidInput("unknown time unit \(name) in EXTRACT; valid units: \(units)")
            }
            return { (c) throws(SluiceError) in try TemporalFunctions.extract(unit, from: c[0]) }
        }
        let parts: [(String, TemporalFunctions.TimeUnit)] = [
            ("year", .year), ("quarter", .quarter), ("month", .month), ("week", .week), ("dayofmonth", .day),
            ("dayofweek", .dayOfWeek), ("dayofyear", .dayOfYear), ("hour", .hour), ("minute", .minute), ("second", .second),
        ]
        for (name, unit) in parts {
            r.registerKernel(name, "\(name.uppercased())(x)", arity: 1...1) { (c) throws(SluiceError) in
                try TemporalFunctions.extract(unit, from: c[0])
            }
        }
        r.registerWithConstants("date_format", "DATE_FORMAT(timestamp, 'pattern')", arity: 2...2, columnArguments: 1) { (k) throws(SluiceError) in
            let pattern = try ConstantArgument.string(k[0], "date_format", "pattern")
            return { (c) throws(SluiceError) in try TemporalFunctions.dateFormat(c[0], pattern: pattern) }
        }
    }
}
