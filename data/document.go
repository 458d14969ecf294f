package data

import (
	"carebook/internal/lazy"
	"carebook/internal/pdfpages"
)

// Document is a file attached to a child (or a generated letter): its
// metadata. The bytes live in the content-addressed folder beside the database.
type Document struct {
	Meta
	ChildID   string
	Kind      DocumentKind
	Title     string
	IssuedOn  Date
	Issuer    string // the clinic or office that issued it
	FileName  string // the original file name
	MediaType string
	Size      int64
	SHA256    string
	Note      string
	// Pages is the run of the stored file's pages this document is ("3-4"),
	// empty for the whole file: a letter's copy is its pages of the batch
	// it was printed in, which is stored once.
	Pages string
}

func (d *Document) table() (string, string) { return "documents", "document" }
func (d *Document) order() string           { return "kind, issued_on DESC, created_at" }
func (d *Document) fields() []field {
	return []field{
		{name: "child_id", ptr: null(&d.ChildID), ref: "children"},
		{name: "kind", ptr: &d.Kind},
		{name: "title", ptr: &d.Title},
		{name: "issued_on", ptr: &d.IssuedOn},
		{name: "issuer", ptr: &d.Issuer},
		{name: "file_name", ptr: &d.FileName},
		{name: "media_type", ptr: &d.MediaType},
		{name: "size", ptr: &d.Size},
		{name: "sha256", ptr: &d.SHA256},
		{name: "note", ptr: &d.Note},
		{name: "pages", ptr: &d.Pages, fixed: true},
	}
}

var sha256Pattern = lazy.Regexp(`^[0-9a-f]{64}$`)

func (d *Document) prepare() {}
func (d *Document) validate(today Date) error {
	var fe fieldErrs
	checkEnum(&fe, "kind", d.Kind, true, AllDocumentKinds)
	fe.checkText("title", &d.Title, ruleLine, maxShort, true)
	if fe.checkDate("issued_on", d.IssuedOn, false) && today.Before(d.IssuedOn) {
		fe.add("issued_on", CodeFutureDate)
	}
	fe.checkText("issuer", &d.Issuer, ruleLine, maxShort, false)
	fe.checkText("file_name", &d.FileName, ruleLine, maxShort, true)
	fe.checkText("media_type", &d.MediaType, ruleLine, maxShort, false)
	if d.Size < 0 {
		fe.add("size", CodeNegative)
	}
	if !sha256Pattern().MatchString(d.SHA256) {
		fe.add("sha256", CodeUnknownValue, "value", d.SHA256)
	}
	fe.checkText("note", &d.Note, ruleLong, maxLong, false)
	if d.Pages != "" {
		if _, err := pdfpages.ParseRange(d.Pages); err != nil || !d.IsPDF() {
			fe.add("pages", CodeUnknownValue, "value", d.Pages)
		}
	}
	return fe.err("document")
}
func (d *Document) summary() string { return string(d.Kind) + " " + d.FileName }
