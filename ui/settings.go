package ui

import (
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"carebook/data"
	"carebook/internal/translit"
	"carebook/internal/vocab"
	"carebook/money"
)

// The interface languages, each named in itself.
var uiLanguageNames = []string{"", "English", "Русский", "Қазақша", "Oʻzbekcha"}

// settingsPage edits the foundation's details and this laptop's choices.
type settingsPage struct {
	*form
}

func newSettingsPage(u *App) page {
	st, err := u.store.Settings(u.ctx)
	if err != nil {
		u.showError(err)
	}
	f := newForm(u, T("Settings"))
	if has, _ := u.store.HasPeople(u.ctx); !has {
		f.text("volunteer", T("Your name"), &st.Volunteer, false, false)
		f.explain(T("Recorded on every change you make."))
	}
	// The foundation's own settings are the head office's: a regional
	// office sees them as they arrived, and cannot change them.
	office, _ := u.store.Office(u.ctx)
	foundation := []fyne.Disableable{
		f.text("foundation_name", T("Foundation name"), &st.FoundationName, false, false),
	}
	if !office.Head {
		f.explain(T("The head office sets the foundation's details for every office; they arrive with its bundles or through the hub."))
	}
	address := f.text("foundation_address", T("Foundation address"), &st.FoundationAddress, false, true)
	address.SetMinRowsVisible(2)
	foundation = append(foundation, address,
		f.text("director_name", T("Director"), &st.DirectorName, false, false),
		f.text("signature_line", T("Signature line"), &st.SignatureLine, false, false))
	codes := money.CurrencyCodes()
	foundation = append(foundation, f.choice("base_currency", T("Base currency"), &st.BaseCurrency, codes, codes, true))
	bank := f.text("bank_details", T("Bank details for appeals"), &st.BankDetails, false, true)
	bank.SetMinRowsVisible(3)
	foundation = append(foundation, bank, f.text("payment_link", T("Payment link"), &st.PaymentLink, false, false))
	foundation = append(foundation, f.number("max_file_mb", T("Largest document, MB"), &st.MaxFileMB))
	f.explain(T("Empty: 200 MB."))
	if !office.Head {
		for _, e := range foundation {
			e.Disable()
		}
	}
	language := u.app.Preferences().String(prefLanguage)
	names := append([]string{T("Follow the system")}, uiLanguageNames[1:]...)
	f.choice("language", T("Interface language"), &language, uiLanguages, names, true)
	before := language
	f.submit = func() error {
		// Other pages save the checklists and the logo: keep theirs.
		cur, err := u.store.Settings(u.ctx)
		if err != nil {
			return err
		}
		st.Checklists, st.Validity, st.LogoDocumentID, st.BackupFolder = cur.Checklists, cur.Validity, cur.LogoDocumentID, cur.BackupFolder
		st.ThanksDays, st.UsualDays = cur.ThanksDays, cur.UsualDays
		if err := u.store.SaveSettings(u.ctx, st); err != nil {
			return err
		}
		u.app.Preferences().SetString(prefLanguage, language)
		u.win.SetTitle(u.windowTitle())
		return nil
	}
	f.done = func() {
		if language != before {
			u.applyLanguage(language) // at once: the whole window speaks it now
		}
		u.inform(T("Settings"), T("The settings are saved."))
	}
	f.cancelled = func() { u.showSection(u.current) } // back to what is stored
	// The other settings pages and the backup are not part of this form's
	// save: they stand in the page, not beside Save and Cancel.
	last, _ := u.statusText()
	f.below = []fyne.CanvasObject{widget.NewSeparator(), heading(T("More settings")), hint(last), container.NewGridWithColumns(3,
		newButtonWithIcon(T("People…"), theme.AccountIcon(), func() {
			u.leave(func() { u.push(newPeoplePage(u)) }, nil)
		}),
		newButtonWithIcon(T("Safety…"), theme.VisibilityOffIcon(), func() {
			u.leave(func() { u.push(newSafetyPage(u)) }, nil)
		}),
		newButtonWithIcon(T("Document checklists…"), theme.ListIcon(), func() {
			u.leave(func() { u.push(checklistSettings(u)) }, nil)
		}),
		newButtonWithIcon(T("What Today lists…"), theme.CalendarIcon(), func() {
			u.leave(func() { u.push(todaySettings(u)) }, nil)
		}),
		newButtonWithIcon(T("Letterheads by language…"), theme.MailComposeIcon(), func() {
			u.leave(func() { u.push(letterheadSettings(u)) }, nil)
		}),
		newButtonWithIcon(T("Hub…"), theme.MailForwardIcon(), func() {
			u.leave(func() { u.push(hubPage(u)) }, nil)
		}),
		newButtonWithIcon(T("Exchange rates…"), moneyIcon, func() {
			u.leave(func() { u.push(newRatesPage(u)) }, nil)
		}),
		newButtonWithIcon(T("Bank layouts…"), theme.GridIcon(), func() {
			u.leave(func() { u.push(newLayoutsPage(u)) }, nil)
		}),
		newButtonWithIcon(T("Foundation logo…"), theme.FileImageIcon(), func() { u.chooseLogo() }),
		newButtonWithIcon(T("Backups…"), theme.StorageIcon(), func() {
			u.leave(func() { u.push(newBackupsPage(u)) }, nil)
		}),
	)}
	return &settingsPage{f}
}

// todaySettings edits when Today speaks up: how long a donation waits for
// its thank-you, and how long a case usually stays in each status.
func todaySettings(u *App) *form {
	st, err := u.store.Settings(u.ctx)
	if err != nil {
		u.showError(err)
	}
	f := newForm(u, T("What Today lists"))
	thanks := st.ThanksDays
	f.number("today_thanks_days", T("Days a donation waits for its thank-you"), &thanks)
	f.explain(T("After this many days an unthanked donation is listed on Today."))
	days := map[data.Status]*int{}
	first := true
	for _, s := range data.AllStatuses {
		if !s.IsOpen() {
			continue
		}
		d := st.UsualDays[s]
		days[s] = &d
		f.number("today_usual_days", StatusLabel(s), &d)
		if first {
			f.explain(T("How many days a case usually stays in each status; longer, and Today lists it. Empty: never."))
			first = false
		}
	}
	f.submit = func() error {
		st.ThanksDays = thanks
		st.UsualDays = map[data.Status]int{}
		for s, d := range days {
			st.UsualDays[s] = *d
		}
		return u.store.SaveSettings(u.ctx, st)
	}
	f.done = u.pop
	f.cancelled = u.pop
	return f
}

// checklistSettings edits which papers each program requires and how long
// each kind of paper stays valid.
func checklistSettings(u *App) *form {
	st, err := u.store.Settings(u.ctx)
	if err != nil {
		u.showError(err)
	}
	f := newForm(u, T("Document checklists"))
	kinds, labels := choices(data.AllDocumentKinds, vocab.DocumentKindText)
	programs, _ := u.valuesOf("program")
	lists := map[string]*[]string{}
	for _, program := range append([]string{""}, programs...) {
		var cur []string
		for _, k := range st.RequiredKinds(program) {
			cur = append(cur, string(k))
		}
		lists[program] = &cur
		label := "«" + program + "»"
		if program == "" {
			label = T("Every program")
		}
		f.multi("checklists", label, kinds, labels, &cur)
		if program == "" {
			f.explain(T("The papers a case needs before review, unless its program has a list of its own below."))
		}
	}
	days := map[data.DocumentKind]*int{}
	for i, k := range data.AllDocumentKinds {
		d := st.Validity[k]
		days[k] = &d
		f.number("validity", labels[i], &d)
		if i == 0 {
			f.explain(T("How many days a paper of this kind stays valid after it was issued; empty: always."))
		}
	}
	f.submit = func() error {
		def := *lists[""]
		st.Checklists = map[string][]data.DocumentKind{"": toKinds(def)}
		for program, l := range lists {
			if program != "" && !slices.Equal(*l, def) {
				st.Checklists[program] = toKinds(*l)
			}
		}
		st.Validity = map[data.DocumentKind]int{}
		for k, d := range days {
			if *d != 0 {
				st.Validity[k] = *d
			}
		}
		return u.store.SaveSettings(u.ctx, st)
	}
	f.done = u.pop
	f.cancelled = u.pop
	return f
}

// letterLanguageNames are the languages letters are written in, each named
// in itself.
var letterLanguageNames = []struct{ code, name string }{
	{"ru", "Русский"}, {"kk", "Қазақша"}, {"en", "English"}, {"uz", "Oʻzbekcha"},
}

// letterheadSettings edits the foundation's name, address and signature
// line as each letter language writes them.
func letterheadSettings(u *App) *form {
	st, err := u.store.Settings(u.ctx)
	if err != nil {
		u.showError(err)
	}
	f := newForm(u, T("Letterheads by language"))
	f.explain(T("A letter in Kazakh, English or Uzbek carries the foundation's name, address, signature line and director's name in that language. Empty: the details on the Settings page are used (in English and Uzbek letters, in Latin letters)."))
	heads := map[string]*data.Letterhead{}
	for _, l := range letterLanguageNames {
		h := st.Letterheads[l.code]
		heads[l.code] = &h
		f.text("letterheads", T("Foundation name")+" · "+l.name, &h.Name, false, false)
		f.text("letterheads", T("Foundation address")+" · "+l.name, &h.Address, false, true).SetMinRowsVisible(2)
		f.text("letterheads", T("Signature line")+" · "+l.name, &h.SignatureLine, false, false)
		e := f.text("letterheads", T("Director's name")+" · "+l.name, &h.Director, false, false)
		if l.code == "en" || l.code == "uz" {
			e.SetPlaceHolder(translit.For(st.DirectorName, l.code)) // what letters write when it is empty
		}
	}
	f.submit = func() error {
		cur, err := u.store.Settings(u.ctx)
		if err != nil {
			return err
		}
		cur.Letterheads = map[string]data.Letterhead{}
		for code, h := range heads {
			if *h != (data.Letterhead{}) {
				cur.Letterheads[code] = *h
			}
		}
		return u.store.SaveSettings(u.ctx, cur)
	}
	f.done = u.pop
	f.cancelled = u.pop
	return f
}

func toKinds(s []string) []data.DocumentKind {
	out := make([]data.DocumentKind, len(s))
	for i, v := range s {
		out[i] = data.DocumentKind(v)
	}
	return out
}

// chooseLogo stores an image as the foundation's logo for the reports.
func (u *App) chooseLogo() {
	u.chooseFile([]string{".png", ".jpg", ".jpeg"}, func(path string) {
		if err := u.setLogo(path); err != nil {
			u.showError(err)
			return
		}
		u.inform(T("Foundation logo"), T("The logo will appear at the top of every report."))
	})
}

func (u *App) setLogo(path string) error {
	return u.store.SetLogo(u.ctx, path, T("Foundation logo"))
}
