package bank

import (
	"context"
	"strings"
	"time"

	"carebook/data"
	"carebook/internal/lazy"
	"carebook/money"
)

// SWIFT MT940 is the customer statement banks send over SWIFT and export
// for treasury software: tagged fields (":20:" reference, ":25:" account,
// ":60F:" opening balance with the account's currency, one ":61:" per
// payment, each followed by ":86:" with who paid and why, ":62F:" closing
// balance), sometimes inside SWIFT's {1:…}{2:…}{4: … -} blocks. Only
// credits (C) are donations; debits (D) left the account, and reversals
// (RC, RD) undo earlier payments.

// looksLikeMT940 recognises MT940 by its first tags.
func looksLikeMT940(first []string) bool {
	tags := 0
	for _, l := range first {
		switch {
		case strings.HasPrefix(l, "{1:"), strings.HasPrefix(l, ":20:"):
			tags++
		case strings.HasPrefix(l, ":25:"), strings.HasPrefix(l, ":60F:"), strings.HasPrefix(l, ":60M:"), strings.HasPrefix(l, ":28C:"),
			strings.HasPrefix(l, ":34F:"), strings.HasPrefix(l, ":13D:"): // MT942, the interim report, has no balances
			tags++
		}
	}
	return tags >= 2
}

// mtField is one tagged field with its continuation lines.
type mtField struct {
	tag  string
	text string // the lines joined with "\n"
	line int
}

var mtTag = lazy.Regexp(`^:(\d{2}[A-Z]?):`)

// readMT940 gives the fields in order.
func (s *Source) readMT940(ctx context.Context, fn func(mtField) error) error {
	lr, c, err := s.textLines()
	if err != nil {
		return err
	}
	defer c.Close()
	var cur *mtField
	flush := func() error {
		if cur == nil {
			return nil
		}
		f := *cur
		cur = nil
		return fn(f)
	}
	for n := 0; ; n++ {
		if n%65536 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		l, ok := lr.next()
		if !ok {
			break
		}
		t := strings.TrimRight(l.text, " ")
		// SWIFT's envelope: {1:…}{2:…}{4: opens the text, -} closes it.
		if i := strings.Index(t, "{4:"); i >= 0 {
			t = t[i+3:]
		}
		if strings.HasPrefix(t, "-}") || t == "-" {
			if err := flush(); err != nil {
				return err
			}
			continue
		}
		if m := mtTag().FindStringSubmatch(t); m != nil {
			if err := flush(); err != nil {
				return err
			}
			cur = &mtField{tag: m[1], text: t[len(m[0]):], line: l.n}
			if l.foreign {
				cur.tag = "foreign"
			}
			continue
		}
		if cur != nil && t != "" {
			cur.text += "\n" + t
		}
	}
	if err := flush(); err != nil {
		return err
	}
	return lr.err()
}

// balance reads ":60F:C260201KZT150000,00": its date, currency and amount.
var balanceRe = lazy.Regexp(`^([CD])(\d{6})([A-Z]{3})([\d,]+)`)

// floorRe reads MT942's ":34F:KZTD0," (the floor limit): its currency.
var floorRe = lazy.Regexp(`^([A-Z]{3})[DC]?[\d,]+`)

func (s *Source) openMT940(ctx context.Context) error {
	s.Rows = 0
	var periods []Period
	err := s.readMT940(ctx, func(f mtField) error {
		switch f.tag {
		case "25":
			if s.Facts.Account == "" {
				s.Facts.Account = strings.TrimSpace(firstLine(f.text))
			}
		case "60F", "60M":
			if m := balanceRe().FindStringSubmatch(f.text); m != nil {
				if s.Facts.Currency == "" {
					s.Facts.Currency = m[3]
				}
				from, _, _ := mtDate(m[2])
				opening := swiftAmountText(m[4], m[3], m[1] == "D")
				if f.tag == "60F" || len(periods) == 0 {
					periods = append(periods, Period{From: from, Opening: opening})
				}
			}
		case "62F", "62M":
			if m := balanceRe().FindStringSubmatch(f.text); m != nil && len(periods) > 0 {
				periods[len(periods)-1].To, _, _ = mtDate(m[2])
			}
		case "34F":
			if m := floorRe().FindStringSubmatch(f.text); m != nil && s.Facts.Currency == "" {
				s.Facts.Currency = m[1]
			}
		case "13D": // MT942: the report's date and time
			if len(f.text) >= 6 {
				d, _, _ := mtDate(f.text[:6])
				periods = append(periods, Period{From: d, To: d})
			}
		case "61":
			s.Rows++
		}
		return nil
	})
	if len(periods) > 0 {
		s.Facts.From, s.Facts.Opening = periods[0].From, periods[0].Opening
		s.Facts.To = periods[len(periods)-1].To
	}
	if len(periods) > 1 {
		s.Facts.Periods = periods
	}
	return err
}

// swiftAmountText writes a SWIFT amount ("0,", "1250000,5") as an amount
// with its currency: "0.00 KZT".
func swiftAmountText(text, currency string, debit bool) string {
	t := swiftAmount(text)
	if strings.Trim(t, "0,") == "" {
		return money.M(0, currency).Plain() // "0,": nothing, which readAmount refuses as a donation
	}
	a, _, p := readAmount(t, ',')
	var m money.Money
	if p == nil {
		m, p = a.money(currency, false)
	}
	if p != nil {
		return strings.TrimSpace(text) + " " + currency
	}
	if debit {
		m.Minor = -m.Minor
	}
	return m.Plain()
}

// swiftAmount makes SWIFT's whole amounts ("15000,": the comma is always
// there, the decimals may not be) readable as amounts.
func swiftAmount(text string) string {
	text = strings.TrimSpace(text)
	if strings.HasSuffix(text, ",") {
		return text + "0"
	}
	return text
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}

// yymmdd reads MT940's dates (always this century).
func yymmdd(s string) (data.Date, bool) {
	d, clamped, ok := mtDate(s)
	return d, ok && !clamped
}

// mtDate reads an MT940 date as the bank means it: a day past the month's
// end that some banks write ("30 February", the value date of the last
// working day's interest) is the month's last day, and clamped says so.
func mtDate(s string) (date data.Date, clamped, ok bool) {
	if len(s) != 6 || strings.Trim(s, "0123456789") != "" {
		return data.Date{}, false, false
	}
	y := 2000 + int(s[0]-'0')*10 + int(s[1]-'0')
	m := int(s[2]-'0')*10 + int(s[3]-'0')
	d := int(s[4]-'0')*10 + int(s[5]-'0')
	if m < 1 || m > 12 || d < 1 || d > 31 {
		return data.Date{}, false, false
	}
	date = data.NewDate(y, time.Month(m), d)
	if date.Valid() {
		return date, false, true
	}
	last := time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
	return data.NewDate(y, time.Month(m), last), true, true
}

// line61 is ":61:" — value date, entry date (optional), debit/credit
// mark, funds code (optional), amount, transaction type, the customer's
// reference, "//" the bank's reference.
var line61 = lazy.Regexp(`^(\d{6})(\d{4})?(RC|RD|C|D)([A-Z])?(\d+,\d*|\d+)([NSF][A-Z0-9]{3})([^/\n]*)(?://([^\n]*))?`)

// sub86 finds the keywords of a structured ":86:" (/ORDP/, /REMI/, …).
var sub86 = lazy.Regexp(`/(ORDP|NAME|REMI|EREF|PURP|INN|IIN|BIN|TAXID|BENM|IBAN|ADDR|CODE|ULTD|ULTB|BIC|CNTP|SVWZ|KREF|MREF|CRED|DEBT)/`)

// info86 reads who paid, why, and a reference from ":86:": SWIFT's
// structured keywords (/ORDP/name/REMI/purpose/EREF/ref), or the German
// ?20…?29 (purpose) and ?32/?33 (name) subfields; other text is the
// purpose, and names nobody.
func info86(text string) (payer, purpose, ref, tax string) {
	t := strings.ReplaceAll(text, "\n", "")
	if locs := sub86().FindAllStringSubmatchIndex(t, -1); len(locs) > 0 {
		for i, loc := range locs {
			end := len(t)
			if i+1 < len(locs) {
				end = locs[i+1][0]
			}
			key, val := t[loc[2]:loc[3]], strings.TrimSpace(t[loc[1]:end])
			switch key {
			case "ORDP", "NAME", "DEBT":
				if payer == "" {
					payer = val
				}
			case "REMI", "PURP", "SVWZ":
				if purpose == "" {
					purpose = val
				}
			case "EREF", "KREF":
				ref = val
			case "INN", "IIN", "BIN", "TAXID":
				tax = val
			}
		}
		return
	}
	if strings.Contains(t, "?2") || strings.Contains(t, "?32") {
		parts := strings.Split(t, "?")
		var rem, name []string
		for _, p := range parts {
			if len(p) < 2 {
				continue
			}
			switch code, val := p[:2], p[2:]; {
			case code >= "20" && code <= "29":
				rem = append(rem, val)
			case code == "32" || code == "33":
				name = append(name, val)
			}
		}
		return strings.TrimSpace(strings.Join(name, "")), strings.TrimSpace(strings.Join(rem, "")), "", ""
	}
	return "", strings.TrimSpace(strings.ReplaceAll(text, "\n", " ")), "", ""
}

func (s *Source) eachMT940(ctx context.Context, fn func(Entry) error) error {
	var pending *Entry
	currency := ""
	emit := func() error {
		if pending == nil {
			return nil
		}
		e := *pending
		pending = nil
		return fn(e)
	}
	err := s.readMT940(ctx, func(f mtField) error {
		switch f.tag {
		case "foreign":
			if err := emit(); err != nil {
				return err
			}
			return fn(Entry{Line: f.line, Until: f.line, Problem: &Problem{Code: ProblemEncoding}})
		case "60F", "60M":
			if m := balanceRe().FindStringSubmatch(f.text); m != nil {
				currency = m[3]
			}
		case "34F":
			if m := floorRe().FindStringSubmatch(f.text); m != nil && currency == "" {
				currency = m[1]
			}
		case "61":
			if err := emit(); err != nil {
				return err
			}
			e := s.entry61(f, currency)
			pending = &e
		case "86":
			if pending != nil {
				payer, purpose, ref, tax := info86(f.text)
				pending.Payer, pending.Purpose, pending.TaxID = payer, purpose, tax
				if ref != "" {
					pending.Reference = ref
				}
				pending.Until = f.line + strings.Count(f.text, "\n")
				return emit()
			}
		default:
			return emit()
		}
		return nil
	})
	if err != nil {
		return err
	}
	return emit()
}

func (s *Source) entry61(f mtField, currency string) Entry {
	e := Entry{Line: f.line, Until: f.line + strings.Count(f.text, "\n")}
	m := line61().FindStringSubmatch(firstLine(f.text))
	if m == nil {
		if debit61().MatchString(firstLine(f.text)) {
			e.Out = true // money that left: outgoing, whatever else is unreadable
			return e
		}
		e.Problem = &Problem{Code: ProblemBadRecord, Value: firstLine(f.text)}
		return e
	}
	switch m[3] {
	case "D":
		e.Out = true
	case "RC", "RD":
		e.Reversal = true
	}
	if ref := strings.TrimSpace(m[7]); ref != "" && ref != "NONREF" {
		e.Reference = ref
	} else if bankRef := strings.TrimSpace(m[8]); bankRef != "" {
		e.Reference = bankRef
	}
	date, clamped, ok := mtDate(m[1])
	if !ok {
		e.Problem = &Problem{Code: ProblemBadDate, Value: m[1]}
		return e.outgoingAnyway()
	}
	if clamped {
		e.Note = "date:" + m[1]
	}
	e.Date = date
	if p := checkDate(date, m[1], s.opts.Today); p != nil {
		e.Problem = p
		return e.outgoingAnyway()
	}
	a, _, p := readAmount(swiftAmount(m[5]), ',')
	if p != nil {
		e.Problem = p
		return e.outgoingAnyway()
	}
	if currency == "" {
		currency = s.opts.Currency
	}
	if currency == "" {
		e.Problem = &Problem{Code: ProblemNoCurrency}
		return e.outgoingAnyway()
	}
	e.Amount, e.Problem = a.money(currency, false)
	return e.outgoingAnyway()
}

// debit61 recognises a debit (or a reversal) the rest of whose line cannot
// be read.
var debit61 = lazy.Regexp(`^\d{6}(\d{4})?(RC|RD|D)`)

// outgoingAnyway: a debit or a reversal is outgoing even when its amount
// or date cannot be read; only a credit that cannot be read is a problem.
func (e Entry) outgoingAnyway() Entry {
	if e.Out || e.Reversal {
		e.Problem = nil
	}
	return e
}
