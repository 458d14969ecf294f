//go:build !unix

package backup

// setUmask: Windows has no umask (a file's access comes from its folder).
func setUmask(int) int { return 0 }
