#!/usr/bin/env python3
"""Nexmark side by side: the same bid events, the same query files, Apache Flink and Sluice.

Sluice's generator writes the bids of a seeded run to a CSV file once; then each query of
queries/nexmark/ runs on both engines over that file, at the same parallelism, on this machine:
Apache Flink through PyFlink (local mini-cluster, `pip install apache-flink`, Java 11+) and Sluice
through `sluice sql`. The `bid` view of the query files becomes a filesystem table over the file, with
the same watermark; everything else in the files is unchanged (except that `dateTime` is back-quoted for
Flink 2, whose parser reserves DATETIME). Prints each engine's events/s (events
of the generated run, over the job's wall time) and the ratio.

Usage:
  swift build -c release
  python3 Benchmarks/scripts/nexmark_side_by_side.py [--events 2000000] [--parallelism 1]
      [--queries q0,q1,q2,q15,q16,q17,q21,q22] [--sluice .build/release/sluice] [--work /tmp/nexmark-sbs]
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BID_COLUMNS = ("auction BIGINT, bidder BIGINT, price BIGINT, channel STRING, url STRING, "
               "`dateTime` TIMESTAMP(3), extra STRING")
BID_ONLY = ["q0", "q1", "q2", "q15", "q16", "q17", "q21", "q22"]  # q14 needs the CountChar UDF jar on Flink


def generate(sluice, events, work):
    """Writes the bids of a seeded run to <work>/bids/part-0.csv (no header) with Sluice's generator."""
    out = os.path.join(work, "bids")
    shutil.rmtree(out, ignore_errors=True)
    ddl = open(os.path.join(ROOT, "queries/nexmark/ddl.sql")).read()
    ddl = fill(ddl, events).replace("'connector' = 'nexmark',", "'connector' = 'nexmark', 'seed' = '42', "
                                    "'base-time' = '2025-12-31 23:59:53.250',")
    script = ddl + f""";
SET 'execution.runtime-mode' = 'batch';
CREATE TABLE bids_file ({BID_COLUMNS}) WITH (
    'connector' = 'filesystem', 'path' = '{out}', 'format' = 'csv', 'csv.header' = 'false');
INSERT INTO bids_file SELECT auction, bidder, price, channel, url, dateTime, extra FROM bid;
"""
    run_script(sluice, script, work)
    return os.path.join(out, "part-0.csv")


def fill(sql, events):
    values = {"TPS": "10000000", "EVENTS_NUM": str(events), "PERSON_PROPORTION": "1",
              "AUCTION_PROPORTION": "3", "BID_PROPORTION": "46"}
    return re.sub(r"\$\{([A-Z_]+)\}", lambda m: values[m.group(1)], sql)


def bid_table(path):
    return (f"CREATE TABLE bid ({BID_COLUMNS}, WATERMARK FOR `dateTime` AS `dateTime` - INTERVAL '4' SECOND) "
            f"WITH ('connector' = 'filesystem', 'path' = '{path}', 'format' = 'csv')")


def statements(text):
    """The ';'-separated statements of a file, without comment lines."""
    lines = [l for l in text.splitlines() if not l.strip().startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


def run_script(sluice, script, work, parallelism=1):
    """Runs a SQL script with `sluice sql FILE` (a file, since scripts start with comments)."""
    path = os.path.join(work, "script.sql")
    with open(path, "w") as f:
        f.write(script)
    return run([sluice, "sql", "--parallelism", str(parallelism), path])


def run(cmd):
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"{' '.join(cmd[:2])} failed:\n{p.stdout}\n{p.stderr}")
    return p


def sluice_seconds(sluice, query_sql, bids_file, parallelism, work):
    script = bid_table(bids_file) + ";\n" + query_sql
    p = run_script(sluice, script, work, parallelism)
    times = re.findall(r"job finished in ([0-9.]+) s", p.stderr)
    if not times:
        sys.exit(f"sluice printed no job time:\n{p.stderr}")
    return float(times[-1])


def flink_seconds(query_sql, bids_dir, parallelism):
    from pyflink.table import EnvironmentSettings, TableEnvironment
    env = TableEnvironment.create(EnvironmentSettings.in_streaming_mode())
    env.get_config().set("parallelism.default", str(parallelism))
    env.execute_sql(bid_table(bids_dir))
    # This Flink's parser reserves DATETIME: quote the column name as the reference files do not.
    stmts = statements(re.sub(r"(?<!`)\bdateTime\b(?!`)", "`dateTime`", query_sql))
    for s in stmts[:-1]:
        env.execute_sql(s)
    start = time.time()
    env.execute_sql(stmts[-1]).wait()
    return time.time() - start


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--events", type=int, default=2_000_000)
    ap.add_argument("--parallelism", type=int, default=1)
    ap.add_argument("--queries", default=",".join(BID_ONLY))
    ap.add_argument("--sluice", default=os.path.join(ROOT, ".build/release/sluice"))
    ap.add_argument("--work", default="/tmp/nexmark-sbs")
    args = ap.parse_args()
    try:
        import pyflink  # noqa: F401
    except ImportError:
        sys.exit("PyFlink is missing: pip install apache-flink (needs Java 11 or later)")
    if not os.path.exists(args.sluice):
        sys.exit(f"{args.sluice} not found: run swift build -c release")
    os.makedirs(args.work, exist_ok=True)
    bids_file = generate(args.sluice, args.events, args.work)
    print(f"{args.events} events ({sum(1 for _ in open(bids_file))} bids) in {bids_file}; parallelism {args.parallelism}")
    print(f"{'query':6} {'flink events/s':>15} {'sluice events/s':>16} {'ratio':>8}")
    for q in args.queries.split(","):
        sql = open(os.path.join(ROOT, f"queries/nexmark/{q}.sql")).read()
        f = flink_seconds(sql, os.path.dirname(bids_file), args.parallelism)
        s = sluice_seconds(args.sluice, sql, bids_file, args.parallelism, args.work)
        print(f"{q:6} {args.events / f:15,.0f} {args.events / s:16,.0f} {f / s:8.1f}x", flush=True)


if __name__ == "__main__":
    main()
