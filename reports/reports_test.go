package reports

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"carebook/data"
	"carebook/demo"
	"carebook/money"
)

var ctx = context.Background()

// printed is the print date of every test report.
var printed = time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)

// demoStore builds the demo foundation. Its dates count back from the store's today, so the
// store's clock stands still at the print date: a report or letter of the
// demo reads the same on whatever day the tests run.
func demoStore(t *testing.T) *data.Store {
	t.Helper()
	s, err := data.Open(filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	s.Now = func() time.Time { return printed }
	if err := demo.Build(ctx, s, demo.Options{}); err != nil {
		t.Fatal(err)
	}
	return s
}

// pdfText extracts a PDF's text with poppler's pdftotext (make test installs it).
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext is not installed (make test installs poppler-utils)")
	}
	p := filepath.Join(t.TempDir(), "r.pdf")
	os.WriteFile(p, pdf, 0o600)
	out, err := exec.Command("pdftotext", "-layout", "-enc", "UTF-8", p, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.ReplaceAll(string(out), "\u00a0", " ")
}

func pageCount(t *testing.T, pdf []byte) int {
	t.Helper()
	n, err := data.PDFPageCount(bytes.NewReader(pdf))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func childID(t *testing.T, s *data.Store, caseNo string) string {
	t.Helper()
	c, err := s.ChildByCase(ctx, caseNo)
	if err != nil {
		t.Fatal(err)
	}
	return c.ID
}

func journey(t *testing.T, s *data.Store, id string, o JourneyOptions) []byte {
	t.Helper()
	o.Now = printed
	var b bytes.Buffer
	if err := Journey(ctx, s, id, o, &b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestKazakhAndUzbekLettersSurvive(t *testing.T) {
	s := demoStore(t)
	for lang, want := range map[string][]string{
		"kk": {"Мұратбекова Аружан Ержанқызы", "Түркістан облысы", "Емделу жолы", "Жинау мақсаты"},
		"ru": {"Мұратбекова Аружан Ержанқызы", "Путь лечения", "Цель сбора", "Жақсыбаева Айгүл Серікқызы"},
		"en": {"Мұратбекова Аружан Ержанқызы", "Journey", "Target"},
	} {
		text := pdfText(t, journey(t, s, childID(t, s, "2026-001"), JourneyOptions{Lang: lang}))
		for _, w := range want {
			if !strings.Contains(text, w) {
				t.Errorf("%s report lacks %q", lang, w)
			}
		}
	}
	text := pdfText(t, journey(t, s, childID(t, s, "2026-002"), JourneyOptions{Lang: "ru"}))
	for _, w := range []string{"Rahimova Oʻgʻiloy Jasurovna", "Karimova Dilnoza", "Urgut tumani, Navbahor koʻchasi, 7"} {
		if !strings.Contains(text, w) {
			t.Errorf("Uzbek text lost: %q", w)
		}
	}
}

// A child with every private item, and none of the publish consents: the
// public edition must hold none of them; with the consents, the name, story
// and photo appear — but never the contacts or the anonymous donor.
func TestPublicEditionLeavesOutWhatIsPrivate(t *testing.T) {
	s := demoStore(t)
	noLogo(t, s)
	c := &data.Child{FirstName: "Ерасыл", LastName: "Жұмабайұлы", BirthDate: data.MustDate("2014-05-06"),
		Region: "Ақтөбе облысы", Settlement: "Хромтау", Address: "ул. Айтеке би, 77, кв. 5",
		Diagnosis: "Гидроцефалия", Story: "Ерасыл мечтает снова кататься на велосипеде вместе с братом."}
	must(t, s.Children.Create(ctx, c))
	g := &data.Guardian{ChildID: c.ID, FullName: "Жұмабаева Гүлназ", Relation: data.RelationMother,
		Phones: "+7 701 999 88 77", Email: "gulnaz.secret@example.kz", Address: "Хромтау, Айтеке би 77-5", IDDocument: "ID-555444333"}
	must(t, s.Guardians.Create(ctx, g))
	must(t, s.Consents.Create(ctx, &data.Consent{ChildID: c.ID, GuardianID: g.ID, Kind: data.ConsentData, GrantedOn: data.MustDate("2026-01-10")}))
	photo := &data.Document{ChildID: c.ID, Kind: data.DocPhoto, Title: "Фото", FileName: "erasyl.jpg"}
	must(t, s.AttachPath(ctx, photo, demoPhoto(t, s)))
	c.PhotoID = photo.ID
	must(t, s.Children.Update(ctx, c))
	secret := &data.Donor{DisplayName: "Секретный Меценат Аноним", Anonymous: true}
	open := &data.Donor{DisplayName: "Открытый Жертвователь"}
	must(t, s.Donors.Create(ctx, secret))
	must(t, s.Donors.Create(ctx, open))
	for _, d := range []*data.Donor{secret, open} {
		must(t, s.Donations.Create(ctx, &data.Donation{DonorID: d.ID, ChildID: c.ID, ReceivedOn: data.MustDate("2026-03-01"), Amount: money.M(5000000, "KZT")}))
	}
	private := []string{"+7 701 999 88 77", "gulnaz.secret@example.kz", "ID-555444333", "Айтеке би", "Хромтау",
		"Жұмабаева Гүлназ", "Секретный Меценат", "Жұмабайұлы", "велосипеде", "Гидроцефалия", "06.05.2014"}

	internal := pdfText(t, journey(t, s, c.ID, JourneyOptions{Lang: "ru", Edition: Internal}))
	for _, p := range private {
		if !strings.Contains(internal, p) {
			t.Errorf("the internal edition lacks %q", p)
		}
	}
	pub := journey(t, s, c.ID, JourneyOptions{Lang: "ru", Edition: Public})
	text := pdfText(t, pub)
	for _, p := range private {
		if strings.Contains(text, p) {
			t.Errorf("the public edition shows %q", p)
		}
	}
	if !strings.Contains(text, "Ерасыл Ж.") || !strings.Contains(text, "Открытый Жертвователь") || !strings.Contains(text, "Анонимный жертвователь") {
		t.Errorf("public edition:\n%s", text)
	}
	if n := imageCount(t, pub); n != 0 {
		t.Errorf("the public edition holds %d images without publish_photo", n)
	}
	// With the publish consents the story, name and photo appear; contacts and
	// the anonymous donor still do not.
	for _, k := range []data.ConsentKind{data.ConsentPublishName, data.ConsentPublishStory, data.ConsentPublishPhoto} {
		must(t, s.Consents.Create(ctx, &data.Consent{ChildID: c.ID, GuardianID: g.ID, Kind: k, GrantedOn: data.MustDate("2026-01-10")}))
	}
	pub = journey(t, s, c.ID, JourneyOptions{Lang: "ru", Edition: Public})
	text = pdfText(t, pub)
	for _, w := range []string{"Жұмабайұлы", "велосипеде", "Гидроцефалия"} {
		if !strings.Contains(text, w) {
			t.Errorf("with consent, the public edition lacks %q", w)
		}
	}
	for _, p := range []string{"+7 701 999 88 77", "gulnaz.secret@example.kz", "ID-555444333", "Айтеке би", "Секретный Меценат", "06.05.2014"} {
		if strings.Contains(text, p) {
			t.Errorf("with consent, the public edition still must not show %q", p)
		}
	}
	if imageCount(t, pub) != 1 {
		t.Error("with publish_photo the photo is missing")
	}
}

// noLogo removes the demo foundation's logo, so image counts see only photos.
func noLogo(t *testing.T, s *data.Store) {
	t.Helper()
	st, err := s.Settings(ctx)
	must(t, err)
	st.LogoDocumentID = ""
	must(t, s.SaveSettings(ctx, st))
}

func TestLogoOnEveryPage(t *testing.T) {
	s := demoStore(t)
	pdf := journey(t, s, childID(t, s, "2026-004"), JourneyOptions{Lang: "en"})
	with := imageCount(t, pdf)
	noLogo(t, s)
	without := imageCount(t, journey(t, s, childID(t, s, "2026-004"), JourneyOptions{Lang: "en"}))
	if with-without != pageCount(t, pdf) {
		t.Fatalf("logo images: %d with, %d without, %d pages", with, without, pageCount(t, pdf))
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func demoPhoto(t *testing.T, s *data.Store) string {
	t.Helper()
	docs, _ := s.Documents.All(ctx)
	for _, d := range docs {
		if d.IsImage() {
			p := filepath.Join(t.TempDir(), "photo.jpg")
			must(t, s.SaveCopy(t.Context(), &d, p))
			return p
		}
	}
	t.Fatal("no demo photo")
	return ""
}

func imageCount(t *testing.T, pdf []byte) int {
	t.Helper()
	if _, err := exec.LookPath("pdfimages"); err != nil {
		t.Skip("pdfimages is not installed")
	}
	p := filepath.Join(t.TempDir(), "r.pdf")
	os.WriteFile(p, pdf, 0o600)
	out, err := exec.Command("pdfimages", "-list", p).Output()
	if err != nil {
		t.Fatal(err)
	}
	return max(strings.Count(string(out), "\n")-2, 0)
}

func TestPagesAreNumbered(t *testing.T) {
	s := demoStore(t)
	pdf := journey(t, s, childID(t, s, "2026-001"), JourneyOptions{Lang: "en"})
	n := pageCount(t, pdf)
	text := pdfText(t, pdf)
	for i := 1; i <= n; i++ {
		if !strings.Contains(text, fmt.Sprintf("Page %d of %d", i, n)) {
			t.Errorf("no 'Page %d of %d'", i, n)
		}
	}
	if n < 2 || !strings.Contains(text, "Printed 21 Nov 2026") {
		t.Errorf("%d pages; print date missing?", n)
	}
	ru := pdfText(t, journey(t, s, childID(t, s, "2026-001"), JourneyOptions{Lang: "ru"}))
	if !regexp.MustCompile(`Страница 1 из \d`).MatchString(ru) || !strings.Contains(ru, "Напечатано 21.11.2026") {
		t.Error("Russian page numbers or print date missing")
	}
}

func TestAppendixNotesABrokenPDFAndStillPrints(t *testing.T) {
	s := demoStore(t)
	id := childID(t, s, "2026-003")
	bad := filepath.Join(t.TempDir(), "испорченный скан.pdf")
	os.WriteFile(bad, []byte("%PDF-1.4\nthis is not a real PDF at all\n%%EOF"), 0o600)
	must(t, s.AttachPath(ctx, &data.Document{ChildID: id, Kind: data.DocTestResult}, bad))
	plain := journey(t, s, id, JourneyOptions{Lang: "en"})
	pdf := journey(t, s, id, JourneyOptions{Lang: "en", Attachments: true})
	text := pdfText(t, pdf)
	if !strings.Contains(text, "“испорченный скан.pdf” could not be appended") {
		t.Fatalf("the appendix does not name the broken PDF:\n%s", text)
	}
	// The good PDFs (three demo papers) follow the report and the photo.
	if got, want := pageCount(t, pdf), pageCount(t, plain)+1+3; got != want {
		t.Fatalf("%d pages with attachments, want %d", got, want)
	}
	if !strings.Contains(text, "Выписка после второй операции") {
		t.Fatal("an appended PDF's text is missing")
	}
}

func TestLongTextsAndManyDonationsFlowOverPages(t *testing.T) {
	s := demoStore(t)
	c := &data.Child{FirstName: strings.Repeat("Әлихан-", 12) + "Нұрсұлтан", LastName: "Құрманғалиев-Сейітқалиев",
		BirthDate: data.MustDate("2015-01-01"), Story: strings.Repeat("Очень длинная история ребёнка, которая продолжается. ", 150) + "Конец истории ❤️🙏."}
	must(t, s.Children.Create(ctx, c))
	d := &data.Donor{DisplayName: "Постоянный жертвователь"}
	must(t, s.Donors.Create(ctx, d))
	must(t, s.InTx(ctx, func(ctx context.Context) error {
		for i := range 300 {
			dn := &data.Donation{DonorID: d.ID, ChildID: c.ID, ReceivedOn: data.MustDate("2026-01-01").AddDays(i % 300),
				Amount: money.M(int64(100000+i), "KZT")}
			if err := s.Donations.Create(ctx, dn); err != nil {
				return err
			}
		}
		return nil
	}))
	pdf := journey(t, s, c.ID, JourneyOptions{Lang: "ru"})
	text := pdfText(t, pdf)
	if n := strings.Count(text, "Постоянный жертвователь"); n != 300 {
		t.Fatalf("%d of 300 donations printed", n)
	}
	if !strings.Contains(text, "Конец истории") || strings.Contains(text, "❤") || pageCount(t, pdf) < 8 {
		t.Fatalf("story end or page flow wrong (%d pages)", pageCount(t, pdf))
	}
}

func TestCleanReplacesWhatTheFontLacks(t *testing.T) {
	for in, want := range map[string]string{
		"Спасибо ❤️🙏!":             "Спасибо !",
		"Қазақ Oʻgʻiloy №5 ₸ «ок»": "Қазақ Oʻgʻiloy №5 ₸ «ок»",
		"a → b − c ✓":              "a -> b - c +",
		"漢字":                       "??",
		"line\nbreak\x07":          "line\nbreak",
	} {
		if got := Clean(in); got != want {
			t.Errorf("Clean(%q) = %q, want %q", in, got, want)
		}
	}
	// Text the font draws as it is comes back as it is (no copy made); for
	// every character up to the arrows, Clean says what it says one
	// character at a time.
	name := "Өмірзақ Ұлан Ғабитұлы, Oʻgʻiloy Toʻxtayeva, Иванова Мария — № 5, 1\u202f250\u202f000 ₸"
	if got := Clean(name); got != name {
		t.Errorf("Clean(%q) = %q", name, got)
	}
	if n := testing.AllocsPerRun(100, func() { Clean(name) }); n != 0 {
		t.Errorf("cleaning a name the font draws made %v copies", n)
	}
	for r := range rune(len(drawn)) {
		in := "a" + string(r) + "b"
		if got, want := Clean(in), cleanEach(in); got != want {
			t.Errorf("Clean(%q) = %q, one by one %q", in, got, want)
		}
	}
}

func TestGrantTotalsEqualTheStore(t *testing.T) {
	s := demoStore(t)
	from, to := data.MustDate("2000-01-01"), data.MustDate("2026-12-31")
	rows, tot, err := GrantData(ctx, s, GrantOptions{From: from, To: to})
	if err != nil {
		t.Fatal(err)
	}
	all, _ := s.FundingAll(ctx)
	var raised, spent int64
	for _, f := range all {
		raised += f.Raised.Minor
		spent += f.Spent.Minor
	}
	if tot.Raised.Minor != raised || tot.Spent.Minor != spent {
		t.Fatalf("grant raised %d spent %d; store %d, %d", tot.Raised.Minor, tot.Spent.Minor, raised, spent)
	}
	if tot.GeneralFundBy["KZT"] != 821230000 || tot.GeneralFundBy["EUR"] != 50000 {
		t.Fatalf("general fund %v", tot.GeneralFundBy)
	}
	if tot.Outcomes[data.OutcomeTreated] != 1 || tot.Helped != 2 {
		t.Fatalf("outcomes %v, helped %d", tot.Outcomes, tot.Helped)
	}
	var pdf, csvb bytes.Buffer
	must(t, Grant(ctx, s, GrantOptions{Lang: "ru", From: from, To: to, Now: printed}, &pdf, &csvb))
	text := pdfText(t, pdf.Bytes())
	nbsp := strings.NewReplacer("\u00a0", " ")
	for _, w := range []string{nbsp.Replace(tot.Raised.Format("ru")), nbsp.Replace(tot.Spent.Format("ru")), "Отчёт по гранту", "Деньги по программам"} {
		if !strings.Contains(text, w) {
			t.Errorf("grant PDF lacks %q", w)
		}
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(csvb.String(), "\ufeff")))
	r.Comma = ';'
	recs, err := r.ReadAll()
	if err != nil || len(recs) != len(rows)+2 {
		t.Fatalf("CSV: %d records for %d rows, %v", len(recs), len(rows), err)
	}
	last := recs[len(recs)-1]
	if last[6] != strings.Replace(numPlain(tot.Raised), ".", ",", 1) {
		t.Fatalf("CSV total %q, want %s", last[6], numPlain(tot.Raised))
	}
	// A filter narrows the rows and drops the general fund.
	rows2, tot2, _ := GrantData(ctx, s, GrantOptions{From: from, To: to, Program: "Трансплантация"})
	if len(rows2) != 1 || rows2[0].Child.CaseNumber != "2026-002" || len(tot2.GeneralFundBy) != 0 {
		t.Fatalf("program filter: %d rows, general fund %v", len(rows2), tot2.GeneralFundBy)
	}
}

func numPlain(m money.Money) string {
	p := m.Plain()
	return p[:strings.LastIndexByte(p, ' ')]
}

func TestAppealNeedsStoryConsent(t *testing.T) {
	s := demoStore(t)
	noLogo(t, s)
	var b bytes.Buffer
	err := Appeal(ctx, s, childID(t, s, "2026-004"), AppealOptions{Lang: "ru", Now: printed}, &b)
	if _, ok := err.(*ErrNoStoryConsent); !ok || b.Len() != 0 {
		t.Fatalf("appeal without consent: %v, %d bytes", err, b.Len())
	}
	must(t, Appeal(ctx, s, childID(t, s, "2026-002"), AppealOptions{Lang: "kk", Now: printed}, &b))
	if pageCount(t, b.Bytes()) != 1 {
		t.Fatal("the appeal sheet is not one page")
	}
	text := pdfText(t, b.Bytes())
	for _, w := range []string{"Rahimova Oʻgʻiloy", "Жетпейді", "АО «Демо Банк»", "2026-002"} {
		if !strings.Contains(text, w) {
			t.Errorf("appeal lacks %q", w)
		}
	}
	if imageCount(t, b.Bytes()) != 2 { // the photo and the QR code
		t.Error("photo or QR code missing")
	}
}

// The donor table reads as a timeline: a December gift comes before a
// February one even though "23.02" sorts before "31.12" as text, and the
// general fund's share stands at its own date.
func TestJourneyDonorsAreInDateOrder(t *testing.T) {
	s := demoStore(t)
	c := &data.Child{FirstName: "Айгерим", LastName: "Сейткали", BirthDate: data.MustDate("2016-05-01")}
	must(t, s.Children.Create(ctx, c))
	for _, g := range []struct{ name, on string }{{"Февраль Даритель", "2026-02-23"}, {"Декабрь Даритель", "2025-12-31"}} {
		d := &data.Donor{DisplayName: g.name}
		must(t, s.Donors.Create(ctx, d))
		must(t, s.Donations.Create(ctx, &data.Donation{DonorID: d.ID, ChildID: c.ID, ReceivedOn: data.MustDate(g.on), Amount: money.M(500000, "KZT")}))
	}
	must(t, s.Allocations.Create(ctx, &data.Allocation{ChildID: c.ID, On: data.MustDate("2026-01-15"), Amount: money.M(100000, "KZT")}))
	text := pdfText(t, journey(t, s, c.ID, JourneyOptions{Lang: "ru"}))
	dec, fund, feb := strings.Index(text, "Декабрь Даритель"), strings.Index(text, "15.01.2026"), strings.Index(text, "Февраль Даритель")
	if dec < 0 || fund < 0 || feb < 0 || !(dec < fund && fund < feb) {
		t.Fatalf("donor table not in date order (December %d, fund %d, February %d):\n%s", dec, fund, feb, text)
	}
}

// Issue 26: the recovery sheet is one page with the key as printed (in
// groups a person can type back) and the command that uses it.
func TestRecoverySheet(t *testing.T) {
	var b bytes.Buffer
	if err := RecoverySheet(&b, RecoveryOptions{Lang: "kk", Foundation: "«Мейірім» қоры", Database: "carebook.db",
		Person: "Әсел Нұрланова", Key: "BU3U-W52V-HHJ7-DFFS-WMPK-LAK2-DGWM-IUZP"}); err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, b.Bytes())
	if n, _ := data.PDFPageCount(bytes.NewReader(b.Bytes())); n != 1 || !strings.Contains(text, "BU3U W52V HHJ7 DFFS WMPK LAK2 DGWM IUZP") ||
		!strings.Contains(text, "Әсел Нұрланова") || !strings.Contains(text, "--recovery-key-file") {
		t.Fatalf("%d pages:\n%s", n, text)
	}
}
