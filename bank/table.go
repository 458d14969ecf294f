package bank

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"carebook/data"
	"carebook/money"
)

// Mapping says which column (from 1; 0 = none) holds what in a table. A
// statement has one amount column (negative: money out) or a credit and a
// debit column (only credits are donations).
type Mapping struct {
	Date      int `json:"date,omitempty"`
	Amount    int `json:"amount,omitempty"`
	Credit    int `json:"credit,omitempty"`
	Debit     int `json:"debit,omitempty"`
	Currency  int `json:"currency,omitempty"`
	Payer     int `json:"payer,omitempty"`
	TaxID     int `json:"tax_id,omitempty"`
	Purpose   int `json:"purpose,omitempty"`
	Reference int `json:"reference,omitempty"`
	// AccountCurrency is the account's currency chosen for a layout that
	// has no currency column, remembered with it.
	AccountCurrency string `json:"account_currency,omitempty"`
}

// Complete reports whether the mapping names a date and an amount.
func (m Mapping) Complete() bool { return m.Date > 0 && (m.Amount > 0 || m.Credit > 0) }

// columns lists the mapped columns (for finding rows that lack them).
func (m Mapping) columns() []int {
	return []int{m.Date, m.Amount, m.Credit, m.Debit, m.Currency, m.Payer, m.TaxID, m.Purpose, m.Reference}
}

// Roles are the names of the mapped columns, in the order the import screen
// shows them.
var Roles = []string{"date", "amount", "credit", "debit", "currency", "payer", "tax_id", "purpose", "reference"}

// Column returns the column of a role.
func (m *Mapping) Column(role string) *int {
	switch role {
	case "date":
		return &m.Date
	case "amount":
		return &m.Amount
	case "credit":
		return &m.Credit
	case "debit":
		return &m.Debit
	case "currency":
		return &m.Currency
	case "payer":
		return &m.Payer
	case "tax_id":
		return &m.TaxID
	case "purpose":
		return &m.Purpose
	case "reference":
		return &m.Reference
	}
	return nil
}

// headerWord is how a column heading names a role, in the languages of the
// banks Carebook meets (ru, kk, uz, en). Stems match inside a heading,
// tokens only as whole words; a heading with a "not" word is not this role.
type headerWord struct {
	role          string
	stems, tokens []string
	not           []string
}

// headerWords are tried in this order: "ИИН/БИН плательщика" is a tax
// number, not a payer; "Сумма по кредиту" a credit, not an amount; "Номер
// счета" an account (ignored), not a reference.
var headerWords = foldWords([]headerWord{
	{role: "tax_id", tokens: []string{"иин", "бин", "инн", "жсн", "бсн", "рнн", "стир", "пинфл", "iin", "bin", "inn", "stir", "pinfl", "tin"}, stems: []string{"tax id", "taxpayer"}},
	{role: "currency", stems: []string{"валют", "currency", "valyuta"}, tokens: []string{"ccy", "вал"},
		not: []string{"сумм", "amount", "summa", "сома", "эквивалент", "дата", "date"}},
	{role: "ignore", stems: []string{"счет", "iban", "account", "hisob", "остаток", "balance", "қалдық", "qoldiq", "курс", "эквивалент", "equivalent", "комисси", "commission", "банк", "bank", "swift"},
		tokens: []string{"иик", "бик", "bic", "шот", "кнп", "кбе", "код", "knp", "kbe", "rate", "fee", "мфо", "mfo"}},
	{role: "credit", stems: []string{"кредит", "credit", "kredit", "приход", "поступлен", "зачислен", "кіріс", "kirim", "түсім", "incoming", "inflow"}},
	{role: "debit", stems: []string{"дебет", "debit", "debet", "расход", "списан", "шығыс", "chiqim", "outgoing", "outflow", "withdrawal"}},
	{role: "date", stems: []string{"дата", "date", "күні", "sana", "datum"}, tokens: []string{"күн"}},
	{role: "purpose", stems: []string{"назначен", "purpose", "details", "описан", "description", "мақсат", "maqsad", "tavsif", "комментар", "comment", "примечан", "narrative", "remittance", "детали", "содержан", "основание"}},
	{role: "reference", stems: []string{"номер док", "№ док", "№док", "reference", "құжат нөмір", "hujjat", "транзакц", "transaction id", "номер", "nomer", "raqam", "нөмір"},
		tokens: []string{"№", "ref", "id", "no", "nr"}},
	{role: "payer", stems: []string{"плательщик", "отправител", "payer", "sender", "donor", "төлеуші", "жіберуші", "контрагент", "корреспондент", "counterparty", "toʻlovchi", "joʻnatuvchi", "наименован", "name", "клиент", "client", "ordering", "от кого"},
		tokens: []string{"фио", "имя", "аты"}},
	{role: "amount", stems: []string{"сумм", "amount", "сома", "summa", "miqdor"}, tokens: []string{"sum"}},
})

func foldWords(ws []headerWord) []headerWord {
	f := func(in []string) []string {
		out := make([]string, len(in))
		for i, w := range in {
			out[i] = data.Fold(w)
		}
		return out
	}
	for i := range ws {
		ws[i].stems, ws[i].tokens, ws[i].not = f(ws[i].stems), f(ws[i].tokens), f(ws[i].not)
	}
	return ws
}

// tokens splits folded text into words (letters, digits and №).
func tokens(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '№' })
}

// roleOf is the role a heading names, or "".
func roleOf(heading string) string {
	h := data.Fold(heading)
	if h == "" {
		return ""
	}
	toks := tokens(h)
	has := func(list []string) bool {
		for _, w := range list {
			if strings.Contains(h, w) {
				return true
			}
		}
		return false
	}
	for _, w := range headerWords {
		if has(w.not) {
			continue
		}
		if has(w.stems) {
			return w.role
		}
		for _, t := range toks {
			for _, want := range w.tokens {
				if t == want {
					return w.role
				}
			}
		}
	}
	return ""
}

// mapHeader maps a header row's columns by their headings; ok when it
// names a date and an amount (or a credit).
func mapHeader(cells []string) (Mapping, bool) {
	var m Mapping
	for i, c := range cells {
		role := roleOf(c)
		if role == "" || role == "ignore" {
			continue
		}
		if p := m.Column(role); p != nil && *p == 0 {
			*p = i + 1
		}
	}
	if m.Amount > 0 && m.Credit > 0 {
		m.Amount = 0 // a credit column says more than a plain amount
	}
	return m, m.Complete()
}

// Signature is a table layout's identity: its headings, folded.
func Signature(header []string) string {
	parts := make([]string, len(header))
	for i, h := range header {
		parts[i] = data.Fold(h)
	}
	return strings.Join(parts, "|")
}

// columnNumbers reports a row of column numbers (1, 2, 3…) under a header.
func columnNumbers(cells []string) bool {
	want, n := 1, 0
	for _, c := range cells {
		if c == "" {
			continue
		}
		v, err := strconv.Atoi(c)
		if err != nil || v != want {
			return false
		}
		want++
		n++
	}
	return n >= 2
}

var totalWords = foldAll("итого", "всего", "барлығы", "жиыны", "жиынтығы", "jami", "total", "обороты", "оборот за", "исходящий остаток",
	"остаток на конец", "closing balance", "шығыс қалдық", "соңғы қалдық", "yakuniy qoldiq", "chiquvchi qoldiq")

func foldAll(words ...string) []string {
	for i, w := range words {
		words[i] = data.Fold(w)
	}
	return words
}

// longestTotalWord is the length of the longest of totalWords, folded.
var longestTotalWord = func() int {
	n := 0
	for _, w := range totalWords {
		n = max(n, len(w))
	}
	return n
}()

// foldStart is the start of Fold(c), as long as the longest total word at
// least: a payment's purpose, a line long, is not folded whole on every
// row of the statement only to look at its first word.
func foldStart(c string) string {
	n := 0
	for i := range c {
		if n++; n > 2*longestTotalWord {
			// A few bytes to spare: where the start was cut, the last
			// letters may fold otherwise than in the whole.
			if f := data.Fold(c[:i]); len(f) >= longestTotalWord+8 {
				return f
			}
			break // the start folded to less (spaces, apostrophes): all of it
		}
	}
	return data.Fold(c)
}

// totals reports the totals row that ends a statement's table.
func totals(cells []string) bool {
	seen := 0
	for _, c := range cells {
		if c == "" {
			continue
		}
		// A cell that starts with a digit (a date, a number, an amount)
		// starts with no word: not folded, on every row of the statement.
		if t := strings.TrimLeft(c, " \t\u00a0"); t != "" && t[0] >= '0' && t[0] <= '9' {
			if seen++; seen == 3 {
				break
			}
			continue
		}
		f := foldStart(c)
		for _, w := range totalWords {
			if strings.HasPrefix(f, w) {
				return true
			}
		}
		if seen++; seen == 3 {
			break
		}
	}
	return false
}

var (
	ibanRe     = regexp.MustCompile(`\b[A-Z]{2}\d{2}[A-Z0-9]{12,30}\b`)
	account20  = regexp.MustCompile(`\b\d{20}\b`)
	datesRe    = regexp.MustCompile(`\d{1,4}[./-]\d{1,2}[./-]\d{2,4}`)
	codeRe     = regexp.MustCompile(`\b[A-Z]{3}\b`)
	periodW    = foldAll("период", "period", "кезең", "davr", "выписка за", "с ", "from")
	openingW   = foldAll("входящий остаток", "остаток на начало", "opening balance", "кіріс қалдық", "бастапқы қалдық", "boshlangʻich qoldiq", "kiruvchi qoldiq", "сальдо входящее", "входящее сальдо")
	holderW    = foldAll("клиент", "владелец", "client", "account holder", "наименование клиента", "mijoz", "клиенттің")
	currencyW  = foldAll("валюта", "currency", "valyuta", "валютасы")
	bankW      = foldAll("банк", "bank")
	accountW   = foldAll("счет", "account", "иик", "iban", "шот", "hisob")
	numericISO = map[string]string{"398": "KZT", "643": "RUB", "810": "RUB", "860": "UZS", "840": "USD", "978": "EUR", "826": "GBP",
		"156": "CNY", "949": "TRY", "417": "KGS", "972": "TJS", "376": "ILS", "392": "JPY", "756": "CHF", "933": "BYN", "980": "UAH",
		"944": "AZN", "981": "GEL", "051": "AMD", "934": "TMT", "496": "MNT"}
)

// accountCurrency reads the currency from a Russian or Uzbek 20-digit
// account number (digits 6–8 are its ISO numeric code; 810 is the rouble's
// old code, still used). An IBAN does not say.
func accountCurrency(account string) string {
	a := strings.TrimSpace(account)
	if len(a) == 20 && strings.Trim(a, "0123456789") == "" {
		return numericISO[a[5:8]]
	}
	return ""
}

// currencyCode reads a currency cell: "KZT", "kzt", "398", "тенге", "₸".
func currencyCode(cell string) string {
	c := strings.TrimSpace(cell)
	if c == "" {
		return ""
	}
	if cur, ok := money.LookupCurrency(c); ok {
		return cur.Code
	}
	if code, ok := numericISO[c]; ok {
		return code
	}
	if _, code := money.SplitCurrency("1 " + c); code != "" {
		return code
	}
	return ""
}

// titleFacts reads what a title block's row says: an account, its
// currency, the period, the opening balance, the client, the bank.
func titleFacts(cells []string, f *Facts) {
	var parts []string
	for _, c := range cells {
		if c != "" {
			parts = append(parts, c)
		}
	}
	if len(parts) == 0 {
		return
	}
	text := strings.Join(parts, " ")
	folded := data.Fold(text)
	starts := func(words []string) bool {
		for _, w := range words {
			if strings.HasPrefix(folded, w) || strings.Contains(folded, " "+w) {
				return true
			}
		}
		return false
	}
	value := func() string { // what follows the label: the next cell, or after ':'
		if len(parts) > 1 {
			return strings.Join(parts[1:], " ")
		}
		if _, v, ok := strings.Cut(text, ":"); ok {
			return strings.TrimSpace(v)
		}
		return ""
	}
	if f.Account == "" && starts(accountW) {
		if m := ibanRe.FindString(text); m != "" {
			f.Account = m
		} else if m := account20.FindString(text); m != "" {
			f.Account = m
		}
		if f.Currency == "" {
			f.Currency = accountCurrency(f.Account)
		}
	}
	if f.Currency == "" && starts(currencyW) {
		for _, c := range codeRe.FindAllString(value(), -1) {
			if code := currencyCode(c); code != "" {
				f.Currency = code
				break
			}
		}
		if f.Currency == "" {
			f.Currency = currencyCode(value())
		}
	}
	if f.From.IsZero() && starts(periodW) {
		if ds := datesRe.FindAllString(text, 2); len(ds) == 2 {
			from, _, p1 := readDate(ds[0], false)
			to, _, p2 := readDate(ds[1], false)
			if p1 == nil && p2 == nil {
				f.From, f.To = from, to
			}
		}
	}
	if f.Opening == "" && starts(openingW) {
		f.Opening = value()
	}
	if f.Holder == "" && starts(holderW) {
		f.Holder = value()
	}
	if f.Bank == "" && starts(bankW) && len(text) < 120 {
		f.Bank = text
	}
}
