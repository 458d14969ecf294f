package bank

import (
	"context"
	"errors"
	"io"
	"math/big"
	"strings"

	"github.com/xuri/excelize/v2"

	"carebook/internal/lazy"
)

// An Excel workbook (.xlsx) is read with excelize, sheet row by sheet row,
// with each cell's stored value rather than its display: an amount cell's
// number as Excel keeps it (exact: 15000.5, not "15 000,50" in one locale
// and "15,000.50" in another), a date cell's serial day number.

var numericCell = lazy.Regexp(`^-?\d+(\.\d+)?([Ee][+-]?\d+)?$`)

// xlsxRows reads one sheet's rows as records.
type xlsxRows struct {
	f      *excelize.File
	rows   *excelize.Rows
	n      int
	readEr error
}

func (x *xlsxRows) next() (record, bool) {
	if !x.rows.Next() {
		x.readEr = x.rows.Error()
		return record{}, false
	}
	x.n++
	cells, err := x.rows.Columns(excelize.Options{RawCellValue: true})
	if err != nil {
		x.readEr = err
		return record{}, false
	}
	rec := record{line: x.n, until: x.n, cells: cells}
	for i, c := range cells {
		c = strings.TrimSpace(c)
		if numericCell().MatchString(c) {
			if rec.numeric == nil {
				rec.numeric = map[int]bool{}
			}
			rec.numeric[i+1] = true
			c = plainDecimal(c)
		}
		cells[i] = c
	}
	return rec, true
}

func (x *xlsxRows) err() error { return x.readEr }

type xlsxCloser struct {
	f    *excelize.File
	rows *excelize.Rows
}

func (c xlsxCloser) Close() error {
	if c.rows != nil {
		c.rows.Close()
	}
	return c.f.Close()
}

// plainDecimal writes a number stored as 1.5E+3 as 1500.
func plainDecimal(s string) string {
	if !strings.ContainsAny(s, "Ee") {
		return s
	}
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		return s
	}
	out := r.FloatString(20)
	out = strings.TrimRight(strings.TrimRight(out, "0"), ".")
	return out
}

func (s *Source) openWorkbook() (*excelize.File, error) {
	f, err := excelize.OpenFile(s.Path)
	if err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) || strings.Contains(err.Error(), "zip") {
			return nil, &FileError{Code: "zip", Path: s.Path, Err: err}
		}
		return nil, &FileError{Code: "bad_format", Path: s.Path, What: "Excel", Err: err}
	}
	return f, nil
}

// xlsxRecords opens the chosen sheet's rows afresh.
func (s *Source) xlsxRecords() (recordSource, io.Closer, error) {
	f, err := s.openWorkbook()
	if err != nil {
		return nil, nil, err
	}
	rows, err := f.Rows(s.Sheet)
	if err != nil {
		f.Close()
		return nil, nil, &FileError{Code: "bad_format", Path: s.Path, What: "Excel", Err: err}
	}
	return &xlsxRows{f: f, rows: rows}, xlsxCloser{f, rows}, nil
}

// openXLSX finds the sheet that holds the statement (the active one first)
// and reads it like any table.
func (s *Source) openXLSX(ctx context.Context) error {
	f, err := s.openWorkbook()
	if err != nil {
		return err
	}
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		s.date1904 = *props.Date1904
	}
	sheets := f.GetSheetList()
	if active := f.GetActiveSheetIndex(); active > 0 && active < len(sheets) {
		sheets = append([]string{sheets[active]}, append(sheets[:active:active], sheets[active+1:]...)...)
	}
	f.Close()
	if len(sheets) == 0 {
		return &FileError{Code: "bad_format", Path: s.Path, What: "Excel", Err: errors.New("the workbook has no sheets")}
	}
	var first error
	for _, sheet := range sheets {
		s.Sheet = sheet
		err := s.openTable(ctx)
		if err == nil {
			return nil
		}
		if first == nil {
			first = err
		}
		var fe *FileError
		if !errors.As(err, &fe) || (fe.Code != "no_header" && fe.Code != "no_rows") {
			return err
		}
	}
	s.Sheet = sheets[0]
	return first
}
