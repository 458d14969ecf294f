package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"

	"carebook/data"
	"carebook/money"
)

func run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Run(args, &Env{Stdout: &out, Stderr: &errb})
	return code, out.String(), errb.String()
}

func TestDemoThenListKeepsKazakhLetters(t *testing.T) {
	db := filepath.Join(t.TempDir(), "F.db")
	code, out, errOut := run(t, "demo", "--db", db)
	if code != ExitOK || !strings.Contains(out, "7 children") {
		t.Fatalf("demo: %d %q %q", code, out, errOut)
	}
	code, out, _ = run(t, "list", "--db", db)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != ExitOK || len(lines) != 7 {
		t.Fatalf("list: %d, %d lines:\n%s", code, len(lines), out)
	}
	fields := strings.Split(lines[0], "\t")
	if len(fields) != 5 || fields[0] != "2026-001" && !strings.HasSuffix(fields[0], "-001") {
		t.Fatalf("first line %q", lines[0])
	}
	if !strings.Contains(out, "Мұратбекова Аружан Ержанқызы") || !strings.Contains(out, "Rahimova Oʻgʻiloy Jasurovna") {
		t.Fatalf("names are not intact:\n%s", out)
	}
	if _, err := data.ParseDate(fields[2]); err != nil || fields[4] != "rehabilitation" {
		t.Fatalf("birth date %q or status %q", fields[2], fields[4])
	}

	// Search folds case in Cyrillic and Kazakh letters typed on a Russian keyboard.
	for _, q := range []string{"мұратбекова", "МҰРАТБЕКОВА", "муратбекова", "ARUZHAN"} {
		code, out, _ = run(t, "list", "--db", db, "--search", q)
		if code != ExitOK || strings.Count(out, "\n") != 1 || !strings.Contains(out, "Аружан") {
			t.Errorf("search %q: %d %q", q, code, out)
		}
	}
	code, out, _ = run(t, "list", "--db", db, "--status", "closed")
	if code != ExitOK || strings.Count(out, "\n") != 1 || !strings.Contains(out, "Ким Даниил") {
		t.Errorf("--status closed: %q", out)
	}

	// A second demo into the same file is refused, and says how to replace it.
	code, _, errOut = run(t, "demo", "--db", db)
	if code != ExitFailure || !strings.Contains(errOut, "--force") || strings.Count(errOut, "\n") != 1 {
		t.Errorf("second demo: %d %q", code, errOut)
	}
}

func TestListRefusesNonDatabaseInOneLine(t *testing.T) {
	p := filepath.Join(t.TempDir(), "NOT_A_DB")
	content := []byte("hello, this is not a database\n")
	os.WriteFile(p, content, 0o600)
	code, out, errOut := run(t, "list", "--db", p)
	if code != ExitFailure || out != "" {
		t.Fatalf("exit %d, stdout %q", code, out)
	}
	if strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, "not a Carebook database") {
		t.Fatalf("stderr %q", errOut)
	}
	if b, _ := os.ReadFile(p); !bytes.Equal(b, content) {
		t.Fatal("the file was changed")
	}
	if entries, _ := os.ReadDir(filepath.Dir(p)); len(entries) != 1 {
		t.Fatalf("left files beside it: %v", entries)
	}
}

func TestListMissingFileIsAFailureNotACreation(t *testing.T) {
	p := filepath.Join(t.TempDir(), "missing.db")
	code, _, errOut := run(t, "list", "--db", p)
	if code != ExitFailure || !strings.Contains(errOut, "does not exist") {
		t.Fatalf("%d %q", code, errOut)
	}
	if _, err := os.Stat(p); err == nil {
		t.Fatal("list created a database")
	}
}

// Without --db, commands work on the everyday database in the data folder
// (%APPDATA%\Carebook on Windows), and --demo on the demo one, so that
// "carebook-cli list" works without knowing where Windows keeps them.
func TestCommandsFindTheUsualDatabases(t *testing.T) {
	home := t.TempDir()
	t.Setenv("CAREBOOK_HOME", home)
	code, _, errOut := run(t, "list")
	if code != ExitFailure || !strings.Contains(errOut, "no Carebook database yet") || !strings.Contains(errOut, filepath.Join(home, "carebook.db")) {
		t.Fatalf("list with no database yet: %d %q", code, errOut)
	}
	code, _, errOut = run(t, "list", "--demo")
	if code != ExitFailure || !strings.Contains(errOut, `build it with "carebook demo"`) {
		t.Fatalf("list --demo with no demo yet: %d %q", code, errOut)
	}
	code, out, errOut := run(t, "demo")
	if code != ExitOK || !strings.Contains(out, filepath.Join(home, "demo", "carebook.db")) {
		t.Fatalf("demo: %d %q %q", code, out, errOut)
	}
	if _, err := os.Stat(filepath.Join(home, "carebook.db")); err == nil {
		t.Fatal("demo without --db wrote the everyday database")
	}
	code, out, _ = run(t, "list", "--demo", "--search", "қайрат")
	if code != ExitOK || !strings.Contains(out, "Бекжанов Қайрат") {
		t.Fatalf("list --demo: %d %q", code, out)
	}
	os.Rename(filepath.Join(home, "demo", "carebook.db"), filepath.Join(home, "carebook.db"))
	code, out, _ = run(t, "list", "--status", "review")
	if code != ExitOK || !strings.Contains(out, "2026-004") {
		t.Fatalf("list on the everyday database: %d %q", code, out)
	}
}

func TestUsageErrorsExitTwo(t *testing.T) {
	for _, args := range [][]string{
		{"frobnicate"},
		{"list", "--colour"},
		{"list", "--db"},
		{"list", "--db", "x.db", "--status", "finished"},
		{"demo", "--db", "x.db", "--children", "-5"},
		{"demo", "--db", "x.db", "--demo"},
		{"list", "--db", "x.db", "--demo"},
		{"--nonsense"},
		{"--db", "a.db", "--demo"},
		{"version", "extra"},
	} {
		code, out, errOut := run(t, args...)
		if code != ExitUsage || out != "" || !strings.Contains(errOut, "Usage:") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, out, errOut)
		}
	}
}

func TestVersionAndHelp(t *testing.T) {
	code, out, _ := run(t, "version")
	if code != ExitOK || !strings.Contains(out, Version) {
		t.Fatalf("version: %d %q", code, out)
	}
	for _, args := range [][]string{{"help"}, {"--help"}, {"list", "-h"}} {
		code, out, _ = run(t, args...)
		if code != ExitOK || !strings.Contains(out, "carebook list [--db FILE]") {
			t.Errorf("%v: %d %q", args, code, out)
		}
	}
}

// FyneApp.toml and the binary must agree on the version.
func TestFyneAppVersionMatches(t *testing.T) {
	b, err := os.ReadFile("../FyneApp.toml")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `Version = "`+Version+`"`) {
		t.Fatalf("FyneApp.toml does not carry version %s:\n%s", Version, b)
	}
}

func TestAppOpensTheNamedDatabase(t *testing.T) {
	db := filepath.Join(t.TempDir(), "F.db")
	run(t, "demo", "--db", db)
	var seen int
	var out, errb bytes.Buffer
	code := Run([]string{"--db", db}, &Env{Stdout: &out, Stderr: &errb, Window: func(s *data.Store, _ Reopen) error {
		kids, err := s.ListChildren(t.Context(), data.ChildFilter{})
		seen = len(kids)
		return err
	}})
	if code != ExitOK || seen != 7 {
		t.Fatalf("exit %d, window saw %d children, stderr %q", code, seen, errb.String())
	}
	// --demo builds the demo database in the data folder on first use.
	t.Setenv("CAREBOOK_HOME", t.TempDir())
	code = Run([]string{"--demo"}, &Env{Stdout: &out, Stderr: &errb, Window: func(s *data.Store, _ Reopen) error {
		kids, _ := s.ListChildren(t.Context(), data.ChildFilter{})
		seen = len(kids)
		return nil
	}})
	if code != ExitOK || seen != 7 {
		t.Fatalf("--demo: exit %d, %d children", code, seen)
	}
}

func TestPanicsBecomeOneLine(t *testing.T) {
	var out, errb bytes.Buffer
	code := Run([]string{"--db", filepath.Join(t.TempDir(), "x.db")}, &Env{Stdout: &out, Stderr: &errb,
		Window: func(*data.Store, Reopen) error { panic("boom") }})
	if code != ExitFailure || strings.Count(errb.String(), "\n") != 1 || strings.Contains(errb.String(), "goroutine") {
		t.Fatalf("%d %q", code, errb.String())
	}
}

func TestAttachTwiceStoresOneFileAndCheckFindsAChangedByte(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "F.db")
	run(t, "demo", "--db", db)
	scan := filepath.Join(dir, "Заключение врача 12.03.pdf")
	os.WriteFile(scan, []byte("%PDF-1.4 scanned conclusion"), 0o600)
	countFiles := func() int {
		n := 0
		filepath.WalkDir(filepath.Join(dir, "files"), func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				n++
			}
			return nil
		})
		return n
	}
	before := countFiles()
	var ids []string
	for range 2 {
		code, out, errOut := run(t, "attach", "--db", db, "--child", "2026-001", "--kind", "medical_conclusion",
			"--file", scan, "--issued", "2026-03-12")
		if code != ExitOK || len(strings.TrimSpace(out)) != 36 {
			t.Fatalf("attach: %d %q %q", code, out, errOut)
		}
		ids = append(ids, strings.TrimSpace(out))
	}
	if ids[0] == ids[1] || countFiles() != before+1 {
		t.Fatalf("two attaches: ids %v, files %d → %d", ids, before, countFiles())
	}
	code, out, _ := run(t, "check", "--db", db)
	if code != ExitOK || !strings.HasPrefix(out, "OK") {
		t.Fatalf("check on a sound demo: %d %q", code, out)
	}
	// Change one byte of one stored file.
	var victim string
	filepath.WalkDir(filepath.Join(dir, "files"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && victim == "" {
			victim = p
		}
		return nil
	})
	f, _ := os.OpenFile(victim, os.O_RDWR, 0)
	b := make([]byte, 1)
	f.ReadAt(b, 5)
	f.WriteAt([]byte{b[0] ^ 0xff}, 5)
	f.Close()
	code, out, errOut := run(t, "check", "--db", db)
	if code != ExitFailure || !strings.Contains(out, filepath.Base(victim)) || !strings.Contains(out, "altered") ||
		!strings.Contains(errOut, "1 problem") {
		t.Fatalf("check after a changed byte: %d\n%s\n%s", code, out, errOut)
	}
}

func TestAttachRefusesBadInputInOneLine(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "F.db")
	run(t, "demo", "--db", db)
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--child", "2026-001", "--kind", "photo", "--file", dir}, ExitFailure, "is a folder"},
		{[]string{"--child", "2026-001", "--kind", "photo", "--file", filepath.Join(dir, "nope.jpg")}, ExitFailure, "cannot be read"},
		{[]string{"--child", "2099-999", "--kind", "photo", "--file", db}, ExitFailure, "no case 2099-999"},
		{[]string{"--child", "2026-001", "--kind", "selfie", "--file", db}, ExitUsage, "unknown kind"},
		{[]string{"--child", "2026-001", "--kind", "photo", "--file", db, "--issued", "31.02.2026"}, ExitFailure, "not a date"},
	} {
		code, _, errOut := run(t, append([]string{"attach", "--db", db}, tc.args...)...)
		if code != tc.code || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: %d %q", tc.args, code, errOut)
		}
		if tc.code == ExitFailure && strings.Count(errOut, "\n") != 1 {
			t.Errorf("%v: more than one line: %q", tc.args, errOut)
		}
	}
}

func TestFundingPrintsEachChildsPicture(t *testing.T) {
	db := filepath.Join(t.TempDir(), "F.db")
	run(t, "demo", "--db", db)
	code, out, errOut := run(t, "funding", "--db", db, "--child", "2026-002")
	if code != ExitOK {
		t.Fatalf("%d %q", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if lines[0] != "case\tcurrency\ttarget\traised\tgap\tspent" || !strings.HasPrefix(lines[1], "2026-002\tKZT\t") {
		t.Fatalf("output:\n%s", out)
	}
	f := strings.Split(lines[1], "\t")
	s, _ := data.Open(db)
	defer s.Close()
	c, _ := s.ChildByCase(t.Context(), "2026-002")
	fund, _ := s.Funding(t.Context(), c.ID)
	num := func(m money.Money) string { return strings.TrimSuffix(m.Plain(), " "+m.Currency) }
	if f[2] != num(fund.Target) || f[3] != num(fund.Raised) || f[4] != num(fund.Gap) || f[5] != num(fund.Spent) {
		t.Fatalf("funding line %v disagrees with the store: %+v", f, fund)
	}
	if !strings.Contains(out, "\tUSD\t140000.00\t2000.00\t\t0.00") || !strings.Contains(out, "\tUZS\t0.00\t25000000.00") {
		t.Fatalf("per-currency lines missing:\n%s", out)
	}
}

func TestImportDryRunOnAWindows1251File(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "F.db")
	run(t, "demo", "--db", db)
	text := "Дата;Сумма;Валюта;Плательщик;Номер\n" +
		"01.11.2026;25 000,00;KZT;Ахметова Динара;KSP-9001\n" +
		"02.11.2026;1 500,50;KZT;Сидоров Пётр;KSP-9002\n" +
		"31.02.2026;100,00;KZT;Ошибка;KSP-9003\n"
	b, _ := charmap.Windows1251.NewEncoder().Bytes([]byte(text))
	csvPath := filepath.Join(dir, "выписка.csv")
	os.WriteFile(csvPath, b, 0o600)
	before, _ := os.ReadFile(db)
	code, out, errOut := run(t, "import", "donations", "--db", db, "--csv", csvPath, "--child", "2026-002", "--dry-run")
	if code != ExitOK {
		t.Fatalf("%d %q", code, errOut)
	}
	for _, want := range []string{"Windows-1251", "separated by ';'", "3 rows", "line 4: «31.02.2026» is not a date",
		"To import: 2 (new donors: 2).", "Rejected: 1.", "Dry run: nothing was changed."} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if after, _ := os.ReadFile(db); !bytes.Equal(before, after) {
		t.Fatal("a dry run changed the database")
	}
	// For real, then again: the second run finds only what is recorded.
	code, out, _ = run(t, "import", "donations", "--db", db, "--csv", csvPath, "--child", "2026-002")
	if code != ExitOK || !strings.Contains(out, "Imported 2 donations (2 new donors, 2 earmarked); left out: 0 similar, 0 already recorded, 0 outgoing, 1 rejected.") {
		t.Fatalf("import: %q", out)
	}
	_, out, _ = run(t, "import", "donations", "--db", db, "--csv", csvPath, "--child", "2026-002")
	if !strings.Contains(out, "This statement was imported on") || !strings.Contains(out, "Imported 0 donations") || !strings.Contains(out, "2 already recorded") {
		t.Fatalf("second import: %q", out)
	}
	code, _, errOut = run(t, "import", "donations", "--db", db, "--csv", filepath.Join(dir, "nope.csv"))
	if code != ExitFailure || strings.Count(errOut, "\n") != 1 {
		t.Fatalf("missing file: %d %q", code, errOut)
	}
}

// import donations --dry-run, with no column flags, on a statement of each
// format: what it found, and the counts a volunteer checks.
func TestImportDryRunReadsEveryFormat(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "F.db")
	run(t, "demo", "--db", db)
	for _, tc := range []struct {
		file string
		want []string
	}{
		{"kaspi.csv", []string{"table (CSV, separated by ';', UTF-8 with BOM), 15 rows", "To import: 7 (new donors: 5).",
			"Outgoing, left out: 1.", "Rejected: 7.", "line 15: «--100» has two signs", "line 16: «0,001» has more decimals",
			"line 17: a quote opens", "line 18: the name «?сел Ж.» was damaged", "line 19: the bank names no payer",
			"line 20: «07.02.2226» is in the future", "line 21: «07.02.0226» is before 1990", "Already recorded: 0.",
			"The purpose names 2026-001 Мұратбекова Аружан"}},
		{"export-1251-cr.txt", []string{"separated by tabs, Windows-1251", "To import: 2 (new donors: 2).", "Outgoing, left out: 1.",
			"Rejected: 2.", "line 5: unknown currency «XYZ»", "line 6: this line is in another encoding"}},
		{"uzbek-utf16.txt", []string{"UTF-16 LE", "To import: 1 (new donors: 1).", "Rejected: 0.", "2026-002 Rahimova"}},
		{"kl_to_1c.txt", []string{"1C exchange format 1.03 (Windows-1251), 3 rows", "currency RUB", "To import: 2 (new donors: 2).",
			"Outgoing, left out: 1.", "Rejected: 0."}},
		{"statement.sta", []string{"SWIFT MT940", "To import: 2 (new donors: 2).", "Outgoing, left out: 2.", "Rejected: 1.",
			"line 14: «1000,005» has more decimals"}},
		{"halyk.xlsx", []string{"Excel workbook, sheet «Үзінді», 4 rows", "To import: 3 (new donors: 3).", "Outgoing, left out: 1.", "Rejected: 0."}},
	} {
		code, out, errOut := run(t, "import", "donations", "--db", db, "--file", filepath.Join("..", "bank", "testdata", tc.file), "--dry-run")
		if code != ExitOK {
			t.Errorf("%s: exit %d: %s", tc.file, code, errOut)
			continue
		}
		for _, want := range append(tc.want, "Already recorded: 0.", "Dry run: nothing was changed.") {
			if !strings.Contains(out, want) {
				t.Errorf("%s: the output lacks %q:\n%s", tc.file, want, out)
			}
		}
	}
}

func TestReportCommands(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "F.db")
	run(t, "demo", "--db", db)
	for _, args := range [][]string{
		{"report", "journey", "--db", db, "--child", "2026-001", "--out", filepath.Join(dir, "j.pdf"), "--lang", "kk", "--edition", "public"},
		{"report", "journey", "--db", db, "--child", "2026-003", "--out", filepath.Join(dir, "ja.pdf"), "--attachments"},
		{"report", "grant", "--db", db, "--from", "2026-01-01", "--to", "2026-12-31", "--out", filepath.Join(dir, "g.pdf"), "--csv", filepath.Join(dir, "g.csv")},
		{"report", "appeal", "--db", db, "--child", "2026-002", "--out", filepath.Join(dir, "a.pdf"), "--lang", "en"},
	} {
		code, out, errOut := run(t, args...)
		if code != ExitOK || !strings.HasPrefix(out, "Wrote ") {
			t.Fatalf("%v: %d %q %q", args, code, out, errOut)
		}
	}
	for _, f := range []string{"j.pdf", "ja.pdf", "g.pdf", "a.pdf", "g.csv"} {
		if fi, err := os.Stat(filepath.Join(dir, f)); err != nil || fi.Size() < 100 {
			t.Errorf("%s: %v", f, err)
		}
	}
	// Refusals: one line, nothing written.
	code, _, errOut := run(t, "report", "appeal", "--db", db, "--child", "2026-004", "--out", filepath.Join(dir, "no.pdf"))
	if code != ExitFailure || !strings.Contains(errOut, "no valid consent to publish the story") {
		t.Fatalf("appeal without consent: %d %q", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, "no.pdf")); err == nil {
		t.Fatal("a refused appeal left a file")
	}
	for _, args := range [][]string{
		{"report", "journey", "--db", db, "--child", "2026-001", "--out", "x.pdf", "--lang", "de"},
		{"report", "journey", "--db", db, "--child", "2026-001", "--out", "x.pdf", "--edition", "secret"},
		{"report", "grant", "--db", db, "--from", "2026-12-31", "--to", "2026-01-01", "--out", "x.pdf"},
		{"report", "summary", "--db", db},
		{"report", "journey", "--db", db, "--out", "x.pdf"},
	} {
		if code, _, _ := run(t, args...); code != ExitUsage {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}

func TestLettersOnTheDemoThenAgain(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "F.db")
	run(t, "demo", "--db", db)
	out := filepath.Join(dir, "batch.pdf")
	per := filepath.Join(dir, "для почты")
	code, stdout, errOut := run(t, "letters", "--db", db, "--from", "2026-01-01", "--to", "2026-12-31", "--out", out, "--per-donor", per)
	if code != ExitOK || !strings.Contains(stdout, "Wrote 6 letters to 6 donors") || !strings.Contains(stdout, "skipped\tcash box") {
		t.Fatalf("%d\n%s\n%s", code, stdout, errOut)
	}
	files, _ := os.ReadDir(per)
	if len(files) != 6 {
		t.Fatalf("%d files for e-mail", len(files))
	}
	s, _ := data.Open(db)
	if waiting, _ := s.Unthanked(t.Context()); len(waiting) != 0 {
		t.Errorf("%d donations were not marked", len(waiting))
	}
	s.Close()
	before, _ := os.ReadFile(out)
	code, stdout, _ = run(t, "letters", "--db", db, "--from", "2026-01-01", "--to", "2026-12-31", "--out", out, "--per-donor", per)
	if code != ExitOK || !strings.Contains(stdout, "Nothing to write") {
		t.Fatalf("second run: %d %q", code, stdout)
	}
	if after, _ := os.ReadFile(out); !bytes.Equal(before, after) {
		t.Fatal("the second run rewrote the batch")
	}
	if code, _, _ := run(t, "letters", "--db", db, "--out", out); code != ExitUsage {
		t.Fatal("letters without --child or a period")
	}
	code, stdout, _ = run(t, "letters", "--db", db, "--child", "2026-003", "--dry-run")
	if code != ExitOK || !strings.Contains(stdout, "Dry run: would write 7 letters") {
		t.Fatalf("outcome dry run: %q", stdout)
	}
}

func TestBackupCommand(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "F.db")
	run(t, "demo", "--db", db)
	code, out, errOut := run(t, "backup", "--db", db, "--to", filepath.Join(dir, "копии"))
	if code != ExitOK || !strings.Contains(out, "Backed up to") || !strings.Contains(out, "7 children") {
		t.Fatalf("%d %q %q", code, out, errOut)
	}
	// Without a folder in Settings, backups go beside the database.
	code, out, _ = run(t, "backup", "--db", db)
	if code != ExitOK || !strings.Contains(out, filepath.Join(dir, "backups")) {
		t.Fatalf("default folder: %d %q", code, out)
	}
	// Never into the database's own folder (its documents folder would mix).
	if code, _, errOut := run(t, "backup", "--db", db, "--to", dir); code != ExitFailure || !strings.Contains(errOut, "refusing") {
		t.Fatalf("backup into the database folder: %d %q", code, errOut)
	}
}

// Issue 28, item 15: every usage line of carebook help is followed by what
// that command does (office, exchange and hub ran three commands'
// descriptions into one line after the last of them).
func TestEveryUsageLineSaysWhatItDoes(t *testing.T) {
	code, out, _ := run(t, "help")
	if code != 0 {
		t.Fatalf("help: exit %d", code)
	}
	lines := strings.Split(out, "\n")
	seen := map[string]bool{}
	for i, l := range lines {
		if !strings.HasPrefix(l, "  carebook") {
			continue
		}
		if i+1 >= len(lines) || !strings.HasPrefix(lines[i+1], "      ") || len(strings.TrimSpace(lines[i+1])) < 8 {
			t.Errorf("%q says nothing of what it does", l)
		}
		seen[strings.Join(strings.Fields(l)[:min(3, len(strings.Fields(l)))], " ")] = true
	}
	for _, want := range []string{"carebook office invite", "carebook office join", "carebook office list", "carebook exchange export",
		"carebook exchange import", "carebook hub init", "carebook hub add-office", "carebook people set-until"} {
		if !seen[want] {
			t.Errorf("no usage line of %q", want)
		}
	}
}

// Issue 30, first step: carebook today prints what needs doing, and --json
// the same for a script.
func TestTodayOnTheDemo(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")
	if code, _, errOut := run(t, "demo", "--db", db); code != 0 {
		t.Fatal(errOut)
	}
	code, out, errOut := run(t, "today", "--db", db)
	if code != 0 || !strings.Contains(out, "donations not thanked after 7 days") {
		t.Fatalf("today: %d %q %q", code, out, errOut)
	}
	code, out, _ = run(t, "today", "--db", db, "--json")
	var items []map[string]any
	if code != 0 || json.Unmarshal([]byte(out), &items) != nil || len(items) == 0 {
		t.Fatalf("today --json: %d %q", code, out)
	}
}
