// Package cli is Carebook's command line: it parses the arguments, runs the
// subcommands that need no display, and hands the window to the caller. It is
// separate from main so that it builds and tests without cgo.
package cli

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"

	"carebook/data"
	"carebook/data/demo"
	"carebook/reports"
)

// Version is Carebook's version; FyneApp.toml carries the same number.
const Version = "0.1.0"

// Exit statuses.
const (
	ExitOK      = 0
	ExitFailure = 1 // something went wrong: one line on stderr
	ExitUsage   = 2 // the command line itself is wrong: usage on stderr
)

// OpenWindow shows the app on an open store and returns when it closes.
type OpenWindow func(s *data.Store) error

// Env is what a command talks to.
type Env struct {
	Stdout, Stderr io.Writer
	Window         OpenWindow
}

// errHelp is -h or --help: the usage, on stdout, and success.
var errHelp = errors.New("help")

type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return &usageError{fmt.Sprintf(format, a...)} }

type command struct {
	name, args, help string
	run              func(env *Env, args []string) error
}

func commands() []command {
	return []command{
		{"demo", "--db FILE [--children N] [--force]", "build a demo database", runDemo},
		{"list", "--db FILE [--status S] [--search TEXT]", "list children: case, name, birth date, region, status", runList},
		{"attach", "--db FILE --child CASE --kind KIND --file PATH [--title T] [--issued YYYY-MM-DD]", "attach a document; prints its id", runAttach},
		{"check", "--db FILE", "verify every document file and the database; exit 1 on a problem", runCheck},
		{"import", "donations --db FILE --csv PATH [--date-col N --amount-col N --currency-col N | --currency CODE --donor-col N --reference-col N --child CASE] [--dry-run]",
			"import donations from a bank statement (CSV)", runImport},
		{"report", "journey --db FILE --child CASE --out FILE.pdf [--lang en|ru|kk] [--edition internal|public] [--attachments]\n" +
			"  carebook report grant --db FILE --from YYYY-MM-DD --to YYYY-MM-DD --out FILE.pdf [--csv FILE.csv] [--lang …] [--program P] [--region R] [--diagnosis D] [--status S]\n" +
			"  carebook report appeal --db FILE --child CASE --out FILE.pdf [--lang …]", "print a report", runReport},
		{"letters", "--db FILE (--child CASE | --from YYYY-MM-DD --to YYYY-MM-DD) [--kind K] --out FILE.pdf [--per-donor DIR] [--dry-run] [--include-thanked]",
			"write thank-you letters (or receipts) for a batch of donations", runLetters},
		{"backup", "--db FILE [--to DIR]", "copy the database and its documents into DIR (default: the backup folder in Settings)", runBackup},
		{"funding", "--db FILE [--child CASE]", "target, raised, gap and spent per child, in the base currency and per currency", runFunding},
		{"version", "", "print the version", runVersion},
		{"help", "", "show this help", runHelp},
	}
}

// Usage is the help text.
func Usage() string {
	var b strings.Builder
	b.WriteString("Carebook " + Version + " — case book of a children's medical charity\n\n")
	b.WriteString("Usage:\n")
	fmt.Fprintf(&b, "%-60s %s\n", "  carebook [--db FILE | --demo]", "open the app")
	for _, c := range commands() {
		line := "  carebook " + c.name
		if c.args != "" {
			line += " " + c.args
		}
		fmt.Fprintf(&b, "%-60s %s\n", line, c.help)
	}
	b.WriteString("\nThe default database is " + defaultPathForHelp() + ";\n--demo opens a demo database kept beside it (built on first use).\n")
	b.WriteString("\nStatuses: " + joinStatuses() + "\n")
	return b.String()
}

func defaultPathForHelp() string {
	p, err := data.DefaultPath()
	if err != nil {
		return "the user's data folder"
	}
	return p
}

func joinStatuses() string {
	var s []string
	for _, st := range data.AllStatuses {
		s = append(s, string(st))
	}
	return strings.Join(s, ", ")
}

// Run runs the command line and returns the exit status. It never lets a
// panic reach the user as a stack trace.
func Run(args []string, env *Env) (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(env.Stderr, "carebook: internal error: %v (please report this)\n", r)
			if os.Getenv("CAREBOOK_DEBUG") != "" {
				env.Stderr.Write(debug.Stack())
			}
			code = ExitFailure
		}
	}()
	err := dispatch(args, env)
	var ue *usageError
	switch {
	case err == nil:
		return ExitOK
	case errors.Is(err, errHelp):
		fmt.Fprint(env.Stdout, Usage())
		return ExitOK
	case errors.As(err, &ue):
		fmt.Fprintf(env.Stderr, "carebook: %s\n\n%s", ue.msg, Usage())
		return ExitUsage
	default:
		fmt.Fprintf(env.Stderr, "carebook: %s\n", oneLine(err.Error()))
		return ExitFailure
	}
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func dispatch(args []string, env *Env) error {
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		for _, c := range commands() {
			if c.name == args[0] {
				return c.run(env, args[1:])
			}
		}
		return usagef("unknown command %q", args[0])
	}
	return runApp(env, args)
}

func newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are reported once, by Run
	return fs
}

func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return errHelp
		}
		return usagef("%s", err.Error())
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	return nil
}

// runApp opens the window on the database the flags name.
func runApp(env *Env, args []string) error {
	fs := newFlags("carebook")
	db := fs.String("db", "", "database file")
	useDemo := fs.Bool("demo", false, "open the demo database")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *db != "" && *useDemo {
		return usagef("give either --db or --demo, not both")
	}
	path := *db
	var err error
	switch {
	case *useDemo:
		path, err = data.DemoPath()
		if err != nil {
			return err
		}
		if _, statErr := os.Stat(path); errors.Is(statErr, os.ErrNotExist) {
			fmt.Fprintf(env.Stdout, "Building the demo database in %s…\n", path)
			s, err := demo.Create(context.Background(), path, demo.Options{}, false)
			if err != nil {
				return err
			}
			s.Close()
		}
	case path == "":
		path, err = data.DefaultPath()
		if err != nil {
			return err
		}
	}
	s, err := data.Open(path)
	if err != nil {
		return err
	}
	defer s.Close()
	if env.Window == nil {
		return errors.New("this build has no window")
	}
	return env.Window(s)
}

func openExisting(path string) (*data.Store, error) {
	if path == "" {
		return nil, usagef("--db FILE is required")
	}
	if _, err := os.Stat(path); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("%s does not exist", path)
		}
		return nil, err
	}
	return data.Open(path)
}

func runDemo(env *Env, args []string) error {
	fs := newFlags("demo")
	db := fs.String("db", "", "database file to create")
	n := fs.Int("children", 0, "synthetic cases to add")
	force := fs.Bool("force", false, "replace an existing demo database")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *db == "" {
		return usagef("demo needs --db FILE")
	}
	if *n < 0 || *n > 1_000_000 {
		return usagef("--children must be between 0 and 1000000")
	}
	opt := demo.Options{Children: *n, Seed: 1}
	if *n >= 1000 {
		opt.Progress = func(done, total int) {
			fmt.Fprintf(env.Stderr, "\r%d of %d synthetic cases", done, total)
			if done == total {
				fmt.Fprintln(env.Stderr)
			}
		}
	}
	s, err := demo.Create(context.Background(), *db, opt, *force)
	if err != nil {
		return err
	}
	defer s.Close()
	kids, err := s.ListChildren(context.Background(), data.ChildFilter{})
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Demo database %s: %d children.\n", *db, len(kids))
	return nil
}

func runList(env *Env, args []string) error {
	fs := newFlags("list")
	db := fs.String("db", "", "database file")
	status := fs.String("status", "", "only this status")
	search := fs.String("search", "", "words in name, case number or diagnosis")
	if err := parse(fs, args); err != nil {
		return err
	}
	f := data.ChildFilter{Search: *search}
	if *status != "" {
		st := data.Status(strings.ToLower(strings.TrimSpace(*status)))
		known := false
		for _, s := range data.AllStatuses {
			known = known || s == st
		}
		if !known {
			return usagef("unknown status %q (one of: %s)", *status, joinStatuses())
		}
		f.Statuses = []data.Status{st}
	}
	s, err := openExisting(*db)
	if err != nil {
		return err
	}
	defer s.Close()
	kids, err := s.ListChildren(context.Background(), f)
	if err != nil {
		return err
	}
	for _, c := range kids {
		fmt.Fprintf(env.Stdout, "%s\t%s\t%s\t%s\t%s\n", c.CaseNumber, c.FullName(), c.BirthDate, c.Region, c.Status)
	}
	return nil
}

func runAttach(env *Env, args []string) error {
	fs := newFlags("attach")
	db := fs.String("db", "", "database file")
	caseNo := fs.String("child", "", "case number")
	kind := fs.String("kind", "", "document kind")
	file := fs.String("file", "", "file to attach")
	title := fs.String("title", "", "title")
	issued := fs.String("issued", "", "issued on")
	issuer := fs.String("issuer", "", "issuer")
	if err := parse(fs, args); err != nil {
		return err
	}
	switch {
	case *caseNo == "":
		return usagef("attach needs --child CASE")
	case *file == "":
		return usagef("attach needs --file PATH")
	case *kind == "":
		return usagef("attach needs --kind KIND (one of: %s)", joinKinds())
	}
	k := data.DocumentKind(strings.ToLower(strings.TrimSpace(*kind)))
	if !slices.Contains(data.AllDocumentKinds, k) {
		return usagef("unknown kind %q (one of: %s)", *kind, joinKinds())
	}
	on, err := data.ParseDate(*issued)
	if err != nil {
		return fmt.Errorf("--issued %q is not a date; write it as 2026-02-23", *issued)
	}
	s, c, err := openCase(*db, *caseNo)
	if err != nil {
		return err
	}
	defer s.Close()
	ctx := context.Background()
	doc := &data.Document{ChildID: c.ID, Kind: k, Title: *title, IssuedOn: on, Issuer: *issuer}
	if err := s.AttachPath(ctx, doc, *file); err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, doc.ID)
	return nil
}

// openCase opens an existing database and, when a case number is given,
// finds that live case or says plainly that there is none.
func openCase(db, caseNo string) (*data.Store, *data.Child, error) {
	s, err := openExisting(db)
	if err != nil || caseNo == "" {
		return s, nil, err
	}
	c, err := s.ChildByCase(context.Background(), caseNo)
	if err != nil {
		s.Close()
		return nil, nil, fmt.Errorf("no case %s in %s", caseNo, db)
	}
	return s, c, nil
}

func joinKinds() string {
	var s []string
	for _, k := range data.AllDocumentKinds {
		s = append(s, string(k))
	}
	return strings.Join(s, ", ")
}

func runCheck(env *Env, args []string) error {
	fs := newFlags("check")
	db := fs.String("db", "", "database file")
	if err := parse(fs, args); err != nil {
		return err
	}
	s, err := openExisting(*db)
	if err != nil {
		return err
	}
	defer s.Close()
	ctx := context.Background()
	problems, err := s.CheckIntegrity(ctx)
	if err != nil {
		return err
	}
	for _, p := range problems {
		fmt.Fprintf(env.Stdout, "database: %s\n", p)
	}
	files, err := s.VerifyFiles(ctx, nil)
	if err != nil {
		return err
	}
	docs, _ := s.Documents.All(ctx)
	for _, p := range files {
		owner := ""
		if c, err := s.Children.Get(ctx, p.Document.ChildID); err == nil {
			owner = " (case " + c.CaseNumber + ")"
		}
		what := "altered"
		if p.Err.Kind == data.FileMissing {
			what = "missing"
		}
		fmt.Fprintf(env.Stdout, "%s\t%s\t%s%s\t%s\n", what, p.Err.Path, p.Document.FileName, owner, p.Document.ID)
	}
	if n := len(problems) + len(files); n > 0 {
		return fmt.Errorf("%d problem(s) found in %s", n, *db)
	}
	fmt.Fprintf(env.Stdout, "OK: database sound, %d document files verified.\n", len(docs))
	return nil
}

func runImport(env *Env, args []string) error {
	if len(args) == 0 || args[0] != "donations" {
		return usagef("import what? carebook import donations --db FILE --csv PATH")
	}
	fs := newFlags("import donations")
	db := fs.String("db", "", "database file")
	file := fs.String("csv", "", "bank statement")
	var o data.StatementOptions
	fs.IntVar(&o.DateCol, "date-col", 0, "date column (from 1)")
	fs.IntVar(&o.AmountCol, "amount-col", 0, "amount column")
	fs.IntVar(&o.CurrencyCol, "currency-col", 0, "currency column")
	fs.StringVar(&o.Currency, "currency", "", "currency of every row")
	fs.IntVar(&o.DonorCol, "donor-col", 0, "donor column")
	fs.IntVar(&o.ReferenceCol, "reference-col", 0, "bank reference column")
	caseNo := fs.String("child", "", "earmark every donation for this case")
	dry := fs.Bool("dry-run", false, "report what would be imported, change nothing")
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	if *file == "" {
		return usagef("import donations needs --csv PATH")
	}
	for _, n := range []int{o.DateCol, o.AmountCol, o.CurrencyCol, o.DonorCol, o.ReferenceCol} {
		if n < 0 {
			return usagef("column numbers start at 1")
		}
	}
	if o.Currency != "" {
		if _, ok := data.LookupCurrency(o.Currency); !ok {
			return usagef("unknown currency %q", o.Currency)
		}
		if o.CurrencyCol != 0 {
			return usagef("give either --currency-col or --currency, not both")
		}
	}
	s, c, err := openCase(*db, *caseNo)
	if err != nil {
		return err
	}
	defer s.Close()
	ctx := context.Background()
	if c != nil {
		o.ChildID = c.ID
	}
	f, err := os.Open(*file)
	if err != nil {
		return fmt.Errorf("cannot read %s: %v", *file, err)
	}
	defer f.Close()
	raw, err := data.ReadStatement(f)
	if err != nil {
		return fmt.Errorf("%s: %v", *file, err)
	}
	st, err := s.PrepareImport(ctx, raw, o)
	if err != nil {
		return fmt.Errorf("%s: %v", *file, err)
	}
	fmt.Fprintf(env.Stdout, "%s: %s, separator %s, %d rows; columns: date %d, amount %d, currency %s, donor %s, reference %s\n",
		*file, raw.Encoding, delimiterName(raw.Delimiter), len(st.Rows), st.Opts.DateCol, st.Opts.AmountCol,
		colOr(st.Opts.CurrencyCol, st.Opts.Currency), colOr(st.Opts.DonorCol, "-"), colOr(st.Opts.ReferenceCol, "-"))
	for _, r := range st.Rows {
		if r.State != data.RowOK {
			fmt.Fprintf(env.Stdout, "%s\t%s\n", r.State, r.Reason())
		}
	}
	if *dry {
		fmt.Fprintf(env.Stdout, "Dry run: would import %d, duplicates %d, rejected %d. Nothing was changed.\n", st.OK, st.Duplicates, st.Rejected)
		return nil
	}
	res, err := s.Import(ctx, st)
	if err != nil {
		return fmt.Errorf("nothing was imported: %v", err)
	}
	fmt.Fprintf(env.Stdout, "Imported %d, duplicates %d, rejected %d; new donors %d.\n", res.Imported, res.Duplicates, res.Rejected, res.NewDonors)
	return nil
}

func colOr(n int, alt string) string {
	if n > 0 {
		return fmt.Sprint(n)
	}
	if alt == "" {
		return "-"
	}
	return alt
}

func delimiterName(r rune) string {
	switch r {
	case '\t':
		return "tab"
	case ';':
		return "';'"
	}
	return "','"
}

func runFunding(env *Env, args []string) error {
	fs := newFlags("funding")
	db := fs.String("db", "", "database file")
	caseNo := fs.String("child", "", "one case")
	if err := parse(fs, args); err != nil {
		return err
	}
	s, c, err := openCase(*db, *caseNo)
	if err != nil {
		return err
	}
	defer s.Close()
	ctx := context.Background()
	var kids []data.Child
	if c != nil {
		kids = []data.Child{*c}
	} else if kids, err = s.ListChildren(ctx, data.ChildFilter{}); err != nil {
		return err
	}
	all, err := s.FundingAll(ctx)
	if err != nil {
		return err
	}
	st, err := s.Settings(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, "case\tcurrency\ttarget\traised\tgap\tspent")
	for _, c := range kids {
		f := all[c.ID]
		if f == nil {
			f = &data.Funding{Base: st.BaseCurrency, Target: data.M(0, st.BaseCurrency), Raised: data.M(0, st.BaseCurrency),
				Gap: data.M(0, st.BaseCurrency), Spent: data.M(0, st.BaseCurrency)}
		}
		fmt.Fprintf(env.Stdout, "%s\t%s\t%s\t%s\t%s\t%s\n", c.CaseNumber, f.Base, num(f.Target), num(f.Raised), num(f.Gap), num(f.Spent))
		for _, cur := range f.Currencies() {
			fmt.Fprintf(env.Stdout, "\t%s\t%s\t%s\t\t%s\n", cur, num(data.M(f.TargetBy[cur], cur)),
				num(data.M(f.RaisedBy[cur], cur)), num(data.M(f.SpentBy[cur], cur)))
		}
		for _, m := range f.Missing {
			fmt.Fprintf(env.Stdout, "\tmissing\t%s\n", m.Error())
		}
	}
	return nil
}

// num is an amount without its currency: 1234567.50.
func num(m data.Money) string {
	p := m.Plain()
	return p[:strings.LastIndexByte(p, ' ')]
}

func runReport(env *Env, args []string) error {
	if len(args) == 0 {
		return usagef("report what? journey, grant or appeal")
	}
	kind, args := args[0], args[1:]
	fs := newFlags("report " + kind)
	db := fs.String("db", "", "database file")
	out := fs.String("out", "", "PDF file to write")
	lang := fs.String("lang", "ru", "en, ru or kk")
	var caseNo, edition, from, to, csvOut, program, region, diagnosis, status *string
	var attachments *bool
	switch kind {
	case "journey":
		caseNo = fs.String("child", "", "case number")
		edition = fs.String("edition", "internal", "internal or public")
		attachments = fs.Bool("attachments", false, "append documents")
	case "appeal":
		caseNo = fs.String("child", "", "case number")
	case "grant":
		from = fs.String("from", "", "first day")
		to = fs.String("to", "", "last day")
		csvOut = fs.String("csv", "", "CSV file to write beside the PDF")
		program = fs.String("program", "", "only this program")
		region = fs.String("region", "", "only this region")
		diagnosis = fs.String("diagnosis", "", "only diagnoses holding this text")
		status = fs.String("status", "", "only this status")
	default:
		return usagef("unknown report %q (journey, grant or appeal)", kind)
	}
	if err := parse(fs, args); err != nil {
		return err
	}
	switch *lang {
	case "en", "ru", "kk":
	default:
		return usagef("--lang must be en, ru or kk")
	}
	if *out == "" {
		return usagef("report %s needs --out FILE.pdf", kind)
	}
	if caseNo != nil && *caseNo == "" {
		return usagef("report %s needs --child CASE", kind)
	}
	if edition != nil && *edition != "internal" && *edition != "public" {
		return usagef("--edition must be internal or public")
	}
	one := ""
	if caseNo != nil {
		one = *caseNo
	}
	s, c, err := openCase(*db, one)
	if err != nil {
		return err
	}
	defer s.Close()
	ctx := context.Background()
	var childID string
	if c != nil {
		childID = c.ID
	}
	var buf bytes.Buffer
	switch kind {
	case "journey":
		err = reports.Journey(ctx, s, childID, reports.JourneyOptions{Lang: *lang, Edition: reports.Edition(*edition), Attachments: *attachments}, &buf)
	case "appeal":
		err = reports.Appeal(ctx, s, childID, reports.AppealOptions{Lang: *lang}, &buf)
	case "grant":
		g := reports.GrantOptions{Lang: *lang, Program: *program, Region: *region, Diagnosis: *diagnosis}
		if g.From, err = data.ParseDate(*from); err != nil || g.From.IsZero() {
			return usagef("--from must be a date like 2026-01-01")
		}
		if g.To, err = data.ParseDate(*to); err != nil || g.To.IsZero() {
			return usagef("--to must be a date like 2026-12-31")
		}
		if g.To.Before(g.From) {
			return usagef("--to is before --from")
		}
		if *status != "" {
			st := data.Status(*status)
			if !slices.Contains(data.AllStatuses, st) {
				return usagef("unknown status %q (one of: %s)", *status, joinStatuses())
			}
			g.Status = st
		}
		var csvBuf bytes.Buffer
		var csvW io.Writer
		if *csvOut != "" {
			csvW = &csvBuf
		}
		err = reports.Grant(ctx, s, g, &buf, csvW)
		if err == nil && *csvOut != "" {
			if err := data.WriteFileAtomic(*csvOut, csvBuf.Bytes()); err != nil {
				return err
			}
		}
	}
	if err != nil {
		return err
	}
	if err := data.WriteFileAtomic(*out, buf.Bytes()); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Wrote %s (%d KB).\n", *out, (buf.Len()+1023)/1024)
	return nil
}

func runLetters(env *Env, args []string) error {
	fs := newFlags("letters")
	db := fs.String("db", "", "database file")
	caseNo := fs.String("child", "", "every donor of this child")
	from := fs.String("from", "", "first day")
	to := fs.String("to", "", "last day")
	kind := fs.String("kind", "", "donation_thanks, outcome_thanks or receipt")
	out := fs.String("out", "", "PDF of the whole batch")
	perDonor := fs.String("per-donor", "", "folder for one PDF per donor")
	dry := fs.Bool("dry-run", false, "say what would be written, write nothing")
	include := fs.Bool("include-thanked", false, "also donations already covered by such a letter")
	if err := parse(fs, args); err != nil {
		return err
	}
	var o reports.LetterOptions
	o.IncludeCovered, o.PerDonorDir = *include, *perDonor
	o.Kind = data.TemplateKind(*kind)
	switch {
	case *kind == "" && *caseNo != "":
		o.Kind = data.TemplateOutcomeThanks
	case *kind == "":
		o.Kind = data.TemplateDonationThanks
	case !slices.Contains(data.AllTemplateKinds, o.Kind):
		return usagef("unknown kind %q (donation_thanks, outcome_thanks or receipt)", *kind)
	}
	if (*caseNo == "") == (*from == "" && *to == "") {
		return usagef("give either --child CASE or --from and --to")
	}
	if *out == "" && !*dry {
		return usagef("letters needs --out FILE.pdf (or --dry-run)")
	}
	s, c, err := openCase(*db, *caseNo)
	if err != nil {
		return err
	}
	defer s.Close()
	ctx := context.Background()
	if c != nil {
		o.ChildID = c.ID
	} else {
		var err1, err2 error
		o.From, err1 = data.ParseDate(*from)
		o.To, err2 = data.ParseDate(*to)
		if err1 != nil || err2 != nil || o.From.IsZero() || o.To.IsZero() {
			return usagef("--from and --to must be dates like 2026-01-01")
		}
		if o.To.Before(o.From) {
			return usagef("--to is before --from")
		}
	}
	plan, err := reports.PlanLetters(ctx, s, o)
	if err != nil {
		return err
	}
	for _, sk := range plan.Skipped {
		who := sk.Who
		reason := "the donor is in the Trash"
		if sk.Reason == "no_donor" {
			who, reason = "cash box", "no donor to write to"
		}
		fmt.Fprintf(env.Stdout, "skipped\t%s\t%d donation(s)\t%s\n", who, sk.Donations, reason)
	}
	for _, l := range plan.Letters {
		for _, w := range l.Warnings {
			fmt.Fprintf(env.Stdout, "note\t%s\t%s\n", l.Donor.DisplayName, letterWarning(w, l.Lang))
		}
	}
	if len(plan.Letters) == 0 {
		fmt.Fprintln(env.Stdout, "Nothing to write: no donation is waiting for this letter. No file was written and nothing was marked.")
		return nil
	}
	if *dry {
		fmt.Fprintf(env.Stdout, "Dry run: would write %d letters to %d donors, covering %d donations. Nothing was written.\n",
			len(plan.Letters), len(plan.Letters), plan.Donations)
		return nil
	}
	var buf bytes.Buffer
	res, err := reports.WriteLetters(ctx, s, plan, o, &buf)
	if err != nil {
		return err
	}
	if err := data.WriteFileAtomic(*out, buf.Bytes()); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Wrote %d letters to %d donors, covering %d donations, in %s", res.Letters, res.Donors, res.Donations, *out)
	if len(res.Files) > 0 {
		fmt.Fprintf(env.Stdout, " and %d files in %s", len(res.Files), *perDonor)
	}
	fmt.Fprintln(env.Stdout, ".")
	return nil
}

func letterWarning(code, lang string) string {
	switch code {
	case "no_language":
		return "no preferred language: written in " + lang
	case "no_template_language":
		return "no letters in the donor's language: written in " + lang
	case "name_characters":
		return "the name has characters the letter font cannot print; they print as ?"
	}
	return code
}

func runBackup(env *Env, args []string) error {
	fs := newFlags("backup")
	db := fs.String("db", "", "database file")
	to := fs.String("to", "", "backup folder")
	if err := parse(fs, args); err != nil {
		return err
	}
	s, err := openExisting(*db)
	if err != nil {
		return err
	}
	defer s.Close()
	ctx := context.Background()
	dir := *to
	if dir == "" {
		st, err := s.Settings(ctx)
		if err != nil {
			return err
		}
		if dir = st.BackupFolder; dir == "" {
			return usagef("backup needs --to DIR (no backup folder is set in Settings)")
		}
	}
	path, err := s.Backup(ctx, dir)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Backed up to %s (documents in %s).\n", path, filepath.Join(dir, "files"))
	return nil
}

func runVersion(env *Env, args []string) error {
	if err := parse(newFlags("version"), args); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Carebook %s (database schema %d)\n", Version, data.SchemaVersion())
	return nil
}

func runHelp(env *Env, args []string) error {
	fmt.Fprint(env.Stdout, Usage())
	return nil
}
