// Package demo builds a believable demo foundation: cases modelled on the
// public stories docs/domain.md tells of, with invented names, their families, papers,
// clinic quotes, donors and donations; and, for scale tests, any number of
// synthetic cases with a realistic spread.
package demo

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"carebook/assets"
	"carebook/data"
	"carebook/money"
)

// Options says what to build.
type Options struct {
	// Children adds this many synthetic cases after the demo cases.
	Children int
	// Donations adds this many donations from a large pool of donors (one
	// for every five donations), with allocations and payments, as a large
	// foundation has after some years (needs Children).
	Donations int
	// Seed makes the synthetic cases repeatable.
	Seed int64
	// Progress, if set, is called now and then with done and total synthetic
	// cases, then (Donations) with done and total donations.
	Progress func(done, total int)
}

// ErrExists refuses to build over an existing database without force.
var ErrExists = errors.New("already exists")

// Create builds a new demo database at path. An existing file is refused
// unless force is set, and even then only if it is a demo database built
// here (never a real one, never someone's other file, never one another
// Carebook has open); force replaces it, so demo data is never doubled.
func Create(ctx context.Context, path string, opt Options, force bool) (*data.Store, error) {
	if data.IsCompanionName(path) {
		return nil, &data.OpenError{Path: path, Kind: data.OpenCompanion}
	}
	if data.InBackupFolder(path) {
		return nil, &data.OpenError{Path: path, Kind: data.OpenInBackups}
	}
	if fi, err := os.Stat(path); err == nil {
		if fi.IsDir() {
			return nil, fmt.Errorf("%s is a folder; give a file name for the demo database", path)
		}
		if !force {
			return nil, fmt.Errorf("%s %w; use --force to replace it with a new demo database", path, ErrExists)
		}
		// Open checks, without changing anything, that it is a Carebook file.
		s, err := data.Open(path)
		if err != nil {
			return nil, fmt.Errorf("not replacing %s: %w", path, err)
		}
		isDemo := s.IsDemo(ctx)
		s.Close()
		if !isDemo {
			return nil, fmt.Errorf("not replacing %s: it is not a demo database; --force only rebuilds a demo. Give the demo another file name", path)
		}
		release, err := data.LockExclusive(path)
		if err != nil {
			return nil, fmt.Errorf("not replacing %s: %w", path, err)
		}
		for _, p := range []string{path, path + "-wal", path + "-shm"} {
			if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
				release()
				return nil, err
			}
		}
		release()
	}
	s, err := data.Open(path)
	if err != nil {
		return nil, err
	}
	if err := Build(ctx, s, opt); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// Build fills an empty store with the demo foundation, in one transaction.
func Build(ctx context.Context, s *data.Store, opt Options) error {
	if list, err := s.ListChildren(ctx, data.ChildFilter{Limit: 1}); err != nil {
		return err
	} else if len(list) > 0 {
		return fmt.Errorf("the database already holds cases; the demo is only built into a new one")
	}
	return s.InTx(ctx, func(ctx context.Context) error {
		// The whole demo or none of it: every step's error ends the build.
		ctx = data.AllOrNothing(ctx)
		b := &builder{ctx: ctx, s: s, today: s.Today()}
		b.check(s.MarkDemo(ctx))
		b.settings()
		b.logo()
		b.rates()
		donors := b.donors()
		b.caseEB(donors)
		b.caseThalassemia(donors)
		b.caseSpine(donors)
		b.earlyCases()
		// The general fund: money not earmarked for a child.
		b.give(donors.bereke, 250, kzt(3_000_000), data.MethodBank, "", "PP 1150", true)
		b.give(donors.energy, 120, kzt(5_000_000), data.MethodBank, "", "PP 5580", false)
		b.give("", 45, kzt(212_300), data.MethodCash, "", "", false)
		b.give(donors.sarah, 15, cur(500, "EUR"), data.MethodBank, "", "SWIFT MT103 9700", false)
		if b.err == nil && opt.Children > 0 {
			b.synthetic(opt, donors)
		}
		b.people()
		return b.err
	})
}

type builder struct {
	ctx   context.Context
	s     *data.Store
	today data.Date
	err   error
}

// ago is the date n days before today.
func (b *builder) ago(n int) data.Date { return b.today.AddDays(-n) }

func (b *builder) check(err error) {
	if b.err == nil && err != nil {
		b.err = err
	}
}

func (b *builder) settings() {
	b.s.SetActor("Гүлнар Оспанова")
	b.check(b.s.SaveSettings(b.ctx, data.Settings{
		FoundationName:    "Благотворительный фонд «Мейірім»",
		FoundationAddress: "050000, г. Алматы, ул. Толе би, 101, офис 12",
		DirectorName:      "Нұрланова Әсел Маратқызы",
		SignatureLine:     "Директор фонда «Мейірім»",
		BaseCurrency:      "KZT",
		BankDetails:       "АО «Демо Банк», БИК DEMOKZKA\nИИК KZ00 000D 0000 0000 0000\nБИН 000000000000, КБе 18, КНП 119",
		PaymentLink:       "https://pay.example.org/meyirim",
		Volunteer:         "Гүлнар Оспанова",
		Letterheads: map[string]data.Letterhead{
			"kk": {Name: "«Мейірім» қайырымдылық қоры", Address: "050000, Алматы қ., Төле би к-сі, 101, 12-кеңсе",
				SignatureLine: "«Мейірім» қорының директоры"},
			"en": {Name: "Meyirim Charitable Foundation", Address: "101 Tole Bi St., office 12, Almaty 050000, Kazakhstan",
				SignatureLine: "Director, Meyirim Foundation", Director: "Asel Nurlanova"},
			"uz": {Name: "«Meyirim» xayriya jamgʻarmasi", Address: "050000, Olmaota sh., Tole bi koʻch., 101, 12-ofis",
				SignatureLine: "«Meyirim» jamgʻarmasi direktori", Director: "Asel Nurlanova"},
		},
	}))
}

// logo gives the demo foundation a logo for its reports.
func (b *builder) logo() {
	d := &data.Document{Kind: data.DocOther, Title: "Логотип фонда", FileName: "logo.png"}
	b.check(b.s.AttachFile(b.ctx, d, bytes.NewReader(assets.Icon), 0))
	if b.err == nil {
		st, err := b.s.Settings(b.ctx)
		b.check(err)
		st.LogoDocumentID = d.ID
		b.check(b.s.SaveSettings(b.ctx, st))
	}
}

// rates enters monthly rates to KZT for the currencies the demo uses, with a
// gentle drift, going back a year and a half.
func (b *builder) rates() {
	base := map[string]int64{"EUR": 548_120000, "USD": 503_450000, "RUB": 6_210000, "UZS": 40000, "ILS": 137_800000}
	for _, cur := range []string{"EUR", "USD", "RUB", "UZS", "ILS"} {
		for m := 0; m <= 18; m++ {
			// millionths of a tenge; drift ±3 % with the month
			v := base[cur] * int64(1000+(m*7%31)-15) / 1000
			r := &data.ExchangeRate{On: b.ago(m * 30), Currency: cur, Rate: micro(v), Source: "Национальный банк РК (демо)"}
			b.check(b.s.ExchangeRates.Create(b.ctx, r))
		}
	}
}

func micro(v int64) string { return fmt.Sprintf("%d.%06d", v/1_000_000, v%1_000_000) }

type donors struct {
	aigul, sergey, bereke, anon, dilnoza, sarah, energy string
}

func (b *builder) donor(d data.Donor) string {
	b.check(b.s.Donors.Create(b.ctx, &d))
	return d.ID
}

func (b *builder) donors() donors {
	return donors{
		aigul: b.donor(data.Donor{DisplayName: "Жақсыбаева Айгүл Серікқызы", Email: "aigul.zh@example.kz",
			Phone: "+7 701 234 56 78", Language: data.LangKazakh}),
		sergey: b.donor(data.Donor{DisplayName: "Иванов Сергей Петрович", Email: "s.ivanov@example.ru",
			Phone: "+7 777 111 22 33", Language: data.LangRussian, Address: "г. Астана, пр. Мангилик Ел, 8, кв. 54"}),
		bereke: b.donor(data.Donor{Kind: data.DonorOrganization, DisplayName: "ТОО «Береке Құрылыс»",
			Email: "office@bereke.example.kz", Phone: "+7 727 300 40 50", Language: data.LangRussian,
			Address: "г. Алматы, ул. Сатпаева, 30А", Notes: "Ежеквартальная помощь, контакт — бухгалтер Мадина."}),
		anon: b.donor(data.Donor{DisplayName: "Мария К.", Language: data.LangRussian, Anonymous: true,
			Notes: "Просила никогда не называть её имя в отчётах."}),
		dilnoza: b.donor(data.Donor{DisplayName: "Karimova Dilnoza", Email: "dilnoza.k@example.uz",
			Phone: "+998 90 123 45 67", Language: data.LangUzbek}),
		sarah: b.donor(data.Donor{DisplayName: "Sarah Mitchell", Email: "sarah.mitchell@example.org.uk",
			Language: data.LangEnglish, Address: "14 Elm Road, Bristol BS1 4AA, United Kingdom"}),
		energy: b.donor(data.Donor{Kind: data.DonorOrganization, DisplayName: "АО «Qazaq Energy Demo»",
			Email: "csr@qazaq-energy.example.kz", Language: data.LangKazakh}),
	}
}

// kase is one demo case being built.
type kase struct {
	b     *builder
	child *data.Child
}

// newCase opens a case on the day of the appeal (daysAgo; 0 is today).
func (b *builder) newCase(daysAgo int, c data.Child) *kase {
	b.at(daysAgo, func() { b.check(b.s.Children.Create(b.ctx, &c)) })
	return &kase{b: b, child: &c}
}

// at runs fn with the store's clock set to a morning daysAgo days back, so
// the case history carries the days of the story, not the day of the demo.
func (b *builder) at(daysAgo int, fn func()) {
	if daysAgo <= 0 {
		fn()
		return
	}
	real := b.s.Now
	day := b.ago(daysAgo).Time()
	n := 0
	b.s.Now = func() time.Time {
		n++
		return day.Add(5*time.Hour + time.Duration(n)*time.Minute) // 10:00 and on in Almaty
	}
	defer func() { b.s.Now = real }()
	fn()
}

func (k *kase) guardian(g data.Guardian) string {
	g.ChildID = k.child.ID
	k.b.check(k.b.s.Guardians.Create(k.b.ctx, &g))
	return g.ID
}

func (k *kase) doc(kind data.DocumentKind, title, file, issuer string, issued data.Date, body []byte) string {
	d := &data.Document{ChildID: k.child.ID, Kind: kind, Title: title, FileName: file, Issuer: issuer, IssuedOn: issued}
	if k.b.err != nil {
		return ""
	}
	k.b.check(k.b.s.AttachFile(k.b.ctx, d, bytes.NewReader(body), 0))
	return d.ID
}

func (k *kase) paper(kind data.DocumentKind, title, file, issuer string, issued data.Date, lines ...string) string {
	return k.doc(kind, title, file, issuer, issued, paperPDF(issuer, title, lines, issued.Time()))
}

func (k *kase) photo(hue float64, taken data.Date) {
	id := k.doc(data.DocPhoto, "Фото для сбора", "photo-"+strings.ToLower(k.child.CaseNumber)+".jpg", "", taken, portraitJPEG(hue))
	if k.b.err == nil {
		k.child.PhotoID = id
		k.b.check(k.b.s.Children.Update(k.b.ctx, k.child))
	}
}

func (k *kase) consents(guardian, form string, granted data.Date, kinds ...data.ConsentKind) {
	for _, kind := range kinds {
		c := &data.Consent{ChildID: k.child.ID, GuardianID: guardian, Kind: kind, GrantedOn: granted, DocumentID: form}
		if kind == data.ConsentPublishPhoto || kind == data.ConsentPublishStory {
			c.ExpiresOn = granted.AddDays(2 * 365)
		}
		k.b.check(k.b.s.Consents.Create(k.b.ctx, c))
	}
}

func (k *kase) event(daysAgo int, kind data.EventKind, title, place, desc string, docs ...string) {
	e := &data.JourneyEvent{ChildID: k.child.ID, On: k.b.ago(daysAgo), Kind: kind, Title: title, Place: place, Description: desc}
	k.b.check(k.b.s.JourneyEvents.Create(k.b.ctx, e))
	for _, d := range docs {
		if k.b.err == nil && d != "" {
			k.b.check(k.b.s.LinkDocument(k.b.ctx, e.ID, d))
		}
	}
}

// walk moves the case along the workflow on the day daysAgo (0: today).
func (k *kase) walk(daysAgo int, to ...data.Status) {
	k.b.at(daysAgo, func() {
		for _, st := range to {
			if k.b.err != nil {
				return
			}
			reason := ""
			if st == data.StatusReview { // review wants the papers; some come later
				if missing, _ := k.b.s.MissingPapers(k.b.ctx, k.child.ID); len(missing) > 0 {
					reason = "Оригиналы документов семья привезёт к заседанию комиссии"
				}
			}
			k.b.check(k.b.s.ChangeStatus(k.b.ctx, k.child.ID, st, "", reason))
			k.child.Status = st
		}
	})
}

// pause, decline and close are the moves that need a reason.
func (k *kase) move(daysAgo int, to data.Status, outcome data.Outcome, reason string) {
	k.b.at(daysAgo, func() { k.b.check(k.b.s.ChangeStatus(k.b.ctx, k.child.ID, to, outcome, reason)) })
	k.child.Status = to
}

type line struct {
	desc  string
	qty   int64 // thousandths
	price int64 // minor units
}

func (k *kase) estimate(e data.Estimate, lines ...line) string {
	e.ChildID = k.child.ID
	k.b.check(k.b.s.Estimates.Create(k.b.ctx, &e))
	for i, l := range lines {
		if k.b.err != nil {
			break
		}
		li := &data.LineItem{EstimateID: e.ID, Position: i + 1, Description: l.desc, QuantityMilli: l.qty, UnitPrice: l.price}
		k.b.check(k.b.s.LineItems.Create(k.b.ctx, li))
	}
	return e.ID
}

func (k *kase) pay(daysAgo int, payee string, amount money.Money, estimate, ref string) {
	p := &data.Payment{ChildID: k.child.ID, Payee: payee, PaidOn: k.b.ago(daysAgo), Amount: amount, EstimateID: estimate, Reference: ref}
	k.b.check(k.b.s.Payments.Create(k.b.ctx, p))
}

func (b *builder) give(donor string, daysAgo int, amount money.Money, method data.Method, child, ref string, thanked bool) {
	d := &data.Donation{DonorID: donor, ReceivedOn: b.ago(daysAgo), Amount: amount, Method: method, ChildID: child, BankReference: ref}
	if thanked {
		d.ThankedAt = data.Stamp(b.ago(max(daysAgo-3, 0)).Time())
	}
	b.check(b.s.Donations.Create(b.ctx, d))
}

func kzt(major int64) money.Money { return money.M(major*100, "KZT") }
func cur(major int64, code string) money.Money {
	return money.M(major*100, code)
}

func (b *builder) birth(years, days int) data.Date {
	return b.today.AddDays(-(years*365 + years/4 + days))
}

// DemoPassword is the password of the demo database's volunteer and
// fundraiser, for trying the roles (docs/people.md). Its director signs in
// by herself when the demo opens.
const DemoPassword = "meyirim-demo"

// people: the demo director (signed in when the demo opens), a volunteer
// and a fundraiser.
func (b *builder) people() {
	if b.err != nil {
		return
	}
	if _, err := b.s.AddDemoDirector(b.ctx, "Әсел Нұрланова"); err != nil {
		b.check(err)
		return
	}
	for _, p := range []data.NewPerson{
		{Name: "Гүлнар Оспанова", Roles: []data.Role{data.RoleVolunteer}, Lang: "ru", Password: DemoPassword},
		{Name: "Тимур Ахметов", Roles: []data.Role{data.RoleFundraiser}, Lang: "kk", Password: DemoPassword},
	} {
		_, err := b.s.AddPerson(b.ctx, p)
		b.check(err)
	}
	if b.err == nil {
		_, err := b.s.SealFiles(b.ctx, nil) // the papers are encrypted like a real database's
		b.check(err)
	}
}
