package ui

import (
	"fyne.io/fyne/v2/dialog"

	"carebook/data"
)

// The interface languages, each named in itself.
var uiLanguageNames = []string{"", "English", "Русский", "Қазақша"}

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
	f.text("volunteer", T("Your name (recorded on every change)"), &st.Volunteer, false, false)
	f.text("foundation_name", T("Foundation name"), &st.FoundationName, false, false)
	f.text("foundation_address", T("Foundation address"), &st.FoundationAddress, false, true).SetMinRowsVisible(2)
	f.text("director_name", T("Director"), &st.DirectorName, false, false)
	f.text("signature_line", T("Signature line"), &st.SignatureLine, false, false)
	codes := data.CurrencyCodes()
	f.choice("base_currency", T("Base currency"), &st.BaseCurrency, codes, codes, true)
	f.text("bank_details", T("Bank details for appeals"), &st.BankDetails, false, true).SetMinRowsVisible(3)
	f.text("payment_link", T("Payment link"), &st.PaymentLink, false, false)
	language := u.app.Preferences().String(prefLanguage)
	names := append([]string{T("Follow the system")}, uiLanguageNames[1:]...)
	f.choice("language", T("Interface language"), &language, uiLanguages, names, true)
	before := language
	f.submit = func() error {
		if err := u.store.SaveSettings(u.ctx, st); err != nil {
			return err
		}
		u.app.Preferences().SetString(prefLanguage, language)
		u.win.SetTitle(u.windowTitle())
		return nil
	}
	f.done = func() {
		text := T("The settings are saved.")
		if language != before {
			text += "\n" + T("Restart Carebook to switch the interface language.")
			before = language
		}
		dialog.ShowInformation(T("Settings"), text, u.win)
	}
	f.cancelled = func() { u.showSection(u.current) } // back to what is stored
	return &settingsPage{f}
}
