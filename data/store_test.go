package data

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"carebook/data/filestore"
	"carebook/money"
)

var ctx = context.Background()

// fixedNow is the clock of every test store: 21 November 2026, noon UTC.
var fixedNow = time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)

func newStore(t *testing.T) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "carebook.db"))
	if err != nil {
		t.Fatal(err)
	}
	s.Now = func() time.Time { return fixedNow }
	t.Cleanup(func() { s.Close() })
	return s
}

func newChild(t *testing.T, s *Store, first, last string) *Child {
	t.Helper()
	c := &Child{FirstName: first, LastName: last, BirthDate: MustDate("2015-03-08"), Region: "Түркістан облысы"}
	if err := s.Children.Create(ctx, c); err != nil {
		t.Fatal(err)
	}
	return c
}

func TestChildRoundTripKazakhAndUzbek(t *testing.T) {
	s := newStore(t)
	c := &Child{
		FirstName: "Әлихан", LastName: "Құрманғалиев", MiddleName: "Серікұлы",
		LatinName: "Alikhan Kurmangaliyev", BirthDate: MustDate("2016-05-14"), Sex: SexMale,
		Region: "Қызылорда облысы", Settlement: "Жаңақорған", Address: "Абай көшесі, 12",
		Diagnosis: "Дистрофический буллёзный эпидермолиз", ICD10: "q81.2", Program: "Хирургия",
		Story: "Ұлы жеті жаста.\nСаусақтары бітісіп қалған.", Volunteer: "Гүлнар",
	}
	if err := s.Children.Create(ctx, c); err != nil {
		t.Fatal(err)
	}
	if c.CaseNumber != "2026-001" || c.Status != StatusIntake || c.ID == "" {
		t.Fatalf("created child: case %q status %q id %q", c.CaseNumber, c.Status, c.ID)
	}
	got, err := s.Children.Get(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.FullName() != "Құрманғалиев Әлихан Серікұлы" || got.Story != c.Story || got.ICD10 != "Q81.2" ||
		got.BirthDate != c.BirthDate || got.Region != "Қызылорда облысы" || got.Sex != SexMale {
		t.Fatalf("round trip changed the child: %+v", got)
	}

	uz := &Child{FirstName: "Oʻgʻiloy", LastName: "Gʻaniyeva", BirthDate: MustDate("2019-01-02"), Region: "Samarqand"}
	if err := s.Children.Create(ctx, uz); err != nil {
		t.Fatal(err)
	}
	got, _ = s.Children.Get(ctx, uz.ID)
	if got.FirstName != "Oʻgʻiloy" || got.LastName != "Gʻaniyeva" || got.CaseNumber != "2026-002" {
		t.Fatalf("Uzbek name or case number changed: %+v", got)
	}

	got.Diagnosis = "Талассемия"
	if err := s.Children.Update(ctx, got); err != nil {
		t.Fatal(err)
	}
	again, _ := s.Children.Get(ctx, uz.ID)
	if again.Diagnosis != "Талассемия" || again.CaseNumber != "2026-002" {
		t.Fatalf("update lost: %+v", again)
	}
}

// Every other entity survives a round trip with Kazakh and Uzbek text.
func TestEntitiesRoundTrip(t *testing.T) {
	s := newStore(t)
	c := newChild(t, s, "Айгерім", "Сейітқали")
	g := &Guardian{ChildID: c.ID, FullName: "Сейітқали Гүлжан Болатқызы", Relation: RelationMother,
		Phones: "+7 701 123 45 67", Email: "gulzhan@example.kz", Language: LangKazakh, IDDocument: "N12345678"}
	mustCreate(t, s.Guardians.Create(ctx, g))
	gg, _ := s.Guardians.Get(ctx, g.ID)
	if gg.FullName != g.FullName || gg.IDDocument != "N12345678" || gg.Language != LangKazakh {
		t.Fatalf("guardian: %+v", gg)
	}

	var pdf bytes.Buffer
	pdf.WriteString("%PDF-1.4 test")
	doc := &Document{ChildID: c.ID, Kind: DocConsentForm, Title: "Келісім", FileName: "келісім парағы.pdf", IssuedOn: MustDate("2026-02-01")}
	mustCreate(t, s.AttachFile(ctx, doc, &pdf, 0))
	if doc.MediaType != "application/pdf" || doc.Size != 13 {
		t.Fatalf("document: %+v", doc)
	}

	con := &Consent{ChildID: c.ID, GuardianID: g.ID, Kind: ConsentPublishStory, GrantedOn: MustDate("2026-02-01"), DocumentID: doc.ID}
	mustCreate(t, s.Consents.Create(ctx, con))
	cc, _ := s.Consents.Get(ctx, con.ID)
	if cc.GuardianID != g.ID || cc.DocumentID != doc.ID || !cc.ExpiresOn.IsZero() || !cc.ActiveOn(s.Today()) {
		t.Fatalf("consent: %+v", cc)
	}

	ev := &JourneyEvent{ChildID: c.ID, On: MustDate("2026-03-10"), Kind: EventSurgery, Title: "Операция", Place: "Алматы"}
	mustCreate(t, s.JourneyEvents.Create(ctx, ev))
	mustCreate(t, s.LinkDocument(ctx, ev.ID, doc.ID))
	docs, _ := s.EventDocuments(ctx, ev.ID)
	if len(docs) != 1 || docs[0].ID != doc.ID {
		t.Fatalf("linked documents: %v", docs)
	}

	est := &Estimate{ChildID: c.ID, Provider: "Sheba Medical Center", Currency: "ils", IssuedOn: MustDate("2026-02-15"), Rate: "142,5"}
	mustCreate(t, s.Estimates.Create(ctx, est))
	if est.Currency != "ILS" || est.Rate != "142.5" || est.Status != EstimateDraft {
		t.Fatalf("estimate normalized wrong: %+v", est)
	}
	li := &LineItem{EstimateID: est.ID, Description: "Койко-день", QuantityMilli: 1500, UnitPrice: 99999}
	mustCreate(t, s.LineItems.Create(ctx, li))
	if tot, ok := li.Total(); !ok || tot != 149999 { // 1.5 × 999.99 = 1499.985 → 1499.99
		t.Fatalf("line total %d", tot)
	}
	items, _ := s.LineItems.ListFor(ctx, "estimate_id", est.ID)
	if len(items) != 1 || items[0].Description != "Койко-день" {
		t.Fatalf("items: %v", items)
	}

	pay := &Payment{ChildID: c.ID, Payee: "Sheba", PaidOn: MustDate("2026-04-01"), Amount: money.M(5_000_000, "ILS"), EstimateID: est.ID}
	mustCreate(t, s.Payments.Create(ctx, pay))
	rate := &ExchangeRate{On: MustDate("2026-02-15"), Currency: "EUR", Rate: "512.345678"}
	mustCreate(t, s.ExchangeRates.Create(ctx, rate))
	dup := &ExchangeRate{On: MustDate("2026-02-15"), Currency: "EUR", Rate: "513"}
	if err := s.ExchangeRates.Create(ctx, dup); !hasField(err, "currency", CodeDuplicate) && !hasField(err, "on_date", CodeDuplicate) {
		t.Fatalf("second EUR rate on one day: %v", err)
	}

	donor := &Donor{DisplayName: "Oʻrinboyev Jasur", Language: LangUzbek, Email: "j@example.uz"}
	mustCreate(t, s.Donors.Create(ctx, donor))
	org := &Donor{Kind: DonorOrganization, DisplayName: "ТОО «Береке Құрылыс»", Anonymous: true}
	mustCreate(t, s.Donors.Create(ctx, org))
	od, _ := s.Donors.Get(ctx, org.ID)
	if !od.Anonymous || od.Kind != DonorOrganization {
		t.Fatalf("donor: %+v", od)
	}
	dn := &Donation{DonorID: donor.ID, ReceivedOn: MustDate("2026-03-01"), Amount: money.M(50_000_000, "UZS"), Method: MethodCard, ChildID: c.ID}
	mustCreate(t, s.Donations.Create(ctx, dn))
	cash := &Donation{ReceivedOn: MustDate("2026-03-02"), Amount: money.M(1_000_000, "KZT"), Method: MethodCash}
	mustCreate(t, s.Donations.Create(ctx, cash))
	gotCash, _ := s.Donations.Get(ctx, cash.ID)
	if gotCash.DonorID != "" || gotCash.ChildID != "" || !gotCash.ThankedAt.IsZero() {
		t.Fatalf("cash-box donation: %+v", gotCash)
	}
	al := &Allocation{ChildID: c.ID, On: MustDate("2026-03-05"), Amount: money.M(500_000, "KZT")}
	mustCreate(t, s.Allocations.Create(ctx, al))
	tpl := &LetterTemplate{Name: "Алғыс хат", Kind: TemplateDonationThanks, Language: LangKazakh, Body: "Құрметті {{.DonorName}}!"}
	mustCreate(t, s.Templates.Create(ctx, tpl))
	letter := &Letter{DonorID: donor.ID, TemplateID: tpl.ID, Kind: TemplateDonationThanks, Language: LangUzbek, CreatedOn: s.Today()}
	mustCreate(t, s.Letters.Create(ctx, letter))
	gotL, _ := s.Letters.Get(ctx, letter.ID)
	if gotL.Status != LetterDraft || gotL.TemplateID != tpl.ID {
		t.Fatalf("letter: %+v", gotL)
	}

	st := Settings{FoundationName: "«Мейірім» қоры", DirectorName: "Әсел Нұрланова", BaseCurrency: "kzt", Volunteer: "Гүлнар Оспанова"}
	mustCreate(t, s.SaveSettings(ctx, st))
	got, _ := s.Settings(ctx)
	if got.FoundationName != "«Мейірім» қоры" || got.BaseCurrency != "KZT" || s.Actor() != "Гүлнар Оспанова" {
		t.Fatalf("settings: %+v, actor %q", got, s.Actor())
	}
	// Changes made after this carry the volunteer's name.
	c.Program = "Хирургия"
	mustCreate(t, s.Children.Update(ctx, c))
	audit, _ := s.AuditFor(ctx, c.ID)
	if len(audit) < 2 || audit[0].Action != "update" || audit[0].Who != "Гүлнар Оспанова" {
		t.Fatalf("audit: %+v", audit)
	}
}

func mustCreate(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func hasField(err error, field, code string) bool {
	for _, f := range FieldErrors(err) {
		if f.Field == field && f.Code == code {
			return true
		}
	}
	return false
}

func TestChildValidation(t *testing.T) {
	s := newStore(t)
	ok := func() *Child {
		return &Child{FirstName: "Аружан", LastName: "Омарова", BirthDate: MustDate("2018-07-01")}
	}
	cases := []struct {
		name  string
		edit  func(c *Child)
		field string
		code  string
	}{
		{"empty first name", func(c *Child) { c.FirstName = "   " }, "first_name", CodeRequired},
		{"empty last name", func(c *Child) { c.LastName = "" }, "last_name", CodeRequired},
		{"no birth date", func(c *Child) { c.BirthDate = Date{} }, "birth_date", CodeRequired},
		{"31 February", func(c *Child) { c.BirthDate = Date{2020, 2, 31} }, "birth_date", CodeBadDate},
		{"born tomorrow", func(c *Child) { c.BirthDate = MustDate("2026-11-22") }, "birth_date", CodeFutureDate},
		{"born 1899", func(c *Child) { c.BirthDate = MustDate("1899-12-31") }, "birth_date", CodeTooOld},
		{"name too long", func(c *Child) { c.FirstName = strings.Repeat("Ә", 101) }, "first_name", CodeTooLong},
		{"story too long", func(c *Child) { c.Story = strings.Repeat("a", maxLong+1) }, "story", CodeTooLong},
		{"invalid UTF-8", func(c *Child) { c.LastName = "Ом\xffарова" }, "last_name", CodeInvalidUTF8},
		{"control characters", func(c *Child) { c.Diagnosis = "ДЦП\x07" }, "diagnosis", CodeControlChars},
		{"emoji in a name", func(c *Child) { c.FirstName = "Аружан😀" }, "first_name", CodeBadChars},
		{"digits in a name", func(c *Child) { c.LastName = "Омарова2" }, "last_name", CodeBadChars},
		{"unknown sex", func(c *Child) { c.Sex = "x" }, "sex", CodeUnknownValue},
		{"unknown urgency", func(c *Child) { c.Urgency = "asap" }, "urgency", CodeUnknownValue},
		{"bad ICD-10", func(c *Child) { c.ICD10 = "81.2Q" }, "icd10", CodeUnknownValue},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := ok()
			tc.edit(c)
			err := s.Children.Create(ctx, c)
			if !hasField(err, tc.field, tc.code) {
				t.Fatalf("want %s/%s, got %v", tc.field, tc.code, err)
			}
			if c.ID != "" || c.CaseNumber != "" {
				t.Fatalf("a refused child got an id or case number: %q %q", c.ID, c.CaseNumber)
			}
		})
	}
	list, _ := s.ListChildren(ctx, ChildFilter{})
	if len(list) != 0 {
		t.Fatalf("refused children were saved: %d", len(list))
	}
	// A name with an Uzbek apostrophe, a hyphen and a Kazakh letter is fine;
	// stories may hold emoji and line breaks, and Windows line ends are cleaned.
	c := ok()
	c.FirstName, c.LastName, c.Story = "Oʻlmas-Ali", "Nurmuhammad o'g'li", "Спасибо ❤\r\nвсем"
	mustCreate(t, s.Children.Create(ctx, c))
	if c.Story != "Спасибо ❤\nвсем" {
		t.Fatalf("story %q", c.Story)
	}
}

func TestOtherValidation(t *testing.T) {
	s := newStore(t)
	c := newChild(t, s, "Данияр", "Ахметов")
	cases := []struct {
		name   string
		create func() error
		field  string
		code   string
	}{
		{"negative payment", func() error {
			return s.Payments.Create(ctx, &Payment{ChildID: c.ID, Payee: "Clinic", PaidOn: MustDate("2026-01-01"), Amount: money.M(-100, "KZT")})
		}, "amount", CodeNegative},
		{"zero donation", func() error {
			return s.Donations.Create(ctx, &Donation{ReceivedOn: MustDate("2026-01-01"), Amount: money.M(0, "KZT")})
		}, "amount", CodeZero},
		{"overflowing donation", func() error {
			return s.Donations.Create(ctx, &Donation{ReceivedOn: MustDate("2026-01-01"), Amount: money.M(money.MaxMinor("KZT")+1, "KZT")})
		}, "amount", CodeOverflow},
		{"unknown currency", func() error {
			return s.Donations.Create(ctx, &Donation{ReceivedOn: MustDate("2026-01-01"), Amount: money.M(100, "ABC")})
		}, "currency", CodeUnknownCurrency},
		{"future donation", func() error {
			return s.Donations.Create(ctx, &Donation{ReceivedOn: MustDate("2027-01-01"), Amount: money.M(100, "KZT")})
		}, "received_on", CodeFutureDate},
		{"unknown method", func() error {
			return s.Donations.Create(ctx, &Donation{ReceivedOn: MustDate("2026-01-01"), Amount: money.M(100, "KZT"), Method: "bitcoin"})
		}, "method", CodeUnknownValue},
		{"unknown consent kind", func() error {
			return s.Consents.Create(ctx, &Consent{ChildID: c.ID, Kind: "everything", GrantedOn: MustDate("2026-01-01")})
		}, "kind", CodeUnknownValue},
		{"consent expiring before granted", func() error {
			return s.Consents.Create(ctx, &Consent{ChildID: c.ID, Kind: ConsentData, GrantedOn: MustDate("2026-01-01"), ExpiresOn: MustDate("2025-01-01")})
		}, "expires_on", CodeDateOrder},
		{"unknown document kind", func() error {
			return s.Documents.Create(ctx, &Document{ChildID: c.ID, Kind: "selfie", Title: "x", FileName: "x.jpg", SHA256: strings.Repeat("a", 64)})
		}, "kind", CodeUnknownValue},
		{"zero rate", func() error {
			return s.ExchangeRates.Create(ctx, &ExchangeRate{On: MustDate("2026-01-01"), Currency: "EUR", Rate: "0"})
		}, "rate", CodeBadRate},
		{"negative rate", func() error {
			return s.ExchangeRates.Create(ctx, &ExchangeRate{On: MustDate("2026-01-01"), Currency: "EUR", Rate: "-5"})
		}, "rate", CodeBadRate},
		{"bad e-mail", func() error {
			return s.Donors.Create(ctx, &Donor{DisplayName: "Жанар", Email: "zhanar.example.kz"})
		}, "email", CodeBadEmail},
		{"letters in a phone", func() error {
			return s.Guardians.Create(ctx, &Guardian{ChildID: c.ID, FullName: "Ахметова Сауле", Relation: RelationMother, Phones: "call me"})
		}, "phones", CodeBadChars},
		{"guardian of a missing child", func() error {
			return s.Guardians.Create(ctx, &Guardian{ChildID: NewID(), FullName: "Ахметова Сауле", Relation: RelationMother})
		}, "child_id", CodeMissingRef},
		{"unknown template kind", func() error {
			return s.Templates.Create(ctx, &LetterTemplate{Name: "x", Kind: "spam", Language: LangEnglish, Body: "x"})
		}, "kind", CodeUnknownValue},
		{"quantity zero", func() error {
			e := &Estimate{ChildID: c.ID, Provider: "P", Currency: "EUR", IssuedOn: MustDate("2026-01-01")}
			if err := s.Estimates.Create(ctx, e); err != nil {
				return err
			}
			return s.LineItems.Create(ctx, &LineItem{EstimateID: e.ID, Description: "x", QuantityMilli: 0, UnitPrice: 1})
		}, "quantity", CodeZero},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.create(); !hasField(err, tc.field, tc.code) {
				t.Fatalf("want %s/%s, got %v", tc.field, tc.code, err)
			}
		})
	}
}

func TestStatusWorkflow(t *testing.T) {
	s := newStore(t)
	s.SetActor("Гүлнар")
	c := newChild(t, s, "Нұрсұлтан", "Бекмағамбетов")
	path := []Status{StatusDocuments, StatusReview, StatusApproved, StatusFundraising, StatusFunded,
		StatusTreatment, StatusRehabilitation}
	for _, to := range path {
		reason := ""
		if to == StatusReview { // without the papers (see TestReviewWithoutPapersTakesAReason)
			reason = "Документы привезут на комиссию"
		}
		if err := s.ChangeStatus(ctx, c.ID, to, "", reason); err != nil {
			t.Fatalf("→ %s: %v", to, err)
		}
	}
	if err := s.ChangeStatus(ctx, c.ID, StatusClosed, "", "done"); err == nil {
		t.Fatal("closing without an outcome was allowed")
	}
	if err := s.ChangeStatus(ctx, c.ID, StatusClosed, OutcomeTreated, "Операция прошла успешно"); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Children.Get(ctx, c.ID)
	if got.Status != StatusClosed || got.Outcome != OutcomeTreated {
		t.Fatalf("after closing: %s %s", got.Status, got.Outcome)
	}
	// Reopening needs a reason, then works.
	if err := s.ChangeStatus(ctx, c.ID, StatusRehabilitation, "", ""); err == nil {
		t.Fatal("reopening without a reason was allowed")
	}
	if err := s.ChangeStatus(ctx, c.ID, StatusRehabilitation, "", "Второй этап реабилитации"); err != nil {
		t.Fatal(err)
	}
	hist, _ := s.History(ctx, c.ID)
	if len(hist) != 10 || hist[0].To != StatusIntake || hist[8].Outcome != OutcomeTreated ||
		hist[9].From != StatusClosed || hist[9].By != "Гүлнар" || hist[9].Reason != "Второй этап реабилитации" {
		t.Fatalf("history: %+v", hist)
	}
	got, _ = s.Children.Get(ctx, c.ID)
	if got.Outcome != "" {
		t.Fatalf("reopened case kept its outcome %q", got.Outcome)
	}
}

// Review wants the required papers: without them the move names what is
// missing and takes a reason.
func TestReviewWithoutPapersTakesAReason(t *testing.T) {
	s := newStore(t)
	c := newChild(t, s, "Айша", "Нұрланова")
	mustCreate(t, s.ChangeStatus(ctx, c.ID, StatusDocuments, "", ""))
	err := s.ChangeStatus(ctx, c.ID, StatusReview, "", "")
	var te *TransitionError
	if !errors.As(err, &te) || te.Need != NeedPapers || len(te.Missing) != len(DefaultChecklist) {
		t.Fatalf("review without papers: %v", err)
	}
	mustCreate(t, s.ChangeStatus(ctx, c.ID, StatusReview, "", "Комиссия в пятницу, документы привезёт мама"))
}

func TestForbiddenTransitionNamesBothStatuses(t *testing.T) {
	s := newStore(t)
	c := newChild(t, s, "Мадина", "Сапарова")
	err := s.ChangeStatus(ctx, c.ID, StatusFunded, "", "")
	var te *TransitionError
	if !errors.As(err, &te) || te.From != StatusIntake || te.To != StatusFunded {
		t.Fatalf("want a TransitionError intake→funded, got %v", err)
	}
	if !strings.Contains(err.Error(), "intake") || !strings.Contains(err.Error(), "funded") {
		t.Fatalf("message does not name both statuses: %q", err)
	}
	if err := s.ChangeStatus(ctx, c.ID, StatusOnHold, "", ""); err == nil {
		t.Fatal("on hold without a reason was allowed")
	}
	mustCreate(t, s.ChangeStatus(ctx, c.ID, StatusOnHold, "", "Семья не выходит на связь"))
	mustCreate(t, s.ChangeStatus(ctx, c.ID, StatusDocuments, "", ""))
	// A child's status cannot be changed by an ordinary update.
	got, _ := s.Children.Get(ctx, c.ID)
	got.Status = StatusClosed
	mustCreate(t, s.Children.Update(ctx, got))
	again, _ := s.Children.Get(ctx, c.ID)
	if again.Status != StatusDocuments {
		t.Fatalf("Update changed the status to %s", again.Status)
	}
	hist, _ := s.History(ctx, c.ID)
	if len(hist) != 3 {
		t.Fatalf("history has %d rows, want 3 (open, on hold, documents)", len(hist))
	}
}

func TestCaseNumbersNeverReused(t *testing.T) {
	s := newStore(t)
	a := newChild(t, s, "Асан", "Қасымов")
	mustCreate(t, s.Children.Delete(ctx, a.ID))
	b := newChild(t, s, "Үсен", "Қасымов")
	if a.CaseNumber != "2026-001" || b.CaseNumber != "2026-002" {
		t.Fatalf("case numbers %s, %s", a.CaseNumber, b.CaseNumber)
	}
	// A new year starts again at 001.
	s.Now = func() time.Time { return time.Date(2027, 1, 2, 9, 0, 0, 0, time.UTC) }
	c := newChild(t, s, "Дана", "Қасымова")
	if c.CaseNumber != "2027-001" {
		t.Fatalf("first case of 2027 is %s", c.CaseNumber)
	}
}

func TestSoftDeleteAndRestore(t *testing.T) {
	s := newStore(t)
	c := newChild(t, s, "Ерасыл", "Жұмабаев")
	g := &Guardian{ChildID: c.ID, FullName: "Жұмабаева Айнұр", Relation: RelationMother}
	mustCreate(t, s.Guardians.Create(ctx, g))
	mustCreate(t, s.Children.Delete(ctx, c.ID))

	if list, _ := s.ListChildren(ctx, ChildFilter{}); len(list) != 0 {
		t.Fatalf("deleted child still listed: %v", list)
	}
	trash, _ := s.ListChildren(ctx, ChildFilter{Deleted: true})
	if len(trash) != 1 || trash[0].ID != c.ID {
		t.Fatalf("trash: %v", trash)
	}
	got, _ := s.Children.Get(ctx, c.ID)
	if !got.Deleted() {
		t.Fatal("Get does not say the child is in the Trash")
	}
	got.Diagnosis = "x"
	if err := s.Children.Update(ctx, got); !errors.Is(err, ErrNotFound) {
		t.Fatalf("updating a child in the Trash: %v", err)
	}
	mustCreate(t, s.Children.Restore(ctx, c.ID))
	list, _ := s.ListChildren(ctx, ChildFilter{})
	if len(list) != 1 || list[0].CaseNumber != c.CaseNumber {
		t.Fatalf("restored child: %v", list)
	}
	gs, _ := s.Guardians.ListFor(ctx, "child_id", c.ID)
	if len(gs) != 1 || gs[0].FullName != "Жұмабаева Айнұр" {
		t.Fatalf("guardian after restore: %v", gs)
	}
	acts := []string{}
	audit, _ := s.AuditFor(ctx, c.ID)
	for _, a := range audit {
		acts = append(acts, a.Action)
	}
	if strings.Join(acts, ",") != "restore,delete,create" {
		t.Fatalf("audit actions %v", acts)
	}
}

func TestUpdateConflict(t *testing.T) {
	s := newStore(t)
	c := newChild(t, s, "Тимур", "Ли")
	a, _ := s.Children.Get(ctx, c.ID)
	b, _ := s.Children.Get(ctx, c.ID)
	s.Now = func() time.Time { return fixedNow.Add(time.Second) }
	a.Diagnosis = "first"
	mustCreate(t, s.Children.Update(ctx, a))
	b.Diagnosis = "second"
	if err := s.Children.Update(ctx, b); !errors.Is(err, ErrConflict) {
		t.Fatalf("a stale save overwrote a newer one: %v", err)
	}
	got, _ := s.Children.Get(ctx, c.ID)
	if got.Diagnosis != "first" {
		t.Fatalf("diagnosis %q", got.Diagnosis)
	}
}

func TestSearchFoldsCyrillicAndLatin(t *testing.T) {
	s := newStore(t)
	newChild(t, s, "ҚАЙРАТ", "НҰРЛАНОВ")
	al := newChild(t, s, "Almas", "Tursunov")
	uz := newChild(t, s, "Oʻgʻiloy", "Gʻaniyeva")
	al.Diagnosis = "Spina bifida"
	mustCreate(t, s.Children.Update(ctx, al))
	for q, want := range map[string]string{
		"қайрат":          "ҚАЙРАТ",
		"Кайрат":          "ҚАЙРАТ", // typed on a Russian keyboard
		"нұрланов қайрат": "ҚАЙРАТ",
		"almas":           "Almas",
		"ALMAS":           "Almas",
		"SPINA":           "Almas",
		"o'g'iloy":        "Oʻgʻiloy",
		"oʻgʻiloy":        "Oʻgʻiloy",
		uz.CaseNumber:     "Oʻgʻiloy",
	} {
		got, err := s.ListChildren(ctx, ChildFilter{Search: q})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0].FirstName != want {
			t.Errorf("search %q found %d children, want %s", q, len(got), want)
		}
	}
	if got, _ := s.ListChildren(ctx, ChildFilter{Search: "қайрат almas"}); len(got) != 0 {
		t.Errorf("every word must match; found %d", len(got))
	}
	if got, _ := s.ListChildren(ctx, ChildFilter{Search: "%"}); len(got) != 0 {
		t.Errorf("%% is not a wildcard; found %d", len(got))
	}
}

// A list narrowed in memory (one more letter typed) finds exactly the
// children the database would.
func TestSearchInMemoryFindsWhatTheDatabaseFinds(t *testing.T) {
	s := newStore(t)
	newChild(t, s, "ҚАЙРАТ", "НҰРЛАНОВ")
	newChild(t, s, "Кайрат", "Бекжанов")
	newChild(t, s, "Almas", "Tursunov")
	newChild(t, s, "Oʻgʻiloy", "Gʻaniyeva")
	newChild(t, s, "Айгерим", "Нұрланова")
	all, err := s.ListChildSummaries(ctx, ChildFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"қ", "қай", "кайрат", "нұрлан", "нурланова", "нұрланов қайрат", "o'g'", "OʻGʻILOY", "2026", "sun", "а н", "zz", ""} {
		db, _ := s.ListChildSummaries(ctx, ChildFilter{Search: q})
		var mem []string
		for _, c := range all {
			if c.Matches(SearchWords(q)) {
				mem = append(mem, c.ID)
			}
		}
		var want []string
		for _, c := range db {
			want = append(want, c.ID)
		}
		if strings.Join(mem, ",") != strings.Join(want, ",") {
			t.Errorf("search %q: in memory %d children, the database %d", q, len(mem), len(want))
		}
	}
	for _, c := range []struct {
		search, wider string
		narrows       bool
	}{
		{"ова", "ов", true}, {"ов", "ова", false}, {"кайрат бек", "бек", true}, {"бек", "кайрат бек", false},
		{"ҚАЙ", "қа", true}, {"қайрат", "", true}, {"", "қ", false}, {"бек кайрат", "кайрат бек", true},
	} {
		if got := SearchNarrows(c.search, c.wider); got != c.narrows {
			t.Errorf("SearchNarrows(%q, %q) = %v", c.search, c.wider, got)
		}
	}
}

func TestOpenRefusesNonDatabaseAndLeavesIt(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "notes.txt")
	content := []byte("Бұл дерекқор емес — just some notes\n")
	os.WriteFile(p, content, 0o600)
	_, err := Open(p)
	var oe *OpenError
	if !errors.As(err, &oe) || oe.Kind != "not_sqlite" {
		t.Fatalf("want not_sqlite, got %v", err)
	}
	after, _ := os.ReadFile(p)
	if !bytes.Equal(after, content) {
		t.Fatal("the refused file was changed")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Fatalf("opening left files behind: %v", entries)
	}
}

func TestOpenRefusesOtherSQLiteDatabase(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "other.db")
	db, _ := sql.Open("sqlite", p)
	db.Exec("CREATE TABLE songs (title TEXT)")
	db.Exec("INSERT INTO songs VALUES ('Қара жорға')")
	db.Close()
	before, _ := os.ReadFile(p)
	_, err := Open(p)
	var oe *OpenError
	if !errors.As(err, &oe) || oe.Kind != "not_carebook" {
		t.Fatalf("want not_carebook, got %v", err)
	}
	after, _ := os.ReadFile(p)
	if !bytes.Equal(before, after) {
		t.Fatal("the other program's database was changed")
	}
}

func TestOpenRefusesNewerDatabase(t *testing.T) {
	p := filepath.Join(t.TempDir(), "carebook.db")
	s, err := Open(p)
	if err != nil {
		t.Fatal(err)
	}
	s.db.Exec("PRAGMA user_version = 99")
	s.Close()
	before, _ := os.ReadFile(p)
	_, err = Open(p)
	var oe *OpenError
	if !errors.As(err, &oe) || oe.Kind != "too_new" || oe.Version != 99 {
		t.Fatalf("want too_new 99, got %v", err)
	}
	if !strings.Contains(err.Error(), "newer Carebook") {
		t.Fatalf("message: %q", err)
	}
	after, _ := os.ReadFile(p)
	if !bytes.Equal(before, after) {
		t.Fatal("the newer database was changed")
	}
}

func TestMigrationsOnNewFileAndReopen(t *testing.T) {
	p := filepath.Join(t.TempDir(), "new.db")
	s, err := Open(p)
	if err != nil {
		t.Fatal(err)
	}
	var v int
	s.db.QueryRow("PRAGMA user_version").Scan(&v)
	if v != SchemaVersion() {
		t.Fatalf("schema version %d", v)
	}
	var fk int
	s.db.QueryRow("PRAGMA foreign_keys").Scan(&fk)
	var mode string
	s.db.QueryRow("PRAGMA journal_mode").Scan(&mode)
	if fk != 1 || mode != "wal" {
		t.Fatalf("pragmas: foreign_keys=%d journal_mode=%s", fk, mode)
	}
	c := &Child{FirstName: "Бақыт", LastName: "Ермеков", BirthDate: MustDate("2014-01-01")}
	mustCreate(t, s.Children.Create(ctx, c))
	s.Close()
	s2, err := Open(p)
	if err != nil {
		t.Fatalf("reopening: %v", err)
	}
	defer s2.Close()
	if got, _ := s2.ListChildren(ctx, ChildFilter{}); len(got) != 1 {
		t.Fatalf("after reopen: %d children", len(got))
	}
}

func TestAttachFileStoresOnce(t *testing.T) {
	s := newStore(t)
	c := newChild(t, s, "Ілияс", "Мұратов")
	body := strings.Repeat("скан ", 1000)
	for i := range 2 {
		d := &Document{ChildID: c.ID, Kind: DocMedicalConclusion, Title: "Заключение", FileName: "заключение врача.pdf"}
		mustCreate(t, s.AttachFile(ctx, d, strings.NewReader(body), 0))
		if i == 1 {
			entries, _ := os.ReadDir(filepath.Dir(s.BlobPath(d.SHA256)))
			if len(entries) != 1 {
				t.Fatalf("the same file is stored %d times", len(entries))
			}
		}
	}
	// A file over the limit leaves nothing behind.
	d := &Document{ChildID: c.ID, Kind: DocOther, Title: "big", FileName: "big.bin"}
	err := s.AttachFile(ctx, d, strings.NewReader(strings.Repeat("x", 2048)), 1024)
	if !errors.Is(err, filestore.ErrTooLarge) {
		t.Fatalf("want ErrTooLarge, got %v", err)
	}
	all, _ := os.ReadDir(s.FilesDir())
	for _, e := range all {
		if strings.HasPrefix(e.Name(), ".incoming") {
			t.Fatalf("left a temporary file: %s", e.Name())
		}
	}
}

func TestInTxIsAllOrNothing(t *testing.T) {
	s := newStore(t)
	boom := errors.New("stop")
	err := s.InTx(ctx, func(ctx context.Context) error {
		c := &Child{FirstName: "Әмина", LastName: "Жақсылық", BirthDate: MustDate("2017-04-04")}
		if err := s.Children.Create(ctx, c); err != nil {
			return err
		}
		// Reads inside see the write.
		if got, err := s.ChildByCase(ctx, c.CaseNumber); err != nil || got.ID != c.ID {
			t.Fatalf("read inside the transaction: %v", err)
		}
		// A failing call is undone on its own, and the work can go on.
		if err := s.Guardians.Create(ctx, &Guardian{ChildID: c.ID, Relation: RelationMother}); err == nil {
			t.Fatal("guardian without a name accepted")
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("InTx returned %v", err)
	}
	if list, _ := s.ListChildren(ctx, ChildFilter{}); len(list) != 0 {
		t.Fatalf("a rolled back batch left %d children", len(list))
	}
	// The rolled back case number is free again (nothing was ever shown for it).
	c := newChild(t, s, "Әмина", "Жақсылық")
	if c.CaseNumber != "2026-001" {
		t.Fatalf("case number after rollback %s", c.CaseNumber)
	}
}

func TestNewDatabaseIsReadableOnlyByItsOwner(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Unix permissions")
	}
	p := filepath.Join(t.TempDir(), "new.db")
	s, err := Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, f := range []string{p, p + "-wal"} {
		if fi, err := os.Stat(f); err == nil && fi.Mode().Perm()&0o077 != 0 {
			t.Errorf("%s has mode %v", filepath.Base(f), fi.Mode().Perm())
		}
	}
}

// Issue 28, item 3: case numbers past 999 sort by year, then number, not as
// text (2026-182 before 2026-1819); a regional office's follow its year.
func TestCaseNumbersSortByYearThenNumber(t *testing.T) {
	s := newStore(t)
	for _, n := range []string{"2026-1819", "2026-182", "2025-999", "SHY-2026-005", "2026-1000", "2026-009"} {
		c := &Child{FirstName: "Бала", LastName: "Балаев", BirthDate: MustDate("2019-01-01")}
		if err := s.Children.Create(ctx, c); err != nil {
			t.Fatal(err)
		}
		if _, err := s.db.ExecContext(ctx, "UPDATE children SET case_number = ? WHERE id = ?", n, c.ID); err != nil {
			t.Fatal(err)
		}
	}
	want := "2025-999 SHY-2026-005 2026-009 2026-182 2026-1000 2026-1819"
	list, _ := s.ListChildSummaries(ctx, ChildFilter{})
	var got []string
	for _, c := range list {
		got = append(got, c.CaseNumber)
	}
	if strings.Join(got, " ") != want {
		t.Errorf("the list: %s\nwant:     %s", strings.Join(got, " "), want)
	}
	sorted := strings.Fields("2026-1819 2026-182 2025-999 SHY-2026-005 2026-1000 2026-009")
	slices.SortFunc(sorted, func(a, b string) int { return strings.Compare(CaseSortKey(a), CaseSortKey(b)) })
	if strings.Join(sorted, " ") != want {
		t.Errorf("by CaseSortKey: %s", strings.Join(sorted, " "))
	}
}
