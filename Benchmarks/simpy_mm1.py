#!/usr/bin/env python3
"""The M/M/1 model of `fanout bench des`, in SimPy, for a same-run speed comparison.

Prints one JSON line: {"customers", "events", "seconds", "events_per_second", "mean_wait", "simpy"}.
Needs `pip install simpy`. Same model as Sources/SimKernel/Models/MM1Queue.swift: Poisson arrivals,
exponential service, one server; an event is an arrival or a departure (SimPy also counts the
process bookkeeping events it needs, which are not included in `events`).
"""
import argparse
import json
import random
import time

import simpy


def run(customers, arrival_rate, service_rate, seed):
    env = simpy.Environment()
    server = simpy.Resource(env, capacity=1)
    arrivals = random.Random(seed)
    services = random.Random(seed + 1)
    waits = []

    def customer(env):
        arrived = env.now
        with server.request() as request:
            yield request
            waits.append(env.now - arrived)
            yield env.timeout(services.expovariate(service_rate))

    def source(env):
        for _ in range(customers):
            yield env.timeout(arrivals.expovariate(arrival_rate))
            env.process(customer(env))

    env.process(source(env))
    start = time.perf_counter()
    env.run()
    seconds = time.perf_counter() - start
    return seconds, sum(waits) / len(waits)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--customers", type=int, default=200_000)
    parser.add_argument("--arrival-rate", type=float, default=0.9)
    parser.add_argument("--service-rate", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    seconds, mean_wait = run(args.customers, args.arrival_rate, args.service_rate, args.seed)
    events = 2 * args.customers
    print(json.dumps({
        "customers": args.customers,
        "events": events,
        "seconds": seconds,
        "events_per_second": events / seconds,
        "mean_wait": mean_wait,
        "simpy": simpy.__version__,
    }))


if __name__ == "__main__":
    main()
