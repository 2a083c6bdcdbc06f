import Testing
import SluiceColumnar
@testable import SluiceSQL

@Suite("Statement parser")
struct StatementParserTests {
    @Test("CREATE TABLE with types, NOT NULL, computed column, watermark, key, partitions and options")
    func createTable() throws {
        let sql = """
            CREATE TEMPORARY TABLE IF NOT EXISTS db.orders (
              id BIGINT NOT NULL COMMENT 'order id',
              price DECIMAL(10, 2),
              name VARCHAR(20),
              ts TIMESTAMP(3),
              lts TIMESTAMP(3) WITH LOCAL TIME ZONE,
              ltz TIMESTAMP_LTZ(3),
              info ROW(city STRING, zip INT NOT NULL),
              total AS price * 2,
              `day` STRING,
              WATERMARK FOR ts AS ts - INTERVAL '5' SECOND,
              CONSTRAINT pk PRIMARY KEY (id) NOT ENFORCED
            ) COMMENT 'orders' PARTITIONED BY (`day`) WITH ('connector' = 'filesystem', 'path' = '/tmp/o')
            """
        guard case .createTable(let t) = try statement(sql) else { Issue.record("not CREATE TABLE"); return }
        #expect(t.name == ["db", "orders"])
        #expect(t.temporary && t.ifNotExists)
        #expect(t.columns.map(\.name) == ["id", "price", "name", "ts", "lts", "ltz", "info", "total", "day"])
        #expect(t.columns[0] == ColumnDefinition("id", .physical(TypeName(.int64, nullable: false)), comment: "order id"))
        #expect(t.columns[1].kind == .physical(TypeName(.decimal(precision: 10, scale: 2))))
        #expect(t.columns[2].kind == .physical(TypeName(.string)))
        #expect(t.columns[3].kind == .physical(TypeName(.timestamp(precision: 3))))
        #expect(t.columns[4].kind == .physical(TypeName(.timestampLTZ(precision: 3))))
        #expect(t.columns[5].kind == .physical(TypeName(.timestampLTZ(precision: 3))))
        #expect(t.columns[6].kind == .physical(TypeName(.row([Field("city", .string), Field("zip", .int32, nullable: false)]))))
        #expect(t.columns[7].kind == .computed(.binary(.multiply, col("price"), num("2"))))
        #expect(t.watermark == WatermarkDefinition(column: ["ts"], expression: .binary(.subtract, col("ts"), seconds("5"))))
        #expect(t.primaryKey == ["id"])
        #expect(t.comment == "orders")
        #expect(t.partitionedBy == ["day"])
        #expect(t.options == [TableOption("connector", "filesystem"), TableOption("path", "/tmp/o")])
        #expect(t.option("path") == "/tmp/o")
    }

    @Test("a column-level PRIMARY KEY NOT ENFORCED")
    func columnPrimaryKey() throws {
        guard case .createTable(let t) = try statement("CREATE TABLE t (id INT PRIMARY KEY NOT ENFORCED, v INT)") else {
            Issue.record("not CREATE TABLE"); return
        }
        #expect(t.primaryKey == ["id"])
    }

    @Test("CREATE VIEW, CREATE FUNCTION, DROP")
    func catalogStatements() throws {
        #expect(try statement("CREATE TEMPORARY VIEW v (a) AS SELECT x FROM t") == .createView(CreateView(
            name: ["v"], temporary: true, columns: ["a"], query: try query("SELECT x FROM t"))))
        #expect(try statement("CREATE FUNCTION count_char AS 'com.example.CountChar'") == .createFunction(
            CreateFunction(name: ["count_char"], className: "com.example.CountChar")))
        #expect(try statement("CREATE TEMPORARY SYSTEM FUNCTION f AS 'a.B' LANGUAGE java") == .createFunction(
            CreateFunction(name: ["f"], temporary: true, system: true, className: "a.B", language: "JAVA")))
        #expect(try statement("DROP TABLE IF EXISTS t") == .drop(Drop(.table, name: ["t"], ifExists: true)))
        #expect(try statement("DROP TEMPORARY VIEW v") == .drop(Drop(.view, name: ["v"], temporary: true)))
        #expect(try statement("DROP FUNCTION f") == .drop(Drop(.function, name: ["f"])))
    }

    @Test("INSERT INTO with and without a column list; INSERT OVERWRITE")
    func insert() throws {
        #expect(try statement("INSERT INTO results SELECT color, COUNT(*) FROM events GROUP BY color") == .insert(Insert(
            table: ["results"], query: try query("SELECT color, COUNT(*) FROM events GROUP BY color"))))
        #expect(try statement("INSERT INTO r (a, b) SELECT 1, 2") == .insert(Insert(
            table: ["r"], columns: ["a", "b"], query: try query("SELECT 1, 2"))))
        #expect(try statement("INSERT INTO r (SELECT 1)") == .insert(Insert(table: ["r"], query: try query("SELECT 1"))))
        #expect(try statement("INSERT OVERWRITE r VALUES (1, 'a')") == .insert(Insert(
            table: ["r"], overwrite: true, query: Query(body: .values([[num("1"), str("a")]])))))
    }

    @Test("SET, RESET, EXPLAIN, SHOW, DESCRIBE")
    func utilityStatements() throws {
        #expect(try statement("SET 'execution.runtime-mode' = 'batch'") == .set(key: "execution.runtime-mode", value: "batch"))
        #expect(try statement("SET execution.runtime-mode = batch") == .set(key: "execution.runtime-mode", value: "batch"))
        #expect(try statement("SET") == .set(key: nil, value: nil))
        #expect(try statement("RESET 'parallelism.default'") == .reset(key: "parallelism.default"))
        #expect(try statement("RESET") == .reset(key: nil))
        #expect(try statement("EXPLAIN PLAN FOR SELECT 1") == .explain(.query(try query("SELECT 1")), details: []))
        #expect(try statement("EXPLAIN CHANGELOG_MODE, ESTIMATED_COST INSERT INTO r SELECT 1") == .explain(
            .insert(Insert(table: ["r"], query: try query("SELECT 1"))), details: ["CHANGELOG_MODE", "ESTIMATED_COST"]))
        #expect(try statement("show tables") == .show(.tables))
        #expect(try statement("SHOW FUNCTIONS") == .show(.functions))
        #expect(try statement("DESCRIBE bid") == .describe(["bid"]))
    }

    @Test("a script splits on ';' but not on one in a string or comment, and skips empty statements")
    func scripts() throws {
        let script = """
            SET 'a' = 'x;y'; -- a comment; with a semicolon
            ;;
            /* ; */ SELECT ';' FROM t;
            SHOW TABLES
            """
        let statements = try SQLParser.parse(script: script)
        #expect(statements.count == 3)
        #expect(statements[0] == .set(key: "a", value: "x;y"))
        #expect(statements[2] == .show(.tables))
        #expect(try SQLParser.splitStatements(script) == ["SET 'a' = 'x;y'", "SELECT ';' FROM t", "SHOW TABLES"])
        #expect(try SQLParser.parse(script: "  -- nothing\n").isEmpty)
    }
}
