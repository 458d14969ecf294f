package data

import (
	"testing"
)

// Issue 26: an office's audit log travels to the head office with its
// bundles, read-only there; the head office's own log does not go to the
// offices, and an entry another office wrote cannot be slipped in.
func TestAuditLogTravelsToTheHeadOffice(t *testing.T) {
	hq, shy, turk, _ := offices(t)
	if _, _, err := shy.AddFirstPerson(ctx, "Гүлнар Оспанова", "kk", "шымкент құпия"); err != nil {
		t.Fatal(err)
	}
	if _, err := shy.SignIn(ctx, "Гүлнар Оспанова", "шымкент құпия"); err != nil {
		t.Fatal(err)
	}
	if err := shy.Record(ctx, AuditViewChild, "child", turk.ID, turk.ID, ""); err != nil {
		t.Fatal(err)
	}
	if err := hq.Record(ctx, AuditViewChild, "child", turk.ID, turk.ID, "seen at the head office"); err != nil {
		t.Fatal(err)
	}

	sum := mustApply(t, hq, send(t, shy, hq, "HQ"))
	if sum.Audit == 0 {
		t.Fatalf("the bundle brought no audit entries: %+v", sum)
	}
	got, err := hq.AuditEntries(ctx, AuditFilter{ChildID: turk.ID, Actions: []string{AuditViewChild}})
	if err != nil {
		t.Fatal(err)
	}
	var fromShy, fromHQ int
	for _, e := range got {
		switch {
		case e.Who == "Гүлнар Оспанова" && e.Office == "SHY":
			fromShy++
		case e.Office == "HQ":
			fromHQ++
		}
	}
	if fromShy != 1 || fromHQ != 1 {
		t.Fatalf("the head office's log of the child: %+v", got)
	}
	// Read-only at the head office as everywhere.
	if _, err := hq.db.ExecContext(ctx, "UPDATE audit_log SET who = 'someone else' WHERE office = 'SHY'"); err == nil {
		t.Fatal("an office's audit entry was changed at the head office")
	}
	if _, err := hq.db.ExecContext(ctx, "DELETE FROM audit_log WHERE office = 'SHY'"); err == nil {
		t.Fatal("an office's audit entry was deleted at the head office")
	}
	// Sent again: nothing new, nothing doubled.
	if sum := mustApply(t, hq, send(t, shy, hq, "HQ")); sum.Audit != 0 {
		t.Fatalf("entries came twice: %+v", sum)
	}

	// The head office's log stays there.
	mustApply(t, shy, send(t, hq, shy, "SHY"))
	var n int
	if err := shy.db.QueryRowContext(ctx, "SELECT count(*) FROM audit_log WHERE office <> 'SHY'").Scan(&n); err != nil || n != 0 {
		t.Fatalf("%d entries of other offices reached SHY (%v)", n, err)
	}
}

// Entries written before the log travelled go with the next bundle
// however old they are.
func TestOldAuditEntriesAreStampedToTravel(t *testing.T) {
	hq, shy, turk, _ := offices(t)
	if err := shy.Record(ctx, AuditViewChild, "child", turk.ID, turk.ID, "old"); err != nil {
		t.Fatal(err)
	}
	mustApply(t, hq, send(t, shy, hq, "HQ")) // the head office now knows SHY's clock
	// An entry as a database before migration 0014 holds it: no office, no
	// version, written long ago.
	if _, err := shy.db.ExecContext(ctx, `INSERT INTO audit_log (id, created_at, updated_at, at, who, action, entity, entity_id, summary, child_id)
		VALUES ('before-0014', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z', 'Гүлнар', 'view_child', 'child', ?, 'before', ?)`, turk.ID, turk.ID); err != nil {
		t.Fatal(err)
	}
	shy.stampAudit(ctx)
	var office, version string
	if err := shy.db.QueryRowContext(ctx, "SELECT office, version FROM audit_log WHERE id = 'before-0014'").Scan(&office, &version); err != nil || office != "SHY" || version == "" {
		t.Fatalf("stamped %q %q %v", office, version, err)
	}
	if _, err := shy.db.ExecContext(ctx, "UPDATE audit_log SET version = 'x' WHERE id = 'before-0014'"); err == nil {
		t.Fatal("a stamped entry was stamped again")
	}
	mustApply(t, hq, send(t, shy, hq, "HQ"))
	var n int
	if err := hq.db.QueryRowContext(ctx, "SELECT count(*) FROM audit_log WHERE id = 'before-0014'").Scan(&n); err != nil || n != 1 {
		t.Fatalf("the old entry did not reach the head office (%d, %v)", n, err)
	}
}

// Issue 26: the head office sees, after the next exchange, whether each
// office's computers keep the data on an encrypted disk.
func TestTheHeadOfficeSeesEachOfficesDisk(t *testing.T) {
	hq, shy, _, _ := offices(t)
	for _, st := range []string{DiskNotEncrypted, DiskNotEncrypted} {
		if err := shy.RecordDisk(ctx, st, ""); err != nil {
			t.Fatal(err)
		}
	}
	if err := hq.RecordDisk(ctx, DiskEncrypted, "BitLocker"); err != nil {
		t.Fatal(err)
	}
	var n int
	shy.db.QueryRowContext(ctx, "SELECT count(*) FROM audit_log WHERE action = ?", AuditDisk).Scan(&n)
	if n != 1 {
		t.Errorf("the same state was recorded %d times", n)
	}
	mustApply(t, hq, send(t, shy, hq, "HQ"))
	got, err := hq.DiskStates(ctx)
	if err != nil {
		t.Fatal(err)
	}
	states := map[string]string{}
	for _, d := range got {
		states[d.Office] = d.State + " " + d.System
	}
	if states["SHY"] != "not_encrypted " || states["HQ"] != "encrypted BitLocker" {
		t.Fatalf("the head office knows %v", states)
	}
	// Encrypted later: the head office hears of it with the next bundle.
	if err := shy.RecordDisk(ctx, DiskEncrypted, "BitLocker"); err != nil {
		t.Fatal(err)
	}
	mustApply(t, hq, send(t, shy, hq, "HQ"))
	got, _ = hq.DiskStates(ctx)
	for _, d := range got {
		if d.Office == "SHY" && d.State != DiskEncrypted {
			t.Errorf("the head office still thinks SHY's disk is %s", d.State)
		}
	}
}
