package cli

import (
	"bufio"
	"context"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"carebook/data"
	"carebook/internal/pgtest"
)

// Issue 24, item 9: docs/hub.md works as written. Its commands for setting
// up a hub on Debian are taken from the page itself and run, one by one,
// against a throwaway PostgreSQL: the owner it makes, the database, hub
// init and hub add-office on the head office's computer.
func TestTheHubDocumentWorksAsWritten(t *testing.T) {
	admin := pgtest.Start(t)
	au, _ := url.Parse(admin)
	bins, _ := filepath.Glob("/usr/lib/postgresql/*/bin/createuser")
	sort.Strings(bins)
	if len(bins) == 0 {
		t.Skip("PostgreSQL's client programs are not installed")
	}
	bin := filepath.Dir(bins[len(bins)-1])
	// The head office's everyday database, with an office to add.
	t.Setenv("CAREBOOK_HOME", t.TempDir())
	path, _ := data.DefaultPath()
	s, err := data.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.InviteOffice(context.Background(), data.NewOffice{Code: "SHY", Name: "Шымкент", Regions: []string{"Түркістан облысы"}},
		"телефонный пароль", filepath.Join(t.TempDir(), "shy.cbx"), nil); err != nil {
		t.Fatal(err)
	}
	s.Close()

	doc, err := os.Open(filepath.Join("..", "docs", "hub.md"))
	if err != nil {
		t.Fatal(err)
	}
	defer doc.Close()
	const password = "hub-owner-2026"
	var ran []string
	sc := bufio.NewScanner(doc)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		args := strings.Fields(line)
		switch {
		case strings.HasPrefix(line, "createuser ") || strings.HasPrefix(line, "createdb "):
			cmd := exec.Command(filepath.Join(bin, args[0]), args[1:]...)
			cmd.Env = append(os.Environ(), "PGHOST="+au.Hostname(), "PGPORT="+au.Port(), "PGUSER=postgres", "LANG=C")
			cmd.Stdin = strings.NewReader(password + "\n" + password + "\n") // --pwprompt
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("%s: %v\n%s", line, err, out)
			}
		case strings.HasPrefix(line, "carebook hub init ") || strings.HasPrefix(line, "carebook hub add-office "):
			line = strings.ReplaceAll(line, "PASSWORD", password)
			line = strings.ReplaceAll(line, "HOST:5432", au.Host)
			code, out, errOut := run(t, strings.Fields(line)[1:]...)
			if code != ExitOK {
				t.Fatalf("%s: %s %s", line, out, errOut)
			}
		default:
			continue
		}
		ran = append(ran, args[0]+" "+args[1])
	}
	if len(ran) != 4 {
		t.Fatalf("the page's commands were not all found: %v", ran)
	}
}
