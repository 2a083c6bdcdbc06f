import SluiceColumnar

/// Binds queries to logical plans: FROM items (tables, views, WITH names, subqueries, window table
/// functions), set operations, VALUES and ORDER BY / LIMIT. SELECT blocks go to `SelectBinder`.
struct QueryBinder {
    let catalog: Catalog
    /// WITH names visible here, lower-cased.
    var ctes: [String: CommonTableExpression] = [:]
    /// Views being expanded (to report a cycle instead of recursing forever).
    var expanding: Set<String> = []

    init(catalog: Catalog) { self.catalog = catalog }

    func bind(_ q: Query) throws(SluiceError) -> Relation {
        var inner = self
        for cte in q.with { inner.ctes[cte.name.lowercased()] = cte }
        var rel = try inner.bindBody(q.body)
        if !q.orderBy.isEmpty || q.limit != nil || q.offset != nil {
            rel = try inner.bindSort(q, rel)
        }
        return rel
    }

    func bindBody(_ body: QueryBody) throws(SluiceError) -> Relation {
        switch body {
        case .select(let s): return try SelectBinder(query: self).bind(s)
        case .nested(let q): return try bind(q)
        case .values(let rows): return try bindValues(rows)
        case .setOperation(let op, let all, let l, let r):
            guard op == .union else {
                throw BindError.unsupported(op.rawValue + (all ? " ALL" : ""), hint: "UNION ALL and UNION are supported")
            }
            let left = try bindBody(l)
            let right = try bindBody(r)
            let union = try SetOperationBinder.unionAll(left, right)
            return all ? union : try SelectBinder.distinct(union)
        }
    }

    func bindFrom(_ from: TableReference) throws(SluiceError) -> Relation {
        switch from {
        case .table(let name, let alias, let asOf, let position):
            if asOf != nil { throw BindError.unsupported("FOR SYSTEM_TIME AS OF (temporal joins)") }
            do {
                return try named(name).aliased(alias ?? TableAlias(name.last ?? ""))
            } catch {
                throw BindError.located(error, position)
            }
        case .subquery(let q, let alias): return try bind(q).aliased(alias)
        case .windowFunction(let f, let alias): return try windowFunction(f).aliased(alias)
        case .join(let kind, _, _, _):
            throw BindError.unsupported(kind == .comma ? "a comma join (FROM a, b)" : kind.rawValue, hint: "joins are not implemented yet")
        }
    }

    /// A table, view or WITH name as a relation qualified by its own name.
    func named(_ name: [String]) throws(SluiceError) -> Relation {
        let key = Catalog.key(name)
        if name.count == 1, let cte = ctes[key] {
            var inner = self
            inner.ctes[key] = nil
            return try inner.bind(cte.query).renamed(cte.columns, what: "WITH `\(cte.name)`")
        }
        if let view = catalog.view(name) {
            guard !expanding.contains(key) else { throw .invalidInput("view `\(view.name)` refers to itself") }
            var inner = QueryBinder(catalog: catalog)
            inner.expanding = expanding.union([key])
            return try inner.bind(view.query).renamed(view.columns, what: "view `\(view.name)`")
        }
        if let table = catalog.table(name) {
            let node = ScanNode(table: table, columns: Array(table.columns.indices))
            return Relation(plan: .scan(node), scope: Scope(schema: node.schema, qualifier: table.name))
        }
        throw catalog.unknownRelation(name)
    }

    private func windowFunction(_ f: WindowTableFunction) throws(SluiceError) -> Relation {
        var rel = try named(f.table)
        let binder = ExpressionBinder(scope: rel.scope, functions: catalog.functions)
        let kind = try WindowGrouping.kind(f, binder: binder)
        let (index, fields) = try rel.scope.resolve([f.timeColumn], at: .unknown)
        let field = rel.plan.schema[index]
        let proctime = rel.plan.isProcessingTime(column: index)
        guard fields.isEmpty, proctime || rel.plan.schema.eventTimeIndex == index else {
            throw .invalidInput("DESCRIPTOR(\(f.timeColumn)) of \(f.kind.name) must name a time attribute (the column of a WATERMARK, or PROCTIME()), but `\(field.name)` is a plain \(field.type) column")
        }
        rel.window = WindowSpec(timeColumn: field.name, kind: kind, processingTime: proctime)
        rel.sessionPartition = try f.partitionBy.map { (k: Expression) throws(SluiceError) -> Int in
            guard case .column(let i, _, _) = try binder.bind(k) else {
                throw .invalidInput("SESSION PARTITION BY takes columns of `\(f.table.joined(separator: "."))`, not the expression `\(k)`")
            }
            return i
        }
        let qualifier = rel.scope.entries.first?.qualifier
        for name in WindowGrouping.columnNames {
            rel.scope.entries.append(.init(qualifier: qualifier, name: name, type: .timestamp(precision: 3)))
        }
        return rel
    }

    private func bindValues(_ rows: [[Expression]]) throws(SluiceError) -> Relation {
        guard let width = rows.first?.count, width > 0 else { throw .invalidInput("VALUES needs at least one row") }
        let binder = ExpressionBinder(scope: Scope([]), functions: catalog.functions)
        var bound: [[PhysicalExpression]] = []
        for row in rows {
            guard row.count == width else {
                throw .invalidInput("VALUES rows must have the same number of columns: \(width) and \(row.count)")
            }
            var r: [PhysicalExpression] = []
            for e in row { r.append(try binder.bind(e)) }
            bound.append(r)
        }
        var types: [DataType] = []
        for c in 0..<width {
            let unified = try TypeCoercion.unify("VALUES column \(c + 1)", bound.map { $0[c] })
            types.append(unified[0].type)
            for i in bound.indices { bound[i][c] = unified[i] }
        }
        let empty = RecordBatch.empty(Schema([]))
        var values: [[Value]] = []
        for row in bound {
            var out: [Value] = []
            for e in row {
                guard e.isConstant, case .scalar(let v, _) = try e.evaluate(empty) else {
                    throw .unsupported("VALUES with non-constant expression `\(e)`")
                }
                out.append(v)
            }
            values.append(out)
        }
        let schema = Schema(types.enumerated().map { Field("EXPR$\($0.offset)", $0.element) })
        return Relation(plan: .values(ValuesNode(rows: values, schema: schema)), scope: Scope(schema: schema, qualifier: nil))
    }

    private func bindSort(_ q: Query, _ rel: Relation) throws(SluiceError) -> Relation {
        let binder = ExpressionBinder(scope: rel.scope, functions: catalog.functions)
        var keys: [SortNode.Key] = []
        for item in q.orderBy {
            let column: Int
            if case .literal(.number(let n)) = item.expression, let ordinal = Int(n) {
                guard ordinal >= 1 && ordinal <= rel.plan.schema.count else {
                    throw .invalidInput("ORDER BY \(ordinal): the query has \(rel.plan.schema.count) columns")
                }
                column = ordinal - 1
            } else if case .select(let s) = q.body, let i = s.items.firstIndex(where: { $0.expression == item.expression }),
                      !s.items.contains(where: { if case .star = $0.expression { return true } else { return false } }) {
                column = i
            } else {
                guard case .column(let index, _, _) = try binder.bind(item.expression) else {
                    throw .unsupported("ORDER BY an expression that is not in the select list (`\(item.expression)`); add it to the select list and order by its alias")
                }
                column = index
            }
            let ascending = item.ascending ?? true
            keys.append(.init(column: column, ascending: ascending, nullsFirst: item.nullsFirst ?? ascending))
        }
        let limit = try q.limit.map { (e: Expression) throws(SluiceError) -> Int in try Self.count(e, "LIMIT") }
        let offset = try q.offset.map { (e: Expression) throws(SluiceError) -> Int in try Self.count(e, "OFFSET") } ?? 0
        return Relation(plan: .sort(SortNode(input: rel.plan, keys: keys, limit: limit, offset: offset)), scope: rel.scope)
    }

    private static func count(_ e: Expression, _ what: String) throws(SluiceError) -> Int {
        guard case .literal(.number(let n)) = e, let v = Int(n), v >= 0 else {
            throw .invalidInput("\(what) must be a non-negative integer literal, not \(e)")
        }
        return v
    }
}
