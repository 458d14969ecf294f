package ui

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"carebook/data"
	"carebook/money"
)

// keyHooks hand Esc and Ctrl+S from a focused entry to its form: Fyne gives
// keys to the focused widget, so the form would not hear them otherwise.
type keyHooks struct {
	onEscape func()
	onSave   func()
	onEnter  func() // Enter in a one-line field (fast entry saves with it)
	onFocus  func() // the field got the focus (its form scrolls it into view)
}

func (h *keyHooks) focused() {
	if h.onFocus != nil {
		h.onFocus()
	}
}

func (h *keyHooks) hooks() *keyHooks { return h }

func (h *keyHooks) key(k *fyne.KeyEvent) bool {
	switch {
	case k.Name == fyne.KeyEscape && h.onEscape != nil:
		h.onEscape()
		return true
	case (k.Name == fyne.KeyReturn || k.Name == fyne.KeyEnter) && h.onEnter != nil:
		h.onEnter()
		return true
	}
	return false
}

func (h *keyHooks) shortcut(s fyne.Shortcut) bool {
	if (isSaveShortcut(s) || isConfirmShortcut(s)) && h.onSave != nil {
		h.onSave()
		return true
	}
	return false
}

// isConfirmShortcut is Ctrl+Enter (Cmd+Enter on macOS): it saves a form or
// confirms a dialog from a box of several lines, where Enter types a line.
func isConfirmShortcut(s fyne.Shortcut) bool {
	cs, ok := s.(*desktop.CustomShortcut)
	return ok && (cs.KeyName == fyne.KeyReturn || cs.KeyName == fyne.KeyEnter) && cs.Modifier == fyne.KeyModifierShortcutDefault
}

// formEntry is a text entry of a form.
type formEntry struct {
	widget.Entry
	keyHooks
}

func newFormEntry(multiline bool) *formEntry {
	e := &formEntry{}
	e.MultiLine = multiline
	e.Wrapping = fyne.TextWrapOff
	if multiline {
		e.Wrapping = fyne.TextWrapWord
		e.SetMinRowsVisible(4)
	}
	e.ExtendBaseWidget(e)
	return e
}

// AcceptsTab is false even for text of several lines: Tab always moves on
// to the next field, so the keyboard reaches every field and Save.
func (e *formEntry) AcceptsTab() bool { return false }

// TypedKey cancels the form on Esc.
func (e *formEntry) TypedKey(k *fyne.KeyEvent) {
	if !e.key(k) {
		e.Entry.TypedKey(k)
	}
}

// FocusGained brings the field into view.
func (e *formEntry) FocusGained() {
	e.Entry.FocusGained()
	e.focused()
}

// TypedShortcut saves the form on Ctrl+S (Cmd+S on macOS); the window's
// own shortcuts (Ctrl+N, Ctrl+F) reach it from here too.
func (e *formEntry) TypedShortcut(s fyne.Shortcut) {
	if e.shortcut(s) {
		return
	}
	if isConfirmShortcut(s) {
		// In a dialog: its default button.
		if c := fyne.CurrentApp().Driver().CanvasForObject(e); c != nil && c.Overlays().Top() != nil {
			dialogKey(c, &fyne.KeyEvent{Name: fyne.KeyReturn})
		}
		return
	}
	if !forwardShortcut(e, s) {
		e.Entry.TypedShortcut(s)
	}
}

// formSelectEntry is a text entry with suggestions (regions, programs).
type formSelectEntry struct {
	widget.SelectEntry
	keyHooks
}

// FocusGained brings the field into view.
func (e *formSelectEntry) FocusGained() {
	e.SelectEntry.FocusGained()
	e.focused()
}

// formSelect is a list of fixed values of a form.
type formSelect struct {
	widget.Select
	keyHooks
}

// FocusGained brings the field into view.
func (s *formSelect) FocusGained() {
	s.Select.FocusGained()
	s.focused()
}

func newFormSelectEntry(options []string) *formSelectEntry {
	e := &formSelectEntry{}
	e.SetOptions(options)
	e.ExtendBaseWidget(e)
	return e
}

// TypedKey cancels the form on Esc.
func (e *formSelectEntry) TypedKey(k *fyne.KeyEvent) {
	if !e.key(k) {
		e.SelectEntry.TypedKey(k)
	}
}

// TypedShortcut saves the form on Ctrl+S; the window's own shortcuts reach
// it from here too.
func (e *formSelectEntry) TypedShortcut(s fyne.Shortcut) {
	if !e.shortcut(s) && !forwardShortcut(e, s) {
		e.SelectEntry.TypedShortcut(s)
	}
}

// shortcutEntry is a plain entry that lets the window's shortcuts through.
type shortcutEntry struct{ widget.Entry }

func newShortcutEntry() *shortcutEntry {
	e := &shortcutEntry{}
	e.ExtendBaseWidget(e)
	return e
}

// TypedShortcut lets the window's own shortcuts through.
func (e *shortcutEntry) TypedShortcut(s fyne.Shortcut) {
	if !forwardShortcut(e, s) {
		e.Entry.TypedShortcut(s)
	}
}

// forwardShortcut hands the window's own shortcuts (Ctrl+N, Ctrl+F, Ctrl+S:
// modifier and letter) from a focused field to the window, which a focused
// field would otherwise swallow.
func forwardShortcut(o fyne.CanvasObject, s fyne.Shortcut) bool {
	cs, ok := s.(*desktop.CustomShortcut)
	if !ok || cs.Modifier != fyne.KeyModifierShortcutDefault {
		return false
	}
	switch cs.KeyName {
	case fyne.KeyN, fyne.KeyF, fyne.KeyS:
	default:
		return false
	}
	c, ok := fyne.CurrentApp().Driver().CanvasForObject(o).(interface{ TypedShortcut(fyne.Shortcut) })
	if ok {
		c.TypedShortcut(s)
	}
	return ok
}

func isSaveShortcut(s fyne.Shortcut) bool {
	cs, ok := s.(*desktop.CustomShortcut)
	return ok && cs.KeyName == fyne.KeyS && (cs.Modifier == fyne.KeyModifierShortcutDefault)
}

// formField is one labelled input of a form.
type formField struct {
	name  string
	label string
	obj   fyne.CanvasObject
	focus fyne.Focusable
	// value is what the widget holds now, to tell whether the form changed.
	value func() string
	// apply writes the widget's value into the record; a value that cannot be
	// read (a date like 31.02.2026) is returned as a *data.FieldError.
	apply func() error
	err   *widget.Label
	// hint explains the field under it (what an empty value means, what
	// the value is for), keeping the label short.
	hint string
	// side stands beside the field (a button that helps fill it).
	side fyne.CanvasObject
	// labelObj is the label beside the field and cell what holds the field
	// and its message, once the form is built.
	labelObj *widget.Label
	cell     *fyne.Container
}

// form is a page of labelled fields with Save and Cancel. Problems are shown
// beside the fields they concern; what was typed is never lost.
type form struct {
	u      *App
	title  string
	fields []*formField
	banner *widget.Label
	save   *button
	view_  fyne.CanvasObject
	scroll *container.Scroll

	initial []string
	// extra buttons beside Save and Cancel
	extra []fyne.CanvasObject
	// below the fields (an estimate's lines)
	below []fyne.CanvasObject
	// submit writes the record (after the fields applied their values).
	submit func() error
	// validate, if set, checks the record without saving: the form then
	// shows all its problems at once, even when some fields cannot be read.
	validate func() error
	// lastPicker is the calendar opened last (tests read it).
	lastPicker *datePicker
	// done runs after a successful save; cancelled after Cancel.
	done      func()
	cancelled func()
}

func newForm(u *App, title string) *form {
	f := &form{u: u, title: title}
	f.banner = widget.NewLabel("")
	f.banner.Importance = widget.DangerImportance
	f.banner.Wrapping = fyne.TextWrapWord
	f.banner.Hide()
	return f
}

func (f *form) add(ff *formField, required bool) *formField {
	if required {
		ff.label += " *"
	}
	ff.err = widget.NewLabel("")
	ff.err.Importance = widget.DangerImportance
	ff.err.Wrapping = fyne.TextWrapWord
	ff.err.Hide()
	if h, ok := ff.focus.(interface{ hooks() *keyHooks }); ok {
		h.hooks().onEscape = f.cancel
		h.hooks().onSave = f.trySave
		h.hooks().onFocus = func() { f.showField(ff) }
	}
	f.fields = append(f.fields, ff)
	return ff
}

// showField scrolls the form so that the field (with its label and its
// message) is in view: Tab never leaves the typing out of sight.
func (f *form) showField(ff *formField) {
	if f.scroll == nil || ff.obj == nil || !ff.obj.Visible() {
		return
	}
	d := fyne.CurrentApp().Driver()
	top := d.AbsolutePositionForObject(ff.obj).Y - d.AbsolutePositionForObject(f.scroll.Content).Y
	bottom := top + ff.obj.Size().Height
	if ff.err != nil && ff.err.Visible() {
		bottom += ff.err.Size().Height
	}
	pad := 2 * theme.Padding()
	view := f.scroll.Size().Height
	off := f.scroll.Offset.Y
	switch {
	case top-pad < off:
		off = top - pad
	case bottom+pad > off+view:
		off = bottom + pad - view
	default:
		return
	}
	f.scroll.ScrollToOffset(fyne.NewPos(0, max(off, 0)))
}

// beside puts a helper (a button) beside the field added last.
func (f *form) beside(o fyne.CanvasObject) {
	if len(f.fields) > 0 {
		f.fields[len(f.fields)-1].side = o
	}
}

// explain puts a hint under the field added last.
func (f *form) explain(text string) {
	if len(f.fields) > 0 {
		f.fields[len(f.fields)-1].hint = text
	}
}

// text adds a one-line (or, with multiline, a several-line) text field.
func (f *form) text(name, label string, p *string, required, multiline bool) *formEntry {
	e := newFormEntry(multiline)
	e.SetText(*p)
	f.add(&formField{name: name, label: label, obj: e, focus: e,
		value: func() string { return e.Text },
		apply: func() error { *p = e.Text; return nil }}, required)
	return e
}

// suggest adds a text field with a list of values already in use.
func (f *form) suggest(name, label string, p *string, options []string) *formSelectEntry {
	e := newFormSelectEntry(options)
	e.SetText(*p)
	f.add(&formField{name: name, label: label, obj: e, focus: e,
		value: func() string { return e.Text },
		apply: func() error { *p = e.Text; return nil }}, false)
	return e
}

// date adds a date field that reads dates as people write them (23.02.2026,
// 2026-02-23) and has a calendar beside it.
func (f *form) date(name, label string, p *data.Date, required bool) *formEntry {
	e := newFormEntry(false)
	e.SetPlaceHolder(dateHint())
	e.SetText(p.Local(Language()))
	pick := newButtonWithIcon("", theme.CalendarIcon(), nil)
	pick.OnTapped = func() { f.pickDate(e, pick) }
	obj := container.NewBorder(nil, nil, nil, pick, e)
	f.add(&formField{name: name, label: label, obj: obj, focus: e,
		value: func() string { return e.Text },
		apply: func() error {
			d, err := data.ParseDate(e.Text)
			if err != nil {
				var fe *data.FieldError
				if errors.As(err, &fe) {
					fe.Field = name
				}
				return err
			}
			*p = d
			return nil
		}}, required)
	return e
}

// dateHint is the format shown in an empty date field.
func dateHint() string {
	if Language() == "en" {
		return "23 Feb 2026"
	}
	return T("DD.MM.YYYY")
}

func (f *form) pickDate(e *formEntry, anchor fyne.CanvasObject) {
	start, _ := data.ParseDate(e.Text)
	var pop *widget.PopUp
	cal := newDatePicker(start, func(d data.Date) {
		e.SetText(d.Local(Language()))
		pop.Hide()
	})
	f.lastPicker = cal
	pop = widget.NewPopUp(cal.root, f.u.win.Canvas())
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(anchor)
	pop.ShowAtPosition(pos.Add(fyne.NewPos(0, anchor.Size().Height)))
}

// choice adds a list of fixed values (an enum) shown by their labels.
func (f *form) choice(name, label string, p *string, values, labels []string, required bool) *widget.Select {
	opts := labels
	if !required {
		opts = append([]string{"—"}, labels...)
	}
	fs := &formSelect{}
	fs.Options = opts
	fs.ExtendBaseWidget(fs)
	s := &fs.Select
	idx := func(v string) int {
		for i, x := range values {
			if x == v {
				if required {
					return i
				}
				return i + 1
			}
		}
		return -1
	}
	if i := idx(*p); i >= 0 {
		s.SetSelectedIndex(i)
	} else if !required {
		s.SetSelectedIndex(0)
	}
	get := func() string {
		i := s.SelectedIndex()
		if !required {
			i--
		}
		if i < 0 || i >= len(values) {
			return ""
		}
		return values[i]
	}
	f.add(&formField{name: name, label: label, obj: fs, focus: fs,
		value: get,
		apply: func() error { *p = get(); return nil }}, required)
	return s
}

// number adds a whole-number field.
func (f *form) number(name, label string, p *int) *formEntry {
	e := newFormEntry(false)
	if *p != 0 {
		e.SetText(strconv.Itoa(*p))
	}
	f.add(&formField{name: name, label: label, obj: e, focus: e,
		value: func() string { return e.Text },
		apply: func() error {
			t := strings.TrimSpace(e.Text)
			if t == "" {
				*p = 0
				return nil
			}
			n, err := strconv.Atoi(t)
			if err != nil {
				return &data.FieldError{Field: name, Code: data.CodeUnknownValue, Params: map[string]any{"value": t}}
			}
			*p = n
			return nil
		}}, false)
	return e
}

// multi adds a set of check boxes: several values may be chosen.
func (f *form) multi(name, label string, values, labels []string, p *[]string) *widget.CheckGroup {
	g := widget.NewCheckGroup(labels, nil)
	var chosen []string
	for i, v := range values {
		if slices.Contains(*p, v) {
			chosen = append(chosen, labels[i])
		}
	}
	g.SetSelected(chosen)
	get := func() []string {
		var out []string
		for i, l := range labels {
			if slices.Contains(g.Selected, l) {
				out = append(out, values[i])
			}
		}
		return out
	}
	f.add(&formField{name: name, label: label, obj: g,
		value: func() string { return strings.Join(get(), "\n") },
		apply: func() error { *p = get(); return nil }}, false)
	return g
}

// money adds an amount typed as people write it, with its currency beside it.
func (f *form) money(name, label string, p *money.Money, required bool) (*formEntry, *widget.Select) {
	e := newFormEntry(false)
	if p.Minor != 0 {
		e.SetText(p.Number(Language()))
	}
	e.SetPlaceHolder(T("for example {{.Example}}", map[string]any{"Example": money.M(123450, "KZT").Number(Language())}))
	codes := money.CurrencyCodes()
	cur := widget.NewSelect(codes, nil)
	if p.Currency == "" {
		st, _ := f.u.store.Settings(f.u.ctx)
		p.Currency = st.BaseCurrency
	}
	cur.SetSelected(p.Currency)
	obj := container.NewBorder(nil, nil, nil, cur, e)
	f.add(&formField{name: name, label: label, obj: obj, focus: e,
		value: func() string { return e.Text + " " + cur.Selected },
		apply: func() error {
			if strings.TrimSpace(e.Text) == "" && !required {
				*p = money.M(0, cur.Selected)
				return nil
			}
			m, err := money.Parse(e.Text, cur.Selected)
			if err != nil {
				fe := data.FieldErrors(err)[0]
				fe.Field = name
				return fe
			}
			*p = m
			return nil
		}}, required)
	return e, cur
}

// check adds a yes/no field.
func (f *form) check(name, label string, p *bool) *widget.Check {
	c := widget.NewCheck(label, nil)
	c.SetChecked(*p)
	f.add(&formField{name: name, label: "", obj: c, focus: c,
		value: func() string {
			if c.Checked {
				return "1"
			}
			return "0"
		},
		apply: func() error { *p = c.Checked; return nil }}, false)
	return c
}

// view builds the page once: title, fields in two columns, Save and Cancel.
func (f *form) view() fyne.CanvasObject {
	if f.view_ != nil {
		return f.view_
	}
	grid := container.New(layout.NewFormLayout())
	for _, ff := range f.fields {
		l := widget.NewLabelWithStyle(ff.label, fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
		ff.labelObj = l
		obj := ff.obj
		if ff.side != nil {
			obj = container.NewBorder(nil, nil, nil, ff.side, obj)
		}
		ff.cell = container.NewVBox(obj)
		if ff.hint != "" {
			ff.cell.Add(hint(ff.hint))
		}
		ff.cell.Add(ff.err)
		grid.Add(l)
		grid.Add(ff.cell)
	}
	f.save = newButtonWithIcon(T("Save"), theme.DocumentSaveIcon(), f.trySave)
	f.save.Importance = widget.HighImportance
	cancel := newButtonWithIcon(T("Cancel"), theme.CancelIcon(), f.cancel)
	title := widget.NewLabelWithStyle(f.title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameSubHeadingText
	hint := widget.NewLabelWithStyle(T("Fields marked * are required. Ctrl+S saves, Esc cancels."), fyne.TextAlignTrailing, fyne.TextStyle{})
	hint.SizeName = theme.SizeNameCaptionText
	hint.Truncation = fyne.TextTruncateEllipsis // gives way to the buttons on a narrow window
	buttons := container.NewBorder(nil, nil, container.NewHBox(append([]fyne.CanvasObject{f.save, cancel}, f.extra...)...), nil, hint)
	f.scroll = container.NewVScroll(container.NewPadded(container.NewVBox(append([]fyne.CanvasObject{f.banner, grid}, f.below...)...)))
	f.view_ = container.NewBorder(container.NewPadded(title), container.NewPadded(buttons), nil, nil, f.scroll)
	f.initial = f.values()
	return f.view_
}

// focusFirst puts the cursor in the first field.
func (f *form) focusFirst() {
	if len(f.fields) > 0 && f.fields[0].focus != nil {
		f.u.win.Canvas().Focus(f.fields[0].focus)
	}
}

func (f *form) values() []string {
	out := make([]string, len(f.fields))
	for i, ff := range f.fields {
		out[i] = ff.value()
	}
	return out
}

// dirty reports whether anything changed since the form opened or was saved.
func (f *form) dirty() bool {
	if f.initial == nil {
		return false
	}
	now := f.values()
	for i := range now {
		if now[i] != f.initial[i] {
			return true
		}
	}
	return false
}

// trySave applies the fields and saves; problems are shown, nothing is lost.
func (f *form) trySave() {
	f.clearErrors()
	var problems []*data.FieldError
	for _, ff := range f.fields {
		if err := ff.apply(); err != nil {
			problems = append(problems, data.FieldErrors(err)...)
		}
	}
	if len(problems) > 0 {
		// Say everything at once: what the record's own checks find in the
		// fields that could be read, beside what could not be read.
		if f.validate != nil {
			seen := map[string]bool{}
			for _, p := range problems {
				seen[p.Field] = true
			}
			for _, fe := range data.FieldErrors(f.validate()) {
				if !seen[fe.Field] {
					problems = append(problems, fe)
				}
			}
		}
		f.showErrors(&data.ValidationError{Fields: problems})
		return
	}
	if err := f.submit(); err != nil {
		f.showErrors(err)
		return
	}
	f.initial = f.values()
	if f.done != nil {
		f.done()
	}
}

func (f *form) cancel() {
	leave := func() {
		f.initial = f.values() // nothing to keep any more
		if f.cancelled != nil {
			f.cancelled()
		}
	}
	if !f.dirty() {
		leave()
		return
	}
	confirmDiscard(f.u.win, leave)
}

// confirmDiscard asks before unsaved changes are thrown away.
func confirmDiscard(w fyne.Window, discard func()) {
	confirmDanger(w, T("Discard changes?"), T("This form has changes that are not saved. Leave it and lose them?"),
		T("Discard"), T("Keep editing"), discard, nil)
}

func (f *form) clearErrors() {
	f.banner.Hide()
	for _, ff := range f.fields {
		ff.err.SetText("")
		ff.err.Hide()
	}
	f.relayout()
}

// relayout makes room for messages that appeared or went.
func (f *form) relayout() {
	if f.scroll != nil {
		f.scroll.Content.Refresh()
		f.scroll.Refresh()
	}
}

// showErrors puts each field problem beside its field, and anything else in
// the banner at the top.
func (f *form) showErrors(err error) {
	labels := map[string]string{}
	for _, ff := range f.fields {
		labels[ff.name] = strings.TrimSuffix(ff.label, " *")
	}
	var general []string
	fes := data.FieldErrors(err)
	if len(fes) == 0 {
		general = append(general, errorText(err))
	}
	for _, fe := range fes {
		placed := false
		for _, ff := range f.fields {
			if ff.name == fe.Field {
				ff.err.SetText(fieldErrorText(fe, labels))
				ff.err.Show()
				placed = true
				break
			}
		}
		if !placed {
			name := labels[fe.Field]
			if name == "" {
				name = fe.Field
			}
			general = append(general, name+": "+fieldErrorText(fe, labels))
		}
	}
	if len(general) > 0 {
		f.banner.SetText(strings.Join(general, "\n"))
		f.banner.Show()
	} else {
		f.banner.SetText(T("Please correct the fields marked in red."))
		f.banner.Show()
	}
	f.relayout()
	f.scroll.ScrollToTop()
}

// fieldErrorText is the sentence shown beside a field, in the interface language.
func fieldErrorText(fe *data.FieldError, labels map[string]string) string {
	params := map[string]any{}
	for k, v := range fe.Params {
		r := []rune(k)
		r[0] = unicode.ToUpper(r[0])
		params[string(r)] = v
	}
	if other, ok := fe.Params["other"].(string); ok {
		if l := labels[other]; l != "" {
			params["Other"] = l
		}
	}
	text, ok := fieldErrorTexts[fe.Code]
	if !ok {
		return fe.Error()
	}
	return T(text, params)
}

var fieldErrorTexts = map[string]string{
	data.CodeRequired:        msg("This field is required."),
	data.CodeTooLong:         msg("Too long: at most {{.Max}} characters, now {{.Length}}."),
	data.CodeInvalidUTF8:     msg("The text is damaged. Please type it again."),
	data.CodeControlChars:    msg("The text holds invisible control characters. Please type it instead of pasting it."),
	data.CodeBadChars:        msg("These characters are not allowed here: {{.Chars}}"),
	data.CodeBadDate:         msg("Not a date. Write it like 23.02.2026 or 2026-02-23."),
	data.CodeFutureDate:      msg("This date is in the future."),
	data.CodeTooOld:          msg("This date is too early (before {{.Min}})."),
	data.CodeDateOrder:       msg("This date is before “{{.Other}}”."),
	data.CodeBadAmount:       msg("Not an amount. Write it like 1 234,50."),
	data.CodeNegative:        msg("Cannot be negative."),
	data.CodeZero:            msg("Cannot be zero."),
	data.CodeOverflow:        msg("Too large: at most {{.Max}}."),
	data.CodeUnknownCurrency: msg("Unknown currency: {{.Value}}."),
	data.CodeUnknownValue:    msg("Not an allowed value: {{.Value}}."),
	data.CodeBadEmail:        msg("Not an e-mail address."),
	data.CodeBadTaxID:        msg("Not a tax number: 9 to 14 digits (IIN/BIN, INN, STIR or PINFL)."),
	data.CodeBadRate:         msg("The rate must be a positive number, like 512.34."),
	data.CodeMissingRef:      msg("Refers to something that was deleted or does not exist."),
	data.CodeDuplicate:       msg("This already exists."),
	data.CodeHeadOfficeOnly:  msg("The head office sets this for the whole foundation; it reaches this office with the next exchange."),
	codeNoSuchDonor:          msg("No donor of that name. Choose one from the list, or make one with New donor…."),
}

// formOf lets a page built on a form be measured as one.
func (f *form) formOf() *form { return f }
