package migrations

import (
	"testing"
	"testing/fstest"
)

func TestMustCountIsTheNewestVersionMustLoadReads(t *testing.T) {
	fsys := fstest.MapFS{
		"m/0001_initial.sql": {Data: []byte("CREATE TABLE a (x);")},
		"m/0002_more.sql":    {Data: []byte("CREATE TABLE b (x);")},
		"m/0003_last.sql":    {Data: []byte("CREATE TABLE c (x);")},
		"m/README.md":        {Data: []byte("not a migration")},
	}
	all := MustLoad(fsys, "m")
	if n := MustCount(fsys, "m"); n != 3 || n != len(all) || all[n-1].Version != n {
		t.Fatalf("MustCount %d, MustLoad read %d", n, len(all))
	}
}

func TestAFileWithoutANumberIsABuildMistake(t *testing.T) {
	fsys := fstest.MapFS{"m/0001_initial.sql": {}, "m/initial.sql": {}}
	for name, f := range map[string]func(){
		"MustLoad":  func() { MustLoad(fsys, "m") },
		"MustCount": func() { MustCount(fsys, "m") },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s accepted a migration without a number", name)
				}
			}()
			f()
		}()
	}
}
