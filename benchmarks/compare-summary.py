#!/usr/bin/env python3
"""Tables of Herald against the better peer from the JSON lines of benchmarks/compare-peers.sh.

    benchmarks/compare-summary.py results.jsonl [more.jsonl ...]

One row per run, then per scenario and setting the median of each server and Herald's ratio to the better peer
(the better of the Node server and netty-socketio for that figure). CPU per delivered message is the server's CPU
time during the run (serverCpuPct x duration) divided by the distinct deliveries.
"""
import json
import statistics
import sys
from collections import defaultdict

PEERS = ("node-baseline", "netty-socketio")


def server_of(row):
    return row.get("label", "?").split()[0]


def violations(row):
    return sum(v for v in row.get("violations", {}).values() if isinstance(v, (int, float)))


def throughput_figures(row):
    cpu_s = row["serverCpuPct"] / 100 * row["durationMs"] / 1000
    return {
        "acked/s": row["ackedPerSec"],
        "p99 ms": row["latencyMs"]["p99"],
        "server CPU %": row["serverCpuPct"],
        "harness CPU %": row["harnessCpuPct"],
        "server CPU us/delivery": round(cpu_s * 1e6 / row["delivered"], 2) if row["delivered"] else None,
    }


def catchup_figures(row):
    full = next(r for r in row["runs"] if r["name"] == "full")
    return {
        "full msgs/s": full["msgsPerSec"],
        "first message ms": full["firstMessageMs"],
        "RSS peak MiB": round(full["serverRssPeakKiB"] / 1024),
    }


def idle_figures(row):
    last = row["steps"][-1]
    return {
        "connected": last["connected"],
        "KiB/connection": last["serverKiBPerConn"],
        "RSS MiB": round(last["serverRssKiB"] / 1024),
    }


FIGURES = {"throughput": throughput_figures, "catchup": catchup_figures, "idle-conns": idle_figures}
LOWER_IS_BETTER = {"p99 ms", "server CPU us/delivery", "first message ms", "RSS peak MiB", "KiB/connection", "RSS MiB"}


def setting_of(row):
    db = next((part[3:] for part in row.get("label", "").split() if part.startswith("db=")), "?")
    params = row.get("params", {})
    if row["scenario"] == "throughput":
        return f"db={db} S={params.get('senders')} R={params.get('receivers')} N={params.get('messages')}"
    return f"db={db}"


def main():
    rows = []
    for name in sys.argv[1:]:
        with open(name) as f:
            rows += [json.loads(line) for line in f if line.strip().startswith("{")]
    groups = defaultdict(list)
    for row in rows:
        if row["scenario"] in FIGURES:
            groups[(row["scenario"], setting_of(row))].append(row)
    for (scenario, setting), runs in groups.items():
        figure = FIGURES[scenario]
        names = list(figure(runs[0]).keys())
        print(f"\n#### {scenario}, {setting}\n")
        print("| server | label | " + " | ".join(names) + " | violations |")
        print("|---|---|" + "---:|" * (len(names) + 1))
        per_server = defaultdict(list)
        for row in runs:
            values = figure(row)
            per_server[server_of(row)].append(values)
            print(f"| {server_of(row)} | {row.get('label', '')} | "
                  + " | ".join(str(values[n]) for n in names) + f" | {violations(row)} |")
        medians = {s: {n: statistics.median(v[n] for v in vals if v[n] is not None) for n in names}
                   for s, vals in per_server.items()}
        print("\n| median | " + " | ".join(names) + " |")
        print("|---|" + "---:|" * len(names))
        for s, m in medians.items():
            print(f"| {s} | " + " | ".join(f"{m[n]:g}" for n in names) + " |")
        if "herald" in medians and any(p in medians for p in PEERS):
            ratios = []
            for n in names:
                peers = [medians[p][n] for p in PEERS if p in medians]
                best = min(peers) if n in LOWER_IS_BETTER else max(peers)
                herald = medians["herald"][n]
                ratios.append(f"{herald / best:.2f}x" if best else "-")
            print("| herald / better peer | " + " | ".join(ratios) + " |")


if __name__ == "__main__":
    main()
