// Today: what needs doing, for a scheduled e-mail or a script.

package cli

import (
	"encoding/json"
	"fmt"
	"text/tabwriter"
	"time"

	"carebook/backup"
	"carebook/data"
)

// todayWords says each kind of item in a line of English.
var todayWords = map[string]string{
	data.TodayConsentExpiring:  "consent %s ends %s",
	data.TodayConsentWithdrawn: "consent %s withdrawn %s",
	data.TodayEstimateDraft:    "estimate of %s still a draft",
	data.TodayEstimateExpired:  "accepted estimate of %s expired %s",
	data.TodayStatusTooLong:    "in status %s since %s",
	data.TodayUnthanked:        "donations not thanked after a week",
	data.TodayNoDonor:          "donations of an unknown donor to match",
	data.TodayConflicts:        "conflicts to review",
	data.TodayOfficeSilent:     "office %s not heard from since %s",
	"backup_overdue":           "no good backup for more than a week",
}

func runToday(env *Env, args []string) (err error) {
	fs := newFlags("today")
	db := dbFlags(fs, "database file")
	asJSON := fs.Bool("json", false, "write JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	s, err := openStore(env, db, toLook)
	if err != nil {
		return err
	}
	defer closeStore(env, s, &err)
	items, err := s.TodayList(env.ctx)
	if err != nil {
		return err
	}
	if s.May(env.ctx, data.MayDirect) || s.May(env.ctx, data.MayAdminister) {
		if last, overdue := backup.Overdue(env.ctx, s, time.Now()); overdue {
			it := data.TodayItem{Group: data.TodayFoundation, Kind: "backup_overdue", Count: 1}
			if last != nil {
				it.Due = data.DateOf(last.At)
			}
			items = append(items, it)
		}
	}
	if *asJSON {
		type out struct {
			Group  string `json:"group"`
			Kind   string `json:"kind"`
			Count  int    `json:"count"`
			Case   string `json:"case,omitempty"`
			Name   string `json:"name,omitempty"`
			Detail string `json:"detail,omitempty"`
			Date   string `json:"date,omitempty"`
		}
		list := []out{}
		for _, it := range items {
			list = append(list, out{it.Group, it.Kind, it.Count, it.Case, it.Name, it.Detail, it.Due.String()})
		}
		e := json.NewEncoder(env.Stdout)
		e.SetIndent("", "  ")
		return e.Encode(list)
	}
	if len(items) == 0 {
		fmt.Fprintln(env.Stdout, "Nothing needs doing today.")
		return nil
	}
	w := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	for _, it := range items {
		what := todayWords[it.Kind]
		switch it.Kind {
		case data.TodayUnthanked, data.TodayNoDonor, data.TodayConflicts:
			what = fmt.Sprintf("%d %s", it.Count, what)
		case data.TodayEstimateDraft:
			what = fmt.Sprintf(what, it.Detail)
		case "backup_overdue":
		default:
			what = fmt.Sprintf(what, it.Detail, it.Due)
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", it.Group, it.Case, it.Name, what)
	}
	return w.Flush()
}
