#!/usr/bin/env python3
"""Start-up of the same workloads from two or more pyjar jars (or one jar with other settings), side by side.

    compare_jars.py [--runs N] [--cold] [--jdks 17,25] [--workloads hello,import20] LABEL=JAR[,VAR=VALUE...] ...

Each alternative is a jar built from benchmarks/startup/workloads (main = bench) and optional
environment variables (PYJAR_JAVA_OPTIONS=..., PYJAR_TUNED_JVM=...). Every alternative gets a
cache directory of its own and one untimed warm-up run per JDK and workload (which makes its
class-data archive). Then each round runs every alternative once, in an order rotated by one per
round, so that a load that comes and goes hits all of them alike; the report gives the median and
minimum wall time and, for each alternative, the median of its per-round ratio to the first one.

--cold times first runs instead: no warm-up, and every run starts with empty caches (pyjar's and
GraalPy's, through XDG_CACHE_HOME), as on a machine that never ran the jar.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

JAVA = {"17": "java", "25": "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java"}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--cold", action="store_true")
    parser.add_argument("--jdks", default="17,25")
    parser.add_argument("--workloads", default="hello,import20")
    parser.add_argument("alternatives", nargs="+")
    options = parser.parse_args()
    alternatives = []
    for spec in options.alternatives:
        label, _, rest = spec.partition("=")
        jar, *variables = rest.split(",")
        alternatives.append((label, jar, dict(variable.split("=", 1) for variable in variables)))
    caches = tempfile.mkdtemp(prefix="compare-jars-")
    try:
        for jdk in options.jdks.split(","):
            for workload in options.workloads.split(","):
                report(jdk, workload, measure(jdk, workload, alternatives, options.runs, caches, options.cold),
                       options.cold)
    finally:
        shutil.rmtree(caches, ignore_errors=True)


def measure(jdk, workload, alternatives, runs, caches, cold):
    times = {label: [] for label, _, _ in alternatives}

    def run(label, jar, variables):
        cache = os.path.join(caches, label + "-" + jdk)
        if cold:
            shutil.rmtree(cache, ignore_errors=True)
        environment = dict(os.environ, PYJAR_CACHE_DIR=cache, **variables)
        if cold:
            environment["XDG_CACHE_HOME"] = cache + "-xdg"
            shutil.rmtree(environment["XDG_CACHE_HOME"], ignore_errors=True)
        start = time.perf_counter()
        done = subprocess.run([JAVA[jdk], "-jar", jar, workload], env=environment,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        elapsed = time.perf_counter() - start
        if done.returncode != 0:
            sys.exit(f"{label} {workload} on JDK {jdk} failed: {done.stderr.decode()}")
        return elapsed

    if not cold:
        for alternative in alternatives:
            run(*alternative)
    for round_ in range(runs):
        order = alternatives[round_ % len(alternatives):] + alternatives[:round_ % len(alternatives)]
        for alternative in order:
            times[alternative[0]].append(run(*alternative))
    return times


def report(jdk, workload, times, cold):
    labels = list(times)
    first = times[labels[0]]
    load = os.getloadavg()[0]
    runs = "first runs, empty caches" if cold else "later runs"
    print(f"\nJDK {jdk}, {workload}, {runs}, {len(first)} rounds (load average {load:.1f} at the end)")
    print(f"{'alternative':<24} {'median s':>9} {'min s':>7} {'ratio to ' + labels[0]:>18}")
    for label in labels:
        ratio = statistics.median(value / reference for value, reference in zip(times[label], first))
        print(f"{label:<24} {statistics.median(times[label]):>9.3f} {min(times[label]):>7.3f} {ratio:>18.3f}")
    sys.stdout.flush()


main()
