package data

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"carebook/internal/lazy"
)

// Child is a case: one child whose treatment the foundation funds.
type Child struct {
	Meta
	CaseNumber string // YYYY-NNN, assigned by the store
	FirstName  string
	LastName   string
	MiddleName string
	LatinName  string // as in the passport, for foreign clinics and visas
	BirthDate  Date
	Sex        Sex
	Region     string
	Settlement string
	Address    string
	Diagnosis  string
	ICD10      string
	Program    string
	Urgency    Urgency
	Volunteer  string
	Story      string
	PhotoID    string // a photo Document
	Status     Status // changed only by Store.ChangeStatus
	Outcome    Outcome
	search     string
}

// FullName is "Last First Middle", the way case files list children.
func (c *Child) FullName() string { return fullName(c.LastName, c.FirstName, c.MiddleName) }

// AgeOn is the child's age in whole years on the day, or -1 without a birth date.
func (c *Child) AgeOn(d Date) int { return ageOn(c.BirthDate, d) }

// Case numbers read YYYY-NNN, or CODE-YYYY-NNN in a regional office, and
// the number grows past 999: they sort by year, then number (2026-182
// before 2026-1819), then office — never as text.
const caseOrder = `CASE WHEN substr(case_number, 1, 4) GLOB '[0-9][0-9][0-9][0-9]' THEN substr(case_number, 1, 4)
	ELSE substr(case_number, instr(case_number, '-') + 1, 4) END,
	CAST(replace(case_number, rtrim(case_number, '0123456789'), '') AS INTEGER), case_number`

// CaseSortKey is what case numbers sort by, as text: the year, the number
// (zero-padded) and the office (see caseOrder).
func CaseSortKey(caseNumber string) string {
	office, rest := "", caseNumber
	if len(rest) < 4 || strings.Trim(rest[:4], "0123456789") != "" {
		office, rest, _ = strings.Cut(rest, "-")
	}
	year, num, _ := strings.Cut(rest, "-")
	n, err := strconv.Atoi(num)
	if err != nil {
		return caseNumber
	}
	return fmt.Sprintf("%s-%012d-%s", year, n, office)
}

func fullName(last, first, middle string) string { return JoinNonEmpty(" ", last, first, middle) }

func ageOn(birth, d Date) int {
	if birth.IsZero() {
		return -1
	}
	return birth.YearsOn(d)
}

// JoinNonEmpty joins the parts that are not blank, each trimmed.
func JoinNonEmpty(sep string, parts ...string) string {
	var kept [4]string // a name's parts, an address's: no allocation
	out := kept[:0]
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}

func (c *Child) table() (string, string) { return "children", "child" }
func (c *Child) order() string           { return caseOrder }

func (c *Child) fields() []field {
	return []field{
		{name: "case_number", ptr: &c.CaseNumber, fixed: true},
		{name: "first_name", ptr: &c.FirstName},
		{name: "last_name", ptr: &c.LastName},
		{name: "middle_name", ptr: &c.MiddleName},
		{name: "latin_name", ptr: &c.LatinName},
		{name: "birth_date", ptr: &c.BirthDate},
		{name: "sex", ptr: &c.Sex},
		{name: "region", ptr: &c.Region},
		{name: "settlement", ptr: &c.Settlement},
		{name: "address", ptr: &c.Address},
		{name: "diagnosis", ptr: &c.Diagnosis},
		{name: "icd10", ptr: &c.ICD10},
		{name: "program", ptr: &c.Program},
		{name: "urgency", ptr: &c.Urgency},
		{name: "volunteer", ptr: &c.Volunteer},
		{name: "story", ptr: &c.Story},
		{name: "photo_id", ptr: null(&c.PhotoID), ref: "documents"},
		{name: "status", ptr: &c.Status, fixed: true},
		{name: "outcome", ptr: &c.Outcome, fixed: true},
		{name: "search", ptr: &c.search},
	}
}

func (c *Child) prepare() {
	c.ICD10 = strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(c.ICD10), ",", "."))
	if c.Urgency == "" {
		c.Urgency = UrgencyNormal
	}
	if c.Status == "" {
		c.Status = StatusIntake
	}
	// search is refilled after validation normalizes the text (see validate).
}

var icd10Pattern = lazy.Regexp(`^[A-Z][0-9]{2}(\.[0-9A-Z]{1,4})?$`)

// Earliest birth date accepted.
var minBirth = Date{1900, 1, 1}

func (c *Child) validate(today Date) error {
	var fe fieldErrs
	fe.checkText("first_name", &c.FirstName, ruleName, maxName, true)
	fe.checkText("last_name", &c.LastName, ruleName, maxName, true)
	fe.checkText("middle_name", &c.MiddleName, ruleName, maxName, false)
	fe.checkText("latin_name", &c.LatinName, ruleName, maxShort, false)
	if fe.checkDate("birth_date", c.BirthDate, true) {
		switch {
		case today.Before(c.BirthDate):
			fe.add("birth_date", CodeFutureDate)
		case c.BirthDate.Before(minBirth):
			fe.add("birth_date", CodeTooOld, "min", minBirth.String())
		}
	}
	checkEnum(&fe, "sex", c.Sex, false, AllSexes)
	fe.checkText("region", &c.Region, ruleLine, maxShort, false)
	fe.checkText("settlement", &c.Settlement, ruleLine, maxShort, false)
	fe.checkText("address", &c.Address, ruleLine, maxLine, false)
	fe.checkText("diagnosis", &c.Diagnosis, ruleLong, maxLine, false) // a multi-line field
	if c.ICD10 != "" && !icd10Pattern().MatchString(c.ICD10) {
		fe.add("icd10", CodeUnknownValue, "value", c.ICD10)
	}
	fe.checkText("program", &c.Program, ruleLine, maxShort, false)
	checkEnum(&fe, "urgency", c.Urgency, true, AllUrgencies)
	fe.checkText("volunteer", &c.Volunteer, ruleLine, maxShort, false)
	fe.checkText("story", &c.Story, ruleLong, maxLong, false)
	checkEnum(&fe, "status", c.Status, true, AllStatuses)
	checkEnum(&fe, "outcome", c.Outcome, false, AllOutcomes)
	c.search = searchText(c.CaseNumber, c.LastName, c.FirstName, c.MiddleName, c.LatinName, c.Diagnosis, c.ICD10)
	return fe.err("child")
}

func (c *Child) summary() string {
	return JoinNonEmpty(" ", c.CaseNumber, c.LastName, c.FirstName)
}

// beforeCreate assigns the next case number of the current year. Numbers come
// from a counter table, so a number is never given twice, even after its case
// is deleted.
func (c *Child) beforeCreate(ctx context.Context, tx *sql.Tx, s *Store) error {
	year := s.today().Year
	var last int
	err := tx.QueryRowContext(ctx,
		`INSERT INTO case_counters (year, last_number) VALUES (?, 1)
		 ON CONFLICT(year) DO UPDATE SET last_number = last_number + 1
		 RETURNING last_number`, year).Scan(&last)
	if err != nil {
		return fmt.Errorf("assigning a case number: %w", err)
	}
	c.CaseNumber = fmt.Sprintf("%04d-%03d", year, last)
	// Outside the head office a number carries the office's code, so two
	// offices never hand out the same one (SHY-2026-004).
	var code string
	var head bool
	switch err := tx.QueryRowContext(ctx, "SELECT office_code, head FROM foundation WHERE id = 1").Scan(&code, &head); {
	case err != nil && err != sql.ErrNoRows:
		return fmt.Errorf("assigning a case number: %w", err)
	case err == nil && !head:
		c.CaseNumber = code + "-" + c.CaseNumber
	}
	c.Status = StatusIntake
	c.Outcome = ""
	c.search = searchText(c.CaseNumber, c.LastName, c.FirstName, c.MiddleName, c.LatinName, c.Diagnosis, c.ICD10)
	return nil
}

// afterCreate records the opening of the case in its history.
func (c *Child) afterCreate(ctx context.Context, tx *sql.Tx, s *Store) error {
	sc := &StatusChange{ChildID: c.ID, To: StatusIntake, At: s.stamp(), By: s.Actor(), Reason: ""}
	return insertPlain(ctx, tx, s, sc)
}

// ChildFilter selects children for a list.
type ChildFilter struct {
	Search   string   // any words; every word must match name, case number or diagnosis
	Statuses []Status // any of these; empty means all
	Program  string
	Region   string
	Deleted  bool // list the Trash instead
	Limit    int
}

// ListChildren returns the children matching f, by case number. Search folds
// case and Kazakh letters on both sides (see Fold), so "қайрат", "ҚАЙРАТ" and
// "кайрат" find the same child.
func (s *Store) ListChildren(ctx context.Context, f ChildFilter) ([]Child, error) {
	where, args := f.where()
	order := caseOrder
	if f.Limit > 0 {
		order += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	return s.Children.list(ctx, where, order, args...)
}

func (f ChildFilter) where() (string, []any) {
	where := []string{"deleted_at IS NULL"}
	if f.Deleted {
		where[0] = "deleted_at IS NOT NULL"
	}
	var args []any
	for _, w := range strings.Fields(Fold(f.Search)) {
		where = append(where, "instr(search, ?) > 0")
		args = append(args, w)
	}
	if len(f.Statuses) > 0 {
		where = append(where, "status IN ("+strings.TrimSuffix(strings.Repeat("?,", len(f.Statuses)), ",")+")")
		for _, st := range f.Statuses {
			args = append(args, string(st))
		}
	}
	if f.Program != "" {
		where = append(where, "program = ?")
		args = append(args, f.Program)
	}
	if f.Region != "" {
		where = append(where, "region = ?")
		args = append(args, f.Region)
	}
	return strings.Join(where, " AND "), args
}

// ChildSummary is what a list of children shows: no story, no address, so a
// list of ten thousand stays light.
type ChildSummary struct {
	ID         string
	CaseNumber string
	FirstName  string
	LastName   string
	MiddleName string
	BirthDate  Date
	Region     string
	Diagnosis  string
	Program    string
	Status     Status
	Outcome    Outcome

	search string // the folded words search looks in
}

// SearchWords are the folded words of a search, as the lists look for them.
func SearchWords(search string) []string { return strings.Fields(Fold(search)) }

// Matches says whether a search's words (SearchWords) find the child,
// exactly as ListChildSummaries would: every word is in the name, case
// number or diagnosis.
func (c *ChildSummary) Matches(words []string) bool {
	for _, w := range words {
		if !strings.Contains(c.search, w) {
			return false
		}
	}
	return true
}

// SearchNarrows says whether every child that search finds is also found by
// wider: then a list for search can be taken from a list for wider with
// Matches, without asking the database (typing one more letter).
func SearchNarrows(search, wider string) bool {
	words := strings.Fields(Fold(search))
	for _, w := range strings.Fields(Fold(wider)) {
		found := false
		for _, n := range words {
			if strings.Contains(n, w) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// FullName is "Last First Middle".
func (c *Child) maskMedical()        { c.Diagnosis, c.ICD10 = "", "" }
func (c *ChildSummary) maskMedical() { c.Diagnosis = "" }

func (c *ChildSummary) FullName() string { return fullName(c.LastName, c.FirstName, c.MiddleName) }

// AgeOn is the age in whole years on the day, or -1 without a birth date.
func (c *ChildSummary) AgeOn(d Date) int { return ageOn(c.BirthDate, d) }

// ListChildSummaries is ListChildren for lists: the same filter, fewer columns.
func (s *Store) ListChildSummaries(ctx context.Context, f ChildFilter) ([]ChildSummary, error) {
	var out []ChildSummary
	err := s.EachChildSummary(ctx, f, func(c *ChildSummary) error {
		out = append(out, *c)
		return nil
	})
	return out, err
}

// EachChildSummary is ListChildSummaries one child at a time, in the same
// order, for whoever uses each child once (a command printing a line per
// child): ten thousand of them are never held at once. fn must not keep c,
// which is reused; an error from fn ends the reading and is returned.
func (s *Store) EachChildSummary(ctx context.Context, f ChildFilter, fn func(c *ChildSummary) error) error {
	rows, err := s.childRows(ctx, f, "id, case_number, first_name, last_name, middle_name, birth_date, region, diagnosis, program, status, outcome, search")
	if err != nil {
		return err
	}
	defer rows.Close()
	mask := false
	if p := s.Person(); p != nil && !p.May(MayMedical) {
		mask = true
	}
	// Plain strings scan without reflection; a list reads ten thousand rows.
	var status, outcome string
	var birth sql.NullString
	var c ChildSummary
	for rows.Next() {
		c = ChildSummary{}
		if err := rows.Scan(&c.ID, &c.CaseNumber, &c.FirstName, &c.LastName, &c.MiddleName, &birth,
			&c.Region, &c.Diagnosis, &c.Program, &status, &outcome, &c.search); err != nil {
			return err
		}
		if birth.Valid {
			if err := c.BirthDate.Scan(birth.String); err != nil {
				return err
			}
		}
		c.Status, c.Outcome = Status(status), Outcome(outcome)
		if mask {
			c.maskMedical()
			// Searched by what this person may see: a diagnosis typed in
			// the search finds nobody for them.
			c.search = searchText(c.CaseNumber, c.LastName, c.FirstName, c.MiddleName)
			if f.Search != "" && !c.Matches(SearchWords(f.Search)) {
				continue
			}
		}
		if err := fn(&c); err != nil {
			return err
		}
	}
	return rows.Err()
}

// childRows reads the columns cols of the children f picks, in the list's
// order.
func (s *Store) childRows(ctx context.Context, f ChildFilter, cols string) (*sql.Rows, error) {
	where, args := f.where()
	q := "SELECT " + cols + " FROM children WHERE " + where + " ORDER BY " + caseOrder
	if f.Limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	return s.q(ctx).QueryContext(ctx, q, args...)
}

// ChildLine is a child as a one-line list prints it: case number, name,
// birth date, region and status.
type ChildLine struct {
	CaseNumber                      string
	LastName, FirstName, MiddleName string
	BirthDate                       Date
	Region                          string
	Status                          Status
}

// FullName is "Last First Middle".
func (c *ChildLine) FullName() string { return fullName(c.LastName, c.FirstName, c.MiddleName) }

// EachChildLine calls fn with each child f picks, the children and order of
// EachChildSummary, reading only what a line prints: for ten thousand
// children, carrying the other columns out of SQLite (the id, diagnosis,
// search words…) took a tenth of the `list` command. A search by someone
// who may not see diagnoses is checked word by word on what they may see,
// as EachChildSummary does.
func (s *Store) EachChildLine(ctx context.Context, f ChildFilter, fn func(c *ChildLine) error) error {
	if p := s.Person(); f.Search != "" && p != nil && !p.May(MayMedical) {
		return s.EachChildSummary(ctx, f, func(c *ChildSummary) error {
			return fn(&ChildLine{c.CaseNumber, c.LastName, c.FirstName, c.MiddleName, c.BirthDate, c.Region, c.Status})
		})
	}
	rows, err := s.childRows(ctx, f, "case_number, last_name, first_name, middle_name, birth_date, region, status")
	if err != nil {
		return err
	}
	defer rows.Close()
	var status string
	var birth sql.NullString
	var c ChildLine
	for rows.Next() {
		c = ChildLine{}
		if err := rows.Scan(&c.CaseNumber, &c.LastName, &c.FirstName, &c.MiddleName, &birth, &c.Region, &status); err != nil {
			return err
		}
		if birth.Valid {
			if err := c.BirthDate.Scan(birth.String); err != nil {
				return err
			}
		}
		c.Status = Status(status)
		if err := fn(&c); err != nil {
			return err
		}
	}
	return rows.Err()
}

// CaseRef names a live case: its child's id and its case number.
type CaseRef struct{ ID, CaseNumber string }

// CaseNumbers lists every live case in the list's order, and nothing else
// of them (a command that prints a line per case needs no more).
func (s *Store) CaseNumbers(ctx context.Context) ([]CaseRef, error) {
	rows, err := s.q(ctx).QueryContext(ctx, "SELECT id, case_number FROM children WHERE deleted_at IS NULL ORDER BY "+caseOrder)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []CaseRef
	for rows.Next() {
		var c CaseRef
		if err := rows.Scan(&c.ID, &c.CaseNumber); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// ChildByCase finds a live child by case number.
func (s *Store) ChildByCase(ctx context.Context, caseNumber string) (*Child, error) {
	var id string
	err := s.q(ctx).QueryRowContext(ctx, "SELECT id FROM children WHERE case_number=? AND deleted_at IS NULL",
		strings.TrimSpace(caseNumber)).Scan(&id)
	if err == sql.ErrNoRows {
		return nil, fmt.Errorf("case %s: %w", caseNumber, ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	return s.Children.Get(ctx, id)
}

// DistinctValues returns the values in use for a child column (region,
// program), for filter menus.
func (s *Store) DistinctValues(ctx context.Context, column string) ([]string, error) {
	switch column {
	case "region", "program", "settlement", "volunteer":
	default:
		return nil, fmt.Errorf("no list of values for %q", column)
	}
	return queryStrings(ctx, s.q(ctx), "SELECT DISTINCT "+column+" FROM children WHERE deleted_at IS NULL AND "+column+" <> '' ORDER BY 1")
}
