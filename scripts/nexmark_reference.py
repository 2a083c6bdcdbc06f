#!/usr/bin/env python3
"""Expected results of the team's Nexmark queries, computed independently of Sluice.

Generates the events with an independent Python implementation of the generator
(scripts/nexmark/generator.py, checked against the test vectors with --check-vectors), writes them to
CSV files (persons.csv, auctions.csv, bids.csv), and runs each query's semantics in DuckDB over those
files, writing <out>/expected/<query>.csv sorted by every column. q12 (processing-time windows) has no
deterministic result; its file holds each bidder's total over all windows, which any run must match.

Usage:
  python3 scripts/nexmark_reference.py --out /tmp/nexmark [--events 20000] [--seed 42] [--rate 10000]
      [--splits 1] [--base-time "2025-12-31 23:59:53.250"] [--queries q0,q1,...] [--no-compat]
  python3 scripts/nexmark_reference.py --check-vectors bench-data/nexmark-vectors
Installs duckdb with pip when it is missing (DuckDB is an oracle, never part of the engine).
"""
import argparse, csv, datetime, json, os, subprocess, sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "nexmark"))
import generator  # noqa: E402

PRICE_RANKS = """
    COUNT(*) FILTER (WHERE price < 10000) AS rank1_bids,
    COUNT(*) FILTER (WHERE price >= 10000 AND price < 1000000) AS rank2_bids,
    COUNT(*) FILTER (WHERE price >= 1000000) AS rank3_bids"""
DISTINCT_RANKS = """
    COUNT(DISTINCT bidder) AS total_bidders,
    COUNT(DISTINCT bidder) FILTER (WHERE price < 10000) AS rank1_bidders,
    COUNT(DISTINCT bidder) FILTER (WHERE price >= 10000 AND price < 1000000) AS rank2_bidders,
    COUNT(DISTINCT bidder) FILTER (WHERE price >= 1000000) AS rank3_bidders,
    COUNT(DISTINCT auction) AS total_auctions,
    COUNT(DISTINCT auction) FILTER (WHERE price < 10000) AS rank1_auctions,
    COUNT(DISTINCT auction) FILTER (WHERE price >= 10000 AND price < 1000000) AS rank2_auctions,
    COUNT(DISTINCT auction) FILTER (WHERE price >= 1000000) AS rank3_auctions"""
CHANNEL_ID = "CASE WHEN regexp_matches(url, '(&|^)channel_id=([^&]*)') " \
             "THEN regexp_extract(url, '(&|^)channel_id=([^&]*)', 2) END"
EURO = "CAST(price AS DECIMAL(19, 0)) * 0.908"

# DuckDB renderings of queries/nexmark/q*.sql (Flink's SPLIT_INDEX is 0-based, split_part 1-based;
# Flink's REGEXP_EXTRACT gives NULL without a match; AVG of BIGINT is a truncated BIGINT).
QUERIES = {
    "q0": "SELECT auction, bidder, price, dateTime, extra FROM bid",
    "q1": f"SELECT auction, bidder, {EURO} AS price, dateTime, extra FROM bid",
    "q2": "SELECT auction, price FROM bid WHERE auction % 123 = 0",
    "q10": "SELECT auction, bidder, price, dateTime, extra, strftime(dateTime, '%Y-%m-%d') AS dt, "
           "strftime(dateTime, '%H:%M') AS hm FROM bid",
    "q12": "SELECT bidder, COUNT(*) AS bid_count FROM bid GROUP BY bidder",
    "q14": f"""SELECT auction, bidder, {EURO} AS price,
                CASE WHEN hour(dateTime) >= 8 AND hour(dateTime) <= 18 THEN 'dayTime'
                     WHEN hour(dateTime) <= 6 OR hour(dateTime) >= 20 THEN 'nightTime'
                     ELSE 'otherTime' END AS bidTimeType,
                dateTime, extra, length(extra) - length(replace(extra, 'c', '')) AS c_counts
              FROM bid WHERE {EURO} > 1000000 AND {EURO} < 50000000""",
    "q15": f"""SELECT strftime(dateTime, '%Y-%m-%d') AS day, COUNT(*) AS total_bids, {PRICE_RANKS},
                {DISTINCT_RANKS} FROM bid GROUP BY day""",
    "q16": f"""SELECT channel, strftime(dateTime, '%Y-%m-%d') AS day, max(strftime(dateTime, '%H:%M')) AS minute,
                COUNT(*) AS total_bids, {PRICE_RANKS}, {DISTINCT_RANKS} FROM bid GROUP BY channel, day""",
    "q17": f"""SELECT auction, strftime(dateTime, '%Y-%m-%d') AS day, COUNT(*) AS total_bids, {PRICE_RANKS},
                min(price) AS min_price, max(price) AS max_price, sum(price) // COUNT(*) AS avg_price,
                sum(price) AS sum_price FROM bid GROUP BY auction, day""",
    "q21": f"""SELECT auction, bidder, price, channel,
                CASE lower(channel) WHEN 'apple' THEN '0' WHEN 'google' THEN '1' WHEN 'facebook' THEN '2'
                     WHEN 'baidu' THEN '3' ELSE {CHANNEL_ID} END AS channel_id
              FROM bid WHERE {CHANNEL_ID} IS NOT NULL OR lower(channel) IN ('apple', 'google', 'facebook', 'baidu')""",
    "q22": "SELECT auction, bidder, price, channel, split_part(url, '/', 4) AS dir1, "
           "split_part(url, '/', 5) AS dir2, split_part(url, '/', 6) AS dir3 FROM bid",
}
KINDS = [("persons", "person", ["id BIGINT", "name VARCHAR", "emailAddress VARCHAR", "creditCard VARCHAR",
                                 "city VARCHAR", "state VARCHAR", "dateTime TIMESTAMP", "extra VARCHAR"]),
         ("auctions", "auction", ["id BIGINT", "itemName VARCHAR", "description VARCHAR", "initialBid BIGINT",
                                   "reserve BIGINT", "dateTime TIMESTAMP", "expires TIMESTAMP", "seller BIGINT",
                                   "category BIGINT", "extra VARCHAR"]),
         ("bids", "bid", ["auction BIGINT", "bidder BIGINT", "price BIGINT", "channel VARCHAR", "url VARCHAR",
                          "dateTime TIMESTAMP", "extra VARCHAR"])]


def ensure_duckdb():
    try:
        import duckdb  # noqa: F401
    except ImportError:
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "duckdb"], check=True)
    import duckdb
    return duckdb


def timestamp(ms):
    t = datetime.datetime.fromtimestamp(ms // 1000, datetime.timezone.utc)
    return t.strftime("%Y-%m-%d %H:%M:%S") + ".%03d" % (ms % 1000)


def with_timestamps(fields):
    return {k: timestamp(v) if k in ("dateTime", "expires") else v for k, v in fields.items()}


def base_millis(text):
    t = datetime.datetime.strptime(text, "%Y-%m-%d %H:%M:%S.%f").replace(tzinfo=datetime.timezone.utc)
    return int(t.timestamp() * 1000)


def cell(value):
    """Timestamps as `yyyy-MM-dd HH:mm:ss.SSS`, like Sluice prints TIMESTAMP(3)."""
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.") + "%03d" % (value.microsecond // 1000)
    return value


def check_vectors(directory):
    ok = True
    for splits in (1, 2):
        path = os.path.join(directory, f"seed42-rate10000-splits{splits}.jsonl")
        expected = [json.loads(line) for line in open(path, encoding="utf-8")]
        o = dict(events=500, seed=42, rate=10000, person=1, auction=3, bid=46, compat=True,
                 base_ms=base_millis("2025-12-31 23:59:53.250"))
        got = []
        for kind, fields in generator.merged(o, splits):
            row = {"event_type": kind, "person": None, "auction": None, "bid": None}
            row[["person", "auction", "bid"][kind]] = with_timestamps(fields)
            got.append(row)
        bad = sum(1 for a, b in zip(got, expected) if a != b) + abs(len(got) - len(expected))
        print(f"{path}: {len(expected)} events, {bad} differ")
        ok = ok and bad == 0
    return ok


def write_events(o, splits, directory):
    files = {kind: open(os.path.join(directory, f"{name}.csv"), "w", newline="", encoding="utf-8")
             for kind, (name, _, _) in enumerate(KINDS)}
    writers = {kind: csv.writer(f) for kind, f in files.items()}
    for kind, fields in generator.merged(o, splits):
        writers[kind].writerow(with_timestamps(fields).values())
    for f in files.values():
        f.close()


def run_queries(directory, names):
    duckdb = ensure_duckdb()
    db = duckdb.connect()
    for name, view, columns in KINDS:
        types = ", ".join(f"'{c.split()[0]}': '{c.split()[1]}'" for c in columns)
        db.execute(f"CREATE VIEW {view} AS SELECT * FROM read_csv('{directory}/{name}.csv', header = false, "
                   f"columns = {{{types}}}, quote = '\"', escape = '\"')")
    os.makedirs(os.path.join(directory, "expected"), exist_ok=True)
    for q in names:
        result = db.execute(f"SELECT * FROM ({QUERIES[q]}) ORDER BY ALL")
        header = [d[0] for d in result.description]
        rows = result.fetchall()
        with open(os.path.join(directory, "expected", f"{q}.csv"), "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(header)
            w.writerows([cell(v) for v in row] for row in rows)
        print(f"{q}: {len(rows)} rows")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out")
    p.add_argument("--events", type=int, default=20000)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--rate", type=int, default=10000)
    p.add_argument("--splits", type=int, default=1)
    p.add_argument("--base-time", default="2025-12-31 23:59:53.250")
    p.add_argument("--queries", default=",".join(QUERIES))
    p.add_argument("--no-compat", action="store_true", help="bidders with the person offset added once")
    p.add_argument("--check-vectors", metavar="DIR")
    a = p.parse_args()
    if a.check_vectors:
        sys.exit(0 if check_vectors(a.check_vectors) else 1)
    if not a.out:
        p.error("--out is required (or --check-vectors)")
    names = [q.strip() for q in a.queries.split(",") if q.strip()]
    unknown = [q for q in names if q not in QUERIES]
    if unknown:
        p.error(f"unknown queries {unknown}; known: {', '.join(QUERIES)}")
    os.makedirs(a.out, exist_ok=True)
    o = dict(events=a.events, seed=a.seed, rate=a.rate, person=1, auction=3, bid=46, compat=not a.no_compat,
             base_ms=base_millis(a.base_time))
    write_events(o, a.splits, a.out)
    run_queries(a.out, names)


if __name__ == "__main__":
    main()
