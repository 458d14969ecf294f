package main

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
	"fmt"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"carebook/assets"
	"carebook/cli"
	"carebook/data"
	"carebook/internal/scansample"
	"carebook/pdfview"
	"carebook/reports"
	"carebook/ui"
)

// work is a row of the table: Carebook's side and its baseline's.
type work struct {
	name               string
	carebook, baseline string
	changes            bool // each run gets a fresh copy of the foundation
	offices            bool // it needs the offices made once (prepareOffices)
	row                func(mine, base result, note string) row
}

// slower shows Carebook's time as a multiple of the baseline's.
func slower(name, goal string) func(mine, base result, note string) row {
	return func(mine, base result, note string) row {
		r := row{work: name, carebook: secs(mine), baseline: secs(base), goal: goal}
		if base.Seconds > 0 {
			r.ratio = fmt.Sprintf("%.1f×", mine.Seconds/base.Seconds)
		}
		if note != "" {
			r.baseline += " (" + note + ")"
		}
		return r
	}
}

func works(c config) []work {
	return []work{
		{name: fmt.Sprintf("%d thank-you letters into one PDF (and their stored copies)", c.letters), carebook: "letters", baseline: "letters-floor", changes: true,
			row: slower(fmt.Sprintf("%d thank-you letters into one PDF", c.letters), "≤ 2× the plain fpdf program")},
		// The floor above is fpdf as published; Carebook builds with a patched
		// fpdf (third_party/fpdf) that writes the same PDF several times
		// faster. Shown beside it, so that the gain of the patch is not taken
		// for the gain of the letters' own work.
		{name: fmt.Sprintf("%d thank-you letters against fpdf with Carebook's patch", c.letters), carebook: "letters", baseline: "letters-floor-patched", changes: true,
			row: slower(fmt.Sprintf("%d thank-you letters, against fpdf with Carebook's patch", c.letters), "(not a goal: the floor as Carebook builds fpdf)")},
		{name: fmt.Sprintf("%d letters against LibreOffice", c.letters2), carebook: "letters-few", baseline: "letters-libreoffice", changes: true,
			row: func(mine, base result, note string) row {
				r := row{work: fmt.Sprintf("%d letters", c.letters2), carebook: secs(mine), baseline: "LibreOffice: " + secs(base), goal: "≥ 20× faster than LibreOffice"}
				switch {
				case note != "":
					r.baseline, r.ratio = note, "—"
				case mine.Seconds > 0:
					r.ratio = fmt.Sprintf("%.0f× faster", base.Seconds/mine.Seconds)
				}
				return r
			}},
		{name: "grant report, every case", carebook: "grant", baseline: "grant-floor",
			row: slower("grant report, every case", "≤ 2× (SQL + fpdf floor); < 150 MB")},
		{name: fmt.Sprintf("import of a %d-row bank CSV", c.statementRows), carebook: "import", baseline: "import-floor", changes: true,
			row: slower(fmt.Sprintf("import of a %d-row bank CSV", c.statementRows), "≤ 3× sqlite3 .import; memory flat")},
		// The floor above loads the rows into a table of their own, with no
		// index; Carebook writes each into the donations table and its
		// indexes (and a donor for each new payer). Shown beside it: the
		// sqlite3 shell writing the same rows into Carebook's own tables.
		{name: fmt.Sprintf("import of a %d-row bank CSV against sqlite3 into Carebook's tables", c.statementRows), carebook: "import", baseline: "import-schema-floor", changes: true,
			row: slower(fmt.Sprintf("import of a %d-row bank CSV, against sqlite3 writing the same rows into Carebook's tables", c.statementRows), "(not a goal: what the tables' indexes cost)")},
		// And the same writes by the SQLite Carebook is built with (pure Go):
		// the statement read by a plain CSV reader into a table of its own,
		// then written by the same two statements, nothing of Carebook's
		// between. What no import through that engine can go below.
		{name: fmt.Sprintf("import of a %d-row bank CSV against the same writes in Carebook's SQLite", c.statementRows), carebook: "import", baseline: "import-engine-floor", changes: true,
			row: slower(fmt.Sprintf("import of a %d-row bank CSV, against the same writes by Carebook's SQLite (pure Go) alone", c.statementRows), "(not a goal: the engine's own floor)")},
		{name: "funding over every child", carebook: "funding", baseline: "funding-floor",
			row: slower("`funding` over every child", "≤ 1.5× the SQL sums")},
		{name: "search keystroke", carebook: "search",
			row: func(mine, _ result, _ string) row {
				return row{work: "search as you type (per keystroke, no debounce)", carebook: fmt.Sprintf("p50 %.0f ms, p95 %.0f ms", mine.P50, mine.P95),
					baseline: "—", ratio: "—", goal: "p95 < 30 ms"}
			}},
		{name: "search keystroke, a new query each", carebook: "search-db",
			row: func(mine, _ result, _ string) row {
				return row{work: "search, each keystroke asking the database", carebook: fmt.Sprintf("p50 %.0f ms, p95 %.0f ms", mine.P50, mine.P95),
					baseline: "—", ratio: "—", goal: "(backspace past the list shown; not a goal)"}
			}},
		{name: "GUI open to a settled list", carebook: "gui", baseline: "gui-floor",
			row: slower("GUI: open to a settled list (headless)", "< 1 s; < 250 MB")},
		{name: "Today on screen", carebook: "today",
			row: func(mine, _ result, _ string) row {
				return row{work: "Today on screen (headless), from a click on it", carebook: secs(mine), baseline: "—", ratio: "—", goal: "< 300 ms"}
			}},
		{name: "PDF page preview", carebook: "pdf-preview",
			row: func(mine, _ result, _ string) row {
				return row{work: "the first page of a 20-page scan, drawn 900 px wide", carebook: secs(mine) + " (" + mine.Note + ")", baseline: "—", ratio: "—", goal: "< 300 ms"}
			}},
		{name: "list", carebook: "list", baseline: "list-floor", row: slower("`list` of every child", "≤ 2× the same query")},
		// The same as a person meets it: the command started, run and ended
		// as a process of its own, against the sqlite3 shell doing the same.
		{name: "list, whole process", carebook: "list-process", baseline: "list-process-floor",
			row: slower("`list` of every child, whole process (start included)", "≤ 3× the sqlite3 shell")},
		// And against the same query printed by a Go program with nothing
		// in it but the SQLite Carebook is built with (tools/bench/listfloor):
		// what no `list` through that engine, started as a process, can go
		// below.
		{name: "list, whole process, against the engine alone", carebook: "list-process", baseline: "list-process-engine",
			row: slower("`list` of every child, whole process, against the same query printed by a bare Go program on Carebook's SQLite", "(not a goal: the engine's own floor)")},
		{name: "office join of the whole foundation", carebook: "join", baseline: "join-floor", offices: true,
			row: slower("`office join` of an invitation of every region", "≤ 3× a bulk load of the same rows (sqlite3); memory that does not grow with the invitation")},
		{name: "exchange import, nothing new", carebook: "exchange-nothing", offices: true,
			row: func(mine, _ result, _ string) row {
				return row{work: "`exchange import` of a bundle with nothing new", carebook: secs(mine), baseline: "—", ratio: "—", goal: "< 2 s; < 250 MB"}
			}},
		{name: "exchange export of the whole foundation", carebook: "exchange-whole", offices: true,
			row: func(mine, _ result, _ string) row {
				return row{work: "`exchange export` of the whole foundation", carebook: secs(mine), baseline: "—", ratio: "—", goal: "< 250 MB (streamed)"}
			}},
		{name: "hub first sync", carebook: "hub-first", baseline: "hub-copy", changes: true,
			row: slower("first `sync` into an empty hub", "≤ 10× a plain COPY of the same rows into the same PostgreSQL")},
		{name: "hub sync, nothing new", carebook: "hub-nothing", changes: true,
			row: func(mine, _ result, _ string) row {
				return row{work: "`sync` with nothing new", carebook: secs(mine), baseline: "—", ratio: "—", goal: "< 0.3 s"}
			}},
	}
}

// runSide does one side of one work and says how long it took.
func runSide(ctx context.Context, side, db string, c config) (result, error) {
	if err := os.MkdirAll(c.work, 0o700); err != nil {
		return result{}, err
	}
	switch side {
	case "letters-libreoffice":
		if _, err := exec.LookPath("soffice"); err != nil {
			return result{Note: "skipped: LibreOffice (soffice) is not installed"}, nil
		}
	case "import-floor", "import-schema-floor", "list-process-floor":
		if _, err := exec.LookPath("sqlite3"); err != nil {
			return result{}, fmt.Errorf("the sqlite3 shell is needed for the import baseline")
		}
	}
	s, err := data.Open(db)
	if err != nil {
		return result{}, err
	}
	defer s.Close()
	today := s.Today()
	switch side {
	case "grant", "import", "import-schema-floor", "import-engine-floor", "funding", "list", "list-process", "list-process-engine", "join", "join-floor", "exchange-nothing", "exchange-whole", "hub-first", "hub-nothing", "hub-copy":
		// A command opens the database itself, as it does when a person
		// runs it: nobody else has it open.
		s.Close()
	}
	var r result
	start := time.Now()
	timed := func(f func() error) error {
		start = time.Now()
		err := f()
		r.Seconds = time.Since(start).Seconds()
		return err
	}
	switch side {
	case "letters", "letters-few":
		n := c.letters
		if side == "letters-few" {
			n = c.letters2
		}
		plan, err := letterPlan(ctx, s, n)
		if err != nil {
			return r, err
		}
		err = timed(func() error {
			_, err := reports.WriteLetters(ctx, s, plan, reports.LetterOptions{Out: filepath.Join(c.work, "letters.pdf")})
			return err
		})
		return r, err
	case "letters-floor", "letters-floor-patched": // the same program, built two ways (see plainfpdf.go)
		plan, err := letterPlan(ctx, s, 1)
		if err != nil {
			return r, err
		}
		text, logo, err := letterText(ctx, s, plan)
		if err != nil {
			return r, err
		}
		return r, timed(func() error { return floorLetters(filepath.Join(c.work, "floor.pdf"), text, logo, c.letters) })
	case "letters-libreoffice":
		plan, err := letterPlan(ctx, s, 1)
		if err != nil {
			return r, err
		}
		text, _, err := letterText(ctx, s, plan)
		if err != nil {
			return r, err
		}
		return r, timed(func() error { return libreOfficeLetters(c.work, text, c.letters2) })
	case "grant":
		return r, timed(func() error {
			return run1(ctx, "report", "grant", "--db", db, "--from", "2000-01-01", "--to", today.String(),
				"--out", filepath.Join(c.work, "grant.pdf"))
		})
	case "grant-floor":
		return r, timed(func() error { return grantFloor(ctx, db, filepath.Join(c.work, "grant-floor.pdf")) })
	case "import":
		return r, timed(func() error {
			return run1(ctx, "import", "donations", "--db", db, "--file", filepath.Join(c.work, "statement.csv"))
		})
	case "import-floor":
		return r, timed(func() error {
			cmd := exec.CommandContext(ctx, "sqlite3", db)
			cmd.Stdin = strings.NewReader(".mode csv\n.separator ;\n.import " + filepath.Join(c.work, "statement.csv") + " statement_floor\n")
			out, err := cmd.CombinedOutput()
			if err != nil {
				return fmt.Errorf("sqlite3: %v: %s", err, out)
			}
			return nil
		})
	case "import-schema-floor":
		return r, timed(func() error {
			cmd := exec.CommandContext(ctx, "sqlite3", db)
			cmd.Stdin = strings.NewReader(strings.ReplaceAll(schemaFloorSQL, "STATEMENT", filepath.Join(c.work, "statement.csv")))
			out, err := cmd.CombinedOutput()
			if err != nil || len(out) > 0 {
				return fmt.Errorf("sqlite3: %v: %s", err, out)
			}
			return nil
		})
	case "import-engine-floor":
		return r, timed(func() error { return importEngineFloor(ctx, db, filepath.Join(c.work, "statement.csv")) })
	case "funding":
		return r, timed(func() error { return run1(ctx, "funding", "--db", db) })
	case "funding-floor":
		return r, timed(func() error { return fundingFloor(ctx, db) })
	case "list":
		return r, timed(func() error { return run1(ctx, "list", "--db", db) })
	case "list-process":
		return r, timed(func() error { return wholeProcess(ctx, c, "list", "--db", db) })
	case "list-process-floor":
		return r, timed(func() error {
			cmd := exec.CommandContext(ctx, "sqlite3", db, listQuery)
			var errs bytes.Buffer
			cmd.Stdout, cmd.Stderr = io.Discard, &errs
			if err := cmd.Run(); err != nil {
				return fmt.Errorf("sqlite3: %v: %s", err, errs.String())
			}
			return nil
		})
	case "list-process-engine":
		if c.inProcess { // the tests: the same query, in this process
			return r, timed(func() error { return query(ctx, db, listQuery) })
		}
		return r, timed(func() error {
			cmd := exec.CommandContext(ctx, listFloorPath(c), db, listQuery)
			var errs bytes.Buffer
			cmd.Stdout, cmd.Stderr = io.Discard, &errs
			if err := cmd.Run(); err != nil {
				return fmt.Errorf("listfloor: %v: %s", err, errs.String())
			}
			return nil
		})
	case "list-floor":
		return r, timed(func() error {
			return query(ctx, db, listQuery)
		})
	case "gui":
		return r, timed(func() error {
			u := openWindow(s)
			ui.Settle()
			u.Window().Canvas().Capture()
			return nil
		})
	case "gui-floor":
		return r, timed(func() error { return guiFloor(ctx, db) })
	case "pdf-preview":
		scan, err := scansample.PDF(20, 1240)
		if err != nil {
			return r, err
		}
		started := time.Now()
		if err := pdfview.Warm(); err != nil {
			return r, err
		}
		r.Note = fmt.Sprintf("the renderer's start, once per run and in the background, a blank page drawn to size its memory included: %.0f ms", time.Since(started).Seconds()*1000)
		return r, timed(func() error {
			d, err := pdfview.Open(scan)
			if err != nil {
				return err
			}
			defer d.Close()
			_, err = d.Render(ctx, 0, 900)
			return err
		})
	case "today":
		u := openWindow(s)
		u.ShowSection("children")
		ui.Settle()
		return r, timed(func() error {
			u.ShowSection("today")
			ui.Settle()
			u.Window().Canvas().Capture()
			return nil
		})
	case "search", "search-db":
		u := openWindow(s)
		ui.Settle()
		u.Window().Canvas().Capture()
		took := u.MeasureKeystrokes(side == "search-db", []string{"ова", "қайрат", "2026-01", "талассемия", "rahim"})
		sort.Slice(took, func(i, j int) bool { return took[i] < took[j] })
		ms := func(q float64) float64 { return float64(took[int(q*float64(len(took)-1))]) / float64(time.Millisecond) }
		var sum time.Duration
		for _, t := range took {
			sum += t
		}
		r.Seconds, r.P50, r.P95 = sum.Seconds(), ms(0.5), ms(0.95)
		return r, nil
	}
	if ok, err := runOfficeSide(ctx, side, db, c, timed); ok {
		return r, err
	}
	return r, fmt.Errorf("no work %q", side)
}

// run1 runs a carebook command as a person would, its output discarded.
// listQuery is what `list` prints, as one query.
const listQuery = "SELECT case_number, last_name, first_name, middle_name, birth_date, region, status FROM children WHERE deleted_at IS NULL ORDER BY case_number"

// wholeProcess runs one Carebook command as a process of its own, start
// and end included, its output let go: carebook as make build makes it
// (buildCarebook). In the tests (no child processes) it runs in this one.
func wholeProcess(ctx context.Context, c config, args ...string) error {
	if c.inProcess {
		return run1(ctx, args...)
	}
	cmd := exec.CommandContext(ctx, carebookPath(c), args...)
	var errs bytes.Buffer
	cmd.Stdout, cmd.Stderr = io.Discard, &errs
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("carebook %s: %v: %s", strings.Join(args, " "), err, errs.String())
	}
	return nil
}

func run1(_ context.Context, args ...string) error {
	var errs bytes.Buffer
	if code := cli.Run(args, &cli.Env{Stdout: io.Discard, Stderr: &errs}); code != 0 {
		return fmt.Errorf("carebook %s: exit %d: %s", strings.Join(args, " "), code, errs.String())
	}
	return nil
}

// letterPlan plans thank-you letters for every donation and keeps n of them.
func letterPlan(ctx context.Context, s *data.Store, n int) (*reports.LetterPlan, error) {
	plan, err := reports.PlanLetters(ctx, s, reports.LetterOptions{LetterSelection: data.LetterSelection{
		Kind: data.TemplateDonationThanks, From: data.MustDate("2000-01-01"), To: s.Today(), IncludeCovered: true}})
	if err != nil {
		return nil, err
	}
	if len(plan.Letters) < n {
		return nil, fmt.Errorf("only %d letters to write", len(plan.Letters))
	}
	// A person writing n letters plans n letters: the rest are not kept.
	plan.Letters = slices.Clone(plan.Letters[:n])
	return plan, nil
}

// letterText is the first planned letter's text and the foundation's logo.
func letterText(ctx context.Context, s *data.Store, plan *reports.LetterPlan) (string, []byte, error) {
	st, err := s.Settings(ctx)
	if err != nil {
		return "", nil, err
	}
	pl := plan.Letters[0]
	text, err := data.RenderTemplate(pl.Template, reports.LetterDataFor(ctx, s, st, plan.Kind, pl, time.Now(), 0))
	if err != nil {
		return "", nil, err
	}
	var logo []byte
	if d, err := s.Documents.Get(ctx, st.LogoDocumentID); err == nil {
		if img, err := s.DocumentImage(d); err == nil {
			var b bytes.Buffer
			png.Encode(&b, img)
			logo = b.Bytes()
		}
	}
	return reports.Clean(text), logo, nil
}

// floorLetters is the plain fpdf program: one document, Noto Sans
// embedded once, the logo once, n pages of the same letter.
func floorLetters(out, text string, logo []byte, n int) error {
	p := fpdf.New("P", "mm", "A4", "")
	p.AddUTF8FontFromBytes("Noto", "", assets.NotoSansRegular)
	p.AddUTF8FontFromBytes("Noto", "B", assets.NotoSansBold)
	if logo != nil {
		p.RegisterImageOptionsReader("logo", fpdf.ImageOptions{ImageType: "PNG"}, bytes.NewReader(logo))
	}
	for range n {
		p.AddPage()
		if logo != nil {
			p.ImageOptions("logo", 15, 10, 0, 12, false, fpdf.ImageOptions{ImageType: "PNG"}, 0, "")
		}
		p.SetY(30)
		p.SetFont("Noto", "", 11)
		p.MultiCell(180, 5.8, text, "", "L", false)
		p.Ln(10)
		p.SetFont("Noto", "B", 10.5)
		p.CellFormat(180, 5.5, "Director", "", 1, "L", false, 0, "")
	}
	return p.OutputFileAndClose(out)
}

// libreOfficeLetters converts n letters as HTML to one PDF with LibreOffice.
func libreOfficeLetters(dir, text string, n int) error {
	var b strings.Builder
	b.WriteString("<html><head><meta charset=\"utf-8\"><style>body{font-family:'Noto Sans'} p{page-break-after:always}</style></head><body>")
	para := "<p>" + strings.ReplaceAll(text, "\n", "<br>") + "</p>"
	for range n {
		b.WriteString(para)
	}
	b.WriteString("</body></html>")
	in := filepath.Join(dir, "letters-lo.html")
	if err := os.WriteFile(in, []byte(b.String()), 0o600); err != nil {
		return err
	}
	out, err := exec.Command("soffice", "--headless", "--convert-to", "pdf", "--outdir", dir, in).CombinedOutput()
	if err != nil {
		return fmt.Errorf("soffice: %v: %s", err, out)
	}
	return nil
}

func openDB(db string) (*sql.DB, error) {
	return sql.Open("sqlite", "file:"+db+"?mode=ro&_pragma=busy_timeout(5000)")
}

// query runs a query through the same driver and reads every row.
func query(ctx context.Context, db, q string, args ...any) error {
	d, err := openDB(db)
	if err != nil {
		return err
	}
	defer d.Close()
	return readAll(ctx, d, q, args...)
}

func readAll(ctx context.Context, d *sql.DB, q string, args ...any) error {
	rows, err := d.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	w := bufio.NewWriter(io.Discard)
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		fmt.Fprintln(w, vals...)
	}
	return rows.Err()
}

// fundingFloor: the SQL sums per child and currency that funding needs.
func fundingFloor(ctx context.Context, db string) error {
	d, err := openDB(db)
	if err != nil {
		return err
	}
	defer d.Close()
	for _, q := range []string{
		`SELECT e.child_id, e.currency, SUM(li.quantity_milli * li.unit_price_minor / 1000) FROM line_items li JOIN estimates e ON e.id = li.estimate_id
		  WHERE e.deleted_at IS NULL AND li.deleted_at IS NULL AND e.status = 'accepted' GROUP BY 1, 2`,
		`SELECT child_id, currency, SUM(amount_minor) FROM donations WHERE deleted_at IS NULL AND child_id <> '' GROUP BY 1, 2`,
		`SELECT child_id, currency, SUM(amount_minor) FROM allocations WHERE deleted_at IS NULL GROUP BY 1, 2`,
		`SELECT child_id, currency, SUM(amount_minor) FROM payments WHERE deleted_at IS NULL GROUP BY 1, 2`,
		`SELECT case_number, last_name, first_name FROM children WHERE deleted_at IS NULL ORDER BY case_number`,
	} {
		if err := readAll(ctx, d, q); err != nil {
			return err
		}
	}
	return nil
}

// grantFloor: the per-case rows in one SQL query, and a PDF table of them
// as long as the report.
func grantFloor(ctx context.Context, db, out string) error {
	d, err := openDB(db)
	if err != nil {
		return err
	}
	defer d.Close()
	rows, err := d.QueryContext(ctx, `
		SELECT c.case_number, c.first_name, c.region, c.diagnosis, c.status,
		       (SELECT COALESCE(SUM(amount_minor), 0) FROM donations WHERE child_id = c.id AND deleted_at IS NULL),
		       (SELECT COALESCE(SUM(amount_minor), 0) FROM allocations WHERE child_id = c.id AND deleted_at IS NULL),
		       (SELECT COALESCE(SUM(amount_minor), 0) FROM payments WHERE child_id = c.id AND deleted_at IS NULL)
		  FROM children c WHERE c.deleted_at IS NULL ORDER BY c.case_number`)
	if err != nil {
		return err
	}
	defer rows.Close()
	p := fpdf.New("L", "mm", "A4", "")
	p.AddUTF8FontFromBytes("Noto", "", assets.NotoSansRegular)
	p.SetFont("Noto", "", 8)
	p.AddPage()
	for rows.Next() {
		var cs, name, region, diag, status string
		var don, alloc, pay int64
		if err := rows.Scan(&cs, &name, &region, &diag, &status, &don, &alloc, &pay); err != nil {
			return err
		}
		for _, cell := range []struct {
			w float64
			s string
		}{{22, cs}, {30, name}, {45, region}, {80, diag}, {30, status}, {25, fmt.Sprint(don / 100)}, {22, fmt.Sprint(alloc / 100)}, {22, fmt.Sprint(pay / 100)}} {
			p.CellFormat(cell.w, 9, reports.Clean(cell.s), "1", 0, "L", false, 0, "")
		}
		p.Ln(-1)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return p.OutputFileAndClose(out)
}

// guiFloor: a minimal Fyne window with a table of every child.
func guiFloor(ctx context.Context, db string) error {
	d, err := openDB(db)
	if err != nil {
		return err
	}
	defer d.Close()
	rows, err := d.QueryContext(ctx, "SELECT case_number, last_name || ' ' || first_name, birth_date, region, diagnosis, status FROM children WHERE deleted_at IS NULL ORDER BY case_number")
	if err != nil {
		return err
	}
	var cells [][6]string
	for rows.Next() {
		var c [6]string
		if err := rows.Scan(&c[0], &c[1], &c[2], &c[3], &c[4], &c[5]); err != nil {
			rows.Close()
			return err
		}
		cells = append(cells, c)
	}
	rows.Close()
	a := test.NewApp()
	w := a.NewWindow("floor")
	t := widget.NewTable(func() (int, int) { return len(cells), 6 },
		func() fyne.CanvasObject { return widget.NewLabel("template text") },
		func(id widget.TableCellID, o fyne.CanvasObject) { o.(*widget.Label).SetText(cells[id.Row][id.Col]) })
	for i, wd := range []float32{96, 240, 70, 160, 230, 150} {
		t.SetColumnWidth(i, wd)
	}
	w.SetContent(t)
	w.Resize(fyne.NewSize(1366, 697))
	w.Canvas().Capture()
	return nil
}

// writeStatement writes a bank's CSV of n incoming transfers, once.
// schemaFloorSQL has the sqlite3 shell import the statement (writeStatement's)
// as Carebook records it, in one transaction: a donor for each payer,
// found again by tax number for each of their donations, and each
// donation with its day, amount, reference, payer and purpose, into
// Carebook's tables with all their indexes, triggers and foreign keys.
const schemaFloorSQL = `PRAGMA foreign_keys = ON;
PRAGMA cache_size = -16384;
PRAGMA temp_store = 2;
CREATE TEMP TABLE st (day, amount, currency, payer, tax, purpose, reference);
.mode csv
.separator ;
.import --skip 4 STATEMENT st
` + schemaFloorWrites

// schemaFloorWrites are the writes of schemaFloorSQL, from the statement's
// rows in the table st.
const schemaFloorWrites = `BEGIN IMMEDIATE;
INSERT INTO donors (id, created_at, updated_at, kind, display_name, tax_id, name_key, office, version)
  SELECT printf('%08x-0000-7000-8000-000000000000', min(rowid)), '2026-12-05T10:00:00Z', '2026-12-05T10:00:00Z', 'person',
    payer, tax, lower(payer), (SELECT office_code FROM foundation), (SELECT clock FROM foundation)
  FROM st GROUP BY tax;
INSERT INTO donations (id, created_at, updated_at, donor_id, received_on, amount_minor, currency, method,
    bank_reference, payer, purpose, office, version)
  SELECT printf('%08x-0000-7000-8000-000000000001', rowid), '2026-12-05T10:00:00Z', '2026-12-05T10:00:00Z',
    (SELECT id FROM donors d WHERE d.tax_id = st.tax AND d.tax_id <> '' AND d.deleted_at IS NULL),
    substr(day, 7, 4) || '-' || substr(day, 4, 2) || '-' || substr(day, 1, 2),
    CAST(replace(replace(amount, ' ', ''), ',', '') AS INTEGER), currency, 'bank', reference, payer, purpose,
    (SELECT office_code FROM foundation), (SELECT clock FROM foundation)
  FROM st;
COMMIT;
`

// importEngineFloor is schemaFloorSQL through modernc.org/sqlite, the
// engine Carebook is built with: the statement read with encoding/csv
// into st (in the writing transaction), then schemaFloorWrites.
func importEngineFloor(ctx context.Context, db, statement string) error {
	d, err := sql.Open("sqlite", "file:"+db+"?_pragma=busy_timeout(5000)&_pragma=foreign_keys(1)&_pragma=cache_size(-16384)&_pragma=temp_store(2)")
	if err != nil {
		return err
	}
	defer d.Close()
	d.SetMaxOpenConns(1) // the temporary table lives in one connection
	f, err := os.Open(statement)
	if err != nil {
		return err
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 1<<20)
	for range 4 { // the bank's heading and the columns' names
		if _, err := br.ReadString('\n'); err != nil {
			return err
		}
	}
	if _, err := d.ExecContext(ctx, "CREATE TEMP TABLE st (day, amount, currency, payer, tax, purpose, reference)"); err != nil {
		return err
	}
	writes := strings.Split(strings.TrimSpace(schemaFloorWrites), ";\n")
	if _, err := d.ExecContext(ctx, writes[0]); err != nil { // BEGIN
		return err
	}
	ins, err := d.PrepareContext(ctx, "INSERT INTO st VALUES (?, ?, ?, ?, ?, ?, ?)")
	if err != nil {
		return err
	}
	defer ins.Close()
	cr := csv.NewReader(br)
	cr.Comma, cr.ReuseRecord = ';', true
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		} else if err != nil {
			return err
		}
		if _, err := ins.ExecContext(ctx, rec[0], rec[1], rec[2], rec[3], rec[4], rec[5], rec[6]); err != nil {
			return err
		}
	}
	for _, w := range writes[1:] {
		if _, err := d.ExecContext(ctx, strings.TrimSuffix(w, ";")); err != nil {
			return err
		}
	}
	return d.Close()
}

func writeStatement(path string, n int) error {
	if fi, err := os.Stat(path); err == nil && fi.Size() > 0 && strings.Contains(readHead(path), fmt.Sprintf("rows=%d\n", n)) {
		return nil
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	fmt.Fprintf(w, "Выписка по счёту KZ86722S000012345678 (KZT) rows=%d\nПериод: 01.01.2026 - 31.10.2026\n\n", n)
	fmt.Fprintf(w, "Дата;Сумма;Валюта;Плательщик;ИИН/БИН;Назначение;Номер\n")
	day := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		d := day.AddDate(0, 0, i*300/max(n, 1))
		payer := i % 20000
		fmt.Fprintf(w, "%s;%d %03d,%02d;KZT;Жертвователь %d Ә.;%012d;Благотворительная помощь;BNK-%d\n",
			d.Format("02.01.2006"), 1+i%90, i%1000, i%100, payer, 700000000000+payer, i)
	}
	if err := w.Flush(); err != nil {
		return err
	}
	return f.Close()
}

func readHead(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	b := make([]byte, 200)
	n, _ := f.Read(b)
	return string(b[:n])
}

// openWindow opens Carebook's window headless, in English, its loads run
// as they come (ui.Measuring), as a laptop's screen sizes it.
func openWindow(s *data.Store) *ui.App {
	os.Setenv("LANGUAGE", "en")
	ui.SetLanguage("en")
	ui.Measuring()
	u := ui.New(test.NewApp(), s)
	u.Window().Resize(fyne.NewSize(1366, 697))
	u.Start()
	return u
}
