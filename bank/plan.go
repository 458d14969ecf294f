package bank

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"slices"
	"strings"
	"sync/atomic"

	"carebook/data"
	"carebook/internal/ahead"
	"carebook/money"
)

// What the import does with a statement row.
const (
	New       = "new"       // a new donation
	Duplicate = "duplicate" // already recorded: same day, amount, currency, payer and reference (or purpose)
	Similar   = "similar"   // a donation of that day and amount is recorded, but differs: a person decides
	Outgoing  = "outgoing"  // money that left the account (or a reversal): never a donation
	Rejected  = "rejected"  // cannot be read; the Problem says why
)

// Outcomes in the order the preview shows them.
var Outcomes = []string{New, Similar, Duplicate, Outgoing, Rejected}

// Row is a statement row and what the import does with it.
type Row struct {
	Entry
	Outcome string
	// The donor: an existing one (DonorID), or a new one (NewDonor).
	DonorID   string
	DonorName string
	NewDonor  bool
	// Proposed is the child the purpose names (an earmark to confirm).
	Proposed string
	// Like are the recorded donations a similar row resembles.
	Like []data.RecordedDonation
	// Unnamed: the bank names no payer (an MT940 credit whose :86: is free
	// text). It is imported as a donation of an unknown donor, its purpose
	// kept for matching it to a donor later, unless the person leaves it out.
	Unnamed bool
}

// NewDonor is a donor the import will create.
type NewDonor struct {
	Name, TaxID  string
	Organisation bool
	Rows         int
	Line         int // its first row
}

// Earmark is a child the purposes of some rows name.
type Earmark struct {
	ChildID, Case, Name string
	Rows                int
	Lines               []int // the first of them
	Sums                map[string]int64
}

// Counts are rows by outcome, and what the import makes.
type Counts struct {
	Import, Duplicate, Similar, Outgoing, Rejected int
	NewDonors, Earmarked                           int
}

func (c *Counts) add(outcome string) {
	switch outcome {
	case New:
		c.Import++
	case Duplicate:
		c.Duplicate++
	case Similar:
		c.Similar++
	case Outgoing:
		c.Outgoing++
	default:
		c.Rejected++
	}
}

// Of returns the count of an outcome.
func (c Counts) Of(outcome string) int {
	switch outcome {
	case New:
		return c.Import
	case Duplicate:
		return c.Duplicate
	case Similar:
		return c.Similar
	case Outgoing:
		return c.Outgoing
	}
	return c.Rejected
}

// Keep is how many rows of each outcome a plan keeps to show (it counts
// them all); rejected and similar rows, which a person reads, up to KeepMore.
const (
	Keep     = 1000
	KeepMore = 10000
)

// Plan is what an import of a statement would do, read against the
// database: nothing is written.
type Plan struct {
	Source *Source
	Counts
	Rows     map[string][]Row // kept rows by outcome
	Donors   []NewDonor       // the new donors: the first KeepMore, in the order met
	Earmarks []Earmark        // the children the purposes name, in the order met
	// Before are the earlier imports of this very file.
	Before []data.StatementImport

	// classifier read the database at mark (data.Store.WriteMark): an
	// import into the database still at mark uses it again rather than
	// reading every recorded donation and donor a second time.
	classifier *classifier
	mark       string
	// verdicts are what the classifier decided for each row, in order,
	// with the decisions' ChildID they were made under.
	verdicts []verdict
	childID  string
}

// Shown reports how many rows of an outcome the plan kept to show.
func (p *Plan) Shown(outcome string) int { return len(p.Rows[outcome]) }

// Decisions are what the person chose on the preview.
type Decisions struct {
	// ChildID earmarks every donation for one child.
	ChildID string
	// Earmarks accepts the proposals for these children (AllEarmarks: all).
	Earmarks    map[string]bool
	AllEarmarks bool
	// Similar imports these similar rows anyway, by line (AllSimilar: all).
	Similar    map[int]bool
	AllSimilar bool
	// LeaveUnnamed leaves out these rows that name no payer, by line
	// (NoUnnamed: all of them).
	LeaveUnnamed map[int]bool
	NoUnnamed    bool
}

func (d Decisions) earmark(r Row) string {
	switch {
	case d.ChildID != "":
		return d.ChildID
	case r.Proposed != "" && (d.AllEarmarks || d.Earmarks[r.Proposed]):
		return r.Proposed
	}
	return ""
}

// ImportsUnnamed reports whether the row on line, which names no payer, is
// imported (as a donation of an unknown donor).
func (d Decisions) ImportsUnnamed(line int) bool { return !d.NoUnnamed && !d.LeaveUnnamed[line] }

// ImportsSimilar reports whether the similar row on line is imported.
func (d Decisions) ImportsSimilar(line int) bool { return d.AllSimilar || d.Similar[line] }

// Progress is told how many of a statement's rows are done.
type Progress func(done, total int)

// hashKey is a compact key for the maps a million rows go through.
type hashKey [16]byte

func keyOf(parts ...string) hashKey {
	h := fnv.New128a()
	for _, p := range parts {
		io.WriteString(h, p)
		h.Write([]byte{0x1f})
	}
	var k hashKey
	copy(k[:], h.Sum(nil))
	return k
}

// refKey is what a donation's reference (or, without one, its purpose) is
// compared by.
func refKey(reference, purpose string) string {
	if r := data.Fold(reference); r != "" {
		return "r:" + r
	}
	return "p:" + data.Fold(purpose)
}

func exactKey(day data.Date, m money.Money, payer, ref string) hashKey {
	return keyOf(day.String(), fmt.Sprint(m.Minor), m.Currency, payer, ref)
}

func dayKey(day data.Date, m money.Money) hashKey {
	return keyOf(day.String(), fmt.Sprint(m.Minor), m.Currency)
}

// sameDayRec is a recorded donation as a statement row is compared with it
// when day and amount agree: the payer (data.NameKey, "" when none is named;
// one string shared by all of a payer's donations) and the bank's
// reference (a hash of it folded, 0 when none).
type sameDayRec struct {
	payer string
	ref   uint64
}

// refHash is a folded bank reference as sameDayRec keeps it.
func refHash(reference string) uint64 { return foldedHash(data.Fold(reference)) }

// foldedHash is refHash of a reference already folded.
func foldedHash(f string) uint64 {
	if f == "" {
		return 0
	}
	h := fnv.New64a()
	h.Write([]byte(f))
	return h.Sum64() | 1
}

// like reports whether a row of that payer and reference may be this
// recorded donation again, for a person to decide: the same payer (or
// either names none) and no differing reference. Another named payer, or
// another reference, is another donation.
func (r sameDayRec) like(payer string, ref uint64) bool {
	if r.ref != 0 && ref != 0 && r.ref != ref {
		return false
	}
	return r.payer == "" || payer == "" || samePayer(r.payer, payer)
}

// forget removes one recorded donation of that payer and reference.
func forget(recs []sameDayRec, rec sameDayRec) []sameDayRec {
	for i, r := range recs {
		if r == rec || r.payer == rec.payer {
			return append(recs[:i:i], recs[i+1:]...)
		}
	}
	if len(recs) > 0 {
		return recs[1:]
	}
	return recs
}

// samePayer reports whether two payer keys (data.NameKey) may name the same
// payer: the same legal form where both have one, and each word of the
// shorter name the start of a word of the longer ("Омарова С." is
// "Омарова Сауле Маратовна"; "Ахметов Ержан" is not).
func samePayer(a, b string) bool {
	if a == b {
		return true
	}
	fa, wa, _ := strings.Cut(a, "|")
	fb, wb, _ := strings.Cut(b, "|")
	if fa != "" && fb != "" && fa != fb {
		return false
	}
	x, y := strings.Fields(wa), strings.Fields(wb)
	return len(x) > 0 && len(y) > 0 && (wordsStart(x, y) || wordsStart(y, x))
}

// wordsStart reports whether each word of x starts a different word of y.
func wordsStart(x, y []string) bool {
	if len(x) > len(y) {
		return false
	}
	used := make([]bool, len(y))
	for _, w := range x {
		found := false
		for i, v := range y {
			if !used[i] && strings.HasPrefix(v, w) {
				used[i], found = true, true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

type donorRef struct{ id, name string }

// newDonor is a donor an import makes, once, for all its rows.
type newDonor struct {
	NewDonor
	id string // once written
	n  int32  // its place among the import's new donors (classifier.newOrder)
}

// classifier decides each row against the database as it was when made.
type classifier struct {
	s   *data.Store
	ctx context.Context
	// look reads the donations recorded on a row's day of its amount, the
	// first time a row names them (a repeat is of the same day and amount),
	// and the donor of a payer's tax number or name: what classifying reads
	// and holds grows with the statement, not the foundation.
	look *data.Lookups
	// from, to: the period the statement says it covers. The first time a
	// row falls in it, the day and amount of each donation recorded in it
	// are read from the same-day index alone (when they are at most most),
	// and kept as a sorted filter of their hashes (8 bytes each): a row
	// whose day and amount are not in it has nothing to look up.
	from, to data.Date
	most     int
	filtered bool
	filter   []uint64
	// unnamed: a credit that names no payer is a donation of an unknown
	// donor (MT940, whose :86: may be free text), not a rejected row.
	unnamed  bool
	recorded map[hashKey]int32        // donations recorded, as a multiset
	sameDay  map[hashKey][]sameDayRec // donations recorded, by day and amount (a key once read)
	payers   map[string]string        // each payer key once, for sameDay
	byTax    map[string]donorRef      // recorded donors looked up (id "": none)
	byName   map[string]donorRef      // by name key
	// allDonors: every recorded donor was read into byTax and byName at
	// once (a foundation with fewer donors than the statement has rows).
	allDonors bool
	newTax    map[string]*newDonor
	newName   map[hashKey]*newDonor
	newOrder  []*newDonor
	kids      *childIndex
	// A statement repeats its payers and purposes: each is folded (and a
	// purpose searched for a child) once.
	payerKeys, refKeys, earmarks memo
	// undo: what classifying took from recorded and sameDay, given back by
	// reset so that the same classifier reads the statement again.
	undo []taken
	// ids are the donors and children verdicts name, each once (see verdict).
	ids  []string
	idOf map[string]int32
}

// verdict is what classifying a row decided, in 12 bytes: a plan keeps
// one for each row of its statement, and the import of what was previewed
// takes them rather than classifying every row a second time.
type verdict struct {
	outcome  uint8 // its index in Outcomes
	unnamed  bool
	donor    int32 // > 0: the recorded donor ids[donor-1]; < 0: the new donor newOrder[-donor-1]
	proposed int32 // > 0: the child ids[proposed-1]
}

func (c *classifier) id(s string) int32 {
	if s == "" {
		return 0
	}
	if n, ok := c.idOf[s]; ok {
		return n
	}
	c.ids = append(c.ids, s)
	n := int32(len(c.ids))
	c.idOf[s] = n
	return n
}

func (c *classifier) verdictOf(r Row, nd *newDonor) verdict {
	v := verdict{unnamed: r.Unnamed, donor: c.id(r.DonorID), proposed: c.id(r.Proposed)}
	for i, o := range Outcomes {
		if o == r.Outcome {
			v.outcome = uint8(i)
		}
	}
	if nd != nil {
		v.donor = -(nd.n + 1)
	}
	return v
}

// row is the Row and new donor a verdict stands for.
func (c *classifier) row(e Entry, v verdict) (Row, *newDonor) {
	r := Row{Entry: e, Outcome: Outcomes[v.outcome], Unnamed: v.unnamed}
	var nd *newDonor
	switch {
	case v.donor > 0:
		r.DonorID = c.ids[v.donor-1]
	case v.donor < 0:
		nd = c.newOrder[-v.donor-1]
		r.NewDonor, r.DonorName = true, nd.Name
	}
	if v.proposed > 0 {
		r.Proposed = c.ids[v.proposed-1]
	}
	return r, nd
}

// taken is one duplicate met: the recorded donation it used up, and its
// day's donations as they were (forget never changes a slice in place).
type taken struct {
	exact, day hashKey
	sameDay    []sameDayRec
}

// reset makes the classifier as it was built from the database: the
// recorded donations the statement's duplicates used up given back, no new
// donor met yet.
func (c *classifier) reset() {
	for i := len(c.undo) - 1; i >= 0; i-- {
		t := c.undo[i]
		c.recorded[t.exact]++
		c.sameDay[t.day] = t.sameDay
	}
	c.undo = c.undo[:0]
	c.newTax, c.newName, c.newOrder = map[string]*newDonor{}, map[hashKey]*newDonor{}, nil
}

// memo remembers a function's results for the strings met most, up to a
// bound (a million different payers must not fill the memory).
type memo map[string]string

func (m *memo) get(s string, f func(string) string) string {
	if v, ok := (*m)[s]; ok {
		return v
	}
	v := f(s)
	if *m == nil || len(*m) >= 1<<16 {
		*m = memo{}
	}
	(*m)[s] = v
	return v
}

// classifiersBuilt counts the classifiers read from a database (tests:
// a previewed import reads it once).
var classifiersBuilt atomic.Int64

// donationsRead counts the recorded donations classifiers read (tests: an
// import reads those of its rows' days and amounts alone).
var donationsRead atomic.Int64

// sameDayLookups counts the lookups of a day and amount (tests: a period's
// filter spares those with nothing recorded).
var sameDayLookups atomic.Int64

// donorsRead counts the recorded donors classifiers read (tests: an
// import reads its payers' alone).
var donorsRead atomic.Int64

// rowsClassified counts the rows classified (tests: a previewed import
// classifies each row once, in its preview).
var rowsClassified atomic.Int64

func newClassifier(ctx context.Context, s *data.Store) (*classifier, error) {
	classifiersBuilt.Add(1)
	c := &classifier{s: s, ctx: ctx, look: s.Lookups(), idOf: map[string]int32{}, recorded: map[hashKey]int32{}, sameDay: map[hashKey][]sameDayRec{}, payers: map[string]string{},
		byTax: map[string]donorRef{}, byName: map[string]donorRef{}, newTax: map[string]*newDonor{}, newName: map[hashKey]*newDonor{}}
	c.kids = newChildIndex()
	if err := s.EachChildName(ctx, c.kids.add); err != nil {
		return nil, err
	}
	return c, nil
}

// recordedDonor is the recorded donor of a tax number or a name key
// (looked up by look), asked of the database once per statement.
func (c *classifier) recordedDonor(m map[string]donorRef, k string, look func(context.Context, string) (data.DonorKey, bool, error)) (donorRef, error) {
	if ref, ok := m[k]; ok || c.allDonors {
		return ref, nil
	}
	d, found, err := look(c.ctx, k)
	if err != nil {
		return donorRef{}, err
	}
	var ref donorRef
	if found {
		donorsRead.Add(1)
		ref = donorRef{d.ID, d.Name}
	}
	m[k] = ref
	return ref, nil
}

// expect notes the period the statement says it covers (see from, to).
// Its filter is kept to 8 bytes for each of up to eight donations a row;
// past that the rows are looked up without one. Either way what is read
// and held grows with the statement, not the foundation.
func (c *classifier) expect(src *Source) {
	f := src.Facts
	from, to := f.From, f.To
	for _, p := range f.Periods {
		if from.IsZero() || p.From.Before(from) {
			from = p.From
		}
		if to.IsZero() || to.Before(p.To) {
			to = p.To
		}
	}
	if from.IsZero() || to.IsZero() || to.Before(from) {
		return
	}
	c.from, c.to, c.most = from, to, src.Rows*8
}

// readDonors reads every recorded donor at once when they are no more than
// the statement's rows: up to two lookups a row would cost more. The
// oldest donor of a tax number or name is the one a payer is matched to.
func (c *classifier) readDonors(rows int) error {
	n, err := c.s.CountDonors(c.ctx, rows+1)
	if err != nil || n > rows {
		return err
	}
	err = c.s.EachDonor(c.ctx, func(d data.DonorKey) error {
		donorsRead.Add(1)
		ref := donorRef{d.ID, d.Name}
		if _, seen := c.byTax[d.TaxID]; !seen && d.TaxID != "" {
			c.byTax[d.TaxID] = ref
		}
		k := c.payerKeys.get(d.Name, data.NameKey)
		if _, seen := c.byName[k]; !seen {
			c.byName[k] = ref
		}
		return nil
	})
	c.allDonors = err == nil
	return err
}

// readDay adds the donations recorded on a row's day of its amount to what
// rows are told from, the first time a row names them. An import reads
// them beside its transaction (data.Beside), as they were before it: its
// own rows are never taken for recorded ones.
func (c *classifier) readDay(day data.Date, m money.Money, k hashKey) error {
	inPeriod := !c.from.IsZero() && !day.Before(c.from) && !c.to.Before(day)
	if inPeriod && !c.filtered {
		c.filtered = true
		var keys []uint64
		read, err := c.s.SameDayKeysIn(c.ctx, c.from, c.to, c.most, func(day data.Date, m money.Money) error {
			keys = append(keys, filterKey(dayKey(day, m)))
			return nil
		})
		if err != nil {
			return err
		}
		if read {
			slices.Sort(keys)
			c.filter = keys
		}
	}
	if inPeriod && c.filter != nil {
		if _, found := slices.BinarySearch(c.filter, filterKey(k)); !found {
			return nil // nothing recorded of that day and amount (the filter never changes)
		}
	}
	if _, read := c.sameDay[k]; read {
		return nil
	}
	c.sameDay[k] = nil
	sameDayLookups.Add(1)
	return c.look.SameDay(c.ctx, day, m, c.add)
}

// filterKey is a day and amount's key as the period's filter keeps it.
func filterKey(k hashKey) uint64 { return binary.LittleEndian.Uint64(k[:8]) }

// add is one recorded donation, for the rows of its day to be told from.
func (c *classifier) add(r data.RecordedDonation) error {
	donationsRead.Add(1)
	payer := r.Payer
	if payer == "" {
		payer = r.DonorName
	}
	// A donor's name comes back on many donations: folded once.
	pk := c.payerKeys.get(payer, data.NameKey)
	fr := data.Fold(r.Reference)
	rk := "r:" + fr
	if fr == "" {
		rk = c.refKeys.get(r.Purpose, func(p string) string { return refKey("", p) })
	}
	c.recorded[exactKey(r.ReceivedOn, r.Amount, pk, rk)]++
	if strings.TrimSpace(payer) == "" {
		pk = ""
	} else if shared, ok := c.payers[pk]; ok {
		pk = shared
	} else {
		c.payers[pk] = pk
	}
	day := dayKey(r.ReceivedOn, r.Amount)
	c.sameDay[day] = append(c.sameDay[day], sameDayRec{payer: pk, ref: foldedHash(fr)})
	return nil
}

// classify decides what the import does with one row.
func (c *classifier) classify(e Entry, dec Decisions) (Row, *newDonor, error) {
	rowsClassified.Add(1)
	r := Row{Entry: e}
	reject := func(p *Problem) (Row, *newDonor, error) {
		r.Outcome, r.Problem = Rejected, p
		return r, nil, nil
	}
	switch {
	case e.Out || e.Reversal:
		r.Outcome = Outgoing
		return r, nil, nil
	case e.Problem != nil:
		return reject(e.Problem)
	}
	payer := strings.TrimSpace(e.Payer)
	tax := data.TaxDigits(e.TaxID)
	switch {
	case payer == "" && (!c.unnamed || strings.TrimSpace(e.Purpose) == ""):
		return reject(&Problem{Code: ProblemNoPayer})
	case payer == "":
		r.Unnamed = true
	case damaged(payer):
		return reject(&Problem{Code: ProblemDamagedName, Value: payer})
	case tax != "" && (len(tax) < 9 || len(tax) > 14 || strings.Trim(tax, "0123456789") != ""):
		return reject(&Problem{Code: ProblemBadTaxID, Value: e.TaxID})
	}
	// The donation as it would be recorded: checked as a form checks it.
	d := data.Donation{ReceivedOn: e.Date, Amount: e.Amount, Method: data.MethodBank,
		BankReference: e.Reference, Payer: payer, Purpose: e.Purpose}
	if err := c.s.Donations.Validate(&d); err != nil {
		fes := data.FieldErrors(err)
		value := ""
		if len(fes) > 0 {
			switch fes[0].Field {
			case "payer":
				value = payer
			case "purpose":
				value = e.Purpose
			case "bank_reference":
				value = e.Reference
			}
		}
		return reject(&Problem{Code: ProblemBadText, Value: value})
	}

	pk := c.payerKeys.get(payer, data.NameKey)
	day := dayKey(e.Date, e.Amount)
	rk := refKey(e.Reference, "")
	if e.Reference == "" {
		rk = c.refKeys.get(e.Purpose, func(p string) string { return refKey("", p) })
	}
	ref := refHash(e.Reference)
	if err := c.readDay(e.Date, e.Amount, day); err != nil {
		return r, nil, err
	}
	if k := exactKey(e.Date, e.Amount, pk, rk); c.recorded[k] > 0 {
		c.undo = append(c.undo, taken{exact: k, day: day, sameDay: c.sameDay[day]})
		c.recorded[k]--
		c.sameDay[day] = forget(c.sameDay[day], sameDayRec{payer: pk, ref: ref})
		r.Outcome = Duplicate
		return r, nil, nil
	}
	r.Outcome = New
	for _, rec := range c.sameDay[day] {
		if rec.like(pk, ref) {
			r.Outcome = Similar
			break
		}
	}

	if r.Unnamed { // no donor to find or make: matched later, by hand
		if dec.ChildID == "" {
			r.Proposed = c.earmarks.get(e.Purpose, c.kids.match)
		}
		return r, nil, nil
	}
	// The donor: by tax number, then by name; else a new one (once).
	// An import looks them up beside its transaction, as they were before
	// it: its own donors are found as new.
	var nd *newDonor
	nameKey := keyOf(pk)
	var known donorRef
	var err error
	if tax != "" {
		if known, err = c.recordedDonor(c.byTax, tax, c.look.DonorByTax); err != nil {
			return r, nil, err
		}
	}
	if known.id == "" {
		if known, err = c.recordedDonor(c.byName, pk, c.look.DonorByName); err != nil {
			return r, nil, err
		}
	}
	switch {
	case known.id != "":
		r.DonorID, r.DonorName = known.id, known.name
	default:
		if tax != "" {
			nd = c.newTax[tax]
		}
		if nd == nil {
			nd = c.newName[nameKey]
		}
		if nd == nil {
			nd = &newDonor{NewDonor: NewDonor{Name: payer, TaxID: tax, Organisation: Organisation(payer), Line: e.Line}, n: int32(len(c.newOrder))}
			c.newOrder = append(c.newOrder, nd)
			if tax != "" {
				c.newTax[tax] = nd
			}
			c.newName[nameKey] = nd
		}
		nd.Rows++
		r.NewDonor, r.DonorName = true, nd.Name
	}
	if dec.ChildID == "" {
		r.Proposed = c.earmarks.get(e.Purpose, c.kids.match)
	}
	return r, nd, nil
}

// Prepare reads the statement against the database and says what an
// import would do. It changes nothing.
func Prepare(ctx context.Context, s *data.Store, src *Source, dec Decisions, progress Progress) (*Plan, error) {
	mark, err := s.WriteMark(ctx)
	if err != nil {
		return nil, err
	}
	c, err := newClassifier(ctx, s)
	if err != nil {
		return nil, err
	}
	defer c.look.Close()
	c.unnamed = src.Format == FormatMT940
	if err := c.readDonors(src.Rows); err != nil {
		return nil, err
	}
	c.expect(src)
	b := newPlanBuilder(src)
	if b.p.Before, err = s.StatementImported(ctx, src.SHA256); err != nil {
		return nil, err
	}
	verdicts := make([]verdict, 0, src.Rows)
	done := 0
	// The statement is read a few rows ahead of their classification.
	err = src.eachAhead(ctx, func(e Entry) error {
		r, nd, err := c.classify(e, dec)
		if err != nil {
			return err
		}
		verdicts = append(verdicts, c.verdictOf(r, nd))
		b.add(r)
		if done++; progress != nil && done%2000 == 0 {
			progress(done, src.Rows)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if progress != nil {
		progress(done, src.Rows)
	}
	p := b.p
	if err := b.finish(ctx, s, c); err != nil {
		return nil, err
	}
	// Kept for the import only if nothing was written while it was built
	// (its reads are not one snapshot).
	if after, err := s.WriteMark(ctx); err == nil && after == mark && mark != "" {
		p.classifier, p.mark = c, mark
		p.verdicts, p.childID = verdicts, dec.ChildID
	}
	return p, nil
}

// planBuilder makes a Plan of rows as they are classified.
type planBuilder struct {
	p        *Plan
	earmarks map[string]*Earmark
	order    []string // of earmarks
}

func newPlanBuilder(src *Source) *planBuilder {
	return &planBuilder{p: &Plan{Source: src, Rows: map[string][]Row{}}, earmarks: map[string]*Earmark{}}
}

// add counts a classified row, and keeps it to show if there are not
// already enough of its outcome.
func (b *planBuilder) add(r Row) {
	p := b.p
	p.Counts.add(r.Outcome)
	limit := Keep
	if r.Outcome == Rejected || r.Outcome == Similar {
		limit = KeepMore
	}
	if len(p.Rows[r.Outcome]) < limit {
		p.Rows[r.Outcome] = append(p.Rows[r.Outcome], r)
	}
	if (r.Outcome == New || r.Outcome == Similar) && r.Proposed != "" {
		m := b.earmarks[r.Proposed]
		if m == nil {
			m = &Earmark{ChildID: r.Proposed, Sums: map[string]int64{}}
			b.earmarks[r.Proposed] = m
			b.order = append(b.order, r.Proposed)
		}
		m.Rows++
		m.Sums[r.Amount.Currency] += r.Amount.Minor
		if len(m.Lines) < 20 {
			m.Lines = append(m.Lines, r.Line)
		}
	}
}

// finish adds what the rows alone do not say: the new donors c met, the
// children earmarked and what similar rows resemble, read with ctx.
func (b *planBuilder) finish(ctx context.Context, s *data.Store, c *classifier) error {
	p := b.p
	for _, nd := range c.newOrder {
		p.Counts.NewDonors++
		if len(p.Donors) < KeepMore {
			p.Donors = append(p.Donors, nd.NewDonor)
		}
	}
	for _, id := range b.order {
		m := b.earmarks[id]
		if kid, err := s.Children.Get(ctx, id); err == nil {
			m.Case, m.Name = kid.CaseNumber, kid.FullName()
		}
		p.Earmarks = append(p.Earmarks, *m)
		p.Counts.Earmarked += m.Rows
	}
	for i := range p.Rows[Similar] {
		r := &p.Rows[Similar][i]
		var err error
		if r.Like, err = s.DonationsOn(ctx, r.Date, r.Amount); err != nil {
			return err
		}
	}
	return nil
}

// importItem is a row of a statement ready to write: its new donor, on the
// donor's first row, and its donation, both checked and given their ids.
type importItem struct {
	donor *data.Donor
	d     data.Donation
	line  int
}

// Result is what an import did.
type Result struct {
	Counts
	Imported    int // donations recorded (new rows, and similar ones chosen)
	SimilarLeft int // similar rows left out
	UnnamedLeft int // rows naming no payer, left out
	Unnamed     int // donations of an unknown donor recorded
}

// ErrChanged: the statement file is not the one previewed.
var ErrChanged = errors.New("the statement file changed since it was previewed: open it again")

// Import records what Prepare showed, as the person decided, in one
// transaction: all of it, or (on any error, or when cancelled) nothing. It
// reads the rows again against the database as it is now, so that a
// donation recorded meanwhile is not doubled.
func Import(ctx context.Context, s *data.Store, src *Source, dec Decisions, progress Progress) (*Result, error) {
	return ImportPlanned(ctx, s, &Plan{Source: src}, dec, progress)
}

// ImportOnce is Prepare and Import in one pass, for decisions made before
// the statement is read (the command line's): each row is read, decided
// and written once. The plan it returns is what Prepare would have said
// of the database as it was before the import.
func ImportOnce(ctx context.Context, s *data.Store, src *Source, dec Decisions, progress Progress) (*Plan, *Result, error) {
	b := newPlanBuilder(src)
	var err error
	if b.p.Before, err = s.StatementImported(ctx, src.SHA256); err != nil {
		return nil, nil, err
	}
	res, err := importPlanned(ctx, s, &Plan{Source: src}, dec, progress, b)
	if err != nil {
		return nil, nil, err
	}
	return b.p, res, nil
}

// ImportPlanned is Import of what a Plan previewed: when nothing was
// written to the database since the preview read it, the rows are read
// against what the preview read (recorded donations, donors, children),
// not read from the database a second time.
func ImportPlanned(ctx context.Context, s *data.Store, p *Plan, dec Decisions, progress Progress) (*Result, error) {
	return importPlanned(ctx, s, p, dec, progress, nil)
}

// importPlanned is ImportPlanned, telling b (if not nil) each row as it
// is decided.
func importPlanned(ctx context.Context, s *data.Store, p *Plan, dec Decisions, progress Progress, b *planBuilder) (*Result, error) {
	src := p.Source
	if sha, err := fileSHA(src.Path); err != nil {
		return nil, &FileError{Code: "unreadable", Path: src.Path, Err: err}
	} else if sha != src.SHA256 {
		return nil, ErrChanged
	}
	res := &Result{}
	si := &data.StatementImport{SHA256: src.SHA256, FileName: src.Name(), Format: src.Format, RowsRead: src.Rows}
	err := s.ImportDonations(ctx, si, func(ctx context.Context, w *data.ImportWriter) error {
		// The rows are decided against the database as it was before this
		// import wrote anything: read beside its transaction (which keeps
		// everyone else from writing meanwhile), on the goroutine that
		// reads the statement, while this one writes.
		beside := data.Beside(ctx)
		var c *classifier
		var verdicts []verdict
		if mark, err := s.WriteMark(ctx); err != nil {
			return err
		} else if p.classifier != nil && mark == p.mark {
			c = p.classifier
			if p.verdicts != nil && (p.childID == "" || p.childID == dec.ChildID) {
				// The rows as the preview decided them; a new donor is
				// written afresh by each attempt.
				verdicts = p.verdicts
				for _, nd := range c.newOrder {
					nd.id = ""
				}
			} else {
				c.reset()
			}
		} else if c, err = newClassifier(beside, s); err != nil {
			return err
		} else {
			// Each payer's donor is looked up as its row is decided, on
			// the goroutine that reads, not every donor read first (as a
			// preview does): the writing would wait for that.
			c.expect(src)
		}
		c.ctx = beside
		defer c.look.Close()
		c.unnamed = src.Format == FormatMT940
		// ready makes a row ready to write: its new donor (on the donor's
		// first row) and its donation, both checked; nil: not imported.
		ready := func(e Entry, r Row, nd *newDonor) (*importItem, error) {
			res.Counts.add(r.Outcome)
			switch {
			case r.Outcome == Similar && !dec.ImportsSimilar(r.Line):
				res.SimilarLeft++
				return nil, nil
			case r.Unnamed && !dec.ImportsUnnamed(r.Line):
				res.UnnamedLeft++
				return nil, nil
			case r.Outcome != New && r.Outcome != Similar:
				return nil, nil
			}
			it := &importItem{line: e.Line}
			if nd != nil && nd.id == "" {
				kind := data.DonorPerson
				if nd.Organisation {
					kind = data.DonorOrganization
				}
				it.donor = &data.Donor{Kind: kind, DisplayName: nd.Name, TaxID: nd.TaxID}
				if err := w.CheckDonor(it.donor); err != nil {
					return nil, fmt.Errorf("line %d: %w", e.Line, err)
				}
				nd.id = it.donor.ID
				res.NewDonors++
			}
			it.d = data.Donation{ReceivedOn: e.Date, Amount: e.Amount, Method: data.MethodBank,
				BankReference: e.Reference, Payer: strings.TrimSpace(e.Payer), Purpose: e.Purpose, DonorID: r.DonorID, Note: e.Codes}
			if nd != nil {
				it.d.DonorID = nd.id
			}
			if it.d.ChildID = dec.earmark(r); it.d.ChildID != "" {
				res.Earmarked++
			}
			if err := w.CheckDonation(&it.d, e.Line); err != nil {
				return nil, err // it names its line
			}
			res.Imported++
			if r.Unnamed {
				res.Unnamed++
			}
			return it, nil
		}
		write := func(it *importItem) error {
			if it.donor != nil {
				if err := w.WriteDonor(it.donor); err != nil {
					return fmt.Errorf("line %d: %w", it.line, err)
				}
			}
			return w.WriteDonation(&it.d, it.line) // it names its line
		}
		done := 0
		// The statement is read, and its rows decided and made ready, on a
		// goroutine of its own, while this one writes the rows made ready
		// before.
		err := ahead.Run(ctx, func(ctx context.Context, emit func(importItem) error) error {
			c.ctx = data.Beside(ctx) // ends when the writing fails
			return src.Each(ctx, func(e Entry) error {
				if done++; progress != nil && done%2000 == 0 {
					progress(done, src.Rows)
				}
				var r Row
				var nd *newDonor
				if verdicts != nil {
					if done > len(verdicts) {
						return ErrChanged
					}
					r, nd = c.row(e, verdicts[done-1])
				} else {
					var err error
					if r, nd, err = c.classify(e, dec); err != nil {
						return err
					}
				}
				if b != nil {
					b.add(r)
				}
				it, err := ready(e, r, nd)
				if it == nil || err != nil {
					return err
				}
				return emit(*it)
			})
		}, write)
		if err != nil || b == nil {
			return err
		}
		return b.finish(beside, s, c)
	})
	if err != nil {
		return nil, err
	}
	if progress != nil {
		progress(src.Rows, src.Rows)
	}
	return res, nil
}

func fileSHA(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
