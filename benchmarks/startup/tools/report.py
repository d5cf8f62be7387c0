"""Turns run.sh's raw results into Markdown tables: report.py RESULTS_DIR.

RESULTS_DIR/<jdk>/<workload>/round-<n>.json are hyperfine exports (one run of each alternative
per round), rss/<alt>.<n> the peak RSS in KiB that /usr/bin/time wrote for that run.

Ratios to pyjar are taken round by round (both runs of a round ran within seconds of each other)
and their median reported: on a shared machine that is steadier than a ratio of medians.
"""

import json
import statistics
import sys
from pathlib import Path

WORKLOAD_NAMES = {
    "empty": "1. empty",
    "hello": "2. hello",
    "import20": "3. import 20 packages",
    "import19": "3b. import20 without sqlite3",
    "importall": "4. import all stdlib",
    "pygments": "5. pygments → HTML",
}
REFERENCE = "pyjar"


def load(results: Path):
    """{jdk: {workload: {alt: {"times": {round: s}, "rss": {round: KiB}, "failed": n}}}}"""
    data = {}
    for jdk_dir in sorted(p for p in results.iterdir() if p.is_dir()):
        for wl_dir in sorted(p for p in jdk_dir.iterdir() if p.is_dir()):
            per_alt = {}
            for round_file in sorted(wl_dir.glob("round-*.json")):
                n = int(round_file.stem.split("-")[1])
                for result in json.loads(round_file.read_text())["results"]:
                    alt = result["command"]
                    entry = per_alt.setdefault(alt, {"times": {}, "rss": {}, "failed": 0})
                    if any(code != 0 for code in result.get("exit_codes", [0])):
                        entry["failed"] += 1
                        continue
                    entry["times"][n] = result["times"][0]
                    rss_file = wl_dir / "rss" / f"{alt}.{n}"
                    if rss_file.exists():
                        numbers = [l for l in rss_file.read_text().split() if l.isdigit()]
                        if numbers:
                            entry["rss"][n] = int(numbers[-1])
            launcher = wl_dir / "pyjar-launcher-rss"
            if REFERENCE in per_alt and launcher.exists() and launcher.read_text().strip().isdigit():
                # The tuned run is two JVMs: add the first one's peak to the second's.
                extra = int(launcher.read_text())
                per_alt[REFERENCE]["launcher_kib"] = extra
                per_alt[REFERENCE]["rss"] = {n: v + extra for n, v in per_alt[REFERENCE]["rss"].items()}
            if per_alt:
                data.setdefault(jdk_dir.name, {})[wl_dir.name] = per_alt
    return data


def round_ratio(entry, ref, key):
    """Median over the rounds both have of entry/ref."""
    common = sorted(set(entry[key]) & set(ref[key]))
    if not common:
        return None
    return statistics.median(entry[key][n] / ref[key][n] for n in common)


def fmt(value, spec):
    return "–" if value is None else format(value, spec)


def main():
    results = Path(sys.argv[1])
    data = load(results)
    descriptions = {}
    alt_file = results / "alternatives.tsv"
    if alt_file.exists():
        for line in alt_file.read_text().splitlines():
            key, _, text = line.partition("\t")
            descriptions[key] = text
    order = list(descriptions) or None
    machine = results / "machine.txt"
    if machine.exists():
        print("```")
        print(machine.read_text().rstrip())
        print("```")
        print()
    for jdk, workloads in data.items():
        print(f"### JDK {jdk}")
        print()
        print("| workload | alternative | median s | min s | × pyjar (time) | peak RSS MiB | × pyjar (RSS) |")
        print("|---|---|---:|---:|---:|---:|---:|")
        for wl in WORKLOAD_NAMES:
            if wl not in workloads:
                continue
            per_alt = workloads[wl]
            ref = per_alt.get(REFERENCE)
            alts = sorted(per_alt, key=lambda a: order.index(a) if order and a in order else 99)
            for alt in alts:
                entry = per_alt[alt]
                times = list(entry["times"].values())
                rss = list(entry["rss"].values())
                median = statistics.median(times) if times else None
                minimum = min(times) if times else None
                rss_mib = statistics.median(rss) / 1024 if rss else None
                t_ratio = round_ratio(entry, ref, "times") if ref else None
                m_ratio = round_ratio(entry, ref, "rss") if ref else None
                name = descriptions.get(alt, alt)
                if entry.get("launcher_kib"):
                    name += f" (RSS: both JVMs, launcher {entry['launcher_kib'] / 1024:.0f} MiB)"
                if entry["failed"]:
                    name += f" ({entry['failed']} failed runs)"
                print(f"| {WORKLOAD_NAMES[wl]} | {name} | {fmt(median, '.2f')} | {fmt(minimum, '.2f')} "
                      f"| {fmt(t_ratio, '.2f')} | {fmt(rss_mib, '.0f')} | {fmt(m_ratio, '.2f')} |")
        print()
        print_targets(jdk, workloads)


def median_of(workloads, wl, alt, key="times"):
    entry = workloads.get(wl, {}).get(alt)
    if not entry or not entry[key]:
        return None
    return statistics.median(entry[key].values())


def print_targets(jdk, workloads):
    """The targets of issues 3 and 17, each as measured/target; > 1 means missed by that factor."""
    rows = []

    def target(label, value, limit, how):
        if value is None:
            return
        verdict = "met" if value <= limit else f"missed by {100 * (value / limit - 1):.0f} %"
        rows.append(f"| {label} | {value:.2f} | ≤ {limit} | {verdict} | {how} |")

    def same_round(wl, alt, ref_alt, key="times"):
        per_alt = workloads.get(wl, {})
        if alt in per_alt and ref_alt in per_alt:
            return round_ratio(per_alt[alt], per_alt[ref_alt], key)
        return None

    def across(wl_a, alt_a, wl_b, alt_b):
        a, b = median_of(workloads, wl_a, alt_a), median_of(workloads, wl_b, alt_b)
        return a / b if a and b else None

    # The targets without the tuned JVM apply to both ways of running in one JVM.
    one_jvm = {"pyjar-plain": "tuned JVM off", "pyjar-in-process": "one JVM, C1 only"}
    for alt, how_run in one_jvm.items():
        target(f"import 20: pyjar ({how_run}) / GraalPy plugin+VFS", same_round("import20", alt, "vfs"), 0.5,
               "per-round ratio")
    target("import 20: pyjar (tuned JVM) / GraalPy plugin+VFS", same_round("import20", "pyjar", "vfs"), 0.3,
           "per-round ratio")
    hello_limits = {alt: (how_run, 1.10) for alt, how_run in one_jvm.items()}
    hello_limits["pyjar"] = ("tuned JVM", 0.4)
    for alt, (how_run, limit) in hello_limits.items():
        label = f"hello, pyjar ({how_run}) / empty GraalPy context from disk"
        if "floor" in workloads.get("hello", {}):
            target(label, same_round("hello", alt, "floor"), limit, "per-round ratio")
        else:
            target(label, across("hello", alt, "empty", "disk"), limit, "ratio of medians, two blocks")
    for wl in WORKLOAD_NAMES:
        for alt in hello_limits:
            target(f"peak RSS, {WORKLOAD_NAMES[wl]}: {alt} / GraalPy from disk",
                   same_round(wl, alt, "disk", "rss"), 1.1, "per-round ratio")
    # Issue 17: no run waits for an archive, and the archive works from any path.
    for wl in WORKLOAD_NAMES:
        target(f"{WORKLOAD_NAMES[wl]}: pyjar first run / tuned JVM off", same_round(wl, "pyjar-first", "pyjar-plain"), 1.0,
               "per-round ratio")
        target(f"{WORKLOAD_NAMES[wl]}: pyjar first run / first run before issue 17",
               same_round(wl, "pyjar-first", "baseline-first"), 1.0, "per-round ratio")
        target(f"{WORKLOAD_NAMES[wl]}: jar path with a space / without (archive made)", same_round(wl, "pyjar-space", "pyjar"),
               1.1, "per-round ratio")
    if rows:
        print(f"Targets, JDK {jdk}:")
        print()
        print("| target | measured | target | verdict | how |")
        print("|---|---:|---:|---|---|")
        print("\n".join(rows))
        print()


if __name__ == "__main__":
    main()
