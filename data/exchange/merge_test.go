package exchange

import "testing"

const (
	hq1  = "0000000000001000-0000-HQ"
	hq2  = "0000000000003000-0000-HQ"
	shy1 = "0000000000002000-0000-SHY"
)

func guard(table, field string) bool { return field == "diagnosis" }

func child(vals map[string]any, fields map[string]string) Row {
	v := map[string]any{"id": "c1", "updated_at": "2026", "diagnosis": "", "phone": "", "deleted_at": nil}
	for k, x := range vals {
		v[k] = x
	}
	ver := ""
	for _, f := range fields {
		ver = MaxVersion(ver, f)
	}
	return Row{Table: "children", Key: "c1", Version: ver, Values: v, Fields: fields}
}

func TestChangedOnOneSideIsTaken(t *testing.T) {
	local := child(nil, nil)
	in := child(map[string]any{"diagnosis": "ДЦП"}, map[string]string{"diagnosis": shy1})
	got, changed, cs := Merge(&local, in, Knowledge{}, Knowledge{"SHY": shy1}, guard, nil, hq2)
	if !changed || got.Values["diagnosis"] != "ДЦП" || len(cs) != 0 {
		t.Errorf("%v %+v %v", changed, got, cs)
	}
}

func TestDifferentFieldsMerge(t *testing.T) {
	local := child(map[string]any{"phone": "+7 701"}, map[string]string{"phone": hq1})
	in := child(map[string]any{"diagnosis": "ДЦП"}, map[string]string{"diagnosis": shy1})
	got, _, cs := Merge(&local, in, Knowledge{"HQ": hq1}, Knowledge{"SHY": shy1}, guard, nil, hq2)
	if got.Values["phone"] != "+7 701" || got.Values["diagnosis"] != "ДЦП" || len(cs) != 0 {
		t.Errorf("%+v %v", got.Values, cs)
	}
}

func TestPlainFieldTakesTheLaterChange(t *testing.T) {
	local := child(map[string]any{"phone": "+7 701"}, map[string]string{"phone": hq2})
	in := child(map[string]any{"phone": "+7 702"}, map[string]string{"phone": shy1})
	got, _, cs := Merge(&local, in, Knowledge{"HQ": hq2}, Knowledge{"SHY": shy1}, guard, nil, hq2)
	if got.Values["phone"] != "+7 701" || len(cs) != 0 {
		t.Errorf("%+v %v", got.Values, cs)
	}
}

func TestGuardedFieldKeepsLocalAndConflicts(t *testing.T) {
	local := child(map[string]any{"diagnosis": "ДЦП"}, map[string]string{"diagnosis": hq1})
	in := child(map[string]any{"diagnosis": "Spina bifida"}, map[string]string{"diagnosis": shy1})
	got, _, cs := Merge(&local, in, Knowledge{"HQ": hq1}, Knowledge{"SHY": shy1}, guard, nil, hq2)
	if got.Values["diagnosis"] != "ДЦП" || len(cs) != 1 || cs[0].A.Value != "ДЦП" || cs[0].B.Value != "Spina bifida" {
		t.Errorf("%+v %+v", got.Values, cs)
	}
	// The other office finds the same conflict, with the same id.
	_, _, cs2 := Merge(&in, local, Knowledge{"SHY": shy1}, Knowledge{"HQ": hq1}, guard, nil, shy1)
	if len(cs2) != 1 || cs2[0].ID != cs[0].ID {
		t.Errorf("%+v", cs2)
	}
}

func TestChangeMadeAfterSeeingTheOtherReplacesIt(t *testing.T) {
	local := child(map[string]any{"diagnosis": "ДЦП"}, map[string]string{"diagnosis": hq1})
	in := child(map[string]any{"diagnosis": "ДЦП, уточнён"}, map[string]string{"diagnosis": shy1})
	got, _, cs := Merge(&local, in, Knowledge{"HQ": hq1}, Knowledge{"HQ": hq1, "SHY": shy1}, guard, nil, hq2)
	if got.Values["diagnosis"] != "ДЦП, уточнён" || len(cs) != 0 {
		t.Errorf("%+v %v", got.Values, cs)
	}
}

func TestDeleteAgainstEditKeepsTheRowOnBothSides(t *testing.T) {
	deleted := child(map[string]any{"deleted_at": "2026-11-30"}, map[string]string{"deleted_at": hq1})
	edited := child(map[string]any{"phone": "+7 702"}, map[string]string{"phone": shy1})
	got, _, cs := Merge(&edited, deleted, Knowledge{"SHY": shy1}, Knowledge{"HQ": hq1}, guard, nil, shy1)
	if got.Deleted() || got.Values["phone"] != "+7 702" || len(cs) != 1 || cs[0].Kind != ConflictDeleted {
		t.Errorf("at the editing office: %+v %v", got.Values, cs)
	}
	got2, _, cs2 := Merge(&deleted, edited, Knowledge{"HQ": hq1}, Knowledge{"SHY": shy1}, guard, nil, hq2)
	if got2.Deleted() || got2.Values["phone"] != "+7 702" || len(cs2) != 1 || cs2[0].ID != cs[0].ID {
		t.Errorf("at the deleting office: %+v %v", got2.Values, cs2)
	}
}

func TestNewRowIsTaken(t *testing.T) {
	in := child(nil, nil)
	if _, changed, _ := Merge(nil, in, Knowledge{}, Knowledge{}, guard, nil, hq1); !changed {
		t.Error("a new row was not taken")
	}
}

// What Merge returns can be changed without changing the bundle's row (a
// preview and then the apply merge the same rows).
func TestMergedRowSharesNothingWithTheIncoming(t *testing.T) {
	in := child(map[string]any{"phone": "+7 702"}, map[string]string{"phone": shy1})
	got, _, _ := Merge(nil, in, Knowledge{}, Knowledge{}, guard, nil, hq1)
	got.Values["phone"] = "changed"
	got.Fields["phone"] = "changed"
	if in.Values["phone"] != "+7 702" || in.Fields["phone"] != shy1 {
		t.Errorf("the incoming row changed: %+v", in)
	}
}

// Issue 24, item 5: a sender that had seen the local change but kept its
// own in a conflict has not replaced it: two versions already in a
// conflict leave the local value as it is, until a resolution newer than
// both arrives.
func TestVersionsInAConflictStayConcurrent(t *testing.T) {
	local := child(map[string]any{"diagnosis": "Spina bifida"}, map[string]string{"diagnosis": shy1})
	in := child(map[string]any{"diagnosis": "ДЦП"}, map[string]string{"diagnosis": hq1})
	knows := Knowledge{"HQ": hq1, "SHY": shy1} // the sender (the hub) saw SHY's change
	if got, _, _ := Merge(&local, in, Knowledge{"SHY": shy1}, knows, guard, nil, hq2); got.Values["diagnosis"] != "ДЦП" {
		t.Fatalf("without the conflict on record the sender's value is taken: %v", got.Values["diagnosis"])
	}
	pairs := Pairs{}
	pairs.Add("children", "c1", "diagnosis", hq1, shy1)
	got, changed, cs := Merge(&local, in, Knowledge{"SHY": shy1}, knows, guard, pairs, hq2)
	if changed || got.Values["diagnosis"] != "Spina bifida" || len(cs) != 0 {
		t.Errorf("a value in a conflict on record was replaced: %v %v %v", changed, got.Values["diagnosis"], cs)
	}
	resolved := child(map[string]any{"diagnosis": "ДЦП"}, map[string]string{"diagnosis": hq2})
	if got, _, _ := Merge(&local, resolved, Knowledge{"SHY": shy1}, Knowledge{"HQ": hq2, "SHY": shy1}, guard, pairs, hq2); got.Values["diagnosis"] != "ДЦП" {
		t.Errorf("the resolution was not taken: %v", got.Values["diagnosis"])
	}
}
