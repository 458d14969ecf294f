// Commands about money: import and funding.

package cli

import (
	"fmt"
	"os"
	"strings"

	"carebook/data"
)

func runImport(env *Env, args []string) (err error) {
	if len(args) == 0 || args[0] != "donations" {
		return usagef("import what? carebook import donations --db FILE --csv PATH")
	}
	fs := newFlags("import donations")
	db := dbFlags(fs, "database file")
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
	s, c, err := openCase(env, db, *caseNo, unlessDry(*dry))
	if err != nil {
		return err
	}
	defer closeStore(env, s, &err)
	ctx := env.ctx
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

func runFunding(env *Env, args []string) (err error) {
	fs := newFlags("funding")
	db := dbFlags(fs, "database file")
	caseNo := fs.String("child", "", "one case")
	if err := parse(fs, args); err != nil {
		return err
	}
	s, c, err := openCase(env, db, *caseNo, toLook)
	if err != nil {
		return err
	}
	defer closeStore(env, s, &err)
	ctx := env.ctx
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
