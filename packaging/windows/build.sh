#!/bin/sh
# Builds Carebook for Windows (64-bit) into dist/windows:
#
#   carebook.exe      the app. A window program (no console window opens with
#                     it); started from cmd or PowerShell it prints there too
#                     (it attaches to that console), but the prompt does not
#                     wait for it.
#   carebook-cli.exe  the same program as a console program, for scripts and
#                     for IT people: the prompt waits, and the exit code counts.
#
# Both carry the icon, the version and a manifest (per-monitor DPI aware,
# modern controls, no administrator rights). Then the files the installer
# ships beside them: the icon, the licences.
set -eu
cd "$(dirname "$0")/../.."
GO=${GO:-go}
VERSION=$(sed -n 's/^ *Version *= *"\(.*\)"/\1/p' FyneApp.toml)
out=dist/windows
mkdir -p "$out"

# The Windows resources, as an object file the Go linker takes from the main
# package's folder (only when building for windows/amd64; not kept in git).
$GO tool go-winres simply --arch amd64 --out rsrc --manifest gui --icon assets/icon.png \
	--product-name Carebook --file-description "Carebook" --original-filename carebook.exe \
	--product-version "$VERSION" --file-version "$VERSION" \
	--copyright "The Carebook authors (MIT licence)"

export CGO_ENABLED=1 GOOS=windows GOARCH=amd64 CC=x86_64-w64-mingw32-gcc
$GO build -trimpath -ldflags "-H windowsgui -s -w" -o "$out/carebook.exe" .
$GO build -trimpath -ldflags "-s -w" -o "$out/carebook-cli.exe" .
unset CGO_ENABLED GOOS GOARCH CC

convert assets/icon.png -define icon:auto-resize=256,64,48,32,16 "$out/carebook.ico"
# The licence texts, with Windows line ends for Notepad and the installer
# (whose licence page shows LICENSE.txt).
{
	cat LICENSE
	echo
	echo "The Noto Sans fonts built into Carebook are under the SIL Open Font License"
	echo "(OFL.txt), and the libraries built into it under their own licences"
	echo "(THIRD-PARTY.txt); both files are installed beside Carebook."
} | sed 's/$/\r/' > "$out/LICENSE.txt"
sed 's/$/\r/' assets/fonts/OFL.txt > "$out/OFL.txt"
$GO run ./packaging/notices -goos windows -goarch amd64 | sed 's/$/\r/' > "$out/THIRD-PARTY.txt"
echo "$out: carebook.exe, carebook-cli.exe ($VERSION)"
