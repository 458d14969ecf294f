package data_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"carebook/data"
	"carebook/data/exchange"
	"carebook/internal/officesim"
)

// Three databases (the head office and two regional ones) edit on their
// own and hand bundles around in a random order, some lost, some read late
// (refused as already applied); once every office has exchanged with the
// head office, all hold the same rows for what each may see, and list the
// same conflicts.
func TestOfficesConverge(t *testing.T) {
	for _, seed := range []int64{1, 2, 3, 4} {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) { converge(t, seed) })
	}
}

type office struct {
	code    string
	s       *data.Store
	regions []string
}

func converge(t *testing.T, seed int64) {
	rnd := rand.New(rand.NewSource(seed))
	regions := []string{"Түркістан облысы", "Самарқанд вилояти", "Алматы облысы"}
	hq, err := data.Open(filepath.Join(t.TempDir(), "hq.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { hq.Close() })
	for i := 0; i < 6; i++ {
		c := &data.Child{FirstName: "Бала", LastName: fmt.Sprintf("Бастапқы%c", 'А'+rune(i)), Region: regions[i%3], BirthDate: data.MustDate("2018-01-01")}
		if err := hq.Children.Create(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	offs := []*office{{code: "HQ", s: hq, regions: regions}}
	for i, code := range []string{"SHY", "SKD"} {
		p := filepath.Join(t.TempDir(), code+".cbx")
		if _, err := hq.InviteOffice(ctx, data.NewOffice{Code: code, Name: code, Regions: []string{regions[i]}}, "пароль кеңсе 123", p, nil); err != nil {
			t.Fatal(err)
		}
		s, _, err := data.JoinOffice(ctx, p, filepath.Join(t.TempDir(), code+".db"), "пароль кеңсе 123")
		if err != nil {
			t.Fatal(err)
		}
		s.Now = hq.Now
		t.Cleanup(func() { s.Close() })
		offs = append(offs, &office{code: code, s: s, regions: []string{regions[i]}})
	}
	type pending struct {
		to   *office
		path string
	}
	var late []pending
	exchangeOnce := func(from, to *office, lose bool) {
		p := filepath.Join(t.TempDir(), "b.cbx")
		if _, err := from.s.ExportBundle(ctx, to.code, p, nil); err != nil {
			t.Fatal(err)
		}
		switch {
		case lose:
		case rnd.Intn(4) == 0:
			late = append(late, pending{to, p})
		default:
			if _, err := to.s.ImportBundle(ctx, p); err != nil && !isExchange(err, data.ExchangeAlreadyApplied) {
				t.Fatalf("%s→%s: %v", from.code, to.code, err)
			}
		}
	}
	for step := 0; step < 300; step++ {
		o := offs[rnd.Intn(3)]
		officesim.Work(t, rnd, officesim.Office{Code: o.code, Store: o.s, Regions: o.regions}, step)
		if rnd.Intn(8) == 0 {
			spoke := offs[1+rnd.Intn(2)]
			if rnd.Intn(2) == 0 {
				exchangeOnce(spoke, offs[0], rnd.Intn(5) == 0)
			} else {
				exchangeOnce(offs[0], spoke, rnd.Intn(5) == 0)
			}
		}
		if len(late) > 0 && rnd.Intn(6) == 0 {
			i := rnd.Intn(len(late))
			if _, err := late[i].to.s.ImportBundle(ctx, late[i].path); err != nil && !isExchange(err, data.ExchangeAlreadyApplied) {
				t.Fatal(err)
			}
			late = append(late[:i], late[i+1:]...)
		}
	}
	// Everyone exchanges with the head office until nothing moves.
	for round := 0; round < 3; round++ {
		for _, o := range offs[1:] {
			exchangeOnce(o, offs[0], false)
		}
		for _, o := range offs[1:] {
			exchangeOnce(offs[0], o, false)
		}
		for _, p := range late {
			_, _ = p.to.s.ImportBundle(ctx, p.path)
		}
		late = nil
	}
	cs, _ := hq.Conflicts(ctx, false)
	kinds := map[string]int{}
	for _, c := range cs {
		kinds[c.Kind]++
	}
	if kinds["field"] == 0 || kinds["deleted"] == 0 {
		t.Errorf("the random edits made no conflict of some kind to check: %v", kinds)
	}
	t.Logf("conflicts: %v", kinds)
	for _, o := range offs[1:] {
		// A field may differ only while a conflict about it is open in
		// both offices (each keeps its own value until someone chooses).
		open := map[string]bool{}
		inOffice := officesim.OpenFields(t, o.s)
		for k := range officesim.OpenFields(t, hq) {
			open[k] = inOffice[k]
		}
		for _, d := range officesim.ThanksDiffer(t, hq, o.s) {
			t.Errorf("%s: %s", o.code, d)
		}
		for _, table := range []string{"children", "status_changes", "conflicts"} {
			want, got := snapshot(t, hq, table, o.regions, open), snapshot(t, o.s, table, o.regions, open)
			if want != got {
				t.Errorf("%s differs from HQ in %s:\nHQ:\n%s\n%s:\n%s", o.code, table, want, o.code, got)
			}
		}
	}
}

// snapshot is a table's rows about the cases of regions, as text; the
// fields in open (a conflict open in both offices) are left out, with what
// follows from them (the search text, the time of the last change).
func snapshot(t *testing.T, s *data.Store, table string, regions []string, open map[string]bool) string {
	t.Helper()
	rows, err := data.ReadTravelling(s, table)
	if err != nil {
		t.Fatal(err)
	}
	inRegion := map[string]bool{}
	kids, _ := data.ReadTravelling(s, "children")
	for _, k := range kids {
		for _, r := range regions {
			if k.Values["region"] == r {
				inRegion[k.Key] = true
			}
		}
	}
	var lines []string
	for _, r := range rows {
		child := r.Key
		if table != "children" {
			child, _ = r.Values["child_id"].(string)
		}
		if !inRegion[child] {
			continue
		}
		masked := false
		for f := range r.Values {
			if open[r.Key+" "+f] {
				masked = true
				delete(r.Values, f)
				delete(r.Fields, f)
			}
		}
		var cols []string
		for c, v := range r.Values {
			if table == "conflicts" && (c == "created_at" || c == "updated_at") || masked && (c == "search" || c == "updated_at") {
				continue
			}
			cols = append(cols, fmt.Sprintf("%s=%v", c, v))
		}
		sort.Strings(cols)
		lines = append(lines, r.Key+" "+strings.Join(cols, " ")+" fv="+fmt.Sprint(sortedFields(r)))
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

func sortedFields(r exchange.Row) []string {
	var out []string
	for f, v := range r.Fields {
		out = append(out, f+":"+v)
	}
	sort.Strings(out)
	return out
}

var ctx = context.Background()

func isExchange(err error, kind string) bool {
	var ee *data.ExchangeError
	return errors.As(err, &ee) && ee.Kind == kind
}
