package data

import (
	"path/filepath"
	"testing"
)

// Issue 29: the migration that keeps each donor's name key fills it for the
// donors already recorded, and that is no change an office is sent: no
// donor's version moves.
func TestTheNameKeyIsFilledForRecordedDonorsWithoutChangingThem(t *testing.T) {
	p := filepath.Join(t.TempDir(), "carebook.db")
	s, err := Open(p)
	if err != nil {
		t.Fatal(err)
	}
	names := []string{"ТОО «Береке Құрылыс»", "ЖАҚСЫБАЕВА Айгүль", "Oʻrinboyev Jasur", "Dana Serik"}
	for _, n := range names {
		if err := s.Donors.Create(ctx, &Donor{DisplayName: n}); err != nil {
			t.Fatal(err)
		}
	}
	// The database as it was before the name key.
	undoThanksByLetter(t, s)
	for _, q := range []string{"DROP INDEX donors_name_key", "ALTER TABLE donors DROP COLUMN name_key", "PRAGMA user_version = 23"} {
		if _, err := s.db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	versions := func(s *Store) map[string]string {
		out := map[string]string{}
		rows, err := s.db.Query("SELECT display_name, version || ' ' || office FROM donors")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var n, v string
			rows.Scan(&n, &v)
			out[n] = v
		}
		return out
	}
	before := versions(s)
	s.Close()

	s, err = Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	after := versions(s)
	for _, n := range names {
		var key string
		if err := s.db.QueryRow("SELECT name_key FROM donors WHERE display_name = ?", n).Scan(&key); err != nil {
			t.Fatal(err)
		}
		if key != NameKey(n) || key == "|" {
			t.Errorf("%s: name key %q, want %q", n, key, NameKey(n))
		}
		if after[n] != before[n] {
			t.Errorf("%s: version and office %q became %q", n, before[n], after[n])
		}
	}
	l := s.Lookups()
	defer l.Close()
	if d, ok, err := l.DonorByName(ctx, NameKey("Айгүль Жақсыбаева")); err != nil || !ok || d.Name != "ЖАҚСЫБАЕВА Айгүль" {
		t.Errorf("the donor of a name written the other way round: %+v %v %v", d, ok, err)
	}
}

// A donor renamed is found by its new name only: where it was renamed, and
// in the office the change travelled to.
func TestADonorIsFoundByItsNewName(t *testing.T) {
	hq, shy, _, _ := offices(t)
	d := &Donor{DisplayName: "Dana Serik"}
	if err := shy.Donors.Create(ctx, d); err != nil {
		t.Fatal(err)
	}
	if _, err := hq.ImportBundle(ctx, send(t, shy, hq, "HQ")); err != nil {
		t.Fatal(err)
	}
	d.DisplayName = "ТОО «Dana Group»"
	if err := shy.Donors.Update(ctx, d); err != nil {
		t.Fatal(err)
	}
	if _, err := hq.ImportBundle(ctx, send(t, shy, hq, "HQ")); err != nil {
		t.Fatal(err)
	}
	for name, s := range map[string]*Store{"SHY": shy, "HQ": hq} {
		l := s.Lookups()
		if _, ok, _ := l.DonorByName(ctx, NameKey("Dana Serik")); ok {
			t.Errorf("%s: found by the name it had", name)
		}
		if got, ok, _ := l.DonorByName(ctx, NameKey("Dana Group LLP")); !ok || got.ID != d.ID {
			t.Errorf("%s: not found by its new name: %+v %v", name, got, ok)
		}
		l.Close()
	}
}
