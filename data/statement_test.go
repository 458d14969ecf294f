package data

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
)

func cp1251(t *testing.T, s string) []byte {
	t.Helper()
	b, err := charmap.Windows1251.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

const kaspiStatement = `Дата;Сумма;Валюта;Плательщик;Назначение;Номер документа
05.03.2026;15 000,00;KZT;Жаксыбаева Айгуль;На лечение Аружан;KSP-1001
06.03.2026;2 500,50;KZT;Иванов Сергей Петрович;Помощь;KSP-1002
06.03.2026;12,5,0;KZT;Ошибкин;Опечатка в сумме;KSP-1003
31.02.2026;1 000,00;KZT;Петрова;Несуществующая дата;KSP-1004
07.03.2026;-100,00;KZT;Банк;Комиссия;KSP-1005
07.03.2026;1e9;KZT;Робот;Странная сумма;KSP-1006
08.03.2026;1000000000000000000000000;KZT;Богач;25 цифр;KSP-1007
08.03.2026;100,00;XYZ;Марсианин;Неизвестная валюта;KSP-1008
09.03.2026;5 000,00;KZT;Жаксыбаева Айгуль;Повтор строки;KSP-1001
05.03.2026;15 000,00;KZT;Жаксыбаева Айгуль;Повтор первой;KSP-1001
10.03.2026;7 000,00
11.03.2026;3 000,00;KZT;;Наличные в кассу;КАССА-11
`

func TestImportWindows1251SemicolonsDecimalCommas(t *testing.T) {
	s := newStore(t)
	c := newChild(t, s, "Аружан", "Мұратбекова")
	// A donor typed with Kazakh letters is found from the Russian look-alikes a
	// Windows-1251 file can hold.
	mustCreate(t, s.Donors.Create(ctx, &Donor{DisplayName: "ЖАҚСЫБАЕВА Айгүль"}))
	raw, err := ReadStatement(bytes.NewReader(cp1251(t, kaspiStatement)))
	if err != nil {
		t.Fatal(err)
	}
	if raw.Encoding != "Windows-1251" || raw.Delimiter != ';' {
		t.Fatalf("detected %s, %q", raw.Encoding, raw.Delimiter)
	}
	st, err := s.PrepareImport(ctx, raw, StatementOptions{ChildID: c.ID})
	if err != nil {
		t.Fatal(err)
	}
	if st.Opts.DateCol != 1 || st.Opts.AmountCol != 2 || st.Opts.CurrencyCol != 3 || st.Opts.DonorCol != 4 || st.Opts.ReferenceCol != 6 {
		t.Fatalf("columns found: %+v", st.Opts)
	}
	want := map[int]string{ // line → state/code
		2: "ok", 3: "ok", 4: "rejected/bad_amount", 5: "rejected/bad_date", 6: "rejected/negative",
		7: "rejected/bad_amount", 8: "rejected/overflow", 9: "rejected/unknown_currency", 10: "ok",
		11: "duplicate/in_file", 12: "rejected/columns", 13: "ok",
	}
	for _, r := range st.Rows {
		got := r.State
		if r.State != RowOK {
			got += "/" + r.Code
		}
		if got != want[r.Line] {
			t.Errorf("line %d: %s, want %s (%s)", r.Line, got, want[r.Line], r.Reason())
		}
		if r.State != RowOK && !strings.HasPrefix(r.Reason(), fmt.Sprintf("line %d:", r.Line)) {
			t.Errorf("reason does not name the line: %q", r.Reason())
		}
	}
	if st.OK != 4 || st.Duplicates != 1 || st.Rejected != 7 {
		t.Fatalf("counts %d/%d/%d", st.OK, st.Duplicates, st.Rejected)
	}
	if r := st.Rows[0]; r.Donation.Amount != M(1500000, "KZT") || r.Donation.ReceivedOn != MustDate("2026-03-05") || r.Donor != "Жаксыбаева Айгуль" {
		t.Fatalf("first row read as %+v", r.Donation)
	}
	// Preparing changed nothing.
	if n, _ := s.CountDonations(ctx, c.ID); n != 0 {
		t.Fatalf("preparing saved %d donations", n)
	}
	res, err := s.Import(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	if res.Imported != 4 || res.NewDonors != 1 { // Айгүл is known (folded match); Иванов is new; the cash row has no donor
		t.Fatalf("result %+v", res)
	}
	dons, _ := s.Donations.ListFor(ctx, "child_id", c.ID)
	if len(dons) != 4 {
		t.Fatalf("%d donations recorded", len(dons))
	}
	// The same file again: everything is a duplicate, nothing doubles.
	st2, _ := s.PrepareImport(ctx, raw, StatementOptions{ChildID: c.ID})
	if st2.OK != 0 || st2.Duplicates != 5 {
		t.Fatalf("second preview: ok %d, duplicates %d", st2.OK, st2.Duplicates)
	}
	res2, _ := s.Import(ctx, st2)
	if res2.Imported != 0 {
		t.Fatalf("second import added %d", res2.Imported)
	}
}

func TestImportUTF8WithBOMTabsAndISODates(t *testing.T) {
	s := newStore(t)
	file := "\xef\xbb\xbfDate\tAmount\tSender\tReference\n2026-03-05\t1,234.50\tSarah Mitchell\tMT103-1\n2026-03-06\t50\tOʻrinboyev Jasur\tMT103-2\n\t\t\t\n \t \t\t\n"
	raw, err := ReadStatement(strings.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	if raw.Encoding != "UTF-8 with BOM" || raw.Delimiter != '\t' {
		t.Fatalf("detected %s %q", raw.Encoding, raw.Delimiter)
	}
	st, err := s.PrepareImport(ctx, raw, StatementOptions{Currency: "eur"})
	if err != nil {
		t.Fatal(err)
	}
	// The empty rows banks add at the end are neither imported nor rejected.
	if st.OK != 2 || len(st.Rows) != 2 || st.Rows[0].Donation.Amount != M(123450, "EUR") || st.Rows[1].Donor != "Oʻrinboyev Jasur" {
		t.Fatalf("rows: %+v", st.Rows)
	}
}

func TestImportWholeFileProblems(t *testing.T) {
	s := newStore(t)
	for name, tc := range map[string]struct {
		file []byte
		opts StatementOptions
		code string
	}{
		"empty":           {[]byte(""), StatementOptions{}, "empty"},
		"header only":     {[]byte("Дата;Сумма;Валюта\n"), StatementOptions{}, "header_only"},
		"no date column":  {[]byte("Foo;Bar\n1;2\n"), StatementOptions{}, "no_columns"},
		"no currency":     {[]byte("Дата;Сумма\n05.03.2026;100\n"), StatementOptions{}, "no_columns"},
		"only blank rows": {[]byte("\n\n  \n"), StatementOptions{}, "empty"},
	} {
		t.Run(name, func(t *testing.T) {
			raw, err := ReadStatement(bytes.NewReader(tc.file))
			if err == nil {
				_, err = s.PrepareImport(ctx, raw, tc.opts)
			}
			var se *StatementError
			if !errors.As(err, &se) || se.Code != tc.code {
				t.Fatalf("want %s, got %v", tc.code, err)
			}
		})
	}
}

// A file where some lines were saved in UTF-8 and most in Windows-1251: the
// odd lines are named and refused, the rest still import.
func TestImportMixedEncodings(t *testing.T) {
	s := newStore(t)
	var b bytes.Buffer
	b.Write(cp1251(t, "Дата;Сумма;Валюта;Плательщик;Номер\n05.03.2026;100,00;KZT;Иванов;R1\n06.03.2026;200,00;KZT;Петров;R2\n"))
	b.WriteString("07.03.2026;300,00;KZT;Сидоров;R3\n") // UTF-8
	b.Write(cp1251(t, "08.03.2026;400,00;KZT;Ким;R4\n"))
	raw, err := ReadStatement(&b)
	if err != nil {
		t.Fatal(err)
	}
	st, err := s.PrepareImport(ctx, raw, StatementOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if raw.Encoding != "Windows-1251" || st.OK != 3 || st.Rejected != 1 || st.Rows[2].Code != "encoding" || st.Rows[2].Line != 4 {
		t.Fatalf("%s: ok %d rejected %d; row 3 %+v", raw.Encoding, st.OK, st.Rejected, st.Rows[2])
	}
	if st.Rows[0].Donor != "Иванов" {
		t.Fatalf("decoded donor %q", st.Rows[0].Donor)
	}
}

func TestImportIsAllOrNothing(t *testing.T) {
	s := newStore(t)
	raw, _ := ReadStatement(strings.NewReader("Дата;Сумма;Валюта;Номер\n05.03.2026;100;KZT;A\n06.03.2026;200;KZT;B\n"))
	st, err := s.PrepareImport(ctx, raw, StatementOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// Break the second row after the preview: its child does not exist.
	st.Rows[1].Donation.ChildID = NewID()
	if _, err := s.Import(ctx, st); err == nil {
		t.Fatal("an import with a broken row succeeded")
	}
	var n int
	s.db.QueryRow("SELECT count(*) FROM donations").Scan(&n)
	if n != 0 {
		t.Fatalf("a failed import left %d donations", n)
	}
}

// 300 000 rows are read, checked and imported in one transaction.
func TestImportThreeHundredThousandRows(t *testing.T) {
	if testing.Short() {
		t.Skip("large file")
	}
	s := newStore(t)
	var b strings.Builder
	b.WriteString("Дата;Сумма;Валюта;Плательщик;Номер\n")
	for i := range 300000 {
		fmt.Fprintf(&b, "%02d.%02d.2026;%d,%02d;KZT;Донор %d;R%d\n", i%28+1, i%10+1, 1000+i%5000, i%100, i%997, i)
	}
	raw, err := ReadStatement(strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	st, err := s.PrepareImport(ctx, raw, StatementOptions{})
	if err != nil || st.OK != 300000 {
		t.Fatalf("prepared %d ok, %v", st.OK, err)
	}
	res, err := s.Import(ctx, st)
	if err != nil || res.Imported != 300000 || res.NewDonors != 997 {
		t.Fatalf("imported %+v, %v", res, err)
	}
}
