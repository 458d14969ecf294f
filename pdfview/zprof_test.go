package pdfview

import (
	"context"
	"testing"
	"time"

	"carebook/internal/scansample"
)

func TestZProf(t *testing.T) {
	scan, _ := scansample.PDF(20, 1240)
	t0 := time.Now()
	Warm()
	t.Logf("warm %v", time.Since(t0))
	for i := 0; i < 4; i++ {
		t0 := time.Now()
		d, err := Open(scan)
		if err != nil {
			t.Fatal(err)
		}
		t1 := time.Now()
		d.Size(0)
		t2 := time.Now()
		d.Render(context.Background(), 0, 900)
		t3 := time.Now()
		d.Close()
		t.Logf("open %v size %v render %v close %v (%d bytes)", t1.Sub(t0), t2.Sub(t1), t3.Sub(t2), time.Since(t3), len(scan))
	}
}
