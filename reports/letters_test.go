package reports

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"carebook/data"
	"carebook/money"
)

func yearOptions(kind data.TemplateKind) LetterOptions {
	return LetterOptions{LetterSelection: data.LetterSelection{Kind: kind, From: data.MustDate("2000-01-01"), To: data.MustDate("2026-12-31")}, Now: printed}
}

func TestLettersGroupPerDonorInTheirLanguage(t *testing.T) {
	s := demoStore(t)
	waiting, _ := s.DonationsForLetters(ctx, yearOptions(data.TemplateDonationThanks).LetterSelection)
	donors := map[string]int{}
	cash := 0
	for _, d := range waiting {
		if d.DonorID == "" {
			cash++
		} else {
			donors[d.DonorID]++
		}
	}
	plan, err := PlanLetters(ctx, s, yearOptions(data.TemplateDonationThanks))
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Letters) != len(donors) || plan.Donations != len(waiting)-cash {
		t.Fatalf("%d letters for %d donors, %d donations of %d", len(plan.Letters), len(donors), plan.Donations, len(waiting))
	}
	if len(plan.Skipped) != 1 || plan.Skipped[0].Reason != "no_donor" || plan.Skipped[0].Donations != cash {
		t.Fatalf("skipped %+v", plan.Skipped)
	}
	langs := map[string]string{}
	for _, l := range plan.Letters {
		if len(l.Donations) != donors[l.Donor.ID] {
			t.Errorf("%s: %d donations grouped, want %d", l.Donor.DisplayName, len(l.Donations), donors[l.Donor.ID])
		}
		langs[l.Donor.DisplayName] = l.Lang
	}
	// Kazakh for the Kazakh company, English for Sarah, Uzbek for the
	// Uzbek donor.
	if langs["АО «Qazaq Energy Demo»"] != "kk" || langs["Sarah Mitchell"] != "en" || langs["Karimova Dilnoza"] != "uz" {
		t.Fatalf("languages %v", langs)
	}
	for _, l := range plan.Letters {
		if l.Donor.DisplayName == "Karimova Dilnoza" && len(l.Warnings) != 0 {
			t.Errorf("warnings %v", l.Warnings)
		}
	}
}

// writeBatch writes a batch into a new file and returns its bytes.
func writeBatch(t *testing.T, s *data.Store, plan *LetterPlan, o LetterOptions) (*LetterResult, []byte, error) {
	t.Helper()
	if o.Out == "" {
		o.Out = filepath.Join(t.TempDir(), "batch.pdf")
	}
	res, err := WriteLetters(ctx, s, plan, o)
	b, _ := os.ReadFile(o.Out)
	return res, b, err
}

func TestLettersMarkThankedAndLeaveOutTheThanked(t *testing.T) {
	s := demoStore(t)
	o := yearOptions(data.TemplateDonationThanks)
	o.PerDonorDir = filepath.Join(t.TempDir(), "для e-mail")
	plan, _ := PlanLetters(ctx, s, o)
	res, batch, err := writeBatch(t, s, plan, o)
	if err != nil {
		t.Fatal(err)
	}
	if res.Letters != len(plan.Letters) || len(res.Files) != res.Letters || pageCount(t, batch) != res.Letters {
		t.Fatalf("result %+v, %d pages", res, pageCount(t, batch))
	}
	for _, f := range res.Files {
		if _, err := os.Stat(f); err != nil {
			t.Fatal(err)
		}
	}
	if left, _ := s.Unthanked(ctx); len(left) != 0 {
		t.Fatalf("donations of donors were left unthanked: %+v", left)
	}
	// Each donor's page lists the letter, which reprints identically.
	letters, _ := s.Letters.ListFor(ctx, "donor_id", plan.Letters[0].Donor.ID)
	if len(letters) != 1 || letters[0].DocumentID == "" {
		t.Fatalf("letters of the first donor: %+v", letters)
	}
	doc, _ := s.Documents.Get(ctx, letters[0].DocumentID)
	stored, _ := s.OpenFile(doc)
	defer stored.Close()
	if n, _ := data.PDFPageCount(stored); n != 1 {
		t.Fatalf("the stored letter has %d pages", n)
	}
	// Again: nothing left to write.
	plan2, _ := PlanLetters(ctx, s, o)
	if len(plan2.Letters) != 0 {
		t.Fatalf("a second batch would write %d letters", len(plan2.Letters))
	}
	if _, _, err := writeBatch(t, s, plan2, o); !errors.Is(err, ErrNothingToWrite) {
		t.Fatalf("empty batch: %v", err)
	}
	// Unless asked to include them.
	o.IncludeCovered = true
	plan3, _ := PlanLetters(ctx, s, o)
	all, _ := s.DonationsForLetters(ctx, o.LetterSelection)
	withDonor := 0
	for _, d := range all {
		if d.DonorID != "" {
			withDonor++
		}
	}
	if len(plan3.Letters) < len(plan.Letters) || plan3.Donations != withDonor {
		t.Fatalf("with --include-thanked: %d letters covering %d donations, want all %d", len(plan3.Letters), plan3.Donations, withDonor)
	}
}

func TestAFailedLetterMarksNothing(t *testing.T) {
	s := demoStore(t)
	// Ten donors with a donation each.
	for i := range 10 {
		d := &data.Donor{DisplayName: fmt.Sprintf("Донор %02d", i), Language: data.LangRussian}
		must(t, s.Donors.Create(ctx, d))
		must(t, s.Donations.Create(ctx, &data.Donation{DonorID: d.ID, ReceivedOn: data.MustDate("2025-05-05"), Amount: money.M(100000, "KZT")}))
	}
	o := LetterOptions{LetterSelection: data.LetterSelection{Kind: data.TemplateDonationThanks, From: data.MustDate("2025-05-05"), To: data.MustDate("2025-05-05")}, Now: printed}
	o.PerDonorDir = filepath.Join(t.TempDir(), "out")
	plan, _ := PlanLetters(ctx, s, o)
	if len(plan.Letters) != 10 {
		t.Fatalf("%d letters planned", len(plan.Letters))
	}
	letterHook = func(n int) error {
		if n == 5 {
			return errors.New("printer on fire")
		}
		return nil
	}
	defer func() { letterHook = nil }()
	_, b, err := writeBatch(t, s, plan, o)
	if err == nil {
		t.Fatal("the failure was not reported")
	}
	waiting, _ := s.DonationsForLetters(ctx, o.LetterSelection)
	if len(waiting) != 10 || len(b) != 0 {
		t.Fatalf("after a failure %d of 10 donations still wait, %d bytes written", len(waiting), len(b))
	}
	if letters, _ := s.Letters.All(ctx); len(letters) != 0 {
		t.Fatalf("%d letters recorded", len(letters))
	}
	if entries, _ := os.ReadDir(o.PerDonorDir); len(entries) != 0 {
		t.Fatalf("files left behind: %d", len(entries))
	}
	// A folder that cannot be written: the same, nothing marked.
	letterHook = nil
	blocker := filepath.Join(t.TempDir(), "a file, not a folder")
	os.WriteFile(blocker, []byte("x"), 0o600)
	o.PerDonorDir = filepath.Join(blocker, "sub")
	if _, _, err := writeBatch(t, s, plan, o); err == nil || !strings.Contains(err.Error(), "cannot write into") {
		t.Fatalf("unwritable folder: %v", err)
	}
	if waiting, _ := s.DonationsForLetters(ctx, o.LetterSelection); len(waiting) != 10 {
		t.Fatal("donations were marked although the folder could not be written")
	}
}

// The letters are drawn while the batch's transaction links them to their
// donations: a batch stopped while they are drawn records nothing, writes
// no file, and every donation still waits for its letter.
func TestABatchStoppedWhileDrawnMarksNothing(t *testing.T) {
	s := demoStore(t)
	o := yearOptions(data.TemplateDonationThanks)
	o.PerDonorDir = filepath.Join(t.TempDir(), "out")
	o.Out = filepath.Join(t.TempDir(), "batch.pdf")
	plan, _ := PlanLetters(ctx, s, o)
	before, _ := s.DonationsForLetters(ctx, o.LetterSelection)
	if len(plan.Letters) < 2 || len(before) == 0 {
		t.Fatalf("%d letters planned, %d donations waiting", len(plan.Letters), len(before))
	}
	stop, cancel := context.WithCancel(ctx)
	defer cancel()
	letterHook = func(n int) error {
		if n == 2 {
			cancel() // while the second letter is drawn
		}
		return nil
	}
	defer func() { letterHook = nil }()
	if _, err := WriteLetters(stop, s, plan, o); !errors.Is(err, context.Canceled) {
		t.Fatalf("a stopped batch says %v", err)
	}
	if waiting, _ := s.DonationsForLetters(ctx, o.LetterSelection); len(waiting) != len(before) {
		t.Fatalf("%d of %d donations still wait after the batch was stopped", len(waiting), len(before))
	}
	if letters, _ := s.Letters.All(ctx); len(letters) != 0 {
		t.Fatalf("%d letters recorded", len(letters))
	}
	if _, err := os.Stat(o.Out); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the batch file is there: %v", err)
	}
	if entries, _ := os.ReadDir(o.PerDonorDir); len(entries) != 0 {
		t.Fatalf("files left behind: %d", len(entries))
	}
	if un, _ := s.UnfinishedOutputs(ctx); len(un) != 0 {
		t.Fatalf("a stopped batch is noted as unfinished: %+v", un)
	}
}

func TestLetterNamesFollowConsentAndLanguages(t *testing.T) {
	s := demoStore(t)
	plan, _ := PlanLetters(ctx, s, yearOptions(data.TemplateDonationThanks))
	st, _ := s.Settings(ctx)
	texts := map[string]string{}
	for _, pl := range plan.Letters {
		b, err := renderLetter(ctx, s, st, data.TemplateDonationThanks, pl, printed, 0)
		if err != nil {
			t.Fatal(err)
		}
		texts[pl.Donor.DisplayName] = pdfText(t, b)
	}
	ru := texts["Иванов Сергей Петрович"]
	// The EB girl has no publish_name consent: first name and initial only.
	if !strings.Contains(ru, "Аружан М.") || strings.Contains(ru, "Мұратбекова") || !strings.Contains(ru, "Rahimova Oʻgʻiloy Jasurovna") {
		t.Errorf("Russian letter:\n%s", ru)
	}
	if !strings.Contains(ru, "Здравствуйте, Иванов Сергей Петрович!") || !strings.Contains(ru, "пятьсот пятьдесят тысяч тенге") || !strings.Contains(ru, "С благодарностью,") {
		t.Errorf("Russian letter:\n%s", ru)
	}
	kk := texts["АО «Qazaq Energy Demo»"]
	if !strings.Contains(kk, "Құрметті АО «Qazaq Energy Demo»!") || !strings.Contains(kk, "он бес миллион теңге") || !strings.Contains(kk, "Алғыспен,") {
		t.Errorf("Kazakh letter:\n%s", kk)
	}
	en := texts["Sarah Mitchell"]
	if !strings.Contains(en, "Dear Sarah Mitchell,") || !strings.Contains(en, "five hundred euros") || !strings.Contains(en, "general fund") {
		t.Errorf("English letter:\n%s", en)
	}
}

func TestOutcomeLettersForEveryDonorOfAChild(t *testing.T) {
	s := demoStore(t)
	id := childID(t, s, "2026-003") // closed, treated
	o := LetterOptions{LetterSelection: data.LetterSelection{Kind: data.TemplateOutcomeThanks, ChildID: id}, Now: printed}
	plan, err := PlanLetters(ctx, s, o)
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Letters) != 7 { // every donor of Daniil, thanked before or not
		t.Fatalf("%d outcome letters", len(plan.Letters))
	}
	st, _ := s.Settings(ctx)
	b, _ := renderLetter(ctx, s, st, data.TemplateOutcomeThanks, plan.Letters[0], printed, 0)
	text := strings.Join(strings.Fields(pdfText(t, b)), " ")
	name := "Ким Даниил Сергеевич"
	if l := plan.Letters[0].Lang; l == "en" || l == "uz" {
		name = "Daniil Kim" // Latin letters, the given name first (issue 27)
	}
	if !strings.Contains(text, name) || !strings.Contains(text, "Контрольное МРТ без признаков рецидива") {
		t.Errorf("outcome letter:\n%s", text)
	}
	if _, err := PlanLetters(ctx, s, LetterOptions{LetterSelection: data.LetterSelection{Kind: data.TemplateOutcomeThanks, ChildID: childID(t, s, "2026-002")}}); err == nil {
		t.Error("an outcome letter was planned for a case still fundraising")
	}
}

func TestReceiptsAreNumberedAndLockTheAmount(t *testing.T) {
	s := demoStore(t)
	o := yearOptions(data.TemplateReceipt)
	plan, _ := PlanLetters(ctx, s, o)
	if _, _, err := writeBatch(t, s, plan, o); err != nil {
		t.Fatal(err)
	}
	letters, _ := s.Letters.All(ctx)
	seen := map[int64]bool{}
	for _, l := range letters {
		if l.ReceiptNo < 1 || l.ReceiptNo > int64(len(letters)) || seen[l.ReceiptNo] {
			t.Fatalf("receipt numbers: %d", l.ReceiptNo)
		}
		seen[l.ReceiptNo] = true
	}
	// A receipt in the Trash does not free its number.
	must(t, s.Letters.Delete(ctx, letters[0].ID))
	d := &data.Donor{DisplayName: "Новый донор"}
	must(t, s.Donors.Create(ctx, d))
	must(t, s.Donations.Create(ctx, &data.Donation{DonorID: d.ID, ReceivedOn: data.MustDate("2026-02-02"), Amount: money.M(700000, "KZT")}))
	plan2, _ := PlanLetters(ctx, s, o)
	if _, _, err := writeBatch(t, s, plan2, o); err != nil {
		t.Fatal(err)
	}
	// The second batch (the new donor, and again the donor whose receipt is
	// in the Trash) continues after the last number: none is reused.
	first := map[string]bool{}
	for _, l := range letters {
		first[l.ID] = true
	}
	after, _ := s.Letters.All(ctx)
	for _, l := range after {
		if !first[l.ID] && l.ReceiptNo <= int64(len(letters)) {
			t.Fatalf("receipt number %d was reused", l.ReceiptNo)
		}
	}
	all, _ := s.Letters.ListFor(ctx, "donor_id", d.ID)
	if len(all) != 1 || all[0].ReceiptNo <= int64(len(letters)) || all[0].ReceiptNo > int64(len(letters)+len(plan2.Letters)) {
		t.Fatalf("new donor's receipt number %d after %d receipts", all[0].ReceiptNo, len(letters))
	}
	// The receipted amount cannot be edited afterwards.
	dons, _ := s.LetterDonations(ctx, all[0].ID)
	dn := dons[0]
	dn.Amount = money.M(1, "KZT")
	err := s.Donations.Update(ctx, &dn)
	var ve *data.ValidationError
	if !errors.As(err, &ve) || ve.Field("amount") == nil || ve.Field("amount").Code != data.CodeLocked {
		t.Fatalf("editing a receipted amount: %v", err)
	}

}

func TestTemplatesAreChecked(t *testing.T) {
	for body, want := range map[string]string{
		"Hello {{.DonorName}}, {{.Nonsense}}":                "unknown_field:.Nonsense",
		"{{range .Donations}}{{.Amount}} {{.Secret}}{{end}}": "unknown_field:.Secret",
		"{{range .Donations}}{{$.Director}}{{end}}":          "",
		"{{range .Donations}}{{$.Password}}{{end}}":          "unknown_field:$.Password",
		"{{.DonorName":                          "template_syntax",
		`{{template "x"}}`:                      "unknown_field:{{template}}",
		`{{define "x"}}hi{{end}}{{.DonorName}}`: "template_syntax",
		`{{call .DonorName}}`:                   "unknown_field:call",
		`{{printf "%v" .DonorName}}`:            "unknown_field:printf",
		"Құрметті {{.DonorName}}! {{if .ChildName}}x{{end}}": "",
		"{{range .Events}}{{.Date}} {{.Title}}{{end}}":       "",
	} {
		_, err := data.ParseTemplate(body)
		got := ""
		if fe, ok := err.(*data.FieldError); ok {
			got = fe.Code
			if fe.Code == data.CodeUnknownField {
				got += ":" + fe.Params["value"].(string)
			}
		} else if err != nil {
			got = err.Error()
		}
		if got != want {
			t.Errorf("%q: %q, want %q", body, got, want)
		}
	}
	s := demoStore(t)
	tpl := &data.LetterTemplate{Name: "Мой шаблон", Kind: data.TemplateDonationThanks, Language: data.LangRussian, Body: "Привет, {{.DonorNmae}}!"}
	err := s.Templates.Create(ctx, tpl)
	var ve *data.ValidationError
	if !errors.As(err, &ve) || ve.Field("body") == nil || !strings.Contains(err.Error(), ".DonorNmae") {
		t.Fatalf("saving a template with a typo: %v", err)
	}
	// Every shipped template is valid.
	for _, k := range data.AllTemplateKinds {
		for _, l := range []string{"en", "ru", "kk"} {
			if _, err := data.ParseTemplate(DefaultTemplate(k, l)); err != nil {
				t.Errorf("%s.%s: %v", k, l, err)
			}
		}
	}
}

func TestDonorNameTheFontCannotPrint(t *testing.T) {
	s := demoStore(t)
	d := &data.Donor{DisplayName: "李华 Li Hua 😀", Language: data.LangEnglish}
	must(t, s.Donors.Create(ctx, d))
	must(t, s.Donations.Create(ctx, &data.Donation{DonorID: d.ID, ReceivedOn: data.MustDate("2024-01-01"), Amount: money.M(100, "USD")}))
	o := LetterOptions{LetterSelection: data.LetterSelection{Kind: data.TemplateDonationThanks, From: data.MustDate("2024-01-01"), To: data.MustDate("2024-01-01")}, Now: printed}
	plan, _ := PlanLetters(ctx, s, o)
	if len(plan.Letters) != 1 || len(plan.Letters[0].Warnings) != 1 || plan.Letters[0].Warnings[0] != "name_characters" {
		t.Fatalf("plan %+v", plan.Letters)
	}
	_, b, err := writeBatch(t, s, plan, o)
	if err != nil {
		t.Fatalf("a name the font lacks failed the letter: %v", err)
	}
	if !strings.Contains(pdfText(t, b), "Dear ?? Li Hua") {
		t.Error("the name was not printed with stand-ins")
	}
}

// Item 3: the batch and the per-donor files are on disk before the commit
// that marks the donations thanked (a crash right after it loses nothing),
// and a commit that fails takes them back, returning a replaced file.
func TestLetterFilesAreInPlaceBeforeTheDonationsAreMarked(t *testing.T) {
	s := demoStore(t)
	o := yearOptions(data.TemplateDonationThanks)
	dir := t.TempDir()
	o.Out = filepath.Join(dir, "batch.pdf")
	o.PerDonorDir = filepath.Join(dir, "e-mail")
	plan, _ := PlanLetters(ctx, s, o)
	var atCommit []string
	data.CrashPoint = func(where string) {
		if where == "letters-committed" {
			entries, _ := os.ReadDir(o.PerDonorDir)
			for _, e := range entries {
				atCommit = append(atCommit, e.Name())
			}
			if _, err := os.Stat(o.Out); err == nil {
				atCommit = append(atCommit, "batch")
			}
		}
	}
	defer func() { data.CrashPoint = nil }()
	res, err := WriteLetters(ctx, s, plan, o)
	if err != nil {
		t.Fatal(err)
	}
	if len(atCommit) != len(res.Files)+1 {
		t.Fatalf("when the donations were marked, only %v were on disk (want the batch and %d files)", atCommit, len(res.Files))
	}

	// A commit that fails: an old batch under the same name comes back, and
	// no per-donor file stays.
	s = demoStore(t)
	old := []byte("%PDF-1.4 the director's earlier batch")
	os.WriteFile(o.Out, old, 0o600)
	o.PerDonorDir = filepath.Join(dir, "e-mail 2")
	plan, _ = PlanLetters(ctx, s, o)
	data.CrashPoint = nil
	// A donation goes to the Trash between the plan and the letters: its
	// mark fails while the batch is still being written.
	must(t, s.Donations.Delete(ctx, plan.Letters[len(plan.Letters)-1].Donations[0].ID))
	if _, err := WriteLetters(ctx, s, plan, o); err == nil {
		t.Fatal("recording letters for a donation in the Trash succeeded")
	}
	if b, _ := os.ReadFile(o.Out); !bytes.Equal(b, old) {
		t.Fatal("the earlier batch was not put back")
	}
	if entries, _ := os.ReadDir(o.PerDonorDir); len(entries) != 0 {
		t.Fatalf("per-donor files stayed: %d", len(entries))
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 3 { // batch.pdf, e-mail, e-mail 2
		t.Fatalf("left in the folder: %v", entries)
	}
}

// Issue 27: English and Uzbek letters name the child in Latin letters —
// the name as in the passport when it is stored, either way round, else
// written in Latin letters — and sign with the director's name as the
// letterhead of the language has it (in Latin letters when it has none).
func TestLatinLettersNameTheChildAndTheDirectorInLatin(t *testing.T) {
	s := demoStore(t)
	st, _ := s.Settings(ctx)
	st.Letterheads["en"] = data.Letterhead{Name: st.Letterheads["en"].Name} // no director given for English
	must(t, s.SaveSettings(ctx, st))
	id := childID(t, s, "2026-003")
	c, err := s.Children.Get(ctx, id)
	must(t, err)
	c.FirstName, c.LastName, c.MiddleName, c.LatinName = "Ерлан", "Жақсыбеков", "Болатұлы", ""
	must(t, s.Children.Update(ctx, c))
	plan, err := PlanLetters(ctx, s, LetterOptions{LetterSelection: data.LetterSelection{Kind: data.TemplateOutcomeThanks, ChildID: id}, Now: printed})
	must(t, err)
	pl := plan.Letters[0]
	st, _ = s.Settings(ctx)
	read := func(lang string) string {
		pl.Lang, pl.Template = lang, DefaultTemplate(data.TemplateOutcomeThanks, lang)
		b, err := renderLetter(ctx, s, st, data.TemplateOutcomeThanks, pl, printed, 0)
		must(t, err)
		return strings.Join(strings.Fields(pdfText(t, b)), " ")
	}
	en, uz, ru := read("en"), read("uz"), read("ru")
	for _, c := range []struct{ text, want string }{
		{en, "Yerlan Zhaksybekov"}, {en, "Nurlanova Asel Maratkyzy"},
		{uz, "Yerlan Jaqsibekov"}, {uz, "Asel Nurlanova"},
		{ru, "Жақсыбеков Ерлан Болатұлы"}, {ru, "Нұрланова Әсел Маратқызы"},
	} {
		if !strings.Contains(c.text, c.want) {
			t.Errorf("%q is not in:\n%s", c.want, c.text)
		}
	}
	// The name as in the passport, surname first as passports write it.
	c.LatinName = "ZHAKSYBEKOV YERLAN"
	must(t, s.Children.Update(ctx, c))
	if got := read("en"); !strings.Contains(got, "about Yerlan Zhaksybekov") {
		t.Errorf("with the passport's spelling:\n%s", got)
	}
}

// Issue 28, item 12: a letter's copy is filed among the child's documents,
// and printed in the journey report, as a person would name it — not
// "Omarova Saule donation_thanks 2026-12-04.pdf".
func TestALettersCopyIsNamedAsAPersonWould(t *testing.T) {
	s := demoStore(t)
	o := yearOptions(data.TemplateDonationThanks)
	o.Lang = "ru"
	plan, _ := PlanLetters(ctx, s, o)
	if _, _, err := writeBatch(t, s, plan, o); err != nil {
		t.Fatal(err)
	}
	var titles []string
	for _, pl := range plan.Letters {
		if pl.Child == nil {
			continue
		}
		docs, _ := s.Documents.ListFor(ctx, "child_id", pl.Child.ID)
		for _, d := range docs {
			if d.Kind == data.DocLetter {
				titles = append(titles, d.Title+" | "+d.FileName)
			}
		}
	}
	if len(titles) == 0 {
		t.Fatal("no letter was filed with a child")
	}
	day := data.DateOf(printed).Words("ru")
	for _, title := range titles {
		if !strings.HasPrefix(title, "Благодарственное письмо ") || !strings.Contains(title, ", "+day+" | ") || strings.Contains(title, "donation_thanks") {
			t.Errorf("filed as %q", title)
		}
	}
}

// Issue 29, item 1: a batch is stored once and each letter's copy is its
// pages of it — the donor's letter and nobody else's, the same bytes each
// time it is opened, and the same file the donor was sent by e-mail.
func TestABatchIsStoredOnceAndEachCopyIsItsPages(t *testing.T) {
	s := demoStore(t)
	o := yearOptions(data.TemplateDonationThanks)
	o.PerDonorDir = filepath.Join(t.TempDir(), "e-mail")
	plan, _ := PlanLetters(ctx, s, o)
	if len(plan.Letters) < 3 {
		t.Fatalf("the demo plans %d letters", len(plan.Letters))
	}
	filesBefore := storedFiles(t, s)
	res, batch, err := writeBatch(t, s, plan, o)
	if err != nil {
		t.Fatal(err)
	}
	if added := storedFiles(t, s) - filesBefore; added != 1 {
		t.Errorf("the batch of %d letters added %d stored files, want 1 (the batch)", len(plan.Letters), added)
	}
	sum := sha256.Sum256(batch)
	for i, pl := range plan.Letters {
		letters, _ := s.Letters.ListFor(ctx, "donor_id", pl.Donor.ID)
		if len(letters) != 1 {
			t.Fatalf("%s has %d letters", pl.Donor.DisplayName, len(letters))
		}
		doc, _ := s.Documents.Get(ctx, letters[0].DocumentID)
		if doc.SHA256 != hex.EncodeToString(sum[:]) || doc.Pages == "" {
			t.Fatalf("%s's copy is file %s pages %q, not pages of the batch", pl.Donor.DisplayName, doc.SHA256[:8], doc.Pages)
		}
		read := func() []byte {
			f, err := s.OpenFile(doc)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			b, _ := io.ReadAll(f)
			return b
		}
		copy1, copy2 := read(), read()
		if !bytes.Equal(copy1, copy2) {
			t.Errorf("%s's copy reads differently each time", pl.Donor.DisplayName)
		}
		text := strings.Join(strings.Fields(pdfText(t, copy1)), " ")
		if !strings.Contains(text, pl.Donor.DisplayName) {
			t.Errorf("%s's copy does not name them:\n%s", pl.Donor.DisplayName, text)
		}
		for j, other := range plan.Letters {
			if j != i && !strings.Contains(pl.Donor.DisplayName, other.Donor.DisplayName) && strings.Contains(text, other.Donor.DisplayName) {
				t.Errorf("%s's copy holds the letter to %s", pl.Donor.DisplayName, other.Donor.DisplayName)
			}
		}
		sent, err := os.ReadFile(res.Files[i])
		if err != nil || !bytes.Equal(sent, copy1) {
			t.Errorf("%s: the e-mailed file is not the stored copy (%v)", pl.Donor.DisplayName, err)
		}
	}
	if problems, err := s.VerifyFiles(ctx, nil); err != nil || len(problems) != 0 {
		t.Errorf("VerifyFiles: %v %+v", err, problems)
	}
}

func storedFiles(t *testing.T, s *data.Store) int {
	t.Helper()
	n := 0
	filepath.WalkDir(s.FilesDir(), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			n++
		}
		return nil
	})
	return n
}

// A large batch reads its donors at once: a donor in the Trash is still
// skipped, and the letters are in the donors' alphabetical order.
func TestALargeBatchPlansEveryDonorOnce(t *testing.T) {
	s := demoStore(t)
	var trashed string
	for i := range 60 {
		d := &data.Donor{DisplayName: fmt.Sprintf("Жертвователь %02d", 60-i)}
		if err := s.Donors.Create(ctx, d); err != nil {
			t.Fatal(err)
		}
		if err := s.Donations.Create(ctx, &data.Donation{DonorID: d.ID, ReceivedOn: data.MustDate("2026-03-01"), Amount: money.M(100000, "KZT")}); err != nil {
			t.Fatal(err)
		}
		if i == 7 {
			trashed = d.DisplayName
			if err := s.Donors.Delete(ctx, d.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
	plan, err := PlanLetters(ctx, s, yearOptions(data.TemplateDonationThanks))
	if err != nil {
		t.Fatal(err)
	}
	var skipped bool
	for _, sk := range plan.Skipped {
		skipped = skipped || sk.Who == trashed && sk.Reason == "donor_in_trash"
	}
	if !skipped {
		t.Errorf("the donor in the Trash was not skipped: %+v", plan.Skipped)
	}
	for i := 1; i < len(plan.Letters); i++ {
		if data.Fold(plan.Letters[i-1].Donor.DisplayName) > data.Fold(plan.Letters[i].Donor.DisplayName) {
			t.Fatalf("letters out of order: %s before %s", plan.Letters[i-1].Donor.DisplayName, plan.Letters[i].Donor.DisplayName)
		}
		if plan.Letters[i].Donor.DisplayName == trashed {
			t.Fatal("a letter to a donor in the Trash")
		}
	}
}
