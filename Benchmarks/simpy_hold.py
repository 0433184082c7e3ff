#!/usr/bin/env python3
"""The hold model of `fanout bench des`, in SimPy, for a same-run speed comparison.

Prints one JSON line: {"pending", "holds", "seconds", "holds_per_second", "simpy"}.
Needs `pip install simpy`. Same model as Sources/SimKernel/Models/HoldModel.swift: `pending`
events are always in the queue; each hold takes the earliest and schedules one more at an
exponential delay (mean 1). In SimPy's idiom that is `pending` processes, each looping
`yield env.timeout(expovariate(1))`: one timeout event per hold (the processes' start-up events
are not counted).
"""
import argparse
import json
import random
import time

import simpy


def run(pending, holds, seed):
    env = simpy.Environment()
    rng = random.Random(seed)
    per_process = holds // pending

    def holder(env):
        for _ in range(per_process):
            yield env.timeout(rng.expovariate(1.0))

    for _ in range(pending):
        env.process(holder(env))
    start = time.perf_counter()
    env.run()
    return per_process * pending, time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pending", type=int, default=1_000)
    parser.add_argument("--holds", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    holds, seconds = run(args.pending, args.holds, args.seed)
    print(json.dumps({
        "pending": args.pending,
        "holds": holds,
        "seconds": seconds,
        "holds_per_second": holds / seconds,
        "simpy": simpy.__version__,
    }))


if __name__ == "__main__":
    main()
