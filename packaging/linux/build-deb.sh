#!/bin/sh
# Builds dist/carebook_<version>_amd64.deb: Carebook with a menu entry (in the
# Office section), its icon at the usual sizes, AppStream metadata for the
# software centres, and the licences. Its dependencies are the Debian packages
# of the libraries the binary links (found with dpkg -S on this machine).
#
#   sudo apt install ./dist/carebook_0.1.0_amd64.deb
set -eu
cd "$(dirname "$0")/../.."
GO=${GO:-go}
VERSION=$(sed -n 's/^ *Version *= *"\(.*\)"/\1/p' FyneApp.toml)
ARCH=$(dpkg --print-architecture)
deb="dist/carebook_${VERSION}_${ARCH}.deb"
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT

install -d "$root/DEBIAN" "$root/usr/bin" "$root/usr/share/applications" "$root/usr/share/metainfo" \
	"$root/usr/share/doc/carebook"
$GO build -trimpath -ldflags "-s -w" -o "$root/usr/bin/carebook" .
install -m 0644 packaging/linux/org.carebook.app.desktop "$root/usr/share/applications/"
install -m 0644 packaging/linux/org.carebook.app.metainfo.xml "$root/usr/share/metainfo/"
for size in 512 256 128 64 48 32 16; do
	dir="$root/usr/share/icons/hicolor/${size}x${size}/apps"
	install -d "$dir"
	convert assets/icon.png -resize "${size}x${size}" "$dir/org.carebook.app.png"
done

# The licences: Debian's machine-readable copyright file, and every library's.
{
	cat <<-END
	Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
	Upstream-Name: Carebook
	Source: https://carebook.example.org

	Files: *
	Copyright: 2026 The Carebook authors
	License: MIT

	Files: assets/fonts/*
	Copyright: 2010, 2012-2020 Google Inc.; 2015-2020 Google LLC.
	License: OFL-1.1
	 The full text is in /usr/share/doc/carebook/OFL.txt.

	Files: the Go libraries built in
	Copyright: their authors
	License: various (BSD, MIT, Apache-2.0, OFL-1.1 and others)
	 Each library's licence is in /usr/share/doc/carebook/THIRD-PARTY.txt.

	License: MIT
	END
	sed -e 's/^$/./' -e 's/^/ /' LICENSE
} >"$root/usr/share/doc/carebook/copyright"
install -m 0644 assets/fonts/OFL.txt "$root/usr/share/doc/carebook/OFL.txt"
$GO run ./packaging/notices | gzip -9n >"$root/usr/share/doc/carebook/THIRD-PARTY.txt.gz"

# The packages holding the libraries the binary names (NEEDED: libGL, libX11,
# libc), and those GLFW opens when it starts (dlopen: the X extensions).
pkg_of() { # a library's file → its Debian package
	for p in "$1" "$(realpath "$1")" "$(realpath "$1" | sed 's|^/usr||')"; do
		r=$(dpkg -S "$p" 2>/dev/null | head -1 | cut -d: -f1)
		[ -n "$r" ] && echo "$r" && return 0
	done
	echo "build-deb: no Debian package holds $1" >&2
	return 1
}
libs=$(objdump -p "$root/usr/bin/carebook" | awk '/NEEDED/ {print $2}')
libs="$libs libXcursor.so.1 libXrandr.so.2 libXinerama.so.1 libXi.so.6 libXxf86vm.so.1"
depends=$(for so in $libs; do
	path=$(ldconfig -p | awk -v so="$so" '$1 == so && /x86-64|AArch64/ {print $NF; exit}')
	[ -n "$path" ] || { echo "build-deb: no $so on this machine" >&2; exit 1; }
	pkg_of "$path" || exit 1
done | sort -u | paste -sd, | sed 's/,/, /g')
[ -n "$depends" ] || { echo "build-deb: found no dependencies" >&2; exit 1; }

cat >"$root/DEBIAN/control" <<END
Package: carebook
Version: $VERSION
Architecture: $ARCH
Maintainer: The Carebook authors <carebook@example.org>
Installed-Size: $(du -sk "$root/usr" | cut -f1)
Depends: $depends
Section: misc
Priority: optional
Homepage: https://carebook.example.org
Description: case book of a children's medical charity
 Carebook keeps the files of the children whose treatment a foundation
 funds: their documents, the clinics' estimates, donors and donations,
 thank-you letters, and reports for sponsors, in English, Russian and
 Kazakh. Everything stays on the computer, with checked backups.
END

mkdir -p dist
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
echo "$deb"
