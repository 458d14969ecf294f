package data

import (
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	for in, want := range map[string]string{
		"2026-02-23": "2026-02-23", "23.02.2026": "2026-02-23", "3.2.2026": "2026-02-03",
		"23/02/2026": "2026-02-23", " 2024-02-29 ": "2024-02-29",
		"23 Feb 2026": "2026-02-23", "23 february 2026": "2026-02-23", "Feb 23, 2026": "2026-02-23",
	} {
		d, err := ParseDate(in)
		if err != nil || d.String() != want {
			t.Errorf("ParseDate(%q) = %v, %v", in, d, err)
		}
	}
	for _, in := range []string{"31.02.2026", "2025-02-29", "23.02.26", "tomorrow", "2026-13-01", "00.01.2026", "1.1.-2026",
		"30 Feb 2026", "23 Fe 2026", "23 Foo 2026", "23 Feb 26"} {
		_, err := ParseDate(in)
		if fe, ok := err.(*FieldError); !ok || fe.Code != CodeBadDate {
			t.Errorf("ParseDate(%q): want a bad_date field error, got %v", in, err)
		}
	}
	// A stored date read back (the quick path) and a damaged one refused.
	for in, want := range map[string]string{"2024-02-29": "2024-02-29", "2026-12-31": "2026-12-31", "2026-1-05": "2026-01-05"} {
		var d Date
		if err := d.Scan(in); err != nil || d.String() != want {
			t.Errorf("Scan(%q) = %v, %v", in, d, err)
		}
	}
	for _, in := range []string{"2025-02-29", "2026-00-10", "2026-1x-05", "2026-04-31"} {
		var d Date
		if err := d.Scan(in); err == nil {
			t.Errorf("Scan(%q) = %v: want an error", in, d)
		}
	}
	if MustDate("2026-02-23").Local("ru") != "23.02.2026" || MustDate("2026-02-23").Local("en") != "23 Feb 2026" {
		t.Error("local date forms")
	}
	if MustDate("2016-11-22").YearsOn(MustDate("2026-11-21")) != 9 || MustDate("2016-11-21").YearsOn(MustDate("2026-11-21")) != 10 {
		t.Error("age on the day before and on the birthday")
	}
}

// Dates are stored and compared as text: every day of four centuries, and
// the extremes, are written as they always were.
func TestDateStringIsTheStoredForm(t *testing.T) {
	day := time.Date(1850, 1, 1, 0, 0, 0, 0, time.UTC)
	for day.Year() < 2250 {
		d := DateOf(day)
		if got, want := d.String(), day.Format("2006-01-02"); got != want {
			t.Fatalf("%v written %q, want %q", day, got, want)
		}
		day = day.AddDate(0, 0, 1)
	}
	for _, c := range []struct {
		d    Date
		want string
	}{
		{Date{}, ""},
		{Date{1, 1, 1}, "0001-01-01"},
		{Date{9999, 12, 31}, "9999-12-31"},
		{Date{10000, 1, 2}, "10000-01-02"},
		{Date{2026, 13, 45}, "2026-13-45"}, // not a day, written as given
	} {
		if got := c.d.String(); got != c.want {
			t.Errorf("%#v written %q, want %q", c.d, got, c.want)
		}
		if got := string(c.d.AppendISO([]byte("x"))); c.want != "" && got != "x"+c.want {
			t.Errorf("%#v appended %q", c.d, got)
		}
	}
}
