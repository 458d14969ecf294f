package hub

import (
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"carebook/data"
	"carebook/demo"
	"carebook/internal/pgtest"
)

// BenchmarkSyncLargeFoundation syncs the large foundation of make bench
// (10 000 children, 200 000 donations; built once into .cache/bench) from
// its head office into an empty hub:
//
//	go test ./hub -run '^$' -bench SyncLargeFoundation -benchtime 1x -timeout 60m
func BenchmarkSyncLargeFoundation(b *testing.B) {
	cache := filepath.Join("..", "..", ".cache", "bench", "foundation-10000-200000-v2.db")
	if _, err := os.Stat(cache); err != nil {
		b.Logf("building the foundation into %s (once)…", cache)
		if err := os.MkdirAll(filepath.Dir(cache), 0o755); err != nil {
			b.Fatal(err)
		}
		tmp := cache + ".part"
		os.Remove(tmp)
		s, err := demo.Create(ctx, tmp, demo.Options{Children: 10000, Donations: 200000, Seed: 14}, false)
		if err != nil {
			b.Fatal(err)
		}
		s.Close()
		if err := os.Rename(tmp, cache); err != nil {
			b.Fatal(err)
		}
	}
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		admin := pgtest.Start(b)
		db := filepath.Join(b.TempDir(), "hq.db")
		copyFile(b, cache, db)
		s, err := data.Open(db)
		if err != nil {
			b.Fatal(err)
		}
		self, _ := s.Office(ctx)
		if _, err := Init(ctx, admin, self.FoundationID); err != nil {
			b.Fatal(err)
		}
		url, err := AddOffice(ctx, admin, Office{Code: self.Code, Head: true})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := time.Now()
		res, err := Sync(ctx, s, url)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(time.Since(start).Seconds(), "s/sync")
		b.ReportMetric(float64(res.Pushed), "rows")
		b.StopTimer()
		s.Close()
	}
}

func copyFile(b *testing.B, from, to string) {
	in, err := os.Open(from)
	if err != nil {
		b.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		b.Fatal(err)
	}
	if err := out.Close(); err != nil {
		b.Fatal(err)
	}
}
