package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"carebook/data"
	"carebook/demo"
)

// secret writes a password file only its owner may read.
func secret(t *testing.T, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "pw")
	if err := os.WriteFile(p, []byte(text+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// Issue 26: the command line asks who you are, and the store refuses what
// that person's roles do not allow, naming the role needed.
func TestAFundraiserMayNotPrintTheGrantReport(t *testing.T) {
	db := demoDB(t)
	dir := t.TempDir()
	grant := func(as ...string) (int, string, string) {
		args := append([]string{"report", "grant", "--db", db, "--from", "2026-01-01", "--to", "2026-12-31", "--out", filepath.Join(dir, "g.pdf")}, as...)
		return run(t, args...)
	}
	pw := secret(t, demo.DemoPassword)
	code, out, errOut := grant("--as", "Тимур Ахметов", "--password-file", pw)
	if code != ExitFailure || !strings.Contains(errOut, "director") || out != "" {
		t.Fatalf("a fundraiser's grant report: %d %q %q", code, out, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, "g.pdf")); err == nil {
		t.Fatal("the refused report was written")
	}
	// A director the demo director adds prints it.
	dana := secret(t, "Дана пароль 2026")
	if code, out, errOut := run(t, "people", "add", "--db", db, "--name", "Дана Серікқызы", "--role", "director", "--new-password-file", dana); code != ExitOK {
		t.Fatalf("people add: %d %q %q", code, out, errOut)
	}
	if code, out, errOut := grant("--as", "дана серікқызы", "--password-file", dana); code != ExitOK {
		t.Fatalf("a director's grant report: %d %q %q", code, out, errOut)
	}
	// A wrong password, an unknown name and a password file others may
	// read are refused before anything is done.
	for _, as := range [][]string{
		{"--as", "Дана Серікқызы", "--password-file", pw},
		{"--as", "Нет Такого", "--password-file", dana},
	} {
		if code, _, errOut := grant(as...); code != ExitFailure || errOut == "" {
			t.Errorf("%v: %d %q", as, code, errOut)
		}
	}
	os.Chmod(dana, 0o644)
	if code, _, errOut := grant("--as", "Дана Серікқызы", "--password-file", dana); code != ExitFailure || !strings.Contains(errOut, "readable by others") {
		t.Errorf("a world-readable password file: %d %q", code, errOut)
	}
}

// Issue 26: who opened a child's document is in the audit log, with the
// person, and carebook audit --child lists it.
func TestAuditListsWhoOpenedADocument(t *testing.T) {
	db := demoDB(t)
	ctx := context.Background()
	s, err := data.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	pw := "Гүлнар пароль 1"
	if _, err := s.AddPerson(ctx, data.NewPerson{Name: "Айгүл Сапарова", Roles: []data.Role{data.RoleVolunteer}, Password: pw}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SignIn(ctx, "Айгүл Сапарова", pw); err != nil {
		t.Fatal(err)
	}
	docs, err := s.Documents.All(ctx)
	if err != nil || len(docs) == 0 {
		t.Fatal(err)
	}
	d := docs[0]
	c, err := s.Children.Get(ctx, d.ChildID)
	if err != nil {
		t.Fatal(err)
	}
	p, err := s.OpenCopy(ctx, &d)
	if err != nil {
		t.Fatal(err)
	}
	os.RemoveAll(filepath.Dir(p))
	s.Close()
	code, out, errOut := run(t, "audit", "--db", db, "--child", c.CaseNumber, "--action", "view_document")
	if code != ExitOK || !strings.Contains(out, "Айгүл Сапарова") || !strings.Contains(out, d.Title) {
		t.Fatalf("audit --child %s: %d %q %q", c.CaseNumber, code, out, errOut)
	}
	// A volunteer may not read the audit log.
	vol := secret(t, pw)
	if code, _, errOut := run(t, "audit", "--db", db, "--as", "Айгүл Сапарова", "--password-file", vol); code != ExitFailure || !strings.Contains(errOut, "director") {
		t.Errorf("a volunteer read the audit log: %d %q", code, errOut)
	}
}

// Issue 26: a bank statement's donations are a fundraiser's (or a
// director's) to import: a volunteer's import is refused, whichever way
// the rows are written.
func TestAVolunteerMayNotImportAStatement(t *testing.T) {
	db := demoDB(t)
	pw := secret(t, demo.DemoPassword)
	args := []string{"import", "donations", "--db", db, "--file", filepath.Join("..", "bank", "testdata", "kaspi.csv")}
	code, out, errOut := run(t, append(args, "--as", "Гүлнар Оспанова", "--password-file", pw)...)
	if code != ExitFailure || !strings.Contains(errOut, "fundraiser") {
		t.Fatalf("a volunteer's import: %d %q %q", code, out, errOut)
	}
	if code, out, errOut := run(t, append(args, "--as", "Тимур Ахметов", "--password-file", pw)...); code != ExitOK {
		t.Fatalf("a fundraiser's import: %d %q %q", code, out, errOut)
	}
}
