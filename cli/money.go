// Commands about money: funding (import: statements.go).

package cli

import (
	"bufio"
	"fmt"
	"strings"

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
	for _, c := range kids {
		f := all[c.ID]
		if f == nil {
			f = &data.Funding{Base: st.BaseCurrency, Target: money.M(0, st.BaseCurrency), Raised: money.M(0, st.BaseCurrency),
				Gap: money.M(0, st.BaseCurrency), Spent: money.M(0, st.BaseCurrency)}
		}
		fmt.Fprintf(out, "%s\t%s\t%s\t%s\t%s\t%s\n", c.CaseNumber, f.Base, num(f.Target), num(f.Raised), num(f.Gap), num(f.Spent))
		for _, cur := range f.Currencies() {
			fmt.Fprintf(out, "\t%s\t%s\t%s\t\t%s\n", cur, num(money.M(f.TargetBy[cur], cur)),
				num(money.M(f.RaisedBy[cur], cur)), num(money.M(f.SpentBy[cur], cur)))
		}
		for _, m := range f.Missing {
			fmt.Fprintf(out, "\tmissing\t%s\n", m.Error())
		}
	}
	return nil
}

// num is an amount without its currency: 1234567.50.
func num(m money.Money) string {
	p := m.Plain()
	return p[:strings.LastIndexByte(p, ' ')]
}
