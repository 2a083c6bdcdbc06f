/// LOWER, UPPER, SUBSTRING, CONCAT, CHAR_LENGTH, TRIM, SPLIT_INDEX, REGEXP_EXTRACT.
enum StringFunctionDefinitions {
    static func register(_ r: inout FunctionRegistry) {
        r.registerKernel("lower", "LOWER(s)", arity: 1...1) { (c) throws(SluiceError) in try StringFunctions.lower(c[0]) }
        r.registerKernel("upper", "UPPER(s)", arity: 1...1) { (c) throws(SluiceError) in try StringFunctions.upper(c[0]) }
        r.registerKernel("char_length", "CHAR_LENGTH(s)", arity: 1...1) { (c) throws(SluiceError) in try StringFunctions.charLength(c[0]) }
        r.registerKernel("character_length", "CHARACTER_LENGTH(s)", arity: 1...1) { (c) throws(SluiceError) in
            try StringFunctions.charLength(c[0])
        }
        r.registerKernel("concat", "CONCAT(s1, s2, …)", arity: 1...64) { (c) throws(SluiceError) in try StringFunctions.concat(c) }
        r.registerWithConstants("substring", "SUBSTRING(s, start[, length])", arity: 2...3, columnArguments: 1) { (k) throws(SluiceError) in
            let start = try ConstantArgument.int(k[0], "substring", "start")
            let length = k.count > 1 ? try ConstantArgument.int(k[1], "substring", "length") : nil
            return { (c) throws(SluiceError) in try StringFunctions.substring(c[0], start: start, length: length) }
        }
        r.registerWithConstants("split_index", "SPLIT_INDEX(s, 'delimiter', index)", arity: 3...3, columnArguments: 1) { (k) throws(SluiceError) in
            let delimiter = try ConstantArgument.string(k[0], "split_index", "delimiter")
            let index = try ConstantArgument.int(k[1], "split_index", "index")
            return { (c) throws(SluiceError) in try StringFunctions.splitIndex(c[0], delimiter: delimiter, index: index) }
        }
        r.registerWithConstants("regexp_extract", "REGEXP_EXTRACT(s, 'regex'[, group])", arity: 2...3, columnArguments: 1) { (k) throws(SluiceError) in
            let pattern = try ConstantArgument.string(k[0], "regexp_extract", "regex")
            let group = k.count > 1 ? try ConstantArgument.int(k[1], "regexp_extract", "group") : 0
            return { (c) throws(SluiceError) in try StringFunctions.regexpExtract(c[0], pattern: pattern, group: group) }
        }
        registerTrim(&r)
    }

    /// TRIM(s), and the SQL forms the parser lowers to trim(s, 'mode', 'characters').
    static func registerTrim(_ r: inout FunctionRegistry) {
        r.registerWithConstants("trim", "TRIM([BOTH|LEADING|TRAILING] [chars] FROM s)", arity: 1...3, columnArguments: 1) { (k) throws(SluiceError) in
            var mode = StringFunctions.TrimMode.both
            if k.count > 0 {
                switch try ConstantArgument.string(k[0], "trim", "mode").uppercased() {
                case "BOTH": mode = .both
                case "LEADING": mode = .leading
                case "TRAILING": mode = .trailing
                case let other: throw .invalidInput("TRIM mode must be BOTH, LEADING or TRAILING, not \(other)")
                }
            }
            let characters = k.count > 1 ? try ConstantArgument.string(k[1], "trim", "characters") : " "
            let chosen = mode
            return { (c) throws(SluiceError) in try StringFunctions.trim(c[0], mode: chosen, characters: characters) }
        }
        for (name, mode) in [("ltrim", StringFunctions.TrimMode.leading), ("rtrim", .trailing)] {
            r.registerKernel(name, "\(name.uppercased())(s)", arity: 1...1) { (c) throws(SluiceError) in
                try StringFunctions.trim(c[0], mode: mode)
            }
        }
    }
}
