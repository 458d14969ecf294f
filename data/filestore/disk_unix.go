//go:build !windows

package filestore

import "golang.org/x/sys/unix"

// FreeSpace is how many bytes the disk holding dir has for this user; it
// errs on the side of room when the system cannot say.
func FreeSpace(dir string) int64 {
	var st unix.Statfs_t
	if err := unix.Statfs(dir, &st); err != nil {
		return 1 << 62
	}
	return int64(st.Bavail) * int64(st.Bsize)
}
