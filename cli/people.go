// People: who may sign in, with which roles; the audit log.

package cli

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"

	"golang.org/x/term"

	"carebook/data"
)

// signIn makes the person --as names the one at the keyboard. A database
// without people needs nobody; the demo database acts as its demo director
// unless told otherwise; any other database with people acts as nobody,
// and every action that needs a role is refused, saying which.
func signIn(env *Env, s *data.Store, db *dbFlag) error {
	ctx := env.ctx
	if db.as == "" {
		if db.passwordFile != "" {
			return usagef("--password-file is the password of --as NAME")
		}
		s.SignInDemo(ctx)
		return nil
	}
	has, err := s.HasPeople(ctx)
	if err != nil {
		return err
	}
	if !has {
		return errors.New("this database has no people yet: add the first with carebook people add --name NAME")
	}
	pw := db.password
	if pw == "" {
		if pw, err = password(env, db.passwordFile, "Password of "+db.as+": "); err != nil {
			return err
		}
	}
	if _, err = s.SignIn(ctx, db.as, pw); err != nil {
		return err
	}
	if s.ReadOnly() == nil {
		// Files left in the clear by a kill or a restore are encrypted now.
		if _, err := s.SealFiles(ctx, nil); err != nil {
			return err
		}
	}
	return nil
}

// password reads a password from file, or from the terminal without echo.
func password(env *Env, file, prompt string) (string, error) {
	if file != "" {
		return data.ReadPasswordFile(file)
	}
	if env.Stdin != nil {
		line, err := bufio.NewReader(env.Stdin).ReadString('\n')
		if line = strings.TrimRight(line, "\r\n"); line == "" {
			return "", fmt.Errorf("no password given: %v", err)
		}
		return line, nil
	}
	if !term.IsTerminal(int(os.Stdin.Fd())) {
		return "", errors.New("give the password with --password-file FILE")
	}
	fmt.Fprint(env.Stderr, prompt)
	b, err := term.ReadPassword(int(os.Stdin.Fd()))
	fmt.Fprintln(env.Stderr)
	if err != nil {
		return "", err
	}
	return string(b), nil
}

func runPeople(env *Env, args []string) (err error) {
	if len(args) == 0 {
		return usagef("people: add, list, set-role, set-until, deactivate, activate or reset")
	}
	sub, args := args[0], args[1:]
	fs := newFlags("people " + sub)
	db := dbFlags(fs, "database file")
	name := fs.String("name", "", "the person's name")
	role := fs.String("role", "", "roles, comma-separated: volunteer, fundraiser, director, administrator")
	lang := fs.String("lang", "", "interface language: en, ru, kk or uz")
	newPass := fs.String("new-password-file", "", "file holding the person's (new) password (else asked)")
	keyFile := fs.String("recovery-key-file", "", "file holding the recovery key (people reset without an administrator)")
	keyOut := fs.String("recovery-key-out", "", "people add of the first person: write the recovery key to this file too")
	untilText := fs.String("until", "", "people add and set-until: the last day the person may sign in (YYYY-MM-DD; never: no end)")
	if err := parse(fs, args); err != nil {
		return err
	}
	var until data.Date
	if t := strings.TrimSpace(*untilText); t != "" && t != "never" {
		if until, err = data.ParseDate(t); err != nil {
			return usagef("--until: not a date: %s", t)
		}
	}
	a := toChange
	if sub == "list" {
		a = toLook
	}
	s, err := openStore(env, db, a)
	if err != nil {
		return err
	}
	defer closeStore(env, s, &err)
	ctx := env.ctx
	need := func() (*data.Person, error) {
		if *name == "" {
			return nil, usagef("people %s needs --name NAME", sub)
		}
		return s.PersonNamed(ctx, *name)
	}
	switch sub {
	case "list":
		if err := s.Require(ctx, data.MayAdminister); err != nil {
			return err
		}
		ps, err := s.People(ctx)
		if err != nil {
			return err
		}
		w := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
		for _, p := range ps {
			state := "active"
			switch {
			case !p.Active:
				state = "deactivated"
			case p.Expired(s.Today()):
				state = "access ended " + p.Until.String()
			case !p.Until.IsZero():
				state = "active until " + p.Until.String()
			}
			var roles []string
			for _, r := range p.Roles {
				roles = append(roles, string(r))
			}
			fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", p.Name, strings.Join(roles, ", "), p.Lang, state)
		}
		return w.Flush()
	case "add":
		if *name == "" {
			return usagef("people add needs --name NAME")
		}
		has, err := s.HasPeople(ctx)
		if err != nil {
			return err
		}
		pw, err := password(env, *newPass, "Password of "+*name+": ")
		if err != nil {
			return err
		}
		if !has {
			p, key, err := s.AddFirstPerson(ctx, *name, *lang, pw)
			if err != nil {
				return err
			}
			if *keyOut != "" {
				if err := writeSecret(*keyOut, key); err != nil {
					return err
				}
			}
			pr := progressPrinter(env, "Encrypting the documents")
			// Counted in files: quiet below 50 of them.
			n, err := s.SealFiles(ctx, func(done, total int) { pr(int64(done)<<20, int64(total)<<20) })
			if err != nil {
				return fmt.Errorf("the documents could not all be encrypted (the rest are next time): %w", err)
			}
			fmt.Fprintf(env.Stdout, "%s is the first person: director and administrator. %d document files are now encrypted.\n", p.Name, n)
			fmt.Fprintf(env.Stdout, "Recovery key (shown once; print it and keep it in the safe): %s\n", key)
			return nil
		}
		roles, err := data.ParseRoles(*role)
		if err != nil {
			return err
		}
		p, err := s.AddPerson(ctx, data.NewPerson{Name: *name, Roles: roles, Lang: *lang, Password: pw, Until: until})
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "Added %s.\n", p.Name)
	case "set-role":
		p, err := need()
		if err != nil {
			return err
		}
		roles, err := data.ParseRoles(*role)
		if err != nil {
			return err
		}
		if err := s.SetRoles(ctx, p.ID, roles); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "%s: %s.\n", p.Name, *role)
	case "set-until":
		p, err := need()
		if err != nil {
			return err
		}
		if *untilText == "" {
			return usagef("people set-until needs --until YYYY-MM-DD (or never)")
		}
		if err := s.SetUntil(ctx, p.ID, until); err != nil {
			return err
		}
		if until.IsZero() {
			fmt.Fprintf(env.Stdout, "%s may sign in with no end.\n", p.Name)
		} else {
			fmt.Fprintf(env.Stdout, "%s may sign in until %s.\n", p.Name, until)
		}
	case "deactivate", "activate":
		p, err := need()
		if err != nil {
			return err
		}
		if err := s.SetActive(ctx, p.ID, sub == "activate"); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "%s is %sd.\n", p.Name, sub)
	case "reset":
		p, err := need()
		if err != nil {
			return err
		}
		pw, err := password(env, *newPass, "New password of "+p.Name+": ")
		if err != nil {
			return err
		}
		if *keyFile != "" {
			b, err := os.ReadFile(*keyFile)
			if err != nil {
				return fmt.Errorf("the recovery key file cannot be read: %w", err)
			}
			err = s.ResetWithRecoveryKey(ctx, p.Name, string(b), pw)
			if err != nil {
				return err
			}
		} else if err := s.SetPassword(ctx, p.ID, pw); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "%s has a new password.\n", p.Name)
	default:
		return usagef("people: add, list, set-role, set-until, deactivate, activate or reset, not %q", sub)
	}
	return nil
}

// writeSecret writes a file only its owner may read.
func writeSecret(path, text string) error {
	return os.WriteFile(path, []byte(text+"\n"), 0o600)
}

func runAudit(env *Env, args []string) (err error) {
	fs := newFlags("audit")
	db := dbFlags(fs, "database file")
	caseNo := fs.String("child", "", "only what is about this case")
	person := fs.String("person", "", "only what this person did")
	office := fs.String("office", "", "only what was done in this office (the head office holds every office's log)")
	action := fs.String("action", "", "only these kinds, comma-separated (view_child, view_document, report, sign_in, update…)")
	from := fs.String("from", "", "from this day (YYYY-MM-DD)")
	to := fs.String("to", "", "to this day (YYYY-MM-DD)")
	asCSV := fs.Bool("csv", false, "write CSV")
	if err := parse(fs, args); err != nil {
		return err
	}
	s, err := openStore(env, db, toLook)
	if err != nil {
		return err
	}
	defer closeStore(env, s, &err)
	ctx := env.ctx
	var f data.AuditFilter
	if *caseNo != "" {
		c, err := s.ChildByCase(ctx, *caseNo)
		if err != nil {
			return err
		}
		f.ChildID = c.ID
	}
	if *person != "" {
		p, err := s.PersonNamed(ctx, *person)
		if err != nil {
			return err
		}
		f.PersonID = p.ID
	}
	if *action != "" {
		f.Actions = strings.Split(*action, ",")
	}
	f.Office = strings.ToUpper(strings.TrimSpace(*office))
	for _, d := range []struct {
		text string
		p    *data.Date
	}{{*from, &f.From}, {*to, &f.To}} {
		if d.text != "" {
			v, err := data.ParseDate(d.text)
			if err != nil {
				return usagef("not a date: %s", d.text)
			}
			*d.p = v
		}
	}
	entries, err := s.AuditEntries(ctx, f)
	if err != nil {
		return err
	}
	if *asCSV {
		w := csv.NewWriter(env.Stdout)
		w.Write([]string{"at", "office", "who", "computer", "action", "entity", "entity_id", "child_id", "summary"})
		for _, e := range entries {
			w.Write([]string{e.At.UTC().Format("2006-01-02T15:04:05Z"), e.Office, e.Who, e.Computer, e.Action, e.Entity, e.EntityID, e.ChildID, e.Summary})
		}
		w.Flush()
		return w.Error()
	}
	w := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	for _, e := range entries {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s %s\t%s\n", e.At.Local().Format("2006-01-02 15:04"), e.Office, e.Who, e.Computer, e.Action, e.Entity, e.Summary)
	}
	return w.Flush()
}
