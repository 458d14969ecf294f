package data

import (
	"errors"
	"fmt"
	"strings"

	"carebook/money"
)

// ErrNotFound is returned when a row does not exist (or is in the Trash and the
// caller asked only for live rows).
var ErrNotFound = errors.New("not found")

// FieldError says what is wrong with one field. Field is the column name
// ("first_name", "birth_date"); Code is a stable machine word the UI translates
// ("required", "too_long", …); Params carries the numbers a message needs.
type FieldError struct {
	Field  string
	Code   string
	Params map[string]any
}

// Error codes used in FieldError.Code.
const (
	CodeRequired        = money.CodeRequired
	CodeTooLong         = "too_long"
	CodeInvalidUTF8     = "invalid_utf8"
	CodeControlChars    = "control_chars"
	CodeBadChars        = "bad_chars"
	CodeBadDate         = "bad_date"
	CodeFutureDate      = "future_date"
	CodeTooOld          = "too_old"
	CodeDateOrder       = "date_order"
	CodeBadAmount       = money.CodeBadAmount
	CodeNegative        = "negative"
	CodeZero            = "zero"
	CodeOverflow        = money.CodeOverflow
	CodeUnknownCurrency = money.CodeUnknownCurrency
	CodeUnknownValue    = "unknown_value"
	CodeBadEmail        = "bad_email"
	CodeBadRate         = money.CodeBadRate
	CodeMissingRef      = "missing_ref"
	CodeDuplicate       = "duplicate"
	CodeHeadOfficeOnly  = "head_office_only"
)

var codeText = map[string]string{
	CodeHeadOfficeOnly:  "is the foundation's, changed by the head office only",
	CodeRequired:        "is required",
	CodeTooLong:         "is longer than {max} characters",
	CodeInvalidUTF8:     "is not valid UTF-8 text",
	CodeControlChars:    "contains control characters",
	CodeBadChars:        "contains characters not allowed here: {chars}",
	CodeBadDate:         "is not a date (write it as 2026-02-23 or 23.02.2026)",
	CodeFutureDate:      "is in the future",
	CodeTooOld:          "is before {min}",
	CodeDateOrder:       "is before {other}",
	CodeBadAmount:       "is not an amount (write it as 1 234,50 or 1234.50)",
	CodeNegative:        "cannot be negative",
	CodeZero:            "cannot be zero",
	CodeOverflow:        "is too large (at most {max})",
	CodeUnknownCurrency: "is not a known currency code: {value}",
	CodeUnknownValue:    "has an unknown value: {value}",
	CodeBadEmail:        "is not an e-mail address",
	CodeBadRate:         "is not a positive exchange rate",
	CodeMissingRef:      "refers to a record that does not exist or is in the Trash",
	CodeDuplicate:       "already exists: {value}",
}

// Error is an English sentence naming the field, for logs and the command line.
// The UI builds its own sentence from Field, Code and Params.
func (e *FieldError) Error() string {
	msg, ok := codeText[e.Code]
	if !ok {
		msg = e.Code
	}
	for k, v := range e.Params {
		msg = strings.ReplaceAll(msg, "{"+k+"}", strings.ReplaceAll(fmt.Sprint(v), "_", " "))
	}
	return strings.ReplaceAll(e.Field, "_", " ") + " " + msg
}

// ValidationError collects every field problem of one save, so a form can show
// them all at once.
type ValidationError struct {
	Entity string
	Fields []*FieldError
}

func (e *ValidationError) Error() string {
	parts := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		parts[i] = f.Error()
	}
	return e.Entity + ": " + strings.Join(parts, "; ")
}

// Field returns the problem with the named field, or nil.
func (e *ValidationError) Field(name string) *FieldError {
	for _, f := range e.Fields {
		if f.Field == name {
			return f
		}
	}
	return nil
}

// FieldErrors returns the field problems inside err, whatever wraps them.
func FieldErrors(err error) []*FieldError {
	var ve *ValidationError
	if errors.As(err, &ve) {
		return ve.Fields
	}
	var fe *FieldError
	if errors.As(err, &fe) {
		return []*FieldError{fe}
	}
	var me *money.Error
	if errors.As(err, &me) {
		return []*FieldError{{Field: me.Field, Code: me.Code, Params: me.Params}}
	}
	return nil
}

// TransitionError refuses a status change. Need is empty when the workflow
// does not allow the move at all, or says what is missing for an allowed one.
type TransitionError struct {
	From, To Status
	Need     string // "", NeedReason, NeedOutcome, NeedLive (the case is in the Trash), NeedPapers
	// Missing are the required papers missing or expired (NeedPapers).
	Missing []DocumentKind
}

// What a status change may lack.
const (
	NeedReason  = "reason"
	NeedOutcome = "outcome"
	NeedLive    = "live"
	NeedPapers  = "papers" // required papers are missing: a reason to go on without them
)

func (e *TransitionError) Error() string {
	why := map[string]string{
		NeedReason:  "a reason is required",
		NeedOutcome: "an outcome is required (treated, transferred, withdrawn or deceased)",
		NeedLive:    "the case is in the Trash",
		NeedPapers:  fmt.Sprintf("required papers are missing (%s): give a reason to go on without them", joinKinds(e.Missing)),
	}[e.Need]
	if why != "" {
		return fmt.Sprintf("cannot change status from %s to %s: %s", e.From, e.To, why)
	}
	return fmt.Sprintf("cannot change status from %s to %s", e.From, e.To)
}

// OpenError is returned by Open when a file is refused. The file is left as it was.
type OpenError struct {
	Path string
	Kind string // one of the Open… constants below
	// Version and Known are set for too_new (and version_lowered: the
	// version the header says, and the schema its tables are of).
	Version, Known int
	Err            error
}

// Why a database is not opened (OpenError.Kind); the screens say each in
// the person's language.
const (
	OpenUnreadable     = "unreadable"      // it cannot be read (Err says why)
	OpenMissing        = "missing"         // there is no file
	OpenEmpty          = "empty"           // a file of 0 bytes
	OpenNotSQLite      = "not_sqlite"      // not an SQLite file
	OpenNotCarebook    = "not_carebook"    // another program's database
	OpenForeignWAL     = "foreign_wal"     // beside a -wal that is not its own
	OpenTooNew         = "too_new"         // a newer Carebook's
	OpenOldReadOnly    = "old_read_only"   // older, and where it cannot be updated
	OpenVersionLowered = "version_lowered" // its header says older than its tables are
	OpenCompanion      = "companion"       // named as another database's -wal, -shm, -journal or lock
	OpenInBackups      = "in_backups"      // inside a folder of backups
)

func (e *OpenError) Error() string {
	switch e.Kind {
	case OpenNotSQLite:
		return fmt.Sprintf("%s is not a Carebook database (it is not an SQLite file); it was left untouched", e.Path)
	case OpenNotCarebook:
		return fmt.Sprintf("%s is an SQLite database of another program, not a Carebook database; it was left untouched", e.Path)
	case OpenTooNew:
		return fmt.Sprintf("%s was written by a newer Carebook (schema %d, this one knows %d); update Carebook to open it; the file was left untouched", e.Path, e.Version, e.Known)
	case OpenEmpty:
		return fmt.Sprintf("%s is empty (0 bytes), not a Carebook database; it was left untouched. If it was your database, restore the last backup; to start a new one, choose a new file name", e.Path)
	case OpenForeignWAL:
		return fmt.Sprintf("beside %s lies %s-wal, which is not its write-ahead log (it is damaged or belongs to another database); both were left untouched. Move the -wal file away if you know where it came from, or restore the last backup", e.Path, e.Path)
	case OpenMissing:
		return fmt.Sprintf("%s does not exist", e.Path)
	case OpenVersionLowered:
		return fmt.Sprintf("%s says it is of schema %d but already holds the tables of schema %d: another program changed its header; it was left untouched. Restore the last backup, or ask for help to set its version back", e.Path, e.Version, e.Known)
	case OpenInBackups:
		return fmt.Sprintf("%s is inside a folder of Carebook backups; no database is made there: choose another folder", e.Path)
	case OpenCompanion:
		return fmt.Sprintf("%s is named as a file that belongs to a database beside it (its -wal, -shm, -journal or lock file); no database was made there: choose a name ending in .db", e.Path)
	case OpenOldReadOnly:
		return fmt.Sprintf("%s was written by an older Carebook and must be updated, which cannot be done where it is (the disk cannot be written or is full); copy it to a disk with room first", e.Path)
	default:
		if e.Err != nil {
			return fmt.Sprintf("cannot open %s: %v", e.Path, e.Err)
		}
		return "cannot open " + e.Path
	}
}

func (e *OpenError) Unwrap() error { return e.Err }

// fieldErrs accumulates field errors during validation.
type fieldErrs []*FieldError

func (fe *fieldErrs) add(field, code string, kv ...any) {
	var params map[string]any
	if len(kv) > 0 {
		params = map[string]any{}
		for i := 0; i+1 < len(kv); i += 2 {
			params[kv[i].(string)] = kv[i+1]
		}
	}
	*fe = append(*fe, &FieldError{Field: field, Code: code, Params: params})
}

func (fe fieldErrs) err(entity string) error {
	if len(fe) == 0 {
		return nil
	}
	return &ValidationError{Entity: entity, Fields: fe}
}

// check records what is wrong with an amount on a form.
func (fe *fieldErrs) checkMoney(field string, m money.Money, allowZero bool) {
	c, ok := money.LookupCurrency(m.Currency)
	if !ok {
		if m.Currency == "" {
			fe.add("currency", CodeRequired)
		} else {
			fe.add("currency", CodeUnknownCurrency, "value", m.Currency)
		}
		return
	}
	switch {
	case m.Minor < 0:
		fe.add(field, CodeNegative)
	case m.Minor == 0 && !allowZero:
		fe.add(field, CodeZero)
	case m.Minor > money.MaxMinor(c.Code):
		fe.add(field, CodeOverflow, "max", money.M(money.MaxMinor(c.Code), c.Code).Format("en"))
	}
}
