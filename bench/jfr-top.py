#!/usr/bin/env python3
"""Prints where a JFR recording's CPU samples are: the hottest top frames (self time) and the methods
that are on the stack most often (total time). Usage: jfr-top.py recording.jfr [N] [thread-substring]"""
import collections
import json
import subprocess
import sys

path = sys.argv[1]
limit = int(sys.argv[2]) if len(sys.argv) > 2 else 25
thread_filter = sys.argv[3] if len(sys.argv) > 3 else None
out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "64", "--events", "jdk.ExecutionSample", path],
                     capture_output=True, text=True, check=True).stdout
events = json.loads(out)["recording"]["events"]
self_counts = collections.Counter()
total_counts = collections.Counter()
n = 0
for e in events:
    v = e["values"]
    if thread_filter and thread_filter not in (v.get("sampledThread") or {}).get("javaName", ""):
        continue
    frames = (v.get("stackTrace") or {}).get("frames") or []
    names = [f["method"]["type"]["name"] + "." + f["method"]["name"] for f in frames]
    if not names:
        continue
    n += 1
    self_counts[names[0]] += 1
    for name in set(names):
        total_counts[name] += 1
print(f"{n} samples")
print("-- self")
for name, c in self_counts.most_common(limit):
    print(f"{100 * c / n:5.1f}%  {name}")
print("-- total")
for name, c in total_counts.most_common(limit * 2):
    print(f"{100 * c / n:5.1f}%  {name}")
