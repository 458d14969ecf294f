package data

import "testing"

func TestDatesInWords(t *testing.T) {
	for _, c := range []struct{ date, lang, want string }{
		{"2026-11-23", "ru", "23 ноября 2026 г."},
		{"2026-03-01", "ru", "1 марта 2026 г."},
		{"2026-05-09", "ru", "9 мая 2026 г."},
		{"2026-11-23", "kk", "2026 жылғы 23 қарашада"},
		{"2026-04-05", "kk", "2026 жылғы 5 сәуірде"},
		{"2026-09-30", "kk", "2026 жылғы 30 қыркүйекте"},
		{"2026-07-14", "kk", "2026 жылғы 14 шілдеде"},
		{"2026-11-23", "uz", "2026-yil 23-noyabr"},
		{"2026-11-23", "en", "23 November 2026"},
		{"2027-01-02", "en", "2 January 2027"},
	} {
		if got := MustDate(c.date).Words(c.lang); got != c.want {
			t.Errorf("%s in %s: %q, want %q", c.date, c.lang, got, c.want)
		}
	}
}
