package reports

import (
	"time"

	"carebook/data"
)

// What a public output may show of a child is what the family allows on
// the day it is printed (docs/domain.md, "What is printed, and what consent
// allows"): a consent withdrawn or expired by then hides the name, photo or
// story from every public journey, appeal, grant report and letter printed
// after it, whatever period the output covers. The internal edition shows
// everything and says so on every page.

// consentSet is what the family allows, today.
type consentSet map[data.ConsentKind]bool

// visible decides, for one child and one edition, what may be printed.
type visible struct {
	internal bool
	consent  consentSet
}

func (v visible) fullName() bool { return v.internal || v.consent[data.ConsentPublishName] }
func (v visible) story() bool    { return v.internal || v.consent[data.ConsentPublishStory] }
func (v visible) photo() bool    { return v.internal || v.consent[data.ConsentPublishPhoto] }
func (v visible) private() bool  { return v.internal } // contacts, addresses, IDs, documents, birth date
func (v visible) donor(d *data.Donor) bool {
	return d != nil && (v.internal || !d.Anonymous)
}

// activeConsents is what the family allows on the day printed.
func activeConsents(consents []data.Consent, today data.Date) consentSet {
	set := consentSet{}
	for i := range consents {
		if consents[i].ActiveOn(today) {
			set[consents[i].Kind] = true
		}
	}
	return set
}

// printDay is the day an output is printed: the one it is given, else the
// store's today (consent is judged on it).
func printDay(s *data.Store, now time.Time) data.Date {
	if now.IsZero() {
		return s.Today()
	}
	return data.DateOf(now)
}
