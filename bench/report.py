#!/usr/bin/env python3
"""Turns raw benchmark outputs into JSON lines (one per measurement) and the lines into the run's
results.json and results.md. Standard library only. Called by bench/run.sh."""
import csv
import json
import statistics
import sys


def ghz(path, server, method, c, conns, rep, ticks, hz, executor="pool"):
    with open(path) as f:
        r = json.load(f)
    dist = {d["percentage"]: d["latency"] / 1e6 for d in (r.get("latencyDistribution") or [])}
    codes = r.get("statusCodeDistribution") or {}
    count = r.get("count", 0)
    ok = codes.get("OK", 0)
    cpu_us = int(ticks) * 1e6 / int(hz)
    return {"kind": "r1", "server": server, "executor": executor, "method": method, "c": int(c), "connections": int(conns),
            "rep": int(rep), "count": count, "ok": ok, "errors": count - ok,
            # successful calls per second: a server that refuses calls (RESOURCE_EXHAUSTED) must not count them
            "rps": (ok / (r["total"] / 1e9)) if r.get("total") else r.get("rps", 0), "rps_all": r.get("rps", 0),
            "avg_ms": r.get("average", 0) / 1e6, "p50_ms": dist.get(50), "p99_ms": dist.get(99),
            "cpu_us_per_call": (cpu_us / ok) if ok else None}


def redis_benchmark(path, c, p):
    # the test name holds the payload with unescaped quotes: read the seven numbers from the end
    with open(path) as f:
        header, line = f.read().strip().splitlines()[:2]
    names = next(csv.reader([header]))[1:]
    values = [v.strip('"') for v in line.rsplit(",", len(names))[1:]]
    row = dict(zip(names, values))
    return {"kind": "r3", "publisher": "redis-benchmark", "c": int(c), "pipeline": int(p),
            "count": None, "rps": float(row["rps"]), "p50_ms": float(row["p50_latency_ms"]),
            "p99_ms": float(row["p99_latency_ms"])}


def e2e(path, server, ticks, hz, rep=1):
    try:
        with open(path) as f:
            r = json.load(f)
    except (OSError, ValueError):
        r = {"mode": "failed"}
    r["kind"] = "e2e"
    r["server"] = server
    r["rep"] = int(rep)
    r["server_cpu_s"] = int(ticks) / int(hz)
    return r


def jmh(path):
    out = []
    with open(path) as f:
        for b in json.load(f):
            sec = b.get("secondaryMetrics", {})
            alloc = sec.get("·gc.alloc.rate.norm") or sec.get("gc.alloc.rate.norm") or {}
            out.append({"kind": "jmh", "benchmark": b["benchmark"].rsplit(".", 1)[-1],
                        "ns_per_op": b["primaryMetric"]["score"], "error": b["primaryMetric"]["scoreError"],
                        "bytes_per_op": alloc.get("score")})
    return "\n".join(json.dumps(o) for o in out)


def med(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def fmt(v, digits=0):
    if isinstance(v, str):  # JMH writes "NaN" for the error of a single iteration
        try:
            v = float(v)
        except ValueError:
            return v
    if v is None or v != v:
        return "–"
    if isinstance(v, float):
        return f"{v:,.{digits}f}"
    return f"{v:,}"


def summary(lines_path, out_dir):
    rows = [json.loads(l) for l in open(lines_path) if l.strip()]
    notes = {r["key"]: r["value"] for r in rows if r["kind"] == "note"}
    result = {"notes": notes, "r1": [], "r3": [], "e2e": [], "jmh": []}
    md = ["# Benchmark results", ""]
    m = notes.get("machine", {})
    md.append(f"Machine: {m.get('cpus')} CPUs ({m.get('cpu_model')}), {m.get('mem_gib')} GiB, kernel {m.get('kernel')}, "
              f"{m.get('java')}. Load average at start {m.get('load_at_start')}, at end {notes.get('load_at_end')}.")
    md.append(f"JVM flags (both servers): `{' '.join(notes.get('jvm_flags', []))}`. Settings: {notes.get('settings')}.")
    md.append("")

    r1 = [r for r in rows if r["kind"] == "r1"]
    for r in r1:  # lines written before rps meant successful calls per second
        if "rps_all" not in r:
            r["rps_all"] = r["rps"]
            r["rps"] = r["rps"] * r["ok"] / r["count"] if r["count"] else 0
    if r1:
        md += ["## R1: RPC server alone (ghz), ours vs bare grpc-java, medians of the repetitions", "",
               "| Executor | Method | c / conns | ours rps (OK calls) | bare rps (OK calls) | **ratio** | ours p50 / p99 ms | bare p50 / p99 ms | ours CPU µs/call | bare CPU µs/call | CPU ratio | errors |",
               "|---|---|---|---|---|---|---|---|---|---|---|---|"]
        for r in r1:  # lines written before the direct executor was measured
            r.setdefault("executor", "pool")
        keys = sorted({(r["executor"], r["method"], r["c"], r["connections"]) for r in r1},
                      key=lambda k: (k[0] != "pool", k[1] != "Command", k[2]))
        for executor, method, c, conns in keys:
            agg = {}
            for server in ("ours", "bare"):
                sel = [r for r in r1 if (r["executor"], r["method"], r["c"], r["connections"], r["server"]) == (executor, method, c, conns, server)]
                agg[server] = {k: med([r[k] for r in sel]) for k in ("rps", "p50_ms", "p99_ms", "cpu_us_per_call")}
                agg[server]["errors"] = sum(r["errors"] for r in sel)
                agg[server]["reps_rps"] = [round(r["rps"]) for r in sel]
            o, b = agg["ours"], agg["bare"]
            # the ratio of each repetition pair, then their median: pairs ran back to back
            pairs = [(x["rps"] / y["rps"]) for x, y in zip(
                [r for r in r1 if (r["executor"], r["method"], r["c"], r["connections"], r["server"]) == (executor, method, c, conns, "ours")],
                [r for r in r1 if (r["executor"], r["method"], r["c"], r["connections"], r["server"]) == (executor, method, c, conns, "bare")]) if y["rps"]]
            ratio = med(pairs)
            cpu_ratio = (o["cpu_us_per_call"] / b["cpu_us_per_call"]) if o["cpu_us_per_call"] and b["cpu_us_per_call"] else None
            result["r1"].append({"executor": executor, "method": method, "c": c, "connections": conns, "ours": o, "bare": b,
                                 "ratio": ratio, "ratio_per_rep": pairs, "cpu_ratio": cpu_ratio})
            md.append(f"| {executor} | {method} | {c} / {conns} | {fmt(o['rps'])} | {fmt(b['rps'])} | **{fmt(ratio, 2)}** | "
                      f"{fmt(o['p50_ms'], 2)} / {fmt(o['p99_ms'], 2)} | {fmt(b['p50_ms'], 2)} / {fmt(b['p99_ms'], 2)} | "
                      f"{fmt(o['cpu_us_per_call'], 1)} | {fmt(b['cpu_us_per_call'], 1)} | {fmt(cpu_ratio, 2)} | "
                      f"{o['errors']:,} / {b['errors']:,} |")
        md.append("")
        md.append("rps of each repetition (ours / bare): " + "; ".join(
            f"{x['executor']} {x['method']} c={x['c']}: {x['ours']['reps_rps']} / {x['bare']['reps_rps']}" for x in result["r1"]))
        md.append("")

    r3 = [r for r in rows if r["kind"] == "r3"]
    if r3:
        result["r3"] = r3
        md += ["## R3: broadcast publishing to Redis (320-byte publication, one subscriber)", "",
               "| Publisher | mode | c | pipeline | rps | p50 ms | p99 ms | ratio to redis-benchmark |", "|---|---|---|---|---|---|---|---|"]
        base = {(r["c"], r["pipeline"]): r["rps"] for r in r3 if r["publisher"] == "redis-benchmark"}
        for r in sorted(r3, key=lambda r: (r["c"], r.get("pipeline", 1), r["publisher"] != "redis-benchmark")):
            ref = base.get((r["c"], r.get("pipeline", 1)))
            ratio = r["rps"] / ref if ref and r["publisher"] != "redis-benchmark" else None
            r["ratio"] = ratio
            md.append(f"| {r['publisher']} | {r.get('mode', 'PUBLISH')} | {r['c']} | {r.get('pipeline', 1)} | {fmt(r['rps'])} | "
                      f"{fmt(r.get('p50_ms'), 3)} | {fmt(r.get('p99_ms'), 3)} | {fmt(ratio, 2)} |")
        md.append("")

    e = [r for r in rows if r["kind"] == "e2e"]
    if e:
        result["e2e"] = e
        md += ["## R5/R6: end to end through anycable-go (cablebench), ours vs the bare server", "",
               "| Clients | ours delivery p50 / p95 ms | bare delivery p50 / p95 ms | ours sender RTT p50 / p95 ms | bare sender RTT p50 / p95 ms | missing (ours / bare) | R6 ratio (bare p95 / ours p95, delivery; per repetition) |",
               "|---|---|---|---|---|---|---|"]
        # one run per server and repetition; each repetition ran ours and bare back to back
        by = {(r["server"], r.get("rep", 1)): r for r in e if r.get("mode") == "broadcast"}
        reps = sorted({rep for (server, rep) in by if (("ours", rep) in by and ("bare", rep) in by)})
        steps = {}  # clients -> server -> [step of each repetition]
        for rep in reps:
            for server in ("ours", "bare"):
                for st in by[(server, rep)].get("steps", []):
                    steps.setdefault(st["clients"], {}).setdefault(server, []).append(st)
        r6 = []
        for clients in sorted(steps):
            o, b = steps[clients].get("ours", []), steps[clients].get("bare", [])
            pairs = [(y["delivery"]["p95_ms"] / x["delivery"]["p95_ms"]) for x, y in zip(o, b) if x["delivery"]["p95_ms"]]
            row = {"clients": clients, "ratio": med(pairs), "ratio_per_rep": pairs}
            for name, sel in (("ours", o), ("bare", b)):
                row[name] = {f"{k}_{p}": med([st[k][p] for st in sel]) for k in ("delivery", "sender_rtt") for p in ("p50_ms", "p95_ms")}
                row[name]["missing"] = sum(st["deliveries_missing"] for st in sel)
            r6.append(row)
            md.append(f"| {clients} | {fmt(row['ours']['delivery_p50_ms'], 2)} / {fmt(row['ours']['delivery_p95_ms'], 2)} | "
                      f"{fmt(row['bare']['delivery_p50_ms'], 2)} / {fmt(row['bare']['delivery_p95_ms'], 2)} | "
                      f"{fmt(row['ours']['sender_rtt_p50_ms'], 2)} / {fmt(row['ours']['sender_rtt_p95_ms'], 2)} | "
                      f"{fmt(row['bare']['sender_rtt_p50_ms'], 2)} / {fmt(row['bare']['sender_rtt_p95_ms'], 2)} | "
                      f"{row['ours']['missing']} / {row['bare']['missing']} | **{fmt(row['ratio'], 2)}** "
                      f"({', '.join(f'{x:.2f}' for x in pairs)}) |")
        result["r6"] = r6
        if reps:
            cpu = {server: sum(by[(server, rep)]["server_cpu_s"] for rep in reps) for server in ("ours", "bare")}
            md.append(f"\nMedians over {len(reps)} repetition(s); the ratio is the median of the repetitions' ratios (in brackets). "
                      f"Server CPU during the broadcast runs: ours {cpu['ours']:.2f} s, bare {cpu['bare']:.2f} s.")
        con = {(r["server"], r.get("rep", 1)): r for r in e if r.get("mode") == "connect"}
        if con:
            md += ["", "| Connect avalanche | rep | clients | connected | failed | total s | clients/s | connect p50 / p95 ms | server CPU s |",
                   "|---|---|---|---|---|---|---|---|---|"]
            for (server, rep), r in sorted(con.items(), key=lambda kv: (kv[0][1], kv[0][0] != "ours")):
                md.append(f"| {server} | {rep} | {r['clients']} | {r['connected']} | {r['failed']} | {r['total_ms'] / 1000:.2f} | "
                          f"{fmt(r['per_second'])} | {fmt(r['connect_time']['p50_ms'], 1)} / {fmt(r['connect_time']['p95_ms'], 1)} | "
                          f"{r['server_cpu_s']:.2f} |")
            pairs = [con[("ours", rep)]["per_second"] / con[("bare", rep)]["per_second"]
                     for rep in sorted({rep for (_, rep) in con}) if ("ours", rep) in con and ("bare", rep) in con
                     and con[("bare", rep)]["per_second"]]
            if pairs:
                result["avalanche_ratio"] = med(pairs)
                md.append(f"\nAvalanche ratio (ours clients/s / bare clients/s): {med(pairs):.2f} "
                          f"({', '.join(f'{x:.2f}' for x in pairs)})")
        md.append("")

    j = [r for r in rows if r["kind"] == "jmh"]
    if j:
        result["jmh"] = j
        md += ["## JMH: in-JVM path (decode, handler, encode), one thread", "", "| Benchmark | ns/op | ± | B/op |", "|---|---|---|---|"]
        for r in j:
            md.append(f"| {r['benchmark']} | {fmt(r['ns_per_op'])} | {fmt(r['error'])} | {fmt(r['bytes_per_op'])} |")
        md.append("")

    with open(f"{out_dir}/results.json", "w") as f:
        json.dump(result, f, indent=1)
    with open(f"{out_dir}/results.md", "w") as f:
        f.write("\n".join(md) + "\n")


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "ghz":
        print(json.dumps(ghz(*args)))
    elif cmd == "redis-benchmark":
        print(json.dumps(redis_benchmark(*args)))
    elif cmd == "e2e":
        print(json.dumps(e2e(*args)))
    elif cmd == "jmh":
        print(jmh(*args))
    elif cmd == "summary":
        summary(*args)
    else:
        sys.exit(f"unknown command {cmd}")
