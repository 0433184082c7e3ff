#!/usr/bin/env python3
"""Instructions per simulated event, counted with callgrind: the simulator's machine-independent speed.

Runs fixed small `fanout simulate` runs under `valgrind --tool=callgrind` (whole process, start-up
and output included) and divides the instructions executed (callgrind's `Ir` total) by what the run
did, read from the run's own JSON:

- `indexed`, 10,000 users, 2 days, seed 1: instructions per event (the `events` metric, the
  scheduler's processed count). Goal: at most 800. Also marginal, the second day alone (2 days
  minus 1 day, in instructions and in events): the simulation's own cost per event, without the
  process's start-up (loading, argument parsing, reading the models, seeding the users), which
  the goal's whole-process figure includes.
- `seed`, 100,000 users, seed 1: instructions per connect attempt in the reconnect storm (the
  `connect_attempts` metric: every attempt that reached API Gateway, whether the quota, Lambda
  or the handler refused it or it connected), and per event. (Until 2026-12-07 the attempts were
  counted as `connect_rejections` plus `connects_per_second` × simulated seconds, which left out
  the attempts Lambda throttled, ~8 % of them in this run.) Start-up (seeding ~60,000 users
  online) would dominate a short run, so these are marginal: the difference between two runs of
  different lengths, divided by the difference in attempts. Goal: at most 100 per connect attempt.
  Two windows: the storm's onset (0.02 -> 0.04 days, while the first failures spread over the
  users), run with every attempt an event (`--reconnects events`, the reference) and with retry
  cohorts (`--reconnects cohorts`); and the steady storm (0.2 -> 0.25 days, cohorts only: the
  reference would take hours under callgrind), where a week-long run spends nearly all its time.
- `engine`, 10,000 users, 2 days, seed 1: instructions per delivery (deliveries = the
  `deliveries_per_second` metric × simulated seconds).

Counts repeat exactly for the same binary, inputs and environment, whatever else the machine is
doing, so they can back a speed claim where wall time cannot. Needs the release binary
(`swift build -c release --product fanout`), valgrind and binutils' `strip`: valgrind 3.19 cannot
read the DWARF that Swift 6.3 writes ("Possibly corrupted debuginfo file"), so the script counts a
copy with its debug sections stripped (the same machine code). Prints a Markdown table; `--json`
prints one JSON object instead.
"""
import argparse
import concurrent.futures
import json
import os
import pathlib
import re
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent

RUNS = [
    # (label, architecture, users, days, what to divide by, goal per unit, extra arguments)
    ("indexed 10k users × 2 days", "indexed", 10_000, 2, "event", 800, []),
    ("(same, marginal: 1 → 2 days, start-up excluded)", "indexed", 10_000, (1, 2), "event", None, []),
    ("seed 100k users, 0.02 → 0.04 days (storm, marginal)", "seed", 100_000, (0.02, 0.04), "connect attempt", 100, []),
    ("(same, `--reconnects cohorts`)", "seed", 100_000, (0.02, 0.04), "connect attempt", 100,
     ["--reconnects", "cohorts"]),
    ("(steady storm: 0.2 → 0.25 days, `--reconnects cohorts`)", "seed", 100_000, (0.2, 0.25),
     "connect attempt", 100, ["--reconnects", "cohorts"]),
    ("engine 10k users × 2 days", "engine", 10_000, 2, "delivery", None, []),
]


def metric(result, name):
    for entry in result["metrics"]:
        if entry["name"] == name:
            return entry["value"]
    raise KeyError(f"the run's JSON has no metric {name!r}")


def counted(binary, architecture, users, days, extra):
    """Runs one simulation under callgrind; returns (instructions, the run's JSON)."""
    with tempfile.TemporaryDirectory() as folder:
        profile = os.path.join(folder, "callgrind.out")
        output = os.path.join(folder, "run.json")
        command = [
            "valgrind", "--tool=callgrind", f"--callgrind-out-file={profile}",
            str(binary), "simulate", "--architecture", architecture, "--users", str(users),
            "--days", str(days), "--seed", "1", "--format", "json", "--output", output, *extra,
        ]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        text = pathlib.Path(profile).read_text()
        match = re.search(r"^(?:summary|totals): (\d+)", text, re.MULTILINE)
        if not match:
            raise RuntimeError(f"{profile}: no instruction total in callgrind's output")
        with open(output) as file:
            return int(match.group(1)), json.load(file)


def units(result, unit, days):
    seconds = days * 86_400
    if unit == "event":
        return metric(result, "events")
    if unit == "connect attempt":
        return metric(result, "connect_attempts")
    if unit == "delivery":
        return metric(result, "deliveries_per_second") * seconds
    raise ValueError(unit)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", default=str(ROOT / ".build" / "release" / "fanout"))
    parser.add_argument("--json", action="store_true", help="one JSON object instead of a table")
    arguments = parser.parse_args()
    if not pathlib.Path(arguments.binary).is_file():
        sys.exit(f"{arguments.binary}: no such binary (swift build -c release --product fanout)")

    folder = tempfile.TemporaryDirectory()
    stripped = os.path.join(folder.name, "fanout")
    subprocess.run(["strip", "--strip-debug", "-o", stripped, arguments.binary], check=True)
    arguments.binary = stripped

    # Each distinct run once, two at a time (callgrind is single-threaded; the machine has 2 cores).
    wanted = []
    for _, architecture, users, days, _, _, extra in RUNS:
        for length in days if isinstance(days, tuple) else (days,):
            key = (architecture, users, length, tuple(extra))
            if key not in wanted:
                wanted.append(key)
    wanted.sort(key=lambda key: -key[1] * key[2])  # the longest first
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        futures = {
            key: pool.submit(counted, arguments.binary, key[0], key[1], key[2], list(key[3]))
            for key in wanted
        }
        done = {key: future.result() for key, future in futures.items()}

    rows = []
    for label, architecture, users, days, unit, goal, extra in RUNS:
        if isinstance(days, tuple):
            shorter, longer = days
            base_instructions, base = done[(architecture, users, shorter, tuple(extra))]
            instructions, result = done[(architecture, users, longer, tuple(extra))]
            instructions -= base_instructions
            count = units(result, unit, longer) - units(base, unit, shorter)
            events = metric(result, "events") - metric(base, "events")
        else:
            instructions, result = done[(architecture, users, days, tuple(extra))]
            count = units(result, unit, days)
            events = metric(result, "events") if unit == "connect attempt" else None
        row = {
            "run": label, "instructions": instructions, "unit": unit, "count": count,
            "instructions_per_unit": instructions / count if count else None, "goal": goal,
        }
        if events and unit != "event":
            row["instructions_per_event"] = instructions / events
        rows.append(row)

    if arguments.json:
        print(json.dumps(rows, indent=2))
        return
    print("| run | instructions | per | count | instructions each | goal |")
    print("|---|---:|---|---:|---:|---:|")
    for row in rows:
        goal = f"≤ {row['goal']}" if row["goal"] else "—"
        print(
            f"| {row['run']} | {row['instructions']:,} | {row['unit']} | {row['count']:,.0f} "
            f"| {row['instructions_per_unit']:,.0f} | {goal} |"
        )
        if "instructions_per_event" in row and row["unit"] != "delivery":
            print(f"| (same run) | | event | | {row['instructions_per_event']:,.0f} | |")


if __name__ == "__main__":
    main()
