package data

import "carebook/money"

// Payment is money the foundation paid out for a child.
type Payment struct {
	Meta
	ChildID    string
	Payee      string
	PaidOn     Date
	Amount     money.Money
	EstimateID string // the estimate it settles
	Reference  string
	Note       string
}

func (p *Payment) table() (string, string) { return "payments", "payment" }
func (p *Payment) order() string           { return "paid_on, created_at" }
func (p *Payment) fields() []field {
	return []field{
		{name: "child_id", ptr: &p.ChildID, ref: "children"},
		{name: "payee", ptr: &p.Payee},
		{name: "paid_on", ptr: &p.PaidOn},
		{name: "amount_minor", ptr: &p.Amount.Minor},
		{name: "currency", ptr: &p.Amount.Currency},
		{name: "estimate_id", ptr: null(&p.EstimateID), ref: "estimates"},
		{name: "reference", ptr: &p.Reference},
		{name: "note", ptr: &p.Note},
	}
}
func (p *Payment) prepare() { p.Amount.Currency = upperCode(p.Amount.Currency) }
func (p *Payment) validate(today Date) error {
	var fe fieldErrs
	if p.ChildID == "" {
		fe.add("child_id", CodeRequired)
	}
	fe.checkText("payee", &p.Payee, ruleLine, maxShort, true)
	if fe.checkDate("paid_on", p.PaidOn, true) && today.Before(p.PaidOn) {
		fe.add("paid_on", CodeFutureDate)
	}
	fe.checkMoney("amount", p.Amount, false)
	fe.checkText("reference", &p.Reference, ruleLine, maxShort, false)
	fe.checkText("note", &p.Note, ruleLong, maxLong, false)
	return fe.err("payment")
}
func (p *Payment) summary() string { return p.Amount.Plain() }

// Allocation is general-fund money assigned to a child.
type Allocation struct {
	Meta
	ChildID string
	On      Date
	Amount  money.Money
	Note    string
}

func (a *Allocation) table() (string, string) { return "allocations", "allocation" }
func (a *Allocation) order() string           { return "on_date, created_at" }
func (a *Allocation) fields() []field {
	return []field{
		{name: "child_id", ptr: &a.ChildID, ref: "children"},
		{name: "on_date", ptr: &a.On},
		{name: "amount_minor", ptr: &a.Amount.Minor},
		{name: "currency", ptr: &a.Amount.Currency},
		{name: "note", ptr: &a.Note},
	}
}
func (a *Allocation) prepare() { a.Amount.Currency = upperCode(a.Amount.Currency) }
func (a *Allocation) validate(today Date) error {
	var fe fieldErrs
	if a.ChildID == "" {
		fe.add("child_id", CodeRequired)
	}
	if fe.checkDate("on_date", a.On, true) && today.Before(a.On) {
		fe.add("on_date", CodeFutureDate)
	}
	fe.checkMoney("amount", a.Amount, false)
	fe.checkText("note", &a.Note, ruleLong, maxLong, false)
	return fe.err("allocation")
}
func (a *Allocation) summary() string { return a.Amount.Plain() }

// ExchangeRate is how many units of the base currency one unit of Currency
// was worth on a day. Rate is exact decimal text, never a float.
type ExchangeRate struct {
	Meta
	On       Date
	Currency string
	Rate     string
	Source   string
}

func (r *ExchangeRate) table() (string, string) { return "exchange_rates", "exchange rate" }
func (r *ExchangeRate) order() string           { return "currency, on_date" }
func (r *ExchangeRate) fields() []field {
	return []field{
		{name: "on_date", ptr: &r.On},
		{name: "currency", ptr: &r.Currency},
		{name: "rate", ptr: &r.Rate},
		{name: "source", ptr: &r.Source},
	}
}
func (r *ExchangeRate) prepare() {
	r.Currency = upperCode(r.Currency)
	r.Rate = money.NormalizeRate(r.Rate)
}
func (r *ExchangeRate) validate(Date) error {
	var fe fieldErrs
	fe.checkDate("on_date", r.On, true)
	if _, ok := money.LookupCurrency(r.Currency); !ok {
		if r.Currency == "" {
			fe.add("currency", CodeRequired)
		} else {
			fe.add("currency", CodeUnknownCurrency, "value", r.Currency)
		}
	}
	if !money.ValidRate(r.Rate) {
		fe.add("rate", CodeBadRate)
	}
	fe.checkText("source", &r.Source, ruleLine, maxShort, false)
	return fe.err("exchange rate")
}
func (r *ExchangeRate) summary() string { return r.On.String() + " " + r.Currency + " " + r.Rate }

func upperCode(s string) string {
	b := []byte(s)
	out := b[:0]
	for _, c := range b {
		if c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		if c != ' ' {
			out = append(out, c)
		}
	}
	return string(out)
}
