package ui

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"carebook/data"
	"carebook/data/filestore"
	"carebook/internal/printer"
	"carebook/reports"
)

// Report kinds offered on the Reports screen.
const (
	reportJourney = "journey"
	reportGrant   = "grant"
	reportAppeal  = "appeal"
)

// reportRequest is everything needed to make one report.
type reportRequest struct {
	kind        string
	childID     string
	caseNumber  string
	lang        string
	edition     reports.Edition
	attachments bool
	grant       reports.GrantOptions
	csv         bool
}

// fileName proposes a name for the report's file.
func (r reportRequest) fileName() string {
	switch r.kind {
	case reportGrant:
		return fmt.Sprintf("grant %s %s %s %s.pdf", r.grant.From, r.grant.To, r.lang, r.edition)
	case reportAppeal:
		return fmt.Sprintf("%s appeal %s.pdf", r.caseNumber, r.lang)
	}
	return fmt.Sprintf("%s journey %s %s.pdf", r.caseNumber, r.lang, r.edition)
}

// build makes the report's bytes (and the grant CSV).
func (u *App) buildReport(ctx context.Context, r reportRequest, progress func(string)) (pdf, csvb []byte, err error) {
	var b, c bytes.Buffer
	switch r.kind {
	case reportJourney:
		err = reports.Journey(ctx, u.store, r.childID, reports.JourneyOptions{Lang: r.lang, Edition: r.edition,
			Attachments: r.attachments, Progress: progress}, &b)
	case reportAppeal:
		err = reports.Appeal(ctx, u.store, r.childID, reports.AppealOptions{Lang: r.lang}, &b)
	case reportGrant:
		g := r.grant
		g.Lang = r.lang
		err = reports.Grant(ctx, u.store, g, &b, &c)
	}
	return b.Bytes(), c.Bytes(), err
}

// buildWithProgress makes the report off the UI thread with a progress
// dialog, then hands its bytes (and the grant CSV) to then.
func (u *App) buildWithProgress(r reportRequest, then func(pdf, csvb []byte)) {
	type built struct {
		pdf, csv []byte
		err      error
	}
	runLong(u, longJob{title: T("Report"), line: T("Preparing the report…")}, func(j *job) built {
		pdf, csvb, err := u.buildReport(j.ctx, r, func(s string) { j.Say(reportStepText(s)) })
		return built{pdf, csvb, err}
	}, func(b built) {
		if b.err != nil {
			u.showError(b.err)
			return
		}
		then(b.pdf, b.csv)
	})
}

// makeReport makes the report and offers to print it, open it or save it.
func (u *App) makeReport(r reportRequest) {
	u.buildWithProgress(r, func(pdf, csvb []byte) { u.reportReady(r, pdf, csvb) })
}

// saveReport makes the report and writes it to path (and the CSV beside
// it), then offers to open or print it.
func (u *App) saveReport(r reportRequest, path string) {
	if err := u.checkReportOutputs(r, path); err != nil {
		u.showError(err)
		return
	}
	u.buildWithProgress(r, func(pdf, csvb []byte) {
		if err := u.writeReport(r, path, pdf, csvb); err != nil {
			u.showError(err)
			return
		}
		u.offerOpen(T("The report is ready"), path, path)
	})
}

// csvPathFor is where a grant report's CSV goes beside its PDF ("" : none).
func csvPathFor(r reportRequest, path string) string {
	if r.kind == reportGrant && r.csv {
		return strings.TrimSuffix(path, filepath.Ext(path)) + ".csv"
	}
	return ""
}

func (u *App) checkReportOutputs(r reportRequest, path string) error {
	return u.store.CheckOutputs(u.ctx, data.Output{Path: path}, data.Output{Path: csvPathFor(r, path)})
}

// writeReport writes a report made already (and its CSV).
func (u *App) writeReport(r reportRequest, path string, pdf, csvb []byte) error {
	if err := u.checkReportOutputs(r, path); err != nil {
		return err
	}
	if err := filestore.WriteFileAtomic(path, pdf); err != nil {
		return err
	}
	if p := csvPathFor(r, path); p != "" {
		return filestore.WriteFileAtomic(p, csvb)
	}
	u.lastReport = path
	return nil
}

// reportReady offers what a director does with a report: print it, open
// it, or save it where they choose.
func (u *App) reportReady(r reportRequest, pdf, csvb []byte) {
	name := filestore.SafeFileName(r.fileName(), "report.pdf")
	var d *dialog.CustomDialog
	temp := func() (string, bool) {
		p, err := filestore.WriteOpenCopy(name, pdf)
		if err != nil {
			u.showError(err)
			return "", false
		}
		u.lastReport = p
		return p, true
	}
	saveAs := func() {
		u.chooseSaveAs(name, []string{".pdf"}, func(path string) {
			if err := u.writeReport(r, path, pdf, csvb); err != nil {
				u.showError(err)
				return
			}
			u.inform(T("Saved"), T("The report was saved as {{.Path}}.", map[string]any{"Path": path}))
		})
	}
	printB := newButtonWithIcon(T("Print"), theme.DocumentPrintIcon(), func() {
		d.Hide()
		if p, ok := temp(); ok {
			u.printFile(p, saveAs)
		}
	})
	printB.Importance = widget.HighImportance
	open := newButtonWithIcon(T("Open"), theme.FolderOpenIcon(), func() {
		d.Hide()
		if p, ok := temp(); ok {
			u.openInViewer(p, saveAs)
		}
	})
	save := newButtonWithIcon(T("Save as…"), theme.DocumentSaveIcon(), func() { d.Hide(); saveAs() })
	// Seen in Carebook before it is printed or saved.
	look := newButtonWithIcon(T("View"), theme.VisibilityIcon(), func() {
		d.Hide()
		printIt := newButtonWithIcon(T("Print"), theme.DocumentPrintIcon(), func() {
			if p, ok := temp(); ok {
				u.printFile(p, saveAs)
			}
		})
		saveIt := newButtonWithIcon(T("Save as…"), theme.DocumentSaveIcon(), saveAs)
		u.push(newPDFViewer(u, name, func() ([]byte, error) { return pdf, nil }, printIt, saveIt))
	})
	text := widget.NewLabel(name)
	d = dialog.NewCustomWithoutButtons(T("The report is ready"), text, u.win)
	d.SetButtons([]fyne.CanvasObject{newButtonWithIcon(T("Close"), theme.CancelIcon(), func() { d.Hide() }), save, open, look, printB})
	d.Show()
}

// printFile sends a PDF to the printer in the background and says how it
// went; where nothing can print, it offers saveAs (when given).
func (u *App) printFile(path string, saveAs func()) {
	background(func() error { return printer.Print(u.ctx, path) }, func(err error) {
		switch {
		case err == nil:
			u.inform(T("Print"), T("Sent to the printer."))
		case errors.Is(err, printer.ErrNoPrinter), errors.Is(err, printer.ErrNoProgram):
			text := T("No printer is set up on this computer.")
			if errors.Is(err, printer.ErrNoProgram) {
				text = T("No program on this computer prints PDF files.")
			}
			if saveAs == nil {
				u.inform(T("Print"), text+" "+T("The file is saved as {{.Path}}: print it from there with a program of your choice.", map[string]any{"Path": path}))
				return
			}
			u.confirmText(T("Print"), T("Save as…"), T("Close"), text+" "+T("Save the file, and print it on a computer with a printer."), func(ok bool) {
				if ok {
					saveAs()
				}
			})
		default:
			var pe *printer.Error
			if errors.As(err, &pe) {
				u.errorDialog(T("The printer refused the document: {{.Said}}", map[string]any{"Said": strings.TrimSpace(pe.Said)}))
				return
			}
			u.showError(err)
		}
	})
}

func reportStepText(step string) string {
	switch step {
	case "attachments":
		return T("Checking the attachments…")
	case "writing":
		return T("Writing the report…")
	case "merging":
		return T("Appending the PDF documents…")
	}
	return T("Preparing the report…")
}

// reportLangs are the languages a report can be printed in, each named in itself.
// Reports and letters come in the interface's languages, named in themselves.
var reportLangs, reportLangNames = uiLanguages[1:], uiLanguageNames[1:]

// reportLangName names a report language in itself (the code if unknown).
func reportLangName(code string) string {
	if i := slices.Index(reportLangs, code); i >= 0 {
		return reportLangNames[i]
	}
	return code
}

// reportsPage is the Reports screen: choose the report, the child or the
// period and filters, the language and edition, then create it.
type reportsPage struct {
	*form
	req    *reportRequest
	kind   *widget.Select
	child  *formSelectEntry
	groups map[string][]*formField
}

func newReportsPage(u *App, childID string) *reportsPage {
	req := &reportRequest{kind: reportJourney, lang: Language(), edition: reports.Internal}
	year := u.store.Today().Year
	req.grant.From, req.grant.To = data.NewDate(year, 1, 1), data.NewDate(year, 12, 31)
	rp := &reportsPage{form: newForm(u, T("Reports")), req: req, groups: map[string][]*formField{}}
	f := rp.form
	kinds := []string{reportJourney, reportGrant, reportAppeal}
	kindNames := []string{T("Treatment journey"), T("Grant report"), T("Appeal sheet")}
	rp.kind = f.choice("kind", T("Report"), &req.kind, kinds, kindNames, true)
	var childText string
	if childID != "" {
		if c, err := u.store.Children.Get(u.ctx, childID); err == nil {
			childText = c.CaseNumber + " · " + c.FullName()
		}
	}
	rp.child = f.suggest("child_id", T("Child (case number or name)"), &childText, nil)
	u.childSuggestions(rp.child)
	edition := string(req.edition)
	editionSel := f.choice("edition", T("Edition"), &edition, []string{string(reports.Internal), string(reports.Public)},
		[]string{T("Internal: everything, for the foundation"), T("Public: only what consent allows, for sponsors")}, true)
	f.check("attachments", T("Attach the documents (images in an appendix, PDFs after the report)"), &req.attachments)
	f.date("from", T("From"), &req.grant.From, true)
	f.date("to", T("To"), &req.grant.To, true)
	programs, _ := u.valuesOf("program")
	regions, _ := u.valuesOf("region")
	f.choice("program", T("Program"), &req.grant.Program, programs, programs, false)
	f.choice("region", T("Region"), &req.grant.Region, regions, regions, false)
	f.text("diagnosis", T("Diagnosis holds"), &req.grant.Diagnosis, false, false)
	sv, sl := make([]string, 0), make([]string, 0)
	for _, s := range data.AllStatuses {
		sv, sl = append(sv, string(s)), append(sl, StatusLabel(s))
	}
	f.choice("status", T("Status"), (*string)(&req.grant.Status), sv, sl, false)
	f.check("csv", T("Also save the rows as a CSV file beside it"), &req.csv)
	f.choice("lang", T("Language of the report"), &req.lang, reportLangs, reportLangNames, true)
	for _, ff := range f.fields {
		switch ff.name {
		case "child_id":
			rp.groups[reportJourney] = append(rp.groups[reportJourney], ff)
			rp.groups[reportAppeal] = append(rp.groups[reportAppeal], ff)
		case "edition":
			rp.groups[reportJourney] = append(rp.groups[reportJourney], ff)
			rp.groups[reportGrant] = append(rp.groups[reportGrant], ff)
		case "attachments":
			rp.groups[reportJourney] = append(rp.groups[reportJourney], ff)
		case "from", "to", "program", "region", "diagnosis", "status", "csv":
			rp.groups[reportGrant] = append(rp.groups[reportGrant], ff)
		}
	}
	f.submit = func() error {
		req.edition = reports.Edition(edition)
		req.grant.Edition = req.edition
		if req.kind != reportGrant {
			id, err := u.childByText(childText)
			if err == nil && id == "" {
				err = &data.FieldError{Field: "child_id", Code: data.CodeRequired}
			}
			if err != nil {
				return err
			}
			c, _ := u.store.Children.Get(u.ctx, id)
			req.childID, req.caseNumber = id, c.CaseNumber
		} else if req.grant.To.Before(req.grant.From) {
			return &data.ValidationError{Fields: []*data.FieldError{{Field: "to", Code: data.CodeDateOrder, Params: map[string]any{"other": "from"}}}}
		}
		return nil
	}
	f.done = func() { u.makeReport(*req) }
	f.cancelled = func() { u.showSection(u.current) }
	f.view()
	f.save.SetText(T("Create report…"))
	f.save.SetIcon(theme.DocumentPrintIcon())
	rp.kind.OnChanged = func(string) {
		// A grant report goes to sponsors: public unless chosen otherwise;
		// a child's journey is for the foundation.
		if rp.form.fields[0].value() == reportGrant {
			editionSel.SetSelectedIndex(1)
		} else {
			editionSel.SetSelectedIndex(0)
		}
		rp.showGroup()
	}
	rp.showGroup()
	return rp
}

// showGroup shows only the fields the chosen report uses.
func (rp *reportsPage) showGroup() {
	kind := rp.form.fields[0].value()
	for k, fields := range rp.groups {
		for _, ff := range fields {
			show := k == kind
			for _, other := range rp.groups[kind] {
				show = show || other == ff
			}
			if show {
				ff.cell.Show()
				ff.labelObj.Show()
			} else {
				ff.cell.Hide()
				ff.labelObj.Hide()
			}
		}
	}
	rp.relayout()
}
