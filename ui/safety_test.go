package ui

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"carebook/data"
	"carebook/data/demo"
)

// damagedStore is the demo with a table dropped by another tool: it opens
// read-only.
func damagedStore(t *testing.T) *data.Store {
	t.Helper()
	p := filepath.Join(t.TempDir(), "demo.db")
	s, err := demo.Create(context.Background(), p, demo.Options{}, false)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	db, _ := sql.Open("sqlite", p)
	if _, err := db.Exec("DROP TABLE letter_donations"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	s, err = data.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// Item 4 on the screen: a damaged database shows what it holds, says why
// nothing can be changed, and a save is refused in the person's language
// with the form kept.
func TestADamagedDatabaseSaysSoAndKeepsWhatWasTyped(t *testing.T) {
	s := damagedStore(t)
	u := newTestApp(t, s, "kk")
	if u.bannerText == nil || !strings.Contains(u.bannerText.Text, "зақымдалған") || !strings.Contains(u.bannerText.Text, "letter_donations") {
		t.Fatalf("banner: %v", u.bannerText)
	}
	if n := rowsShown(u.children); n != 7 {
		t.Fatalf("%d children shown", n)
	}
	u.newChild()
	f := u.top().(*form)
	typeInto(t, f, "first_name", "Әсем")
	typeInto(t, f, "last_name", "Қайратова")
	typeInto(t, f, "birth_date", "2018-05-05")
	f.trySave()
	if !f.banner.Visible() || !strings.Contains(f.banner.Text, "тек оқу үшін ашылды") {
		t.Fatalf("message: %q", f.banner.Text)
	}
	if u.top() != f || fieldNamed(t, f, "first_name").focus.(*formEntry).Text != "Әсем" {
		t.Fatal("the form was left")
	}
}
