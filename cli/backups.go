// Backups: backup and restore.

package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"filippo.io/age"
	"golang.org/x/term"

	"carebook/backup"
	"carebook/data"
	"carebook/data/filestore"
)

func runBackup(env *Env, args []string) (err error) {
	fs := newFlags("backup")
	db := dbFlags(fs, "database file")
	to := fs.String("to", "", "backup folder")
	scheduled := fs.Bool("scheduled", false, "a backup a scheduled task makes: rotated like Carebook's own (one made by hand is kept at least 30 days)")
	if err := parse(fs, args); err != nil {
		return err
	}
	s, err := openStore(env, db, toLook)
	if err != nil {
		return err
	}
	defer closeStore(env, s, &err)
	ctx := env.ctx
	dir := *to
	if dir == "" {
		dir = s.BackupDir(ctx)
	}
	res, err := backup.Make(ctx, s, backup.Options{Dir: dir, ByHand: !*scheduled, Progress: progressPrinter(env, "Backing up")})
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Backed up to %s: %s; %d document files (%d new), all checked.\n",
		res.Path, countsText(res.Counts), len(res.Documents), res.Copied)
	if res.Encrypted {
		fmt.Fprintln(env.Stdout, "The backup is encrypted: restoring it on another computer needs the passphrase.")
	}
	if len(res.Removed) > 0 {
		fmt.Fprintf(env.Stdout, "Removed %d older backup(s); kept today's newest three, the newest of each of the last 7 days, 4 weeks and 12 months, and every backup made by hand in the last 30 days.\n", len(res.Removed))
	}
	for _, p := range res.Problems {
		fmt.Fprintf(env.Stdout, "not backed up\tcase %s\t%s\t%s at the source\n", p.Case, p.Name, problemWord(p.Kind))
	}
	if len(res.Problems) > 0 {
		return fmt.Errorf("the backup was made, but %d document(s) could not be backed up (listed above); run carebook check", len(res.Problems))
	}
	return nil
}

func problemWord(kind string) string {
	if kind == filestore.Altered {
		return "damaged"
	}
	return "missing"
}

func countsText(c map[string]int) string {
	return fmt.Sprintf("%d children, %d donors, %d donations, %d documents, %d letters",
		c["children"], c["donors"], c["donations"], c["documents"], c["letters"])
}

// progressPrinter shows long work's progress on stderr, in tenths.
func progressPrinter(env *Env, what string) func(done, total int64) {
	last := int64(-1)
	return func(done, total int64) {
		if total < 50<<20 {
			return // quick: no need
		}
		if tenth := done * 10 / total; tenth != last {
			last = tenth
			fmt.Fprintf(env.Stderr, "%s… %d%%\n", what, tenth*10)
		}
	}
}

func runRestore(env *Env, args []string) error {
	fs := newFlags("restore")
	from := fs.String("from", "", "a backup, or a backup folder (its newest backup)")
	db := dbFlags(fs, "database file to restore into")
	passFile := fs.String("passphrase-file", "", "file holding the passphrase of encrypted backups")
	keyFile := fs.String("recovery-key-file", "", "file holding the backed-up database's recovery key (its documents are encrypted; else --as NAME)")
	list := fs.Bool("list", false, "list the backups in the folder and stop")
	checkOnly := fs.Bool("check-only", false, "check the backup, restore nothing")
	other := fs.Bool("other-database", false, "restore it even though it is a backup of another database than the one there")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *from == "" {
		return usagef("restore needs --from BACKUP (a backup, or a folder of backups)")
	}
	if *list {
		return listBackups(env, *from)
	}
	// The database to restore into; for a check only, the one whose newest
	// backup to pick from a folder, when named.
	target := ""
	if !*checkOnly || db.file != "" || db.demo {
		var err error
		if target, err = db.path(); err != nil {
			return err
		}
	}
	ctx := env.ctx
	path, err := pickBackup(env, *from, target)
	if err != nil {
		return err
	}
	info, err := backup.Find(path)
	if err != nil {
		return err
	}
	o := backup.RestoreOptions{Progress: progressPrinter(env, "Restoring")}
	if info.Encrypted {
		if o.Passphrase, err = passphrase(env, *passFile); err != nil {
			return err
		}
	}
	// Its documents, when the database keeps them encrypted, open with a
	// password of one of its people or its recovery key; the password is
	// asked once and signs in to the restored database too.
	o.Unseal = func(ctx context.Context, dbFile string) (age.Identity, error) {
		switch {
		case *keyFile != "":
			key, err := data.ReadPasswordFile(*keyFile)
			if err != nil {
				return nil, err
			}
			return backup.UnsealAs("", key)(ctx, dbFile)
		case db.as != "":
			pw, err := password(env, db.passwordFile, "Password of "+db.as+": ")
			if err != nil {
				return nil, err
			}
			db.password = pw
			return backup.UnsealAs(db.as, pw)(ctx, dbFile)
		}
		return backup.UnsealAs("", "")(ctx, dbFile) // the demo's is open
	}
	info, problems, err := backup.Verify(ctx, path, o)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Backup %s of %s: %s; %d document files.\n", info.Name, info.Created.Local().Format("02.01.2006 15:04"),
		countsText(info.Counts), len(info.Documents))
	if len(problems) > 0 {
		for _, p := range problems {
			fmt.Fprintf(env.Stdout, "damaged\t%s\n", p)
		}
		return fmt.Errorf("the backup %s is damaged (%d problem(s)); nothing was restored: choose an earlier backup (carebook restore --from %s --list)",
			info.Name, len(problems), filepath.Dir(info.Path))
	}
	if len(info.Problems) == 0 {
		fmt.Fprintln(env.Stdout, "The backup is sound: the database passes its checks and every document file is in place.")
	} else {
		for _, p := range info.Problems {
			fmt.Fprintf(env.Stdout, "not in the backup\tcase %s\t%s\n", p.Case, p.Name)
		}
		fmt.Fprintf(env.Stdout, "The backup is sound, but %d document file(s) are not in it (missing or damaged on the computer when it was made): a restore brings those documents back without their files.\n", len(info.Problems))
	}
	if *checkOnly {
		return nil
	}
	if f, err := data.InspectFile(ctx, target); err == nil && f.DatabaseID != "" && f.DatabaseID != info.DatabaseID && !*other {
		what := fmt.Sprintf("%s is a backup of another database than %s: restoring it replaces that database's cases, donors and money with the other's (the current one is kept aside)", info.Name, target)
		if !term.IsTerminal(int(os.Stdin.Fd())) {
			return fmt.Errorf("%s; nothing was restored: add --other-database to restore it anyway", what)
		}
		fmt.Fprintf(env.Stderr, "%s.\nType yes to restore it anyway: ", what)
		answer, _ := bufio.NewReader(os.Stdin).ReadString('\n')
		if !strings.EqualFold(strings.TrimSpace(answer), "yes") {
			return errors.New("nothing was restored")
		}
	}
	res, err := backup.Restore(ctx, path, target, o)
	if err != nil {
		return err
	}
	sealed := 0
	if s, err := data.OpenWith(target, data.OpenOptions{}); err == nil {
		backup.Remember(ctx, s, res)
		// The files come back in the clear: encrypted again at once when
		// the one restoring says who they are (or the demo), else at the
		// next sign-in.
		if signIn(env, s, db) == nil {
			sealed, _ = s.SealFiles(ctx, nil)
		}
		s.Close()
	}
	if res.Aside != "" {
		fmt.Fprintf(env.Stdout, "The database that was there is kept as %s.\n", res.Aside)
	}
	for _, p := range res.NotBackup {
		fmt.Fprintf(env.Stdout, "not in the backup\tcase %s\t%s\n", p.Case, p.Name)
	}
	fmt.Fprintf(env.Stdout, "Restored %s from the backup of %s (%d document files copied back).\n", target,
		info.Created.Local().Format("02.01.2006 15:04"), res.Copied)
	if sealed > 0 {
		fmt.Fprintf(env.Stdout, "%d document files are encrypted again.\n", sealed)
	}
	return nil
}

// pickBackup is the backup at from, or, for a folder of backups, its newest
// backup of the database at db (of any database when db is not there).
func pickBackup(env *Env, from, db string) (string, error) {
	if _, err := backup.Find(from); err == nil {
		return from, nil
	}
	list, err := backup.List(from)
	if err != nil || len(list) == 0 {
		return "", fmt.Errorf("%s holds no Carebook backup", from)
	}
	id := ""
	if db != "" {
		if f, err := data.InspectFile(env.ctx, db); err == nil {
			id = f.DatabaseID
		}
	}
	for _, b := range list {
		if id == "" || b.DatabaseID == id {
			fmt.Fprintf(env.Stdout, "Using the newest backup in the folder: %s.\n", b.Name)
			return b.Path, nil
		}
	}
	return list[0].Path, nil
}

func listBackups(env *Env, dir string) error {
	if info, err := backup.Find(dir); err == nil {
		dir = filepath.Dir(info.Path)
	}
	list, err := backup.List(dir)
	if err != nil {
		return err
	}
	if len(list) == 0 {
		return fmt.Errorf("%s holds no Carebook backup", dir)
	}
	for _, b := range list {
		enc := ""
		if b.Encrypted {
			enc = "\tencrypted"
		}
		fmt.Fprintf(env.Stdout, "%s\t%s\t%s%s\n", b.Name, b.Created.Local().Format("02.01.2006 15:04"), countsText(b.Counts), enc)
	}
	return nil
}

// passphrase reads the passphrase of encrypted backups from a file, or asks
// for it on the terminal without showing it.
func passphrase(env *Env, file string) (string, error) {
	if file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			return "", fmt.Errorf("cannot read the passphrase file: %v", err)
		}
		return strings.TrimRight(string(b), "\r\n"), nil
	}
	if !term.IsTerminal(int(os.Stdin.Fd())) {
		return "", errors.New("the backup is encrypted: give its passphrase with --passphrase-file FILE")
	}
	fmt.Fprint(env.Stderr, "Passphrase of the backups: ")
	b, err := term.ReadPassword(int(os.Stdin.Fd()))
	fmt.Fprintln(env.Stderr)
	return string(b), err
}
