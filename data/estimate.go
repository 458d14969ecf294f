package data

import (
	"context"
	"fmt"
	"math/big"
	"strconv"
	"strings"

	"carebook/money"
)

// Estimate is a clinic's quote for a child's treatment. A newer version
// supersedes an older one; both stay.
type Estimate struct {
	Meta
	ChildID      string
	Provider     string
	Title        string
	Currency     string
	IssuedOn     Date
	ValidUntil   Date
	Status       EstimateStatus
	SupersedesID string // the older version this one replaces
	// Rate is the stated rate of Currency to the base currency (exact decimal
	// text); empty means the exchange-rate table on IssuedOn is used.
	Rate string
	// Covered is what other sources (the state, another charity) already pay,
	// in Currency's minor units; it is taken off the target.
	Covered int64
	Notes   string
}

func (e *Estimate) table() (string, string) { return "estimates", "estimate" }
func (e *Estimate) order() string           { return "issued_on, created_at" }
func (e *Estimate) fields() []field {
	return []field{
		{name: "child_id", ptr: &e.ChildID, ref: "children"},
		{name: "provider", ptr: &e.Provider},
		{name: "title", ptr: &e.Title},
		{name: "currency", ptr: &e.Currency},
		{name: "issued_on", ptr: &e.IssuedOn},
		{name: "valid_until", ptr: &e.ValidUntil},
		{name: "status", ptr: &e.Status},
		{name: "supersedes_id", ptr: null(&e.SupersedesID), ref: "estimates"},
		{name: "rate", ptr: &e.Rate},
		{name: "covered_minor", ptr: &e.Covered},
		{name: "notes", ptr: &e.Notes},
	}
}
func (e *Estimate) prepare() {
	e.Currency = strings.ToUpper(strings.TrimSpace(e.Currency))
	e.Rate = money.NormalizeRate(e.Rate)
	if e.Status == "" {
		e.Status = EstimateDraft
	}
}
func (e *Estimate) validate(Date) error {
	var fe fieldErrs
	if e.ChildID == "" {
		fe.add("child_id", CodeRequired)
	}
	fe.checkText("provider", &e.Provider, ruleLine, maxShort, true)
	fe.checkText("title", &e.Title, ruleLine, maxShort, false)
	fe.checkMoney("covered", money.M(e.Covered, e.Currency), true)
	fe.checkDate("issued_on", e.IssuedOn, true)
	fe.checkDate("valid_until", e.ValidUntil, false)
	fe.checkDateOrder("valid_until", e.ValidUntil, "issued_on", e.IssuedOn)
	checkEnum(&fe, "status", e.Status, true, AllEstimateStatuses)
	if e.Rate != "" && !money.ValidRate(e.Rate) {
		fe.add("rate", CodeBadRate)
	}
	fe.checkText("notes", &e.Notes, ruleLong, maxLong, false)
	return fe.err("estimate")
}
func (e *Estimate) summary() string { return e.Provider + " " + e.Currency }

// LineItem is one line of an estimate. Quantity is in thousandths (1.5 days
// is 1500) so that it stays exact; the line total is computed, never typed.
type LineItem struct {
	Meta
	EstimateID    string
	Position      int
	Description   string
	QuantityMilli int64
	UnitPrice     int64 // minor units of the estimate's currency
}

// Total is quantity × unit price in minor units, rounded half away from zero.
func (li *LineItem) Total() (int64, bool) {
	t := new(big.Int).Mul(big.NewInt(li.QuantityMilli), big.NewInt(li.UnitPrice))
	t.Add(t, big.NewInt(500))
	t.Quo(t, big.NewInt(1000))
	if !t.IsInt64() {
		return 0, false
	}
	return t.Int64(), true
}

func (li *LineItem) table() (string, string) { return "line_items", "line item" }
func (li *LineItem) order() string           { return "position, created_at" }
func (li *LineItem) fields() []field {
	return []field{
		{name: "estimate_id", ptr: &li.EstimateID, ref: "estimates"},
		{name: "position", ptr: &li.Position},
		{name: "description", ptr: &li.Description},
		{name: "quantity_milli", ptr: &li.QuantityMilli},
		{name: "unit_price_minor", ptr: &li.UnitPrice},
	}
}
func (li *LineItem) prepare() {}
func (li *LineItem) validate(Date) error {
	var fe fieldErrs
	if li.EstimateID == "" {
		fe.add("estimate_id", CodeRequired)
	}
	fe.checkText("description", &li.Description, ruleLine, maxLine, true)
	switch {
	case li.QuantityMilli < 0:
		fe.add("quantity", CodeNegative)
	case li.QuantityMilli == 0:
		fe.add("quantity", CodeZero)
	case li.QuantityMilli > 1_000_000_000:
		fe.add("quantity", CodeOverflow, "max", "1 000 000")
	}
	if li.UnitPrice < 0 {
		fe.add("unit_price", CodeNegative)
	} else if t, ok := li.Total(); !ok || t > money.MaxMajor*1000 {
		fe.add("unit_price", CodeOverflow, "max", money.MaxMajor)
	}
	return fe.err("line item")
}
func (li *LineItem) summary() string { return li.Description }

// ParseQuantity reads a quantity as people type it ("2", "1,5", "0.25") into
// thousandths; at most three decimals, more than zero.
func ParseQuantity(s string) (int64, error) {
	s = strings.TrimSpace(strings.ReplaceAll(s, ",", "."))
	bad := &FieldError{Field: "quantity", Code: CodeUnknownValue, Params: map[string]any{"value": s}}
	if s == "" {
		return 0, &FieldError{Field: "quantity", Code: CodeRequired}
	}
	r, ok := new(big.Rat).SetString(s)
	if !ok || strings.ContainsAny(s, "eE/") {
		return 0, bad
	}
	r.Mul(r, big.NewRat(1000, 1))
	if !r.IsInt() {
		return 0, bad
	}
	n := r.Num()
	if !n.IsInt64() || n.Int64() > 1_000_000_000 {
		return 0, &FieldError{Field: "quantity", Code: CodeOverflow, Params: map[string]any{"max": "1 000 000"}}
	}
	if n.Sign() <= 0 {
		return 0, &FieldError{Field: "quantity", Code: CodeZero}
	}
	return n.Int64(), nil
}

// FormatQuantity writes thousandths back as people read them: 1500 → "1,5" (ru) or "1.5".
func FormatQuantity(milli int64, lang string) string {
	s := strconv.FormatInt(milli/1000, 10)
	if f := milli % 1000; f != 0 {
		frac := strings.TrimRight(fmt.Sprintf("%03d", f), "0")
		sep := "."
		if baseLang(lang) != "en" {
			sep = ","
		}
		s += sep + frac
	}
	return s
}

// SaveEstimate writes an estimate and its line items in one transaction: on
// a new estimate it creates both; on an existing one it updates the estimate,
// updates or adds the given items and moves the items no longer there to the
// Trash. With newVersion, e is saved as a new estimate that supersedes the
// one it was copied from (e.SupersedesID), which becomes superseded.
func (s *Store) SaveEstimate(ctx context.Context, e *Estimate, items []LineItem, newVersion bool) error {
	saved := *e
	err := s.InTx(ctx, func(ctx context.Context) error {
		if newVersion {
			old, err := s.Estimates.Get(ctx, e.SupersedesID)
			if err != nil {
				return err
			}
			old.Status = EstimateSuperseded
			if err := s.Estimates.Update(ctx, old); err != nil {
				return err
			}
			e.Meta = Meta{}
			for i := range items {
				items[i].Meta = Meta{}
			}
		}
		if e.ID == "" {
			if err := s.Estimates.Create(ctx, e); err != nil {
				return err
			}
		} else if err := s.Estimates.Update(ctx, e); err != nil {
			return err
		}
		keep := map[string]bool{}
		for i := range items {
			li := &items[i]
			li.EstimateID, li.Position = e.ID, i+1
			var err error
			if li.ID == "" {
				err = s.LineItems.Create(ctx, li)
			} else {
				err = s.LineItems.Update(ctx, li)
			}
			if err != nil {
				return &LineError{Index: i, Err: err}
			}
			keep[li.ID] = true
		}
		old, err := s.LineItems.ListFor(ctx, "estimate_id", e.ID)
		if err != nil {
			return err
		}
		for _, li := range old {
			if !keep[li.ID] {
				if err := s.LineItems.Delete(ctx, li.ID); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		*e = saved
	}
	return err
}

// LineError says which line of an estimate is wrong (from 0).
type LineError struct {
	Index int
	Err   error
}

func (e *LineError) Error() string { return fmt.Sprintf("line %d: %v", e.Index+1, e.Err) }
func (e *LineError) Unwrap() error { return e.Err }
