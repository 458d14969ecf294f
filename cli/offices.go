// Commands of a foundation with several offices: office (invite, join,
// list) and exchange (export, import, conflicts, resolve).

package cli

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"golang.org/x/term"

	"carebook/data"
	"carebook/data/exchange"
)

func runOffice(env *Env, args []string) error {
	if len(args) == 0 {
		return usagef("office what? invite, join or list")
	}
	switch args[0] {
	case "invite":
		return runOfficeInvite(env, args[1:])
	case "join":
		return runOfficeJoin(env, args[1:])
	case "list":
		return runOfficeList(env, args[1:])
	}
	return usagef("unknown office command %q (invite, join, list)", args[0])
}

type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ", ") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

func runOfficeInvite(env *Env, args []string) (err error) {
	fs := newFlags("office invite")
	db := dbFlags(fs, "the head office's database")
	code := fs.String("code", "", "the new office's code, 2–6 Latin capitals or digits (SHY)")
	name := fs.String("name", "", "the new office's name")
	var regions listFlag
	fs.Var(&regions, "region", "a region the office serves (repeat for several)")
	out := fs.String("out", "", "the invitation file to write (.cbx)")
	passFile := fs.String("passphrase-file", "", "file holding the passphrase (else asked)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *code == "" || *name == "" || len(regions) == 0 || *out == "" {
		return usagef("office invite needs --code, --name, --region and --out")
	}
	pass, err := askPassphrase(env, *passFile, "Passphrase for the invitation (tell it to the office by phone): ")
	if err != nil {
		return err
	}
	s, err := openStore(env, db, toChange)
	if err != nil {
		return err
	}
	defer closeStore(env, s, &err)
	if n, err := s.CasesIn(env.ctx, regions); err == nil && n == 0 {
		counts, _ := s.RegionCounts(env.ctx)
		var known []string
		for _, c := range counts {
			known = append(known, fmt.Sprintf("%s (%d)", c.Region, c.Cases))
		}
		fmt.Fprintf(env.Stderr, "carebook: warning: no case is in %s, so the invitation holds no case; the cases write their regions as: %s\n",
			strings.Join(regions, ", "), strings.Join(known, "; "))
	}
	sum, err := s.InviteOffice(env.ctx, data.NewOffice{Code: *code, Name: *name, Regions: regions}, pass, *out, nil)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Wrote the invitation for %s to %s: %d rows, %d document files (%s).\n",
		sum.To, *out, sum.Rows, sum.Files, sizeText(sum.FileBytes))
	fmt.Fprintln(env.Stdout, "Give the office the file and, by phone, the passphrase; it joins with: carebook office join --bundle FILE --db FILE")
	return nil
}

func runOfficeJoin(env *Env, args []string) error {
	fs := newFlags("office join")
	bundle := fs.String("bundle", "", "the invitation from the head office (.cbx)")
	dbFile := fs.String("db", "", "the office's new database file")
	passFile := fs.String("passphrase-file", "", "file holding the passphrase (else asked)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *bundle == "" || *dbFile == "" {
		return usagef("office join needs --bundle and --db")
	}
	pass, err := askPassphrase(env, *passFile, "Passphrase of the invitation: ")
	if err != nil {
		return err
	}
	s, sum, err := data.JoinOffice(env.ctx, *bundle, *dbFile, pass)
	if err != nil {
		return err
	}
	defer s.Close()
	o, _ := s.Office(env.ctx)
	fmt.Fprintf(env.Stdout, "Joined as office %s (%s): %d cases, %d document files.\n", o.Code, o.Name, sum.NewCases, sum.Files)
	return nil
}

func runOfficeList(env *Env, args []string) (err error) {
	fs := newFlags("office list")
	db := dbFlags(fs, "database file")
	if err := parse(fs, args); err != nil {
		return err
	}
	s, err := openStore(env, db, toLook)
	if err != nil {
		return err
	}
	defer closeStore(env, s, &err)
	self, err := s.Office(env.ctx)
	if err != nil {
		return err
	}
	all, err := s.Offices(env.ctx)
	if err != nil {
		return err
	}
	disks, _ := s.DiskStates(env.ctx)
	fmt.Fprintln(env.Stdout, "code\tname\tregions\tlast exchange\tsent\treceived\tdisks")
	for _, o := range all {
		code := o.Code
		if o.Code == self.Code {
			code += " (this)"
		}
		regions := strings.Join(o.Regions, "; ")
		if o.Head {
			regions = "all"
		}
		last := "never"
		if !o.LastExchange.IsZero() {
			last = o.LastExchange.Local().Format("2006-01-02 15:04")
		}
		var words []string
		for _, d := range disks {
			if d.Office == o.Code {
				words = append(words, d.Computer+": "+strings.ReplaceAll(d.State, "_", " "))
			}
		}
		disk := "not heard of yet"
		if len(words) > 0 {
			disk = strings.Join(words, "; ")
		}
		fmt.Fprintf(env.Stdout, "%s\t%s\t%s\t%s\t%d\t%d\t%s\n", code, o.Name, regions, last, o.Sent, o.Received, disk)
	}
	return nil
}

func runExchange(env *Env, args []string) error {
	if len(args) == 0 {
		return usagef("exchange what? export, import, conflicts or resolve")
	}
	switch args[0] {
	case "export":
		return runExchangeExport(env, args[1:])
	case "import":
		return runExchangeImport(env, args[1:])
	case "conflicts":
		return runExchangeConflicts(env, args[1:])
	case "resolve":
		return runExchangeResolve(env, args[1:])
	}
	return usagef("unknown exchange command %q (export, import, conflicts, resolve)", args[0])
}

func runExchangeExport(env *Env, args []string) (err error) {
	fs := newFlags("exchange export")
	db := dbFlags(fs, "database file")
	to := fs.String("to", "", "the office the bundle is for (HQ, SHY…)")
	out := fs.String("out", "", "the bundle file to write (.cbx)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *to == "" || *out == "" {
		return usagef("exchange export needs --to and --out")
	}
	s, err := openStore(env, db, toChange)
	if err != nil {
		return err
	}
	defer closeStore(env, s, &err)
	sum, err := s.ExportBundle(env.ctx, strings.ToUpper(*to), *out, nil)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Wrote bundle %d for %s to %s: %d changed rows, %d document files (%s).\n",
		sum.Seq, sum.To, *out, sum.Rows, sum.Files, sizeText(sum.FileBytes))
	return nil
}

func runExchangeImport(env *Env, args []string) (err error) {
	fs := newFlags("exchange import")
	db := dbFlags(fs, "database file")
	bundle := fs.String("bundle", "", "the bundle file to read (.cbx)")
	dry := fs.Bool("dry-run", false, "only say what it would change")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *bundle == "" {
		return usagef("exchange import needs --bundle")
	}
	s, err := openStore(env, db, unlessDry(*dry))
	if err != nil {
		return err
	}
	defer closeStore(env, s, &err)
	b, err := s.ReadBundle(env.ctx, *bundle)
	var ee *data.ExchangeError
	if errors.As(err, &ee) && ee.Kind == data.ExchangeAlreadyApplied {
		fmt.Fprintln(env.Stdout, "This bundle has already been applied: nothing changed.")
		return nil
	}
	if err != nil {
		return fmt.Errorf("the bundle was refused, nothing changed: %w", err)
	}
	defer b.Close()
	sum := b.Preview
	if !*dry {
		if sum, err = b.Apply(env.ctx, nil); err != nil {
			return fmt.Errorf("the bundle could not be applied, nothing changed: %w", err)
		}
	}
	verb := "Applied"
	if *dry {
		verb = "Would apply"
	}
	fmt.Fprintf(env.Stdout, "%s bundle %d from %s: %d new cases, %d cases updated, %d changed rows, %d new conflicts, %d document files (%s).\n",
		verb, sum.Seq, sum.From, sum.NewCases, sum.UpdatedCases, sum.Rows, sum.Conflicts, sum.Files, sizeText(sum.FileBytes))
	if sum.Erased > 0 {
		fmt.Fprintf(env.Stdout, "%d documents emptied from the Trash at %s are erased here too.\n", sum.Erased, sum.From)
	}
	printSkipped(env, sum.Skipped)
	if sum.Conflicts > 0 {
		fmt.Fprintln(env.Stdout, "Review the conflicts: carebook exchange conflicts (or the Exchange screen).")
	}
	return nil
}

func runExchangeConflicts(env *Env, args []string) (err error) {
	fs := newFlags("exchange conflicts")
	db := dbFlags(fs, "database file")
	all := fs.Bool("all", false, "resolved ones too")
	if err := parse(fs, args); err != nil {
		return err
	}
	s, err := openStore(env, db, toLook)
	if err != nil {
		return err
	}
	defer closeStore(env, s, &err)
	cs, err := s.Conflicts(env.ctx, !*all)
	if err != nil {
		return err
	}
	if len(cs) == 0 {
		fmt.Fprintln(env.Stdout, "No conflicts to review.")
		return nil
	}
	fmt.Fprintln(env.Stdout, "id\tcase\twhat\tvalue (office, when)\tother value (office, when)\tnow\tstate")
	for _, c := range cs {
		what := data.FieldLabel(c.Field)
		if c.Where != "" {
			what = c.Where + " · " + what
		}
		if c.Kind == exchange.ConflictDeleted {
			what = c.Table + " deleted in one office, changed in another"
		}
		state := "open"
		if c.Resolved {
			state = "resolved: " + c.Resolution
		}
		side := func(x data.ConflictSide) string {
			if x.Version == "" {
				return "—"
			}
			return fmt.Sprintf("%q (%s, %s)", c.ValueText(x.Value, "en"), x.Office, x.At.Local().Format("2006-01-02 15:04"))
		}
		fmt.Fprintf(env.Stdout, "%s\t%s %s\t%s\t%s\t%s\t%q\t%s\n", c.ID[:8], c.CaseNumber, c.ChildName, what, side(c.A), side(c.B), c.ValueText(c.Current, "en"), state)
	}
	return nil
}

func runExchangeResolve(env *Env, args []string) (err error) {
	fs := newFlags("exchange resolve")
	db := dbFlags(fs, "database file")
	id := fs.String("id", "", "the conflict (its first characters are enough)")
	value := fs.String("value", "", "the value to keep (one of the two, or a merged one; for a deleted row: keep or delete)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *id == "" {
		return usagef("exchange resolve needs --id and --value")
	}
	s, err := openStore(env, db, toChange)
	if err != nil {
		return err
	}
	defer closeStore(env, s, &err)
	cs, err := s.Conflicts(env.ctx, true)
	if err != nil {
		return err
	}
	var found []data.Conflict
	for _, c := range cs {
		if strings.HasPrefix(c.ID, *id) {
			found = append(found, c)
		}
	}
	if len(found) != 1 {
		return fmt.Errorf("%d open conflicts start with %q: give more of the id (carebook exchange conflicts)", len(found), *id)
	}
	if err := s.ResolveConflict(env.ctx, found[0].ID, *value); err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, "Resolved; the choice goes to the other offices with the next bundles.")
	return nil
}

// askPassphrase reads a passphrase from a file, or asks for it on the
// terminal without showing it.
func askPassphrase(env *Env, file, prompt string) (string, error) {
	if file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			return "", fmt.Errorf("cannot read the passphrase file: %v", err)
		}
		return strings.TrimRight(string(b), "\r\n"), nil
	}
	if !term.IsTerminal(int(os.Stdin.Fd())) {
		return "", errors.New("give the passphrase with --passphrase-file FILE")
	}
	fmt.Fprint(env.Stderr, prompt)
	b, err := term.ReadPassword(int(os.Stdin.Fd()))
	fmt.Fprintln(env.Stderr)
	return string(b), err
}

// printSkipped says which rows were left out, from which office, and why.
func printSkipped(env *Env, skipped []data.SkippedRow) {
	for _, r := range skipped {
		why := "it lacks columns every such row has"
		switch r.Why {
		case data.SkippedNotHead:
			why = "the foundation's settings and letter templates are changed by the head office only"
		case data.SkippedNotSender:
			why = "an office sends its own audit log only"
		}
		fmt.Fprintf(env.Stdout, "left out\t%s\t%s %s\t%s\n", r.Office, r.Table, r.Key, why)
	}
	if len(skipped) > 0 {
		fmt.Fprintf(env.Stdout, "%d rows were left out (the rest went in); tell the office that sent them.\n", len(skipped))
	}
}

func sizeText(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
