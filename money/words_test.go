package money

import "testing"

// Amounts in words, against forms a native reader checked: each currency
// with its own unit and minor unit, Russian by number and gender.
func TestAmountsInWordsByCurrency(t *testing.T) {
	for _, c := range []struct {
		m          Money
		lang, want string
	}{
		{M(120000000, "UZS"), "uz", "bir million ikki yuz ming soʻm 00 tiyin"},
		{M(150, "UZS"), "uz", "bir soʻm 50 tiyin"},
		{M(10000, "UZS"), "uz", "bir yuz soʻm 00 tiyin"},
		{M(250000, "UZS"), "uz", "ikki ming besh yuz soʻm 00 tiyin"},
		{M(4599, "USD"), "uz", "qirq besh AQSH dollari 99 sent"},
		{M(12345678, "KZT"), "uz", "bir yuz yigirma uch ming toʻrt yuz ellik olti tenge 78 tiyin"},
		{M(10005, "GBP"), "ru", "сто фунтов стерлингов 05 пенни"},
		{M(10005, "KGS"), "ru", "сто сомов 05 тыйынов"},
		{M(10005, "KGS"), "kk", "жүз қырғыз сомы 05 тыйын"},
		{M(200, "TRY"), "ru", "две турецкие лиры 00 курушей"},
		{M(100, "TRY"), "ru", "одна турецкая лира 00 курушей"},
		{M(2100, "CNY"), "ru", "двадцать один юань 00 фэней"},
		{M(2100, "CNY"), "en", "twenty-one yuan 00 fen"},
		{M(300, "AED"), "en", "three UAE dirhams 00 fils"},
		{M(1001, "ILS"), "ru", "десять шекелей 01 агора"},
		{M(1500, "JPY"), "ru", "одна тысяча пятьсот иен"},
		{M(1500, "JPY"), "kk", "бір мың бес жүз иена"},
		{M(1234, "KWD"), "ru", "один кувейтский динар 234 филса"},
		{M(1005, "KWD"), "en", "one Kuwaiti dinar 005 fils"},
		{M(150000, "UZS"), "kk", "бір мың бес жүз сом 00 тиын"},
	} {
		got, err := InWords(c.m, c.lang)
		if err != nil || got != c.want {
			t.Errorf("%s in %s: %q %v, want %q", c.m.Plain(), c.lang, got, err, c.want)
		}
	}
}

func TestEveryCurrencyHasItsNames(t *testing.T) {
	for _, code := range CurrencyCodes() {
		n, ok := currencyNamesOf[code]
		c, _ := LookupCurrency(code)
		if !ok || n.en[0] == "" || n.ru[0] == "" || n.kk[0] == "" || n.uz[0] == "" {
			t.Errorf("%s has no names", code)
			continue
		}
		if (c.Digits > 0) != (n.en[2] != "" && n.ru[3] != "" && n.kk[1] != "" && n.uz[1] != "") {
			t.Errorf("%s: minor unit names do not match its %d decimals", code, c.Digits)
		}
	}
}

func TestMoneyAsEachLanguageWritesIt(t *testing.T) {
	for _, c := range []struct {
		m          Money
		lang, want string
	}{
		{M(123456750, "UZS"), "uz", "1\u00a0234\u00a0567,50\u00a0soʻm"},
		{M(123456750, "UZS"), "ru", "1\u00a0234\u00a0567,50\u00a0сум"},
		{M(123456750, "UZS"), "kk", "1\u00a0234\u00a0567,50\u00a0сом"},
		{M(150000, "KZT"), "uz", "1\u00a0500,00\u00a0₸"},
		{M(150000, "CNY"), "en", "CN¥1,500.00"},
		{M(150000, "CNY"), "ru", "1\u00a0500,00\u00a0CN¥"},
		{M(1500, "JPY"), "en", "¥1,500"},
	} {
		if got := c.m.Format(c.lang); got != c.want {
			t.Errorf("%s in %s: %q, want %q", c.m.Plain(), c.lang, got, c.want)
		}
	}
}
