// Package cli is Carebook's command line: it parses the arguments, runs the
// subcommands that need no display, and hands the window to the caller. It is
// separate from main so that it builds and tests without cgo.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"time"

	"carebook/backup"
	"carebook/data"
	"carebook/demo"
)

// Version is Carebook's version; FyneApp.toml carries the same number.
const Version = "0.1.0"

func init() { backup.Version = Version }

// Exit statuses.
const (
	ExitOK      = 0
	ExitFailure = 1 // something went wrong: one line on stderr
	ExitUsage   = 2 // the command line itself is wrong: usage on stderr
)

// OpenWindow shows the app on an open store and returns when it closes.
// reopen opens the same database again the same way (after a restore).
type OpenWindow func(s *data.Store, reopen Reopen) error

// Reopen opens the window's database again.
type Reopen func() (*data.Store, error)

// Env is what a command talks to.
type Env struct {
	Stdout, Stderr io.Writer
	// Stdin, if set, is where passwords are read from (one per line) instead
	// of the terminal: tests set it.
	Stdin  io.Reader
	Window OpenWindow
	// WindowError, if set, shows why the window could not open (started by
	// a double click, nobody reads stderr).
	WindowError func(err error)

	ctx context.Context // ends on Ctrl+C
}

// errHelp is -h or --help: the usage, on stdout, and success.
var errHelp = errors.New("help")

type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return &usageError{fmt.Sprintf(format, a...)} }

type command struct {
	name, args, help string
	run              func(env *Env, args []string) error
	// subs are a command's subcommands, each with its own usage and what
	// it does (then args and help are unused).
	subs []sub
}

// sub is one usage line of a command and what it does.
type sub struct{ args, help string }

func commands() []command {
	return []command{
		{"demo", "[--db FILE] [--children N] [--force]", "build a demo database (without --db: the demo database)", runDemo, nil},
		{"list", "[--db FILE] [--status S] [--search TEXT]", "list children: case, name, birth date, region, status", runList, nil},
		{"attach", "[--db FILE] --child CASE --kind KIND --file PATH [--title T] [--issued YYYY-MM-DD]", "attach a document; prints its id", runAttach, nil},
		{"check", "[--db FILE] [--repair]", "verify the database and every document file, list leftover files; exit 1 on a problem\n" +
			"  (--repair moves leftovers to lost+found, never deleting)", runCheck, nil},
		{"import", "donations [--db FILE] --file STATEMENT [--dry-run] [--child CASE] [--accept-earmarks] [--import-similar] [--leave-unnamed]\n" +
			"      [--date-col N --amount-col N | --credit-col N --debit-col N ... --header-line N --remember NAME] [--currency CODE]",
			"import donations from a bank statement (1C, MT940, XLSX, CSV/TXT); --dry-run only says what it would do", runImport, nil},
		{name: "report", run: runReport, subs: []sub{
			{"journey [--db FILE] --child CASE --out FILE.pdf [--lang en|ru|kk|uz] [--edition internal|public] [--attachments]", "a child's treatment journey"},
			{"grant [--db FILE] --from YYYY-MM-DD --to YYYY-MM-DD --out FILE.pdf [--csv FILE.csv] [--lang …] [--edition public|internal] [--program P] [--region R] [--diagnosis D] [--status S] [--postgres HUB]", "the grant report of a period (directors)"},
			{"appeal [--db FILE] --child CASE --out FILE.pdf [--lang …]", "a child's appeal sheet for donors"}}},
		{"letters", "[--db FILE] (--child CASE | --from YYYY-MM-DD --to YYYY-MM-DD) [--kind K] --out FILE.pdf [--per-donor DIR] [--dry-run] [--include-thanked]",
			"write thank-you letters (or receipts) for a batch of donations", runLetters, nil},
		{"backup", "[--db FILE] [--to DIR]", "back up the database and its documents into DIR, checked and rotated\n" +
			"  (default: the backup folder in Settings, else backups/ beside the database)", runBackup, nil},
		{"restore", "--from BACKUP [--db FILE] [--passphrase-file F] [--as N [--password-file F] | --recovery-key-file F] [--check-only] | --from DIR --list",
			"check a backup and restore it; the database it replaces is kept aside (encrypted documents open with a password of the backed-up database's people or its recovery key)", runRestore, nil},
		{"funding", "[--db FILE] [--child CASE]", "target, raised, gap and spent per child, in the base currency and per currency", runFunding, nil},
		{name: "office", run: runOffice, subs: []sub{
			{"invite [--db HEAD] --code SHY --name NAME --region R [--region R…] --out FILE.cbx [--passphrase-file F]", "invite a regional office (the head office)"},
			{"join --bundle FILE.cbx --db NEW.db [--passphrase-file F]", "start a regional office's database from its invitation"},
			{"list [--db FILE]", "list the offices, their last exchange and their disks' encryption"}}},
		{name: "exchange", run: runExchange, subs: []sub{
			{"export [--db FILE] --to CODE --out FILE.cbx", "write a bundle of this office's work for another office"},
			{"import [--db FILE] --bundle FILE.cbx [--dry-run]", "read an office's bundle (--dry-run: say what it brings)"},
			{"conflicts [--db FILE] [--all]", "list the conflicts to review"},
			{"resolve [--db FILE] --id ID --value V", "settle a conflict with the value to keep"}}},
		{name: "hub", run: runHub, subs: []sub{
			{"init [--db HEAD] --postgres URL", "make (or update) the head office's hub on PostgreSQL"},
			{"add-office [--db HEAD] --postgres URL --code SHY", "make an office's login to the hub (prints its secret address)"}}},
		{"sync", "[--db FILE] --postgres URL", "send this office's changes to the hub and take the others' (conflicts to the review queue)", runSync, nil},
		{name: "people", run: runPeople, subs: []sub{
			{"add [--db FILE] --name N [--role R,R] [--lang L] [--until DATE] [--new-password-file F] [--recovery-key-out F]", "add someone who signs in (the first is director and administrator, and gets the recovery key)"},
			{"list [--db FILE]", "list the people, their roles and whether they may sign in"},
			{"set-role --name N --role R,R", "give someone other roles"},
			{"set-until --name N --until DATE|never", "give someone access until a day"},
			{"deactivate --name N | activate --name N", "stop (or allow again) someone signing in"},
			{"reset --name N [--new-password-file F] [--recovery-key-file F]", "give someone a new password (with the recovery key: the last administrator)"}}},
		{"audit", "[--db FILE] [--child CASE] [--person N] [--office CODE] [--action A,B] [--from D] [--to D] [--csv]",
			"who did and saw what, newest first (directors and administrators)", runAudit, nil},
		{"today", "[--db FILE] [--json]", "what needs doing: papers, money, cases and the foundation, for your roles", runToday, nil},
		{"version", "", "print the version", runVersion, nil},
		{"help", "", "show this help", runHelp, nil},
	}
}

// Usage is the help text.
func Usage() string {
	var b strings.Builder
	b.WriteString("Carebook " + Version + " — case book of a children's medical charity\n\n")
	b.WriteString("Usage:\n")
	use := func(line, help string) {
		fmt.Fprintf(&b, "  %s\n", line)
		for _, h := range strings.Split(help, "\n") {
			fmt.Fprintf(&b, "      %s\n", strings.TrimSpace(h))
		}
	}
	use("carebook [--db FILE | --demo]", "open the app")
	for _, c := range commands() {
		if len(c.subs) > 0 {
			for _, s := range c.subs {
				use("carebook "+c.name+" "+s.args, s.help)
			}
			continue
		}
		line := "carebook " + c.name
		if c.args != "" {
			line += " " + strings.Join(strings.Fields(c.args), " ")
		}
		use(line, c.help)
	}
	b.WriteString("\nIn a database with people, every command takes --as NAME [--password-file F].\n")
	b.WriteString("\nWithout --db, the app and every command work on the everyday database,\n" + defaultPathForHelp() +
		"; with --demo, on the demo database kept beside it\n(the app builds it on first use).\n")
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
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	env.ctx = ctx
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
	case data.IsDamaged(err) && !errors.Is(err, data.ErrDamaged):
		fmt.Fprintf(env.Stderr, "carebook: %s (%s)\n", data.ErrDamaged, oneLine(err.Error()))
		return ExitFailure
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

// windowBusyLimit is how long a change made in the window waits for
// another Carebook that is writing, before it says so.
const windowBusyLimit = 10 * time.Second

// runApp opens the window on the database the flags name.
func runApp(env *Env, args []string) (err error) {
	fs := newFlags("carebook")
	db := dbFlags(fs, "database file")
	if err := parse(fs, args); err != nil {
		return err
	}
	path, err := db.path()
	if err != nil {
		return err
	}
	defer func() {
		var ue *usageError
		if err != nil && !errors.As(err, &ue) && env.WindowError != nil {
			env.WindowError(err)
		}
	}()
	if db.demo {
		if _, statErr := os.Stat(path); errors.Is(statErr, os.ErrNotExist) {
			fmt.Fprintf(env.Stdout, "Building the demo database in %s…\n", path)
			s, err := demo.Create(env.ctx, path, demo.Options{}, false)
			if err != nil {
				return err
			}
			s.Close()
		}
	}
	if env.Window == nil {
		return errors.New("this build has no window")
	}
	release, err := data.LockWindow(path)
	if err != nil {
		return err
	}
	defer release()
	open := func() (*data.Store, error) {
		return data.OpenWith(path, data.OpenOptions{Create: true, BusyLimit: windowBusyLimit})
	}
	s, err := open()
	if err != nil {
		return err
	}
	defer s.Close()
	return env.Window(s, open)
}

// dbFlag is the database a command works on: --db FILE; --demo, the demo
// database; neither, the everyday database in the user's data folder (so
// that "carebook-cli list" works without knowing where Windows keeps it).
type dbFlag struct {
	file   string
	demo   bool
	chosen string // the file, once path has chosen it
	// as and passwordFile say who is at the keyboard, in a database that
	// has people (see signIn).
	as, passwordFile string
	password         string // once asked (restore asks before it signs in)
}

func dbFlags(fs *flag.FlagSet, help string) *dbFlag {
	d := &dbFlag{}
	fs.StringVar(&d.file, "db", "", help)
	fs.BoolVar(&d.demo, "demo", false, "the demo database")
	fs.StringVar(&d.as, "as", "", "who you are, in a database with people (the password is asked, or read from --password-file)")
	fs.StringVar(&d.passwordFile, "password-file", "", "file whose first line is the password of --as (only its owner may read it)")
	return d
}

// path is the database file the flags choose.
func (d *dbFlag) path() (p string, err error) {
	switch {
	case d.file != "" && d.demo:
		return "", usagef("give either --db or --demo, not both")
	case d.file != "":
		p = d.file
	case d.demo:
		p, err = data.DemoPath()
	default:
		p, err = data.DefaultPath()
	}
	d.chosen = p
	return p, err
}

// access says whether a command changes the database or only looks at it.
type access bool

const (
	toLook   access = false
	toChange access = true
)

// unlessDry is how a command that changes the database unless asked for a
// dry run opens it.
func unlessDry(dry bool) access {
	if dry {
		return toLook
	}
	return toChange
}

// openStore opens an existing database. A command that changes it is
// refused at once on a database that takes no changes (damaged, on a disk
// that cannot be written or is full); one that only looks goes on (see
// closeStore). While another Carebook writes, changes wait, and say so.
func openStore(env *Env, db *dbFlag, a access) (*data.Store, error) {
	path, err := db.path()
	if err != nil {
		return nil, err
	}
	s, err := data.OpenWith(path, data.OpenOptions{OnBusy: func() {
		fmt.Fprintln(env.Stderr, "carebook: another Carebook is writing to this database; waiting for it to finish (Ctrl+C to stop)…")
	}})
	var oe *data.OpenError
	if errors.As(err, &oe) && oe.Kind == data.OpenMissing && db.file == "" {
		if db.demo {
			return nil, fmt.Errorf("there is no demo database yet (%s): build it with \"carebook demo\"", path)
		}
		return nil, fmt.Errorf("there is no Carebook database yet (%s): open Carebook once to start it, or name one with --db FILE (--demo for the demo database)", path)
	}
	if err != nil {
		return nil, err
	}
	if ro := s.ReadOnly(); ro != nil && a == toChange {
		s.Close()
		return nil, ro
	}
	if err := signIn(env, s, db); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// closeStore closes s at the end of a command. One that only looked at a
// damaged database fails after showing what it could read, so that nobody
// takes its output for the whole truth; on a disk that cannot be written
// or is full, it says why nothing could have been changed.
func closeStore(env *Env, s *data.Store, err *error) {
	if ro := s.ReadOnly(); ro != nil && *err == nil {
		switch ro.Reason {
		case data.ReadOnlyDamaged:
			*err = ro
		case data.ReadOnlyMedia, data.ReadOnlyDiskFull:
			fmt.Fprintf(env.Stderr, "carebook: note: %s\n", ro.Error())
		}
	}
	s.Close()
}

// openCase opens an existing database and, when a case number is given,
// finds that live case or says plainly that there is none.
func openCase(env *Env, db *dbFlag, caseNo string, a access) (*data.Store, *data.Child, error) {
	s, err := openStore(env, db, a)
	if err != nil || caseNo == "" {
		return s, nil, err
	}
	c, err := s.ChildByCase(env.ctx, caseNo)
	if err != nil {
		s.Close()
		if errors.Is(err, data.ErrNotFound) {
			return nil, nil, fmt.Errorf("no case %s in %s", caseNo, db.chosen)
		}
		return nil, nil, err
	}
	return s, c, nil
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
