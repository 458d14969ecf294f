// The letters command.

package cli

import (
	"fmt"
	"slices"

	"carebook/data"
	"carebook/reports"
)

func runLetters(env *Env, args []string) (err error) {
	fs := newFlags("letters")
	db := dbFlags(fs, "database file")
	caseNo := fs.String("child", "", "every donor of this child")
	from := fs.String("from", "", "first day")
	to := fs.String("to", "", "last day")
	kind := fs.String("kind", "", "donation_thanks, outcome_thanks or receipt")
	out := fs.String("out", "", "PDF of the whole batch")
	perDonor := fs.String("per-donor", "", "folder for one PDF per donor")
	dry := fs.Bool("dry-run", false, "say what would be written, write nothing")
	include := fs.Bool("include-thanked", false, "also donations already covered by such a letter")
	if err := parse(fs, args); err != nil {
		return err
	}
	var o reports.LetterOptions
	o.IncludeCovered, o.PerDonorDir, o.Out = *include, *perDonor, *out
	o.Kind = data.TemplateKind(*kind)
	switch {
	case *kind == "" && *caseNo != "":
		o.Kind = data.TemplateOutcomeThanks
	case *kind == "":
		o.Kind = data.TemplateDonationThanks
	case !slices.Contains(data.AllTemplateKinds, o.Kind):
		return usagef("unknown kind %q (donation_thanks, outcome_thanks or receipt)", *kind)
	}
	if (*caseNo == "") == (*from == "" && *to == "") {
		return usagef("give either --child CASE or --from and --to")
	}
	if *out == "" && !*dry {
		return usagef("letters needs --out FILE.pdf (or --dry-run)")
	}
	s, c, err := openCase(env, db, *caseNo, unlessDry(*dry))
	if err != nil {
		return err
	}
	defer closeStore(env, s, &err)
	ctx := env.ctx
	if c != nil {
		o.ChildID = c.ID
	} else {
		var err1, err2 error
		o.From, err1 = data.ParseDate(*from)
		o.To, err2 = data.ParseDate(*to)
		if err1 != nil || err2 != nil || o.From.IsZero() || o.To.IsZero() {
			return usagef("--from and --to must be dates like 2026-01-01")
		}
		if o.To.Before(o.From) {
			return usagef("--to is before --from")
		}
	}
	if !*dry { // refused before anything is said
		if err := s.CheckOutputs(ctx, data.Output{Path: o.Out}, data.Output{Path: o.PerDonorDir, Dir: true}); err != nil {
			return err
		}
	}
	plan, err := reports.PlanLetters(ctx, s, o)
	if err != nil {
		return err
	}
	for _, sk := range plan.Skipped {
		who := sk.Who
		reason := "the donor is in the Trash"
		if sk.Reason == "no_donor" {
			who, reason = "cash box", "no donor to write to"
		}
		fmt.Fprintf(env.Stdout, "skipped\t%s\t%d donation(s)\t%s\n", who, sk.Donations, reason)
	}
	for _, l := range plan.Letters {
		for _, w := range l.Warnings {
			fmt.Fprintf(env.Stdout, "note\t%s\t%s\n", l.Donor.DisplayName, letterWarning(w, l.Lang))
		}
	}
	if len(plan.Letters) == 0 {
		fmt.Fprintln(env.Stdout, "Nothing to write: no donation is waiting for this letter. No file was written and nothing was marked.")
		return nil
	}
	if *dry {
		fmt.Fprintf(env.Stdout, "Dry run: would write %d letters to %d donors, covering %d donations. Nothing was written.\n",
			len(plan.Letters), len(plan.Letters), plan.Donations)
		return nil
	}
	res, err := reports.WriteLetters(ctx, s, plan, o)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Wrote %d letters to %d donors, covering %d donations, in %s", res.Letters, res.Donors, res.Donations, *out)
	if len(res.Files) > 0 {
		fmt.Fprintf(env.Stdout, " and %d files in %s", len(res.Files), *perDonor)
	}
	fmt.Fprintln(env.Stdout, ".")
	for _, u := range res.Unfinished {
		fmt.Fprintf(env.Stdout, "Not finished: %s (written %s) was never recorded, because Carebook was stopped before its donations were marked thanked; its letters are in this batch again. Do not send the earlier file.\n",
			u.Path, u.Started.Local().Format("02.01.2006 15:04"))
	}
	return nil
}

func letterWarning(code, lang string) string {
	switch code {
	case "no_language":
		return "no preferred language: written in " + lang
	case "no_template_language":
		return "no letters in the donor's language: written in " + lang
	case "name_characters":
		return "the name has characters the letter font cannot print; they print as ?"
	}
	return code
}
