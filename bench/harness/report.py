"""report.md and its plots from the figures of a run."""

import os
import statistics

from numbers_format import number
from svg_chart import bar_chart


def summarise(figures, scenario, metric):
    """{(case, peer): (median, min, max, n)} of one metric of one scenario."""
    values = {}
    for f in figures:
        if f["scenario"] == scenario and f["metric"] == metric:
            values.setdefault((f["case"], f["peer"]), []).append(f["value"])
    return {k: (statistics.median(v), min(v), max(v), len(v)) for k, v in values.items()}


def cell(stat):
    if stat is None:
        return "—"
    median, low, high, n = stat
    return number(median) if n == 1 else f"{number(median)} [{number(low)}–{number(high)}]"


def ratio(stats, case, r):
    a, b = stats.get((case, r.numerator)), stats.get((case, r.denominator))
    return f"{a[0] / b[0]:.2f}" if a and b and b[0] > 0 else "—"


def scenario_table(scenario, stats, cases, with_ratios=True):
    ratios = scenario.ratios if with_ratios else []
    head = ["size"] + [p.label for p in scenario.peers] + [
        f"{r.numerator}/{r.denominator}" for r in ratios]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for case in cases:
        row = [case.label] + [cell(stats.get((case.label, p.name))) for p in scenario.peers]
        row += [ratio(stats, case.label, r) for r in ratios]
        lines.append("| " + " | ".join(row) + " |")
    return lines


def write(out_dir, run, scenarios, pending, quick):
    """Writes report.md and plots/*.svg into out_dir; returns the summary table lines (for
    the README)."""
    figures = run["figures"]
    plots = os.path.join(out_dir, "plots")
    os.makedirs(plots, exist_ok=True)
    md = [f"# wsclient benchmarks, {run['started']}", "",
          f"Command: `{run['command']}`; commit {run['host']['commit']}; "
          f"{run['settings']['rounds']} round(s), interleaved; "
          f"{'client on CPU 0, servers on CPU 1' if run['settings']['pinned'] else 'not pinned'}."
          f" Host: {run['host']['cpu']} ({run['host']['cpus']} CPUs), {run['host']['kernel']}.",
          "", "Each cell: median [min–max] over the rounds; lower is better. Ratios are of "
          "medians. Every raw figure is in results.json.", ""]
    one_minute = [x for r in run["loads"] for x in (r["load_before"][0], r["load_after"][0])]
    if one_minute:
        md += [f"Load average (1 min) around the rounds: {min(one_minute):.2f} to "
               f"{max(one_minute):.2f} on {run['host']['cpus']} CPUs (see the last table).", ""]
    if quick:
        md += ["**Quick run (smoke test): counts are tiny, the figures mean nothing.**", ""]
    summary = []
    for s in scenarios:
        stats = summarise(figures, s.name, s.metric)
        cases = s.cases(quick)
        summary += [f"**{s.title}** ({s.metric.replace('_', ' ')}, {s.unit})", ""]
        summary += scenario_table(s, stats, cases) + [""]
    md += ["## Summary", ""] + summary
    md += ["## Not yet measured", ""]
    md += [f"- **{p.title}** (`{p.name}`): {p.goal}. *Not yet measured.*" for p in pending]
    md.append("")
    for s in scenarios:
        cases = s.cases(quick)
        md += [f"## {s.title} (`{s.name}`)", "", f"Goal: {s.goal}.", "", s.method, ""]
        rate = summarise(figures, s.name, "messages_per_second")
        md += ["Throughput (messages/s over the wall time of the measured phase; higher is "
               "better):", ""]
        md += scenario_table(s, rate, cases, with_ratios=False) + [""]
        stats = summarise(figures, s.name, s.metric)
        for case in cases:
            rows = [(p.label, *stats[(case.label, p.name)][:3]) for p in s.peers
                    if (case.label, p.name) in stats]
            name = f"{s.name}_{case.label.replace(' ', '')}.svg"
            with open(os.path.join(plots, name), "w", encoding="utf-8") as f:
                f.write(bar_chart(f"{s.title}, {case.label}", s.unit, rows))
            md.append(f"![{s.title}, {case.label}](plots/{name})")
        md.append("")
    if run["failures"]:
        md += ["## Failures", ""]
        md += [f"- {f['scenario']} {f['case']} {f['peer']} round {f['round']}: {f['error']}"
               for f in run["failures"]]
        md.append("")
    md += ["## Load average (1, 5, 15 min) around each round", "",
           "| round | before | after | seconds |", "|---|---|---|---|"]
    md += [f"| {r['round']} | {' '.join(f'{v:.2f}' for v in r['load_before'])} | "
           f"{' '.join(f'{v:.2f}' for v in r['load_after'])} | {r['seconds']} |"
           for r in run["loads"]]
    md.append("")
    with open(os.path.join(out_dir, "report.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(md))
    return summary
