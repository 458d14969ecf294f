package ui

import (
	"strings"
	"testing"

	"carebook/data"
	"carebook/internal/vocab"
)

// Issue 11, item 1: an existing estimate can be edited — its status from
// draft to accepted and a line's price — without a false "someone else
// changed this".
func TestAnEstimateCanBeEdited(t *testing.T) {
	s := demoStore(t)
	u := newTestApp(t, s, "en")
	cp := openChildNamed(t, u, "Rahimova")
	cp.tabs.SelectIndex(3)
	ests, _ := s.Estimates.ListFor(u.ctx, "child_id", cp.id)
	var e data.Estimate
	for _, x := range ests {
		if x.Status == data.EstimateAccepted {
			e = x
		}
	}
	mustDo(t, s.Estimates.Update(u.ctx, func() *data.Estimate { e.Status = data.EstimateDraft; return &e }()))
	before, _ := s.EstimateTotal(u.ctx, e.ID)
	u.push(newEstimatePage(u, cp, &e, false))
	ep := u.top().(*estimatePage)
	tapButton(t, u, "Save") // unchanged
	if _, ok := u.top().(*childPage); !ok {
		t.Fatalf("saving an unchanged estimate: %q", ep.banner.Text)
	}
	fresh, _ := s.Estimates.Get(u.ctx, e.ID) // as the refreshed Money tab has it
	u.push(newEstimatePage(u, cp, fresh, false))
	ep = u.top().(*estimatePage)
	fieldNamed(t, ep.form, "status").obj.(interface{ SetSelected(string) }).SetSelected(label(vocab.EstimateStatusText, data.EstimateAccepted))
	ep.lines[0].price.SetText("1 000")
	tapButton(t, u, "Save")
	if _, ok := u.top().(*childPage); !ok {
		t.Fatalf("saving an edited estimate: %q", ep.banner.Text)
	}
	got, _ := s.Estimates.Get(u.ctx, e.ID)
	after, _ := s.EstimateTotal(u.ctx, e.ID)
	if got.Status != data.EstimateAccepted || after == before {
		t.Fatalf("status %s, total %v (was %v)", got.Status, after, before)
	}
	if !strings.Contains(cellTextOf(cp.money), fmtMoney(after)) {
		t.Fatal("the Money tab does not show the new total")
	}
}
