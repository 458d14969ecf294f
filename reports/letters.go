package reports

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"text/template"
	"time"

	"carebook/assets"
	"carebook/data"
	"carebook/data/filestore"
	"carebook/internal/declension"
	"carebook/internal/pdfpages"
	"carebook/internal/vocab"
	"carebook/money"
)

// LetterOptions choose a batch of letters.
type LetterOptions struct {
	data.LetterSelection
	Out         string    // the batch PDF: every letter, each on its own pages
	PerDonorDir string    // also write one PDF per donor here
	Now         time.Time // the letters' date; zero means now
	// Lang is the language the copies filed with the children's documents
	// are named in (the interface's; "" English).
	Lang string
}

// letterTitle is how a letter's copy is named among a child's documents:
// as a person would name it ("Thank-you letter to Omarova Saule, 4
// December 2026").
func letterTitle(kind data.TemplateKind, donor string, day data.Date, lang string) string {
	if lang == "" {
		lang = "en"
	}
	tr := translator(lang)
	var title string
	switch kind {
	case data.TemplateDonationThanks:
		title = tr("Thank-you letter to {{.Name}}, {{.Date}}")
	case data.TemplateOutcomeThanks:
		title = tr("Letter after the treatment to {{.Name}}, {{.Date}}")
	case data.TemplateReceipt:
		title = tr("Receipt for {{.Name}}, {{.Date}}")
	default:
		title = tr("Letter to {{.Name}}, {{.Date}}")
	}
	return strings.NewReplacer("{{.Name}}", donor, "{{.Date}}", day.Words(lang)).Replace(title)
}

// PlannedLetter is one letter a batch would write.
type PlannedLetter struct {
	Donor      *data.Donor
	Lang       string
	Donations  []data.DonationForLetter
	Child      *data.Child // the child all its donations are for, if one
	Template   string      // the body used
	TemplateID string
	Warnings   []string // English; the UI shows LetterWarning codes
}

// Skip is a donor (or the cash box) that gets no letter, and why.
type Skip struct {
	Who       string
	Reason    string // "no_donor", "donor_in_trash"
	Donations int
}

// LetterPlan is what a batch would do: who gets a letter, who is skipped.
type LetterPlan struct {
	Kind      data.TemplateKind
	Letters   []PlannedLetter
	Skipped   []Skip
	Donations int // covered by the letters
}

// OutcomeError refuses letters about an outcome: they are written for one
// child (CaseNumber empty: none was chosen) whose treatment has an outcome.
type OutcomeError struct {
	CaseNumber string
	Status     data.Status
}

func (e *OutcomeError) Error() string {
	if e.CaseNumber == "" {
		return "a letter about the outcome is written for one child"
	}
	return fmt.Sprintf("case %s has no outcome yet (it is at %s)", e.CaseNumber, e.Status)
}

// ErrNothingToWrite says a batch found no donation to thank.
var ErrNothingToWrite = errors.New("no donation is waiting for this letter: nothing was written")

// DefaultTemplate is the body shipped for a kind and language.
func DefaultTemplate(kind data.TemplateKind, lang string) string {
	b, err := assets.Letters.ReadFile("letters/" + string(kind) + "." + lang + ".tmpl")
	if err != nil {
		b, _ = assets.Letters.ReadFile("letters/" + string(kind) + ".en.tmpl")
	}
	return string(b)
}

// templateFor is the template to use: the newest one saved for the kind and
// language, else the default.
func templateFor(ctx context.Context, s *data.Store, kind data.TemplateKind, lang string) (body, id string, err error) {
	all, err := s.Templates.All(ctx)
	if err != nil {
		return "", "", err
	}
	var best *data.LetterTemplate
	for i := range all {
		t := &all[i]
		if t.Kind == kind && string(t.Language) == lang && (best == nil || best.UpdatedAt.Before(t.UpdatedAt.Time)) {
			best = t
		}
	}
	if best != nil {
		return best.Body, best.ID, nil
	}
	return DefaultTemplate(kind, lang), "", nil
}

// letterLanguage is the donor's language if letters exist in it, else the
// foundation's, with a warning saying so.
func letterLanguage(d *data.Donor, st data.Settings) (string, string) {
	switch d.Language {
	case data.LangEnglish, data.LangRussian, data.LangKazakh, data.LangUzbek:
		return string(d.Language), ""
	case "":
		return st.LetterLanguage, "no_language"
	}
	return st.LetterLanguage, "no_template_language"
}

// PlanLetters works out a batch without writing anything.
func PlanLetters(ctx context.Context, s *data.Store, o LetterOptions) (*LetterPlan, error) {
	if o.Kind == "" {
		o.Kind = data.TemplateDonationThanks
	}
	st, err := s.Settings(ctx)
	if err != nil {
		return nil, err
	}
	if o.Kind == data.TemplateOutcomeThanks {
		if o.ChildID == "" {
			return nil, &OutcomeError{}
		}
		c, err := s.Children.Get(ctx, o.ChildID)
		if err != nil {
			return nil, err
		}
		if c.Status != data.StatusClosed && c.Status != data.StatusRehabilitation {
			return nil, &OutcomeError{CaseNumber: c.CaseNumber, Status: c.Status}
		}
	}
	dons, err := s.DonationsForLetters(ctx, o.LetterSelection)
	if err != nil {
		return nil, err
	}
	plan := &LetterPlan{Kind: o.Kind}
	if len(dons) == 0 {
		return plan, nil
	}
	// The donations come by donor: each donor's run is copied out on its
	// own, at its size, so that a batch kept from the plan holds only its
	// own donations, never the whole period's.
	byDonor := map[string][]data.DonationForLetter{}
	var order []string
	for i := 0; i < len(dons); {
		j := i + 1
		for j < len(dons) && dons[j].DonorID == dons[i].DonorID {
			j++
		}
		id := dons[i].DonorID
		if _, ok := byDonor[id]; !ok {
			order = append(order, id)
		}
		byDonor[id] = append(byDonor[id], dons[i:j]...)
		i = j
	}
	dons = nil
	children := map[string]*data.Child{}
	// A large batch reads its donors in one query, not one each; a donor
	// in the Trash is not among them and is read alone (to be skipped).
	donors := map[string]*data.Donor{}
	if len(order) > 50 {
		all, err := s.Donors.All(ctx)
		if err != nil {
			return nil, err
		}
		for i := range all {
			donors[all[i].ID] = &all[i]
		}
	}
	type body struct{ text, id string }
	templates := map[string]body{}
	for _, id := range order {
		ds := byDonor[id]
		if id == "" {
			plan.Skipped = append(plan.Skipped, Skip{Who: "", Reason: "no_donor", Donations: len(ds)})
			continue
		}
		donor, err := donors[id], error(nil)
		if donor == nil {
			donor, err = s.Donors.Get(ctx, id)
		}
		if err != nil || donor.Deleted() {
			name := id
			if donor != nil {
				name = donor.DisplayName
			}
			plan.Skipped = append(plan.Skipped, Skip{Who: name, Reason: "donor_in_trash", Donations: len(ds)})
			continue
		}
		if donors[id] == donor {
			// Its own copy: a letter kept from the plan must not keep
			// every donor read with it.
			own := *donor
			donor = &own
		}
		lang, warn := letterLanguage(donor, st)
		pl := PlannedLetter{Donor: donor, Lang: lang, Donations: ds}
		if warn != "" {
			pl.Warnings = append(pl.Warnings, warn)
		}
		if Clean(donor.DisplayName) != donor.DisplayName {
			pl.Warnings = append(pl.Warnings, "name_characters")
		}
		one := ds[0].ChildID
		for _, d := range ds {
			if d.ChildID != one {
				one = ""
			}
		}
		if one != "" {
			if children[one] == nil {
				if c, err := s.Children.Get(ctx, one); err == nil && !c.Deleted() {
					children[one] = c
				}
			}
			pl.Child = children[one]
		}
		t, ok := templates[lang]
		if !ok {
			if t.text, t.id, err = templateFor(ctx, s, o.Kind, lang); err != nil {
				return nil, err
			}
			templates[lang] = t
		}
		pl.Template, pl.TemplateID = t.text, t.id
		plan.Letters = append(plan.Letters, pl)
		plan.Donations += len(ds)
	}
	keys := make(map[*data.Donor]string, len(plan.Letters))
	for _, pl := range plan.Letters {
		keys[pl.Donor] = data.Fold(pl.Donor.DisplayName)
	}
	sort.SliceStable(plan.Letters, func(i, j int) bool { return keys[plan.Letters[i].Donor] < keys[plan.Letters[j].Donor] })
	return plan, nil
}

// LetterResult says what a batch wrote.
type LetterResult struct {
	Letters, Donors, Donations int
	Out                        string   // the batch PDF
	Files                      []string // per-donor files written
	// Unfinished are the files of earlier batches that were stopped
	// before their letters were recorded: their donations were still
	// unthanked, so this batch wrote those letters again.
	Unfinished []data.UnfinishedOutput
}

// letterHook lets tests make the n-th letter fail.
var letterHook func(n int) error

// WriteLetters renders the planned letters, writes the batch PDF to o.Out (a
// letter starts on a new page) and, if asked, one PDF per donor into
// o.PerDonorDir, then records the letters and marks the donations. The files
// are in place before the commit that marks the donations, and taken back
// (a file they replaced comes back) if it fails: either the donations are
// marked and every file is there, or nothing is marked and no file changed.
func WriteLetters(ctx context.Context, s *data.Store, plan *LetterPlan, o LetterOptions) (*LetterResult, error) {
	if err := s.Require(ctx, data.MayMoney); err != nil {
		return nil, err
	}
	if len(plan.Letters) == 0 {
		return nil, ErrNothingToWrite
	}
	outs := []data.Output{{Path: o.Out}}
	if o.PerDonorDir != "" {
		outs = append(outs, data.Output{Path: o.PerDonorDir, Dir: true})
	}
	if err := s.CheckOutputs(ctx, outs...); err != nil {
		return nil, err
	}
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	st, err := s.Settings(ctx)
	if err != nil {
		return nil, err
	}
	receipt, err := s.NextReceiptNumber(ctx)
	if err != nil {
		return nil, err
	}
	receiptNo := func(i int) int64 {
		if plan.Kind == data.TemplateReceipt {
			return receipt + int64(i)
		}
		return 0
	}
	// The batch is the record: it is stored once, and each letter's copy
	// among the child's documents (and in the per-donor folder) is its run
	// of the batch's pages, cut out the same way each time it is read.
	records := make([]data.NewLetter, 0, len(plan.Letters))
	for i, pl := range plan.Letters {
		var ids []string
		for _, d := range pl.Donations {
			ids = append(ids, d.ID)
		}
		title := letterTitle(plan.Kind, pl.Donor.DisplayName, data.DateOf(o.Now), o.Lang)
		rec := data.NewLetter{DonationIDs: ids, Title: title,
			FileName: filestore.SafeFileName(title+".pdf", "letter.pdf"),
			Letter:   data.Letter{DonorID: pl.Donor.ID, TemplateID: pl.TemplateID, Kind: plan.Kind, Language: data.Language(pl.Lang), ReceiptNo: receiptNo(i)}}
		if pl.Child != nil {
			rec.Letter.ChildID = pl.Child.ID
		}
		records = append(records, rec)
	}
	res := &LetterResult{Letters: len(records), Donors: len(records), Donations: plan.Donations, Out: o.Out}
	// A batch stopped between writing its files and recording its letters
	// left files whose donations are still unthanked: they are in this
	// batch again, and the earlier files are said to be unfinished.
	if res.Unfinished, err = s.UnfinishedOutputs(ctx); err != nil {
		return nil, err
	}
	batchID, err := s.BeginOutputs(ctx, o.Out, o.PerDonorDir)
	if err != nil {
		return nil, err
	}
	// The letters are drawn, the PDF finished and its files written on a
	// goroutine of their own while the transaction links the letters to
	// their donations (which needs only the plan); the transaction takes
	// the PDF, and each letter's pages, before it records the letters, and
	// its commit comes after the files are in place.
	var files filestore.FileSet
	written := make(chan struct{})
	var all []byte
	var writeErr error
	go func() {
		defer close(written)
		k := newLetterKit(ctx, s, st, plan.Kind, o.Now)
		k.facts = readLetterFacts(ctx, s, plan.Letters)
		batch := k.newDoc(st.LetterLanguage)
		starts := make([]int, 0, len(plan.Letters))
		for i, pl := range plan.Letters {
			if writeErr = ctx.Err(); writeErr != nil {
				return
			}
			starts = append(starts, batch.pdf.PageNo()+1) // draw starts a page
			err := error(nil)
			if letterHook != nil {
				err = letterHook(i + 1)
			}
			if err == nil {
				err = k.draw(batch, pl, receiptNo(i))
			}
			if err != nil {
				writeErr = fmt.Errorf("letter to %s: %w", pl.Donor.DisplayName, err)
				return
			}
		}
		ranges := pdfpages.Ranges(starts, batch.pdf.PageNo())
		for i := range records {
			records[i].Pages = ranges[i].String()
		}
		if all, writeErr = batch.output(); writeErr != nil {
			return
		}
		if writeErr = files.Write(o.Out, all); writeErr != nil {
			return
		}
		if o.PerDonorDir != "" {
			res.Files, writeErr = writePerDonor(&files, o.PerDonorDir, o.Out, plan, all, ranges)
		}
	}()
	output := func() ([]byte, error) {
		<-written
		return all, writeErr
	}
	fail := func(err error) (*LetterResult, error) {
		<-written // nothing is still being written when the files are put back
		files.Undo()
		// Nothing was written: the note goes, even when the batch was
		// stopped (ctx cancelled).
		s.EndOutputs(context.WithoutCancel(ctx), batchID)
		return nil, err
	}
	if err := s.RecordBatch(ctx, data.LetterBatch{Output: output, FileName: filepath.Base(o.Out), Letters: records, Outputs: batchID}); err != nil {
		if _, werr := output(); werr != nil {
			return fail(werr)
		}
		return fail(fmt.Errorf("the letters were not recorded and no donation was marked: %w", err))
	}
	files.Keep()
	s.Record(ctx, data.AuditLetters, "letters", "", "", fmt.Sprintf("%d letters, %d donations: %s", res.Letters, res.Donations, o.Out))
	return res, nil
}

// writePerDonor writes one PDF per donor into dir, named after the donor
// (never over the batch file, out): the donor's pages of the batch, as
// stored.
func writePerDonor(files *filestore.FileSet, dir, out string, plan *LetterPlan, batch []byte, ranges []pdfpages.Range) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, &filestore.Error{Path: dir, Kind: filestore.NotWritable, Err: err}
	}
	cutter, err := pdfpages.Read(batch)
	if err != nil {
		return nil, err
	}
	var written []string
	used := map[string]bool{}
	absOut, _ := filepath.Abs(out)
	absDir, _ := filepath.Abs(dir)
	if strings.EqualFold(filepath.Dir(absOut), absDir) {
		used[strings.ToLower(filepath.Base(out))] = true
	}
	for i, pl := range plan.Letters {
		base := filestore.SafeFileName(pl.Donor.DisplayName, "donor")
		name := base + ".pdf"
		for n := 2; used[strings.ToLower(name)]; n++ {
			name = fmt.Sprintf("%s (%d).pdf", base, n)
		}
		used[strings.ToLower(name)] = true
		p := filepath.Join(dir, name)
		one, err := cutter.Cut(ranges[i])
		if err != nil {
			return nil, err
		}
		if err := files.Write(p, one); err != nil {
			return nil, err
		}
		written = append(written, p)
	}
	return written, nil
}

// LetterDataFor fills a letter's merge fields (also used by the template
// editor's live preview).
func LetterDataFor(ctx context.Context, s *data.Store, st data.Settings, kind data.TemplateKind, pl PlannedLetter, now time.Time, receiptNo int64) data.LetterData {
	return letterData(ctx, s, st, readLetterFacts(ctx, s, []PlannedLetter{pl}), pl, now, receiptNo)
}

// letterFacts is what letters say of the children they name: read for a
// whole batch at once, in a few queries rather than a few per letter.
type letterFacts struct {
	children map[string]*data.Child
	consents map[string][]data.Consent
	events   map[string][]data.JourneyEvent
}

func readLetterFacts(ctx context.Context, s *data.Store, letters []PlannedLetter) letterFacts {
	seen := map[string]bool{}
	var kids, about []string
	for _, pl := range letters {
		for _, d := range pl.Donations {
			if d.ChildID != "" && !seen[d.ChildID] {
				seen[d.ChildID] = true
				kids = append(kids, d.ChildID)
			}
		}
		if pl.Child != nil {
			about = append(about, pl.Child.ID)
			if !seen[pl.Child.ID] {
				seen[pl.Child.ID] = true
				kids = append(kids, pl.Child.ID)
			}
		}
	}
	// A child that cannot be read is left unnamed, as it was when each
	// letter read its own.
	f := letterFacts{}
	f.children, _ = s.Children.GetMany(ctx, kids)
	f.consents, _ = s.Consents.ListForMany(ctx, "child_id", kids)
	f.events, _ = s.JourneyEvents.ListForMany(ctx, "child_id", about)
	return f
}

func letterData(ctx context.Context, s *data.Store, st data.Settings, facts letterFacts, pl PlannedLetter, now time.Time, receiptNo int64) data.LetterData {
	lang := pl.Lang
	tr := translator(lang)
	name := pl.Donor.DisplayName
	lh := st.LetterheadIn(lang)
	ld := data.LetterData{DonorName: name, FoundationName: lh.Name, FoundationAddress: lh.Address,
		Director: lh.Director, SignatureLine: lh.SignatureLine, Date: data.DateOf(now).Words(lang)}
	switch lang {
	case "ru":
		ld.Salutation = "Здравствуйте, " + name + "!"
	case "kk":
		ld.Salutation = "Құрметті " + name + "!"
	case "uz":
		ld.Salutation = "Hurmatli " + name + "!"
	default:
		ld.Salutation = "Dear " + name + ","
	}
	if receiptNo > 0 {
		office := ""
		if o, err := s.Office(ctx); err == nil {
			office = o.Code
		}
		ld.ReceiptNumber = data.ReceiptLabel(office, receiptNo)
	}
	totals := map[string]int64{}
	var curs []string
	names, genitives := map[string]string{}, map[string]string{}
	for _, d := range pl.Donations {
		child := ""
		if d.ChildID != "" {
			if n, ok := names[d.ChildID]; ok {
				child = n
			} else if c := facts.children[d.ChildID]; c != nil {
				v := visible{consent: activeConsents(facts.consents[c.ID], data.DateOf(now))}
				child = childNameFor(c, v, lang)
				names[d.ChildID] = child
				genitives[d.ChildID] = childNameIn(c, v, lang, declension.Genitive)
			}
		}
		words, _ := money.InWords(d.Amount, lang)
		ld.Donations = append(ld.Donations, data.LetterDonation{Date: d.ReceivedOn.Words(lang), Amount: d.Amount.Format(lang),
			AmountInWords: words, Child: child, ChildGenitive: genitives[d.ChildID], Method: tr(vocab.Label(vocab.MethodText, d.Method))})
		if _, ok := totals[d.Amount.Currency]; !ok {
			curs = append(curs, d.Amount.Currency)
		}
		totals[d.Amount.Currency] += d.Amount.Minor
	}
	var kids []string
	for _, d := range pl.Donations {
		if n := names[d.ChildID]; n != "" && !slices.Contains(kids, n) {
			kids = append(kids, n)
		}
	}
	ld.Children = strings.Join(kids, ", ")
	var parts, words []string
	for _, c := range curs {
		m := money.M(totals[c], c)
		parts = append(parts, m.Format(lang))
		w, _ := money.InWords(m, lang)
		words = append(words, w)
	}
	and := map[string]string{"ru": " и ", "kk": " және ", "en": " and ", "uz": " va "}[lang]
	ld.Total, ld.TotalInWords = strings.Join(parts, and), strings.Join(words, and)
	if c := pl.Child; c != nil {
		ld.ChildFirstName = c.FirstName
		if lang == "en" || lang == "uz" {
			ld.ChildFirstName = strings.Fields(childNameFor(c, visible{}, lang) + " ")[0]
		}
		v := visible{consent: activeConsents(facts.consents[c.ID], data.DateOf(now))}
		ld.ChildName = names[c.ID]
		if ld.ChildName == "" { // a letter about a child none of its donations name
			ld.ChildName = childNameFor(c, v, lang)
		}
		ld.ChildNameGenitive = childNameIn(c, v, lang, declension.Genitive)
		ld.ChildNameDative = childNameIn(c, v, lang, declension.Dative)
		events := facts.events[c.ID]
		if len(events) > 3 {
			events = events[len(events)-3:]
		}
		for _, e := range events {
			ld.Events = append(ld.Events, data.LetterEvent{Date: e.On.Words(lang), Title: e.Title})
			if e.Kind == data.EventOutcome && e.Description != "" {
				ld.Outcome = e.Description
			}
		}
		if ld.Outcome == "" && c.Outcome != "" {
			ld.Outcome = tr(vocab.Label(vocab.OutcomeText, c.Outcome))
		}
	}
	return ld
}

// letterKit is what every letter of a batch shares, prepared once: the
// settings, the date, and the logo made ready for the letterhead.
type letterKit struct {
	ctx  context.Context
	s    *data.Store
	st   data.Settings
	kind data.TemplateKind
	now  time.Time
	logo *preparedLogo
	// facts are the children the batch's letters name (see letterFacts).
	facts letterFacts
	// parsed are the templates met so far, by their text.
	parsed map[string]*template.Template
}

func newLetterKit(ctx context.Context, s *data.Store, st data.Settings, kind data.TemplateKind, now time.Time) *letterKit {
	return &letterKit{ctx: ctx, s: s, st: st, kind: kind, now: now, logo: prepareLogo(foundationLogo(ctx, s, st))}
}

// newDoc starts a document for letters: the letterhead, no page numbers.
func (k *letterKit) newDoc(lang string) *doc {
	name := k.st.LetterheadIn(lang).Name
	d := newDocFonts(lang, name, name, "", k.now, false)
	d.usePreparedLogo(k.logo)
	d.pdf.SetFooterFunc(func() {}) // a letter has no page numbers
	d.pdf.SetSubject(Clean(translator(lang)(vocab.Label(vocab.TemplateKindText, k.kind))), true)
	return d
}

// render writes one letter as a PDF of its own.
func (k *letterKit) render(pl PlannedLetter, receiptNo int64) ([]byte, error) {
	d := k.newDoc(pl.Lang)
	if err := k.draw(d, pl, receiptNo); err != nil {
		return nil, err
	}
	return d.output()
}

// renderLetter writes one letter as PDF: letterhead, date, the filled
// template, and the director's signature.
func renderLetter(ctx context.Context, s *data.Store, st data.Settings, kind data.TemplateKind, pl PlannedLetter, now time.Time, receiptNo int64) ([]byte, error) {
	k := newLetterKit(ctx, s, st, kind, now)
	k.facts = readLetterFacts(ctx, s, []PlannedLetter{pl})
	return k.render(pl, receiptNo)
}

// draw adds one letter to d, from a new page.
func (k *letterKit) draw(d *doc, pl PlannedLetter, receiptNo int64) error {
	ctx, s, st, now, kind := k.ctx, k.s, k.st, k.now, k.kind
	t := k.parsed[pl.Template]
	if t == nil {
		var err error
		if t, err = data.ParseTemplate(pl.Template); err != nil {
			return err
		}
		if k.parsed == nil {
			k.parsed = map[string]*template.Template{}
		}
		k.parsed[pl.Template] = t
	}
	text, err := data.FillTemplate(t, letterData(ctx, s, st, k.facts, pl, now, receiptNo))
	if err != nil {
		return err
	}
	p := d.pdf
	lh := st.LetterheadIn(pl.Lang) // each letter of a batch in its own language
	d.header = Clean(lh.Name)
	p.AddPage()
	p.SetFont("Noto", "", 8.5)
	p.SetTextColor(100, 100, 100)
	p.MultiCell(contentW, 4.2, Clean(lh.Address), "", "L", false)
	p.SetTextColor(25, 25, 25)
	p.Ln(6)
	p.SetFont("Noto", "", 10)
	p.CellFormat(contentW, 5, Clean(data.DateOf(now).Words(pl.Lang)), "", 1, "R", false, 0, "")
	p.Ln(8)
	p.SetFont("Noto", "", 11)
	p.MultiCell(contentW, 5.8, Clean(text), "", "L", false)
	p.Ln(12)
	if pl.Child != nil && kind == data.TemplateOutcomeThanks {
		if (visible{consent: activeConsents(k.facts.consents[pl.Child.ID], data.DateOf(now))}).photo() && pl.Child.PhotoID != "" {
			if doc, err := s.Documents.Get(ctx, pl.Child.PhotoID); err == nil {
				if img, err := s.DocumentImage(doc); err == nil {
					d.ensure(60)
					d.image("photo-"+pl.Child.PhotoID, img, 45, 55) // one name per photo: a batch holds many
					p.Ln(58)
				}
			}
		}
	}
	d.ensure(25)
	p.SetFont("Noto", "", 10.5)
	tr := translator(pl.Lang)
	p.CellFormat(contentW, 5.5, Clean(tr("With gratitude,")), "", 1, "L", false, 0, "")
	p.Ln(8)
	p.SetFont("Noto", "B", 10.5)
	p.CellFormat(contentW, 5.5, Clean(lh.Director), "", 1, "L", false, 0, "")
	p.SetFont("Noto", "", 10)
	p.CellFormat(contentW, 5.5, Clean(lh.SignatureLine), "", 1, "L", false, 0, "")
	return p.Error()
}
