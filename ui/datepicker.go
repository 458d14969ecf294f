package ui

import (
	"fmt"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"carebook/data"
)

// datePicker is a month of days to pick one from, in the interface
// language (Fyne's own calendar names the month in English only). Weeks
// start on Monday, as in Kazakhstan, Russia and Uzbekistan.
type datePicker struct {
	month    time.Time // the first of the month shown
	chosen   data.Date
	onChosen func(data.Date)
	heading  *widget.Label
	days     *fyne.Container
	root     fyne.CanvasObject
}

func newDatePicker(start data.Date, onChosen func(data.Date)) *datePicker {
	if start.IsZero() {
		start = data.DateOf(time.Now())
	}
	p := &datePicker{chosen: start, onChosen: onChosen,
		month: time.Date(start.Year, start.Month, 1, 0, 0, 0, 0, time.Local)}
	p.heading = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	prev := newButtonWithIcon("", theme.NavigateBackIcon(), func() { p.show(p.month.AddDate(0, -1, 0)) })
	next := newButtonWithIcon("", theme.NavigateNextIcon(), func() { p.show(p.month.AddDate(0, 1, 0)) })
	prev.Importance, next.Importance = widget.LowImportance, widget.LowImportance
	p.days = container.NewGridWithColumns(7)
	p.root = container.NewBorder(container.NewBorder(nil, nil, prev, next, p.heading), nil, nil, nil, p.days)
	p.show(p.month)
	return p
}

// weekdays are the short names of the days, Monday first.
var weekdays = []string{"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}

func (p *datePicker) show(month time.Time) {
	p.month = month
	p.heading.SetText(fmt.Sprintf("%s %d", data.MonthName(month.Month(), Language()), month.Year()))
	var cells []fyne.CanvasObject
	for _, d := range weekdays {
		l := widget.NewLabelWithStyle(lang.X(d+".short", d[:3]), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
		cells = append(cells, l)
	}
	lead := (int(month.Weekday()) + 6) % 7 // Monday first
	for range lead {
		cells = append(cells, widget.NewLabel(""))
	}
	today := data.DateOf(time.Now())
	for day := month; day.Month() == month.Month(); day = day.AddDate(0, 0, 1) {
		d := data.DateOf(day)
		b := newButton(strconv.Itoa(day.Day()), func() {
			if p.onChosen != nil {
				p.onChosen(d)
			}
		})
		switch {
		case d == p.chosen:
			b.Importance = widget.HighImportance
		case d == today:
			b.Importance = widget.MediumImportance
		default:
			b.Importance = widget.LowImportance
		}
		cells = append(cells, b)
	}
	p.days.Objects = cells
	p.days.Refresh()
}
