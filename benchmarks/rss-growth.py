#!/usr/bin/env python3
"""Catch-up memory growth from the traces of benchmarks/compare-peers.sh (TRACE_DIR).

For each <run>.log with a catch-up, prints the server's RSS when the 'full' catch-up started (the backlog is stored,
the prefill's clients are gone), the peak RSS until the 'half' catch-up started, and the difference: how much memory
the server needed to replay the whole backlog to one client.

    benchmarks/rss-growth.py TRACE_DIR
"""
import pathlib
import sys


def first_time(log, needle):
    for line in log:
        stamp, _, text = line.partition(" ")
        if needle in text:
            return int(stamp)
    return None


def main():
    trace_dir = pathlib.Path(sys.argv[1])
    print("| run | RSS at start (MiB) | peak during the full catch-up (MiB) | growth (MiB) |")
    print("|---|---:|---:|---:|")
    for log_file in sorted(trace_dir.glob("*.log")):
        log = log_file.read_text(errors="replace").splitlines()
        start = first_time(log, "catch-up full from offset")
        end = first_time(log, "catch-up half from offset")
        rss_file = log_file.with_suffix(".rss")
        if start is None or end is None or not rss_file.exists():
            continue
        samples = []
        for line in rss_file.read_text().splitlines():
            parts = line.split()
            if len(parts) == 2:
                samples.append((int(parts[0]), int(parts[1])))
        before = [kib for t, kib in samples if t <= start]
        during = [kib for t, kib in samples if start <= t <= end]
        if not before or not during:
            continue
        base, peak = before[-1], max(during)
        print(f"| {log_file.stem} | {base / 1024:.0f} | {peak / 1024:.0f} | {(peak - base) / 1024:.0f} |")


if __name__ == "__main__":
    main()
