"""SimPy versions of the KernelBenchmarks models (same structure, same parameters).

Prints CSV rows like KernelBenchmarks: benchmark,api,n,events,seconds,events_per_second,peak_rss_kb
"events" counts the same work as TwinKit's: (a) one per timeout, (b) per customer 4 (arrival hold,
request, service hold, completion), (c) one per delay.
"""
import random
import resource
import sys
import time

import simpy


def peak_rss_kb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def report(name, n, events, seconds):
    print(f"{name},simpy,{n},{events},{seconds},{events / seconds},{peak_rss_kb()}", flush=True)


def timeouts(processes=1000, count=1000):
    env = simpy.Environment()

    def proc(env):
        for _ in range(count):
            yield env.timeout(1)

    for _ in range(processes):
        env.process(proc(env))
    start = time.perf_counter()
    env.run()
    return processes * count, time.perf_counter() - start


def mm1(customers=250_000):
    env = simpy.Environment()
    server = simpy.Resource(env, capacity=1)
    arrivals, service = random.Random(1), random.Random(2)
    served = [0]

    def customer(env):
        with server.request() as request:
            yield request
            yield env.timeout(service.expovariate(1.0))
        served[0] += 1

    def source(env):
        for _ in range(customers):
            yield env.timeout(arrivals.expovariate(0.9))
            env.process(customer(env))

    env.process(source(env))
    start = time.perf_counter()
    env.run()
    assert served[0] == customers
    return 4 * customers, time.perf_counter() - start


def pending(n, events):
    env = simpy.Environment()
    rng = random.Random(3)
    remaining = [events]

    def entity(env):
        while remaining[0] > 0:
            remaining[0] -= 1
            yield env.timeout(rng.uniform(0, 2 * n))

    for _ in range(n):
        env.process(entity(env))
    start = time.perf_counter()
    env.run()
    return events, time.perf_counter() - start


if __name__ == "__main__":
    which = set(sys.argv[1:]) or {"a", "b", "c"}
    print("benchmark,api,n,events,seconds,events_per_second,peak_rss_kb")
    if "a" in which:
        for _ in range(3):
            report("timeouts", 1000, *timeouts())
    if "b" in which:
        for _ in range(3):
            report("mm1", 250_000, *mm1())
    if "c" in which:
        for n in (1_000, 10_000, 100_000, 1_000_000):
            report("pending", n, *pending(n, 2_000_000 + n))
