#!/usr/bin/env python3
"""Runs every README example marked `<!-- check: ARGS -->` and compares its output.

The marker names the arguments of `fanout`; the next code block (fenced, or indented by four
spaces) is what the command prints on standard output. The release binary must be built
(`swift build -c release --product fanout`). Exits 1 and shows a diff when any example differs.

`--only TEXT` runs only the examples whose arguments contain TEXT; `--update` writes what each
differing example printed into its fenced block instead (review the diff before committing).
"""
import argparse
import difflib
import pathlib
import re
import shlex
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
BINARY = ROOT / ".build" / "release" / "fanout"
MARKER = re.compile(r"^<!-- check: (.+) -->$")


def examples(lines):
    """Yields (line number, arguments, expected text, fenced lines as a range or None)."""
    i = 0
    while i < len(lines):
        match = MARKER.match(lines[i])
        if not match:
            i += 1
            continue
        start = i + 1
        j = start
        while j < len(lines) and lines[j].strip() == "":
            j += 1
        block = []
        fenced = None
        if j < len(lines) and lines[j].startswith("```"):
            j += 1
            first = j
            while j < len(lines) and not lines[j].startswith("```"):
                block.append(lines[j])
                j += 1
            fenced = range(first, j)
        else:
            while j < len(lines) and (lines[j].startswith("    ") or lines[j].strip() == ""):
                block.append(lines[j][4:] if lines[j].startswith("    ") else "")
                j += 1
        yield i + 1, shlex.split(match.group(1)), normalise("\n".join(block)), fenced
        i = j


def normalise(text):
    return "\n".join(line.rstrip() for line in text.strip("\n").split("\n"))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", help="run only the examples whose arguments contain this text")
    parser.add_argument("--update", action="store_true", help="write differing outputs into their fenced blocks")
    options = parser.parse_args()
    if not BINARY.exists():
        print(f"check-readme: {BINARY} is missing; build it with swift build -c release --product fanout")
        return 1
    lines = (ROOT / "README.md").read_text(encoding="utf-8").split("\n")
    failures = 0
    count = 0
    replacements = []
    for line, arguments, expected, fenced in examples(lines):
        if options.only and options.only not in " ".join(arguments):
            continue
        count += 1
        run = subprocess.run([str(BINARY), *arguments], cwd=ROOT, capture_output=True, text=True, timeout=600)
        actual = normalise(run.stdout)
        if run.returncode != 0 or actual != expected:
            failures += 1
            print(f"README.md:{line}: fanout {' '.join(arguments)} (exit {run.returncode}) differs:")
            for diff in difflib.unified_diff(expected.split("\n"), actual.split("\n"), "README", "fanout", lineterm=""):
                print("    " + diff)
            if run.stderr:
                print("    stderr: " + run.stderr.strip())
            if options.update and run.returncode == 0 and fenced is not None:
                replacements.append((fenced, actual.split("\n")))
    if replacements:
        for fenced, new in sorted(replacements, key=lambda r: r[0].start, reverse=True):
            lines[fenced.start : fenced.stop] = new
        text = "\n".join(lines)
        temporary = ROOT / "README.md.tmp"
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(ROOT / "README.md")
        print(f"check-readme: updated {len(replacements)} example(s) in README.md")
    print(f"check-readme: {count - failures} of {count} examples match")
    return 1 if failures or count == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
