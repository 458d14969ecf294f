package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"carebook/hub"
	"carebook/internal/pgtest"
)

// Settings → Hub: the address is kept, Sync now sends the head office's
// cases to the hub, and the foot says when it last synced.
func TestHubPageSyncsAndTheFootSaysSo(t *testing.T) {
	admin := pgtest.Start(t)
	s := demoStore(t)
	u := newTestApp(t, s, "ru")
	self, _ := s.Office(u.ctx)
	if _, err := hub.Init(u.ctx, admin, self.FoundationID); err != nil {
		t.Fatal(err)
	}
	url, err := hub.AddOffice(u.ctx, admin, hub.Office{Code: "HQ", Head: true})
	if err != nil {
		t.Fatal(err)
	}
	if text, _ := u.hubStatusText(); text != "" {
		t.Fatalf("the foot speaks of a hub before there is one: %q", text)
	}
	u.showSection(5)
	f := hubPage(u)
	u.push(f)
	typeInto(t, f, "hub_url", url)
	tapButton(t, u, "Сохранить")
	if got, _ := s.HubURL(u.ctx); got != url {
		t.Fatalf("the address was not kept: %q", got)
	}
	waitFor(t, func() bool {
		text, _ := u.hubStatusText()
		return strings.HasPrefix(text, "Хаб: синхронизировано")
	})
	conn := count(t, admin, "SELECT count(*) FROM rows WHERE tbl = 'children'")
	if conn != 7 {
		t.Errorf("the hub holds %d of the 7 cases", conn)
	}
	if !u.hub.status.Visible() || !strings.Contains(u.hub.status.Text, "синхронизировано") {
		t.Errorf("the foot says %q", u.hub.status.Text)
	}
}

func count(t *testing.T, url, sql string) int {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var n int
	if err := conn.QueryRow(context.Background(), sql).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// A hub the head office has not yet brought up to date is refused with a
// sentence in the interface language that says who does what.
func TestAnOlderHubIsExplained(t *testing.T) {
	admin := pgtest.Start(t)
	s := demoStore(t)
	u := newTestApp(t, s, "ru")
	self, _ := s.Office(u.ctx)
	if _, err := hub.Init(u.ctx, admin, self.FoundationID); err != nil {
		t.Fatal(err)
	}
	url, err := hub.AddOffice(u.ctx, admin, hub.Office{Code: "HQ", Head: true})
	if err != nil {
		t.Fatal(err)
	}
	if count(t, admin, fmt.Sprintf("WITH u AS (UPDATE hub_meta SET value = '%d' WHERE key = 'schema_version' RETURNING 1) SELECT count(*) FROM u", hub.SchemaVersion()-1)) != 1 {
		t.Fatal("the hub's version was not set back")
	}
	if err := s.SetHubURL(u.ctx, url); err != nil {
		t.Fatal(err)
	}
	u.startHub()
	waitFor(t, func() bool {
		text, _ := u.hubStatusText()
		return text == "Хаб: не синхронизировано, см. «Настройки → Хаб»"
	})
	u.showSection(5)
	u.push(hubPage(u))
	if got := labelsIn(u.win.Content()); !strings.Contains(got, "Хаб старее этой версии Carebook: головной офис обновляет его") {
		t.Errorf("the hub page does not say why: %q", got)
	}
	if n := count(t, admin, "SELECT count(*) FROM rows"); n != 0 {
		t.Errorf("%d rows were sent to the older hub", n)
	}
}

// Issue 24, items 7 and 11: an address that would send children's data
// unencrypted is refused when it is saved, in the interface language; a
// hub that does not answer is said in words (the driver's text only behind
// Details); the foot's word on the hub opens Settings → Hub.
func TestTheHubPageSpeaksPlainly(t *testing.T) {
	s := demoStore(t)
	u := newTestApp(t, s, "en")
	u.showSection(5)
	f := hubPage(u)
	u.push(f)
	typeInto(t, f, "hub_url", "postgres://carebook_shy:secret@hub.example.org:5432/carebook?sslmode=disable")
	tapButton(t, u, "Save")
	if got, _ := s.HubURL(u.ctx); got != "" {
		t.Fatalf("a plaintext address was kept: %q", got)
	}
	if got := labelsIn(u.win.Content()) + cellTextOf(u.win.Canvas().Overlays().Top()); !strings.Contains(got, "lets the connection go unencrypted") {
		t.Errorf("the refusal does not say why: %q", got)
	}
	if !strings.Contains(labelsIn(u.win.Content()), "The hub is the head office's database on the internet") {
		t.Error("the page does not say what a hub is")
	}
	u.pop()
	// A hub on this computer that is not running: it did not answer.
	if err := s.SetHubURL(u.ctx, "postgres://carebook_hq:secret@127.0.0.1:1/carebook?sslmode=disable"); err != nil {
		t.Fatal(err)
	}
	u.startHub()
	waitFor(t, func() bool {
		u.hub.mu.Lock()
		defer u.hub.mu.Unlock()
		return u.hub.err != nil
	})
	u.refreshHubStatus()
	u.hub.status.OnTapped()
	got := labelsIn(u.win.Content())
	if !strings.Contains(got, "The hub at 127.0.0.1 did not answer. Carebook keeps working and will try again.") {
		t.Errorf("the hub page says %q", got)
	}
	for _, raw := range []string{"dial tcp", "SQLSTATE", "failed to connect"} {
		if strings.Contains(got, raw) {
			t.Errorf("the hub page shows the driver's words %q: %q", raw, got)
		}
	}
	tapButton(t, u, "Details")
	if d := cellTextOf(u.win.Canvas().Overlays().Top()); !strings.Contains(d, "127.0.0.1") {
		t.Errorf("Details: %q", d)
	}
}
