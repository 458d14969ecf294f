package hub

import (
	"errors"
	"fmt"
	"math/rand"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"carebook/data"
	"carebook/internal/officesim"
	"carebook/internal/pgtest"
)

// The foundation simulated (issue 24): a head office and three regional
// offices, two of them online (they sync with the hub, and now and then
// also exchange bundles), one offline (bundles only, through the head
// office). Each does a volunteer's work at random — new cases, donors and
// gifts, estimates and their lines, status changes, deletes and restores,
// documents trashed and the Trash emptied, settings of both kinds, and
// conflict resolutions (picking the value shown, and two offices choosing
// differently) — while bundles get lost, doubled and arrive late and syncs
// are cut off in the middle. Once everything is delivered, every office
// holds exactly the rows it may see, equal field by field to the head
// office's, except a field with a conflict open in both.
func TestOfficesConvergeThroughTheHub(t *testing.T) {
	for _, seed := range []int64{1, 2, 3, 5} {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) { simulate(t, seed, 220) })
	}
}

type hubOffice struct {
	code    string
	s       *data.Store
	url     string // "" for an office that is never online
	regions []string
}

type foundationSim struct {
	t       *testing.T
	rnd     *rand.Rand
	dir     string
	offs    []*hubOffice
	pending []pendingBundle // written, not yet read
	n       int
}

type pendingBundle struct {
	to   *hubOffice
	path string
}

func simulate(t *testing.T, seed int64, steps int) {
	regions := []string{"Түркістан облысы", "Самарқанд вилояти", "Алматы облысы"}
	admin := pgtest.Start(t)
	f := &foundationSim{t: t, rnd: rand.New(rand.NewSource(seed)), dir: t.TempDir()}
	hq, err := data.Open(filepath.Join(f.dir, "hq.db"))
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
	f.offs = []*hubOffice{{"HQ", hq, hqURL, regions}}
	for i, code := range []string{"SHY", "SKD", "ALM"} {
		p := filepath.Join(f.dir, code+".cbx")
		if _, err := hq.InviteOffice(ctx, data.NewOffice{Code: code, Name: code, Regions: []string{regions[i]}}, "пароль кеңсе 123", p, nil); err != nil {
			t.Fatal(err)
		}
		s, _, err := data.JoinOffice(ctx, p, filepath.Join(f.dir, code+".db"), "пароль кеңсе 123")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		u := ""
		if code != "ALM" { // ALM is never online
			if u, err = AddOffice(ctx, admin, Office{Code: code, Regions: []string{regions[i]}}); err != nil {
				t.Fatal(err)
			}
		}
		f.offs = append(f.offs, &hubOffice{code, s, u, []string{regions[i]}})
	}
	for step := 0; step < steps; step++ {
		o := f.offs[f.rnd.Intn(len(f.offs))]
		f.n++
		officesim.Work(t, f.rnd, officesim.Office{Code: o.code, Store: o.s, Regions: o.regions}, f.n)
		if f.rnd.Intn(5) == 0 {
			f.deliver()
		}
	}
	f.settle()
	f.check()
}

// deliver moves the work: a sync with the hub (now and then cut off), or a
// bundle written, and pending ones read, lost, doubled or read late.
func (f *foundationSim) deliver() {
	t, rnd := f.t, f.rnd
	o := f.offs[rnd.Intn(len(f.offs))]
	if o.url != "" && rnd.Intn(2) == 0 {
		f.sync(o, rnd.Intn(4) == 0)
		return
	}
	// A bundle: a regional office and the head office, either way.
	to := f.offs[0]
	if o == f.offs[0] {
		to = f.offs[1+rnd.Intn(len(f.offs)-1)]
	}
	p := filepath.Join(f.dir, fmt.Sprintf("b%d-%s-%s.cbx", f.n, o.code, to.code))
	f.n++
	if _, err := o.s.ExportBundle(ctx, to.code, p, nil); err != nil {
		t.Fatalf("%s → %s: %v", o.code, to.code, err)
	}
	switch rnd.Intn(6) {
	case 0: // lost on the way
	case 1: // read twice
		f.read(to, p)
		f.read(to, p)
	case 2: // late: read after others
		f.pending = append(f.pending, pendingBundle{to, p})
	default:
		f.read(to, p)
	}
	if len(f.pending) > 0 && rnd.Intn(3) == 0 {
		i := rnd.Intn(len(f.pending))
		f.read(f.pending[i].to, f.pending[i].path)
		f.pending = append(f.pending[:i], f.pending[i+1:]...)
	}
}

func (f *foundationSim) read(to *hubOffice, path string) {
	if _, err := to.s.ImportBundle(ctx, path); err != nil && !isAlreadyApplied(err) {
		f.t.Fatalf("%s reading %s: %v", to.code, filepath.Base(path), err)
	}
}

func isAlreadyApplied(err error) bool {
	var ee *data.ExchangeError
	return errors.As(err, &ee) && ee.Kind == "already_applied"
}

func (f *foundationSim) sync(o *hubOffice, cut bool) {
	cctx, cancel := contextWithCancel()
	defer cancel()
	if cut {
		at := f.rnd.Intn(5)
		testHook = func(n int) {
			if n == at {
				cancel()
			}
		}
		defer func() { testHook = nil }()
	}
	if _, err := Sync(cctx, o.s, o.url); err != nil && !cut {
		f.t.Fatalf("%s: %v", o.code, err)
	}
}

// settle delivers everything: the late bundles, then rounds of syncs and
// bundles with the head office until nothing moves (a merge can find a
// conflict while taking the others' rows: the rounds carry it everywhere).
func (f *foundationSim) settle() {
	for _, p := range f.pending {
		f.read(p.to, p.path)
	}
	f.pending = nil
	for round := 0; round < 4; round++ {
		for _, o := range f.offs {
			if o.url != "" {
				f.sync(o, false)
			}
		}
		for _, o := range f.offs[1:] {
			for _, pair := range [][2]*hubOffice{{o, f.offs[0]}, {f.offs[0], o}} {
				p := filepath.Join(f.dir, fmt.Sprintf("settle%d-%s-%s.cbx", f.n, pair[0].code, pair[1].code))
				f.n++
				if _, err := pair[0].s.ExportBundle(ctx, pair[1].code, p, nil); err != nil {
					f.t.Fatal(err)
				}
				f.read(pair[1], p)
			}
		}
	}
}

// check: each office holds what the head office holds of its regions,
// field by field, but for a field with a conflict open in both; the
// foundation's settings are the head office's everywhere and each
// computer's own stay its own.
func (f *foundationSim) check() {
	t, hq := f.t, f.offs[0]
	kinds := map[string]int{}
	cs, _ := hq.s.Conflicts(ctx, false)
	for _, c := range cs {
		kinds[c.Kind]++
		if c.Resolved {
			kinds["resolved"]++
		}
	}
	t.Logf("conflicts: %v", kinds)
	if kinds["field"] == 0 || kinds["deleted"] == 0 || kinds["resolved"] == 0 {
		t.Errorf("the random work made no conflict of some kind, or resolved none, to check: %v", kinds)
	}
	hqSt, _ := hq.s.Settings(ctx)
	for _, o := range f.offs[1:] {
		open := officesim.OpenFields(t, hq.s)
		other := officesim.OpenFields(t, o.s)
		for k := range open {
			if !other[k] {
				delete(open, k)
			}
		}
		for _, d := range officesim.ThanksDiffer(t, hq.s, o.s) {
			t.Errorf("%s: %s", o.code, d)
		}
		want, got := holdingsOf(t, hq.s, o.regions, open), holdingsOf(t, o.s, o.regions, open)
		if want != got {
			t.Errorf("%s differs from HQ:\nHQ:\n%s\n%s:\n%s", o.code, want, o.code, got)
		}
		// …and nothing of another region.
		kids, _ := o.s.ListChildren(ctx, data.ChildFilter{})
		trash, _ := o.s.Children.Trashed(ctx)
		for _, c := range append(kids, trash...) {
			if c.Region != o.regions[0] {
				t.Errorf("%s holds case %s of %s", o.code, c.CaseNumber, c.Region)
			}
		}
		st, _ := o.s.Settings(ctx)
		if st.PaymentLink != hqSt.PaymentLink {
			t.Errorf("%s's payment link is %q, the head office's %q", o.code, st.PaymentLink, hqSt.PaymentLink)
		}
		if st.BackupFolder != "" && st.BackupFolder != "/media/"+o.code {
			t.Errorf("%s's backup folder became %q", o.code, st.BackupFolder)
		}
	}
}

// holdingsOf is what a database holds of the regions' cases, as text:
// every case (the Trash too), its gifts, estimates and their lines,
// documents and open conflicts; a field in open shows as "(in conflict)".
func holdingsOf(t *testing.T, s *data.Store, regions []string, open map[string]bool) string {
	t.Helper()
	var lines []string
	kids, _ := s.ListChildren(ctx, data.ChildFilter{})
	trash, _ := s.Children.Trashed(ctx)
	mine := map[string]bool{}
	masked := func(id, field, v string) string {
		if open[id+" "+field] {
			return "(in conflict)"
		}
		return v
	}
	for _, c := range append(kids, trash...) {
		in := false
		for _, r := range regions {
			in = in || c.Region == r
		}
		if !in {
			continue
		}
		mine[c.ID] = true
		updated := fmt.Sprint(c.UpdatedAt)
		if open[c.ID+" diagnosis"] || open[c.ID+" status"] {
			updated = ""
		}
		lines = append(lines, fmt.Sprintf("case %s %s %s|%s|%s|%s|%s|deleted %v", c.ID, c.CaseNumber, c.Settlement,
			masked(c.ID, "diagnosis", c.Diagnosis), c.Story, masked(c.ID, "status", string(c.Status)), updated, c.Deleted()))
	}
	dons, _ := s.Donations.All(ctx)
	for _, d := range dons {
		if mine[d.ChildID] {
			donor, _ := s.Donors.Get(ctx, d.DonorID)
			name := ""
			if donor != nil {
				name = donor.DisplayName
			}
			lines = append(lines, fmt.Sprintf("gift %s %s %s %s", d.ID, d.ChildID, d.Amount.Plain(), name))
		}
	}
	ests, _ := s.Estimates.All(ctx)
	estOf := map[string]bool{}
	for _, e := range ests {
		if mine[e.ChildID] {
			estOf[e.ID] = true
			lines = append(lines, fmt.Sprintf("estimate %s %s %s", e.ID, e.ChildID, e.Title))
		}
	}
	items, _ := s.LineItems.All(ctx)
	for _, l := range items {
		if estOf[l.EstimateID] {
			lines = append(lines, fmt.Sprintf("line %s %s %s", l.ID, l.EstimateID, masked(l.ID, "unit_price_minor", fmt.Sprint(l.UnitPrice))))
		}
	}
	docs, _ := s.Documents.All(ctx)
	for _, d := range docs {
		if mine[d.ChildID] {
			lines = append(lines, fmt.Sprintf("document %s %s %s deleted %v", d.ID, d.ChildID, d.SHA256, d.Deleted()))
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
