#!/usr/bin/env python3
"""Regenerates the README's benchmark figures from the code, so they cannot drift from it.

Every block in README.md preceded by a marker

    <!-- figures: COMMAND -->
    Measured ...: (a stamp line this script writes)
    ```
    ... (what COMMAND prints)
    ```

is rerun: COMMAND goes to the shell from the repository root, its standard output replaces the
block (a fenced block, or a Markdown table whose lines start with `|`), and the stamp line above it
says when (UTC), on what CPU, and the 1-minute load average before and after. The prose around a
block, which reads the figures, is the author's to update; `git diff README.md` shows what moved.

Needs the release build (`swift build -c release --product fanout`); some commands need more
(valgrind for Benchmarks/instructions.py, SimPy for `bench des` — `FANOUT_SIMPY_PYTHON` names an
interpreter that has it, default python3). Options:

    python3 Benchmarks/readme-figures.py            # rerun every marked block
    python3 Benchmarks/readme-figures.py --only des  # only markers whose command contains "des"
    python3 Benchmarks/readme-figures.py --list      # print the markers, run nothing

The README is rewritten atomically once all selected commands succeeded; a failing command leaves
it as it was.
"""
import argparse
import datetime
import os
import pathlib
import re
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
MARKER = re.compile(r"^<!-- figures: (.+) -->$")
STAMP = re.compile(r"^Measured \d{4}-\d\d-\d\d \d\d:\d\d UTC on .*:$")


def blocks(lines):
    """Yields (marker line, command, first line of the block, end line exclusive) per marker."""
    for i, line in enumerate(lines):
        match = MARKER.match(line)
        if not match:
            continue
        j = i + 1
        if j < len(lines) and STAMP.match(lines[j]):
            j += 1
        while j < len(lines) and lines[j] == "":
            j += 1
        if j < len(lines) and lines[j].startswith("```"):
            end = j + 1
            while end < len(lines) and not lines[end].startswith("```"):
                end += 1
            if end == len(lines):
                sys.exit(f"README.md:{i + 1}: the block after the marker has no closing fence")
            yield i, match.group(1), j, end + 1
        elif j < len(lines) and lines[j].startswith("|"):
            end = j
            while end < len(lines) and lines[end].startswith("|"):
                end += 1
            yield i, match.group(1), j, end
        else:
            sys.exit(f"README.md:{i + 1}: a figures marker must be followed by a fenced block or a table")


def load_average():
    try:
        return float(pathlib.Path("/proc/loadavg").read_text().split()[0])
    except OSError:
        return None


def cpu_model():
    try:
        for line in pathlib.Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown CPU"


def run(command):
    """Runs `command` from the repository root; its standard output, or exits naming it."""
    environment = dict(os.environ)
    environment.setdefault("FANOUT_SIMPY_PYTHON", "python3")
    before = load_average()
    started = datetime.datetime.now(datetime.timezone.utc)
    result = subprocess.run(command, shell=True, cwd=ROOT, env=environment, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"readme-figures: `{command}` failed ({result.returncode}): {result.stderr.strip()[-400:]}")
    after = load_average()
    loads = "unknown" if before is None else f"{before:.2f} before, {after:.2f} after"
    stamp = (
        f"Measured {started:%Y-%m-%d %H:%M} UTC on {cpu_model()}, {os.cpu_count()} cores "
        f"(load average {loads}; `python3 Benchmarks/readme-figures.py` reruns it):"
    )
    return stamp, result.stdout.rstrip("\n").split("\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="rerun only markers whose command contains this text")
    parser.add_argument("--list", action="store_true", help="print the markers and run nothing")
    args = parser.parse_args()
    lines = README.read_text().split("\n")
    found = [b for b in blocks(lines) if args.only is None or args.only in b[1]]
    if args.list or not found:
        for marker, command, _, _ in found:
            print(f"README.md:{marker + 1}: {command}")
        if not found:
            sys.exit("readme-figures: no marker matches")
        return
    # Replace from the last block up, so earlier line numbers stay valid.
    for marker, command, start, end in reversed(found):
        print(f"running: {command}", file=sys.stderr)
        stamp, output = run(command)
        fenced = lines[start].startswith("```")
        body = ["```"] + output + ["```"] if fenced else output
        lines[marker + 1 : end] = [stamp, ""] + body
    with tempfile.NamedTemporaryFile("w", dir=ROOT, delete=False, prefix=".README.", suffix=".tmp") as out:
        out.write("\n".join(lines))
    os.replace(out.name, README)


if __name__ == "__main__":
    main()
