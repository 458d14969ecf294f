package data

import (
	"cmp"
	"database/sql/driver"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// stampLayout is RFC 3339 in UTC with fixed milliseconds, so that stored
// timestamps sort as text.
const stampLayout = "2006-01-02T15:04:05.000Z07:00"

// Timestamp is an instant stored as RFC 3339 UTC text; the zero value is NULL.
type Timestamp struct{ time.Time }

// Stamp wraps t, in UTC.
func Stamp(t time.Time) Timestamp { return Timestamp{t.UTC()} }

// Value implements driver.Valuer.
func (t Timestamp) Value() (driver.Value, error) {
	if t.IsZero() {
		return nil, nil
	}
	return t.UTC().Format(stampLayout), nil
}

// Scan implements sql.Scanner.
func (t *Timestamp) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*t = Timestamp{}
		return nil
	case string:
		return t.parse(v)
	case []byte:
		return t.parse(string(v))
	case time.Time:
		*t = Timestamp{v.UTC()}
		return nil
	}
	return fmt.Errorf("timestamp: cannot scan %T", src)
}

func (t *Timestamp) parse(s string) error {
	v, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return fmt.Errorf("timestamp %q: %w", s, err)
	}
	*t = Timestamp{v.UTC()}
	return nil
}

// Date is a calendar date a person typed (birth date, operation date), with no
// time of day and no time zone. The zero value means "not given" and is NULL.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf returns the calendar date of t in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// NewDate builds a date; it does not check it (Valid does).
func NewDate(y int, m time.Month, d int) Date { return Date{y, m, d} }

// IsZero reports whether no date is set.
func (d Date) IsZero() bool { return d == Date{} }

// Valid reports whether d is a real calendar date (no 31 February).
func (d Date) Valid() bool {
	if d.Year < 1 || d.Year > 9999 || d.Month < 1 || d.Month > 12 || d.Day < 1 {
		return false
	}
	return d.Time().Day() == d.Day
}

// Time is midnight UTC of the date.
func (d Date) Time() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }

// String is the ISO form YYYY-MM-DD, or "" for the zero date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return string(d.AppendISO(make([]byte, 0, 10)))
}

// AppendISO appends the date as String writes it (2026-02-23) to b: for
// the many dates of a statement, a list or a file.
func (d Date) AppendISO(b []byte) []byte {
	if d.Year < 0 || d.Year > 9999 || d.Month < 0 || d.Month > 99 || d.Day < 0 || d.Day > 99 {
		return fmt.Appendf(b, "%04d-%02d-%02d", d.Year, d.Month, d.Day)
	}
	y, m := d.Year, int(d.Month)
	return append(b, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
		byte('0'+m/10), byte('0'+m%10), '-', byte('0'+d.Day/10), byte('0'+d.Day%10))
}

// Local is the form people in the language read at a glance: 23.02.2026 in
// ru, kk and uz, 23 Feb 2026 in English (never the ambiguous 02/23).
func (d Date) Local(lang string) string {
	if d.IsZero() {
		return ""
	}
	switch baseLang(lang) {
	case "ru", "kk", "uz":
		return fmt.Sprintf("%02d.%02d.%04d", d.Day, d.Month, d.Year)
	}
	return fmt.Sprintf("%d %s %d", d.Day, englishMonths[d.Month-1][:3], d.Year)
}

// Moment is a moment as people read it: the date as Local writes it and
// the time of day, in the computer's time zone.
func Moment(t time.Time, lang string) string {
	t = t.Local()
	return DateOf(t).Local(lang) + " " + t.Format("15:04")
}

// Words is the date as a letter writes it: "23 ноября 2026 г.",
// "2026 жылғы 23 қарашада", "2026-yil 23-noyabr", "23 November 2026".
// Tables keep Local's numbers.
func (d Date) Words(lang string) string {
	if d.IsZero() {
		return ""
	}
	m := d.Month - 1
	switch baseLang(lang) {
	case "ru":
		return fmt.Sprintf("%d %s %d г.", d.Day, russianMonthsGenitive[m], d.Year)
	case "kk":
		return fmt.Sprintf("%d жылғы %d %s", d.Year, d.Day, kazakhMonthsLocative[m])
	case "uz":
		return fmt.Sprintf("%d-yil %d-%s", d.Year, d.Day, uzbekMonths[m])
	}
	return fmt.Sprintf("%d %s %d", d.Day, englishMonths[m], d.Year)
}

var russianMonthsGenitive = [12]string{"января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
	"сентября", "октября", "ноября", "декабря"}

// "in November": қараша → қарашада (the locative, by vowel harmony and
// the last sound).
var kazakhMonthsLocative = [12]string{"қаңтарда", "ақпанда", "наурызда", "сәуірде", "мамырда", "маусымда",
	"шілдеде", "тамызда", "қыркүйекте", "қазанда", "қарашада", "желтоқсанда"}

var uzbekMonths = [12]string{"yanvar", "fevral", "mart", "aprel", "may", "iyun", "iyul", "avgust",
	"sentabr", "oktabr", "noyabr", "dekabr"}

var englishMonths = [12]string{"January", "February", "March", "April", "May", "June", "July", "August",
	"September", "October", "November", "December"}

// monthNames are the months as a calendar's heading names them.
var monthNames = map[string][12]string{
	"en": englishMonths,
	"ru": {"Январь", "Февраль", "Март", "Апрель", "Май", "Июнь", "Июль", "Август", "Сентябрь", "Октябрь", "Ноябрь", "Декабрь"},
	"kk": {"Қаңтар", "Ақпан", "Наурыз", "Сәуір", "Мамыр", "Маусым", "Шілде", "Тамыз", "Қыркүйек", "Қазан", "Қараша", "Желтоқсан"},
	"uz": {"Yanvar", "Fevral", "Mart", "Aprel", "May", "Iyun", "Iyul", "Avgust", "Sentabr", "Oktabr", "Noyabr", "Dekabr"},
}

// MonthName is the month as a calendar's heading names it ("Қараша").
func MonthName(m time.Month, lang string) string {
	names, ok := monthNames[baseLang(lang)]
	if !ok {
		names = englishMonths
	}
	return names[m-1]
}

// parseWordDate reads an English date with the month in words, as Local
// writes it: "23 Feb 2026", "23 February 2026", "Feb 23, 2026".
func parseWordDate(s string) (Date, bool) {
	f := strings.Fields(strings.NewReplacer(",", " ", ".", " ").Replace(s))
	if len(f) != 3 {
		return Date{}, false
	}
	month := func(w string) time.Month {
		w = strings.ToLower(w)
		for i, m := range englishMonths {
			if len(w) >= 3 && strings.HasPrefix(strings.ToLower(m), w) {
				return time.Month(i + 1)
			}
		}
		return 0
	}
	day, m := f[0], month(f[1])
	if m == 0 {
		day, m = f[1], month(f[0])
	}
	dn, err1 := strconv.Atoi(day)
	yn, err2 := strconv.Atoi(f[2])
	if m == 0 || err1 != nil || err2 != nil || len(f[2]) != 4 {
		return Date{}, false
	}
	d := Date{yn, m, dn}
	return d, d.Valid()
}

// Before reports whether d is earlier than e.
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }

// Compare returns -1, 0 or 1.
func (d Date) Compare(e Date) int {
	return cmp.Or(cmp.Compare(d.Year, e.Year), cmp.Compare(d.Month, e.Month), cmp.Compare(d.Day, e.Day))
}

// AddDays returns the date n days later (or earlier for negative n).
func (d Date) AddDays(n int) Date { return DateOf(d.Time().AddDate(0, 0, n)) }

// YearsOn returns the age in whole years on day `on` of someone born on d.
func (d Date) YearsOn(on Date) int {
	years := on.Year - d.Year
	if on.Month < d.Month || on.Month == d.Month && on.Day < d.Day {
		years--
	}
	return years
}

// ParseDate reads a date the way people write it: 2026-02-23, 23.02.2026,
// 23/02/2026, 23-02-2026, with or without leading zeros. Empty input gives the
// zero date and no error. 31.02.2026 is an error: a *FieldError for the field
// "date" with code bad_date (the caller may rename the field).
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Date{}, nil
	}
	bad := &FieldError{Field: "date", Code: CodeBadDate, Params: map[string]any{"value": s}}
	if strings.IndexFunc(s, unicode.IsLetter) >= 0 {
		if d, ok := parseWordDate(s); ok {
			return d, nil
		}
		return Date{}, bad
	}
	var parts []string
	for _, sep := range []string{"-", ".", "/"} {
		if strings.Contains(s, sep) {
			parts = strings.Split(s, sep)
			break
		}
	}
	if len(parts) != 3 {
		return Date{}, bad
	}
	nums := make([]int, 3)
	for i, p := range parts {
		p = strings.TrimSpace(p)
		n, err := strconv.Atoi(p)
		if err != nil || p == "" || p[0] == '+' || p[0] == '-' || len(p) > 4 {
			return Date{}, bad
		}
		nums[i] = n
	}
	var d Date
	switch {
	case len(strings.TrimSpace(parts[0])) == 4: // year first
		d = Date{nums[0], time.Month(nums[1]), nums[2]}
	case len(strings.TrimSpace(parts[2])) == 4: // day first
		d = Date{nums[2], time.Month(nums[1]), nums[0]}
	default:
		return Date{}, bad
	}
	if !d.Valid() {
		return Date{}, bad
	}
	return d, nil
}

// MustDate parses an ISO date and panics on error; for fixed dates in code.
func MustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// Value implements driver.Valuer.
func (d Date) Value() (driver.Value, error) {
	if d.IsZero() {
		return nil, nil
	}
	return d.String(), nil
}

// Scan implements sql.Scanner.
func (d *Date) Scan(src any) error {
	var s string
	switch v := src.(type) {
	case nil:
		*d = Date{}
		return nil
	case string:
		s = v
	case []byte:
		s = string(v)
	case time.Time:
		*d = DateOf(v)
		return nil
	default:
		return fmt.Errorf("date: cannot scan %T", src)
	}
	if v, ok := storedDate(s); ok {
		*d = v
		return nil
	}
	v, err := ParseDate(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// storedDate reads the form Carebook stores, YYYY-MM-DD, without the
// general parser: a list of ten thousand children reads as many dates.
func storedDate(s string) (Date, bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, false
	}
	n := 0
	for i := 0; i < 10; i++ {
		if i == 4 || i == 7 {
			continue
		}
		c := s[i]
		if c < '0' || c > '9' {
			return Date{}, false
		}
		n = n*10 + int(c-'0')
	}
	d := Date{n / 10000, time.Month(n / 100 % 100), n % 100}
	return d, d.Valid()
}

// checkDate records an invalid date (a Date built in code, not parsed).
func (fe *fieldErrs) checkDate(field string, d Date, required bool) bool {
	if d.IsZero() {
		if required {
			fe.add(field, CodeRequired)
		}
		return false
	}
	if !d.Valid() {
		fe.add(field, CodeBadDate)
		return false
	}
	return true
}

// checkDateOrder records that `later` is before `earlier` when both are set.
func (fe *fieldErrs) checkDateOrder(field string, later Date, otherField string, earlier Date) {
	if !later.IsZero() && !earlier.IsZero() && later.Valid() && earlier.Valid() && later.Before(earlier) {
		fe.add(field, CodeDateOrder, "other", otherField)
	}
}

func baseLang(lang string) string {
	lang = strings.ToLower(lang)
	if i := strings.IndexAny(lang, "-_"); i > 0 {
		lang = lang[:i]
	}
	return lang
}
