package diskcrypt

import (
	"context"
	"strings"
)

// status: the device under dir, and the devices under it (lsblk -s walks
// from the file system down to the disk); a "crypt" one among them is LUKS
// or plain dm-crypt.
func status(ctx context.Context, dir string) (State, string) {
	src := strings.TrimSpace(output(ctx, "findmnt", "-n", "-o", "SOURCE", "--target", dir))
	if i := strings.IndexByte(src, '['); i > 0 { // btrfs subvolumes: /dev/x[/home]
		src = src[:i]
	}
	if !strings.HasPrefix(src, "/dev/") {
		return Unknown, ""
	}
	out := output(ctx, "lsblk", "-n", "-s", "-o", "TYPE", src)
	if out == "" {
		return Unknown, ""
	}
	return fromTypes(out)
}
