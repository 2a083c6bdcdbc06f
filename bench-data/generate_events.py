#!/usr/bin/env python3
"""Writes the Sluice sample events CSV: ts,color,shape,value,price.

Seeded and deterministic: the same --rows and --seed always give the same bytes. Python 3 standard
library only. Rows are generated and written in chunks, so 10 M rows and more stream to disk in a
few seconds per million rows with flat memory use.

    python3 bench-data/generate_events.py                      # 300 000 rows -> bench-data/events.csv
    python3 bench-data/generate_events.py --rows 10000000 --out bench-data/large/events-10m.csv
"""

import argparse
import os
import random
import sys
import time

# Skewed frequencies (weights), orange among them: the usual "filter orange, count per color" demo.
COLORS = ["red", "blue", "green", "orange", "yellow", "purple", "black", "white"]
COLOR_WEIGHTS = [26, 19, 15, 12, 10, 8, 6, 4]
SHAPES = ["circle", "square", "triangle", "star", "hexagon"]
SHAPE_WEIGHTS = [35, 30, 20, 10, 5]

START_MS = 1_704_067_200_000  # 2024-01-01 00:00:00.000 UTC
MAX_STEP_MS = 20              # the clock advances 0..20 ms per row (10 ms on average)
LATE_FRACTION = 0.02          # rows written up to LATE_MAX_MS behind the clock
LATE_MAX_MS = 4_000
CHUNK = 20_000


def cumulative(weights):
    total, out = 0, []
    for w in weights:
        total += w
        out.append(total)
    return out


def generate(rows, seed, out):
    rng = random.Random(seed)
    color_cum = cumulative(COLOR_WEIGHTS)
    shape_cum = cumulative(SHAPE_WEIGHTS)
    second_text = {}
    clock = START_MS
    written = 0
    out.write("ts,color,shape,value,price\n")
    while written < rows:
        n = min(CHUNK, rows - written)
        colors = rng.choices(COLORS, cum_weights=color_cum, k=n)
        shapes = rng.choices(SHAPES, cum_weights=shape_cum, k=n)
        lines = []
        append = lines.append
        rand = rng.random
        randrange = rng.randrange
        for i in range(n):
            clock += randrange(MAX_STEP_MS + 1)
            ts = clock
            if rand() < LATE_FRACTION:
                ts = clock - 1 - randrange(LATE_MAX_MS)
            sec, ms = divmod(ts, 1000)
            prefix = second_text.get(sec)
            if prefix is None:
                if len(second_text) > 100_000:
                    second_text.clear()
                prefix = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(sec))
                second_text[sec] = prefix
            # value: mostly small positive counts, about 10 % negative adjustments.
            value = randrange(-50, 450)
            cents = randrange(50, 25_000)
            append(f"{prefix}.{ms:03d},{colors[i]},{shapes[i]},{value},{cents // 100}.{cents % 100:02d}\n")
        out.write("".join(lines))
        written += n


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description="Write the Sluice sample events CSV.")
    parser.add_argument("--rows", type=int, default=300_000, help="number of data rows (default 300000)")
    parser.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    parser.add_argument("--out", default=os.path.join(here, "events.csv"),
                        help="output path, '-' for stdout (default bench-data/events.csv)")
    args = parser.parse_args()
    if args.rows < 0:
        parser.error("--rows must be >= 0")
    if args.out == "-":
        generate(args.rows, args.seed, sys.stdout)
        return
    directory = os.path.dirname(os.path.abspath(args.out))
    os.makedirs(directory, exist_ok=True)
    with open(args.out, "w", encoding="ascii", newline="\n", buffering=4 << 20) as out:
        generate(args.rows, args.seed, out)


if __name__ == "__main__":
    main()
