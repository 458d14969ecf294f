//go:build linux || darwin

package bank

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
	"time"

	"carebook/data"
)

var benchRows = flag.Int("rows", 1_000_000, "rows in the statement of BenchmarkImportStatement")

// BenchmarkImportStatement reads, previews and imports a statement of
// -rows rows (a million by default) in one transaction, as a large
// foundation's year of Kaspi transfers: 20 000 payers, some giving often.
// It reports the peak memory of the whole process (the target is under
// 300 MB) next to the time. Run it with make bench.
func BenchmarkImportStatement(b *testing.B) {
	dir := b.TempDir()
	path := filepath.Join(dir, "statement.csv")
	writeBigStatement(b, path, *benchRows)
	for range b.N {
		s, err := data.Open(filepath.Join(dir, fmt.Sprintf("carebook-%d.db", time.Now().UnixNano())))
		if err != nil {
			b.Fatal(err)
		}
		s.Now = func() time.Time { return time.Date(2026, 12, 31, 12, 0, 0, 0, time.UTC) }
		start := time.Now()
		src, err := Open(ctx, path, Options{Today: s.Today()})
		if err != nil {
			b.Fatal(err)
		}
		plan, err := Prepare(ctx, s, src, Decisions{}, nil)
		if err != nil {
			b.Fatal(err)
		}
		preview := time.Since(start)
		res, err := Import(ctx, s, src, Decisions{}, nil)
		if err != nil {
			b.Fatal(err)
		}
		if res.Imported != *benchRows || plan.Import != *benchRows {
			b.Fatalf("%d rows: %d previewed, %d imported", *benchRows, plan.Import, res.Imported)
		}
		b.ReportMetric(preview.Seconds(), "preview-s")
		b.ReportMetric(time.Since(start).Seconds(), "total-s")
		s.Close()
	}
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err == nil {
		kb := ru.Maxrss
		if runtime.GOOS == "darwin" {
			kb /= 1024 // bytes there
		}
		b.ReportMetric(float64(kb)/1024, "peak-MB")
	}
}

// writeBigStatement writes a Kazakh bank's CSV of n incoming transfers.
func writeBigStatement(b *testing.B, path string, n int) {
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	fmt.Fprintf(w, "Выписка по счёту KZ86722S000012345678 (KZT)\nПериод: 01.01.2026 - 31.12.2026\n\n")
	fmt.Fprintf(w, "Дата;Сумма;Валюта;Плательщик;ИИН/БИН;Назначение;Номер\n")
	day := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		d := day.AddDate(0, 0, i*365/n)
		payer := i % 20000
		fmt.Fprintf(w, "%s;%d %03d,%02d;KZT;Жертвователь %d Ә.;%012d;Благотворительная помощь;KSP-%d\n",
			d.Format("02.01.2006"), 1+i%90, i%1000, i%100, payer, 900000000000+payer, i)
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
}
