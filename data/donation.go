package data

import (
	"context"
	"database/sql"

	"carebook/money"
)

// Donation is money (or goods) received.
type Donation struct {
	Meta
	DonorID       string // empty: cash box, donor unknown
	ReceivedOn    Date
	Amount        money.Money
	Method        Method
	ChildID       string // the child it is earmarked for; empty: the general fund
	Campaign      string
	BankReference string
	// Payer and Purpose are as the bank statement wrote them (empty for a
	// donation entered by hand): who paid, and the payment's purpose.
	Payer   string
	Purpose string
	// ThankedAt and LetterID are when it was thanked and the letter that
	// did: the first thank-you letter that names it, or, for one thanked
	// before letters named their donations alone (or thanked by phone),
	// what its own row says. A form never changes them.
	ThankedAt Timestamp
	LetterID  string
	Note      string
}

func (d *Donation) table() (string, string) { return "donations", "donation" }
func (d *Donation) order() string           { return "received_on, created_at" }
func (d *Donation) fields() []field {
	return []field{
		{name: "donor_id", ptr: null(&d.DonorID), ref: "donors"},
		{name: "received_on", ptr: &d.ReceivedOn},
		{name: "amount_minor", ptr: &d.Amount.Minor},
		{name: "currency", ptr: &d.Amount.Currency},
		{name: "method", ptr: &d.Method},
		{name: "child_id", ptr: null(&d.ChildID), ref: "children"},
		{name: "campaign", ptr: &d.Campaign},
		{name: "bank_reference", ptr: &d.BankReference},
		{name: "thanked_at", ptr: &d.ThankedAt, fixed: true, read: "coalesce(thanked_at, (SELECT l.created_at " + firstThanks + "))"},
		{name: "letter_id", ptr: null(&d.LetterID), ref: "letters", fixed: true, read: "coalesce(letter_id, (SELECT l.id " + firstThanks + "))"},
		{name: "note", ptr: &d.Note},
		{name: "payer", ptr: &d.Payer},
		{name: "purpose", ptr: &d.Purpose},
	}
}

// firstThanks finds, after SELECT, the first live thank-you letter that
// names the donation read.
const firstThanks = `FROM letter_donations ld JOIN letters l ON l.id = ld.letter_id
	WHERE ld.donation_id = donations.id AND l.kind = 'donation_thanks' AND l.deleted_at IS NULL
	ORDER BY l.created_at, l.id LIMIT 1`

func (d *Donation) prepare() {
	d.Amount.Currency = upperCode(d.Amount.Currency)
	if d.Method == "" {
		d.Method = MethodBank
	}
}
func (d *Donation) validate(today Date) error {
	var fe fieldErrs
	if fe.checkDate("received_on", d.ReceivedOn, true) && today.Before(d.ReceivedOn) {
		fe.add("received_on", CodeFutureDate)
	}
	fe.checkMoney("amount", d.Amount, false)
	checkEnum(&fe, "method", d.Method, true, AllMethods)
	fe.checkText("campaign", &d.Campaign, ruleLine, maxShort, false)
	fe.checkText("bank_reference", &d.BankReference, ruleLine, maxShort, false)
	fe.checkText("note", &d.Note, ruleLong, maxLong, false)
	fe.checkText("payer", &d.Payer, ruleLine, maxShort, false)
	fe.checkText("purpose", &d.Purpose, ruleLong, maxLine, false)
	return fe.err("donation")
}
func (d *Donation) summary() string { return d.Amount.Plain() }

// CountDonations counts the live donations earmarked for a child.
func (s *Store) CountDonations(ctx context.Context, childID string) (int, error) {
	var n int
	err := s.q(ctx).QueryRowContext(ctx, "SELECT count(*) FROM donations WHERE child_id=? AND deleted_at IS NULL", childID).Scan(&n)
	return n, err
}

// ListDonationsByDonor returns a donor's live donations, newest first.
func (s *Store) ListDonationsByDonor(ctx context.Context, donorID string) ([]Donation, error) {
	return s.Donations.list(ctx, "deleted_at IS NULL AND donor_id=?", "received_on DESC, created_at DESC", donorID)
}

// CodeLocked refuses a change to something a receipt has certified.
const CodeLocked = "locked"

func init() { codeText[CodeLocked] = "cannot change: a receipt was issued for it" }

// checkUpdate refuses to change the amount of a donation a receipt covers.
func (d *Donation) checkUpdate(ctx context.Context, tx *sql.Tx) error {
	var minor int64
	var cur string
	err := tx.QueryRowContext(ctx, `SELECT d.amount_minor, d.currency FROM donations d
		JOIN letter_donations ld ON ld.donation_id = d.id
		JOIN letters l ON l.id = ld.letter_id AND l.kind = 'receipt' AND l.deleted_at IS NULL
		WHERE d.id = ? LIMIT 1`, d.ID).Scan(&minor, &cur)
	if err == sql.ErrNoRows {
		return nil
	}
	if err != nil {
		return err
	}
	if minor != d.Amount.Minor || cur != d.Amount.Currency {
		return &ValidationError{Entity: "donation", Fields: []*FieldError{{Field: "amount", Code: CodeLocked}}}
	}
	return nil
}
