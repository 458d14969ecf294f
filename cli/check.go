// The check command: is the database sound, is every document in place?

package cli

import (
	"fmt"

	"carebook/data"
	"carebook/data/filestore"
)

func runCheck(env *Env, args []string) (err error) {
	fs := newFlags("check")
	db := dbFlags(fs, "database file")
	repair := fs.Bool("repair", false, "move leftover files to lost+found")
	if err := parse(fs, args); err != nil {
		return err
	}
	s, err := openStore(env, db, unlessDry(!*repair))
	if err != nil {
		return err
	}
	defer closeStore(env, s, &err)
	ctx := env.ctx
	for _, p := range s.StaleRemoved() {
		fmt.Fprintf(env.Stdout, "removed	%s	the sealed copy of a bundle an exchange import left when it was stopped (unreadable; nothing of it was needed)\n", p)
	}
	c, err := s.Checkup(ctx, nil)
	if err != nil {
		return err
	}
	for _, u := range c.Unfinished {
		fmt.Fprintf(env.Stdout, "unfinished\t%s\tletters written %s but never recorded (Carebook was stopped): their donations are not marked thanked, and the next batch writes them again\n",
			u.Path, u.Started.Local().Format("2006-01-02 15:04"))
	}
	for _, p := range c.Database {
		fmt.Fprintf(env.Stdout, "database: %s\n", p)
	}
	for _, p := range c.Files {
		owner := ""
		if ch, err := s.Children.Get(ctx, p.Document.ChildID); err == nil {
			owner = " (case " + ch.CaseNumber + ")"
		}
		what := "altered"
		switch p.Err.Kind {
		case filestore.Missing:
			what = "missing"
		case filestore.Locked:
			what = "locked (encrypted; check as a person who may read documents: --as NAME)"
		}
		fmt.Fprintf(env.Stdout, "%s\t%s\t%s%s\t%s\n", what, p.Err.Path, p.Document.FileName, owner, p.Document.ID)
	}
	for _, l := range c.Orphans {
		fmt.Fprintf(env.Stdout, "orphan\t%s\t%d bytes\tno document points at it\n", l.Path, l.Size)
	}
	for _, l := range c.Temporaries {
		fmt.Fprintf(env.Stdout, "temporary\t%s\t%d bytes\tleft by a copy that did not finish (%s)\n", l.Path, l.Size, l.Modified.Format("2006-01-02 15:04"))
	}
	plain := c.Plain
	if plain > 0 && *repair {
		n, err := s.SealFiles(ctx, nil)
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "Encrypted %d document file(s) that were stored in the clear.\n", n)
		plain = 0
	} else if plain > 0 {
		fmt.Fprintf(env.Stdout, "plain\t%d document file(s) stored in the clear: signing in, or check --repair, encrypts them\n", plain)
	}
	leftovers := len(c.Orphans) + len(c.Temporaries)
	if *repair && leftovers > 0 {
		r, err := s.Repair(ctx, c)
		if r != nil && len(r.Moved) > 0 {
			fmt.Fprintf(env.Stdout, "Moved %d file(s) to %s; nothing was deleted.\n", len(r.Moved), r.Dir)
		}
		if err != nil {
			return err
		}
		leftovers = 0
	}
	if c.Busy {
		fmt.Fprintf(env.Stdout, "Another Carebook has the database open: files younger than %s were left alone.\n", data.StaleAfter)
	}
	if len(c.Unfinished) > 0 {
		fmt.Fprintln(env.Stdout, "Do not send the unfinished letters: the next batch (carebook letters) writes them again.")
	}
	if n := len(c.Database) + len(c.Files) + leftovers + plain; n > 0 {
		hint := ""
		if leftovers > 0 {
			hint = "; carebook check --repair moves the leftover files to lost+found"
		}
		return fmt.Errorf("%d problem(s) found in %s%s", n, db.chosen, hint)
	}
	fmt.Fprintf(env.Stdout, "OK: database sound, %d document files verified, no leftover files.\n", c.Verified)
	return nil
}
