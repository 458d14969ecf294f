#!/bin/sh
# Checks a built .deb the way Debian would see it: its fields, its files, a
# valid menu entry, and that the program in it runs.
#
#   packaging/linux/check.sh dist/carebook_0.1.0_amd64.deb
set -eu
deb=$1
fail() {
	echo "linux-package: FAILED: $*" >&2
	exit 1
}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

[ "$(dpkg-deb -f "$deb" Package)" = carebook ] || fail "the package is not called carebook"
for lib in libc6 libgl1 libx11-6 libxcursor1 libxrandr2; do
	dpkg-deb -f "$deb" Depends | grep -qw "$lib" || fail "Depends lacks $lib: $(dpkg-deb -f "$deb" Depends)"
done
dpkg-deb -x "$deb" "$work"
for f in usr/bin/carebook usr/share/applications/org.carebook.app.desktop \
	usr/share/icons/hicolor/256x256/apps/org.carebook.app.png usr/share/metainfo/org.carebook.app.metainfo.xml \
	usr/share/doc/carebook/copyright usr/share/doc/carebook/OFL.txt usr/share/doc/carebook/THIRD-PARTY.txt.gz; do
	[ -f "$work/$f" ] || fail "missing /$f"
done
[ -x "$work/usr/bin/carebook" ] || fail "/usr/bin/carebook cannot be run"
desktop-file-validate "$work/usr/share/applications/org.carebook.app.desktop" || fail "the menu entry is not valid"
icon=$(sed -n 's/^Icon=//p' "$work/usr/share/applications/org.carebook.app.desktop")
[ -f "$work/usr/share/icons/hicolor/256x256/apps/$icon.png" ] || fail "the menu entry's icon $icon is not in the package"
exe=$(sed -n 's/^Exec=\([^ ]*\).*/\1/p' "$work/usr/share/applications/org.carebook.app.desktop")
[ -x "$work/usr/bin/$exe" ] || fail "the menu entry runs $exe, which the package lacks"
version=$(dpkg-deb -f "$deb" Version)
"$work/usr/bin/carebook" version | grep -q "Carebook $version" || fail "the program does not say version $version"
echo "linux-package: $deb is sound ($(dpkg-deb -f "$deb" Installed-Size) KiB installed; Depends: $(dpkg-deb -f "$deb" Depends))"
