package bank

import (
	"bufio"
	"context"
	"os"
	"regexp"
	"strings"

	"golang.org/x/text/encoding/charmap"
)

// The 1C exchange format (1CClientBankExchange, versions 1.02 and 1.03) is
// the text file every Russian and Kazakh bank offers for accounting
// software: "Key=Value" lines, a header, an account section
// (СекцияРасчСчет … КонецРасчСчет) and one section per payment
// (СекцияДокумент=… … КонецДокумента). A payment with ДатаПоступило came
// in; one with ДатаСписано went out and is never a donation.

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
		key = strings.TrimSpace(key)
		switch {
		case key == "СекцияДокумент":
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
		case key == "КонецДокумента":
			if cur != nil {
				cur.until = l.n
				if err := doc(*cur); err != nil {
					return err
				}
				cur = nil
			}
		case key == "СекцияРасчСчет":
			inAccount = true
		case key == "КонецРасчСчет":
			inAccount = false
		case key == "КонецФайла":
		case cur != nil:
			if l.foreign {
				cur.v["\x00foreign"] = "1"
			}
			if strings.HasPrefix(key, "НазначениеПлатежа") {
				// The purpose may go on in НазначениеПлатежа1…6.
				key = "НазначениеПлатежа"
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
		case "ВерсияФормата":
			s.Facts.Version = value
		case "РасчСчет":
			if s.Facts.Account == "" {
				s.Facts.Account = value
				s.Facts.Currency = accountCurrency(value)
			}
		case "ДатаНачала":
			if d, _, p := readDate(value, false); p == nil && s.Facts.From.IsZero() {
				s.Facts.From = d
			}
		case "ДатаКонца":
			if d, _, p := readDate(value, false); p == nil && s.Facts.To.IsZero() {
				s.Facts.To = d
			}
		case "НачальныйОстаток":
			if s.Facts.Opening == "" {
				s.Facts.Opening = value
			}
		case "Отправитель":
			s.Facts.Bank = value
		}
	}, func(doc1C) error {
		s.Rows++
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

var innPrefix = regexp.MustCompile(`^(ИНН|БИН|ИИН|INN)\s*\d+\s+`)

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
	first := func(keys ...string) string {
		for _, k := range keys {
			if x := v[k]; x != "" {
				return x
			}
		}
		return ""
	}
	account := s.Facts.Account
	switch {
	case v["ДатаПоступило"] != "":
	case v["ДатаСписано"] != "":
		e.Out = true
	case account != "" && first("ПолучательСчет", "ПолучательИИК", "ПолучательРасчСчет") == account:
	case account != "" && first("ПлательщикСчет", "ПлательщикИИК", "ПлательщикРасчСчет") == account:
		e.Out = true
	default:
		e.Problem = &Problem{Code: ProblemDirection, Value: "№" + v["Номер"]}
	}
	e.Payer = first("Плательщик1", "Плательщик")
	if v["Плательщик1"] == "" {
		e.Payer = innPrefix.ReplaceAllString(e.Payer, "")
	}
	e.TaxID = first("ПлательщикИНН", "ПлательщикБИН", "ПлательщикИИН")
	e.Purpose = v["НазначениеПлатежа"]
	if n := v["Номер"]; n != "" {
		e.Reference = "№" + n
		if dt := v["Дата"]; dt != "" {
			e.Reference += ", " + dt
		}
	}
	dateText := first("ДатаПоступило", "ДатаСписано", "Дата")
	date, _, dp := readDate(dateText, false)
	if dp == nil {
		dp = checkDate(date, dateText, s.opts.Today)
	}
	e.Date = date
	a, _, ap := readAmount(v["Сумма"], '.')
	code := accountCurrency(first("ПолучательСчет", "ПолучательРасчСчет"))
	if e.Out {
		code = accountCurrency(first("ПлательщикСчет", "ПлательщикРасчСчет"))
	}
	if code == "" {
		code = s.Facts.Currency
	}
	if code == "" {
		code = s.opts.Currency
	}
	switch {
	case e.Problem != nil:
	case dp != nil:
		e.Problem = dp
	case ap != nil:
		e.Problem = ap
	case a.neg:
		e.Problem = &Problem{Code: ProblemBadAmount, Value: v["Сумма"]}
	case code == "":
		e.Problem = &Problem{Code: ProblemNoCurrency}
	default:
		e.Amount, e.Problem = a.money(code, false)
	}
	return e
}
