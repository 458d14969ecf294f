package bank

import (
	"context"
	"encoding/json"

	"carebook/data"
)

// A remembered layout is kept in the store as the JSON of its Mapping, under
// the signature of the header it was made for. These are the only places
// that write or read that JSON.

// Remembering finds the layout remembered for a header's signature, for
// Options.Layouts: nil when there is none or it cannot be read.
func Remembering(ctx context.Context, s *data.Store) func(sig string) *Remembered {
	return func(sig string) *Remembered {
		l, err := s.BankLayoutFor(ctx, sig)
		if err != nil || l == nil {
			return nil
		}
		m, ok := LayoutMapping(*l)
		if !ok {
			return nil
		}
		return &Remembered{Name: l.Name, Mapping: m}
	}
}

// Remember keeps the columns src was read with under name, for the next
// file with the same header; currency, when set, is the account's currency
// the person chose.
func Remember(ctx context.Context, s *data.Store, name string, src *Source, currency string) error {
	m := src.Mapping
	if currency != "" {
		m.AccountCurrency = currency
	}
	b, err := json.Marshal(m)
	if err != nil {
		return err
	}
	_, err = s.RememberBankLayout(ctx, name, src.Signature, string(b))
	return err
}

// LayoutMapping reads the columns of a remembered layout.
func LayoutMapping(l data.BankLayout) (Mapping, bool) {
	var m Mapping
	return m, json.Unmarshal([]byte(l.Mapping), &m) == nil
}
