#!/usr/bin/env bash
# Builds anycable-go 1.6.16, the current release line, into build-tools/bin-1.6/ for the conformance
# suite's second run (issue #19). The Go module proxy serves github.com/anycable/anycable-go only up to
# 1.5.x, so the source is the upstream snapshot beside the project, ../shared/anycable-go/ (tag v1.6.16,
# MIT licence inside), built by its own build.sh: nothing of it enters this repository.
#
# Usage: scripts/install-anycable-go-1.6.sh     (prints the binary's path; does nothing when it is built)
#        ANYCABLE_GO_1_6_SOURCE=/path/to/shared/anycable-go   to use another copy of the source
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source_dir="${ANYCABLE_GO_1_6_SOURCE:-${repo_root}/../shared/anycable-go}"

if [[ ! -x "${source_dir}/build.sh" ]]; then
	echo "error: ${source_dir}/build.sh not found: the anycable-go 1.6.16 source is expected beside the" \
		"project (../shared/anycable-go/), or set ANYCABLE_GO_1_6_SOURCE" >&2
	exit 1
fi
if ! command -v go >/dev/null 2>&1; then
	echo "error: the Go toolchain (>= 1.26) is required to build anycable-go 1.6.16; install Go and retry" >&2
	exit 1
fi
"${source_dir}/build.sh" "${repo_root}/build-tools/bin-1.6"
