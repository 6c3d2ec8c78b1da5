#!/usr/bin/env python3
"""Draws docs/benchmarks.png from a run's results.json: R1 (ours vs bare, rps and CPU per call) and
R5/R6 (end-to-end delivery and sender round trip by client count, ours vs bare, medians of the repetitions).
Usage: chart.py bench/results/<run>/results.json docs/benchmarks.png [bench/results/<run>/results.json for R5/R6]
(needs matplotlib)"""
import json
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

result = json.load(open(sys.argv[1]))
out = sys.argv[2]
e2e_result = json.load(open(sys.argv[3])) if len(sys.argv) > 3 else result
fig, axes = plt.subplots(1, 3, figsize=(17, 4.8))
ours_color, bare_color = "#2b7bb9", "#9aa5b1"

r1 = result.get("r1", [])
labels = [f"{r.get('executor', 'pool')}\n{r['method']}\n{r['c']}/{r['connections']}" for r in r1]
x = range(len(r1))
w = 0.38
ax = axes[0]
ax.bar([i - w / 2 for i in x], [r["ours"]["rps"] for r in r1], w, label="ours (Spring Boot starter)", color=ours_color)
ax.bar([i + w / 2 for i in x], [r["bare"]["rps"] for r in r1], w, label="bare grpc-java", color=bare_color)
for i, r in enumerate(r1):
    if r.get("ratio"):
        ax.text(i, max(r["ours"]["rps"], r["bare"]["rps"]) * 1.02, f"{r['ratio']:.2f}", ha="center", fontsize=9)
ax.set_xticks(list(x), labels, fontsize=8)
ax.set_ylabel("requests/s (ghz)")
ax.set_title("R1: RPC throughput, ratio ours/bare on top")
ax.legend(fontsize=8, loc="lower right")

ax = axes[1]
ax.bar([i - w / 2 for i in x], [r["ours"]["cpu_us_per_call"] or 0 for r in r1], w, label="ours", color=ours_color)
ax.bar([i + w / 2 for i in x], [r["bare"]["cpu_us_per_call"] or 0 for r in r1], w, label="bare", color=bare_color)
ax.set_xticks(list(x), labels, fontsize=8)
ax.set_ylabel("server CPU µs per call")
ax.set_title("R1: server CPU time per call")
ax.legend(fontsize=8)

ax = axes[2]
r6 = e2e_result.get("r6", [])  # medians over the repetitions, per client count
clients = [row["clients"] for row in r6]
for server, color in (("ours", ours_color), ("bare", bare_color)):
    ax.plot(clients, [row[server]["delivery_p95_ms"] for row in r6], "o-", color=color, label=f"{server}: delivery p95")
    ax.plot(clients, [row[server]["delivery_p50_ms"] for row in r6], "o--", color=color, label=f"{server}: delivery p50")
    ax.plot(clients, [row[server]["sender_rtt_p95_ms"] for row in r6], "s:", color=color, label=f"{server}: sender RTT p95")
ax.set_xlabel("subscribed clients")
ax.set_ylabel("ms")
ax.set_title("R5/R6: broadcast through anycable-go")
ax.legend(fontsize=7)
m = result.get("notes", {}).get("machine", {})
fig.suptitle(f"anycable-spring-boot benchmarks — {m.get('cpus')} vCPU {m.get('cpu_model')}, loopback, ratios side by side in one run each", fontsize=11)
fig.tight_layout()
fig.savefig(out, dpi=90)
print(out)
