package data

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Two databases in one folder share the documents folder: repairing one
// never moves the other's documents.
func TestRepairKeepsTheDocumentsOfANeighbourDatabase(t *testing.T) {
	dir := t.TempDir()
	a, err := Open(filepath.Join(dir, "a.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := Open(filepath.Join(dir, "b.db"))
	if err != nil {
		t.Fatal(err)
	}
	kid := &Child{FirstName: "Дамир", LastName: "Оспанов", BirthDate: MustDate("2017-07-07")}
	mustCreate(t, b.Children.Create(ctx, kid))
	doc := &Document{ChildID: kid.ID, Kind: DocOther, Title: "скан", FileName: "скан.pdf"}
	mustCreate(t, b.AttachFile(ctx, doc, strings.NewReader("%PDF-1.4 скан"), 0))
	b.Close()
	c, err := a.Checkup(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Orphans) != 0 {
		t.Fatalf("the neighbour's document counts as an orphan: %+v", c.Orphans)
	}
	a.Repair(ctx, c)
	if _, err := os.Stat(b.BlobPath(doc.SHA256)); err != nil {
		t.Fatal("repairing a moved the document of b")
	}
}
