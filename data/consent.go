package data

// Consent is a permission a guardian gave, with its signed form.
type Consent struct {
	Meta
	ChildID     string
	GuardianID  string // who granted it
	Kind        ConsentKind
	GrantedOn   Date
	ExpiresOn   Date
	WithdrawnOn Date
	DocumentID  string // the signed form
	Note        string
}

// ActiveOn reports whether the consent holds on the day.
func (c *Consent) ActiveOn(d Date) bool {
	if c.Deleted() || c.GrantedOn.IsZero() || d.Before(c.GrantedOn) {
		return false
	}
	if !c.WithdrawnOn.IsZero() && !d.Before(c.WithdrawnOn) {
		return false
	}
	if !c.ExpiresOn.IsZero() && c.ExpiresOn.Before(d) {
		return false
	}
	return true
}

func (c *Consent) table() (string, string) { return "consents", "consent" }
func (c *Consent) order() string           { return "granted_on, id" }
func (c *Consent) fields() []field {
	return []field{
		{name: "child_id", ptr: &c.ChildID, ref: "children"},
		{name: "guardian_id", ptr: null(&c.GuardianID), ref: "guardians"},
		{name: "kind", ptr: &c.Kind},
		{name: "granted_on", ptr: &c.GrantedOn},
		{name: "expires_on", ptr: &c.ExpiresOn},
		{name: "withdrawn_on", ptr: &c.WithdrawnOn},
		{name: "document_id", ptr: null(&c.DocumentID), ref: "documents"},
		{name: "note", ptr: &c.Note},
	}
}
func (c *Consent) prepare() {}
func (c *Consent) validate(today Date) error {
	var fe fieldErrs
	if c.ChildID == "" {
		fe.add("child_id", CodeRequired)
	}
	checkEnum(&fe, "kind", c.Kind, true, AllConsentKinds)
	if fe.checkDate("granted_on", c.GrantedOn, true) && today.Before(c.GrantedOn) {
		fe.add("granted_on", CodeFutureDate)
	}
	fe.checkDate("expires_on", c.ExpiresOn, false)
	if fe.checkDate("withdrawn_on", c.WithdrawnOn, false) && today.Before(c.WithdrawnOn) {
		fe.add("withdrawn_on", CodeFutureDate)
	}
	fe.checkDateOrder("expires_on", c.ExpiresOn, "granted_on", c.GrantedOn)
	fe.checkDateOrder("withdrawn_on", c.WithdrawnOn, "granted_on", c.GrantedOn)
	fe.checkText("note", &c.Note, ruleLong, maxLong, false)
	return fe.err("consent")
}
func (c *Consent) summary() string { return string(c.Kind) }
