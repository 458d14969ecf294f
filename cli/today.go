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
	data.TodayUnthanked:        "donations not thanked after %s days",
	data.TodayNoDonor:          "donations of an unknown donor to match",
	data.TodayConflicts:        "conflicts to review",
	data.TodayOfficeSilent:     "office %s not heard from since %s",
	data.TodayBackupOverdue:    "no good backup for more than a week",
	data.TodayPapersMissing:    "papers missing: %s",
	data.TodayPaperStale:       "paper %s goes stale %s",
	data.TodayReadyForFunded:   "gap closed: ready for Funded",
	data.TodayHubUnsynced:      "not synced with the hub since %s",
	data.TodayAssigned:         "your case, in status %s",
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
	items, err := s.TodayList(env.ctx, backup.Today(env.ctx, s, time.Now())...)
	if err != nil {
		return err
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
			// Put off until a day, with a note of why (the window's Snooze).
			SnoozedUntil string `json:"snoozed_until,omitempty"`
			SnoozeNote   string `json:"snooze_note,omitempty"`
		}
		list := []out{}
		for _, it := range items {
			list = append(list, out{it.Group, it.Kind, it.Count, it.Case, it.Name, it.Detail, it.Due.String(), it.SnoozedUntil.String(), it.SnoozeNote})
		}
		e := json.NewEncoder(env.Stdout)
		e.SetIndent("", "  ")
		return e.Encode(list)
	}
	var snoozed []data.TodayItem
	w := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	for _, it := range items {
		if it.Snoozed() {
			snoozed = append(snoozed, it)
			continue
		}
		what := todayWords[it.Kind]
		switch it.Kind {
		case data.TodayUnthanked:
			what = fmt.Sprintf("%d "+what, it.Count, it.Detail)
		case data.TodayNoDonor, data.TodayConflicts:
			what = fmt.Sprintf("%d %s", it.Count, what)
		case data.TodayEstimateDraft, data.TodayPapersMissing, data.TodayAssigned:
			what = fmt.Sprintf(what, it.Detail)
		case data.TodayBackupOverdue, data.TodayReadyForFunded:
		case data.TodayHubUnsynced:
			since := "never"
			if !it.Due.IsZero() {
				since = it.Due.String()
			}
			what = fmt.Sprintf(what, since)
		default:
			what = fmt.Sprintf(what, it.Detail, it.Due)
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", it.Group, it.Case, it.Name, what)
	}
	if len(items) == len(snoozed) {
		fmt.Fprintln(env.Stdout, "Nothing needs doing today.")
	}
	if err := w.Flush(); err != nil {
		return err
	}
	for _, it := range snoozed {
		fmt.Fprintf(env.Stdout, "Put off until %s by %s (%s): %s %s\n", it.SnoozedUntil, it.SnoozedBy, it.SnoozeNote, it.Kind, it.Case)
	}
	return nil
}
