package demo

import (
	"context"
	"fmt"
	"math/rand/v2"

	"carebook/data"
)

// many adds opt.Donations donations over the last three years: a pool of
// donors (one per five donations, in the three languages), about half
// earmarked for the cases that take donations and the rest to the general
// fund, with allocations from the fund and payments to clinics. They go
// through the store's bulk writer: a large foundation is built in seconds.
func (b *builder) many(opt Options, r *rand.Rand, cases []string) {
	if len(cases) == 0 {
		return
	}
	n := opt.Donations
	b.check(b.s.WriteMany(b.ctx, func(ctx context.Context, w *data.ImportWriter) error {
		donors := make([]string, 0, max(n/5, 1))
		for i := range cap(donors) {
			p := pick(r, nations)
			name := pick(r, p.surnames) + " " + pick(r, append(p.boys, p.girls...))
			d := &data.Donor{DisplayName: fmt.Sprintf("%s %c.", name, []rune("АБВГДЕЖЗИКЛМНОПРСТ")[i%18]), Language: p.lang,
				Anonymous: i%23 == 0, TaxID: fmt.Sprintf("%012d", 800101300000+i)}
			if i%7 == 0 {
				d.Kind, d.DisplayName = data.DonorOrganization, fmt.Sprintf("ТОО «%s %d»", pick(r, p.surnames), i)
			}
			if err := w.AddDonor(d); err != nil {
				return err
			}
			donors = append(donors, d.ID)
		}
		for i := range n {
			if opt.Progress != nil && i%10000 == 0 {
				opt.Progress(i, n)
			}
			amount, day := kzt(int64(1_000+r.IntN(200)*500)), b.ago(r.IntN(3*365))
			if r.IntN(20) == 0 { // from abroad, in the months the demo has rates for
				amount, day = cur(int64(10+r.IntN(50)*10), "USD"), b.ago(r.IntN(500))
			}
			d := &data.Donation{DonorID: pick(r, donors), ReceivedOn: day, Amount: amount,
				Method: pick(r, data.AllMethods[:4]), BankReference: fmt.Sprintf("KSP-%07d", i)}
			if r.IntN(2) == 0 {
				d.ChildID = pick(r, cases)
			}
			if r.IntN(3) > 0 {
				d.ThankedAt = data.Stamp(d.ReceivedOn.AddDays(3).Time())
			}
			if err := w.AddDonation(d); err != nil {
				return err
			}
		}
		return nil
	}))
	for i := range n / 40 {
		b.check(b.s.Allocations.Create(b.ctx, &data.Allocation{ChildID: pick(r, cases), On: b.ago(r.IntN(3 * 365)),
			Amount: kzt(int64(50_000 + r.IntN(100)*10_000)), Note: fmt.Sprintf("Из общего фонда, решение №%d", i+1)}))
	}
	for i := range n / 80 {
		b.check(b.s.Payments.Create(b.ctx, &data.Payment{ChildID: pick(r, cases), Payee: "Клиника", PaidOn: b.ago(r.IntN(3 * 365)),
			Amount: kzt(int64(200_000 + r.IntN(100)*50_000)), Reference: fmt.Sprintf("ПП %d", 9000+i)}))
	}
	if opt.Progress != nil {
		opt.Progress(n, n)
	}
}
