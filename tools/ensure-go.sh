#!/bin/sh
# Prints the path of a Go that can build Carebook, installing one if needed.
# Go 1.21 or newer is enough: it fetches the toolchain go.mod names (1.26)
# through the module proxy by itself. On Debian without such a Go, it is
# installed from Debian (bookworm's own is 1.19, so from bookworm-backports).
# Everything but the path goes to stderr.
set -e

new_enough() {
	v=$("$1" version 2>/dev/null | sed -n 's/^go version go\([0-9][0-9]*\)\.\([0-9][0-9]*\).*/\1 \2/p')
	[ -n "$v" ] || return 1
	set -- $v
	[ "$1" -gt 1 ] || [ "$2" -ge 21 ]
}

find_go() {
	[ -n "$CAREBOOK_IGNORE_LOCAL_GO" ] && set -- /usr/lib/go-1.[2-9][0-9]/bin/go || \
		set -- /usr/local/go/bin/go "$(command -v go 2>/dev/null || true)" /usr/lib/go-1.[2-9][0-9]/bin/go
	for g in "$@"; do
		if [ -n "$g" ] && [ -x "$g" ] && new_enough "$g"; then
			echo "$g"
			return 0
		fi
	done
	return 1
}

find_go && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
	echo "Carebook needs Go 1.21 or newer: install Go 1.26 from https://go.dev/dl/ and run make again." >&2
	exit 1
fi
SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo
echo "Installing Go from Debian…" >&2
. /etc/os-release
$SUDO apt-get update -qq >&2
candidate=$(apt-cache policy golang-go | sed -n 's/^ *Candidate: *[0-9]*:*\([0-9]*\.[0-9]*\).*/\1/p')
minor=${candidate#*.}
if [ -n "$VERSION_CODENAME" ] && { [ -z "$minor" ] || [ "$minor" -lt 21 ]; }; then
	src=/etc/apt/sources.list.d/carebook-backports.sources
	printf 'Types: deb\nURIs: http://deb.debian.org/debian\nSuites: %s-backports\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
		"$VERSION_CODENAME" | $SUDO tee "$src" >/dev/null
	$SUDO apt-get update -qq >&2
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq -t "$VERSION_CODENAME-backports" golang-go >&2
else
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq golang-go >&2
fi
find_go && exit 0
echo "Could not install a Go new enough (1.21+): install Go 1.26 from https://go.dev/dl/ and run make again." >&2
exit 1
