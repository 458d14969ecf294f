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
