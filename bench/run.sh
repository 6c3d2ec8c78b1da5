#!/usr/bin/env bash
# Benchmarks of issue #9 (docs/benchmarks.md). Builds what it needs, starts every process on 127.0.0.1,
# measures, stops everything (trap), and writes bench/results/<run>/results.json and results.md.
#
#   bench/run.sh [--quick] [r1] [r3] [e2e] [jmh]     (no section = all of them)
#
# Knobs (environment): BARE_EXECUTOR (fixed:30 | default | direct), R1_MODES (pool direct), JFR_DIR (record a JFR profile of each server there), R1_DURATION (10s), R1_WARMUP (15s), REPS (5), E2E_CLIENTS (100,500,1000),
# E2E_ROUNDS (10), E2E_REPS (9), E2E_WARMUP (6), AVALANCHE (1000), SERVER_CPUS (1), CLIENT_CPUS (0), RUN_NAME (a timestamp),
# CHART (e.g. docs/benchmarks.png: draw the chart of this run).
# Needs: JDK 17, Maven, Go >= 1.21, python3, taskset; installs ghz (go install), anycable-go
# (scripts/install-anycable-go.sh), cablebench (bench/cablebench) into build-tools/bin and redis with apt-get.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="${ROOT}/bench"
TOOLS="${ROOT}/build-tools/bin"
GHZ_VERSION="v0.120.0"

QUICK=0
SECTIONS=()
for arg in "$@"; do
	case "${arg}" in
		--quick) QUICK=1 ;;
		r1 | r3 | e2e | jmh) SECTIONS+=("${arg}") ;;
		*) echo "usage: $0 [--quick] [r1] [r3] [e2e] [jmh]" >&2; exit 2 ;;
	esac
done
[[ ${#SECTIONS[@]} -eq 0 ]] && SECTIONS=(r1 r3 e2e jmh)
if [[ ${QUICK} -eq 1 ]]; then
	: "${R1_DURATION:=3s}" "${R1_WARMUP:=3s}" "${REPS:=1}" "${E2E_CLIENTS:=50,100}" "${E2E_ROUNDS:=3}"
	: "${AVALANCHE:=200}" "${R3_COUNT:=20000}" "${JMH_ARGS:=-wi 1 -w 1s -i 1 -r 1s -f 1}" "${E2E_REPS:=1}" "${E2E_WARMUP:=1}"
fi
: "${R1_DURATION:=10s}" "${R1_WARMUP:=15s}" "${REPS:=5}" "${E2E_CLIENTS:=100,500,1000}" "${E2E_ROUNDS:=10}"
: "${AVALANCHE:=1000}" "${R3_COUNT:=200000}" "${JMH_ARGS:=}" "${E2E_REPS:=9}" "${E2E_WARMUP:=6}"
: "${SERVER_CPUS:=1}" "${CLIENT_CPUS:=0}"
# our server runs anycable.RPC calls on its bounded pool (anycable.rpc-pool-size, 30 workers): the bare
# server gets the same kind of executor so that both make the same one hop off the event loop
: "${BARE_EXECUTOR:=fixed:30}"
# R1 runs once per executor mode: pool (the default) and direct (anycable.rpc-direct-executor)
: "${R1_MODES:=pool direct}"
RUN_NAME="${RUN_NAME:-$(date -u +%Y%m%dT%H%M%SZ)}"
OUT="${BENCH}/results/${RUN_NAME}"
TMP="${BENCH}/results/tmp/${RUN_NAME}"
mkdir -p "${OUT}" "${TMP}"
RESULTS="${TMP}/results.jsonl"
: > "${RESULTS}"

# identical for both JVMs under test (perf-anchors.md 5: pinned to one core, so one processor)
JVM_FLAGS=(-Xms512m -Xmx512m -XX:+UseParallelGC "-XX:ActiveProcessorCount=$(awk -F, '{print NF}' <<<"${SERVER_CPUS}")")
export ANYCABLE_DISABLE_TELEMETRY=true
unset REDIS_URL ANYCABLE_REDIS_URL || true

# shellcheck source=bench/lib.sh
. "${BENCH}/lib.sh"
trap cleanup EXIT INT TERM

note() { # note KEY JSON-VALUE: facts about the run
	python3 -c 'import json,sys; print(json.dumps({"kind":"note","key":sys.argv[1],"value":json.loads(sys.argv[2])}))' "$1" "$2" >> "${RESULTS}"
}

# ---------------------------------------------------------------------------------------------------
# build and tools

build() {
	log "building the bench app and the bare server (mvn -Pbench package)"
	(cd "${ROOT}" && mvn -B -q -Pbench -pl bench/bench-app,bench/bare-server -am package -DskipTests)
	APP_CP="${BENCH}/bench-app/target/classes:$(cat "${BENCH}/bench-app/target/classpath.txt")"
	BARE_CP="${BENCH}/bare-server/target/classes:$(cat "${BENCH}/bare-server/target/classpath.txt")"
}

tools() {
	mkdir -p "${TOOLS}"
	if [[ ! -x "${TOOLS}/ghz" ]]; then
		log "installing ghz ${GHZ_VERSION}"
		GOBIN="${TOOLS}" go install "github.com/bojand/ghz/cmd/ghz@${GHZ_VERSION}"
	fi
	log "building cablebench"
	(cd "${BENCH}/cablebench" && GOBIN="${TOOLS}" GOFLAGS=-mod=readonly GOWORK=off go install .)
	"${ROOT}/scripts/install-anycable-go.sh" > /dev/null
	if ! command -v redis-server > /dev/null || ! command -v redis-benchmark > /dev/null; then
		log "installing redis-server and redis-tools (apt-get)"
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server redis-tools > /dev/null
	fi
}

jfr_flags() { # with JFR_DIR set, the servers record a JFR profile (for looking, not for the numbers)
	[[ -n "${JFR_DIR:-}" ]] && mkdir -p "${JFR_DIR}" && echo "-XX:StartFlightRecording=filename=${JFR_DIR}/$1.jfr,settings=profile"
	return 0
}

start_ours() { # start_ours PORT [REDIS_URL] [more application arguments] -> OURS_PID
	# shellcheck disable=SC2046
	taskset -c "${SERVER_CPUS}" java "${JVM_FLAGS[@]}" $(jfr_flags ours) -cp "${APP_CP}" io.anycable.bench.app.BenchApplication \
		"--anycable.rpc-host=127.0.0.1:$1" "--anycable.redis-url=${2:-redis://127.0.0.1:6379}" "${@:3}" > "${TMP}/ours-$1.log" 2>&1 &
	OURS_PID=$!
	PIDS+=("${OURS_PID}")
	wait_port "$1" "${OURS_PID}" 90
}

start_bare() { # start_bare PORT [REDIS_URL] -> BARE_PID
	# shellcheck disable=SC2046
	taskset -c "${SERVER_CPUS}" java "${JVM_FLAGS[@]}" $(jfr_flags bare) -cp "${BARE_CP}" io.anycable.bench.bare.BareRpcServer \
		"$1" "${BARE_EXECUTOR}" "${2:-}" > "${TMP}/bare-$1.log" 2>&1 &
	BARE_PID=$!
	PIDS+=("${BARE_PID}")
	wait_port "$1" "${BARE_PID}" 60
}

stop_pid() {
	kill "$1" 2>/dev/null || true
	for _ in $(seq 1 100); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
	kill -9 "$1" 2>/dev/null || true
}

start_redis() { # -> REDIS_PORT, REDIS_PID
	REDIS_PORT="$(free_port)"
	redis-server --port "${REDIS_PORT}" --bind 127.0.0.1 --save "" --appendonly no --daemonize no \
		--loglevel warning > "${TMP}/redis.log" 2>&1 &
	REDIS_PID=$!
	PIDS+=("${REDIS_PID}")
	wait_port "${REDIS_PORT}" "${REDIS_PID}" 20
}

# ---------------------------------------------------------------------------------------------------
# R1: the RPC server alone, ours vs the bare grpc-java server, driven by ghz

PROTO_DIR="${ROOT}/anycable-spring-boot-autoconfigure/src/main/proto"
COMMAND_DATA='{"command":"message","identifier":"{\"channel\":\"BenchmarkChannel\"}","connection_identifiers":"{\"uid\":\"1\"}","data":"{\"action\":\"echo\",\"message\":\"hey\"}","env":{"url":"http://localhost:8080/cable?uid=1","headers":{"cookie":"uid=1","REMOTE_ADDR":"127.0.0.1"}}}'
CONNECT_DATA='{"env":{"url":"http://localhost:8080/cable?uid=1","headers":{"cookie":"uid=1","REMOTE_ADDR":"127.0.0.1"}}}'

ghz_run() { # ghz_run SERVER PID PORT METHOD CONCURRENCY CONNECTIONS DURATION RECORD(0/1) REP (R1_MODE: pool|direct)
	local server=$1 pid=$2 port=$3 method=$4 c=$5 conns=$6 duration=$7 record=$8 rep=$9 data
	[[ "${method}" == Command ]] && data="${COMMAND_DATA}" || data="${CONNECT_DATA}"
	local file="${TMP}/ghz-${server}-${method}-c${c}-${rep}.json"
	local before after
	before="$(cpu_ticks "${pid}")"
	taskset -c "${CLIENT_CPUS}" "${TOOLS}/ghz" --cpus 1 --insecure --import-paths "${PROTO_DIR}" --proto anycable/rpc.proto \
		--call "anycable.RPC/${method}" -d "${data}" --disable-template-data --disable-template-functions \
		-m '{"sid":"bench-sid","protov":"v1"}' -c "${c}" --connections "${conns}" -z "${duration}" \
		-t 5s -O json -o "${file}" "127.0.0.1:${port}" || log "ghz exited with $? (${server} ${method})"
	after="$(cpu_ticks "${pid}")"
	if [[ "${record}" == 1 ]]; then
		python3 "${BENCH}/report.py" ghz "${file}" "${server}" "${method}" "${c}" "${conns}" "${rep}" \
			"$((after - before))" "$(getconf CLK_TCK)" "${R1_MODE}" >> "${RESULTS}"
	fi
	rm -f "${file}"
}

r1() {
	local mode
	for mode in ${R1_MODES}; do
		R1_MODE="${mode}"
		r1_mode
	done
}

r1_mode() { # both servers with the same kind of executor: pool (ours: the bounded RpcExecutor; bare:
	# BARE_EXECUTOR) or direct (calls on the transport thread: anycable.rpc-direct-executor / directExecutor())
	local ours_port bare_port
	ours_port="$(free_port)"
	bare_port="$(free_port)"
	if [[ "${R1_MODE}" == direct ]]; then
		start_ours "${ours_port}" "" --anycable.rpc-direct-executor=true
		BARE_EXECUTOR=direct start_bare "${bare_port}"
	else
		start_ours "${ours_port}"
		start_bare "${bare_port}"
	fi
	log "R1 (${R1_MODE} executor): ours on :${ours_port} (pid ${OURS_PID}), bare on :${bare_port} (pid ${BARE_PID}), both pinned to CPU ${SERVER_CPUS}"
	local method
	for method in Command Connect; do
		log "R1 warm-up ${method} (${R1_WARMUP} each)"
		ghz_run ours "${OURS_PID}" "${ours_port}" "${method}" 28 1 "${R1_WARMUP}" 0 0
		ghz_run bare "${BARE_PID}" "${bare_port}" "${method}" 28 1 "${R1_WARMUP}" 0 0
	done
	local rep shape
	for rep in $(seq 1 "${REPS}"); do
		for method in Command Connect; do
			# anycable-go's shape; then saturating: 48 in flight over 4 connections, the most our default
			# admission (30 workers + 20 queued) takes without refusing (beyond it ours answers RESOURCE_EXHAUSTED
			# by design while the bare server queues without bound)
			for shape in "28 1" "48 4"; do
				# shellcheck disable=SC2086
				set -- ${shape}
				log "R1 rep ${rep} ${method} c=$1 connections=$2: ours, then bare (${R1_DURATION} each)"
				ghz_run ours "${OURS_PID}" "${ours_port}" "${method}" "$1" "$2" "${R1_DURATION}" 1 "${rep}"
				ghz_run bare "${BARE_PID}" "${bare_port}" "${method}" "$1" "$2" "${R1_DURATION}" 1 "${rep}"
			done
		done
	done
	stop_pid "${OURS_PID}"
	stop_pid "${BARE_PID}"
}

# ---------------------------------------------------------------------------------------------------
# R3: broadcast publishing, our publisher vs redis-benchmark PUBLISH (same payload and concurrency)

PAYLOAD_320="$(python3 -c '
import json
data = json.dumps({"action": "broadcast", "payload": {"sendTime": "2026-11-30T00:00:00.000Z", "padding": "x" * 195}}, separators=(",", ":"))
print(json.dumps({"stream": "all", "data": data}, separators=(",", ":")))')"

r3() {
	start_redis
	redis-cli -p "${REDIS_PORT}" SUBSCRIBE __anycable__ > /dev/null 2>&1 &
	PIDS+=("$!")
	log "R3: redis on :${REDIS_PORT}, one subscriber; publication ${#PAYLOAD_320} bytes"
	note r3_payload_bytes "${#PAYLOAD_320}"
	local c p
	for c in 1 50; do
		for p in 1 16; do
			[[ ${c} -eq 1 && ${p} -eq 16 ]] && continue
			log "R3 redis-benchmark c=${c} P=${p}"
			redis-benchmark -h 127.0.0.1 -p "${REDIS_PORT}" --csv -c "${c}" -P "${p}" -n "${R3_COUNT}" \
				PUBLISH __anycable__ "${PAYLOAD_320}" > "${TMP}/redis-benchmark-c${c}-P${p}.csv"
			python3 "${BENCH}/report.py" redis-benchmark "${TMP}/redis-benchmark-c${c}-P${p}.csv" "${c}" "${p}" >> "${RESULTS}"
		done
	done
	log "R3 our publisher (io.anycable.bench.app.PublishBenchmark)"
	java "${JVM_FLAGS[@]}" -cp "${APP_CP}" io.anycable.bench.app.PublishBenchmark \
		"redis://127.0.0.1:${REDIS_PORT}" "${R3_COUNT}" "${PAYLOAD_320}" >> "${RESULTS}"
}

# ---------------------------------------------------------------------------------------------------
# R5/R6: end to end through anycable-go, our server vs the bare server (both publish through Redis)

start_anycable_go() { # start_anycable_go WS_PORT RPC_PORT -> ACGO_PID
	"${TOOLS}/anycable-go" --presets=none --host=127.0.0.1 --port="$1" --path=/cable \
		--rpc_host="127.0.0.1:$2" --broadcast_adapter=redis --redis_url="redis://127.0.0.1:${REDIS_PORT}" \
		--headers=cookie --disconnect_mode=never --log_level=warn > "${TMP}/anycable-go-$1.log" 2>&1 &
	ACGO_PID=$!
	PIDS+=("${ACGO_PID}")
	wait_port "$1" "${ACGO_PID}" 30
}

cablebench() { # cablebench SERVER REP MODE(broadcast|connect) RECORD(0/1): against that server's anycable-go
	local server=$1 rep=$2 mode=$3 record=$4 pid ws file before after
	if [[ "${server}" == ours ]]; then pid=${E2E_OURS_PID}; ws=${E2E_OURS_WS}; else pid=${E2E_BARE_PID}; ws=${E2E_BARE_WS}; fi
	file="${TMP}/e2e-${mode}-${server}-${rep}.json"
	local args=(-mode broadcast -clients "${E2E_CLIENTS}" -rounds "${E2E_ROUNDS}" -budget 240s)
	[[ "${record}" == 0 ]] && args=(-mode broadcast -clients 100,200 -rounds 100 -budget 90s)
	[[ "${mode}" == connect ]] && args=(-mode connect -clients "${AVALANCHE}" -concurrency 100 -budget 120s)
	before="$(cpu_ticks "${pid}")"
	"${TOOLS}/cablebench" -url "ws://127.0.0.1:${ws}/cable" "${args[@]}" > "${file}" 2>> "${TMP}/cablebench.log" || true
	after="$(cpu_ticks "${pid}")"
	if [[ "${record}" == 1 ]]; then
		python3 "${BENCH}/report.py" e2e "${file}" "${server}" "$((after - before))" "$(getconf CLK_TCK)" "${rep}" >> "${RESULTS}"
	fi
}

e2e() {
	# both servers, each behind its own anycable-go, run side by side and are measured in alternation
	# (ours first in odd repetitions, bare first in even ones), so that drift of the shared machine hits both
	ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
	start_redis
	local rpc_port
	rpc_port="$(free_port)"
	start_ours "${rpc_port}" "redis://127.0.0.1:${REDIS_PORT}"
	E2E_OURS_PID=${OURS_PID}
	E2E_OURS_WS="$(free_port)"
	start_anycable_go "${E2E_OURS_WS}" "${rpc_port}"
	rpc_port="$(free_port)"
	start_bare "${rpc_port}" "redis://127.0.0.1:${REDIS_PORT}"
	E2E_BARE_PID=${BARE_PID}
	E2E_BARE_WS="$(free_port)"
	start_anycable_go "${E2E_BARE_WS}" "${rpc_port}"
	local server rep order
	# at the few thousand calls per second anycable-go sends here, the JIT keeps compiling for minutes: one
	# warm-up round left C2 with 60-70% of each server's CPU in the measured runs, six leave about a fifth
	log "e2e: warm-up (${E2E_WARMUP} x: 2 x 100 rounds of broadcasts and an unmeasured avalanche of ${AVALANCHE}, each)"
	local warm
	for warm in $(seq 1 "${E2E_WARMUP}"); do
		for server in ours bare; do
			cablebench "${server}" 0 broadcast 0
			cablebench "${server}" 0 connect 0
		done
	done
	for rep in $(seq 1 "${E2E_REPS}"); do
		order="ours bare"
		((rep % 2 == 0)) && order="bare ours"
		for server in ${order}; do
			log "e2e rep ${rep} ${server}: broadcast, clients ${E2E_CLIENTS}, ${E2E_ROUNDS} rounds"
			cablebench "${server}" "${rep}" broadcast 1
		done
		for server in ${order}; do
			log "e2e rep ${rep} ${server}: connect avalanche of ${AVALANCHE}"
			sleep 2
			cablebench "${server}" "${rep}" connect 1
		done
	done
}

# ---------------------------------------------------------------------------------------------------
# JMH: the in-JVM path (decode, handler and channel dispatch, encode)

jmh() {
	log "JMH RpcHandlerBenchmark ${JMH_ARGS}"
	# shellcheck disable=SC2086
	taskset -c "${SERVER_CPUS}" java -cp "${APP_CP}" org.openjdk.jmh.Main RpcHandlerBenchmark ${JMH_ARGS} \
		-prof gc -rf json -rff "${TMP}/jmh.json" > "${TMP}/jmh.txt"
	python3 "${BENCH}/report.py" jmh "${TMP}/jmh.json" >> "${RESULTS}"
}

# ---------------------------------------------------------------------------------------------------

tools
build
note machine "$(python3 -c '
import json, os, platform, subprocess
cpu = [l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")]
print(json.dumps({"cpus": os.cpu_count(), "cpu_model": cpu[0] if cpu else "?", "kernel": platform.release(),
  "mem_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
  "java": subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0],
  "load_at_start": open("/proc/loadavg").read().split()[:3]}))')"
note jvm_flags "$(python3 -c 'import json,sys; print(json.dumps(sys.argv[1:]))' "${JVM_FLAGS[@]}")"
note settings "$(python3 -c 'import json,sys; print(json.dumps(dict(a.split("=",1) for a in sys.argv[1:])))' \
	"R1_DURATION=${R1_DURATION}" "R1_WARMUP=${R1_WARMUP}" "REPS=${REPS}" "E2E_CLIENTS=${E2E_CLIENTS}" \
	"E2E_ROUNDS=${E2E_ROUNDS}" "E2E_REPS=${E2E_REPS}" "E2E_WARMUP=${E2E_WARMUP}" "AVALANCHE=${AVALANCHE}" "BARE_EXECUTOR=${BARE_EXECUTOR}" "R1_MODES=${R1_MODES}" "SERVER_CPUS=${SERVER_CPUS}" "CLIENT_CPUS=${CLIENT_CPUS}" "QUICK=${QUICK}")"
for section in "${SECTIONS[@]}"; do
	"${section}"
done
note load_at_end "$(python3 -c 'import json; print(json.dumps(open("/proc/loadavg").read().split()[:3]))')"
python3 "${BENCH}/report.py" summary "${RESULTS}" "${OUT}"
if [[ -n "${CHART:-}" ]]; then # CHART=docs/benchmarks.png draws the chart (matplotlib in build-tools/venv)
	[[ -x "${ROOT}/build-tools/venv/bin/python" ]] || { python3 -m venv "${ROOT}/build-tools/venv" &&
		"${ROOT}/build-tools/venv/bin/pip" install -q 'matplotlib==3.10.*'; }
	"${ROOT}/build-tools/venv/bin/python" "${BENCH}/chart.py" "${OUT}/results.json" "${ROOT}/${CHART}"
fi
log "results: ${OUT}/results.md"
cat "${OUT}/results.md"
