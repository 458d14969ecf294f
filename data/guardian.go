package data

import (
	"slices"
	"strings"
)

// Guardian is a child's parent or legal guardian.
type Guardian struct {
	Meta
	ChildID    string
	FullName   string
	Relation   Relation
	Phones     string
	Email      string
	Address    string
	Language   Language
	IDDocument string // identity document number: sensitive, never in public output
	Note       string
}

func (g *Guardian) table() (string, string) { return "guardians", "guardian" }
func (g *Guardian) maskMedical()            { g.IDDocument = "" }
func (g *Guardian) order() string           { return "created_at, id" }
func (g *Guardian) fields() []field {
	return []field{
		{name: "child_id", ptr: &g.ChildID, ref: "children"},
		{name: "full_name", ptr: &g.FullName},
		{name: "relation", ptr: &g.Relation},
		{name: "phones", ptr: &g.Phones},
		{name: "email", ptr: &g.Email},
		{name: "address", ptr: &g.Address},
		{name: "language", ptr: &g.Language},
		{name: "id_document", ptr: &g.IDDocument},
		{name: "note", ptr: &g.Note},
	}
}
func (g *Guardian) prepare() {}
func (g *Guardian) validate(Date) error {
	var fe fieldErrs
	if g.ChildID == "" {
		fe.add("child_id", CodeRequired)
	}
	fe.checkText("full_name", &g.FullName, ruleName, maxShort, true)
	checkEnum(&fe, "relation", g.Relation, true, AllRelations)
	fe.checkPhones("phones", &g.Phones)
	fe.checkEmail("email", &g.Email)
	fe.checkText("address", &g.Address, ruleLine, maxLine, false)
	checkEnum(&fe, "language", g.Language, false, AllLanguages)
	fe.checkText("id_document", &g.IDDocument, ruleLine, maxShort, false)
	fe.checkText("note", &g.Note, ruleLong, maxLong, false)
	return fe.err("guardian")
}
func (g *Guardian) summary() string { return string(g.Relation) }

// checkPhones accepts one or more numbers: digits, spaces, + - ( ) and , ; between numbers.
func (fe *fieldErrs) checkPhones(field string, p *string) {
	fe.checkText(field, p, ruleLine, maxShort, false)
	var bad []rune
	for _, r := range *p {
		if (r < '0' || r > '9') && !strings.ContainsRune(" +-()/,;.", r) && !slices.Contains(bad, r) {
			bad = append(bad, r)
		}
	}
	if len(bad) > 0 {
		fe.add(field, CodeBadChars, "chars", string(bad))
	}
}
