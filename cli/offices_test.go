package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"carebook/data"
	"carebook/internal/pgtest"
	"carebook/internal/testdb"
)

// setDiagnosis edits one child's diagnosis as a volunteer would.
func setDiagnosis(t *testing.T, db, caseNo, diagnosis string) {
	t.Helper()
	s, err := data.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	c, err := s.ChildByCase(context.Background(), caseNo)
	if err != nil {
		t.Fatal(err)
	}
	c.Diagnosis = diagnosis
	if err := s.Children.Update(context.Background(), c); err != nil {
		t.Fatal(err)
	}
}

// The round trip: invite, join, the same diagnosis edited on both
// sides, bundles both ways, the conflict listed on both; a replay changes
// nothing; a bundle with one byte flipped is refused with exit 1.
func TestOfficeRoundTripOnTheCommandLine(t *testing.T) {
	dir := t.TempDir()
	hq, shy := filepath.Join(dir, "HQ.db"), filepath.Join(dir, "SHY.db")
	pass := filepath.Join(dir, "pass.txt")
	os.WriteFile(pass, []byte("жаңа кеңсе 2026\n"), 0o600)
	if code, out, errOut := run(t, "demo", "--db", hq); code != ExitOK {
		t.Fatalf("demo: %s %s", out, errOut)
	}
	hqStore, _ := data.Open(hq)
	kids, _ := hqStore.ListChildSummaries(context.Background(), data.ChildFilter{})
	var caseNo, region string
	for _, k := range kids {
		c, _ := hqStore.Children.Get(context.Background(), k.ID)
		if c.Region != "" {
			caseNo, region = c.CaseNumber, c.Region
			break
		}
	}
	hqStore.Close()
	invite := filepath.Join(dir, "shy.cbx")
	code, out, errOut := run(t, "office", "invite", "--db", hq, "--code", "SHY", "--name", "Шымкент", "--region", region,
		"--out", invite, "--passphrase-file", pass)
	if code != ExitOK {
		t.Fatalf("invite: %s %s", out, errOut)
	}
	if code, out, errOut = run(t, "office", "join", "--bundle", invite, "--db", shy, "--passphrase-file", pass); code != ExitOK ||
		!strings.Contains(out, "Joined as office SHY") {
		t.Fatalf("join: %s %s", out, errOut)
	}
	setDiagnosis(t, hq, caseNo, "Врождённый порок сердца")
	setDiagnosis(t, shy, caseNo, "Дефект межжелудочковой перегородки")
	toHQ, toSHY := filepath.Join(dir, "to-hq.cbx"), filepath.Join(dir, "to-shy.cbx")
	if code, out, errOut = run(t, "exchange", "export", "--db", shy, "--to", "HQ", "--out", toHQ); code != ExitOK {
		t.Fatalf("export SHY→HQ: %s %s", out, errOut)
	}
	if code, out, errOut = run(t, "exchange", "export", "--db", hq, "--to", "SHY", "--out", toSHY); code != ExitOK {
		t.Fatalf("export HQ→SHY: %s %s", out, errOut)
	}
	if code, out, errOut = run(t, "exchange", "import", "--db", hq, "--bundle", toHQ); code != ExitOK || !strings.Contains(out, "1 new conflicts") {
		t.Fatalf("import at HQ: %s %s", out, errOut)
	}
	if code, out, errOut = run(t, "exchange", "import", "--db", shy, "--bundle", toSHY); code != ExitOK || !strings.Contains(out, "1 new conflicts") {
		t.Fatalf("import at SHY: %s %s", out, errOut)
	}
	for _, db := range []string{hq, shy} {
		code, out, _ := run(t, "exchange", "conflicts", "--db", db)
		if code != ExitOK || !strings.Contains(out, caseNo) || !strings.Contains(out, "Врождённый порок сердца") ||
			!strings.Contains(out, "Дефект межжелудочковой перегородки") {
			t.Errorf("conflicts in %s: %s", filepath.Base(db), out)
		}
	}
	next := filepath.Join(dir, "to-shy-2.cbx")
	if code, out, errOut = run(t, "exchange", "export", "--db", hq, "--to", "SHY", "--out", next); code != ExitOK {
		t.Fatalf("export HQ→SHY again: %s %s", out, errOut)
	}
	before := testdb.Dump(t, hq)
	if code, out, _ = run(t, "exchange", "import", "--db", hq, "--bundle", toHQ); code != ExitOK || !strings.Contains(out, "already been applied") {
		t.Errorf("replay: %d %s", code, out)
	}
	raw, _ := os.ReadFile(next)
	raw[len(raw)/2] ^= 0x01
	flipped := filepath.Join(dir, "flipped.cbx")
	os.WriteFile(flipped, raw, 0o600)
	shyBefore := testdb.Dump(t, shy)
	if code, _, errOut = run(t, "exchange", "import", "--db", shy, "--bundle", flipped); code != ExitFailure || !strings.Contains(errOut, "damaged") {
		t.Errorf("flipped byte: %d %s", code, errOut)
	}
	if testdb.Dump(t, hq) != before || testdb.Dump(t, shy) != shyBefore {
		t.Error("a replayed or damaged bundle changed a database")
	}
}

// A kill -9 while a bundle is being applied leaves the database as it was
// before; the same bundle then applies.
func TestKillDuringImportLeavesTheDatabaseAsBefore(t *testing.T) {
	dir := t.TempDir()
	hq, shy := filepath.Join(dir, "HQ.db"), filepath.Join(dir, "SHY.db")
	pass := filepath.Join(dir, "pass.txt")
	os.WriteFile(pass, []byte("жаңа кеңсе 2026"), 0o600)
	if code, out, errOut := run(t, "demo", "--db", hq); code != ExitOK {
		t.Fatalf("demo: %s %s", out, errOut)
	}
	invite := filepath.Join(dir, "shy.cbx")
	for _, args := range [][]string{
		{"office", "invite", "--db", hq, "--code", "SHY", "--name", "Шымкент", "--region", "Туркестанская область", "--region", "Түркістан облысы", "--out", invite, "--passphrase-file", pass},
		{"office", "join", "--bundle", invite, "--db", shy, "--passphrase-file", pass},
	} {
		if code, out, errOut := run(t, args...); code != ExitOK {
			t.Fatalf("%v: %s %s", args, out, errOut)
		}
	}
	s, err := data.Open(shy)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 20; i++ {
		c := &data.Child{FirstName: "Бекзат", LastName: "Оразов", Region: "Түркістан облысы", BirthDate: data.MustDate("2019-05-06")}
		if err := s.Children.Create(context.Background(), c); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	bundle := filepath.Join(dir, "to-hq.cbx")
	if code, out, errOut := run(t, "exchange", "export", "--db", shy, "--to", "HQ", "--out", bundle); code != ExitOK {
		t.Fatalf("export: %s %s", out, errOut)
	}
	before := testdb.Dump(t, hq)
	for _, at := range []string{"bundle-applying", "bundle-applied"} {
		w := &crashWorld{t: t}
		cmd := w.child(at, "exchange", "import", "--db", hq, "--bundle", bundle)
		if err := cmd.Run(); err == nil {
			t.Fatalf("%s: the import was not killed", at)
		}
		if testdb.Dump(t, hq) != before {
			t.Errorf("killed at %s: the database changed", at)
		}
	}
	if code, out, errOut := run(t, "exchange", "import", "--db", hq, "--bundle", bundle); code != ExitOK || !strings.Contains(out, "20 new cases") {
		t.Fatalf("after the kills: %s %s", out, errOut)
	}
}

// The hub on a real PostgreSQL: made from the head office, an office's
// login that sees only its region.
func TestHubInitAndAddOffice(t *testing.T) {
	pg := pgtest.Start(t)
	dir := t.TempDir()
	hq := filepath.Join(dir, "HQ.db")
	pass := filepath.Join(dir, "pass.txt")
	os.WriteFile(pass, []byte("жаңа кеңсе 2026"), 0o600)
	for _, args := range [][]string{
		{"demo", "--db", hq},
		{"office", "invite", "--db", hq, "--code", "SHY", "--name", "Шымкент", "--region", "Түркістан облысы", "--out", filepath.Join(dir, "shy.cbx"), "--passphrase-file", pass},
	} {
		if code, out, errOut := run(t, args...); code != ExitOK {
			t.Fatalf("%v: %s %s", args, out, errOut)
		}
	}
	code, out, errOut := run(t, "hub", "init", "--db", hq, "--postgres", pg)
	if code != ExitOK || !strings.Contains(out, "Made the hub") {
		t.Fatalf("hub init: %s %s", out, errOut)
	}
	if code, out, _ = run(t, "hub", "init", "--db", hq, "--postgres", pg); code != ExitOK || !strings.Contains(out, "up to date") {
		t.Fatalf("hub init again: %s", out)
	}
	code, out, errOut = run(t, "hub", "add-office", "--db", hq, "--postgres", pg, "--code", "shy")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != ExitOK || !strings.HasPrefix(lines[len(lines)-1], "postgres://carebook_shy:") {
		t.Fatalf("add-office: %s %s", out, errOut)
	}
	if code, _, errOut = run(t, "hub", "add-office", "--db", hq, "--postgres", pg, "--code", "SKD"); code != ExitFailure || !strings.Contains(errOut, "no office SKD") {
		t.Errorf("an office never invited: %d %s", code, errOut)
	}
}

// The hub's must-show on the command line: two offices' databases and one
// hub; an edit on each appears in the other after carebook sync on both,
// and the same field edited on both is in the conflict queue of both.
func TestSyncTwoOfficesOnTheCommandLine(t *testing.T) {
	pg := pgtest.Start(t)
	dir := t.TempDir()
	hq, shy := filepath.Join(dir, "HQ.db"), filepath.Join(dir, "SHY.db")
	pass := filepath.Join(dir, "pass.txt")
	os.WriteFile(pass, []byte("жаңа кеңсе 2026"), 0o600)
	invite := filepath.Join(dir, "shy.cbx")
	for _, args := range [][]string{
		{"demo", "--db", hq},
		{"office", "invite", "--db", hq, "--code", "SHY", "--name", "Шымкент", "--region", "Түркістан облысы", "--out", invite, "--passphrase-file", pass},
		{"office", "join", "--bundle", invite, "--db", shy, "--passphrase-file", pass},
	} {
		if code, out, errOut := run(t, args...); code != ExitOK {
			t.Fatalf("%v: %s %s", args, out, errOut)
		}
	}
	lastLine := func(out string) string {
		out = strings.TrimSpace(out)
		return out[strings.LastIndex(out, "\n")+1:]
	}
	_, out, _ := run(t, "hub", "init", "--db", hq, "--postgres", pg)
	hqURL := lastLine(out)
	_, out, _ = run(t, "hub", "add-office", "--db", hq, "--postgres", pg, "--code", "SHY")
	shyURL := lastLine(out)
	setDiagnosis(t, hq, "2026-001", "Дистрофический буллёзный эпидермолиз, уточнён")
	setDiagnosis(t, shy, "2026-001", "Буллёзный эпидермолиз, пограничная форма")
	s, _ := data.Open(shy)
	c, _ := s.ChildByCase(context.Background(), "2026-001")
	c.Address = "Кентау, ул. Абая 5"
	s.Children.Update(context.Background(), c)
	s.Close()
	for _, args := range [][]string{
		{"sync", "--db", hq, "--postgres", hqURL},
		{"sync", "--db", shy, "--postgres", shyURL},
		{"sync", "--db", hq, "--postgres", hqURL},
	} {
		if code, out, errOut := run(t, args...); code != ExitOK || !strings.HasPrefix(out, "Synced:") {
			t.Fatalf("%v: %s %s", args, out, errOut)
		}
	}
	// The directors' grant report on the whole foundation, from the hub.
	// It says what the head office's own database says, once both have synced.
	pdf, csvHub, csvHQ := filepath.Join(dir, "grant.pdf"), filepath.Join(dir, "hub.csv"), filepath.Join(dir, "hq.csv")
	if code, out, errOut := run(t, "report", "grant", "--postgres", hqURL, "--from", "2026-01-01", "--to", "2026-12-31", "--out", pdf, "--csv", csvHub); code != ExitOK {
		t.Fatalf("grant from the hub: %s %s", out, errOut)
	}
	if code, out, errOut := run(t, "report", "grant", "--db", hq, "--from", "2026-01-01", "--to", "2026-12-31", "--out", pdf, "--csv", csvHQ); code != ExitOK {
		t.Fatalf("grant at HQ: %s %s", out, errOut)
	}
	a, _ := os.ReadFile(csvHub)
	b, _ := os.ReadFile(csvHQ)
	if len(a) < 100 || string(a) != string(b) {
		t.Errorf("the grant report from the hub differs from the head office's:\n%s\n---\n%s", a, b)
	}
	for _, db := range []string{hq, shy} {
		s, _ := data.Open(db)
		c, _ := s.ChildByCase(context.Background(), "2026-001")
		s.Close()
		if c.Address != "Кентау, ул. Абая 5" {
			t.Errorf("%s: the office's address is missing: %q", filepath.Base(db), c.Address)
		}
		_, out, _ := run(t, "exchange", "conflicts", "--db", db)
		if !strings.Contains(out, "уточнён") || !strings.Contains(out, "пограничная форма") {
			t.Errorf("%s: the diagnosis conflict is not listed:\n%s", filepath.Base(db), out)
		}
	}
}
