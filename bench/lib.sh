# Shell helpers shared by the benchmark scripts (bench/run.sh, bench/overload.sh, bench/jwt-avalanche.sh);
# sourced, not run, after the script has set ROOT.
# Processes started by a script go into PIDS; cleanup stops them (SIGTERM, then SIGKILL after 5 s).

PIDS=()
cleanup() {
	local pid
	for pid in "${PIDS[@]}"; do
		kill "${pid}" 2>/dev/null || true
	done
	for pid in "${PIDS[@]}"; do
		for _ in $(seq 1 50); do kill -0 "${pid}" 2>/dev/null || break; sleep 0.1; done
		kill -9 "${pid}" 2>/dev/null || true
	done
	PIDS=()
}

log() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }

free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

wait_port() { # wait_port PORT PID SECONDS
	local deadline=$((SECONDS + $3))
	while ((SECONDS < deadline)); do
		kill -0 "$2" 2>/dev/null || { log "process $2 died while starting"; return 1; }
		(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
		sleep 0.2
	done
	log "port $1 did not open within $3 s"
	return 1
}

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; } # cpu_ticks PID: utime + stime, in CLK_TCK ticks

binary() { # binary VERSION: builds (once) and prints the path of that anycable-go
	case "$1" in
		1.5.2) "${ROOT}/scripts/install-anycable-go.sh" ;;
		1.6.16) "${ROOT}/scripts/install-anycable-go-1.6.sh" ;;
		*) log "unknown anycable-go version $1"; return 1 ;;
	esac
}

counter() { # counter METRICS_URL NAME: the summed value of the counter, 0 when absent
	curl -s "$1" | awk -v name="$2" '$1 ~ name && $1 !~ /^#/ { s += $2 } END { printf "%d", s }'
}
