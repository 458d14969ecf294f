package hub

import (
	"fmt"
	"math/rand"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"carebook/data"
	"carebook/data/exchange"
	"carebook/internal/pgtest"
)

// The convergence test of the offices issue with the hub in the middle:
// three offices edit on their own and sync in a random order, some syncs
// cut off in the middle; once each has synced after the last edit (three
// rounds), all hold the same cases and conflicts for what each may see.
func TestOfficesConvergeThroughTheHub(t *testing.T) {
	for _, seed := range []int64{1, 2} {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) { convergeHub(t, seed) })
	}
}

type hubOffice struct {
	code    string
	s       *data.Store
	url     string
	regions []string
}

func convergeHub(t *testing.T, seed int64) {
	rnd := rand.New(rand.NewSource(seed))
	regions := []string{"Түркістан облысы", "Самарқанд вилояти", "Алматы облысы"}
	admin := pgtest.Start(t)
	dir := t.TempDir()
	hq, err := data.Open(filepath.Join(dir, "hq.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { hq.Close() })
	for i := 0; i < 6; i++ {
		if err := hq.Children.Create(ctx, &data.Child{FirstName: "Бала", LastName: "Бастапқы", Region: regions[i%3], BirthDate: data.MustDate("2018-01-01")}); err != nil {
			t.Fatal(err)
		}
	}
	self, _ := hq.Office(ctx)
	if _, err := Init(ctx, admin, self.FoundationID); err != nil {
		t.Fatal(err)
	}
	hqURL, err := AddOffice(ctx, admin, Office{Code: "HQ", Head: true})
	if err != nil {
		t.Fatal(err)
	}
	offs := []*hubOffice{{"HQ", hq, hqURL, regions}}
	for i, code := range []string{"SHY", "SKD"} {
		p := filepath.Join(dir, code+".cbx")
		if _, err := hq.InviteOffice(ctx, data.NewOffice{Code: code, Name: code, Regions: []string{regions[i]}}, "пароль кеңсе 123", p, nil); err != nil {
			t.Fatal(err)
		}
		s, _, err := data.JoinOffice(ctx, p, filepath.Join(dir, code+".db"), "пароль кеңсе 123")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		u, err := AddOffice(ctx, admin, Office{Code: code, Regions: []string{regions[i]}})
		if err != nil {
			t.Fatal(err)
		}
		offs = append(offs, &hubOffice{code, s, u, []string{regions[i]}})
	}
	syncOnce := func(o *hubOffice, cut bool) {
		cctx, cancel := contextWithCancel()
		defer cancel()
		if cut {
			at := rnd.Intn(5)
			testHook = func(n int) {
				if n == at {
					cancel()
				}
			}
			defer func() { testHook = nil }()
		}
		if _, err := Sync(cctx, o.s, o.url); err != nil && !cut {
			t.Fatalf("%s: %v", o.code, err)
		}
	}
	for step := 0; step < 150; step++ {
		o := offs[rnd.Intn(3)]
		kids, err := o.s.ListChildSummaries(ctx, data.ChildFilter{})
		if err != nil {
			t.Fatal(err)
		}
		switch op := rnd.Intn(10); {
		case op < 2 || len(kids) == 0:
			if err := o.s.Children.Create(ctx, &data.Child{FirstName: "Жаңа", LastName: "Бала", Region: o.regions[rnd.Intn(len(o.regions))], BirthDate: data.MustDate("2017-02-03")}); err != nil {
				t.Fatal(err)
			}
		case op < 8:
			c, err := o.s.Children.Get(ctx, kids[rnd.Intn(len(kids))].ID)
			if err != nil {
				t.Fatal(err)
			}
			switch rnd.Intn(3) {
			case 0:
				c.Settlement = fmt.Sprintf("ауыл %d", rnd.Intn(50))
			case 1:
				c.Diagnosis = fmt.Sprintf("диагноз %s %d", o.code, rnd.Intn(50))
			case 2:
				c.Story = fmt.Sprintf("оқиға %d", rnd.Intn(50))
			}
			if err := o.s.Children.Update(ctx, c); err != nil {
				t.Fatal(err)
			}
		case op < 9:
			_ = o.s.Children.Delete(ctx, kids[rnd.Intn(len(kids))].ID)
		default:
			_ = o.s.ChangeStatus(ctx, kids[rnd.Intn(len(kids))].ID, []data.Status{data.StatusDocuments, data.StatusOnHold}[rnd.Intn(2)], "", "тексеру")
		}
		if rnd.Intn(6) == 0 {
			syncOnce(offs[rnd.Intn(3)], rnd.Intn(4) == 0)
		}
	}
	// A merge can find a conflict while taking the others' rows: three
	// rounds carry it to everyone.
	for round := 0; round < 3; round++ {
		for _, o := range offs {
			syncOnce(o, false)
		}
	}
	for _, o := range offs[1:] {
		// A field may differ only while a conflict about it is open in
		// both offices: each keeps its own value until someone chooses.
		open := openIn(t, hq)
		other := openIn(t, o.s)
		for k := range open {
			if !other[k] {
				delete(open, k)
			}
		}
		want, got := casesOf(t, hq, o.regions, open), casesOf(t, o.s, o.regions, open)
		if want != got {
			t.Errorf("%s differs from HQ:\nHQ:\n%s\n%s:\n%s", o.code, want, o.code, got)
		}
	}
}

// openIn are the (case, field) pairs with a conflict open.
func openIn(t *testing.T, s *data.Store) map[string]bool {
	t.Helper()
	cs, err := s.Conflicts(ctx, true)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, c := range cs {
		if c.Kind == exchange.ConflictField {
			out[c.RowKey+" "+c.Field] = true
		}
	}
	return out
}

// casesOf is every case of the regions (the Trash too), with its open
// conflicts, as text; a field in open shows as "(in conflict)".
func casesOf(t *testing.T, s *data.Store, regions []string, open map[string]bool) string {
	t.Helper()
	var lines []string
	kids, _ := s.ListChildren(ctx, data.ChildFilter{})
	trash, _ := s.Children.Trashed(ctx)
	mine := map[string]bool{}
	for _, c := range append(kids, trash...) {
		in := false
		for _, r := range regions {
			in = in || c.Region == r
		}
		if in {
			mine[c.ID] = true
			diagnosis, status, updated := c.Diagnosis, string(c.Status), fmt.Sprint(c.UpdatedAt)
			if open[c.ID+" diagnosis"] {
				diagnosis, updated = "(in conflict)", ""
			}
			if open[c.ID+" status"] {
				status, updated = "(in conflict)", ""
			}
			lines = append(lines, fmt.Sprintf("%s %s %s|%s|%s|%s|%s|deleted %v", c.ID, c.CaseNumber, c.Settlement, diagnosis, c.Story, status, updated, c.Deleted()))
		}
	}
	cs, _ := s.Conflicts(ctx, true)
	for _, c := range cs {
		if mine[c.ChildID] {
			lines = append(lines, "conflict "+c.ID+" "+c.Field)
		}
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}
