// Package bank reads bank statements as banks export them, and turns their
// rows into donations for the store: CSV and TSV in UTF-8, UTF-16 or
// Windows-1251 (with the bank's title block above the table and totals
// below), Excel workbooks (XLSX), the 1C exchange format
// (1CClientBankExchange) and SWIFT MT940. The format is recognised from the
// content, not the file name. Each format has its file; all of them give
// the same Entry rows.
//
// Preparing an import (Prepare) reads the statement against the database
// and changes nothing: what would be imported, what is already recorded,
// what looks like a recorded donation and needs a person's decision, what
// left the account, what cannot be read and why, which donors are new and
// which children the purposes name. Import then writes, in one transaction,
// exactly what the preview showed and the person confirmed.
package bank

import (
	"fmt"

	"carebook/data"
	"carebook/money"
)

// Formats.
const (
	FormatTable = "table" // CSV or TSV text
	FormatXLSX  = "xlsx"
	Format1C    = "1c"
	FormatMT940 = "mt940"
)

// Facts are what a statement says about itself: in a table's title block,
// a 1C file's header and account section, an MT940's :25: and :60F:.
type Facts struct {
	Bank     string
	Account  string
	Holder   string
	Currency string // the account's currency, when the file says
	From, To data.Date
	Opening  string // the opening balance as written (MT940: as an amount, 1250000.00 KZT)
	Version  string // the 1C format's version
	// Periods are the statements a file holds, in order, when it holds
	// more than one (MT940 files often do); From and To then span them all.
	Periods []Period
}

// Period is one statement of a file: its dates and opening balance.
type Period struct {
	From, To data.Date
	Opening  string
}

// Entry is one row of a statement, read: what every format turns its rows
// into. An entry with a Problem cannot become a donation; the fields it
// could read are still set, to show.
type Entry struct {
	Line, Until int  // the lines it spans in the file (the worksheet row for XLSX)
	Out         bool // money that left the account: never a donation
	Reversal    bool // a reversal of an earlier payment (MT940 RC/RD)
	Date        data.Date
	Amount      money.Money
	Payer       string
	TaxID       string
	Purpose     string
	Reference   string
	// Codes are the payment's codes a Kazakh bank writes: КНП, the
	// purpose code (119: charitable help), and КБе, the beneficiary's;
	// kept in the donation's note ("КНП 119, КБе 18").
	Codes   string
	Problem *Problem
	// Note says how a value the bank wrote oddly was read ("30 February":
	// the last day of the month); it does not keep the row from import.
	Note string
}

// FileError refuses a whole file: nothing can be imported from it.
type FileError struct {
	Code string // "too_large", "empty", "unreadable", "xls", "pdf", "zip", "no_header", "no_columns", "no_rows", "bad_format"
	Path string
	Size int64  // for too_large: the file's size
	Max  int64  // for too_large: the largest Carebook reads
	Err  error  // the cause, when there is one
	What string // a detail: the format, or what is missing
}

func (e *FileError) Error() string {
	switch e.Code {
	case "too_large":
		return fmt.Sprintf("%s is %s; Carebook reads statements up to %s: ask the bank for a shorter period", e.Path, sizeText(e.Size), sizeText(e.Max))
	case "empty":
		return fmt.Sprintf("%s is empty", e.Path)
	case "xls":
		return fmt.Sprintf("%s is an Excel 97–2003 workbook (.xls): save it as .xlsx or CSV and import that", e.Path)
	case "pdf":
		return fmt.Sprintf("%s is a PDF: ask the bank for the statement as CSV, Excel (.xlsx), 1C or MT940", e.Path)
	case "zip":
		return fmt.Sprintf("%s is a ZIP file but not an Excel workbook", e.Path)
	case "no_header":
		return fmt.Sprintf("%s: no table with a date and an amount column was found: choose the columns", e.Path)
	case "no_columns":
		return fmt.Sprintf("%s: %s", e.Path, e.What)
	case "no_rows":
		return fmt.Sprintf("%s holds no statement rows (only a header, or only totals)", e.Path)
	case "bad_format":
		return fmt.Sprintf("%s is not a readable %s file: %s", e.Path, e.What, errText(e.Err))
	}
	return fmt.Sprintf("%s cannot be read: %s", e.Path, errText(e.Err))
}

func (e *FileError) Unwrap() error { return e.Err }

func errText(err error) string {
	if err == nil {
		return "unknown reason"
	}
	return err.Error()
}

func sizeText(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d KB", (n+1023)/1024)
}
