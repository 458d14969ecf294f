package data

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"carebook/data/filestore"
)

// The check on open reads every page of the database: a quarter of a second
// at ten thousand children, longer on a slow laptop disk, paid again by every
// command. A database that passed the check, was closed cleanly by Carebook
// and has not been touched since need not be read whole again: the mark
// beside it (<db>.checked) records the file as Carebook left it (size,
// modification time and the 100-byte header, and the same for the write-ahead
// log) and when it was last checked whole. Any other change to the file —
// another program, a copy over it, a crash mid-write — makes the mark stale
// and the next open checks everything. Damage that changes no file time (a
// failing disk) is found by the whole check that runs at least once a day.
const (
	checkedSuffix = ".checked"
	checkMarkTTL  = 24 * time.Hour
)

// fileStamp describes the database and its log as they are on disk now.
func fileStamp(path string) (string, bool) {
	one := func(p string) (string, bool) {
		fi, err := os.Stat(p)
		if os.IsNotExist(err) {
			return "-", true
		}
		if err != nil {
			return "", false
		}
		head := make([]byte, 100)
		f, err := os.Open(p)
		if err != nil {
			return "", false
		}
		n, _ := io.ReadFull(f, head)
		f.Close()
		return fmt.Sprintf("%d:%d:%x", fi.Size(), fi.ModTime().UnixNano(), head[:n]), true
	}
	db, ok := one(path)
	if !ok {
		return "", false
	}
	wal, ok := one(path + "-wal")
	if !ok {
		return "", false
	}
	return db + " " + wal, true
}

// readCheckMark returns when the database was last checked whole, if the
// mark beside it still describes the file.
func readCheckMark(path string) (time.Time, bool) {
	b, err := os.ReadFile(path + checkedSuffix)
	if err != nil {
		return time.Time{}, false
	}
	parts := strings.SplitN(strings.TrimSpace(string(b)), "\n", 2)
	if len(parts) != 2 {
		return time.Time{}, false
	}
	unix, err := strconv.ParseInt(parts[0], 10, 64)
	if err != nil {
		return time.Time{}, false
	}
	now, ok := fileStamp(path)
	if !ok || now != parts[1] {
		return time.Time{}, false
	}
	return time.Unix(unix, 0), true
}

// checkedRecently says whether the whole check may be left out on this open.
func checkedRecently(path string, now time.Time) (time.Time, bool) {
	at, ok := readCheckMark(path)
	if !ok || now.Sub(at) > checkMarkTTL || at.After(now.Add(time.Minute)) {
		return time.Time{}, false
	}
	return at, true
}

// writeCheckMark records the file as it is now, after a clean close, with
// the time of its last whole check. It writes nothing when the mark already
// says so (a command that only looked), and nothing it cannot write is an
// error: without a mark the next open simply checks.
func writeCheckMark(path string, checkedAt time.Time) {
	stamp, ok := fileStamp(path)
	if !ok {
		return
	}
	content := strconv.FormatInt(checkedAt.Unix(), 10) + "\n" + stamp + "\n"
	if old, err := os.ReadFile(path + checkedSuffix); err == nil && string(old) == content {
		return
	}
	if err := filestore.WriteAtomic(path+checkedSuffix, func(w io.Writer) error {
		_, err := io.WriteString(w, content)
		return err
	}, nil); err != nil {
		os.Remove(path + checkedSuffix)
	}
}

// ForgetCheck makes the next open of the database at path check the whole
// file: for whoever puts another file in its place (restore).
func ForgetCheck(path string) { os.Remove(absClean(path) + checkedSuffix) }
