package ui

import (
	"fmt"
	"image"
	"io"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"carebook/data/filestore"
	"carebook/money"
	"carebook/reports"
)

// dashboardPage is the foundation at a glance for a director: a year's
// figures and pictures — the grant report's own, so that what the director
// sees is what the sponsor reads.
type dashboardPage struct {
	u      *App
	root   fyne.CanvasObject
	body   *fyne.Container
	year   *widget.Select
	dash   *reports.Dashboard
	charts map[string]*canvas.Image
}

func newDashboardPage(u *App) page { return &dashboardPage{u: u} }

// chartW and chartH are the size a chart is drawn at, in the window's units.
const chartW, chartH = 560, 300

func (p *dashboardPage) view() fyne.CanvasObject {
	if p.root != nil {
		return p.root
	}
	this := p.u.store.Today().Year
	var years []string
	for y := this; y > this-5; y-- {
		years = append(years, strconv.Itoa(y))
	}
	p.year = widget.NewSelect(years, func(string) { p.refresh() })
	p.year.SetSelectedIndex(0)
	p.body = container.NewVBox()
	top := container.NewBorder(nil, nil, heading(T("Dashboard")), container.NewHBox(widget.NewLabel(T("Year")), p.year))
	p.root = container.NewBorder(container.NewPadded(top), nil, nil, nil, container.NewVScroll(container.NewPadded(p.body)))
	return p.root
}

func (p *dashboardPage) refresh() {
	if p.body == nil {
		return
	}
	u := p.u
	year, err := strconv.Atoi(p.year.Selected)
	if err != nil {
		year = u.store.Today().Year
	}
	lang := Language()
	scale := u.win.Canvas().Scale()
	type drawn struct {
		dash   *reports.Dashboard
		images map[string]image.Image
		err    error
	}
	p.body.Objects = []fyne.CanvasObject{widget.NewLabel(T("Counting…"))}
	p.body.Refresh()
	background(func() drawn {
		d, err := reports.DashboardData(u.ctx, u.store, year, time.Now())
		if err != nil {
			return drawn{err: err}
		}
		out := drawn{dash: d, images: map[string]image.Image{}}
		for _, k := range reports.AllCharts {
			img, err := reports.Chart(k, d, lang, int(chartW*scale), int(chartH*scale))
			if err != nil {
				return drawn{err: err}
			}
			out.images[k] = img
		}
		return out
	}, func(r drawn) {
		if r.err != nil {
			p.body.Objects = []fyne.CanvasObject{widget.NewLabel(errorText(r.err))}
			p.body.Refresh()
			return
		}
		p.dash = r.dash
		p.show(r.images)
	})
}

// show lays out the figures and the charts.
func (p *dashboardPage) show(images map[string]image.Image) {
	d, lang := p.dash, Language()
	t := d.Totals
	fm := func(m money.Money) string { return m.Format(lang) }
	days := T("no case funded yet this year")
	if d.FundedCases > 0 {
		days = TN("{{.Count}} days on average", int(d.DaysToFunded+0.5)) + " · " + TN("{{.Count}} cases funded", d.FundedCases)
	}
	figures := [][2]string{
		{T("Raised for children"), fm(t.Raised)},
		{T("Donations to the general fund"), fm(t.GeneralFund)},
		{T("Spent on treatment"), fm(t.Spent)},
		{T("Children the foundation paid for"), fmt.Sprint(t.Helped)},
		{T("From intake to Funded"), days},
		{T("Donors"), TN("{{.Count}} new", d.DonorsNew) + " · " + TN("{{.Count}} returning", d.DonorsReturning)},
	}
	grid := container.New(layout.NewGridLayout(3))
	for _, f := range figures {
		v := widget.NewLabelWithStyle(f[1], fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		v.SizeName = theme.SizeNameSubHeadingText
		v.Wrapping = fyne.TextWrapWord
		grid.Add(container.NewVBox(widget.NewLabel(f[0]), v))
	}
	p.charts = map[string]*canvas.Image{}
	charts := container.New(layout.NewGridWrapLayout(fyne.NewSize(chartW, chartH+44)))
	for _, k := range reports.AllCharts {
		img := canvas.NewImageFromImage(images[k])
		img.FillMode = canvas.ImageFillContain
		img.SetMinSize(fyne.NewSize(chartW, chartH))
		p.charts[k] = img
		save := newButtonWithIcon(T("Save as PNG…"), theme.DocumentSaveIcon(), func() { p.savePNG(k) })
		save.Importance = widget.LowImportance
		charts.Add(container.NewBorder(nil, container.NewHBox(save), nil, nil, img))
	}
	note := hint(T("The same figures as the grant report for the year, every case; amounts in {{.Base}} at the rate of each day.", map[string]any{"Base": d.Base}))
	p.body.Objects = []fyne.CanvasObject{grid, note, widget.NewSeparator(), charts}
	p.body.Refresh()
}

// savePNG writes a chart as a PNG file where the person chooses, drawn at
// twice the window's size for print.
func (p *dashboardPage) savePNG(kind string) {
	u, d := p.u, p.dash
	name := filestore.SafeFileName(reports.ChartTitle(kind, Language(), d)+" "+strconv.Itoa(d.Year)+".png", "chart.png")
	u.chooseSaveAs(name, []string{".png"}, func(path string) {
		b, err := reports.ChartPNG(kind, d, Language(), chartW*2, chartH*2)
		if err == nil {
			err = filestore.WriteAtomic(path, func(w io.Writer) error { _, err := w.Write(b); return err }, nil)
		}
		if err != nil {
			u.showError(err)
			return
		}
		u.inform(T("Saved"), T("The chart was saved as {{.Path}}.", map[string]any{"Path": path}))
	})
}
