// The import of bank statements.

package cli

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"carebook/bank"
	"carebook/data"
	"carebook/money"
)

func runImport(env *Env, args []string) (err error) {
	if len(args) == 0 || args[0] != "donations" {
		return usagef("import what? carebook import donations --file STATEMENT")
	}
	fs := newFlags("import donations")
	db := dbFlags(fs, "database file")
	file := fs.String("file", "", "the bank statement (CSV/TSV, XLSX, 1C, MT940)")
	csvFile := fs.String("csv", "", "the same as --file")
	currency := fs.String("currency", "", "the account's currency, when the statement does not say")
	var m bank.Mapping
	cols := map[string]*int{}
	for _, c := range []struct{ flag, role, help string }{
		{"date-col", "date", "date column (from 1)"}, {"amount-col", "amount", "amount column (negative: money out)"},
		{"credit-col", "credit", "credit column (money in)"}, {"debit-col", "debit", "debit column (money out)"},
		{"currency-col", "currency", "currency column"}, {"payer-col", "payer", "payer column"},
		{"tax-col", "tax_id", "payer's tax number column"}, {"purpose-col", "purpose", "purpose column"},
		{"reference-col", "reference", "reference column"},
	} {
		cols[c.flag] = m.Column(c.role)
		fs.IntVar(cols[c.flag], c.flag, 0, c.help)
	}
	fs.IntVar(&m.Payer, "donor-col", 0, "the same as --payer-col")
	headerLine := fs.Int("header-line", 0, "the line of the table's header, with column flags")
	remember := fs.String("remember", "", "remember the columns given for this bank's layout, under this name")
	caseNo := fs.String("child", "", "earmark every donation for this case")
	acceptEarmarks := fs.Bool("accept-earmarks", false, "earmark the donations whose purpose names a child")
	importSimilar := fs.Bool("import-similar", false, "import the rows that resemble a recorded donation too")
	leaveUnnamed := fs.Bool("leave-unnamed", false, "leave out the credits whose bank names no payer (else donations of an unknown donor, to match later)")
	dry := fs.Bool("dry-run", false, "say what would be imported, change nothing")
	verbose := fs.Bool("verbose", false, "list every new donor (else the first twenty)")
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	path := *file
	switch {
	case path != "" && *csvFile != "" && path != *csvFile:
		return usagef("give the statement once: --file (or --csv)")
	case path == "":
		path = *csvFile
	}
	if path == "" {
		return usagef("import donations needs --file STATEMENT")
	}
	given := false
	for flag, p := range cols {
		if *p < 0 {
			return usagef("--%s: column numbers start at 1", flag)
		}
		given = given || *p > 0
	}
	if m.Amount > 0 && m.Credit > 0 {
		return usagef("give either --amount-col or --credit-col, not both")
	}
	if given && !m.Complete() {
		return usagef("with column flags, give the date column and the amount (or credit) column")
	}
	if *remember != "" && !given {
		return usagef("--remember names the columns given with the column flags")
	}
	if *currency != "" {
		c, ok := money.LookupCurrency(*currency)
		if !ok {
			return usagef("unknown currency %q", *currency)
		}
		*currency = c.Code
	}
	s, c, err := openCase(env, db, *caseNo, unlessDry(*dry))
	if err != nil {
		return err
	}
	defer closeStore(env, s, &err)
	ctx := env.ctx
	o := bank.Options{Currency: *currency, Today: s.Today(), HeaderLine: *headerLine,
		Layouts: bank.Remembering(env.ctx, s)}
	if given {
		o.Mapping = &m
	}
	src, err := bank.Open(ctx, path, o)
	if err != nil {
		var fe *bank.FileError
		if errors.As(err, &fe) && (fe.Code == "no_header" || fe.Code == "no_columns") && src != nil {
			printSample(env.Stdout, src)
			return fmt.Errorf("%v (with --date-col, --amount-col or --credit-col, --payer-col…)", err)
		}
		return err
	}
	dec := bank.Decisions{AllEarmarks: *acceptEarmarks, AllSimilar: *importSimilar, NoUnnamed: *leaveUnnamed}
	if c != nil {
		dec.ChildID = c.ID
	}
	progress := progressRows(env, src.Rows)
	if *dry {
		plan, err := bank.Prepare(ctx, s, src, dec, progress)
		if err != nil {
			return err
		}
		printPlan(env.Stdout, plan, dec, *verbose)
		fmt.Fprintln(env.Stdout, "Dry run: nothing was changed.")
		return nil
	}
	if *remember != "" {
		if err := bank.Remember(ctx, s, *remember, src, *currency); err != nil {
			return err
		}
	}
	// The decisions are all made by the flags: each row is read, decided
	// and written in one pass, and what the rows were is told after.
	plan, res, err := bank.ImportOnce(ctx, s, src, dec, progress)
	if err != nil {
		return fmt.Errorf("nothing was imported: %w", err)
	}
	printPlan(env.Stdout, plan, dec, *verbose)
	if *remember != "" {
		fmt.Fprintf(env.Stdout, "The columns of this layout are remembered as «%s».\n", *remember)
	}
	if res.Unnamed > 0 {
		fmt.Fprintf(env.Stdout, "%d of them name no payer: donations of an unknown donor, to match to a donor later.\n", res.Unnamed)
	}
	fmt.Fprintf(env.Stdout, "Imported %s (%s, %d earmarked); left out: %d similar, %d already recorded, %d outgoing, %d rejected.\n",
		plural(res.Imported, "donation", "donations"), plural(res.NewDonors, "new donor", "new donors"), res.Earmarked,
		res.SimilarLeft, res.Duplicate, res.Outgoing, res.Rejected)
	return nil
}

// progressRows shows how far a long statement is (on stderr, for 100 000
// rows or more).
func progressRows(env *Env, total int) bank.Progress {
	if total < 100_000 {
		return nil
	}
	return func(done, total int) {
		fmt.Fprintf(env.Stderr, "\r%d of %d rows", done, total)
		if done >= total {
			fmt.Fprintln(env.Stderr)
		}
	}
}

func printSample(w io.Writer, src *bank.Source) {
	fmt.Fprintf(w, "%s: the first rows:\n", src.Path)
	for i, r := range src.Sample {
		fmt.Fprintf(w, "line %d\t%s\n", src.SampleLines[i], strings.Join(r, "\t"))
	}
}

// printPlan says what the import does, in the order a person checks it.
func printPlan(w io.Writer, p *bank.Plan, dec bank.Decisions, verbose bool) {
	src := p.Source
	fmt.Fprintf(w, "%s: %s, %d rows.\n", src.Name(), src.FormatName(), src.Rows)
	f := src.Facts
	var facts []string
	if f.Bank != "" {
		facts = append(facts, "bank "+f.Bank)
	}
	if f.Holder != "" {
		facts = append(facts, "client "+f.Holder)
	}
	if f.Account != "" {
		facts = append(facts, "account "+f.Account)
	}
	if f.Currency != "" {
		facts = append(facts, "currency "+f.Currency)
	}
	switch {
	case len(f.Periods) > 1:
		var ps []string
		for _, p := range f.Periods {
			ps = append(ps, p.From.Local("ru")+"–"+p.To.Local("ru"))
		}
		facts = append(facts, fmt.Sprintf("%d statements: %s", len(f.Periods), strings.Join(ps, ", ")))
	case !f.From.IsZero():
		facts = append(facts, "period "+f.From.Local("ru")+"–"+f.To.Local("ru"))
	}
	if f.Opening != "" {
		facts = append(facts, "opening balance "+f.Opening)
	}
	if len(facts) > 0 {
		fmt.Fprintf(w, "The statement says: %s.\n", strings.Join(facts, "; "))
	}
	if len(src.Header) > 0 {
		var cols []string
		for _, role := range bank.Roles {
			if n := *src.Mapping.Column(role); n > 0 {
				name := map[string]string{"tax_id": "tax number", "amount": "amount (±)"}[role]
				if name == "" {
					name = role
				}
				cols = append(cols, fmt.Sprintf("%s %d", name, n))
			}
		}
		from := map[string]string{"header": "found from the header", "given": "as given", "remembered": "remembered as «" + src.LayoutName + "»"}[src.MappingFrom]
		fmt.Fprintf(w, "Columns (%s): %s.\n", from, strings.Join(cols, ", "))
	}
	for _, b := range p.Before {
		fmt.Fprintf(w, "This statement was imported on %s (%d donations then).\n", b.CreatedAt.Time.Local().Format("02.01.2006"), b.Imported)
	}
	fmt.Fprintf(w, "To import: %d (new donors: %d).\n", p.Import, p.NewDonors)
	for _, e := range p.Earmarks {
		verb := "add --accept-earmarks to earmark them"
		if dec.AllEarmarks {
			verb = "earmarked"
		}
		fmt.Fprintf(w, "  The purpose names %s %s in %s (line %s): %s.\n", e.Case, e.Name, plural(e.Rows, "row", "rows"), lines(e.Lines, e.Rows), verb)
	}
	if p.Similar > 0 {
		verb := "left out unless --import-similar"
		if dec.AllSimilar {
			verb = "imported too"
		}
		fmt.Fprintf(w, "Like a donation already recorded, but not the same (%s): %d.\n", verb, p.Similar)
		for _, r := range p.Rows[bank.Similar] {
			like := ""
			if len(r.Like) > 0 {
				who := r.Like[0].Payer
				if who == "" {
					who = r.Like[0].DonorName
				}
				like = fmt.Sprintf(" — recorded: %s, %q", who, data.JoinNonEmpty(", ", r.Like[0].Reference, r.Like[0].Purpose))
			}
			fmt.Fprintf(w, "  line %d: %s %s %s, %q%s\n", r.Line, r.Date.Local("ru"), r.Amount.Plain(), r.Payer, data.JoinNonEmpty(", ", r.Reference, r.Purpose), like)
		}
	}
	for _, r := range p.Rows[bank.New] {
		if day, ok := strings.CutPrefix(r.Note, "date:"); ok && len(day) == 6 {
			fmt.Fprintf(w, "  line %d: the bank wrote the date %s.%s.20%s, which has no such day: read as %s, the last day of the month.\n",
				r.Line, day[4:6], day[2:4], day[0:2], r.Date.Local("ru"))
		}
	}
	unnamed := 0
	for _, r := range p.Rows[bank.New] {
		if r.Unnamed {
			unnamed++
		}
	}
	if unnamed > 0 {
		verb := "imported as donations of an unknown donor, to match later (--leave-unnamed leaves them out)"
		if dec.NoUnnamed {
			verb = "left out"
		}
		fmt.Fprintf(w, "The bank names no payer (%s): %d.\n", verb, unnamed)
		for _, r := range p.Rows[bank.New] {
			if r.Unnamed {
				fmt.Fprintf(w, "  line %d: %s %s, %q\n", r.Line, r.Date.Local("ru"), r.Amount.Plain(), r.Purpose)
			}
		}
	}
	fmt.Fprintf(w, "Already recorded: %d.\n", p.Duplicate)
	fmt.Fprintf(w, "Outgoing, left out: %d.\n", p.Outgoing)
	fmt.Fprintf(w, "Rejected: %d.\n", p.Rejected)
	for _, r := range p.Rows[bank.Rejected] {
		fmt.Fprintf(w, "  line %d: %v\n", r.Line, r.Problem)
	}
	if more := p.Rejected - p.Shown(bank.Rejected); more > 0 {
		fmt.Fprintf(w, "  … and %d more.\n", more)
	}
	if len(p.Donors) > 0 {
		// The first twenty on one line; all of them, one per line, when
		// asked (a year's statement can bring a thousand).
		var names []string
		for _, d := range p.Donors {
			names = append(names, d.Name)
		}
		shown := names
		if !verbose && len(shown) > listedDonors {
			shown = shown[:listedDonors]
		}
		if verbose {
			fmt.Fprintln(w, "New donors:")
			for _, n := range shown {
				fmt.Fprintf(w, "  %s\n", n)
			}
		} else {
			fmt.Fprintf(w, "New donors: %s", strings.Join(shown, ", "))
		}
		if more := p.NewDonors - len(shown); more > 0 {
			fmt.Fprintf(w, " … and %d more", more)
			if !verbose {
				fmt.Fprint(w, " (--verbose lists them all)")
			}
		}
		if !verbose {
			fmt.Fprintln(w, ".")
		}
	}
}

// listedDonors is how many new donors the summary names.
const listedDonors = 20

// lines lists line numbers, with "…" when there are more.
func lines(ls []int, total int) string {
	var s []string
	for _, l := range ls {
		s = append(s, fmt.Sprint(l))
	}
	out := strings.Join(s, ", ")
	if total > len(ls) {
		out += ", …"
	}
	return out
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
