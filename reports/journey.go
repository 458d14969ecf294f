package reports

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"io"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"

	"carebook/data"
	"carebook/internal/declension"
	"carebook/internal/translit"
	"carebook/internal/vocab"
	"carebook/money"
)

// Edition says who a report is for.
type Edition string

// Editions of the journey report.
const (
	// Internal holds everything: for the foundation and its clinics.
	Internal Edition = "internal"
	// Public is for sponsors and the press: only what the family consented
	// to publish, never contacts, identity numbers, addresses or anonymous
	// donors' names.
	Public Edition = "public"
)

// JourneyOptions choose a journey report.
type JourneyOptions struct {
	Lang        string // en, ru, kk
	Edition     Edition
	Attachments bool      // images in an appendix, PDFs appended
	Now         time.Time // the print date; zero means now
	// Progress, if set, hears what is being done.
	Progress func(step string)
}

func (o *JourneyOptions) normalize() {
	if o.Lang == "" {
		o.Lang = "en"
	}
	if o.Edition == "" {
		o.Edition = Internal
	}
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
}

// childName is the name the edition may print: the full name, or the first
// name and the initial of the last.
func childName(c *data.Child, v visible) string {
	if v.fullName() {
		return c.FullName()
	}
	initial := ""
	if r := []rune(c.LastName); len(r) > 0 {
		initial = " " + string(r[0]) + "."
	}
	return c.FirstName + initial
}

// childNameFor is childName as a paper in lang writes it: in Latin
// letters for English and Uzbek ones, given name first (Aigerim Seitova,
// Aigerim S.), from the name as in the passport when it is stored, else
// written in Latin letters; as it is for the others.
func childNameFor(c *data.Child, v visible, lang string) string {
	if lang != "en" && lang != "uz" {
		return childName(c, v)
	}
	last, first := translit.For(c.LastName, lang), translit.For(c.FirstName, lang)
	if w := strings.Fields(c.LatinName); len(w) == 2 {
		// Written either way round (passports: surname first): the word
		// nearer the given name written in Latin letters is the given name.
		a, b := passportWord(w[0]), passportWord(w[1])
		if distance(a, first)+distance(b, last) <= distance(b, first)+distance(a, last) {
			first, last = a, b
		} else {
			first, last = b, a
		}
	}
	if v.fullName() {
		return data.JoinNonEmpty(" ", first, last)
	}
	if r := []rune(last); len(r) > 0 {
		return first + " " + string(r[0]) + "."
	}
	return first
}

// distance is the edit distance of two words, letter case aside.
func distance(a, b string) int {
	x, y := []rune(strings.ToLower(a)), []rune(strings.ToLower(b))
	row := make([]int, len(y)+1)
	for j := range row {
		row[j] = j
	}
	for i := 1; i <= len(x); i++ {
		prev := row[0]
		row[0] = i
		for j := 1; j <= len(y); j++ {
			cur := row[j]
			cost := 1
			if x[i-1] == y[j-1] {
				cost = 0
			}
			row[j] = min(row[j]+1, row[j-1]+1, prev+cost)
			prev = cur
		}
	}
	return row[len(y)]
}

// passportWord is a word of a name as a passport writes it (SEITOVA), as a
// letter does (Seitova).
func passportWord(w string) string {
	if strings.ToUpper(w) != w {
		return w
	}
	r := []rune(strings.ToLower(w))
	for i := range r {
		if i == 0 || r[i-1] == '-' {
			r[i] = unicode.ToUpper(r[i])
		}
	}
	return string(r)
}

// childNameIn is childNameFor in a Russian case (other languages: as it
// is): «для Кима Даниила Сергеевича», «на лечение Айгерим С.».
func childNameIn(c *data.Child, v visible, lang string, cs declension.Case) string {
	if lang != "ru" || cs == declension.Nominative {
		return childNameFor(c, v, lang)
	}
	g := declension.Androgynous
	switch c.Sex {
	case data.SexFemale:
		g = declension.Female
	case data.SexMale:
		g = declension.Male
	}
	if v.fullName() {
		return declension.Name{Last: c.LastName, First: c.FirstName, Middle: c.MiddleName, Gender: g}.In(cs)
	}
	if g == declension.Androgynous {
		g = declension.GenderOf(c.MiddleName)
	}
	name := declension.Decline(c.FirstName, declension.FirstName, g, cs)
	if r := []rune(c.LastName); len(r) > 0 {
		name += " " + string(r[0]) + "."
	}
	return name
}

// journeyFacts is everything the report reads, gathered first.
type journeyFacts struct {
	st        data.Settings
	child     *data.Child
	guardians []data.Guardian
	consents  []data.Consent
	events    []data.JourneyEvent
	docs      []data.Document
	estimates []data.Estimate
	items     map[string][]data.LineItem
	payments  []data.Payment
	donations []data.Donation
	allocs    []data.Allocation
	donors    map[string]*data.Donor
	funding   *data.Funding
	photo     *data.Document
}

func gather(ctx context.Context, s *data.Store, childID string) (*journeyFacts, error) {
	f := &journeyFacts{items: map[string][]data.LineItem{}, donors: map[string]*data.Donor{}}
	var err error
	if f.child, err = s.Children.Get(ctx, childID); err != nil {
		return nil, err
	}
	if f.child.Deleted() {
		return nil, fmt.Errorf("case %s is in the Trash: %w", f.child.CaseNumber, data.ErrNotFound)
	}
	if f.st, err = s.Settings(ctx); err != nil {
		return nil, err
	}
	load := []func() error{
		func() (err error) { f.guardians, err = s.Guardians.ListFor(ctx, "child_id", childID); return },
		func() (err error) { f.consents, err = s.Consents.ListFor(ctx, "child_id", childID); return },
		func() (err error) { f.events, err = s.JourneyEvents.ListFor(ctx, "child_id", childID); return },
		func() (err error) { f.docs, err = s.Documents.ListFor(ctx, "child_id", childID); return },
		func() (err error) { f.estimates, err = s.Estimates.ListFor(ctx, "child_id", childID); return },
		func() (err error) { f.payments, err = s.Payments.ListFor(ctx, "child_id", childID); return },
		func() (err error) { f.donations, err = s.Donations.ListFor(ctx, "child_id", childID); return },
		func() (err error) { f.allocs, err = s.Allocations.ListFor(ctx, "child_id", childID); return },
		func() (err error) { f.funding, err = s.Funding(ctx, childID); return },
	}
	for _, l := range load {
		if err := l(); err != nil {
			return nil, err
		}
	}
	for _, e := range f.estimates {
		if f.items[e.ID], err = s.LineItems.ListFor(ctx, "estimate_id", e.ID); err != nil {
			return nil, err
		}
	}
	for _, d := range f.donations {
		if d.DonorID != "" && f.donors[d.DonorID] == nil {
			if dn, err := s.Donors.Get(ctx, d.DonorID); err == nil {
				f.donors[d.DonorID] = dn
			}
		}
	}
	for i := range f.docs {
		if f.docs[i].ID == f.child.PhotoID {
			f.photo = &f.docs[i]
		}
	}
	return f, nil
}

// foundationLogo is the logo chosen in Settings, if it is a readable image.
func foundationLogo(ctx context.Context, s *data.Store, st data.Settings) image.Image {
	if st.LogoDocumentID == "" {
		return nil
	}
	d, err := s.Documents.Get(ctx, st.LogoDocumentID)
	if err != nil || !d.IsImage() {
		return nil
	}
	img, err := s.DocumentImage(d)
	if err != nil {
		return nil
	}
	return img
}

// Journey writes the treatment-journey report of one child as PDF.
func Journey(ctx context.Context, s *data.Store, childID string, o JourneyOptions, w io.Writer) error {
	o.normalize()
	if o.Edition == Internal {
		// The internal edition holds the diagnosis and the medical papers.
		if err := s.Require(ctx, data.MayMedical); err != nil {
			return err
		}
	}
	progress := func(step string) {
		if o.Progress != nil {
			o.Progress(step)
		}
	}
	progress("reading")
	f, err := gather(ctx, s, childID)
	if err != nil {
		return err
	}
	s.Record(ctx, data.AuditReport, "child", childID, childID, "journey "+string(o.Edition))
	today := data.DateOf(o.Now)
	v := visible{internal: o.Edition == Internal, consent: activeConsents(f.consents, today)}
	tr := translator(o.Lang)

	// Attachments: which PDFs can be appended (decided before the report is
	// written, so the appendix can say which could not).
	var appendable [][]byte
	var appendedPages int // every page of them, for the page numbers
	var broken []brokenPDF
	var images []data.Document
	if o.Attachments {
		progress("attachments")
		for _, d := range f.docs {
			switch {
			case d.IsImage() && (v.private() || d.ID == f.child.PhotoID && v.photo()):
				images = append(images, d)
			case d.IsPDF() && v.private():
				b, err := readDoc(s, &d)
				if err == nil {
					err = validPDF(b)
				}
				var n int
				if err == nil {
					n, err = data.PDFPageCount(bytes.NewReader(b))
				}
				if err != nil {
					broken = append(broken, brokenPDF{d, err})
					continue
				}
				appendable = append(appendable, b)
				appendedPages += n
			}
		}
	}
	progress("writing")
	report, err := writeJourney(ctx, s, f, v, o, tr, images, broken, len(appendable), appendedPages)
	if err != nil {
		return err
	}
	if len(appendable) == 0 {
		_, err = w.Write(report)
		return err
	}
	progress("merging")
	merged, err := mergePDFs(append([][]byte{report}, appendable...))
	if err == nil {
		// The appended documents' pages get the report's footer too.
		var own int
		if own, err = data.PDFPageCount(bytes.NewReader(report)); err == nil {
			mark := ""
			if v.internal {
				mark = tr("Internal edition: holds personal and medical data; do not pass on.")
			}
			merged, err = stampPageNumbers(merged, own, o.Lang, o.Now, mark)
		}
	}
	if err != nil {
		// Never lose the report for an attachment: write it alone, saying
		// in its appendix that the PDFs could not be appended.
		for _, d := range f.docs {
			if d.IsPDF() && v.private() && !slices.ContainsFunc(broken, func(b brokenPDF) bool { return b.doc.ID == d.ID }) {
				broken = append(broken, brokenPDF{d, err})
			}
		}
		if report, err = writeJourney(ctx, s, f, v, o, tr, images, broken, 0, 0); err != nil {
			return err
		}
		merged = report
	}
	_, err = w.Write(merged)
	return err
}

type brokenPDF struct {
	doc data.Document
	err error
}

func readDoc(s *data.Store, d *data.Document) ([]byte, error) {
	f, err := s.OpenFile(d)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}

func pdfConf() *model.Configuration {
	model.ConfigPath = "disable"
	c := model.NewDefaultConfiguration()
	c.ValidationMode = model.ValidationRelaxed
	return c
}

// validPDF checks that pdfcpu can read a PDF, recovering from its panics.
func validPDF(b []byte) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("damaged PDF: %v", r)
		}
	}()
	if err := api.Validate(bytes.NewReader(b), pdfConf()); err != nil {
		msg := err.Error()
		if i := strings.IndexByte(msg, '\n'); i > 0 {
			msg = msg[:i]
		}
		return errors.New(msg)
	}
	return nil
}

// mergePDFs appends the PDFs after the first, in order.
func mergePDFs(files [][]byte) (out []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("merging PDFs: %v", r)
		}
	}()
	var rs []io.ReadSeeker
	for _, f := range files {
		rs = append(rs, bytes.NewReader(f))
	}
	var b bytes.Buffer
	if err := api.MergeRaw(rs, &b, false, pdfConf()); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func writeJourney(ctx context.Context, s *data.Store, f *journeyFacts, v visible, o JourneyOptions, tr func(string) string,
	images []data.Document, broken []brokenPDF, appended, appendedPages int) ([]byte, error) {
	c := f.child
	lang := o.Lang
	title := tr("Treatment journey") + ": " + childName(c, v)
	d := newDoc(lang, title, f.st.LetterheadIn(lang).Name, c.CaseNumber, o.Now)
	d.pdf.SetSubject(Clean(tr("Treatment journey")+" · "+c.CaseNumber), true)
	d.useLogo(foundationLogo(ctx, s, f.st))
	d.pdf.AddPage()
	edition := tr("Internal edition: holds personal and medical data; do not pass on.")
	if !v.internal {
		edition = tr("Public edition: holds only what the family agreed to publish.")
	} else {
		d.mark = edition
	}
	d.title(childName(c, v))
	d.subtitle(data.JoinNonEmpty(" · ", tr("Case")+" "+c.CaseNumber, tr(vocab.Label(vocab.StatusText, c.Status)), edition))

	// Profile, with the photo beside it when allowed.
	topY := d.pdf.GetY()
	photoW := 0.0
	if f.photo != nil && v.photo() {
		if img, err := s.DocumentImage(f.photo); err == nil {
			d.pdf.SetXY(pageW-margin-42, topY)
			d.image("photo", img, 42, 52)
			photoW = 46
		}
	}
	d.pdf.SetXY(margin, topY)
	age := ""
	if a := c.AgeOn(data.DateOf(o.Now)); a >= 0 {
		age = fmt.Sprint(a)
	}
	pairs := [][2]string{}
	if v.private() {
		pairs = append(pairs, [2]string{tr("Birth date"), c.BirthDate.Local(lang)})
	}
	pairs = append(pairs, [][2]string{
		{tr("Age"), age},
		{tr("Sex"), tr(vocab.Label(vocab.SexText, c.Sex))},
		{tr("Region"), c.Region},
		{tr("Program"), c.Program},
	}...)
	if v.fullName() {
		pairs = append(pairs, [2]string{tr("Name in Latin letters"), c.LatinName})
	}
	if v.private() {
		pairs = append(pairs, [][2]string{
			{tr("Settlement"), c.Settlement}, {tr("Address"), c.Address},
			{tr("Urgency"), tr(vocab.Label(vocab.UrgencyText, c.Urgency))}, {tr("Volunteer"), c.Volunteer},
		}...)
	}
	if v.story() {
		pairs = append(pairs, [2]string{tr("Diagnosis"), data.JoinNonEmpty(" · ", c.Diagnosis, c.ICD10)})
	}
	if c.Outcome != "" {
		pairs = append(pairs, [2]string{tr("Outcome"), tr(vocab.Label(vocab.OutcomeText, c.Outcome))})
	}
	if photoW > 0 {
		d.pdf.SetRightMargin(margin + photoW)
	}
	d.fields(pairs)
	d.pdf.SetRightMargin(margin)
	if y := topY + 56; photoW > 0 && d.pdf.GetY() < y {
		d.pdf.SetY(y)
	}
	if v.story() && strings.TrimSpace(c.Story) != "" {
		d.section(tr("Story"), 20)
		d.para(c.Story)
	}

	if v.private() {
		d.section(tr("Guardians"), 20)
		if len(f.guardians) == 0 {
			d.note(tr("No guardian recorded."))
		}
		for _, g := range f.guardians {
			d.fields([][2]string{
				{tr("Full name"), g.FullName + " (" + tr(vocab.Label(vocab.RelationText, g.Relation)) + ")"},
				{tr("Phones"), g.Phones}, {tr("E-mail"), g.Email}, {tr("Address"), g.Address},
				{tr("Preferred language"), tr(vocab.Label(vocab.LanguageText, g.Language))},
				{tr("Identity document number"), g.IDDocument},
			})
			d.pdf.Ln(1)
		}
		d.section(tr("Consents"), 20)
		var rows [][]string
		for _, k := range f.consents {
			state := tr("valid")
			switch {
			case !k.WithdrawnOn.IsZero():
				state = strings.ReplaceAll(tr("withdrawn on {{.Date}}"), "{{.Date}}", k.WithdrawnOn.Local(lang))
			case !k.ExpiresOn.IsZero() && k.ExpiresOn.Before(data.DateOf(o.Now)):
				state = strings.ReplaceAll(tr("expired on {{.Date}}"), "{{.Date}}", k.ExpiresOn.Local(lang))
			case !k.ExpiresOn.IsZero():
				state = strings.ReplaceAll(tr("valid until {{.Date}}"), "{{.Date}}", k.ExpiresOn.Local(lang))
			}
			rows = append(rows, []string{tr(vocab.Label(vocab.ConsentText, k.Kind)), k.GrantedOn.Local(lang), state})
		}
		if len(rows) == 0 {
			d.note(tr("No consent recorded. Nothing about this child may be published."))
		} else {
			d.table([]column{{tr("Consent to"), 90, "L"}, {tr("Granted on"), 30, "L"}, {tr("Status"), 54, "L"}}, rows)
		}
	}

	if v.story() {
		d.section(tr("Journey"), 20)
		var rows [][]string
		for _, e := range f.events {
			text := e.Title
			if v.private() && e.Description != "" {
				text += "\n" + e.Description
			}
			rows = append(rows, []string{e.On.Local(lang), tr(vocab.Label(vocab.EventText, e.Kind)), text, e.Place})
		}
		if len(rows) == 0 {
			d.note(tr("No step of the treatment journey is recorded yet."))
		} else {
			d.table([]column{{tr("Date"), 24, "L"}, {tr("Kind"), 34, "L"}, {tr("What happened"), 80, "L"}, {tr("Place or clinic"), 36, "L"}}, rows)
		}
	}

	if v.private() {
		d.section(tr("Documents"), 20)
		var rows [][]string
		for _, doc := range f.docs {
			pages := ""
			if doc.IsPDF() {
				if n, err := s.PDFPages(&doc); err == nil {
					pages = fmt.Sprint(n)
				}
			}
			rows = append(rows, []string{tr(vocab.Label(vocab.DocumentKindText, doc.Kind)), doc.Title, doc.IssuedOn.Local(lang), doc.Issuer, pages})
		}
		if len(rows) == 0 {
			d.note(tr("No documents yet."))
		} else {
			d.table([]column{{tr("Kind"), 36, "L"}, {tr("Title"), 52, "L"}, {tr("Issued on"), 22, "L"}, {tr("Issued by"), 50, "L"}, {tr("Pages"), 14, "R"}}, rows)
		}
	} else {
		d.note(tr("Medical documents are kept by the foundation and are not published."))
	}

	writeMoney(d, f, v, lang, tr)

	if len(images) > 0 || len(broken) > 0 || appended > 0 {
		d.pdf.AddPage()
		d.title(tr("Appendix"))
		if appended > 0 {
			d.para(strings.ReplaceAll(tr("The PDF documents follow this report: {{.Count}}."), "{{.Count}}", fmt.Sprint(appended)))
		}
		for _, b := range broken {
			d.note(strings.NewReplacer("{{.Name}}", b.doc.FileName, "{{.Error}}", b.err.Error()).
				Replace(tr("“{{.Name}}” could not be appended: {{.Error}}")))
		}
		for i, im := range images {
			img, err := s.DocumentImage(&im)
			if err != nil {
				d.note(strings.NewReplacer("{{.Name}}", im.FileName, "{{.Error}}", err.Error()).
					Replace(tr("“{{.Name}}” could not be appended: {{.Error}}")))
				continue
			}
			if i > 0 || d.pdf.GetY() > 100 {
				d.pdf.AddPage()
			}
			d.pdf.SetFont("Noto", "B", 10)
			d.pdf.MultiCell(contentW, 5, Clean(tr(vocab.Label(vocab.DocumentKindText, im.Kind))+": "+im.Title), "", "L", false)
			d.pdf.Ln(2)
			d.image(fmt.Sprintf("appendix-%d", i), img, contentW, pageH-d.pdf.GetY()-margin-12)
		}
	}
	return d.output(appendedPages)
}

// writeMoney prints estimates, payments and the funding picture.
func writeMoney(d *doc, f *journeyFacts, v visible, lang string, tr func(string) string) {
	fm := func(m money.Money) string { return m.Format(lang) }
	if len(f.estimates) > 0 {
		d.section(tr("Clinic estimates"), 24)
		for _, e := range f.estimates {
			items := f.items[e.ID]
			total := money.M(0, e.Currency)
			var rows [][]string
			for _, li := range items {
				t, _ := li.Total()
				total.Minor += t
				rows = append(rows, []string{li.Description, data.FormatQuantity(li.QuantityMilli, lang),
					fm(money.M(li.UnitPrice, e.Currency)), fm(money.M(t, e.Currency))})
			}
			d.ensure(24)
			d.pdf.SetFont("Noto", "B", 10)
			head := e.Provider
			if e.Title != "" {
				head += " — " + e.Title
			}
			d.pdf.MultiCell(contentW, 5.2, Clean(head), "", "L", false)
			d.note(data.JoinNonEmpty(" · ", tr(vocab.Label(vocab.EstimateStatusText, e.Status)),
				strings.ReplaceAll(tr("issued {{.Date}}"), "{{.Date}}", e.IssuedOn.Local(lang)),
				tr("Total")+": "+fm(total)))
			if v.private() && len(rows) > 0 {
				d.table([]column{{tr("Item"), 92, "L"}, {tr("Quantity"), 20, "R"}, {tr("Unit price"), 31, "R"}, {tr("Line total"), 31, "R"}}, rows)
			}
		}
	}
	if len(f.payments) > 0 {
		d.section(tr("Payments"), 20)
		var rows [][]string
		for _, p := range f.payments {
			rows = append(rows, []string{p.PaidOn.Local(lang), p.Payee, fm(p.Amount)})
		}
		d.table([]column{{tr("Paid on"), 28, "L"}, {tr("Paid to"), 106, "L"}, {tr("Amount"), 40, "R"}}, rows)
	}

	fu := f.funding
	d.section(tr("Funding"), 40)
	pairs := [][2]string{{tr("Target"), fm(fu.Target)}, {tr("Raised"), fm(fu.Raised)}}
	if fu.Surplus.Minor > 0 {
		pairs = append(pairs, [2]string{tr("Raised beyond the target"), fm(fu.Surplus)})
	} else {
		pairs = append(pairs, [2]string{tr("Still missing"), fm(fu.Gap)})
	}
	pairs = append(pairs, [2]string{tr("Spent"), fm(fu.Spent)})
	d.fields(pairs)
	var rows [][]string
	for _, cur := range fu.Currencies() {
		rows = append(rows, []string{cur, fm(money.M(fu.TargetBy[cur], cur)), fm(money.M(fu.RaisedBy[cur], cur)), fm(money.M(fu.SpentBy[cur], cur))})
	}
	if len(rows) > 0 {
		d.table([]column{{tr("Currency"), 26, "L"}, {tr("Target"), 50, "R"}, {tr("Raised"), 49, "R"}, {tr("Spent"), 49, "R"}}, rows)
	}
	for _, m := range fu.Missing {
		d.note(strings.NewReplacer("{{.Currency}}", m.Currency, "{{.Date}}", m.On.Local(lang)).Replace(
			tr("No {{.Currency}} rate on or before {{.Date}}: those amounts stay in their own currency and are left out of the totals. Enter the rate in Settings → Exchange rates.")))
	}
	d.note(strings.ReplaceAll(tr("Totals in {{.Base}}, each amount converted at the rate of its day (quotes at their stated rate)."), "{{.Base}}", fu.Base))

	if len(f.donations) > 0 || len(f.allocs) > 0 {
		d.section(tr("Donors"), 20)
		type gift struct {
			on           data.Date
			name, amount string
		}
		var gifts []gift
		for _, dn := range f.donations {
			donor := f.donors[dn.DonorID]
			name := tr("cash box")
			switch {
			case donor != nil && v.donor(donor):
				name = donor.DisplayName
				if donor.Anonymous {
					name += " (" + tr("anonymous") + ")"
				}
			case donor != nil:
				name = tr("Anonymous donor")
			}
			gifts = append(gifts, gift{dn.ReceivedOn, name, fm(dn.Amount)})
		}
		for _, a := range f.allocs {
			gifts = append(gifts, gift{a.On, tr("General fund of the foundation"), fm(a.Amount)})
		}
		slices.SortStableFunc(gifts, func(a, b gift) int { return a.on.Compare(b.on) })
		rows := make([][]string, len(gifts))
		for i, g := range gifts {
			rows[i] = []string{g.on.Local(lang), g.name, g.amount}
		}
		d.table([]column{{tr("Date"), 28, "L"}, {tr("Donor"), 106, "L"}, {tr("Amount"), 40, "R"}}, rows)
		d.note(tr("We thank everyone who helped."))
	}
}

// translator is the report's language, with report-only texts.
func translator(lang string) func(string) string { return vocab.Translator(lang) }
