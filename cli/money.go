// Commands about money: funding (import: statements.go).

package cli

import (
	"bufio"
	"fmt"

	"carebook/data"
	"carebook/money"
)

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
	var kids []data.CaseRef
	if c != nil {
		kids = []data.CaseRef{{ID: c.ID, CaseNumber: c.CaseNumber}}
	} else if kids, err = s.CaseNumbers(ctx); err != nil {
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
	out := bufio.NewWriter(env.Stdout) // one write, not one per child
	defer func() {
		if ferr := out.Flush(); err == nil {
			err = ferr
		}
	}()
	fmt.Fprintln(out, "case\tcurrency\ttarget\traised\tgap\tspent")
	// A line is built in one buffer, its amounts appended in place: ten
	// thousand children are forty thousand amounts.
	var line []byte
	amounts := func(ms ...money.Money) {
		for _, m := range ms {
			line = append(line, '\t')
			if m.Currency != "" {
				line = m.AppendNumber(line)
			}
		}
	}
	for _, c := range kids {
		f := all[c.ID]
		if f == nil {
			f = &data.Funding{Base: st.BaseCurrency, Target: money.M(0, st.BaseCurrency), Raised: money.M(0, st.BaseCurrency),
				Gap: money.M(0, st.BaseCurrency), Spent: money.M(0, st.BaseCurrency)}
		}
		line = append(append(append(line[:0], c.CaseNumber...), '\t'), f.Base...)
		amounts(f.Target, f.Raised, f.Gap, f.Spent)
		for _, cur := range f.Currencies() {
			line = append(append(line, "\n\t"...), cur...)
			amounts(money.M(f.TargetBy[cur], cur), money.M(f.RaisedBy[cur], cur), money.Money{}, money.M(f.SpentBy[cur], cur))
		}
		for _, m := range f.Missing {
			line = append(append(line, "\n\tmissing\t"...), m.Error()...)
		}
		if _, err := out.Write(append(line, '\n')); err != nil {
			return err
		}
	}
	return nil
}
