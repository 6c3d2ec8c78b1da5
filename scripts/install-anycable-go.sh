#!/usr/bin/env bash
# Installs the pinned anycable-go (the real AnyCable WebSocket server) into build-tools/bin/ for the
# conformance suite. Idempotent: does nothing when build-tools/bin/anycable-go already reports the
# pinned version.
#
# Pinned version: anycable-go v1.5.2 (module github.com/anycable/anycable-go, tag v1.5.2,
# commit cef800119fa14503eaf1f25ed94a63a6789abc4b), built from source with the local Go toolchain.
#
# Why not `go install github.com/anycable/anycable-go/cmd/anycable-go@<version>`:
#   * @v1.5.2.1 (the "replace-free" tag the docs recommend) is not a semantic version, so the Go
#     module proxy does not serve it (403 "This module version is not available");
#   * @v1.5.2 is served, but `go install pkg@version` also asks the proxy for the module's version
#     list to check for deprecation, and that list is refused here (403), so the install fails;
#   * v1.4.x, v1.5.1 and every v1.6.x are not served at all under this module path.
# So scripts/anycable-go/ is a tiny Go module that requires github.com/anycable/anycable-go v1.5.2
# (its go.sum pins every dependency's checksum) and we run a plain `go install <package>` inside it,
# which builds exactly the required version with no version query. The build needs Go >= 1.21 and
# fetches modules from the Go module proxy only (GOFLAGS=-mod=readonly: go.mod/go.sum are never
# rewritten).
#
# Usage: scripts/install-anycable-go.sh        (prints the binary's path on success)
#        ANYCABLE_GO_FORCE=1 scripts/install-anycable-go.sh   to rebuild anyway
set -euo pipefail

PINNED_VERSION="1.5.2"

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin_dir="${repo_root}/build-tools/bin"
binary="${bin_dir}/anycable-go"

if [[ -z "${ANYCABLE_GO_FORCE:-}" && -x "${binary}" ]]; then
	installed="$("${binary}" --version 2>/dev/null || true)"
	if [[ "${installed}" == "${PINNED_VERSION}" ]]; then
		echo "anycable-go ${PINNED_VERSION} already installed: ${binary}" >&2
		echo "${binary}"
		exit 0
	fi
	echo "build-tools/bin/anycable-go reports '${installed}', expected ${PINNED_VERSION}: reinstalling" >&2
fi

if ! command -v go >/dev/null 2>&1; then
	echo "error: the Go toolchain (>= 1.21) is required to build anycable-go ${PINNED_VERSION}; install Go and retry" >&2
	exit 1
fi

mkdir -p "${bin_dir}"
echo "building anycable-go ${PINNED_VERSION} with $(go version) ..." >&2
(
	cd "${repo_root}/scripts/anycable-go"
	GOBIN="${bin_dir}" GOFLAGS=-mod=readonly GOWORK=off \
		go install github.com/anycable/anycable-go/cmd/anycable-go
)

installed="$("${binary}" --version 2>/dev/null || true)"
if [[ "${installed}" != "${PINNED_VERSION}" ]]; then
	echo "error: ${binary} reports '${installed}' after the build, expected ${PINNED_VERSION}" >&2
	exit 1
fi
echo "installed anycable-go ${PINNED_VERSION}: ${binary}" >&2
echo "${binary}"
