package data

import (
	"errors"
	"reflect"
	"testing"
)

// A command that prints a line per child reads them one at a time: the
// same children, in the same order, as the list a screen holds, and an
// error of the one printing (a closed pipe) ends the reading with it.
func TestEachChildSummaryIsTheListOneChildAtATime(t *testing.T) {
	s := newStore(t)
	for _, n := range [][2]string{{"Әлихан", "Құрманғалиев"}, {"Dilnoza", "Yoʻldosheva"}, {"Айгерим", "Серікова"}, {"Тимур", "Ахметов"}} {
		newChild(t, s, n[0], n[1])
	}
	for _, f := range []ChildFilter{{}, {Search: "айгерим"}, {Limit: 2}} {
		want, err := s.ListChildSummaries(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		var got []ChildSummary
		if err := s.EachChildSummary(ctx, f, func(c *ChildSummary) error {
			got = append(got, *c)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if len(want) == 0 || !reflect.DeepEqual(got, want) {
			t.Errorf("%+v: one at a time %+v, as a list %+v", f, got, want)
		}
	}
	stop := errors.New("the pipe closed")
	seen := 0
	err := s.EachChildSummary(ctx, ChildFilter{}, func(*ChildSummary) error {
		seen++
		return stop
	})
	if !errors.Is(err, stop) || seen != 1 {
		t.Fatalf("an error after the first child: %v after %d children", err, seen)
	}
}

// `list` reads only what its lines print: the same children, in the same
// order, as the full summaries, for every filter, and for someone who may
// not see diagnoses a diagnosis typed in the search still finds nobody.
func TestEachChildLineIsTheSummariesLines(t *testing.T) {
	s := newStore(t)
	for _, n := range [][2]string{{"Әлихан", "Құрманғалиев"}, {"Dilnoza", "Yoʻldosheva"}, {"Айгерим", "Серікова"}, {"Тимур", "Ахметов"}} {
		newChild(t, s, n[0], n[1])
	}
	sick := newChild(t, s, "Дана", "Сапарова")
	sick.Diagnosis = "Талассемия"
	if err := s.Children.Update(ctx, sick); err != nil {
		t.Fatal(err)
	}
	lines := func(f ChildFilter) (got, want []ChildLine) {
		t.Helper()
		if err := s.EachChildLine(ctx, f, func(c *ChildLine) error {
			got = append(got, *c)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if err := s.EachChildSummary(ctx, f, func(c *ChildSummary) error {
			want = append(want, ChildLine{c.CaseNumber, c.LastName, c.FirstName, c.MiddleName, c.BirthDate, c.Region, c.Status})
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		return got, want
	}
	filters := []ChildFilter{{}, {Search: "айгерим"}, {Search: "ТАЛАССЕМИЯ"}, {Statuses: []Status{StatusIntake}}, {Limit: 2}}
	for _, f := range filters {
		if got, want := lines(f); len(want) == 0 || !reflect.DeepEqual(got, want) {
			t.Errorf("%+v: lines %+v, summaries %+v", f, got, want)
		}
	}
	if _, err := s.AddPerson(ctx, NewPerson{Name: "Директор", Roles: []Role{RoleDirector, RoleAdmin}, Password: "пароль директора"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SignIn(ctx, "Директор", "пароль директора"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddPerson(ctx, NewPerson{Name: "Тимур", Roles: []Role{RoleFundraiser}, Password: "пароль Тимура"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SignIn(ctx, "Тимур", "пароль Тимура"); err != nil {
		t.Fatal(err)
	}
	for _, f := range filters {
		got, want := lines(f)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("a fundraiser, %+v: lines %+v, summaries %+v", f, got, want)
		}
		if f.Search == "ТАЛАССЕМИЯ" && len(got) != 0 {
			t.Errorf("a fundraiser found a child by diagnosis: %+v", got)
		}
	}
}
