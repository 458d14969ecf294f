package bank

import (
	"bufio"
	"context"
	"os"
	"strings"

	"golang.org/x/text/encoding/charmap"

	"carebook/internal/lazy"
)

// The 1C exchange format (1CClientBankExchange, versions 1.02 and 1.03) is
// the text file every Russian and Kazakh bank offers for accounting
// software: "Key=Value" lines, a header, an account section
// (СекцияРасчСчет … КонецРасчСчет) and one section per payment
// (СекцияДокумент=… … КонецДокумента). A payment with ДатаПоступило came
// in; one with ДатаСписано went out and is never a donation.
//
// Kazakh banks (Kaspi, Halyk, Jusan, BCC, Forte…) write a newer dialect
// (version 2.0): keys in any letter case (СЕКЦИЯДОКУМЕНТ=Выписка), the
// date in ДатаОперации, ДатаВалютирования or ДатаДокумента, the amount as
// СуммаПриход (in) or СуммаРасход (out), the currency in Валюта (a KZ IBAN
// carries none), the payer in ПлательщикНаименование with its
// ПлательщикБИН_ИИН, and the payment's КНП and КБе codes. Keys are
// compared in lower case, so both dialects read through the same code.

// doc1C is one СекцияДокумент.
type doc1C struct {
	line, until int
	kind        string
	v           map[string]string
}

// read1C reads the file's sections: the header and account values (facts),
// then each document in turn.
func (s *Source) read1C(ctx context.Context, header func(key, value string), doc func(doc1C) error) error {
	lr, c, err := s.textLines()
	if err != nil {
		return err
	}
	defer c.Close()
	var cur *doc1C
	inAccount := false
	for n := 0; ; n++ {
		if n%65536 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		l, ok := lr.next()
		if !ok {
			break
		}
		t := strings.TrimSpace(l.text)
		key, value, _ := strings.Cut(t, "=")
		key = strings.ToLower(strings.TrimSpace(key))
		switch {
		case key == "секциядокумент":
			if cur != nil {
				cur.until = l.n - 1
				if err := doc(*cur); err != nil {
					return err
				}
			}
			cur = &doc1C{line: l.n, kind: strings.TrimSpace(value), v: map[string]string{}}
			if l.foreign {
				cur.v["\x00foreign"] = "1"
			}
		case key == "конецдокумента":
			if cur != nil {
				cur.until = l.n
				if err := doc(*cur); err != nil {
					return err
				}
				cur = nil
			}
		case key == "секциярасчсчет":
			inAccount = true
		case key == "конецрасчсчет":
			inAccount = false
		case key == "конецфайла":
		case cur != nil:
			if l.foreign {
				cur.v["\x00foreign"] = "1"
			}
			if strings.HasPrefix(key, "назначениеплатежа") {
				// The purpose may go on in НазначениеПлатежа1…6.
				key = "назначениеплатежа"
				if prev := cur.v[key]; prev != "" {
					value = prev + " " + strings.TrimSpace(value)
				}
			}
			cur.v[key] = strings.TrimSpace(value)
		default:
			_ = inAccount
			header(key, strings.TrimSpace(value))
		}
	}
	if cur != nil { // a document the file does not close
		cur.until = lr.n
		if err := doc(*cur); err != nil {
			return err
		}
	}
	return lr.err()
}

// open1C reads the header and the account sections, and counts the
// documents. A file written in DOS's code page says so (Кодировка=DOS).
func (s *Source) open1C(ctx context.Context, first []string) error {
	if s.Encoding != EncUTF8 && s.Encoding != EncUTF8BOM && dosEncoded(s.Path) {
		s.Encoding = EncCP866
	}
	s.Rows = 0
	return s.read1C(ctx, func(key, value string) {
		switch key {
		case "версияформата":
			s.Facts.Version = value
		case "расчсчет":
			if s.Facts.Account == "" {
				s.Facts.Account = value
				if s.Facts.Currency == "" {
					s.Facts.Currency = accountCurrency(value)
				}
			}
		case "валюта":
			if c := currencyCode(value); c != "" && s.Facts.Currency == "" {
				s.Facts.Currency = c
			}
		case "датаначала":
			if d, _, p := readDate(value, false); p == nil && s.Facts.From.IsZero() {
				s.Facts.From = d
			}
		case "датаконца":
			if d, _, p := readDate(value, false); p == nil && s.Facts.To.IsZero() {
				s.Facts.To = d
			}
		case "начальныйостаток":
			if s.Facts.Opening == "" {
				s.Facts.Opening = value
			}
		case "отправитель":
			s.Facts.Bank = value
		}
	}, func(d doc1C) error {
		s.Rows++
		if s.Facts.Currency == "" { // said only in the documents (Kaspi, Jusan)
			s.Facts.Currency = currencyCode(d.v["валюта"])
		}
		return nil
	})
}

// dosEncoded reads the raw header for "Кодировка=DOS" in code page 866.
func dosEncoded(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	d := charmap.CodePage866.NewDecoder()
	for i := 0; i < 30 && sc.Scan(); i++ {
		t, _ := d.Bytes(sc.Bytes())
		if strings.HasPrefix(strings.TrimSpace(string(t)), "Кодировка=DOS") {
			return true
		}
	}
	return false
}

var innPrefix = lazy.Regexp(`^(ИНН|БИН|ИИН|INN)\s*\d+\s+`)

// each1C turns each document into an entry.
func (s *Source) each1C(ctx context.Context, fn func(Entry) error) error {
	return s.read1C(ctx, func(string, string) {}, func(d doc1C) error {
		return fn(s.entry1C(d))
	})
}

func (s *Source) entry1C(d doc1C) Entry {
	v := d.v
	e := Entry{Line: d.line, Until: d.until}
	if v["\x00foreign"] != "" {
		e.Problem = &Problem{Code: ProblemEncoding}
		return e
	}
	// first is the first of keys the document has (keys compared in lower case).
	first := func(keys ...string) string {
		for _, k := range keys {
			if x := v[strings.ToLower(k)]; x != "" {
				return x
			}
		}
		return ""
	}
	in, out := first("СуммаПриход"), first("СуммаРасход")
	account := s.Facts.Account
	switch {
	case first("ДатаПоступило") != "":
	case first("ДатаСписано") != "":
		e.Out = true
	case nonZero(in):
	case nonZero(out):
		e.Out = true
	case account != "" && first("ПолучательСчет", "ПолучательИИК", "ПолучательРасчСчет") == account:
	case account != "" && first("ПлательщикСчет", "ПлательщикИИК", "ПлательщикРасчСчет") == account:
		e.Out = true
	default:
		e.Problem = &Problem{Code: ProblemDirection, Value: "№" + first("Номер", "НомерДокумента")}
	}
	e.Payer = first("Плательщик1", "Плательщик", "ПлательщикНаименование")
	if first("Плательщик1") == "" {
		e.Payer = innPrefix().ReplaceAllString(e.Payer, "")
	}
	e.TaxID = first("ПлательщикИНН", "ПлательщикБИН", "ПлательщикИИН", "ПлательщикБИН_ИИН")
	e.Purpose = first("НазначениеПлатежа")
	var codes []string
	for _, c := range [][2]string{{"КНП", "КНП"}, {"КБе", "КБе"}, {"КБЕ", "КБе"}, {"КодНазначенияПлатежа", "КНП"}} {
		if x := v[strings.ToLower(c[0])]; x != "" && !strings.Contains(strings.Join(codes, " "), c[1]+" ") {
			codes = append(codes, c[1]+" "+x)
		}
	}
	e.Codes = strings.Join(codes, ", ")
	if n := first("Номер", "НомерДокумента"); n != "" {
		e.Reference = "№" + n
		if dt := first("Дата", "ДатаДокумента"); dt != "" {
			e.Reference += ", " + dt
		}
	}
	dateText := first("ДатаПоступило", "ДатаСписано", "ДатаОперации", "ДатаВалютирования", "Дата", "ДатаДокумента")
	date, _, dp := readDate(dateText, false)
	if dp == nil {
		dp = checkDate(date, dateText, s.opts.Today)
	}
	e.Date = date
	amountText := first("Сумма")
	if amountText == "" {
		amountText = in
		if e.Out {
			amountText = out
		}
	}
	a, _, ap := readAmount(amountText, '.')
	code := currencyCode(first("Валюта"))
	if code == "" {
		code = accountCurrency(first("ПолучательСчет", "ПолучательРасчСчет"))
		if e.Out {
			code = accountCurrency(first("ПлательщикСчет", "ПлательщикРасчСчет"))
		}
	}
	if code == "" {
		code = s.Facts.Currency
	}
	if code == "" {
		code = s.opts.Currency
	}
	switch {
	case e.Problem != nil:
	case e.Out:
		// Money that left: outgoing, whatever else cannot be read.
	case dp != nil:
		e.Problem = dp
	case ap != nil:
		e.Problem = ap
	case a.neg:
		e.Problem = &Problem{Code: ProblemBadAmount, Value: amountText}
	case code == "":
		e.Problem = &Problem{Code: ProblemNoCurrency}
	default:
		e.Amount, e.Problem = a.money(code, false)
	}
	if e.Out && dp == nil && ap == nil && code != "" {
		e.Amount, _ = a.money(code, false)
	}
	return e
}

// nonZero says whether a 1C amount holds more than nothing ("0.00" is
// written for the side a payment is not on).
func nonZero(text string) bool {
	return strings.Trim(strings.TrimSpace(text), "0.,") != ""
}
