#!/usr/bin/env bash
# Overload through a real anycable-go (issue #19): an avalanche of N clients all dialling at once against
# the bench app with a given worker pool, on anycable-go 1.5.2 and 1.6.16. Reports per run the clients
# connected and lost and anycable-go's own counters (rpc_retries_total, rpc_error_total,
# rpc_timeout_total), to show where a pool stands against anycable-go's retry limit (1.6 gives every call
# 3 s, --rpc_command_timeout, retries included; 1.5.2 stops once the summed back-off passes 3 s).
#
#   bench/overload.sh     # POOLS="1:1 30:20" CLIENTS="300 1000 2000" VERSIONS="1.5.2 1.6.16" RPC_CONCURRENCY=28
#
# RPC_CONCURRENCY above 28 stands for several anycable-go nodes sharing one application instance.
#
# Needs what bench/run.sh needs, plus scripts/install-anycable-go-1.6.sh. Loopback only; every run is
# bounded (cablebench -budget, 30 s dial timeout). Results: bench/results/<RUN_NAME>/overload.md
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="${ROOT}/bench"
TOOLS="${ROOT}/build-tools/bin"
: "${POOLS:=1:1 30:20}" "${CLIENTS:=300 1000 2000}" "${VERSIONS:=1.5.2 1.6.16}" "${RPC_CONCURRENCY:=28}"
RUN_NAME="${RUN_NAME:-$(date -u +%Y%m%dT%H%M%SZ)-overload}"
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

{
	echo "# Overload through anycable-go: an avalanche of clients all dialling at once"
	echo
	echo "Machine: $(nproc) CPUs, $(free -g | awk '/Mem:/ {print $2}') GiB; $(java -version 2>&1 | head -1). Run ${RUN_NAME}."
	echo "Each client: WebSocket upgrade, Connect, subscribe (cablebench -mode connect -concurrency N); anycable-go"
	echo "with --rpc_concurrency ${RPC_CONCURRENCY}. Lost = not subscribed within 30 s."
	echo
	echo "| anycable-go | rpc_concurrency | pool:queue | clients | connected | lost | rpc_retries_total | rpc_error_total | rpc_timeout_total | wall s |"
	echo "|---|---|---|---|---|---|---|---|---|---|"
} > "${OUT}/overload.md"

for version in ${VERSIONS}; do
	acgo="$(binary "${version}" 2>/dev/null | tail -1)"
	for pool in ${POOLS}; do
		size=${pool%%:*}
		queue=${pool##*:}
		for clients in ${CLIENTS}; do
			rpc_port="$(free_port)"
			ws_port="$(free_port)"
			broadcast_port="$(free_port)"
			java -Xms512m -Xmx512m -cp "${APP_CP}" io.anycable.bench.app.BenchApplication \
				"--anycable.rpc-host=127.0.0.1:${rpc_port}" --anycable.broadcast-adapter=http \
				"--anycable.http-broadcast-url=http://127.0.0.1:${broadcast_port}/_broadcast" \
				"--anycable.rpc-pool-size=${size}" "--anycable.rpc-queue-size=${queue}" \
				> "${TMP}/app-${version}-${pool}-${clients}.log" 2>&1 &
			PIDS+=($!)
			wait_port "${rpc_port}" "$!" 90
			"${acgo}" --presets=none --host=127.0.0.1 --port="${ws_port}" --path=/cable \
				--rpc_host="127.0.0.1:${rpc_port}" --broadcast_adapter=http --http_broadcast_port="${broadcast_port}" \
				--metrics_http=/metrics --rpc_concurrency="${RPC_CONCURRENCY}" --disconnect_mode=never --log_level=warn \
				> "${TMP}/anycable-go-${version}-${pool}-${clients}.log" 2>&1 &
			PIDS+=($!)
			wait_port "${ws_port}" "$!" 30
			metrics="http://127.0.0.1:${ws_port}/metrics"
			log "anycable-go ${version}, pool ${pool}: ${clients} clients at once"
			start=${SECONDS}
			"${TOOLS}/cablebench" -url "ws://127.0.0.1:${ws_port}/cable" -mode connect -clients "${clients}" \
				-concurrency "${clients}" -budget 90s > "${TMP}/cablebench-${version}-${pool}-${clients}.json" \
				2>> "${TMP}/cablebench.log" || true
			wall=$((SECONDS - start))
			connected="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("connected", 0))' \
				"${TMP}/cablebench-${version}-${pool}-${clients}.json" 2>/dev/null || echo 0)"
			echo "| ${version} | ${RPC_CONCURRENCY} | ${pool} | ${clients} | ${connected} | $((clients - connected)) |" \
				"$(counter "${metrics}" rpc_retries_total) | $(counter "${metrics}" rpc_error_total) |" \
				"$(counter "${metrics}" rpc_timeout_total) | ${wall} |" >> "${OUT}/overload.md"
			tail -1 "${OUT}/overload.md" >&2
			cleanup
		done
	done
done
log "results: ${OUT}/overload.md"
