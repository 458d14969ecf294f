package hub

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"carebook/bank"
	"carebook/data"
	"carebook/internal/pgtest"
	"carebook/money"
)

const turkestan, almaty = "Түркістан облысы", "Алматы облысы"

type foundation struct {
	hq, shy        *data.Store
	hqURL, shyURL  string
	turk, almatyID string
	admin          string // the hub's owner
}

// setUp makes a head office with a case in each of two regions, its
// Shymkent office (Turkestan), a hub, and both offices' logins.
func setUp(t *testing.T) *foundation {
	t.Helper()
	admin := pgtest.Start(t)
	dir := t.TempDir()
	hq, err := data.Open(filepath.Join(dir, "hq.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { hq.Close() })
	f := &foundation{hq: hq, admin: admin}
	for _, c := range []*data.Child{
		{FirstName: "Айгерим", LastName: "Сейтова", Region: turkestan, BirthDate: data.MustDate("2016-03-08")},
		{FirstName: "Данияр", LastName: "Ахметов", Region: almaty, BirthDate: data.MustDate("2015-01-02")},
	} {
		if err := hq.Children.Create(ctx, c); err != nil {
			t.Fatal(err)
		}
		if c.Region == turkestan {
			f.turk = c.ID
		} else {
			f.almatyID = c.ID
		}
	}
	invite := filepath.Join(dir, "shy.cbx")
	if _, err := hq.InviteOffice(ctx, data.NewOffice{Code: "SHY", Name: "Шымкент", Regions: []string{turkestan}}, "телефонный пароль", invite, nil); err != nil {
		t.Fatal(err)
	}
	if f.shy, _, err = data.JoinOffice(ctx, invite, filepath.Join(dir, "shy.db"), "телефонный пароль"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.shy.Close() })
	self, _ := hq.Office(ctx)
	if _, err := Init(ctx, admin, self.FoundationID); err != nil {
		t.Fatal(err)
	}
	if f.hqURL, err = AddOffice(ctx, admin, Office{Code: "HQ", Head: true}); err != nil {
		t.Fatal(err)
	}
	if f.shyURL, err = AddOffice(ctx, admin, Office{Code: "SHY", Regions: []string{turkestan}}); err != nil {
		t.Fatal(err)
	}
	return f
}

func sync(t *testing.T, s *data.Store, url string) SyncResult {
	t.Helper()
	res, err := Sync(ctx, s, url)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// The must-show: an edit on each office appears in the other after
// a sync on both; the same field edited on both is in both review queues.
func TestSyncTwoOfficesThroughTheHub(t *testing.T) {
	f := setUp(t)
	sync(t, f.hq, f.hqURL)
	sync(t, f.shy, f.shyURL)
	a, _ := f.hq.Children.Get(ctx, f.turk)
	a.Settlement, a.Diagnosis = "Кентау", "ДЦП"
	if err := f.hq.Children.Update(ctx, a); err != nil {
		t.Fatal(err)
	}
	b, _ := f.shy.Children.Get(ctx, f.turk)
	b.Address, b.Diagnosis = "ул. Абая 5", "Spina bifida"
	if err := f.shy.Children.Update(ctx, b); err != nil {
		t.Fatal(err)
	}
	n := &data.Child{FirstName: "Бекзат", LastName: "Оразов", Region: turkestan, BirthDate: data.MustDate("2019-05-06")}
	if err := f.shy.Children.Create(ctx, n); err != nil {
		t.Fatal(err)
	}
	sync(t, f.hq, f.hqURL)
	sync(t, f.shy, f.shyURL)
	sync(t, f.hq, f.hqURL)
	for name, s := range map[string]*data.Store{"HQ": f.hq, "SHY": f.shy} {
		c, err := s.Children.Get(ctx, f.turk)
		if err != nil || c.Settlement != "Кентау" || c.Address != "ул. Абая 5" {
			t.Errorf("%s: the other office's edit is missing: %+v %v", name, c, err)
		}
		if _, err := s.Children.Get(ctx, n.ID); err != nil {
			t.Errorf("%s: Shymkent's new case is missing: %v", name, err)
		}
		cs, _ := s.Conflicts(ctx, true)
		if len(cs) != 1 || cs[0].Field != "diagnosis" {
			t.Fatalf("%s: conflicts %+v", name, cs)
		}
		if got := map[string]bool{cs[0].A.Value: true, cs[0].B.Value: true}; !got["ДЦП"] || !got["Spina bifida"] {
			t.Errorf("%s: both values not kept: %+v", name, cs[0])
		}
	}
	// Issue 24, item 5: as with bundles, each office keeps its own value
	// while the conflict is open (SHY, which synced second, was shown the
	// hub's value before).
	hqC, _ := f.hq.Children.Get(ctx, f.turk)
	shyC, _ := f.shy.Children.Get(ctx, f.turk)
	if hqC.Diagnosis != "ДЦП" || shyC.Diagnosis != "Spina bifida" {
		t.Errorf("an office's own diagnosis was replaced while the conflict is open: HQ %q, SHY %q", hqC.Diagnosis, shyC.Diagnosis)
	}
	// Row-level security: Shymkent never took the Almaty case.
	if _, err := f.shy.Children.Get(ctx, f.almatyID); err == nil {
		t.Error("the Almaty case reached Shymkent through the hub")
	}
	// Nothing new: a sync moves nothing.
	if res := sync(t, f.shy, f.shyURL); res.Pushed != 0 || res.Applied.Rows != 0 {
		t.Errorf("an idle sync moved %+v", res)
	}
}

// Issue 29: an office's first sync into an empty hub does not read back
// the rows it has just sent (at 10 000 cases that was half the sync), and a
// row the hub merged with another office's change is read back.
func TestASyncDoesNotReadBackWhatItSent(t *testing.T) {
	f := setUp(t)
	res := sync(t, f.hq, f.hqURL)
	if res.Pushed == 0 || res.Pulled != 0 || res.Applied.Rows != 0 {
		t.Fatalf("first sync of the head office: pushed %d, read back %d (applied %d); want its rows sent and none read back", res.Pushed, res.Pulled, res.Applied.Rows)
	}
	sync(t, f.shy, f.shyURL)
	b, _ := f.shy.Children.Get(ctx, f.turk)
	b.Address = "ул. Абая 5"
	if err := f.shy.Children.Update(ctx, b); err != nil {
		t.Fatal(err)
	}
	sync(t, f.shy, f.shyURL)
	a, _ := f.hq.Children.Get(ctx, f.turk)
	a.Settlement = "Кентау"
	if err := f.hq.Children.Update(ctx, a); err != nil {
		t.Fatal(err)
	}
	res = sync(t, f.hq, f.hqURL)
	if res.Pulled != 2 {
		t.Errorf("the head office read %d rows; want two: the case the hub merged with Shymkent's change, and Shymkent's audit entry of it", res.Pulled)
	}
	if c, _ := f.hq.Children.Get(ctx, f.turk); c.Address != "ул. Абая 5" || c.Settlement != "Кентау" {
		t.Errorf("after the merge the head office has %q, %q", c.Address, c.Settlement)
	}
	if res := sync(t, f.hq, f.hqURL); res.Pushed != 0 || res.Pulled != 0 {
		t.Errorf("an idle sync moved %+v", res)
	}
}

// A connection that drops in the middle of sending leaves the hub as it
// was; the next sync completes.
func TestSyncResumesAfterADroppedConnection(t *testing.T) {
	f := setUp(t)
	for i := 0; i < 30; i++ {
		c := &data.Child{FirstName: "Бала", LastName: "Жаңа", Region: turkestan, BirthDate: data.MustDate("2018-01-01"), Story: time.Now().String()}
		if err := f.hq.Children.Create(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	cctx, cancel := contextWithCancel()
	testHook = func(n int) {
		if n == 10 {
			cancel()
		}
	}
	_, err := Sync(cctx, f.hq, f.hqURL)
	testHook = nil
	if err == nil {
		t.Fatal("the sync went through a dropped connection")
	}
	if n := countRows(t, f.hqURL); n != 0 {
		t.Errorf("the hub kept %d rows of the broken sync", n)
	}
	sync(t, f.hq, f.hqURL)
	res := sync(t, f.shy, f.shyURL)
	if res.Applied.NewCases != 30 {
		t.Errorf("Shymkent took %d new cases after the sync was redone, want 30", res.Applied.NewCases)
	}
}

// A document unlinked from a journey event in one office is unlinked in the
// other after both sync.
func TestUnlinkTravelsThroughTheHub(t *testing.T) {
	f := setUp(t)
	doc := &data.Document{ChildID: f.turk, Kind: data.DocMedicalConclusion, Title: "Заключение", FileName: "заключение.pdf", IssuedOn: data.MustDate("2026-02-01")}
	if err := f.hq.AttachFile(ctx, doc, strings.NewReader("%PDF-1.4 заключение"), 0); err != nil {
		t.Fatal(err)
	}
	ev := &data.JourneyEvent{ChildID: f.turk, On: data.MustDate("2026-03-10"), Kind: data.EventSurgery, Title: "Операция"}
	if err := f.hq.JourneyEvents.Create(ctx, ev); err != nil {
		t.Fatal(err)
	}
	if err := f.hq.LinkDocument(ctx, ev.ID, doc.ID); err != nil {
		t.Fatal(err)
	}
	sync(t, f.hq, f.hqURL)
	sync(t, f.shy, f.shyURL)
	if docs, _ := f.shy.EventDocuments(ctx, ev.ID); len(docs) != 1 {
		t.Fatalf("the link did not reach SHY: %v", docs)
	}
	if err := f.shy.UnlinkDocument(ctx, ev.ID, doc.ID); err != nil {
		t.Fatal(err)
	}
	sync(t, f.shy, f.shyURL)
	sync(t, f.hq, f.hqURL)
	if docs, _ := f.hq.EventDocuments(ctx, ev.ID); len(docs) != 0 {
		t.Errorf("unlinked in SHY, still linked at the head office: %v", docs)
	}
}

// Emptying the Trash at the head office erases the document from the hub
// (its row and its file) and from the office after both sync.
func TestEmptyingTheTrashErasesFromTheHub(t *testing.T) {
	f := setUp(t)
	doc := &data.Document{ChildID: f.turk, Kind: data.DocTestResult, Title: "Анализ", FileName: "анализ.pdf", IssuedOn: data.MustDate("2026-02-01")}
	if err := f.hq.AttachFile(ctx, doc, strings.NewReader("%PDF-1.4 не того ребёнка"), 0); err != nil {
		t.Fatal(err)
	}
	if err := f.hq.Documents.Delete(ctx, doc.ID); err != nil {
		t.Fatal(err)
	}
	sync(t, f.hq, f.hqURL)
	sync(t, f.shy, f.shyURL)
	if d, err := f.shy.Documents.Get(ctx, doc.ID); err != nil || !d.Deleted() {
		t.Fatalf("the trashed document did not reach SHY: %+v %v", d, err)
	}
	admin := f.admin
	held := func() int {
		return count(t, admin, "SELECT count(*) FROM rows WHERE tbl = 'documents' AND row_key = '"+doc.ID+"'") +
			count(t, admin, "SELECT count(*) FROM files WHERE sha256 = '"+doc.SHA256+"'")
	}
	if held() != 2 {
		t.Fatalf("the hub does not hold the document and its file before: %d", held())
	}
	if _, _, err := f.hq.PurgeTrashedDocuments(ctx); err != nil {
		t.Fatal(err)
	}
	if res := sync(t, f.hq, f.hqURL); res.Erased != 1 {
		t.Errorf("the hub erased %d documents", res.Erased)
	}
	if n := held(); n != 0 {
		t.Errorf("the hub still holds the erased document or its file (%d)", n)
	}
	if res := sync(t, f.shy, f.shyURL); res.Applied.Erased != 1 {
		t.Errorf("SHY erased %d documents", res.Applied.Erased)
	}
	if _, err := f.shy.Documents.Get(ctx, doc.ID); err == nil {
		t.Error("the erased document is still at SHY")
	}
}

// A hub that the head office has not yet brought up to date with this
// Carebook is refused (it could not carry out an erasure) and nothing is
// sent; once `hub init` has migrated it, the sync goes through.
func TestAnOlderHubIsRefusedUntilMigrated(t *testing.T) {
	f := setUp(t)
	self, _ := f.hq.Office(ctx)
	if err := exec(t, f.admin, "UPDATE hub_meta SET value = $1 WHERE key = 'schema_version'", strconv.Itoa(SchemaVersion()-1)); err != nil {
		t.Fatal(err)
	}
	if err := exec(t, f.admin, "DROP FUNCTION hub_purge(text)"); err != nil {
		t.Fatal(err)
	}
	if _, err := Sync(ctx, f.hq, f.hqURL); !errors.Is(err, ErrOlder) {
		t.Fatalf("sync with an older hub: %v", err)
	}
	if n := countRows(t, f.admin); n != 0 {
		t.Errorf("%d rows were sent to the older hub", n)
	}
	if _, err := Init(ctx, f.admin, self.FoundationID); err != nil {
		t.Fatal(err)
	}
	if res := sync(t, f.hq, f.hqURL); res.Pushed == 0 {
		t.Error("nothing sent once the hub is up to date")
	}
}

// Issue 24, item 1: an office that records a donation from a donor the hub
// has not seen (earmarked to one of its cases, or to the general fund)
// syncs, and the head office has the donation and the donor after its
// next sync; a regional office that syncs before the head office ever has
// syncs too.
func TestANewDonorsGiftSyncsFromARegionalOffice(t *testing.T) {
	for _, hqFirst := range []bool{true, false} {
		f := setUp(t)
		if hqFirst {
			sync(t, f.hq, f.hqURL)
		}
		sync(t, f.shy, f.shyURL) // before the head office ever has, in the second round
		donor := &data.Donor{DisplayName: "Ермек Сапаров"}
		if err := f.shy.Donors.Create(ctx, donor); err != nil {
			t.Fatal(err)
		}
		earmarked := &data.Donation{DonorID: donor.ID, ChildID: f.turk, ReceivedOn: data.MustDate("2026-11-02"),
			Amount: money.M(2_500_000, "KZT"), Method: data.MethodBank}
		general := &data.Donation{DonorID: donor.ID, ReceivedOn: data.MustDate("2026-11-03"),
			Amount: money.M(1_000_000, "KZT"), Method: data.MethodCash}
		for _, d := range []*data.Donation{earmarked, general} {
			if err := f.shy.Donations.Create(ctx, d); err != nil {
				t.Fatal(err)
			}
		}
		// And a bank statement with a new payer, earmarked to the case.
		kid, _ := f.shy.Children.Get(ctx, f.turk)
		stmt := filepath.Join(t.TempDir(), "kaspi.csv")
		os.WriteFile(stmt, []byte("Date,Amount,Currency,Payer,Purpose\n2026-11-05,30000,KZT,Бекжан Нұрлан,Көмек "+kid.CaseNumber+"\n"), 0o600)
		src, err := bank.Open(ctx, stmt, bank.Options{Today: f.shy.Today()})
		if err != nil {
			t.Fatal(err)
		}
		if res, err := bank.Import(ctx, f.shy, src, bank.Decisions{AllEarmarks: true}, nil); err != nil || res.Imported != 1 {
			t.Fatalf("the statement: %+v %v", res, err)
		}
		if _, err := Sync(ctx, f.shy, f.shyURL); err != nil {
			t.Fatalf("hq synced first %v: SHY's sync with a new donor: %v", hqFirst, err)
		}
		sync(t, f.hq, f.hqURL)
		for _, id := range []string{earmarked.ID, general.ID} {
			if d, err := f.hq.Donations.Get(ctx, id); err != nil || d.DonorID != donor.ID {
				t.Errorf("hq synced first %v: the head office lacks SHY's donation %s: %v", hqFirst, id, err)
			}
		}
		if d, err := f.hq.Donors.Get(ctx, donor.ID); err != nil || d.DisplayName != "Ермек Сапаров" {
			t.Errorf("hq synced first %v: the head office lacks SHY's new donor: %v", hqFirst, err)
		}
		found := false
		all, _ := f.hq.Donations.All(ctx)
		for _, d := range all {
			if d.Payer == "Бекжан Нұрлан" && d.ChildID == f.turk && d.DonorID != "" {
				found = true
			}
		}
		if !found {
			t.Errorf("hq synced first %v: the head office lacks the statement's earmarked donation", hqFirst)
		}
		if res := sync(t, f.shy, f.shyURL); res.Pushed != 0 {
			t.Errorf("hq synced first %v: the next sync sent %d rows again", hqFirst, res.Pushed)
		}
	}
}

// Issue 24, item 8: one office cannot break the hub for all. As SHY's own
// role, direct SQL tries what was done in the trial: rewrite the
// foundation's payment link, add a settings row without its columns, and
// store any bytes under another file's SHA-256. The hub refuses each, or
// the other offices skip the bad row and say so; the head office's sync
// goes on, its file reaches the hub, and its payment link stays its own.
func TestOneOfficeCannotBreakTheHub(t *testing.T) {
	f := setUp(t)
	st, _ := f.hq.Settings(ctx)
	st.PaymentLink = "https://meyirim.example/pay"
	if err := f.hq.SaveSettings(ctx, st); err != nil {
		t.Fatal(err)
	}
	doc := &data.Document{ChildID: f.turk, Kind: data.DocMedicalConclusion, Title: "Заключение", FileName: "заключение.pdf", IssuedOn: data.MustDate("2026-02-01")}
	if err := f.hq.AttachFile(ctx, doc, strings.NewReader("%PDF-1.4 заключение врача"), 0); err != nil {
		t.Fatal(err)
	}
	sync(t, f.hq, f.hqURL)
	sync(t, f.shy, f.shyURL)
	// SHY's role, by hand: the head office's payment link…
	if err := exec(t, f.shyURL, `UPDATE rows SET vals = jsonb_set(vals, '{value}', '"https://evil.example/pay"'), version = '9999999999999999-0000-SHY', office = 'SHY'
		WHERE tbl = 'settings' AND row_key = 'payment_link'`); err == nil {
		if n := count(t, f.admin, `SELECT count(*) FROM rows WHERE tbl = 'settings' AND vals->>'value' = 'https://evil.example/pay'`); n != 0 {
			t.Error("an office rewrote the foundation's payment link at the hub")
		}
	}
	// …a settings row without its columns…
	_ = exec(t, f.shyURL, `INSERT INTO rows (tbl, row_key, office, version, vals) VALUES ('settings', 'evil', 'SHY', '9999999999999999-0001-SHY', '{"key":"evil"}')`)
	_ = exec(t, f.shyURL, `INSERT INTO rows (tbl, row_key, office, version, vals, region, child_id) VALUES ('guardians', 'g-evil', 'SHY', '9999999999999999-0002-SHY', '{"id":"g-evil"}', $1, $2)`, turkestan, f.turk)
	// …and bytes under the SHA-256 of a file the head office will send.
	real := "%PDF-1.4 выписка из больницы"
	sum := sha256.Sum256([]byte(real))
	sha := hex.EncodeToString(sum[:])
	if err := exec(t, f.shyURL, `INSERT INTO files (sha256, size, content) VALUES ($1, 4, 'evil')`, sha); err == nil {
		t.Error("the hub took bytes that do not hash to their key")
	}
	later := &data.Document{ChildID: f.turk, Kind: data.DocDischargeSummary, Title: "Выписка", FileName: "выписка.pdf", IssuedOn: data.MustDate("2026-03-01")}
	if err := f.hq.AttachFile(ctx, later, strings.NewReader(real), 0); err != nil {
		t.Fatal(err)
	}
	// Everyone's sync goes on.
	res := sync(t, f.hq, f.hqURL)
	if got, _ := f.hq.Settings(ctx); got.PaymentLink != "https://meyirim.example/pay" {
		t.Errorf("the head office's payment link became %q", got.PaymentLink)
	}
	if len(res.Applied.Skipped) == 0 {
		t.Error("the head office skipped no bad row: it should say which it left out")
	} else if s := res.Applied.Skipped[0]; s.Office != "SHY" {
		t.Errorf("the bad row is not said to come from SHY: %+v", s)
	}
	if n := count(t, f.admin, "SELECT count(*) FROM files WHERE sha256 = '"+sha+"' AND content = convert_to('"+real+"', 'UTF8')"); n != 1 {
		t.Error("the head office's real file did not reach the hub")
	}
	if _, err := Sync(ctx, f.shy, f.shyURL); err != nil {
		t.Errorf("SHY's own sync after the bad rows: %v", err)
	}
	if c, err := f.hq.Checkup(ctx, nil); err != nil || len(c.Files) != 0 || len(c.Database) != 0 {
		t.Errorf("the head office's check: %+v %v", c, err)
	}
}

// Issue 26: an office's audit log reaches the head office through the hub,
// and neither the head office's log nor another office's reaches an
// office.
func TestAuditLogTravelsThroughTheHub(t *testing.T) {
	f := setUp(t)
	sync(t, f.hq, f.hqURL)
	sync(t, f.shy, f.shyURL)
	if err := f.shy.Record(ctx, data.AuditViewChild, "child", f.turk, f.turk, "seen in Shymkent"); err != nil {
		t.Fatal(err)
	}
	if err := f.hq.Record(ctx, data.AuditViewChild, "child", f.turk, f.turk, "seen at the head office"); err != nil {
		t.Fatal(err)
	}
	sync(t, f.shy, f.shyURL)
	sync(t, f.hq, f.hqURL)
	sync(t, f.shy, f.shyURL)
	seen := func(s *data.Store) map[string]string {
		es, err := s.AuditEntries(ctx, data.AuditFilter{ChildID: f.turk, Actions: []string{data.AuditViewChild}})
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]string{}
		for _, e := range es {
			m[e.Summary] = e.Office
		}
		return m
	}
	if got := seen(f.hq); got["seen in Shymkent"] != "SHY" || got["seen at the head office"] != "HQ" {
		t.Errorf("the head office's log: %v", got)
	}
	if got := seen(f.shy); len(got) != 1 || got["seen in Shymkent"] != "SHY" {
		t.Errorf("Shymkent's log: %v", got)
	}
	// The hub holds them where no office but the head office reads them.
	if n := count(t, f.shyURL, "SELECT count(*) FROM rows WHERE tbl = 'audit_log' AND office <> 'SHY'"); n != 0 {
		t.Errorf("Shymkent reads %d of the head office's audit entries in the hub", n)
	}
}
