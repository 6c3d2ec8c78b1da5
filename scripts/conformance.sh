#!/usr/bin/env bash
# Runs the conformance suite (issue #5) from a clean checkout: the real anycable-go, pinned 1.5.2 (built
# from source by scripts/install-anycable-go.sh) and the current 1.6.16 (built from ../shared/anycable-go
# by scripts/install-anycable-go-1.6.sh), the official JS client (npm ci in conformance/js) and the
# *ConformanceIT classes of the module conformance/ (anycable-spring-boot-conformance) under the Maven
# profile `conformance`: against anycable-go 1.5.2, against 1.6.16, and against the embedded server.
#
# Needs: Go >= 1.26 (builds anycable-go), Node.js >= 18 with npm (JS client), JDK 17 + Maven 3.8+.
# Extra arguments go to Maven, e.g.  scripts/conformance.sh -Dit.test=HandshakeConformanceIT
# Logs of every anycable-go process: conformance/target/conformance-logs/ (1.6.16 run:
# conformance-logs-1.6/, embedded run: conformance-logs-embedded/); reports in
# conformance/target/failsafe-reports*/
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "${repo_root}"

for tool in go node npm mvn java; do
	if ! command -v "${tool}" >/dev/null 2>&1; then
		echo "error: '${tool}' is required by the conformance suite but is not on the PATH" >&2
		exit 1
	fi
done

echo "==> anycable-go 1.5.2 and 1.6.16" >&2
scripts/install-anycable-go.sh >/dev/null
scripts/install-anycable-go-1.6.sh >/dev/null

echo "==> JS client dependencies (npm ci in conformance/js)" >&2
(cd conformance/js && npm ci --no-audit --no-fund --loglevel=error)

# a Redis URL in the environment would switch anycable-go to Redis pub/sub (the suite strips it from
# anycable-go's environment too)
unset REDIS_URL ANYCABLE_REDIS_URL

echo "==> conformance suite (mvn -Pconformance verify)" >&2
# -pl conformance -am builds the starter's modules it depends on; -Dtest=...: their unit tests run in the
# normal build, here only the failsafe *ConformanceIT classes run
exec mvn -B -Pconformance -pl conformance -am verify \
	-Dtest=NoUnitTestsInTheConformanceRun -Dsurefire.failIfNoSpecifiedTests=false "$@"
