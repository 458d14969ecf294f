package data

import (
	"regexp"
	"strings"
	"testing"

	"carebook/money"
)

type plan struct{ query, plan string }

// plansOf runs work with every read recorded and returns SQLite's plan for
// each (EXPLAIN QUERY PLAN), in the order they ran.
func plansOf(t *testing.T, s *Store, work func()) []plan {
	t.Helper()
	type read struct {
		q    string
		args []any
	}
	var reads []read
	s.seen = func(q string, args []any) { reads = append(reads, read{q, args}) }
	work()
	s.seen = nil
	var plans []plan
	for _, r := range reads {
		rows, err := s.db.Query("EXPLAIN QUERY PLAN "+r.q, r.args...)
		if err != nil {
			t.Fatalf("%s: %v", r.q, err)
		}
		var lines []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			rows.Scan(&id, &parent, &unused, &detail)
			lines = append(lines, detail)
		}
		rows.Close()
		plans = append(plans, plan{r.q, strings.Join(lines, "\n")})
	}
	if len(plans) == 0 {
		t.Fatal("no reads were seen")
	}
	return plans
}

// A whole-table scan of a big table, or a sort of its rows in a temporary
// b-tree, in a plan.
var tableScan = regexp.MustCompile(`(?m)^SCAN (children|donations|donors|allocations|payments)\b( AS \w+)?$`)

// The queries the screens run as someone types or opens them, at ten
// thousand children and forty thousand donors: each uses the index made for
// it, and none reads a big table whole when it need not.
func TestHotQueriesUseTheirIndexes(t *testing.T) {
	s := newStore(t)
	for _, c := range []struct{ first, last string }{{"Қайрат", "Бекжанов"}, {"Dilnoza", "Rahimova"}} {
		newChild(t, s, c.first, c.last)
	}
	cases := []struct {
		name  string
		work  func()
		index string // the plan of the first read must use it
	}{
		{"the children's list as someone searches", func() {
			s.ListChildSummaries(ctx, ChildFilter{Search: "кайрат"})
		}, "children_in_order"},
		{"the children's list of one status", func() {
			s.ListChildSummaries(ctx, ChildFilter{Statuses: []Status{StatusIntake}})
		}, "children_status"},
		{"the donors' list as someone searches", func() {
			s.ListDonors(ctx, "рахим")
		}, "donors_list"},
		{"a statement row's look-alikes", func() {
			s.DonationsOn(ctx, MustDate("2026-11-02"), money.Money{Minor: 500000, Currency: "KZT"})
		}, "donations_same_day"},
		{"one child's money", func() {
			s.Funding(ctx, "x")
		}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, p := range plansOf(t, s, c.work) {
				if tableScan.MatchString(p.plan) {
					t.Errorf("a whole table is read:\n%s\n-- for --\n%s", p.plan, p.query)
				}
				if c.index != "" && !strings.Contains(p.plan, c.index) {
					t.Errorf("index %s is not used:\n%s\n-- for --\n%s", c.index, p.plan, p.query)
				}
				c.index = "" // only the first read is the list's own
			}
		})
	}
}

// Issue 30: every question Today asks is served by an index — no big table
// (nor consents or estimates) is read whole.
func TestTodayQueriesUseIndexes(t *testing.T) {
	s := newStore(t)
	newChild(t, s, "Қайрат", "Бекжанов")
	for st, name := range map[Status]string{StatusReview: "Дана", StatusFundraising: "Нұрлан"} {
		c := newChild(t, s, name, "Бекжанов")
		if _, err := s.db.ExecContext(ctx, "UPDATE children SET status = ? WHERE id = ?", st, c.ID); err != nil {
			t.Fatal(err)
		}
	}
	// A table read whole, without an index (SQLite names it by its alias):
	// only the handful of rows of the offices, the settings and the
	// snoozes may be, and "o", the open cases' statuses Today works out
	// once from indexes (a materialized CTE).
	whole := regexp.MustCompile(`(?m)^SCAN (\w+)$`)
	plans := plansOf(t, s, func() {
		if _, err := s.TodayList(ctx); err != nil {
			t.Fatal(err)
		}
	})
	// "Which live cases are in these statuses?", asked as a subquery of
	// thousands of cases, is answered by an index alone, without reading
	// each case's row.
	subquery := regexp.MustCompile(`(?m)^LIST SUBQUERY \d+\n(SEARCH (children|ch) USING .*)$`)
	subqueries := 0
	for _, p := range plans {
		for _, m := range whole.FindAllStringSubmatch(p.plan, -1) {
			if m[1] != "offices" && m[1] != "settings" && m[1] != "today_snoozes" && m[1] != "o" {
				t.Errorf("a whole table is read:\n%s\n-- for --\n%s", p.plan, p.query)
			}
		}
		for _, m := range subquery.FindAllStringSubmatch(p.plan, -1) {
			subqueries++
			if !strings.Contains(m[1], "COVERING INDEX") {
				t.Errorf("the cases of a status are read row by row:\n%s\n-- for --\n%s", p.plan, p.query)
			}
		}
	}
	if subqueries == 0 {
		t.Error("no question asked for the cases of a status in a subquery: the test looks at nothing")
	}
}

// Issue 29: the money of a period (the grant report, the Dashboard) is
// summed from the per-child indexes alone: never each row looked up in its
// table after finding it by day, nor sorted apart.
func TestMoneyOfAPeriodIsReadFromThePerChildIndexes(t *testing.T) {
	s := newStore(t)
	for _, table := range []MoneyTable{MoneyDonations, MoneyAllocations, MoneyPayments} {
		plans := plansOf(t, s, func() {
			if err := s.MoneySums(ctx, table, "KZT", MustDate("2026-01-01"), MustDate("2026-12-31"), func(MoneySum) {}); err != nil {
				t.Fatal(err)
			}
		})
		for _, p := range plans {
			if !strings.Contains(p.plan, "USING COVERING INDEX "+string(table)+"_child") || strings.Contains(p.plan, "TEMP B-TREE") {
				t.Errorf("%s of a period:\n%s\n-- for --\n%s", table, p.plan, p.query)
			}
		}
	}
}

// Issue 29: what an office sends the hub (or another office) is found
// through the version indexes: with nothing new no travelling table is
// read at all, and one change is found without reading the others.
func TestChangesAreFoundThroughTheirIndexes(t *testing.T) {
	s := newStore(t)
	var c *Child
	for _, n := range []string{"Қайрат", "Дана", "Нұрлан"} {
		c = newChild(t, s, n, "Бекжанов")
	}
	push := func() HubPush {
		t.Helper()
		p, err := s.HubPush(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	if first := push(); len(first.Changes) < 3 {
		t.Fatalf("the first push sends %d rows", len(first.Changes))
	}
	if err := s.HubPushed(ctx, push().Known); err != nil {
		t.Fatal(err)
	}
	scan := regexp.MustCompile(`(?m)^SCAN (\w+)`)
	travelling := map[string]bool{}
	for _, t := range exchangeOrder {
		travelling[t] = true
	}
	check := func(what string, want int) {
		t.Helper()
		var p HubPush
		for _, pl := range plansOf(t, s, func() { p = push() }) {
			if m := scan.FindStringSubmatch(pl.plan); m != nil && travelling[m[1]] {
				t.Errorf("%s: a travelling table is read whole:\n%s\n-- for --\n%s", what, pl.plan, pl.query)
			}
		}
		got := 0
		for _, ch := range p.Changes {
			if ch.Row.Table != "audit_log" {
				got++
			}
		}
		if got != want {
			t.Errorf("%s: %d rows to send, want %d: %+v", what, got, want, p.Changes)
		}
	}
	check("nothing new", 0)
	c.Diagnosis = "ДЦП"
	if err := s.Children.Update(ctx, c); err != nil {
		t.Fatal(err)
	}
	check("one case changed", 1)
}

// Issue 29: a batch of letters marks its donations before it writes the
// letters, and SQLite checks the marks' key as each letter is written,
// asking for the donations that name it (as it does when a letter leaves
// for good). Without an index that was every donation read for each
// letter: 1 000 letters at 10 000 children took 75 s instead of 1.5 s; and
// every child and consent for each of their copies, 5.6 s. Each table
// whose rows point at a letter or a document is searched by an index.
func TestTheDonationsOfALetterAreFoundThroughAnIndex(t *testing.T) {
	s := newStore(t)
	for _, c := range []struct{ table, column, index string }{
		{"donations", "letter_id", "donations_letter"},
		{"letter_donations", "letter_id", "PRIMARY KEY"},
		{"letters", "document_id", "letters_document"},
		{"children", "photo_id", "children_photo"},
		{"consents", "document_id", "consents_document"},
		{"journey_event_documents", "document_id", "journey_event_documents_document"},
	} {
		var id, parent, unused int
		var detail string
		q := "EXPLAIN QUERY PLAN SELECT 1 FROM " + c.table + " WHERE " + c.column + " = ?"
		if err := s.db.QueryRowContext(ctx, q, "x").Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(detail, c.index) {
			t.Errorf("the %s that name a row by %s: %s", c.table, c.column, detail)
		}
	}
}

// Issue 29: every donation recorded is written into each index of the
// table as well — at 200 000 statement rows each index cost about 0.45 s
// of the import — so each must answer a question that is asked: of a
// day and amount, of a period, of a donor, of a child, of the gifts
// waiting for thanks, of a letter, of the changes to send. donations_date
// (by day alone) answered none once donations_same_day held the live
// donations in the order of the day; nor did donations_no_donor (the
// count of gifts without a donor is read from donations_donor).
func TestEveryIndexOfDonationsAnswersAQuestion(t *testing.T) {
	s := newStore(t)
	from, to := MustDate("2026-01-01"), MustDate("2026-12-31")
	// What was sent once is not sent again: the next push asks for what
	// changed since.
	if p, err := s.HubPush(ctx); err != nil {
		t.Fatal(err)
	} else if err := s.HubPushed(ctx, p.Known); err != nil {
		t.Fatal(err)
	}
	var plans []plan
	plans = append(plans, plansOf(t, s, func() {
		s.DonationsOn(ctx, MustDate("2026-11-02"), money.Money{Minor: 500000, Currency: "KZT"})
		s.DonationsForLetters(ctx, LetterSelection{Kind: TemplateDonationThanks, From: from, To: to})
		s.DonationsForLetters(ctx, LetterSelection{Kind: TemplateDonationThanks, From: from, To: to, IncludeCovered: true})
		s.DonorsWhoGave(ctx, from, to)
		s.ListDonationsByDonor(ctx, "x")
		s.Unthanked(ctx)
		s.TodayList(ctx)
		s.MoneySums(ctx, MoneyDonations, "KZT", from, to, func(MoneySum) {})
		s.HubPush(ctx)
	})...)
	// A letter leaves for good: SQLite asks for the donations that name it.
	var id, parent, unused int
	var detail string
	if err := s.db.QueryRowContext(ctx, "EXPLAIN QUERY PLAN SELECT 1 FROM donations WHERE letter_id = ?", "x").Scan(&id, &parent, &unused, &detail); err != nil {
		t.Fatal(err)
	}
	plans = append(plans, plan{"a letter's donations", detail})
	indexes, err := s.db.QueryContext(ctx, "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'donations' AND name NOT LIKE 'sqlite_%'")
	if err != nil {
		t.Fatal(err)
	}
	defer indexes.Close()
	n := 0
	for indexes.Next() {
		var name string
		indexes.Scan(&name)
		n++
		used := false
		for _, p := range plans {
			used = used || regexp.MustCompile(`\b`+name+`\b`).MatchString(p.plan)
		}
		if !used {
			t.Errorf("index %s answers none of the questions asked of donations, and every donation written costs it", name)
		}
	}
	if n == 0 {
		t.Fatal("no index of donations was seen: the test looks at nothing")
	}
}
