#!/bin/bash
# Tries Carebook's Windows installer as a volunteer's laptop would get it, in
# a fresh Wine prefix under a virtual display:
#
#   - the Windows-only tests (the shell's open and print, Documents);
#   - a disk too small: the installer says so and writes nothing;
#   - an older Carebook installed, then this one over it (upgrade in place);
#   - the installed carebook.exe: demo, list (Kazakh letters intact), a
#     journey report (a valid PDF) into a folder with Cyrillic letters and
#     spaces, a database in such a folder;
#   - the window on the demo data, photographed (the words on it read back by
#     OCR: the demo children are there) into docs/screenshots/windows.png;
#   - install and uninstall while Carebook runs: both refuse, nothing changes;
#   - uninstall: the program goes, the data folder stays.
#
#   packaging/windows/check.sh dist/Carebook-Setup-X.Y.Z.exe dist/windows
#
# The second argument is the folder the installer was made from: the check
# makes an "older version" installer from it to upgrade over.
#
# Wine 8 (Debian 12) lacks bcryptprimitives.dll's ProcessPrng, which Go 1.26's
# runtime needs; a stand-in built here with mingw goes into the test prefix
# only (wine-standin/). Real Windows 10 and 11 have the DLL.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
setup=$(realpath "$1")
stage=$(realpath "$2")
version=$(sed -n 's/^ *Version *= *"\(.*\)"/\1/p' "$root/FyneApp.toml")

work=$(mktemp -d "${TMPDIR:-/tmp}/carebook-windows-check.XXXXXX")
xvfb_pid=""
cleanup() {
	set +e
	[ -n "${WINEPREFIX:-}" ] && wineserver -k 2>/dev/null
	[ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null
	mountpoint -q "$work/tiny" 2>/dev/null && umount "$work/tiny"
	if [ -n "${KEEP_WORK:-}" ]; then echo "(kept $work)"; else rm -rf "$work"; fi
}
trap cleanup EXIT

step() { echo "== $*"; }
fail() {
	echo "windows-check: FAILED: $*" >&2
	exit 1
}

# Go keeps its caches under the real home (the Windows tests are built here).
GO=${GO:-go}
export GOPATH GOCACHE GOMODCACHE
GOPATH=$($GO env GOPATH) GOCACHE=$($GO env GOCACHE) GOMODCACHE=$($GO env GOMODCACHE)

# Wine, isolated: its own prefix and home (so nothing lands in the real
# ~/Desktop or the host's menus), no Mono/Gecko downloads, quiet.
export WINEPREFIX="$work/prefix" HOME="$work/home" WINEDEBUG=-all
export WINEDLLOVERRIDES="mscoree,mshtml=;winemenubuilder.exe=d"
# A UTF-8 locale (always there: C.UTF-8), so that Wine passes Cyrillic
# arguments and file names on intact.
export LANG=C.UTF-8 LC_ALL=C.UTF-8
mkdir -p "$HOME"

step "a virtual display"
exec 3>"$work/display"
Xvfb -displayfd 3 -screen 0 1366x768x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
xvfb_pid=$!
exec 3>&-
for _ in $(seq 50); do [ -s "$work/display" ] && break; sleep 0.1; done
[ -s "$work/display" ] || fail "Xvfb did not start: $(cat "$work/xvfb.log")"
export DISPLAY=":$(cat "$work/display")"

step "a fresh Wine prefix ($(wine --version))"
wineboot --init >/dev/null 2>&1
wineserver -w
sys32="$WINEPREFIX/drive_c/windows/system32"
x86_64-w64-mingw32-gcc -shared -O2 -o "$sys32/bcryptprimitives.dll" \
	"$here/wine-standin/bcryptprimitives.c" "$here/wine-standin/bcryptprimitives.def" -ladvapi32
user=$(wine cmd /c 'echo %USERNAME%' 2>/dev/null | tr -d '\r')
profile="$WINEPREFIX/drive_c/users/$user"
programs="$profile/AppData/Local/Programs/Carebook"
data="$profile/AppData/Roaming/Carebook"
startmenu="$profile/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/Carebook.lnk"
uninstall_key='HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\Carebook'

# run EXPECTED-EXIT-CODE WHAT COMMAND...: runs a Windows program to its end
# (and, unless the window is open, waits for everything it started).
window_open=""
run() {
	local want=$1 what=$2 got=0
	shift 2
	"$@" >"$work/out" 2>"$work/err" || got=$?
	[ -n "$window_open" ] || wineserver -w
	[ "$got" = "$want" ] || fail "$what: exit code $got, want $want
$(cat "$work/out" "$work/err")"
}
reg_value() { # key value → the data, or nothing
	wine reg query "$1" /v "$2" 2>/dev/null | tr -d '\r' | awk -v v="$2" '$1 == v {print $3}'
}

step "the Windows-only tests (the shell's open and print, the Documents folder)"
mkdir -p "$work/tests"
for pkg in internal/shell ui; do
	exe="$work/tests/$(basename "$pkg").test.exe"
	(cd "$root" && CGO_ENABLED=0 GOOS=windows GOARCH=amd64 $GO test -c -o "$exe" "./$pkg")
	run 0 "the Windows tests of $pkg" wine "$exe" -test.run '^TestWindows' -test.v
	grep -q -- "--- PASS" "$work/out" || fail "no Windows test passed in $pkg: $(cat "$work/out")"
done

if [ "$(id -u)" = 0 ] && mkdir -p "$work/tiny" && mount -t tmpfs -o size=2m tmpfs "$work/tiny" 2>/dev/null; then
	step "a disk with no room: the installer says so and writes nothing"
	ln -s "$work/tiny" "$WINEPREFIX/dosdevices/t:"
	run 2 "installing onto a full disk" wine "$setup" /S '/D=T:\Carebook'
	[ ! -e "$work/tiny/Carebook" ] || fail "the installer wrote onto a disk without room: $(ls -R "$work/tiny")"
	rm "$WINEPREFIX/dosdevices/t:"
	umount "$work/tiny"
else
	echo "   (skipped: mounting a small disk needs root)"
fi

step "an older Carebook installed, then $version over it"
makensis -V1 -DVERSION=0.0.1 -DSTAGE="$stage" -DOUTFILE="$work/Carebook-Setup-0.0.1.exe" "$here/carebook.nsi"
run 0 "installing 0.0.1" wine "$work/Carebook-Setup-0.0.1.exe" /S
[ "$(reg_value "$uninstall_key" DisplayVersion)" = 0.0.1 ] || fail "0.0.1 is not listed in Apps"
run 0 "installing $version over 0.0.1" wine "$setup" /S
[ "$(reg_value "$uninstall_key" DisplayVersion)" = "$version" ] || fail "Apps does not list $version after the upgrade"
for f in carebook.exe carebook-cli.exe LICENSE.txt OFL.txt THIRD-PARTY.txt "Uninstall Carebook.exe"; do
	[ -f "$programs/$f" ] || fail "not installed: $f"
done
cmp -s "$programs/carebook.exe" "$stage/carebook.exe" || fail "the upgrade did not replace carebook.exe"
[ -f "$startmenu" ] || fail "no Start menu shortcut"
[ -f "$profile/Desktop/Carebook.lnk" ] || fail "no desktop shortcut"
[ ! -e "$programs/bcryptprimitives.dll" ] || fail "the stand-in DLL was installed"

step "carebook.exe on the command line"
exe="$programs/carebook.exe"
run 0 "carebook.exe version" wine "$exe" version
grep -q "Carebook $version" "$work/out" || fail "version says: $(cat "$work/out")"
run 0 "carebook.exe demo" wine "$exe" demo
[ -f "$data/demo/carebook.db" ] || fail "the demo database is not under %APPDATA%\\Carebook\\demo"
run 0 "carebook.exe list" wine "$exe" list --demo
for name in "Мұратбекова Аружан" "Бекжанов Қайрат Ғалымжанұлы" "Yoʻldosheva Shahzoda"; do
	grep -q "$name" "$work/out" || fail "list lost the letters of \"$name\": $(head -5 "$work/out")"
done
run 0 "carebook-cli.exe list" wine "$programs/carebook-cli.exe" list --demo --search "қайрат"
grep -q "Бекжанов" "$work/out" || fail "carebook-cli.exe list --search қайрат: $(cat "$work/out")"

# A person's folder with Cyrillic letters and spaces, as Windows names them.
docs='C:\Users\Public\Әсел Нұрланқызы\Менің құжаттарым'
docs_unix="$WINEPREFIX/drive_c/users/Public/Әсел Нұрланқызы/Менің құжаттарым"
mkdir -p "$docs_unix"
run 0 "report journey into a Cyrillic folder" wine "$exe" report journey --demo --child 2026-001 --lang kk --out "$docs\\Жол картасы 2026-001.pdf"
pdfinfo "$docs_unix/Жол картасы 2026-001.pdf" >"$work/pdfinfo" || fail "the journey report is not a valid PDF"
pdftotext "$docs_unix/Жол картасы 2026-001.pdf" "$work/report.txt"
grep -q "Мұратбекова Аружан" "$work/report.txt" || fail "the report lacks the child's name"
run 0 "a database in a Cyrillic folder" wine "$exe" demo --db "$docs\\Қор деректері.db"
run 0 "check of that database" wine "$exe" check --db "$docs\\Қор деректері.db"
[ -f "$docs_unix/Қор деректері.db" ] || fail "the database is not where it was asked for"

step "the window on the demo data"
wine "$exe" --demo >"$work/window.log" 2>&1 &
window_open=yes
for _ in $(seq 120); do
	xdotool search --name '^Carebook' >/dev/null 2>&1 && break
	sleep 0.5
done
xdotool search --name '^Carebook' >/dev/null 2>&1 || fail "no Carebook window appeared: $(cat "$work/window.log")"
sleep 8 # its first drawing, and Today filled
# It opens on Today; Ctrl+F goes to the children list, its search box.
import -window root "$work/windows-today.png"
tesseract "$work/windows-today.png" - -l eng+rus+kaz >"$work/ocr.txt" 2>/dev/null || fail "OCR failed"
for want in Papers Refresh 2026-004 Documents "not thanked"; do
	grep -q "$want" "$work/ocr.txt" || fail "Today does not show \"$want\"; it reads:
$(cat "$work/ocr.txt")"
done
wid=$(xdotool search --name '^Carebook' | head -1)
xdotool windowfocus "$wid" 2>/dev/null || true
xdotool key ctrl+f
sleep 4
import -window root "$work/windows.png"
tesseract "$work/windows.png" - -l eng+rus+kaz >"$work/ocr.txt" 2>/dev/null || fail "OCR failed"
for want in 2026-001 2026-003 2026-007 "New child" "Ахметов" "облысы"; do
	grep -q "$want" "$work/ocr.txt" || fail "the window does not show \"$want\" after Ctrl+F; it reads:
$(cat "$work/ocr.txt")"
done
mkdir -p "$root/docs/screenshots"
cp "$work/windows.png" "$root/docs/screenshots/windows.png"
cp "$work/windows-today.png" "$root/docs/screenshots/windows-today.png"

step "install and uninstall while Carebook runs: both refuse"
# A mark in an installed file: a Setup that wrote anything would replace it.
echo "mark" >"$programs/THIRD-PARTY.txt"
run 2 "installing over a running Carebook" wine "$setup" /S
[ "$(cat "$programs/THIRD-PARTY.txt")" = mark ] || fail "Setup wrote over a running Carebook"
# The uninstaller copies itself away and returns at once: look at its effect.
wine "$programs/Uninstall Carebook.exe" /S
sleep 8
for f in carebook.exe carebook-cli.exe LICENSE.txt THIRD-PARTY.txt; do
	[ -f "$programs/$f" ] || fail "the uninstaller removed $f while Carebook ran"
done
wineserver -k
wineserver -w
window_open=""

step "uninstall: the program goes, the data stays"
wine "$programs/Uninstall Carebook.exe" /S
wineserver -w
[ ! -e "$programs" ] || fail "the program folder is still there: $(ls "$programs")"
[ ! -e "$startmenu" ] || fail "the Start menu shortcut is still there"
[ ! -e "$profile/Desktop/Carebook.lnk" ] || fail "the desktop shortcut is still there"
[ -z "$(reg_value "$uninstall_key" DisplayVersion)" ] || fail "Apps still lists Carebook"
[ -f "$data/demo/carebook.db" ] || fail "the uninstaller deleted the data folder"
[ -f "$docs_unix/Қор деректері.db" ] || fail "the uninstaller deleted a database"

echo "windows-check: passed (screenshot: docs/screenshots/windows.png)"
