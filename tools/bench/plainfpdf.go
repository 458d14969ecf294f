package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
)

// Carebook builds with a patched copy of fpdf (third_party/fpdf: it keeps
// its zlib writers instead of making one per page). The floors that write
// PDFs are "the plain fpdf program": they run in a build of this bench
// against fpdf as published, without the patch.

// fpdfFloors are the sides that are such a floor.
var fpdfFloors = map[string]bool{"letters-floor": true, "grant-floor": true}

var plain struct {
	once sync.Once
	bin  string
	err  error
}

// plainBench is this bench built against the published fpdf, once per
// bench, in the cache.
func plainBench(ctx context.Context, c config) (string, error) {
	plain.once.Do(func() { plain.bin, plain.err = buildPlain(ctx, c) })
	return plain.bin, plain.err
}

func buildPlain(ctx context.Context, c config) (string, error) {
	goCmd, root, err := moduleRoot(ctx)
	if err != nil {
		return "", err
	}
	dir, err := filepath.Abs(filepath.Join(c.cache, "plain-fpdf"))
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	// A go.mod beside the module's, without the replacement; its go.sum
	// starts as the module's and gains what the published fpdf needs.
	for _, f := range []string{"go.mod", "go.sum"} {
		b, err := os.ReadFile(filepath.Join(root, f))
		if err != nil {
			return "", err
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o600); err != nil {
			return "", err
		}
	}
	modfile := filepath.Join(dir, "go.mod")
	bin := filepath.Join(dir, "bench")
	for _, args := range [][]string{
		{"mod", "edit", "-modfile=" + modfile, "-dropreplace=codeberg.org/go-pdf/fpdf"},
		{"build", "-modfile=" + modfile, "-mod=mod", "-o", bin, "./tools/bench"},
	} {
		cmd := exec.CommandContext(ctx, goCmd, args...)
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			return "", fmt.Errorf("go %s: %v: %s", args[0], err, out)
		}
	}
	return bin, nil
}

// moduleRoot finds the go command and the carebook module's folder (the
// bench runs from inside it).
func moduleRoot(ctx context.Context) (goCmd, root string, err error) {
	if goCmd, err = exec.LookPath("go"); err != nil {
		return "", "", fmt.Errorf("the go command is needed to build what the bench measures: %w", err)
	}
	out, err := exec.CommandContext(ctx, goCmd, "env", "GOMOD").Output()
	if err != nil {
		return "", "", err
	}
	gomod := strings.TrimSpace(string(out))
	if gomod == "" || gomod == os.DevNull {
		return "", "", fmt.Errorf("the bench runs from inside the carebook module")
	}
	return goCmd, filepath.Dir(gomod), nil
}

// built are the programs built once per bench into the cache, by where.
var built sync.Map // path → *builtOnce

type builtOnce struct {
	once sync.Once
	err  error
}

// carebookPath is where the bench builds carebook, for the works measured
// as whole processes.
func carebookPath(c config) string { return filepath.Join(c.cache, "carebook") }

// listFloorPath is where the bench builds listfloor: `list` as a whole
// process with nothing but the engine.
func listFloorPath(c config) string { return filepath.Join(c.cache, "listfloor") }

// buildCarebook builds carebook as make build does, once.
func buildCarebook(ctx context.Context, c config) error {
	return buildOnce(ctx, carebookPath(c), ".")
}

// buildOnce builds the package pkg of the module into out, as make build
// builds carebook, once per bench.
func buildOnce(ctx context.Context, out, pkg string) error {
	v, _ := built.LoadOrStore(out, &builtOnce{})
	b := v.(*builtOnce)
	b.once.Do(func() {
		goCmd, root, err := moduleRoot(ctx)
		if err != nil {
			b.err = err
			return
		}
		bin, err := filepath.Abs(out)
		if err != nil {
			b.err = err
			return
		}
		cmd := exec.CommandContext(ctx, goCmd, "build", "-trimpath", "-o", bin, pkg)
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			b.err = fmt.Errorf("go build %s: %v: %s", pkg, err, out)
		}
	})
	return b.err
}
