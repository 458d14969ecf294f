package data

import (
	"strings"
	"testing"
	"time"

	"carebook/data/hlc"
)

func rowStamp(t *testing.T, s *Store, table, id string) (string, hlc.Version) {
	t.Helper()
	var office, version string
	if err := s.db.QueryRow("SELECT office, version FROM "+table+" WHERE id = ?", id).Scan(&office, &version); err != nil {
		t.Fatal(err)
	}
	v, err := hlc.Parse(version)
	if err != nil || v.IsZero() {
		t.Fatalf("%s %s has no version: %q (%v)", table, id, version, err)
	}
	return office, v
}

// Every row Carebook writes knows the office that last changed it and the
// version of that change; versions keep increasing when the laptop's clock
// is set back; a row written with its own version (as a bundle from another
// office will be) keeps it.
func TestEveryChangeCarriesItsOfficeAndVersion(t *testing.T) {
	s := newStore(t)
	o, err := s.Office(ctx)
	if err != nil || o.Code != HeadOffice || !o.Head || len(o.FoundationID) != 32 {
		t.Fatalf("a new database is not a foundation's head office: %+v %v", o, err)
	}
	c := newChild(t, s, "Айгерим", "Нұрланова")
	office, v1 := rowStamp(t, s, "children", c.ID)
	if office != HeadOffice || v1.Office != HeadOffice {
		t.Fatalf("stamped by %q (%v)", office, v1)
	}
	// The history row written with the child has the same version.
	var histVersion string
	s.db.QueryRow("SELECT version FROM status_changes WHERE child_id = ?", c.ID).Scan(&histVersion)
	if histVersion != v1.String() {
		t.Fatalf("one change, two versions: %s and %s", histVersion, v1)
	}

	s.Now = func() time.Time { return fixedNow.Add(-72 * time.Hour) } // the clock set back
	c.Diagnosis = "Бета-талассемия"
	if err := s.Children.Update(ctx, c); err != nil {
		t.Fatal(err)
	}
	_, v2 := rowStamp(t, s, "children", c.ID)
	if hlc.Compare(v2, v1) <= 0 {
		t.Fatalf("an edit after the clock went back got an older version: %v <= %v", v2, v1)
	}
	if err := s.Children.Delete(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	if _, v3 := rowStamp(t, s, "children", c.ID); hlc.Compare(v3, v2) <= 0 {
		t.Fatalf("a delete did not move the version on: %v", v3)
	}

	// As a bundle will apply another office's change: its version stays.
	theirs := hlc.Version{Wall: fixedNow.UnixMilli(), Count: 3, Office: "SHY"}.String()
	if _, err := s.db.Exec("UPDATE children SET diagnosis = 'Талассемия', office = 'SHY', version = ? WHERE id = ?", theirs, c.ID); err != nil {
		t.Fatal(err)
	}
	if office, v := rowStamp(t, s, "children", c.ID); office != "SHY" || v.String() != theirs {
		t.Fatalf("another office's change was restamped: %s %v", office, v)
	}
}

// Outside the head office, case numbers carry the office's code, so two
// offices never give the same number; the head office's stay as they were.
func TestCaseNumbersOfARegionalOffice(t *testing.T) {
	s := newStore(t)
	hq := newChild(t, s, "Даниил", "Ким")
	if strings.Contains(hq.CaseNumber, "-") && !strings.HasPrefix(hq.CaseNumber, "2026-") {
		t.Fatalf("head office number %q", hq.CaseNumber)
	}
	o, _ := s.Office(ctx)
	if err := s.setOffice(ctx, Office{FoundationID: o.FoundationID, Code: "SHY", Name: "Шымкент"}); err != nil {
		t.Fatal(err)
	}
	c := newChild(t, s, "Әлихан", "Құрманғалиев")
	if c.CaseNumber != "SHY-2026-002" {
		t.Fatalf("regional case number %q", c.CaseNumber)
	}
	if office, v := rowStamp(t, s, "children", c.ID); office != "SHY" || v.Office != "SHY" {
		t.Fatalf("a regional office's change stamped %s %v", office, v)
	}
	if got, err := s.ChildByCase(ctx, "SHY-2026-002"); err != nil || got.ID != c.ID {
		t.Fatalf("found by its number: %v", err)
	}
}

// The tables Go stamps on insert are exactly those with an office and version.
func TestTravellingTablesAreTheVersionedOnes(t *testing.T) {
	s := newStore(t)
	rows, err := s.db.Query("SELECT m.name FROM sqlite_schema m, pragma_table_info(m.name) c WHERE m.type = 'table' AND c.name = 'version' AND EXISTS (SELECT 1 FROM pragma_table_info(m.name) o WHERE o.name = 'office')")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	got := map[string]bool{}
	for rows.Next() {
		var n string
		rows.Scan(&n)
		got[n] = true
	}
	if len(got) != len(travels) {
		t.Fatalf("versioned tables %v, travels %v", got, travels)
	}
	for n := range travels {
		if !got[n] {
			t.Errorf("%s travels but has no version", n)
		}
	}
}

// Saving the settings again and again (an upsert, which overrides the conflict policy
// of the statements in the triggers it fires) records the later change.
func TestSettingsSavedAgainKeepTheirFieldVersion(t *testing.T) {
	s := newStore(t)
	for _, name := range []string{"Мейірім", "Мейірім қоры", "«Мейірім» қоры"} {
		st, err := s.Settings(ctx)
		if err != nil {
			t.Fatal(err)
		}
		st.FoundationName = name
		if err := s.SaveSettings(ctx, st); err != nil {
			t.Fatalf("saving %q: %v", name, err)
		}
	}
	rows, err := s.readTravelling(ctx, s.db, "settings", "key = 'foundation_name'")
	if err != nil || len(rows) != 1 || rows[0].Values["value"] != "«Мейірім» қоры" || rows[0].Fields["value"] != rows[0].Version {
		t.Fatalf("%+v %v", rows, err)
	}
}
