// Commands that keep the data safe: check and backup.

package cli

import (
	"fmt"
	"path/filepath"

	"carebook/data"
)

func runCheck(env *Env, args []string) (err error) {
	fs := newFlags("check")
	db := fs.String("db", "", "database file")
	if err := parse(fs, args); err != nil {
		return err
	}
	s, err := openStore(env, *db, toLook)
	if err != nil {
		return err
	}
	defer closeStore(env, s, &err)
	ctx := env.ctx
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

func runBackup(env *Env, args []string) (err error) {
	fs := newFlags("backup")
	db := fs.String("db", "", "database file")
	to := fs.String("to", "", "backup folder")
	if err := parse(fs, args); err != nil {
		return err
	}
	s, err := openStore(env, *db, toLook)
	if err != nil {
		return err
	}
	defer closeStore(env, s, &err)
	ctx := env.ctx
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
