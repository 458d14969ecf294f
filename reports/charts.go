package reports

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"sort"
	"strconv"
	"sync"
	"time"

	"git.sr.ht/~sbinet/gg"
	xfont "golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"gonum.org/v1/plot"
	pfont "gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"carebook/assets"
	"carebook/data"
	"carebook/internal/vocab"
	"carebook/money"
)

// The Dashboard's pictures, drawn with gonum/plot in Noto Sans (every
// language's letters), the same in the window, saved as PNG and in the
// grant report.

// Charts a Dashboard draws.
const (
	ChartMoney    = "money"   // donations per month, this year against last
	ChartGap      = "gap"     // what open cases still lack, per program
	ChartStatus   = "status"  // cases per status
	ChartRegion   = "region"  // children helped in the year per region
	ChartProgram  = "program" // raised and spent in the year per program
	chartFontFace = pfont.Typeface("Noto")
)

// AllCharts are the charts in the order the Dashboard shows them.
var AllCharts = []string{ChartMoney, ChartGap, ChartStatus, ChartRegion, ChartProgram}

var chartFonts sync.Once

func useChartFonts() {
	chartFonts.Do(func() {
		var coll pfont.Collection
		for _, f := range []struct {
			b      []byte
			weight xfont.Weight
		}{{assets.NotoSansRegular, xfont.WeightNormal}, {assets.NotoSansBold, xfont.WeightBold}} {
			face, err := opentype.Parse(f.b)
			if err != nil {
				continue
			}
			fnt := pfont.Font{Typeface: chartFontFace, Weight: f.weight}
			coll = append(coll, pfont.Face{Font: fnt, Face: face})
		}
		pfont.DefaultCache.Add(coll)
		plot.DefaultFont = pfont.Font{Typeface: chartFontFace}
	})
}

// The foundation's colours: this year (or raised) and last year (or spent).
var (
	chartBlue   = color.RGBA{31, 111, 139, 255}
	chartOrange = color.RGBA{232, 150, 60, 255}
)

// ChartTitle is a chart's title in a language.
func ChartTitle(kind, lang string, d *Dashboard) string {
	tr := translator(lang)
	switch kind {
	case ChartMoney:
		return fmt.Sprintf(tr("Donations per month, %s"), d.Base)
	case ChartGap:
		return fmt.Sprintf(tr("Still to raise for open cases, per program, %s"), d.Base)
	case ChartStatus:
		return tr("Cases per status")
	case ChartRegion:
		return tr("Children per region")
	case ChartProgram:
		return fmt.Sprintf(tr("Raised and spent per program, %s"), d.Base)
	}
	return kind
}

// Chart draws one of the Dashboard's charts, w × h pixels.
func Chart(kind string, d *Dashboard, lang string, w, h int) (image.Image, error) {
	return chart(kind, d, lang, w, h, 96)
}

// chart draws a chart laid out for w × h pixels at 96 dpi, at dpi (a
// printed chart at twice the pixels, laid out the same).
func chart(kind string, d *Dashboard, lang string, w, h int, dpi float64) (img image.Image, err error) {
	defer func() { // the plotting library panics on what it cannot draw
		if r := recover(); r != nil {
			img, err = nil, fmt.Errorf("the chart %q could not be drawn: %v", kind, r)
		}
	}()
	useChartFonts()
	tr := translator(lang)
	p := plot.New()
	p.Title.Text = ChartTitle(kind, lang, d)
	p.Title.TextStyle.Font.Size = vg.Points(13)
	p.BackgroundColor = color.White
	major := func(minor int64) float64 { return money.M(minor, d.Base).Float() }
	var labels []string
	var series [][]float64
	var names []string
	horizontal := false
	switch kind {
	case ChartMoney:
		for m := time.January; m <= time.December; m++ {
			labels = append(labels, monthShort(m, lang))
		}
		var this, last []float64
		for i := range 12 {
			this = append(this, major(d.ThisYear[i]))
			last = append(last, major(d.LastYear[i]))
		}
		series, names = [][]float64{this, last}, []string{strconv.Itoa(d.Year), strconv.Itoa(d.Year - 1)}
	case ChartGap:
		labels, series = sortedBars(d.GapByProgram, func(k string) string { return orWord(k, tr("no program")) }, major)
		horizontal = true
	case ChartStatus:
		counts := map[string]int64{}
		for st, n := range d.ByStatus {
			counts[string(st)] = int64(n)
		}
		labels, series = sortedBars(counts, func(k string) string { return tr(vocab.Label(vocab.StatusText, data.Status(k))) },
			func(n int64) float64 { return float64(n) })
		horizontal = true
	case ChartRegion:
		counts := map[string]int64{}
		for r, n := range d.Totals.ChildrenByArea {
			counts[r] = int64(n)
		}
		labels, series = sortedBars(counts, func(k string) string {
			if k == hiddenRegion {
				return tr("region not published")
			}
			return orWord(k, tr("no region"))
		}, func(n int64) float64 { return float64(n) })
		horizontal = true
	case ChartProgram:
		raised := map[string]int64{}
		for k, v := range d.Totals.ByProgram {
			raised[k] = v[0]
		}
		labels, series = sortedBars(raised, func(k string) string { return orWord(k, tr("no program")) }, major)
		var spent []float64
		for _, l := range sortedKeys(raised) {
			spent = append(spent, major(d.Totals.ByProgram[l][1]))
		}
		series = append(series, spent)
		names = []string{tr("Raised"), tr("Spent")}
		horizontal = true
	default:
		return nil, fmt.Errorf("no chart %q", kind)
	}
	if len(labels) == 0 {
		p.Title.Text += "\n" + tr("nothing yet")
	}
	width := vg.Points(float64(w) / float64(max(len(labels), 1)) * 0.6 / float64(max(len(series), 1)))
	if horizontal {
		width = vg.Points(float64(h) / float64(max(len(labels), 1)) * 0.55 / float64(max(len(series), 1)))
	}
	width = min(width, vg.Points(28))
	for i, values := range series {
		if len(values) == 0 {
			continue
		}
		bars, err := plotter.NewBarChart(plotter.Values(values), width)
		if err != nil {
			return nil, err
		}
		bars.LineStyle.Width = 0
		bars.Color = []color.Color{chartBlue, chartOrange}[i%2]
		bars.Horizontal = horizontal
		bars.Offset = vg.Length(float64(i)-float64(len(series)-1)/2) * width
		p.Add(bars)
		if len(names) > i {
			p.Legend.Add(names[i], bars)
		}
	}
	p.Title.Padding = vg.Points(8)
	// The legend where the bars are short: a month chart's top right, a
	// ranking's bottom right (its smallest bar).
	p.Legend.Top = !horizontal
	// Room beyond the largest bar for the legend.
	headroom := 1.0
	if len(names) > 0 {
		headroom = 1.3
	}
	most := 0.0
	for _, values := range series {
		for _, v := range values {
			most = max(most, v)
		}
	}
	switch {
	case len(labels) == 0: // nothing to draw (the axis of no names would panic)
	case horizontal:
		p.NominalY(labels...)
		p.X.Tick.Marker = groupedTicks{lang}
		p.X.Min, p.X.Max = 0, max(most*headroom, 1)
	default:
		p.NominalX(labels...)
		p.Y.Tick.Marker = groupedTicks{lang}
		p.Y.Min, p.Y.Max = 0, max(most*headroom, 1)
	}
	// The canvas draws straight into its picture (vgimg would otherwise
	// make one and copy it: a printed chart is 1 600 × 800 pixels).
	pic := image.NewRGBA(image.Rect(0, 0, int(float64(w)*dpi/96+0.5), int(float64(h)*dpi/96+0.5)))
	gc := gg.NewContextForRGBA(pic)
	gc.SetLineCapButt()
	gc.InvertY()
	c := vgimg.NewWith(vgimg.UseImageWithContext(pic, gc), vgimg.UseDPI(int(dpi)))
	// A margin all round, so that no label touches the edge.
	p.Draw(draw.Crop(draw.New(c), vg.Points(10), -vg.Points(10), vg.Points(4), -vg.Points(6)))
	return c.Image(), nil
}

// ChartPNG is a chart as a PNG file.
func ChartPNG(kind string, d *Dashboard, lang string, w, h int) ([]byte, error) {
	img, err := Chart(kind, d, lang, w, h)
	if err != nil {
		return nil, err
	}
	return encodePNG(img)
}

// encodePNG writes a chart's picture quickly: it is mostly white, so the
// fastest compression costs little in size.
func encodePNG(img image.Image) ([]byte, error) {
	var b bytes.Buffer
	err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&b, img)
	return b.Bytes(), err
}

// printedCharts draws charts for print (twice the pixels) side by side,
// each on its own goroutine: a report waits for them only when it places
// them (see doc.chart).
func printedCharts(kinds []string, d *Dashboard, lang string) map[string]func() ([]byte, error) {
	out := map[string]func() ([]byte, error){}
	for _, kind := range kinds {
		type drawn struct {
			png []byte
			err error
		}
		ch := make(chan drawn, 1)
		go func() {
			img, err := chart(kind, d, lang, 800, 400, 192)
			if err != nil {
				ch <- drawn{nil, err}
				return
			}
			b, err := encodePNG(img)
			ch <- drawn{b, err}
		}()
		out[kind] = sync.OnceValues(func() ([]byte, error) { r := <-ch; return r.png, r.err })
	}
	return out
}

// sortedBars are a map's bars, largest first (at most twelve, the rest
// summed as "other" would hide who they are: they are left out).
func sortedBars(m map[string]int64, name func(string) string, value func(int64) float64) ([]string, [][]float64) {
	keys := sortedKeys(m)
	var labels []string
	var values []float64
	for _, k := range keys {
		labels = append(labels, name(k))
		values = append(values, value(m[k]))
	}
	return labels, [][]float64{values}
}

// sortedKeys are a map's keys, largest value first, at most twelve; a
// horizontal chart draws its first bar at the bottom, so they are reversed.
func sortedKeys(m map[string]int64) []string {
	var keys []string
	for k, v := range m {
		if v != 0 {
			keys = append(keys, k)
		}
	}
	sort.Slice(keys, func(i, j int) bool { return m[keys[i]] > m[keys[j]] || m[keys[i]] == m[keys[j]] && keys[i] < keys[j] })
	if len(keys) > 12 {
		keys = keys[:12]
	}
	for i, j := 0, len(keys)-1; i < j; i, j = i+1, j-1 {
		keys[i], keys[j] = keys[j], keys[i]
	}
	return keys
}

func orWord(s, instead string) string {
	if s == "" {
		return instead
	}
	return s
}

// groupedTicks marks an axis with round numbers written as the language
// writes them (1 500 000).
type groupedTicks struct{ lang string }

func (g groupedTicks) Ticks(lo, hi float64) []plot.Tick {
	ticks := plot.DefaultTicks{}.Ticks(lo, hi)
	for i := range ticks {
		if ticks[i].Value != float64(int64(ticks[i].Value)) {
			ticks[i].Label = "" // a count has no half: a tick without a number
		}
		if ticks[i].Label != "" {
			ticks[i].Label = money.M(int64(ticks[i].Value)*100, "XXX").Number(g.lang)
			ticks[i].Label = trimCents(ticks[i].Label)
		}
	}
	return ticks
}

// trimCents drops the ",00" a whole number is written with.
func trimCents(s string) string {
	if len(s) > 3 && (s[len(s)-3] == ',' || s[len(s)-3] == '.') {
		return s[:len(s)-3]
	}
	return s
}

// monthShort is a month's name cut to three letters, as an axis has room
// for ("Қаң", "Янв", "Jan").
func monthShort(m time.Month, lang string) string {
	r := []rune(data.MonthName(m, lang))
	return string(r[:min(3, len(r))])
}
