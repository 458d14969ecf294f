package money

import "strings"

// Error says why a typed amount or rate could not be read: which field
// ("amount", "currency", "rate") and one of the codes below. The store turns
// it into its own field error, and the interface words it in the reader's
// language.
type Error struct {
	Field  string
	Code   string
	Params map[string]any // "max" for CodeOverflow, "value" for CodeUnknownCurrency
}

func (e *Error) Error() string { return e.Field + ": " + e.Code }

// The codes of Error; the store's field errors use the same words.
const (
	CodeRequired        = "required"         // nothing typed
	CodeBadAmount       = "bad_amount"       // not a number, too many decimals, a sign that disagrees
	CodeOverflow        = "overflow"         // more than MaxMajor
	CodeUnknownCurrency = "unknown_currency" // a code that is not an active currency
	CodeBadRate         = "bad_rate"         // not a positive exact decimal
)

// langOf is the language of a tag: "ru" of "ru-KZ" or "ru_RU".
func langOf(lang string) string {
	lang = strings.ToLower(lang)
	if i := strings.IndexAny(lang, "-_"); i > 0 {
		lang = lang[:i]
	}
	return lang
}
