//go:build !linux && !windows && !darwin

package diskcrypt

import "context"

func status(ctx context.Context, dir string) (State, string) { return Unknown, "" }
