package ui

import (
	"context"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// A long job runs off the window's thread behind a progress dialog: a title,
// a line saying what is happening, a bar, and (when the job can stop
// cleanly) Cancel. This file is the only place that shows one, hands the
// result back to the window's thread, and knows that tests run it all at
// once (syncLoads).

// job is what a long job sees of its dialog.
type job struct {
	// ctx is cancelled by Cancel and when the window closes.
	ctx  context.Context
	bar  *widget.ProgressBar
	line *widget.Label
}

// Progress moves the bar to done of total; safe from the job's goroutine.
func (j *job) Progress(done, total int) {
	if syncLoads || j.bar == nil || total <= 0 {
		return
	}
	fyne.Do(func() { j.bar.SetValue(float64(done) / float64(total)) })
}

// Say changes the line of text under the title; safe from the job's goroutine.
func (j *job) Say(text string) {
	if syncLoads {
		return
	}
	fyne.Do(func() {
		j.line.SetText(text)
		j.line.Show()
	})
}

// longJob says how a job's dialog looks.
type longJob struct {
	title string
	line  string // what is happening, under the title; may be ""
	// measured: the job reports how far it is (Progress); otherwise the
	// bar moves to say it is working.
	measured bool
	// cancel is the Cancel button's label; "" for a job that cannot stop
	// half-way (a restore, a batch being committed).
	cancel string
}

// runLong runs work behind the dialog described by l, then done with its
// result on the window's thread, after the dialog is gone.
func runLong[T any](u *App, l longJob, work func(j *job) T, done func(T)) {
	ctx, cancel := context.WithCancel(u.ctx)
	j := &job{ctx: ctx, line: widget.NewLabel(l.line)}
	var bar fyne.CanvasObject
	if l.measured {
		j.bar = widget.NewProgressBar()
		bar = j.bar
	} else {
		bar = widget.NewProgressBarInfinite()
	}
	if l.line == "" {
		j.line.Hide() // until the job says what it is doing
	}
	d := dialog.NewCustomWithoutButtons(l.title, container.NewVBox(j.line, bar), u.win)
	if l.cancel != "" {
		d.SetButtons([]fyne.CanvasObject{newButtonWithIcon(l.cancel, theme.CancelIcon(), cancel)})
	}
	if !syncLoads {
		d.Show()
	}
	background(func() T {
		defer cancel()
		return work(j)
	}, func(v T) {
		d.Hide()
		done(v)
	})
}

// syncLoads makes list loads and long jobs run on the calling goroutine
// (tests set it, so that no load outlives its test).
var syncLoads = false

// background runs work off the UI thread and then done on it (both at once
// under tests).
func background[T any](work func() T, done func(T)) {
	if syncLoads {
		done(work())
		return
	}
	loads.Add(1)
	go func() {
		defer loads.Done()
		v := work()
		fyne.Do(func() { done(v) })
	}()
}

// loads counts the background loads not yet shown.
var loads sync.WaitGroup
