// Commands about children and their documents: demo, list, attach.

package cli

import (
	"bufio"
	"fmt"
	"slices"
	"strings"

	"carebook/data"
	"carebook/demo"
)

func runDemo(env *Env, args []string) error {
	fs := newFlags("demo")
	db := dbFlags(fs, "database file to create")
	n := fs.Int("children", 0, "synthetic cases to add")
	dons := fs.Int("donations", 0, "synthetic donations to add to them (with donors, allocations, payments)")
	force := fs.Bool("force", false, "replace an existing demo database")
	if err := parse(fs, args); err != nil {
		return err
	}
	// Without --db, the demo database (never the everyday one).
	db.demo = db.demo || db.file == ""
	path, err := db.path()
	if err != nil {
		return err
	}
	if *n < 0 || *n > 1_000_000 {
		return usagef("--children must be between 0 and 1000000")
	}
	if *dons < 0 || *dons > 10_000_000 {
		return usagef("--donations must be between 0 and 10000000")
	}
	if *dons > 0 && *n == 0 {
		return usagef("--donations needs --children: the donations go to synthetic cases")
	}
	opt := demo.Options{Children: *n, Donations: *dons, Seed: 1}
	if *n >= 1000 || *dons >= 10000 {
		what := "synthetic cases"
		opt.Progress = func(done, total int) {
			fmt.Fprintf(env.Stderr, "\r%d of %d %s", done, total, what)
			if done == total {
				fmt.Fprintln(env.Stderr)
				what = "donations"
			}
		}
	}
	s, err := demo.Create(env.ctx, path, opt, *force)
	if err != nil {
		return err
	}
	defer s.Close()
	kids, err := s.ListChildren(env.ctx, data.ChildFilter{})
	if err != nil {
		return err
	}
	if *dons > 0 {
		all, err := s.Donations.Count(env.ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "Demo database %s: %d children, %d donations.\n", path, len(kids), all)
		return nil
	}
	fmt.Fprintf(env.Stdout, "Demo database %s: %d children.\n", path, len(kids))
	return nil
}

func runList(env *Env, args []string) (err error) {
	fs := newFlags("list")
	db := dbFlags(fs, "database file")
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
	s, err := openStore(env, db, toLook)
	if err != nil {
		return err
	}
	defer closeStore(env, s, &err)
	// Each child is printed as it is read: ten thousand are never held.
	w := bufio.NewWriter(env.Stdout) // one write per buffer, not one per child
	var line []byte
	if err := s.EachChildLine(env.ctx, f, func(c *data.ChildLine) error {
		line = append(append(line[:0], c.CaseNumber...), '\t')
		line = append(append(line, c.FullName()...), '\t')
		if !c.BirthDate.IsZero() {
			line = c.BirthDate.AppendISO(line)
		}
		line = append(append(append(append(line, '\t'), c.Region...), '\t'), c.Status...)
		_, err := w.Write(append(line, '\n'))
		return err
	}); err != nil {
		return err
	}
	return w.Flush()
}

func runAttach(env *Env, args []string) error {
	fs := newFlags("attach")
	db := dbFlags(fs, "database file")
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
	s, c, err := openCase(env, db, *caseNo, toChange)
	if err != nil {
		return err
	}
	defer s.Close()
	ctx := env.ctx
	doc := &data.Document{ChildID: c.ID, Kind: k, Title: *title, IssuedOn: on, Issuer: *issuer}
	if err := s.AttachPath(ctx, doc, *file); err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, doc.ID)
	return nil
}

func joinKinds() string {
	var s []string
	for _, k := range data.AllDocumentKinds {
		s = append(s, string(k))
	}
	return strings.Join(s, ", ")
}
