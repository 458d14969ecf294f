package data

import (
	"context"
	"strings"
)

// Donor is a person or organisation that gives.
type Donor struct {
	Meta
	Kind        DonorKind
	DisplayName string
	Email       string
	Phone       string
	Address     string
	Language    Language
	Anonymous   bool // never printed in public reports
	Notes       string
	// TaxID is the donor's tax number as digits: Kazakhstan's IIN or BIN,
	// Russia's INN, Uzbekistan's STIR or PINFL. A bank statement's payer
	// is matched by it before any name.
	TaxID   string
	search  string
	nameKey string // NameKey(DisplayName): how a payer finds this donor
}

func (d *Donor) table() (string, string) { return "donors", "donor" }
func (d *Donor) order() string           { return "display_name COLLATE NOCASE, id" }
func (d *Donor) fields() []field {
	return []field{
		{name: "kind", ptr: &d.Kind},
		{name: "display_name", ptr: &d.DisplayName},
		{name: "email", ptr: &d.Email},
		{name: "phone", ptr: &d.Phone},
		{name: "address", ptr: &d.Address},
		{name: "language", ptr: &d.Language},
		{name: "anonymous", ptr: &d.Anonymous},
		{name: "notes", ptr: &d.Notes},
		{name: "tax_id", ptr: &d.TaxID},
		{name: "search", ptr: &d.search},
		{name: "name_key", ptr: &d.nameKey},
	}
}
func (d *Donor) prepare() {
	if d.Kind == "" {
		d.Kind = DonorPerson
	}
}
func (d *Donor) validate(Date) error {
	var fe fieldErrs
	checkEnum(&fe, "kind", d.Kind, true, AllDonorKinds)
	fe.checkText("display_name", &d.DisplayName, ruleLine, maxShort, true)
	fe.checkEmail("email", &d.Email)
	fe.checkPhones("phone", &d.Phone)
	fe.checkText("address", &d.Address, ruleLine, maxLine, false)
	checkEnum(&fe, "language", d.Language, false, AllLanguages)
	fe.checkText("notes", &d.Notes, ruleLong, maxLong, false)
	fe.checkTaxID("tax_id", &d.TaxID)
	d.search = searchText(d.DisplayName, d.Email, d.Phone, d.TaxID)
	d.nameKey = NameKey(d.DisplayName)
	return fe.err("donor")
}
func (d *Donor) summary() string { return string(d.Kind) }

// ListDonors returns live donors whose name, e-mail or phone holds every word
// of search (folded like children's search).
func (s *Store) ListDonors(ctx context.Context, search string) ([]Donor, error) {
	where := []string{"deleted_at IS NULL"}
	var args []any
	for _, w := range strings.Fields(Fold(search)) {
		where = append(where, "instr(search, ?) > 0")
		args = append(args, w)
	}
	return s.Donors.list(ctx, strings.Join(where, " AND "), "display_name COLLATE NOCASE, id", args...)
}

// CodeBadTaxID: a tax number that is not 9 to 14 digits.
const CodeBadTaxID = "bad_tax_id"

func init() {
	codeText[CodeBadTaxID] = "is not a tax number (9 to 14 digits: IIN/BIN, INN, STIR or PINFL)"
}

// TaxDigits keeps the digits of a tax number written with spaces or dashes
// ("870 412 300 123"); anything else leaves it as it was, to be refused.
func TaxDigits(s string) string {
	s = strings.TrimSpace(s)
	digits := strings.Map(func(r rune) rune {
		switch {
		case r >= '0' && r <= '9':
			return r
		case r == ' ' || r == '-' || r == '\u00a0':
			return -1
		}
		return 'x'
	}, s)
	if strings.Contains(digits, "x") {
		return s
	}
	return digits
}

// checkTaxID normalizes a tax number to its digits and checks its length.
func (fe *fieldErrs) checkTaxID(field string, p *string) {
	*p = TaxDigits(*p)
	if *p == "" {
		return
	}
	if n := len(*p); n < 9 || n > 14 || strings.Trim(*p, "0123456789") != "" {
		fe.add(field, CodeBadTaxID, "value", *p)
	}
}
