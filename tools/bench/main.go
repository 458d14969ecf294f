// Command bench measures Carebook at the size of a large foundation against
// the simplest thing that does the same work (issue 14), and prints a table
// of medians and ratios. make bench runs it; a small version runs in the
// tests so that it cannot rot.
//
// Each measurement runs in a process of its own (this program, started
// again with -child), so that its peak memory is its own; Carebook and its
// baseline alternate, and the median of -runs is reported.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"sort"
	"strings"
	"time"

	"carebook/data"
	"carebook/demo"
	_ "carebook/internal/sysenv" // before Fyne reads the locale
)

type config struct {
	children, donations, runs int
	letters, letters2         int // letters in the big batch, and in the one against LibreOffice
	statementRows             int
	cache, work               string
	only                      string // run only the works whose name holds this
	inProcess                 bool   // tests: no child processes (no memory figures)
	out                       io.Writer
}

func main() {
	c := config{out: os.Stdout}
	child := flag.String("child", "", "run one side of one work (internal)")
	flag.IntVar(&c.children, "children", 10000, "synthetic children in the foundation")
	flag.IntVar(&c.donations, "donations", 200000, "synthetic donations in the foundation")
	flag.IntVar(&c.runs, "runs", 5, "runs of each side (the median is shown)")
	flag.IntVar(&c.letters, "letters", 1000, "letters in the big batch")
	flag.IntVar(&c.letters2, "letters-lo", 200, "letters in the batch measured against LibreOffice")
	flag.IntVar(&c.statementRows, "statement-rows", 200000, "rows of the bank statement imported")
	flag.StringVar(&c.cache, "cache", filepath.Join(".cache", "bench"), "where the foundation is built once and kept")
	flag.StringVar(&c.only, "only", "", "measure only the works whose name holds this")
	db := flag.String("db", "", "the foundation (with -child)")
	profile := flag.String("cpuprofile", "", "with -child: write the side's CPU profile here")
	flag.Parse()
	if *child != "" {
		c.work = flag.Arg(0)
		if *profile != "" {
			f, err := os.Create(*profile)
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
			pprof.StartCPUProfile(f)
		}
		res, err := runSide(context.Background(), *child, *db, c)
		if *profile != "" {
			pprof.StopCPUProfile()
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		res.Peak = ownPeakMB()
		json.NewEncoder(os.Stdout).Encode(res)
		return
	}
	if err := run(context.Background(), c); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// result is what one side of one work reports.
type result struct {
	Seconds float64 `json:"s"`
	// P50 and P95 are for works of many small steps (a keystroke), in ms.
	P50  float64 `json:"p50,omitempty"`
	P95  float64 `json:"p95,omitempty"`
	Note string  `json:"note,omitempty"`
	MB   float64 `json:"-"` // peak memory of the process
	// Peak is the process's own figure of it, where it can tell (see
	// ownPeakMB); else the parent's is used.
	Peak float64 `json:"mb,omitempty"`
}

// foundation builds the large foundation once into the cache.
func foundation(ctx context.Context, c config) (string, error) {
	if err := os.MkdirAll(c.cache, 0o700); err != nil {
		return "", err
	}
	path := filepath.Join(c.cache, fmt.Sprintf("foundation-%d-%d-v2.db", c.children, c.donations))
	if _, err := os.Stat(path); err == nil {
		return path, settle(path)
	}
	tmp := path + ".building"
	for _, p := range []string{tmp, tmp + "-wal", tmp + "-shm"} {
		os.Remove(p)
	}
	fmt.Fprintf(c.out, "Building the foundation (%d children, %d donations) into %s…\n", c.children, c.donations, path)
	s, err := demo.Create(ctx, tmp, demo.Options{Children: c.children, Donations: c.donations, Seed: 14}, false)
	if err != nil {
		return "", err
	}
	if err := s.Close(); err != nil {
		return "", err
	}
	os.Remove(tmp + ".checked")
	if err := os.Rename(tmp, path); err != nil {
		return "", err
	}
	return path, settle(path)
}

// settle opens the foundation once, untimed, so that what every open does
// only the first time (a newer Carebook's migrations, the whole check) is
// not in the measurements.
func settle(path string) error {
	s, err := data.Open(path)
	if err != nil {
		return err
	}
	return s.Close()
}

// copyFoundation copies the database (and its files folder) for a work
// that changes it; not timed.
func copyFoundation(src, dir string) (string, error) {
	os.RemoveAll(dir)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	dst := filepath.Join(dir, filepath.Base(src))
	if err := exec.Command("cp", "-r", src, dst).Run(); err != nil {
		return "", err
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(src), "files")); err == nil {
		if err := exec.Command("cp", "-r", filepath.Join(filepath.Dir(src), "files"), dir).Run(); err != nil {
			return "", err
		}
	}
	// The copy is put on the disk before anything is timed: otherwise the
	// system writes its hundreds of megabytes out during the work measured
	// next (200 letters measured 255-357 ms so, 140-169 ms after a sync).
	return dst, syncTree(dir)
}

// syncTree puts every file under dir on the disk.
func syncTree(dir string) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		return f.Sync()
	})
}

// measure runs one side once, in a child process (or in this one).
func measure(ctx context.Context, c config, side, db string) (result, error) {
	if c.inProcess {
		return runSide(ctx, side, db, c)
	}
	self, err := os.Executable()
	if err != nil {
		return result{}, err
	}
	switch side {
	case "list-process":
		if err := buildCarebook(ctx, c); err != nil {
			return result{}, err
		}
	case "list-process-engine":
		if err := buildOnce(ctx, listFloorPath(c), "./tools/bench/listfloor"); err != nil {
			return result{}, err
		}
	}
	if fpdfFloors[side] {
		if self, err = plainBench(ctx, c); err != nil {
			return result{}, err
		}
	}
	cmd := exec.CommandContext(ctx, self, "-child", side, "-db", db,
		fmt.Sprintf("-letters=%d", c.letters), fmt.Sprintf("-letters-lo=%d", c.letters2),
		fmt.Sprintf("-statement-rows=%d", c.statementRows), fmt.Sprintf("-children=%d", c.children), fmt.Sprintf("-donations=%d", c.donations),
		"-cache="+c.cache, c.work)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return result{}, fmt.Errorf("%s: %w", side, err)
	}
	var r result
	if err := json.Unmarshal(out, &r); err != nil {
		return result{}, fmt.Errorf("%s: %q: %w", side, out, err)
	}
	r.MB = r.Peak
	if r.MB == 0 {
		r.MB = peakMB(cmd.ProcessState)
	}
	return r, nil
}

// row is a line of the table.
type row struct {
	work, carebook, baseline, ratio, goal string
}

func run(ctx context.Context, c config) error {
	start := time.Now()
	db, err := foundation(ctx, c)
	if err != nil {
		return err
	}
	if c.work == "" {
		c.work = filepath.Join(c.cache, "work")
	}
	if err := os.MkdirAll(c.work, 0o700); err != nil {
		return err
	}
	if err := writeStatement(filepath.Join(c.work, "statement.csv"), c.statementRows); err != nil {
		return err
	}
	var rows []row
	for _, w := range works(c) {
		if c.only != "" && !strings.Contains(w.name, c.only) {
			continue
		}
		if w.offices {
			if err := prepareOffices(ctx, c, db); err != nil {
				return fmt.Errorf("%s: %w", w.name, err)
			}
		}
		fmt.Fprintf(os.Stderr, "measuring %s…\n", w.name)
		var mine, base []result
		note := ""
		for i := range c.runs {
			sides := []string{w.carebook, w.baseline}
			if i%2 == 1 {
				sides[0], sides[1] = sides[1], sides[0]
			}
			for _, side := range sides {
				if side == "" {
					continue
				}
				use := db
				if w.changes {
					if use, err = copyFoundation(db, filepath.Join(c.work, "copy")); err != nil {
						return err
					}
				}
				r, err := measure(ctx, c, side, use)
				if err != nil {
					return fmt.Errorf("%s: %w", w.name, err)
				}
				if r.Note != "" {
					note = r.Note
				}
				if side == w.carebook {
					mine = append(mine, r)
				} else {
					base = append(base, r)
				}
			}
			if note != "" && len(base) == 0 && w.baseline != "" && strings.HasPrefix(note, "skipped") {
				break
			}
		}
		rows = append(rows, w.row(median(mine), median(base), note))
	}
	fmt.Fprintf(c.out, "\nCarebook at %d children and %d donations; medians of %d alternating runs (%s, %d cores).\n\n",
		c.children, c.donations, c.runs, runtime.GOOS+"/"+runtime.GOARCH, runtime.NumCPU())
	if !c.inProcess {
		fmt.Fprintln(c.out, "The fpdf floors are built against fpdf as published, without Carebook's patch (third_party/fpdf).")
		fmt.Fprintln(c.out)
	}
	fmt.Fprintln(c.out, "| work | Carebook | baseline | ratio | goal |")
	fmt.Fprintln(c.out, "|---|---|---|---|---|")
	for _, r := range rows {
		fmt.Fprintf(c.out, "| %s | %s | %s | %s | %s |\n", r.work, r.carebook, r.baseline, r.ratio, r.goal)
	}
	fmt.Fprintf(c.out, "\n(%s in all)\n", time.Since(start).Round(time.Second))
	return nil
}

// median takes the median of each figure over the runs.
func median(rs []result) result {
	if len(rs) == 0 {
		return result{}
	}
	pick := func(f func(result) float64) float64 {
		v := make([]float64, len(rs))
		for i, r := range rs {
			v[i] = f(r)
		}
		sort.Float64s(v)
		return v[len(v)/2]
	}
	return result{Seconds: pick(func(r result) float64 { return r.Seconds }), P50: pick(func(r result) float64 { return r.P50 }),
		P95: pick(func(r result) float64 { return r.P95 }), MB: pick(func(r result) float64 { return r.MB }), Note: rs[0].Note}
}

func secs(r result) string {
	s := fmt.Sprintf("%.2f s", r.Seconds)
	if r.Seconds < 1 {
		s = fmt.Sprintf("%.0f ms", r.Seconds*1000)
		if r.Seconds < 0.01 {
			s = fmt.Sprintf("%.1f ms", r.Seconds*1000)
		}
	}
	if r.MB > 0 {
		s += fmt.Sprintf(", %.0f MB", r.MB)
	}
	return s
}
