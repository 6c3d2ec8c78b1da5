#!/usr/bin/env bash
# Browser test of the sample chat (issue #6): packages the sample app, starts it on a free loopback
# port with its default profile (embedded Action Cable endpoint), and has two headless Chromium tabs log
# in through the form as two users, join a room, type and chat, and a page on another origin fail to
# open the socket with the visitor's cookie (sample-app/e2e/chat.e2e.mjs, Playwright's playwright-core
# driving Debian's chromium).
# Screenshot and app log: sample-app/target/e2e/.
#
# Usage: scripts/browser-test.sh [--no-build]   (--no-build: reuse an already packaged sample app)
# Needs: JDK 17, Maven, Node.js >= 20 with npm; installs chromium with apt-get (as root) if missing.
# Exits non-zero when anything fails.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

build=true
if [[ "${1:-}" == "--no-build" ]]; then
	build=false
elif [[ $# -gt 0 ]]; then
	echo "Unknown argument: $1 (usage: $0 [--no-build])" >&2
	exit 2
fi

chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [[ ! -x "$chromium" ]]; then
	if [[ "$(id -u)" -ne 0 ]]; then
		echo "No Chromium at $chromium: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH" >&2
		exit 1
	fi
	echo "Installing Debian's chromium"
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
"$chromium" --version

if $build; then
	mvn -B -q -pl sample-app -am package -DskipTests
fi

cd sample-app/e2e
npm ci --no-audit --no-fund
CHROMIUM_PATH="$chromium" npm test
