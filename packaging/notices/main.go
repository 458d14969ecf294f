// Command notices prints the licence texts of everything linked into
// Carebook for a target system (-goos, -goarch; as built, with cgo): Go
// itself, then each module with the licence files at its root, in the
// folders of the packages used, and beside the files they build in (a
// bundled C library's, a font's). The packages ship it as THIRD-PARTY.txt.
// A module without a licence file stops the build: nothing ships without
// its terms.
//
//	go run ./packaging/notices -goos windows > THIRD-PARTY.txt
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
)

type module struct {
	Path, Version, Dir string
	Main               bool
}

type pkg struct {
	ImportPath, Dir string
	Module          *module
	CgoFiles        []string
	EmbedFiles      []string
}

func main() {
	goos := flag.String("goos", runtime.GOOS, "the system Carebook is built for")
	goarch := flag.String("goarch", runtime.GOARCH, "the processor Carebook is built for")
	flag.Parse()
	if err := run(os.Stdout, *goos, *goarch); err != nil {
		fmt.Fprintln(os.Stderr, "notices:", err)
		os.Exit(1)
	}
}

func run(w io.Writer, goos, goarch string) error {
	list := exec.Command("go", "list", "-deps", "-json", ".")
	list.Env = append(os.Environ(), "GOOS="+goos, "GOARCH="+goarch, "CGO_ENABLED=1")
	out, err := list.Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return fmt.Errorf("go list: %s", ee.Stderr)
		}
		return err
	}
	type found struct {
		mod   module
		files []string
	}
	byPath := map[string]*found{}
	dec := json.NewDecoder(bytes.NewReader(out))
	for dec.More() {
		var p pkg
		if err := dec.Decode(&p); err != nil {
			return err
		}
		if p.Module == nil || p.Module.Main {
			continue // the standard library, or Carebook itself
		}
		f := byPath[p.Module.Path]
		if f == nil {
			f = &found{mod: *p.Module}
			byPath[p.Module.Path] = f
			f.files = licences(p.Module.Dir, false)
			if len(f.files) == 0 {
				return fmt.Errorf("no licence file in %s %s (%s)", p.Module.Path, p.Module.Version, p.Module.Dir)
			}
		}
		// A package with C sources may carry the C library's own licence
		// in a folder beside them (go-gl/glfw's glfw/LICENSE.md).
		f.files = append(f.files, licences(p.Dir, len(p.CgoFiles) > 0)...)
		// Files built in (fonts, icons) are covered by the licences beside
		// them (fyne's theme/font/LICENSE_Inter.txt).
		for _, e := range p.EmbedFiles {
			beside := licences(filepath.Join(p.Dir, filepath.Dir(e)), false)
			f.files = append(f.files, beside...)
			// A program built in (a WebAssembly module) carries the terms
			// of what it was compiled from: kept here when its module does
			// not ship them, and none is built in without.
			wasm := strings.HasSuffix(e, ".wasm") || strings.HasSuffix(e, ".wasm.gz")
			if t, ok := builtInTerms[p.ImportPath]; wasm && ok {
				f.files = append(f.files, filepath.Join(termsDir(), t))
			} else if wasm && len(beside) == 0 {
				return fmt.Errorf("%s builds in %s, whose licences are not known: add them to packaging/notices/terms", p.ImportPath, e)
			}
		}
	}

	fmt.Fprintln(w, "Carebook includes the following software. Their licences follow.")
	fmt.Fprintln(w)
	section(w, "The Go programming language "+runtime.Version(), []string{filepath.Join(runtime.GOROOT(), "LICENSE")})
	paths := make([]string, 0, len(byPath))
	for p := range byPath {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	for _, p := range paths {
		f := byPath[p]
		slices.Sort(f.files)
		if err := section(w, f.mod.Path+" "+f.mod.Version, slices.Compact(f.files)); err != nil {
			return err
		}
	}
	return nil
}

// builtInTerms are the licences of programs built into a module's package
// that the module does not carry (or where their source is), kept in
// packaging/notices/terms.
var builtInTerms = map[string]string{
	"github.com/klippa-app/go-pdfium/internal/pdfium_wasm": "pdfium-wasm.txt",
	"github.com/gen2brain/heic":                            "heic-wasm-source.txt",
}

// termsDir is packaging/notices/terms (the command runs from the
// repository's root, as the build scripts run it).
func termsDir() string { return filepath.Join("packaging", "notices", "terms") }

// licences are the licence files in dir, and with deep in its subfolders too.
func licences(dir string, deep bool) []string {
	var out []string
	add := func(d string) {
		entries, _ := os.ReadDir(d)
		for _, e := range entries {
			name := strings.ToUpper(e.Name())
			if e.Type().IsRegular() && (strings.HasPrefix(name, "LICENSE") || strings.HasPrefix(name, "LICENCE") ||
				strings.HasPrefix(name, "COPYING") || strings.HasPrefix(name, "NOTICE")) {
				out = append(out, filepath.Join(d, e.Name()))
			}
		}
	}
	add(dir)
	if deep {
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if e.IsDir() && e.Name() != "testdata" && !strings.HasPrefix(e.Name(), ".") {
				add(filepath.Join(dir, e.Name()))
			}
		}
	}
	return out
}

func section(w io.Writer, title string, files []string) error {
	rule := strings.Repeat("=", 80)
	fmt.Fprintf(w, "%s\n%s\n%s\n", rule, title, rule)
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "\n%s\n", bytes.TrimRight(b, "\n"))
	}
	fmt.Fprintln(w)
	return nil
}
