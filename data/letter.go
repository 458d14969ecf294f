package data

import "fmt"

// LetterTemplate is the text of a letter with merge fields.
type LetterTemplate struct {
	Meta
	Name     string
	Kind     TemplateKind
	Language Language
	Body     string
}

func (t *LetterTemplate) table() (string, string) { return "letter_templates", "template" }
func (t *LetterTemplate) order() string           { return "kind, language, name" }
func (t *LetterTemplate) fields() []field {
	return []field{
		{name: "name", ptr: &t.Name},
		{name: "kind", ptr: &t.Kind},
		{name: "language", ptr: &t.Language},
		{name: "body", ptr: &t.Body},
	}
}
func (t *LetterTemplate) prepare() {}
func (t *LetterTemplate) validate(Date) error {
	var fe fieldErrs
	fe.checkText("name", &t.Name, ruleLine, maxShort, true)
	checkEnum(&fe, "kind", t.Kind, true, AllTemplateKinds)
	checkEnum(&fe, "language", t.Language, true, AllLanguages)
	fe.checkText("body", &t.Body, ruleLong, maxBody, true)
	if len(fe) == 0 {
		if _, err := ParseTemplate(t.Body); err != nil {
			fe = append(fe, FieldErrors(err)...)
		}
	}
	return fe.err("template")
}
func (t *LetterTemplate) summary() string { return t.Name }

// Letter is one generated letter to a donor.
type Letter struct {
	Meta
	DonorID    string
	TemplateID string
	ChildID    string
	Kind       TemplateKind
	Language   Language
	CreatedOn  Date
	DocumentID string // the PDF, stored like a document
	Status     LetterStatus
	ReceiptNo  int64 // receipts only: sequential, never reused
	// ReceiptOffice is the office that numbered the receipt: each office
	// counts its own, so two offices never print the same number.
	ReceiptOffice string
}

// ReceiptLabel is a receipt's number as printed: the head office's as they
// always were (000012), a regional office's with its code (SHY-000012).
func ReceiptLabel(office string, no int64) string {
	if office == "" || office == HeadOffice {
		return fmt.Sprintf("%06d", no)
	}
	return fmt.Sprintf("%s-%06d", office, no)
}

func (l *Letter) table() (string, string) { return "letters", "letter" }
func (l *Letter) order() string           { return "created_on DESC, created_at DESC" }
func (l *Letter) fields() []field {
	return []field{
		{name: "donor_id", ptr: &l.DonorID, ref: "donors"},
		{name: "template_id", ptr: null(&l.TemplateID), ref: "letter_templates"},
		{name: "child_id", ptr: null(&l.ChildID), ref: "children"},
		{name: "kind", ptr: &l.Kind},
		{name: "language", ptr: &l.Language},
		{name: "created_on", ptr: &l.CreatedOn},
		{name: "document_id", ptr: null(&l.DocumentID), ref: "documents"},
		{name: "status", ptr: &l.Status},
		{name: "receipt_no", ptr: nullInt{&l.ReceiptNo}, fixed: true},
		{name: "receipt_office", ptr: &l.ReceiptOffice, fixed: true},
	}
}
func (l *Letter) prepare() {
	if l.Status == "" {
		l.Status = LetterDraft
	}
}
func (l *Letter) validate(Date) error {
	var fe fieldErrs
	if l.DonorID == "" {
		fe.add("donor_id", CodeRequired)
	}
	checkEnum(&fe, "kind", l.Kind, true, AllTemplateKinds)
	checkEnum(&fe, "language", l.Language, true, AllLanguages)
	fe.checkDate("created_on", l.CreatedOn, true)
	checkEnum(&fe, "status", l.Status, true, AllLetterStatuses)
	return fe.err("letter")
}
func (l *Letter) summary() string { return string(l.Kind) + " " + string(l.Language) }
