package data

import (
	"context"
	"errors"
	"testing"

	"carebook/money"
)

// A bulk write puts many donations in one statement; every one lands, the
// last ones too, and a row the database refuses is named by its line of
// the file, with nothing written.
func TestABulkWriteNamesTheLineTheDatabaseRefuses(t *testing.T) {
	s := newStore(t)
	donor := &Donor{DisplayName: "Dana Serik"}
	mustCreate(t, s.Donors.Create(ctx, donor))
	write := func(n, bad int) error {
		return s.WriteMany(ctx, func(ctx context.Context, w *ImportWriter) error {
			for i := range n {
				d := &Donation{DonorID: donor.ID, ReceivedOn: MustDate("2026-03-05"), Amount: money.M(int64(1000+i), "KZT"), Method: MethodBank}
				if i == bad {
					d.DonorID = NewID() // no such donor: only the database knows
				}
				if err := w.AddDonationOf(d, 100+i); err != nil {
					return err
				}
			}
			return nil
		})
	}
	count := func() int {
		var n int
		if err := s.db.QueryRow("SELECT count(*) FROM donations").Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if err := write(donationsAtOnce*2+5, -1); err != nil {
		t.Fatal(err)
	}
	if n := count(); n != donationsAtOnce*2+5 {
		t.Fatalf("%d donations written of %d", n, donationsAtOnce*2+5)
	}
	for _, bad := range []int{donationsAtOnce + 3, donationsAtOnce*2 + 2} { // in a full statement; among the last
		err := write(donationsAtOnce*2+5, bad)
		var re *RowError
		if !errors.As(err, &re) || re.Line != 100+bad {
			t.Errorf("row %d refused: %v, want its line %d named", bad, err, 100+bad)
		}
		if n := count(); n != donationsAtOnce*2+5 {
			t.Errorf("a refused write left %d donations, want %d", n, donationsAtOnce*2+5)
		}
	}
}
