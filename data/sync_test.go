package data

import (
	"carebook/money"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"carebook/data/exchange"
	"carebook/internal/testdb"
)

const turkestan = "Түркістан облысы"

// offices makes a head office with a case in Turkestan region and one in
// Almaty region, invites SHY (Turkestan) and joins it.
func offices(t *testing.T) (hq, shy *Store, turk, almaty *Child) {
	t.Helper()
	hq = newStore(t)
	turk = newChild(t, hq, "Айгерим", "Сейтова")
	almaty = &Child{FirstName: "Данияр", LastName: "Ахметов", Region: "Алматы облысы", BirthDate: MustDate("2016-01-02")}
	if err := hq.Children.Create(ctx, almaty); err != nil {
		t.Fatal(err)
	}
	invite := filepath.Join(t.TempDir(), "shy.cbx")
	if _, err := hq.InviteOffice(ctx, NewOffice{Code: "SHY", Name: "Шымкент", Regions: []string{turkestan}}, "телефонный пароль", invite, nil); err != nil {
		t.Fatal(err)
	}
	shy, _, err := JoinOffice(ctx, invite, filepath.Join(t.TempDir(), "shy.db"), "телефонный пароль")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { shy.Close() })
	return hq, shy, turk, almaty
}

func send(t *testing.T, from, to *Store, code string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "b.cbx")
	if _, err := from.ExportBundle(ctx, code, path, nil); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestJoinGivesTheOfficeItsRegionOnly(t *testing.T) {
	_, shy, turk, almaty := offices(t)
	o, _ := shy.Office(ctx)
	if o.Code != "SHY" || o.Head {
		t.Fatalf("joined as %+v", o)
	}
	if _, err := shy.Children.Get(ctx, turk.ID); err != nil {
		t.Errorf("the Turkestan case did not arrive: %v", err)
	}
	if _, err := shy.Children.Get(ctx, almaty.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("an Almaty case reached Shymkent: %v", err)
	}
	c := &Child{FirstName: "Бекзат", LastName: "Оразов", Region: turkestan, BirthDate: MustDate("2019-05-06")}
	if err := shy.Children.Create(ctx, c); err != nil {
		t.Fatal(err)
	}
	if c.CaseNumber[:4] != "SHY-" {
		t.Errorf("case number %s", c.CaseNumber)
	}
}

func TestRoundTripConflictOnDiagnosisListedOnBoth(t *testing.T) {
	hq, shy, turk, _ := offices(t)
	a, _ := hq.Children.Get(ctx, turk.ID)
	a.Diagnosis, a.Settlement = "ДЦП", "Кентау"
	if err := hq.Children.Update(ctx, a); err != nil {
		t.Fatal(err)
	}
	b, _ := shy.Children.Get(ctx, turk.ID)
	b.Diagnosis, b.Address = "Spina bifida", "ул. Абая 5"
	if err := shy.Children.Update(ctx, b); err != nil {
		t.Fatal(err)
	}
	toHQ, toSHY := send(t, shy, hq, "HQ"), send(t, hq, shy, "SHY")
	if _, err := hq.ImportBundle(ctx, toHQ); err != nil {
		t.Fatal(err)
	}
	if _, err := shy.ImportBundle(ctx, toSHY); err != nil {
		t.Fatal(err)
	}
	for name, s := range map[string]*Store{"HQ": hq, "SHY": shy} {
		c, _ := s.Children.Get(ctx, turk.ID)
		if c.Settlement != "Кентау" || c.Address != "ул. Абая 5" {
			t.Errorf("%s: fields changed on one side did not merge: %q %q", name, c.Settlement, c.Address)
		}
		cs, err := s.Conflicts(ctx, true)
		if err != nil || len(cs) != 1 || cs[0].Field != "diagnosis" {
			t.Fatalf("%s: conflicts %+v %v", name, cs, err)
		}
		if got := map[string]bool{cs[0].A.Value: true, cs[0].B.Value: true}; !got["ДЦП"] || !got["Spina bifida"] {
			t.Errorf("%s: both values not kept: %+v", name, cs[0])
		}
	}
	hqC, _ := hq.Children.Get(ctx, turk.ID)
	shyC, _ := shy.Children.Get(ctx, turk.ID)
	if hqC.Diagnosis != "ДЦП" || shyC.Diagnosis != "Spina bifida" {
		t.Errorf("a diagnosis was overwritten: HQ %q, SHY %q", hqC.Diagnosis, shyC.Diagnosis)
	}
	// Replayed: refused, nothing changes.
	before := testdb.Dump(t, hq.Path())
	if _, err := hq.ImportBundle(ctx, toHQ); !isExchange(err, "already_applied") {
		t.Errorf("replay: %v", err)
	}
	if testdb.Dump(t, hq.Path()) != before {
		t.Error("a replayed bundle changed the database")
	}
	// Resolved at HQ: the choice reaches SHY and closes it there.
	cs, _ := hq.Conflicts(ctx, true)
	if err := hq.ResolveConflict(ctx, cs[0].ID, "Spina bifida"); err != nil {
		t.Fatal(err)
	}
	if _, err := shy.ImportBundle(ctx, send(t, hq, shy, "SHY")); err != nil {
		t.Fatal(err)
	}
	if _, err := hq.ImportBundle(ctx, send(t, shy, hq, "HQ")); err != nil {
		t.Fatal(err)
	}
	for name, s := range map[string]*Store{"HQ": hq, "SHY": shy} {
		c, _ := s.Children.Get(ctx, turk.ID)
		open, _ := s.Conflicts(ctx, true)
		if c.Diagnosis != "Spina bifida" || len(open) != 0 {
			t.Errorf("%s after resolving: %q, %d open", name, c.Diagnosis, len(open))
		}
		// Found by the diagnosis chosen, not by the one replaced.
		if found, _ := s.ListChildSummaries(ctx, ChildFilter{Search: "bifida"}); len(found) != 1 {
			t.Errorf("%s: the search does not find the chosen diagnosis", name)
		}
	}
}

func isExchange(err error, kind string) bool {
	var ee *ExchangeError
	return errors.As(err, &ee) && ee.Kind == kind
}

func TestDeleteAgainstEditKeepsTheRow(t *testing.T) {
	hq, shy, turk, _ := offices(t)
	if err := hq.Children.Delete(ctx, turk.ID); err != nil {
		t.Fatal(err)
	}
	b, _ := shy.Children.Get(ctx, turk.ID)
	b.Story = "Прошла первую операцию"
	if err := shy.Children.Update(ctx, b); err != nil {
		t.Fatal(err)
	}
	toHQ, toSHY := send(t, shy, hq, "HQ"), send(t, hq, shy, "SHY")
	if _, err := hq.ImportBundle(ctx, toHQ); err != nil {
		t.Fatal(err)
	}
	if _, err := shy.ImportBundle(ctx, toSHY); err != nil {
		t.Fatal(err)
	}
	for name, s := range map[string]*Store{"HQ": hq, "SHY": shy} {
		c, err := s.Children.Get(ctx, turk.ID)
		if err != nil || c.Deleted() || c.Story != "Прошла первую операцию" {
			t.Errorf("%s: the edited row did not come back: %+v %v", name, c, err)
		}
		cs, _ := s.Conflicts(ctx, true)
		if len(cs) != 1 || cs[0].Kind != "deleted" {
			t.Errorf("%s: not listed for review: %+v", name, cs)
		}
	}
}

func TestBadBundlesAreRefusedAndChangeNothing(t *testing.T) {
	hq, shy, turk, _ := offices(t)
	c, _ := shy.Children.Get(ctx, turk.ID)
	c.Story = "новое"
	if err := shy.Children.Update(ctx, c); err != nil {
		t.Fatal(err)
	}
	good := send(t, shy, hq, "HQ")
	raw, _ := os.ReadFile(good)
	other := newStore(t) // another foundation
	write := func(b []byte) string {
		p := filepath.Join(t.TempDir(), "bad.cbx")
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	flipped := append([]byte(nil), raw...)
	flipped[len(flipped)-40] ^= 1
	cases := map[string]struct {
		path string
		into *Store
		kind string
	}{
		"truncated":          {write(raw[:len(raw)-100]), hq, "damaged"},
		"one byte changed":   {write(flipped), hq, "damaged"},
		"another foundation": {good, other, "other_foundation"},
		"not a bundle":       {write([]byte("PK\x03\x04 hello")), hq, "not_bundle"},
		"another office":     {write(replaceOnce(raw, "to: HQ", "to: SK")), hq, "other_office"},
		"newer Carebook":     {write(replaceOnce(raw, "schema: ", "schema: 9")), hq, "newer"},
		"forged sender":      {write(replaceOnce(raw, "from: SHY", "from: HQ")), hq, "forged"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			before := testdb.Dump(t, tc.into.Path())
			files := listFiles(t, tc.into.FilesDir())
			_, err := tc.into.ImportBundle(ctx, tc.path)
			if !isExchange(err, tc.kind) {
				t.Fatalf("got %v, want %s", err, tc.kind)
			}
			if testdb.Dump(t, tc.into.Path()) != before || listFiles(t, tc.into.FilesDir()) != files {
				t.Error("the refused bundle changed the database or its files")
			}
		})
	}
	if _, err := hq.ImportBundle(ctx, good); err != nil {
		t.Fatalf("the good bundle after the bad ones: %v", err)
	}
}

func replaceOnce(b []byte, old, new string) []byte {
	s := string(b)
	i := indexOf(s, old)
	if i < 0 {
		panic(old)
	}
	return []byte(s[:i] + new + s[i+len(old):])
}

func indexOf(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}

func listFiles(t *testing.T, dir string) string {
	var out string
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			out += p + "\n"
		}
		return nil
	})
	return out
}

func TestWrongPassphraseRefusesTheInvitation(t *testing.T) {
	hq := newStore(t)
	invite := filepath.Join(t.TempDir(), "shy.cbx")
	if _, err := hq.InviteOffice(ctx, NewOffice{Code: "SHY", Name: "Шымкент", Regions: []string{turkestan}}, "правильный пароль", invite, nil); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(t.TempDir(), "shy.db")
	if _, _, err := JoinOffice(ctx, invite, db, "неправильный пароль"); !isExchange(err, "wrong_passphrase") {
		t.Fatalf("got %v", err)
	}
	if _, err := os.Stat(db); err == nil {
		t.Error("a database was left behind")
	}
	_ = time.Second
}

// Each office numbers its own receipts: the head office's receipt 1 and
// Shymkent's receipt 1 are both kept, printed 000001 and SHY-000001.
func TestReceiptNumbersNeverCollideBetweenOffices(t *testing.T) {
	hq, shy, _, _ := offices(t)
	receipt := func(s *Store) Letter {
		d := &Donor{DisplayName: "Ерлан Жұмабаев"}
		if err := s.Donors.Create(ctx, d); err != nil {
			t.Fatal(err)
		}
		ls := []NewLetter{{Letter: Letter{DonorID: d.ID, Kind: TemplateReceipt, Language: "ru"}, PDF: []byte("%PDF-1.4 receipt"), FileName: "receipt.pdf"}}
		if err := s.RecordLetters(ctx, ls); err != nil {
			t.Fatal(err)
		}
		return ls[0].Letter
	}
	a, b := receipt(hq), receipt(shy)
	if a.ReceiptNo != 1 || b.ReceiptNo != 1 || ReceiptLabel(a.ReceiptOffice, a.ReceiptNo) != "000001" || ReceiptLabel(b.ReceiptOffice, b.ReceiptNo) != "SHY-000001" {
		t.Fatalf("receipts %s %d, %s %d", a.ReceiptOffice, a.ReceiptNo, b.ReceiptOffice, b.ReceiptNo)
	}
	if _, err := hq.ImportBundle(ctx, send(t, shy, hq, "HQ")); err != nil {
		t.Fatalf("the office's receipt did not arrive beside the head office's: %v", err)
	}
	got, err := hq.Letters.Get(ctx, b.ID)
	if err != nil || got.ReceiptOffice != "SHY" || got.ReceiptNo != 1 {
		t.Errorf("at HQ: %+v %v", got, err)
	}
}

// From the app: a volunteer's fresh database becomes the office; one that
// already holds cases is refused and keeps them.
func TestJoinFoundationIntoAFreshDatabase(t *testing.T) {
	hq := newStore(t)
	turk := newChild(t, hq, "Айгерим", "Сейтова")
	invite := filepath.Join(t.TempDir(), "shy.cbx")
	if _, err := hq.InviteOffice(ctx, NewOffice{Code: "SHY", Name: "Шымкент", Regions: []string{turkestan}}, "телефонный пароль", invite, nil); err != nil {
		t.Fatal(err)
	}
	busy := newStore(t)
	mine := newChild(t, busy, "Тимур", "Қасымов")
	if _, err := busy.JoinFoundation(ctx, invite, "телефонный пароль"); !isExchange(err, "not_empty") {
		t.Fatalf("a database with cases: %v", err)
	}
	if _, err := busy.Children.Get(ctx, mine.ID); err != nil {
		t.Errorf("its case is gone: %v", err)
	}
	fresh := newStore(t)
	if _, err := fresh.JoinFoundation(ctx, invite, "не тот пароль"); !isExchange(err, "wrong_passphrase") {
		t.Fatalf("wrong passphrase: %v", err)
	}
	sum, err := fresh.JoinFoundation(ctx, invite, "телефонный пароль")
	if err != nil || sum.NewCases != 1 {
		t.Fatalf("join: %+v %v", sum, err)
	}
	o, _ := fresh.Office(ctx)
	if o.Code != "SHY" || o.Head {
		t.Errorf("joined as %+v", o)
	}
	if _, err := fresh.Children.Get(ctx, turk.ID); err != nil {
		t.Errorf("the case did not arrive: %v", err)
	}
	c := &Child{FirstName: "Бекзат", LastName: "Оразов", Region: turkestan, BirthDate: MustDate("2019-05-06")}
	if err := fresh.Children.Create(ctx, c); err != nil || c.CaseNumber[:4] != "SHY-" {
		t.Errorf("a new case: %q %v", c.CaseNumber, err)
	}
	if _, err := hq.ImportBundle(ctx, send(t, fresh, hq, "HQ")); err != nil {
		t.Fatalf("the new office's bundle at HQ: %v", err)
	}
}

// A case moved into an office's region goes to it whole with the next
// bundle, its rows written long before included.
func TestCaseMovedIntoTheRegionArrivesWhole(t *testing.T) {
	hq, shy, _, almaty := offices(t)
	g := &Guardian{ChildID: almaty.ID, FullName: "Ахметова Гүлнар", Relation: "mother", Phones: "+7 701 555 1234"}
	if err := hq.Guardians.Create(ctx, g); err != nil {
		t.Fatal(err)
	}
	// A round both ways: Shymkent acknowledges everything the head office has.
	if _, err := shy.ImportBundle(ctx, send(t, hq, shy, "SHY")); err != nil {
		t.Fatal(err)
	}
	if _, err := hq.ImportBundle(ctx, send(t, shy, hq, "HQ")); err != nil {
		t.Fatal(err)
	}
	if _, err := shy.Guardians.Get(ctx, g.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("an Almaty guardian reached Shymkent: %v", err)
	}
	c, _ := hq.Children.Get(ctx, almaty.ID)
	c.Region = turkestan
	if err := hq.Children.Update(ctx, c); err != nil {
		t.Fatal(err)
	}
	if _, err := shy.ImportBundle(ctx, send(t, hq, shy, "SHY")); err != nil {
		t.Fatal(err)
	}
	if got, err := shy.Guardians.Get(ctx, g.ID); err != nil || got.Phones != g.Phones {
		t.Errorf("the moved case's guardian did not come with it: %+v %v", got, err)
	}
}

// Two offices enter the dollar's rate for the same day: one rate a day is
// kept, the same in both, and the other value waits for review.
func TestSameDayRatesFromTwoOffices(t *testing.T) {
	hq, shy, _, _ := offices(t)
	for s, rate := range map[*Store]string{hq: "520.10", shy: "521.40"} {
		if err := s.ExchangeRates.Create(ctx, &ExchangeRate{On: MustDate("2026-11-30"), Currency: "USD", Rate: rate}); err != nil {
			t.Fatal(err)
		}
	}
	toHQ, toSHY := send(t, shy, hq, "HQ"), send(t, hq, shy, "SHY")
	if _, err := hq.ImportBundle(ctx, toHQ); err != nil {
		t.Fatal(err)
	}
	if _, err := shy.ImportBundle(ctx, toSHY); err != nil {
		t.Fatal(err)
	}
	var kept []string
	for name, s := range map[string]*Store{"HQ": hq, "SHY": shy} {
		rows, err := s.readTravelling(ctx, s.db, "exchange_rates", "currency = 'USD' AND on_date = '2026-11-30' AND deleted_at IS NULL")
		if err != nil || len(rows) != 1 {
			t.Fatalf("%s: %d live rates, %v", name, len(rows), err)
		}
		kept = append(kept, rows[0].Key)
		cs, _ := s.Conflicts(ctx, true)
		if len(cs) != 1 || cs[0].Field != "rate" {
			t.Errorf("%s: conflicts %+v", name, cs)
		}
	}
	if kept[0] != kept[1] {
		t.Errorf("the offices kept different rates: %v", kept)
	}
}

// A disk that fills up while a bundle is applied: nothing of it is applied,
// its document files are taken away again, and it applies once there is room.
func TestDiskFullDuringImportAppliesNothing(t *testing.T) {
	hq, shy, turk, _ := offices(t)
	for i := 0; i < 200; i++ {
		c := &Child{FirstName: "Бекзат", LastName: "Оразов", Region: turkestan, BirthDate: MustDate("2019-05-06"), Story: strings.Repeat("оқиға ", 50)}
		if err := shy.Children.Create(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	doc := &Document{ChildID: turk.ID, Kind: DocTestResult, Title: "Анализ", FileName: "анализ.pdf"}
	if err := shy.AttachFile(ctx, doc, strings.NewReader("%PDF-1.4 анализ крови"), 0); err != nil {
		t.Fatal(err)
	}
	bundle := send(t, shy, hq, "HQ")
	before, files := testdb.Dump(t, hq.Path()), listFiles(t, hq.FilesDir())
	hq.db.SetMaxOpenConns(1)
	var pages int
	if err := hq.db.QueryRow("PRAGMA page_count").Scan(&pages); err != nil {
		t.Fatal(err)
	}
	if _, err := hq.db.Exec(fmt.Sprintf("PRAGMA max_page_count = %d", pages+3)); err != nil {
		t.Fatal(err)
	}
	if _, err := hq.ImportBundle(ctx, bundle); err == nil || !strings.Contains(err.Error(), "full") {
		t.Fatalf("a bundle larger than the room left: %v", err)
	}
	if _, err := hq.db.Exec("PRAGMA max_page_count = 1073741823"); err != nil {
		t.Fatal(err)
	}
	if testdb.Dump(t, hq.Path()) != before || listFiles(t, hq.FilesDir()) != files {
		t.Error("the disk filled during the import and part of the bundle stayed")
	}
	if sum, err := hq.ImportBundle(ctx, bundle); err != nil || sum.NewCases != 200 {
		t.Fatalf("with room again: %+v %v", sum, err)
	}
}

// A bundle acknowledges what its sender holds: once both sides have
// exchanged, the next bundle carries nothing.
func TestAcknowledgedChangesAreNotSentAgain(t *testing.T) {
	hq, shy, turk, _ := offices(t)
	c, _ := shy.Children.Get(ctx, turk.ID)
	c.Story = "Прошла операцию"
	if err := shy.Children.Update(ctx, c); err != nil {
		t.Fatal(err)
	}
	if _, err := hq.ImportBundle(ctx, send(t, shy, hq, "HQ")); err != nil {
		t.Fatal(err)
	}
	if _, err := shy.ImportBundle(ctx, send(t, hq, shy, "SHY")); err != nil {
		t.Fatal(err)
	}
	for _, pair := range []struct {
		from *Store
		to   string
	}{{hq, "SHY"}, {shy, "HQ"}} {
		sum, err := pair.from.ExportBundle(ctx, pair.to, filepath.Join(t.TempDir(), "b.cbx"), nil)
		if err != nil || sum.Rows != 0 || sum.Files != 0 {
			t.Errorf("to %s: %+v %v", pair.to, sum, err)
		}
	}
}

// Two regional offices hand foundation-wide changes to each other directly
// once the head office has told them of each other.
func TestOfficeToOffice(t *testing.T) {
	hq, shy, _, _ := offices(t)
	invite := filepath.Join(t.TempDir(), "skd.cbx")
	if _, err := hq.InviteOffice(ctx, NewOffice{Code: "SKD", Name: "Самарқанд", Regions: []string{"Samarqand viloyati"}}, "телефонный пароль", invite, nil); err != nil {
		t.Fatal(err)
	}
	skd, _, err := JoinOffice(ctx, invite, filepath.Join(t.TempDir(), "skd.db"), "телефонный пароль")
	if err != nil {
		t.Fatal(err)
	}
	defer skd.Close()
	// The head office's new address reaches SKD through SHY (only the head
	// office changes the foundation's settings: issue 24, item 8).
	st, _ := hq.Settings(ctx)
	st.FoundationAddress = "Шымкент, Тәуке хан даңғылы 5"
	if err := hq.SaveSettings(ctx, st); err != nil {
		t.Fatal(err)
	}
	if _, err := shy.ImportBundle(ctx, send(t, hq, shy, "SHY")); err != nil { // tells SHY of SKD
		t.Fatal(err)
	}
	sst, _ := shy.Settings(ctx)
	sst.FoundationAddress = "Түркістан"
	if err := shy.SaveSettings(ctx, sst); len(FieldErrors(err)) != 1 || FieldErrors(err)[0].Code != CodeHeadOfficeOnly {
		t.Errorf("a regional office changed the foundation's address: %v", err)
	}
	if _, err := skd.ImportBundle(ctx, send(t, shy, skd, "SKD")); err != nil {
		t.Fatal(err)
	}
	if got, _ := skd.Settings(ctx); got.FoundationAddress != st.FoundationAddress {
		t.Errorf("SKD has %q", got.FoundationAddress)
	}
}

// A document unlinked from a journey event in one office is unlinked in the
// other too (it was linked in both; the other office's journey report would
// otherwise still attach it), and linking it again travels as well.
func TestUnlinkingADocumentTravels(t *testing.T) {
	hq, shy, turk, _ := offices(t)
	doc := &Document{ChildID: turk.ID, Kind: DocMedicalConclusion, Title: "Заключение", FileName: "заключение.pdf", IssuedOn: MustDate("2026-02-01")}
	if err := hq.AttachFile(ctx, doc, strings.NewReader("%PDF-1.4 заключение"), 0); err != nil {
		t.Fatal(err)
	}
	ev := &JourneyEvent{ChildID: turk.ID, On: MustDate("2026-03-10"), Kind: EventSurgery, Title: "Операция"}
	if err := hq.JourneyEvents.Create(ctx, ev); err != nil {
		t.Fatal(err)
	}
	if err := hq.LinkDocument(ctx, ev.ID, doc.ID); err != nil {
		t.Fatal(err)
	}
	linked := func(s *Store) int {
		t.Helper()
		docs, err := s.EventDocuments(ctx, ev.ID)
		if err != nil {
			t.Fatal(err)
		}
		return len(docs)
	}
	exchangeBoth := func() {
		t.Helper()
		if _, err := shy.ImportBundle(ctx, send(t, hq, shy, "SHY")); err != nil {
			t.Fatal(err)
		}
		if _, err := hq.ImportBundle(ctx, send(t, shy, hq, "HQ")); err != nil && !isExchange(err, "already_applied") {
			t.Fatal(err)
		}
	}
	exchangeBoth()
	if linked(shy) != 1 {
		t.Fatal("the link did not reach SHY")
	}
	if err := shy.UnlinkDocument(ctx, ev.ID, doc.ID); err != nil {
		t.Fatal(err)
	}
	exchangeBoth()
	if n := linked(hq); n != 0 {
		t.Errorf("unlinked in SHY, still linked at the head office (%d)", n)
	}
	if err := hq.LinkDocument(ctx, ev.ID, doc.ID); err != nil {
		t.Fatal(err)
	}
	exchangeBoth()
	if linked(shy) != 1 || linked(hq) != 1 {
		t.Errorf("linked again at the head office: SHY %d, HQ %d", linked(shy), linked(hq))
	}
}

// trashedDocument attaches a document with a link to a journey event to
// the Turkestan case at the head office, sends it to SHY, and puts it in the
// head office's Trash and SHY's.
func trashedDocument(t *testing.T, hq, shy *Store, turk *Child) *Document {
	t.Helper()
	doc := &Document{ChildID: turk.ID, Kind: DocTestResult, Title: "Анализ крови", FileName: "анализ.pdf", IssuedOn: MustDate("2026-02-01")}
	if err := hq.AttachFile(ctx, doc, strings.NewReader("%PDF-1.4 чужой анализ"), 0); err != nil {
		t.Fatal(err)
	}
	ev := &JourneyEvent{ChildID: turk.ID, On: MustDate("2026-03-10"), Kind: EventSurgery, Title: "Операция"}
	if err := hq.JourneyEvents.Create(ctx, ev); err != nil {
		t.Fatal(err)
	}
	if err := hq.LinkDocument(ctx, ev.ID, doc.ID); err != nil {
		t.Fatal(err)
	}
	if err := hq.Documents.Delete(ctx, doc.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := shy.ImportBundle(ctx, send(t, hq, shy, "SHY")); err != nil {
		t.Fatal(err)
	}
	if d, err := shy.Documents.Get(ctx, doc.ID); err != nil || !d.Deleted() {
		t.Fatalf("SHY does not hold the document in its Trash: %+v %v", d, err)
	}
	return doc
}

func documentGone(t *testing.T, s *Store, name string, doc *Document) {
	t.Helper()
	if _, err := s.Documents.Get(ctx, doc.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("%s: the erased document is still there (%v)", name, err)
	}
	if _, err := os.Stat(s.BlobPath(doc.SHA256)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("%s: the erased document's file is still on the disk (%v)", name, err)
	}
	var links int
	s.db.QueryRow("SELECT count(*) FROM journey_event_documents WHERE document_id = ?", doc.ID).Scan(&links)
	if links != 0 {
		t.Errorf("%s: %d links to the erased document left", name, links)
	}
}

// Emptying the Trash at the head office erases the document in the office
// too (a wrong child's test result, say: it must not stay anywhere), and a
// bundle that brings the document again does not bring it back.
func TestEmptyingTheTrashTravels(t *testing.T) {
	hq, shy, turk, _ := offices(t)
	doc := &Document{ChildID: turk.ID, Kind: DocTestResult, Title: "Анализ крови", FileName: "анализ.pdf", IssuedOn: MustDate("2026-02-01")}
	if err := hq.AttachFile(ctx, doc, strings.NewReader("%PDF-1.4 чужой анализ"), 0); err != nil {
		t.Fatal(err)
	}
	ev := &JourneyEvent{ChildID: turk.ID, On: MustDate("2026-03-10"), Kind: EventSurgery, Title: "Операция"}
	if err := hq.JourneyEvents.Create(ctx, ev); err != nil {
		t.Fatal(err)
	}
	if err := hq.LinkDocument(ctx, ev.ID, doc.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := shy.ImportBundle(ctx, send(t, hq, shy, "SHY")); err != nil {
		t.Fatal(err)
	}
	// SHY renames it and tells the head office; it will tell it again in
	// its next bundle (the head office's acknowledgement has not reached it).
	d, _ := shy.Documents.Get(ctx, doc.ID)
	d.Title = "Анализ крови (не наш)"
	if err := shy.Documents.Update(ctx, d); err != nil {
		t.Fatal(err)
	}
	if _, err := hq.ImportBundle(ctx, send(t, shy, hq, "HQ")); err != nil {
		t.Fatal(err)
	}
	if err := hq.Documents.Delete(ctx, doc.ID); err != nil {
		t.Fatal(err)
	}
	if n, _, err := hq.PurgeTrashedDocuments(ctx); err != nil || n != 1 {
		t.Fatalf("purge: %d %v", n, err)
	}
	documentGone(t, hq, "HQ", doc)
	if _, err := hq.ImportBundle(ctx, send(t, shy, hq, "HQ")); err != nil {
		t.Fatal(err)
	}
	documentGone(t, hq, "HQ after SHY's next bundle", doc)
	sum, err := shy.ImportBundle(ctx, send(t, hq, shy, "SHY"))
	if err != nil {
		t.Fatal(err)
	}
	if sum.Erased != 1 {
		t.Errorf("the import says %d documents erased", sum.Erased)
	}
	documentGone(t, shy, "SHY", doc)
}

// A document that the office restored from its Trash after the head office
// put it there, and before it heard of the erasure, stays there and comes
// back to the head office: the later change wins.
func TestARestoredDocumentSurvivesTheErasure(t *testing.T) {
	hq, shy, turk, _ := offices(t)
	doc := trashedDocument(t, hq, shy, turk)
	if err := shy.Documents.Restore(ctx, doc.ID); err != nil {
		t.Fatal(err)
	}
	if _, _, err := hq.PurgeTrashedDocuments(ctx); err != nil {
		t.Fatal(err)
	}
	toSHY, toHQ := send(t, hq, shy, "SHY"), send(t, shy, hq, "HQ")
	if _, err := shy.ImportBundle(ctx, toSHY); err != nil {
		t.Fatal(err)
	}
	if _, err := hq.ImportBundle(ctx, toHQ); err != nil {
		t.Fatal(err)
	}
	for name, s := range map[string]*Store{"HQ": hq, "SHY": shy} {
		d, err := s.Documents.Get(ctx, doc.ID)
		if err != nil || d.Deleted() {
			t.Errorf("%s: the restored document is gone: %+v %v", name, d, err)
			continue
		}
		f, err := s.OpenFile(d)
		if err != nil {
			t.Errorf("%s: its file: %v", name, err)
			continue
		}
		f.Close()
	}
}

// Issue 24, item 4: a setting belongs to the whole foundation (it travels)
// or to this computer (it never leaves it), by one list each; every setting
// Carebook writes is on exactly one of them. A backup folder and volunteer
// set in SHY stay there; the database's own id and backup key never leave.
func TestLaptopSettingsStayOnTheLaptop(t *testing.T) {
	hq, shy, _, _ := offices(t)
	st, _ := hq.Settings(ctx)
	st.FoundationName, st.DirectorName, st.BackupFolder, st.Volunteer = "Мейірім", "Әлия Серікова", "/media/hq-usb", "Айгүл Сапарова"
	st.MaxFileMB, st.Letterheads = 100, map[string]Letterhead{"kk": {Name: "Мейірім қоры"}}
	st.Validity = map[DocumentKind]int{DocQuote: 60}
	if err := hq.SaveSettings(ctx, st); err != nil {
		t.Fatal(err)
	}
	if err := hq.SetBackupKey(ctx, "AGE-SECRET-KEY-1HQ", "sealed"); err != nil {
		t.Fatal(err)
	}
	sst, _ := shy.Settings(ctx)
	sst.BackupFolder, sst.Volunteer = "D:\\Карта", "Дилшод Тошматов"
	if err := shy.SaveSettings(ctx, sst); err != nil {
		t.Fatal(err)
	}
	shyID, _ := shy.DatabaseID(ctx)
	hqID, _ := hq.DatabaseID(ctx)
	for range 2 {
		mustApply(t, shy, send(t, hq, shy, "SHY"))
		mustApply(t, hq, send(t, shy, hq, "HQ"))
	}
	got, _ := shy.Settings(ctx)
	if got.FoundationName != "Мейірім" || got.DirectorName != "Әлия Серікова" || got.MaxFileMB != 100 || got.Letterheads["kk"].Name != "Мейірім қоры" {
		t.Errorf("the foundation's settings did not reach SHY: %+v", got)
	}
	if got.BackupFolder != "D:\\Карта" || got.Volunteer != "Дилшод Тошматов" {
		t.Errorf("SHY's own settings were replaced: folder %q, volunteer %q", got.BackupFolder, got.Volunteer)
	}
	back, _ := hq.Settings(ctx)
	if back.BackupFolder != "/media/hq-usb" || back.Volunteer != "Айгүл Сапарова" {
		t.Errorf("the head office's own settings were replaced: folder %q, volunteer %q", back.BackupFolder, back.Volunteer)
	}
	key, _ := shy.BackupKey(ctx)
	shyAfter, _ := shy.DatabaseID(ctx)
	hqAfter, _ := hq.DatabaseID(ctx)
	if key != "" || shyAfter != shyID || hqAfter != hqID || shyID == hqID {
		t.Errorf("a database's own id or backup key travelled: key %q, ids %q %q", key, shyID, hqID)
	}
	// Every setting written is on exactly one list.
	rows, err := hq.db.Query("SELECT key FROM settings")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		rows.Scan(&k)
		if foundationSettings[k] == computerSettings[k] {
			t.Errorf("the setting %q is on neither list (or both): say whether it travels", k)
		}
	}
	for _, p := range st.pairs() {
		if foundationSettings[p.key] == computerSettings[p.key] {
			t.Errorf("the setting %q is on neither list (or both)", p.key)
		}
	}
}

func mustApply(t *testing.T, s *Store, bundle string) ExchangePreview {
	t.Helper()
	p, err := s.ImportBundle(ctx, bundle)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// Issue 24, item 3: a resolved value goes through the same checks as the
// form that edits the field: an amount typed as people write it, in the
// field's currency; a status from the list; no negative price. A refused
// value says why in the form's words and changes nothing.
func TestAResolvedValueIsCheckedAsItsForm(t *testing.T) {
	hq, shy, turk, _ := offices(t)
	est := &Estimate{ChildID: turk.ID, Provider: "Клиника", Title: "Операция", Currency: "KZT", IssuedOn: MustDate("2026-10-01"), Status: EstimateDraft}
	if err := hq.Estimates.Create(ctx, est); err != nil {
		t.Fatal(err)
	}
	line := &LineItem{EstimateID: est.ID, Position: 1, Description: "Операция", QuantityMilli: 1000, UnitPrice: 2_600_000_00}
	if err := hq.LineItems.Create(ctx, line); err != nil {
		t.Fatal(err)
	}
	mustApply(t, shy, send(t, hq, shy, "SHY"))
	mustApply(t, hq, send(t, shy, hq, "HQ"))
	edit := func(s *Store, price int64) {
		l, _ := s.LineItems.Get(ctx, line.ID)
		l.UnitPrice = price
		if err := s.LineItems.Update(ctx, l); err != nil {
			t.Fatal(err)
		}
	}
	edit(hq, 2_610_000_00)
	edit(shy, 2_700_000_00)
	b1, b2 := send(t, shy, hq, "HQ"), send(t, hq, shy, "SHY")
	mustApply(t, hq, b1)
	mustApply(t, shy, b2)
	cs, _ := hq.Conflicts(ctx, true)
	if len(cs) != 1 || cs[0].Field != "unit_price_minor" {
		t.Fatalf("conflicts: %+v", cs)
	}
	for _, bad := range []struct{ value, code string }{{"-5", CodeNegative}, {"banana", CodeBadAmount}} {
		err := hq.ResolveConflict(ctx, cs[0].ID, bad.value)
		fes := FieldErrors(err)
		if len(fes) != 1 || !strings.HasPrefix(fes[0].Field, "unit_price") || fes[0].Code != bad.code || strings.Contains(err.Error(), "constraint") {
			t.Errorf("resolving to %q: %v", bad.value, err)
		}
	}
	if open, _ := hq.Conflicts(ctx, true); len(open) != 1 {
		t.Fatal("a refused resolution closed the conflict")
	}
	if err := hq.ResolveConflict(ctx, cs[0].ID, "2 650 000,00"); err != nil {
		t.Fatal(err)
	}
	if l, _ := hq.LineItems.Get(ctx, line.ID); l.UnitPrice != 2_650_000_00 {
		t.Errorf("the typed amount was stored as %d minor units", l.UnitPrice)
	}
	// A status from the list only.
	st := &Conflict{Table: "children", Field: "status", RowKey: turk.ID}
	tx, _ := hq.db.Begin()
	defer tx.Rollback()
	if _, err := hq.resolvedValue(ctx, tx, st, "banana"); len(FieldErrors(err)) != 1 || FieldErrors(err)[0].Field != "status" {
		t.Errorf("a status not on the list: %v", err)
	}
}

// Issue 24, item 2: a resolution is a change of its own, newer than both
// sides, whatever value it picks. The head office picks the value it
// already shows: after two more exchanges both offices show it and no
// conflict is open. Two offices that resolve one conflict differently get
// a new conflict that says what each chose.
func TestResolvingToTheValueShownIsADecision(t *testing.T) {
	for _, field := range []string{"diagnosis", "status"} {
		hq, shy, turk, _ := offices(t)
		a, _ := hq.Children.Get(ctx, turk.ID)
		b, _ := shy.Children.Get(ctx, turk.ID)
		hqValue, shyValue := "ДЦП", "Spina bifida"
		if field == "status" {
			hqValue, shyValue = string(StatusDocuments), string(StatusReview)
			mustDo(t, hq.ChangeStatus(ctx, turk.ID, StatusDocuments, "", ""))
			mustDo(t, shy.ChangeStatus(ctx, turk.ID, StatusDocuments, "", ""))
			mustDo(t, shy.ChangeStatus(ctx, turk.ID, StatusReview, "", "папки принесут позже"))
		} else {
			a.Diagnosis, b.Diagnosis = hqValue, shyValue
			mustDo(t, hq.Children.Update(ctx, a))
			mustDo(t, shy.Children.Update(ctx, b))
		}
		exchangeBoth := func() {
			b1, b2 := send(t, shy, hq, "HQ"), send(t, hq, shy, "SHY")
			mustApply(t, hq, b1)
			mustApply(t, shy, b2)
		}
		exchangeBoth()
		cs, _ := hq.Conflicts(ctx, true)
		if len(cs) != 1 || cs[0].Field != field {
			t.Fatalf("%s: conflicts %+v", field, cs)
		}
		if err := hq.ResolveConflict(ctx, cs[0].ID, hqValue); err != nil { // the value HQ shows
			t.Fatal(err)
		}
		exchangeBoth()
		exchangeBoth()
		for name, s := range map[string]*Store{"HQ": hq, "SHY": shy} {
			c, _ := s.Children.Get(ctx, turk.ID)
			got := c.Diagnosis
			if field == "status" {
				got = string(c.Status)
			}
			open, _ := s.Conflicts(ctx, true)
			if got != hqValue || len(open) != 0 {
				t.Errorf("%s: %s shows %q with %d conflicts open, want %q and none", field, name, got, len(open), hqValue)
			}
		}
	}
	// Two offices resolve the same conflict differently.
	hq, shy, turk, _ := offices(t)
	a, _ := hq.Children.Get(ctx, turk.ID)
	b, _ := shy.Children.Get(ctx, turk.ID)
	a.Diagnosis, b.Diagnosis = "ДЦП", "Spina bifida"
	mustDo(t, hq.Children.Update(ctx, a))
	mustDo(t, shy.Children.Update(ctx, b))
	b1, b2 := send(t, shy, hq, "HQ"), send(t, hq, shy, "SHY")
	mustApply(t, hq, b1)
	mustApply(t, shy, b2)
	hc, _ := hq.Conflicts(ctx, true)
	sc, _ := shy.Conflicts(ctx, true)
	mustDo(t, hq.ResolveConflict(ctx, hc[0].ID, "ДЦП"))
	mustDo(t, shy.ResolveConflict(ctx, sc[0].ID, "Spina bifida"))
	b1, b2 = send(t, shy, hq, "HQ"), send(t, hq, shy, "SHY")
	mustApply(t, hq, b1)
	mustApply(t, shy, b2)
	for name, s := range map[string]*Store{"HQ": hq, "SHY": shy} {
		open, _ := s.Conflicts(ctx, true)
		if len(open) != 1 {
			t.Fatalf("%s: %d conflicts open after two different resolutions, want a new one", name, len(open))
		}
		got := map[string]string{open[0].A.Office: open[0].A.Value, open[0].B.Office: open[0].B.Value}
		if got["HQ"] != "ДЦП" || got["SHY"] != "Spina bifida" {
			t.Errorf("%s: the new conflict does not say what each chose: %+v", name, open[0])
		}
	}
}

func mustDo(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// Issue 24, item 6: a bundle carries only what the receiver does not hold:
// not the invitation again after a join, nor the receiver's own rows back.
func TestABundleCarriesOnlyWhatTheReceiverLacks(t *testing.T) {
	hq, shy, _, _ := offices(t)
	p := filepath.Join(t.TempDir(), "first.cbx")
	sum, err := hq.ExportBundle(ctx, "SHY", p, nil)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Rows != 0 || sum.Files != 0 {
		t.Errorf("the first bundle after the join carries %d rows and %d files the office already has", sum.Rows, sum.Files)
	}
	mustApply(t, shy, p)
	c := &Child{FirstName: "Бекзат", LastName: "Оразов", Region: turkestan, BirthDate: MustDate("2019-05-06")}
	mustDo(t, shy.Children.Create(ctx, c))
	mustApply(t, hq, send(t, shy, hq, "HQ"))
	back := filepath.Join(t.TempDir(), "back.cbx")
	if sum, err = hq.ExportBundle(ctx, "SHY", back, nil); err != nil {
		t.Fatal(err)
	}
	if sum.Rows != 0 {
		t.Errorf("the bundle back to SHY echoes %d of its own rows", sum.Rows)
	}
	// What the head office changes still goes.
	k, _ := hq.Children.Get(ctx, c.ID)
	k.Settlement = "Кентау"
	mustDo(t, hq.Children.Update(ctx, k))
	if sum, err = hq.ExportBundle(ctx, "SHY", filepath.Join(t.TempDir(), "next.cbx"), nil); err != nil || sum.Rows != 1 {
		t.Errorf("the head office's change: %d rows, %v", sum.Rows, err)
	}
}

// Issue 29: a bundle is written as its rows are read, a chunk at a time.
// Read in chunks of two, every travelling table — a WITHOUT ROWID one (the
// links of journey events and documents) and a table of thousands of rows
// alike — gives exactly the rows, and the field versions, it gives read
// whole; and offices exchanging bundles read that way still agree.
func TestBundlesReadAChunkAtATimeCarryEveryRow(t *testing.T) {
	defer func(n int) { travellingChunk = n }(travellingChunk)
	travellingChunk = 2
	s := newStore(t)
	c := newChild(t, s, "Аружан", "Омарова")
	newChild(t, s, "Тимур", "Ахметов")
	newChild(t, s, "Дана", "Серік")
	c.Diagnosis = "Талассемия"
	if err := s.Children.Update(ctx, c); err != nil { // a field version of its own
		t.Fatal(err)
	}
	for i := range 3 {
		doc := &Document{ChildID: c.ID, Kind: DocMedicalConclusion, Title: fmt.Sprint("Заключение ", i), FileName: fmt.Sprint("z", i, ".pdf"), IssuedOn: MustDate("2026-02-01")}
		if err := s.AttachFile(ctx, doc, strings.NewReader(fmt.Sprint("%PDF-1.4 заключение ", i)), 0); err != nil {
			t.Fatal(err)
		}
		for j := range 2 {
			ev := &JourneyEvent{ChildID: c.ID, On: MustDate("2026-03-10").AddDays(j), Kind: EventSurgery, Title: fmt.Sprint("Операция ", i, j)}
			mustCreate(t, s.JourneyEvents.Create(ctx, ev))
			if err := s.LinkDocument(ctx, ev.ID, doc.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, table := range exchangeOrder {
		whole, err := s.readTravelling(ctx, s.db, table, "")
		if err != nil {
			t.Fatal(err)
		}
		var chunked []exchange.Row
		if err := s.eachTravelling(ctx, s.db, table, "", func(r *exchange.Row) error { chunked = append(chunked, *r); return nil }); err != nil {
			t.Fatal(err)
		}
		byKey := map[string]string{}
		for _, r := range whole {
			byKey[r.Key] = fmt.Sprint(r)
		}
		if len(chunked) != len(whole) {
			t.Errorf("%s: %d rows a chunk at a time, %d read whole", table, len(chunked), len(whole))
		}
		for _, r := range chunked {
			if byKey[r.Key] != fmt.Sprint(r) {
				t.Errorf("%s %s: a chunk at a time\n%v\nread whole\n%s", table, r.Key, r, byKey[r.Key])
			}
		}
	}
	t.Run("offices exchanging bundles", TestOfficeToOffice)
	t.Run("a link unlinked", TestUnlinkingADocumentTravels)
	t.Run("a case moved into the region", TestCaseMovedIntoTheRegionArrivesWhole)
}

// Issue 29: the rows of a bundle or a sync are read from a snapshot, so a
// person saving a case meanwhile (another window, another Carebook on the
// same file) does not wait for it — a whole foundation's first sync or
// invitation takes tens of seconds, and the wait ended in "database is
// locked" after five.
func TestSavingNeedNotWaitForChangesBeingRead(t *testing.T) {
	s := newStore(t)
	newChild(t, s, "Айгерим", "Сейтова")
	o, err := s.hubPeer(ctx)
	if err != nil {
		t.Fatal(err)
	}
	saved := false
	_, err = s.changesFor(ctx, o, exchange.KindBundle, nil, func(exchange.Manifest, querier) (func(*exchange.Row) error, error) {
		return func(*exchange.Row) error {
			if saved {
				return nil
			}
			saved = true
			c, cancel := context.WithTimeout(ctx, 10*time.Second) // before: it waited for good
			defer cancel()
			if err := s.Children.Create(c, &Child{FirstName: "Данияр", LastName: "Ахметов", BirthDate: MustDate("2015-01-02")}); err != nil {
				t.Errorf("a case could not be saved while the changes were read: %v", err)
			}
			return nil
		}, nil
	})
	if err != nil || !saved {
		t.Fatalf("reading the changes: %v (a row read: %v)", err, saved)
	}
}

// A donor goes whole to an office when they first give to one of its
// cases. If the bundle that carried them is lost, the next one carries
// them again: before, the office had acknowledged the donor's old version
// (while the donor was none of its business) and never got the row, and
// the gift arrived with no donor.
func TestADonorSentInALostBundleGoesAgain(t *testing.T) {
	hq, shy, turk, almaty := offices(t)
	donor := &Donor{DisplayName: "Гүлнар Әбдірахманова"}
	if err := hq.Donors.Create(ctx, donor); err != nil {
		t.Fatal(err)
	}
	give := func(c *Child) *Donation {
		d := &Donation{DonorID: donor.ID, ChildID: c.ID, ReceivedOn: MustDate("2026-11-02"), Amount: money.M(2500000, "KZT"), Method: MethodBank}
		if err := hq.Donations.Create(ctx, d); err != nil {
			t.Fatal(err)
		}
		return d
	}
	give(almaty)
	if _, err := shy.ImportBundle(ctx, send(t, hq, shy, "SHY")); err != nil {
		t.Fatal(err)
	}
	if _, err := hq.ImportBundle(ctx, send(t, shy, hq, "HQ")); err != nil {
		t.Fatal(err)
	}
	gift := give(turk)
	send(t, hq, shy, "SHY") // lost on the way
	if _, err := shy.ImportBundle(ctx, send(t, hq, shy, "SHY")); err != nil {
		t.Fatal(err)
	}
	got, err := shy.Donations.Get(ctx, gift.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.DonorID != donor.ID {
		t.Errorf("the gift arrived with donor %q, want %s", got.DonorID, donor.DisplayName)
	}
	if _, err := shy.Donors.Get(ctx, donor.ID); err != nil {
		t.Errorf("the donor did not come again: %v", err)
	}
}
