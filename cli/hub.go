// The hub commands (issue 17, first step): hub init, hub add-office.

package cli

import (
	"flag"
	"fmt"
	"strings"

	"carebook/hub"
)

func runHub(env *Env, args []string) error {
	if len(args) == 0 {
		return usagef("hub what? init or add-office")
	}
	switch args[0] {
	case "init":
		return runHubInit(env, args[1:])
	case "add-office":
		return runHubAddOffice(env, args[1:])
	}
	return usagef("unknown hub command %q (init, add-office)", args[0])
}

// hubFlag is a hub's address (--postgres) and, for a hub whose certificate
// is not from a public authority, the authority's certificate (--postgres-ca).
type hubFlag struct{ url, ca string }

func hubFlags(fs *flag.FlagSet, help string) *hubFlag {
	h := &hubFlag{}
	fs.StringVar(&h.url, "postgres", "", help)
	fs.StringVar(&h.ca, "postgres-ca", "", "the certificate of the authority that signed the hub's certificate (PEM), when it is not a public one")
	return h
}

// address is the hub's address with the authority's certificate; an
// address Carebook cannot read is refused when it is used.
func (h *hubFlag) address() string {
	if a, err := hub.WithCA(h.url, h.ca); err == nil {
		return a
	}
	return h.url
}

func runHubInit(env *Env, args []string) (err error) {
	fs := newFlags("hub init")
	db := dbFlags(fs, "the head office's database (the hub takes its foundation)")
	pg := hubFlags(fs, "the PostgreSQL database, postgres://USER:PASSWORD@HOST:PORT/DB")
	if err := parse(fs, args); err != nil {
		return err
	}
	if pg.url == "" {
		return usagef("hub init needs --postgres URL")
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
	if !self.Head {
		return fmt.Errorf("the hub is made from the head office's database; this is office %s", self.Code)
	}
	before, err := hub.Init(env.ctx, pg.address(), self.FoundationID)
	if err != nil {
		return err
	}
	switch before {
	case 0:
		// The head office's own login, made once (making it again would
		// change its password under a Carebook that syncs with it).
		secret, err := hub.AddOffice(env.ctx, pg.address(), hub.Office{Code: self.Code, Name: self.Name, Head: true})
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "Made the hub (schema %d) for this foundation.\n", hub.SchemaVersion())
		fmt.Fprintf(env.Stdout, "The head office syncs with this address (it holds a password, keep it secret):\n%s\n", secret)
	case hub.SchemaVersion():
		fmt.Fprintf(env.Stdout, "The hub is up to date (schema %d).\n", before)
	default:
		fmt.Fprintf(env.Stdout, "Updated the hub from schema %d to %d.\n", before, hub.SchemaVersion())
	}
	return nil
}

func runHubAddOffice(env *Env, args []string) (err error) {
	fs := newFlags("hub add-office")
	db := dbFlags(fs, "the head office's database (the office's name and regions come from it)")
	pg := hubFlags(fs, "the hub, postgres://USER:PASSWORD@HOST:PORT/DB (an owner of it)")
	code := fs.String("code", "", "the office's code (SHY)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if pg.url == "" || *code == "" {
		return usagef("hub add-office needs --postgres URL and --code CODE")
	}
	s, err := openStore(env, db, toLook)
	if err != nil {
		return err
	}
	defer closeStore(env, s, &err)
	offices, err := s.Offices(env.ctx)
	if err != nil {
		return err
	}
	want := strings.ToUpper(*code)
	for _, o := range offices {
		if o.Code != want {
			continue
		}
		secret, err := hub.AddOffice(env.ctx, pg.address(), hub.Office{Code: o.Code, Name: o.Name, Regions: o.Regions, Head: o.Head})
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "Office %s can now reach the hub; give it this address (it holds a password, keep it secret):\n%s\n", o.Code, secret)
		return nil
	}
	return fmt.Errorf("this foundation has no office %s: invite it first (carebook office invite)", want)
}

func runSync(env *Env, args []string) (err error) {
	fs := newFlags("sync")
	db := dbFlags(fs, "database file")
	pg := hubFlags(fs, "this office's address of the hub (from carebook hub add-office)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if pg.url == "" {
		return usagef("sync needs --postgres URL")
	}
	s, err := openStore(env, db, toChange)
	if err != nil {
		return err
	}
	defer closeStore(env, s, &err)
	res, err := hub.Sync(env.ctx, s, pg.address())
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Synced: sent %d changed rows, took %d (%d new cases, %d cases updated), %d conflicts found at the hub, %d new here.\n",
		res.Pushed, res.Pulled, res.Applied.NewCases, res.Applied.UpdatedCases, res.Conflict, res.Applied.Conflicts)
	if res.Erased > 0 {
		fmt.Fprintf(env.Stdout, "%d documents emptied from the Trash here are erased from the hub too.\n", res.Erased)
	}
	if res.Applied.Erased > 0 {
		fmt.Fprintf(env.Stdout, "%d documents emptied from the Trash in another office are erased here too.\n", res.Applied.Erased)
	}
	if res.Refused > 0 {
		fmt.Fprintf(env.Stdout, "%d rows of cases outside this office's regions were not sent: the head office moves cases between regions.\n", res.Refused)
	}
	printSkipped(env, res.Applied.Skipped)
	return nil
}
