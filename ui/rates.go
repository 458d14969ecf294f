package ui

import (
	"os"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"carebook/data"
	"carebook/data/filestore"
	"carebook/money"
)

// ratesPage lists the exchange rates and takes new ones by hand or from a
// CSV file. Carebook never fetches rates: it works offline.
type ratesPage struct {
	*form
	rate *data.ExchangeRate
	list *fyne.Container
	base string
}

func newRatesPage(u *App) *ratesPage {
	st, _ := u.store.Settings(u.ctx)
	rp := &ratesPage{form: newForm(u, T("Exchange rates")), rate: &data.ExchangeRate{On: u.store.Today()}, base: st.BaseCurrency}
	f := rp.form
	f.date("on_date", T("Date"), &rp.rate.On, true)
	codes := money.CurrencyCodes()
	rp.rate.Currency = "EUR"
	f.choice("currency", T("Currency"), &rp.rate.Currency, codes, codes, true)
	f.text("rate", T("Units of {{.Base}} for one unit", map[string]any{"Base": st.BaseCurrency}), &rp.rate.Rate, true, false).onEnter = f.trySave
	f.text("source", T("Source"), &rp.rate.Source, false, false)
	rp.list = container.NewVBox()
	f.below = []fyne.CanvasObject{widget.NewSeparator(), heading(T("Rates entered")), rp.list}
	f.extra = []fyne.CanvasObject{newButtonWithIcon(T("Import rates from CSV…"), theme.UploadIcon(), rp.importCSV)}
	f.submit = func() error {
		r := *rp.rate
		return u.store.ExchangeRates.Create(u.ctx, &r)
	}
	f.done = func() {
		rp.rate.Rate = ""
		for _, ff := range f.fields {
			if ff.name == "rate" {
				ff.focus.(*formEntry).SetText("")
			}
		}
		f.initial = f.values()
		rp.refresh()
	}
	f.cancelled = u.pop
	f.view()
	rp.refresh()
	return rp
}

func (rp *ratesPage) refresh() {
	rates, err := rp.u.store.ExchangeRates.All(rp.u.ctx)
	if err != nil {
		rp.u.showError(err)
		return
	}
	rp.list.Objects = nil
	if len(rates) == 0 {
		rp.list.Add(hint(T("No rates yet. Amounts in other currencies stay in their own currency until a rate is entered.")))
	}
	for i := len(rates) - 1; i >= 0; i-- {
		r := rates[i]
		rp.list.Add(itemRow(r.Currency+"   "+r.On.Local(Language())+"   "+strings.ReplaceAll(r.Rate, ".", decimalMark())+" "+rp.base, r.Source, nil,
			func() {
				if err := rp.u.store.ExchangeRates.Delete(rp.u.ctx, r.ID); err != nil {
					rp.u.showError(err)
				}
				rp.refresh()
			}))
	}
	rp.list.Refresh()
	rp.relayout()
}

func decimalMark() string {
	if Language() == "en" {
		return "."
	}
	return ","
}

func (rp *ratesPage) importCSV() {
	u := rp.u
	u.chooseFile([]string{".csv", ".txt"}, func(path string) {
		f, err := os.Open(path)
		if err != nil {
			u.showError(&filestore.Error{Path: path, Kind: filestore.Unreadable, Err: err})
			return
		}
		defer f.Close()
		n, problems, err := u.store.ImportRates(u.ctx, f, T("imported from {{.File}}", map[string]any{"File": path}))
		switch {
		case err != nil:
			u.showError(err)
		case len(problems) > 0:
			labels := map[string]string{"on_date": T("Date"), "currency": T("Currency"), "rate": T("Rate")}
			var lines []string
			for _, p := range problems {
				text := T("expected date, currency and rate")
				if p.Err.Code != "columns" {
					text = labels[p.Err.Field] + ": " + fieldErrorText(p.Err, labels)
				}
				lines = append(lines, T("line {{.Line}}", map[string]any{"Line": p.Line})+": "+text)
			}
			u.inform(T("Exchange rates"), T("Nothing was imported; these lines cannot be read:")+"\n"+strings.Join(lines, "\n"))
		default:
			u.inform(T("Exchange rates"), T("Rates imported: {{.N}}.", map[string]any{"N": n}))
		}
		rp.refresh()
	})
}
