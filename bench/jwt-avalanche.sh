#!/usr/bin/env bash
# JWT against RPC Connect (issue #16): an avalanche of N clients all dialling at once through a real
# anycable-go, each connecting and subscribing to BenchmarkChannel, in alternating phases on the SAME
# anycable-go (started with --jwt_secret) and the SAME bench app JVM:
#   rpc  clients without a token: anycable-go calls Connect (the app identifies them by ?uid=), then subscribe;
#   jwt  every client with its own token (?jid=, minted by cablebench -jwt-secret as CableJwtIssuer would):
#        anycable-go identifies it itself and calls only the subscribe Command.
# Per phase: clients/s (connected / cablebench's wall time), connected and lost, the app JVM's CPU seconds
# (utime + stime from /proc/<pid>/stat, before and after, / CLK_TCK), anycable-go's CPU seconds, and the
# deltas of anycable-go's rpc_call_total / rpc_retries_total / rpc_error_total (N calls in a jwt phase,
# 2N in an rpc phase: Connect was not called). Warm-up phases come first and are listed, not averaged.
#
#   bench/jwt-avalanche.sh   # CLIENTS=2000 VERSIONS="1.6.16 1.5.2" PHASES="rpc jwt jwt rpc" WARMUP="rpc jwt"
#                            # SETTLE=2 (s of quiet before each phase) RPC_CONCURRENCY=28
#
# The default order, each kind twice as A B B A, cancels a steady drift (JIT, a neighbour's load) out of
# the means; WARMUP="" skips the warm-up.
#
# Needs what bench/overload.sh needs. Loopback only; every phase is bounded (cablebench -budget, 30 s
# dial timeout). Results: bench/results/<RUN_NAME>/jwt-avalanche.md
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="${ROOT}/bench"
TOOLS="${ROOT}/build-tools/bin"
: "${CLIENTS:=2000}" "${VERSIONS:=1.6.16 1.5.2}" "${PHASES:=rpc jwt jwt rpc}" "${WARMUP=rpc jwt}"
: "${SETTLE:=2}" "${RPC_CONCURRENCY:=28}"
RUN_NAME="${RUN_NAME:-$(date -u +%Y%m%dT%H%M%SZ)-jwt-avalanche}"
OUT="${BENCH}/results/${RUN_NAME}"
TMP="${BENCH}/results/tmp/${RUN_NAME}"
mkdir -p "${OUT}" "${TMP}"
export ANYCABLE_DISABLE_TELEMETRY=true
unset REDIS_URL ANYCABLE_REDIS_URL || true

# shellcheck source=bench/lib.sh
. "${BENCH}/lib.sh"
trap cleanup EXIT INT TERM

log "building the bench app (mvn -Pbench package) and cablebench"
(cd "${ROOT}" && mvn -B -q -Pbench -pl bench/bench-app -am package -DskipTests)
APP_CP="${BENCH}/bench-app/target/classes:$(cat "${BENCH}/bench-app/target/classpath.txt")"
(cd "${BENCH}/cablebench" && GOBIN="${TOOLS}" GOFLAGS=-mod=readonly GOWORK=off go install .)
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
TCK="$(getconf CLK_TCK)"
SECRET="$(head -c 24 /dev/urandom | base64 | tr -d '/+=')"
LOAD="$(cut -d' ' -f1-3 /proc/loadavg)"
ROWS="${TMP}/rows.tsv"
: > "${ROWS}"

phase() { # phase VERSION KIND(rpc|jwt) LABEL APP_PID ACGO_PID METRICS_URL WS_PORT
	local version=$1 kind=$2 label=$3 app=$4 acgo=$5 metrics=$6 port=$7 jwt=() json
	[[ ${kind} == jwt ]] && jwt=(-jwt-secret "${SECRET}")
	json="${TMP}/cablebench-${version}-${label}.json"
	sleep "${SETTLE}"
	local calls0 retries0 errors0 app0 acgo0
	calls0="$(counter "${metrics}" rpc_call_total)"
	retries0="$(counter "${metrics}" rpc_retries_total)"
	errors0="$(counter "${metrics}" rpc_error_total)"
	app0="$(cpu_ticks "${app}")"
	acgo0="$(cpu_ticks "${acgo}")"
	"${TOOLS}/cablebench" -url "ws://127.0.0.1:${port}/cable" -mode connect -clients "${CLIENTS}" \
		-concurrency "${CLIENTS}" -budget 60s "${jwt[@]}" > "${json}" 2>> "${TMP}/cablebench.log" || true
	local app1 acgo1
	app1="$(cpu_ticks "${app}")"
	acgo1="$(cpu_ticks "${acgo}")"
	python3 - "${json}" "${version}" "${kind}" "${label}" "${CLIENTS}" "${TCK}" "$((app1 - app0))" "$((acgo1 - acgo0))" \
		"$(($(counter "${metrics}" rpc_call_total) - calls0))" "$(($(counter "${metrics}" rpc_retries_total) - retries0))" \
		"$(($(counter "${metrics}" rpc_error_total) - errors0))" >> "${ROWS}" <<'EOF'
import json, sys
path, version, kind, label, clients, tck, app, acgo, calls, retries, errors = sys.argv[1:]
try:
    r = json.load(open(path))
except (OSError, ValueError):
    r = {}
connected = r.get("connected", 0)
t = r.get("connect_time", {})
print("\t".join(str(v) for v in (version, kind, label, clients, connected, int(clients) - connected,
      "%.2f" % (r.get("total_ms", 0) / 1000), "%.0f" % r.get("per_second", 0), "%.0f" % t.get("p50_ms", 0), "%.0f" % t.get("p95_ms", 0),
      "%.2f" % (int(app) / int(tck)), "%.2f" % (int(acgo) / int(tck)), calls, retries, errors)))
EOF
	log "$(tail -1 "${ROWS}")"
}

for version in ${VERSIONS}; do
	acgo_bin="$(binary "${version}" 2>/dev/null | tail -1)"
	rpc_port="$(free_port)"
	ws_port="$(free_port)"
	broadcast_port="$(free_port)"
	java -Xms512m -Xmx512m -cp "${APP_CP}" io.anycable.bench.app.BenchApplication \
		"--anycable.rpc-host=127.0.0.1:${rpc_port}" --anycable.broadcast-adapter=http \
		"--anycable.http-broadcast-url=http://127.0.0.1:${broadcast_port}/_broadcast" \
		> "${TMP}/app-${version}.log" 2>&1 &
	app_pid=$!
	PIDS+=("${app_pid}")
	wait_port "${rpc_port}" "${app_pid}" 90
	"${acgo_bin}" --presets=none --host=127.0.0.1 --port="${ws_port}" --path=/cable \
		--rpc_host="127.0.0.1:${rpc_port}" --broadcast_adapter=http --http_broadcast_port="${broadcast_port}" \
		--metrics_http=/metrics --rpc_concurrency="${RPC_CONCURRENCY}" --disconnect_mode=never --log_level=warn \
		--jwt_secret="${SECRET}" > "${TMP}/anycable-go-${version}.log" 2>&1 &
	acgo_pid=$!
	PIDS+=("${acgo_pid}")
	wait_port "${ws_port}" "${acgo_pid}" 30
	metrics="http://127.0.0.1:${ws_port}/metrics"
	n=0
	for kind in ${WARMUP}; do
		n=$((n + 1))
		log "anycable-go ${version}: warm-up ${kind}, ${CLIENTS} clients at once"
		phase "${version}" "${kind}" "warm-up-${n}" "${app_pid}" "${acgo_pid}" "${metrics}" "${ws_port}"
	done
	n=0
	for kind in ${PHASES}; do
		n=$((n + 1))
		log "anycable-go ${version}: phase ${n} ${kind}, ${CLIENTS} clients at once"
		phase "${version}" "${kind}" "${n}" "${app_pid}" "${acgo_pid}" "${metrics}" "${ws_port}"
	done
	cleanup
done

COMMAND="CLIENTS=${CLIENTS} VERSIONS=\"${VERSIONS}\" PHASES=\"${PHASES}\" WARMUP=\"${WARMUP}\" SETTLE=${SETTLE}"
COMMAND+=" RPC_CONCURRENCY=${RPC_CONCURRENCY} RUN_NAME=${RUN_NAME} bench/jwt-avalanche.sh"
python3 - "${ROWS}" "${RUN_NAME}" "${CLIENTS}" "${RPC_CONCURRENCY}" "${SETTLE}" "$(nproc)" \
	"$(free -g | awk '/Mem:/ {print $2}')" "$(java -version 2>&1 | head -1)" "${COMMAND}" "${LOAD}" \
	"$(cut -d' ' -f1-3 /proc/loadavg)" > "${OUT}/jwt-avalanche.md" <<'EOF'
import sys
rows_path, run, clients, rpc_conc, settle, cpus, mem, java, command, load0, load1 = sys.argv[1:]
rows = [l.rstrip("\n").split("\t") for l in open(rows_path) if l.strip()]
print("# JWT against RPC Connect: an avalanche of clients all dialling at once through anycable-go")
print()
print(f"Machine: {cpus} CPUs, {mem} GiB; {java}. Run {run}; load average {load0} at the start, {load1} at the end.")
print()
print(f"Command: `{command}`")
print()
print(f"Each phase: {clients} clients at once (cablebench -mode connect -concurrency {clients}), each WebSocket upgrade,")
print("welcome, subscribe to BenchmarkChannel; one anycable-go (--jwt_secret, --disconnect_mode=never,")
print(f"--rpc_concurrency {rpc_conc}) and one bench app JVM (-Xmx512m, default pool) per version, phases alternating.")
print("rpc: no token, anycable-go calls Connect; jwt: each client its own ?jid= token, no Connect.")
print(f"Clients/s = connected / cablebench's wall time. CPU s = utime + stime over the phase ({settle} s of quiet before).")
print("Lost = not subscribed within 30 s. rpc calls = delta of anycable-go's rpc_call_total.")
print()
print("| anycable-go | phase | clients | connected | lost | wall s | clients/s | connect p50 ms | p95 ms | app CPU s | app CPU ms/client | anycable-go CPU s | rpc calls | rpc retries | rpc errors |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
for r in rows:
    version, kind, label, n, connected, lost, wall, rate, p50, p95, app, acgo, calls, retries, errors = r
    name = f"{kind} (warm-up)" if label.startswith("warm") else f"{kind} #{label}"
    per = 1000 * float(app) / max(1, int(connected))
    print(f"| {version} | {name} | {n} | {connected} | {lost} | {wall} | {rate} | {p50} | {p95} | {app} | {per:.2f} | {acgo} | {calls} | {retries} | {errors} |")
print()
print("Means over the measured (not warm-up) phases; ratio = jwt against rpc.")
print()
print("| anycable-go | rpc clients/s | jwt clients/s | clients/s jwt:rpc | rpc app CPU s | jwt app CPU s | app CPU rpc:jwt | rpc anycable-go CPU s | jwt anycable-go CPU s |")
print("|---|---|---|---|---|---|---|---|---|")
for version in dict.fromkeys(r[0] for r in rows):
    def mean(kind, col):
        vals = [float(r[col]) for r in rows if r[0] == version and r[1] == kind and not r[2].startswith("warm")]
        return sum(vals) / len(vals) if vals else 0.0
    rr, jr = mean("rpc", 7), mean("jwt", 7)
    ra, ja = mean("rpc", 10), mean("jwt", 10)
    rg, jg = mean("rpc", 11), mean("jwt", 11)
    ratio = lambda a, b: f"{a / b:.2f}" if b else "n/a"
    print(f"| {version} | {rr:.0f} | {jr:.0f} | {ratio(jr, rr)} | {ra:.2f} | {ja:.2f} | {ratio(ra, ja)} | {rg:.2f} | {jg:.2f} |")
EOF
log "results: ${OUT}/jwt-avalanche.md"
cat "${OUT}/jwt-avalanche.md"
