package data

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"text/template"
	"text/template/parse"
)

// Letter templates are Go text templates over LetterData: {{.DonorName}},
// {{range .Donations}}{{.Date}} {{.Amount}}{{end}}. They are checked on save:
// only the fields below may be named, and nothing that could run other
// templates or functions is allowed, so a template can never run code or
// read files — it can only arrange the data it is given.

// LetterData is what a letter may say. Every field is plain text.
type LetterData struct {
	Salutation        string // "Dear Sarah Mitchell," / "Құрметті …!" / "Здравствуйте, …!"
	DonorName         string
	Donations         []LetterDonation
	Total             string // per currency: "15 000,00 ₸ and 100,00 €"
	TotalInWords      string
	ChildName         string // the one child all the donations are for: the first name, or the full name with publish_name consent
	ChildNameGenitive string // the same in the genitive in Russian («на лечение Кима Даниила»); as ChildName in other languages
	ChildNameDative   string // the same in the dative in Russian («помочь Айгерим С.»)
	ChildFirstName    string
	Children          string        // every child the donations are for, named the same way, joined
	Events            []LetterEvent // the last journey events
	Outcome           string
	FoundationName    string
	FoundationAddress string
	Director          string
	SignatureLine     string
	Date              string
	ReceiptNumber     string
}

// LetterDonation is one donation a letter covers.
type LetterDonation struct {
	Date          string
	Amount        string
	AmountInWords string
	Child         string
	ChildGenitive string // in Russian «для Кима Даниила»
	Method        string
}

// LetterEvent is a step of the child's journey.
type LetterEvent struct {
	Date  string
	Title string
}

// LetterFields lists the fields a template may use, for the editor.
var LetterFields = []string{"Salutation", "DonorName", "Donations", "Total", "TotalInWords", "ChildName",
	"ChildNameGenitive", "ChildNameDative", "ChildFirstName", "Children", "Events", "Outcome", "FoundationName", "FoundationAddress", "Director", "SignatureLine",
	"Date", "ReceiptNumber"}

var letterFieldsIn = map[string][]string{
	"":          LetterFields,
	"Donations": {"Date", "Amount", "AmountInWords", "Child", "ChildGenitive", "Method"},
	"Events":    {"Date", "Title"},
}

// Template error codes.
const (
	CodeUnknownField   = "unknown_field"
	CodeTemplateSyntax = "template_syntax"
)

func init() {
	codeText[CodeUnknownField] = "names a field letters do not have: {value}"
	codeText[CodeTemplateSyntax] = "cannot be read: {value}"
}

// ParseTemplate checks a template body and returns it ready to execute.
func ParseTemplate(body string) (*template.Template, error) {
	bad := func(code, value string) error {
		return &FieldError{Field: "body", Code: code, Params: map[string]any{"value": value}}
	}
	t, err := template.New("letter").Option("missingkey=error").Parse(body)
	if err != nil {
		msg := err.Error()
		if i := strings.Index(msg, "letter:"); i >= 0 {
			msg = msg[i+len("letter:"):]
		}
		return nil, bad(CodeTemplateSyntax, strings.TrimSpace(msg))
	}
	if len(t.Templates()) > 1 {
		return nil, bad(CodeTemplateSyntax, "{{define}} and {{block}} are not allowed")
	}
	if t.Tree == nil || t.Tree.Root == nil {
		return t, nil
	}
	if field, err := checkNode(t.Tree.Root, ""); err != nil {
		return nil, bad(CodeUnknownField, field)
	} else if field != "" {
		return nil, bad(CodeUnknownField, field)
	}
	return t, nil
}

// checkNode walks a template, the dot being the scope ("" the letter,
// "Donations" or "Events" inside their range). It returns the first field
// (or construct) that is not allowed.
func checkNode(n parse.Node, scope string) (string, error) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return "", nil
		}
		for _, c := range n.Nodes {
			if f, err := checkNode(c, scope); f != "" || err != nil {
				return f, err
			}
		}
	case *parse.ActionNode:
		return checkPipe(n.Pipe, scope)
	case *parse.IfNode:
		return checkBranch(&n.BranchNode, scope, scope)
	case *parse.WithNode:
		return checkBranch(&n.BranchNode, scope, scope)
	case *parse.RangeNode:
		inner := scope
		if len(n.Pipe.Cmds) == 1 && len(n.Pipe.Cmds[0].Args) == 1 {
			if f, ok := n.Pipe.Cmds[0].Args[0].(*parse.FieldNode); ok && scope == "" && len(f.Ident) == 1 {
				if _, ok := letterFieldsIn[f.Ident[0]]; ok {
					inner = f.Ident[0]
				}
			}
		}
		return checkBranch(&n.BranchNode, scope, inner)
	case *parse.TemplateNode:
		return "{{template}}", nil
	}
	return "", nil
}

func checkBranch(b *parse.BranchNode, scope, inner string) (string, error) {
	if f, err := checkPipe(b.Pipe, scope); f != "" || err != nil {
		return f, err
	}
	if f, err := checkNode(b.List, inner); f != "" || err != nil {
		return f, err
	}
	if b.ElseList != nil {
		return checkNode(b.ElseList, scope)
	}
	return "", nil
}

func checkPipe(p *parse.PipeNode, scope string) (string, error) {
	if p == nil {
		return "", nil
	}
	for _, cmd := range p.Cmds {
		for _, arg := range cmd.Args {
			switch a := arg.(type) {
			case *parse.FieldNode:
				if !slices.Contains(letterFieldsIn[scope], a.Ident[0]) || len(a.Ident) > 1 {
					return "." + strings.Join(a.Ident, "."), nil
				}
			case *parse.VariableNode:
				// $.Field reaches the letter from inside a range.
				if a.Ident[0] == "$" && len(a.Ident) > 1 && !slices.Contains(LetterFields, a.Ident[1]) {
					return strings.Join(a.Ident, "."), nil
				}
			case *parse.IdentifierNode:
				switch a.Ident {
				case "call", "html", "js", "urlquery", "print", "printf", "println", "slice", "index":
					return a.Ident, nil
				}
			case *parse.ChainNode:
				return a.String(), nil
			case *parse.PipeNode:
				if f, err := checkPipe(a, scope); f != "" || err != nil {
					return f, err
				}
			}
		}
	}
	return "", nil
}

// RenderTemplate fills a template with a letter's data.
func RenderTemplate(body string, d LetterData) (string, error) {
	t, err := ParseTemplate(body)
	if err != nil {
		return "", err
	}
	return FillTemplate(t, d)
}

// FillTemplate is RenderTemplate of a template ParseTemplate gave: a batch
// parses each of its templates once, not once for every letter.
func FillTemplate(t *template.Template, d LetterData) (string, error) {
	var b bytes.Buffer
	if err := t.Execute(&b, d); err != nil {
		return "", fmt.Errorf("the template could not be filled: %w", err)
	}
	return strings.TrimSpace(b.String()), nil
}
