package backup

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"filippo.io/age"

	"carebook/data"
	"carebook/data/filestore"
	"carebook/demo"
	"carebook/internal/testdb"
)

var ctx = context.Background()

// demoAt builds the demo foundation at path.
func demoAt(t *testing.T, path string) *data.Store {
	t.Helper()
	s, err := demo.Create(ctx, path, demo.Options{}, false)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func dump(t *testing.T, path string) string { return testdb.Dump(t, path) }

// inFolder says whether the backup folder holds a copy of the document
// with the given SHA-256, in the clear or as the database keeps it.
func inFolder(dir, sha string) bool {
	for _, p := range []string{blobPath(dir, sha, false), docPath(dir, FileSum{SHA256: sha, Sealed: "-"}, false)} {
		if _, err := os.Stat(p); err == nil {
			return true
		}
	}
	return false
}

// documentsIntact checks every document of the database at path against
// its file.
func documentsIntact(t *testing.T, path string) int {
	t.Helper()
	s, err := data.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	c, err := s.Checkup(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Files) > 0 || len(c.Database) > 0 {
		t.Fatalf("after the restore: %v %v", c.Database, c.Files)
	}
	return c.Verified
}

func flipByte(t *testing.T, path string, at int64) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b := make([]byte, 1)
	f.ReadAt(b, at)
	b[0] ^= 0xff
	f.WriteAt(b, at)
}

// The restore drill: back up, damage the database, restore, and every row
// and every document is as it was; the damaged database is kept aside.
func TestRestoreDrill(t *testing.T) {
	home := t.TempDir()
	db := filepath.Join(home, "carebook.db")
	s := demoAt(t, db)
	before := dump(t, db)
	dir := filepath.Join(t.TempDir(), "флешка", "Carebook")
	os.MkdirAll(filepath.Dir(dir), 0o700)
	res, err := Make(ctx, s, Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Problems) != 0 || res.Copied == 0 || res.Counts["children"] != 7 {
		t.Fatalf("backup: %+v", res)
	}
	s.Close()
	flipByte(t, db, 4096*5+300) // inside the children table
	r, err := Restore(ctx, res.Path, db, RestoreOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if after := dump(t, db); after != before {
		t.Fatal("the restored database differs from the one backed up")
	}
	documentsIntact(t, db)
	if r.Aside == "" {
		t.Fatal("the replaced database was not kept")
	}
	if _, err := os.Stat(r.Aside); err != nil {
		t.Fatalf("the replaced database is gone: %v", err)
	}
	// A document file lost from the documents folder comes back too.
	s2, _ := data.Open(db)
	docs, _ := s2.Documents.All(ctx)
	lost := s2.BlobPath(docs[0].SHA256)
	s2.Close()
	os.Remove(lost)
	if _, err := Restore(ctx, res.Path, db, RestoreOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(lost); err != nil {
		t.Fatal("a lost document file was not restored")
	}
}

// Item 7: files 0600, folders 0700 under a usual umask; a missing or
// damaged document does not stop the backup but is named; a good copy an
// earlier backup holds is kept.
func TestABackupKeepsGoingAndSaysWhatIsMissing(t *testing.T) {
	defer setUmask(setUmask(0o022))
	s := demoAt(t, filepath.Join(t.TempDir(), "carebook.db"))
	defer s.Close()
	dir := filepath.Join(t.TempDir(), "backups")
	first, err := Make(ctx, s, Options{Dir: dir, Now: time.Now().Add(-time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" {
		filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
			if err != nil || strings.HasSuffix(p, ".lock") {
				return nil
			}
			want := os.FileMode(0o600)
			if fi.IsDir() {
				want = 0o700
			}
			if fi.Mode().Perm() != want {
				t.Errorf("%s is %v, want %v", p, fi.Mode().Perm(), want)
			}
			return nil
		})
	}
	docs, _ := s.Documents.All(ctx)
	gone, altered := docs[0], docs[1]
	os.Remove(s.BlobPath(gone.SHA256))
	flipByte(t, s.BlobPath(altered.SHA256), 10)
	// A document attached since: its file is missing before any backup held it.
	kid, _ := s.ChildByCase(ctx, "2026-001")
	late := &data.Document{ChildID: kid.ID, Kind: data.DocOther, Title: "Новая выписка", FileName: "выписка.pdf"}
	if err := s.AttachFile(ctx, late, strings.NewReader("%PDF-1.4 выписка"), 0); err != nil {
		t.Fatal(err)
	}
	os.Remove(s.BlobPath(late.SHA256))

	res, err := Make(ctx, s, Options{Dir: dir})
	if err != nil {
		t.Fatalf("a missing document stopped the backup: %v", err)
	}
	if len(res.Problems) != 1 || res.Problems[0].Name != "выписка.pdf" || res.Problems[0].Case != "2026-001" {
		t.Fatalf("problems %+v (the two files an earlier backup holds are not problems)", res.Problems)
	}
	report, _ := os.ReadFile(filepath.Join(res.Path, reportName))
	if !strings.Contains(string(report), "выписка.pdf") {
		t.Fatalf("the report does not name the missing document:\n%s", report)
	}
	if len(res.Documents) != len(first.Documents) {
		t.Fatalf("the backup holds %d documents, the first %d", len(res.Documents), len(first.Documents))
	}
	info, problems, err := Verify(ctx, res.Path, RestoreOptions{})
	if err != nil || len(problems) != 0 || info.Name != res.Name {
		t.Fatalf("verify: %v %v", problems, err)
	}
	// Issue 23, item 11: the check says which document the backup lacks.
	if len(info.Problems) != 1 || info.Problems[0].Name != "выписка.pdf" || info.Problems[0].Case != "2026-001" {
		t.Fatalf("verify does not name the document the backup lacks: %+v", info.Problems)
	}
	// Issue 23, item 9: a trailing slash, as tab completion adds, is the same backup.
	if _, problems, err := Verify(ctx, res.Path+string(filepath.Separator), RestoreOptions{}); err != nil || len(problems) != 0 {
		t.Fatalf("verify of %s/: %v %v", res.Name, problems, err)
	}
}

// zeroTable overwrites a table's root page, as a failing disk does.
func zeroTable(t *testing.T, path, table string) {
	t.Helper()
	db, _ := sql.Open("sqlite", "file:"+path+"?mode=ro")
	var root int
	db.QueryRow("SELECT rootpage FROM sqlite_schema WHERE name = ?", table).Scan(&root)
	db.Close()
	f, _ := os.OpenFile(path, os.O_RDWR, 0)
	f.WriteAt(make([]byte, 4096), int64(root-1)*4096)
	f.Close()
}

// Item 7: a backup that cannot pass its check leaves nothing behind (no
// database file, no partial folder) and the earlier backups are unchanged.
func TestAFailedBackupLeavesNothing(t *testing.T) {
	db := filepath.Join(t.TempDir(), "carebook.db")
	s := demoAt(t, db)
	dir := filepath.Join(t.TempDir(), "backups")
	good, err := Make(ctx, s, Options{Dir: dir, Now: time.Now().Add(-24 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	zeroTable(t, db, "donations")
	s, err = data.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := Make(ctx, s, Options{Dir: dir}); err == nil {
		t.Fatal("a backup of a damaged database passed")
	}
	list, _ := List(dir)
	if len(list) != 1 || list[0].Name != good.Name {
		t.Fatalf("backups after the failure: %v", list)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".partial") || strings.HasSuffix(e.Name(), ".db") {
			t.Fatalf("left behind: %s", e.Name())
		}
	}
}

// Rotation keeps the newest of each of the last 7 days, 4 weeks and 12
// months, and the document files only removed backups needed go too.
func TestRotationKeepsDaysWeeksAndMonths(t *testing.T) {
	s := demoAt(t, filepath.Join(t.TempDir(), "carebook.db"))
	defer s.Close()
	dir := filepath.Join(t.TempDir(), "backups")
	start := time.Date(2025, 1, 1, 12, 0, 0, 0, time.Local)
	var lastExtra *data.Document
	for day := 0; day < 400; day += 3 {
		if day == 30 { // a document that lives only in early backups
			kid, _ := s.ChildByCase(ctx, "2026-002")
			lastExtra = &data.Document{ChildID: kid.ID, Kind: data.DocOther, Title: "временный", FileName: "tmp.pdf"}
			s.AttachFile(ctx, lastExtra, strings.NewReader("%PDF-1.4 временный"), 0)
		}
		if day == 33 {
			s.Documents.Delete(ctx, lastExtra.ID)
			s.PurgeTrashedDocuments(ctx)
		}
		if _, err := Make(ctx, s, Options{Dir: dir, Now: start.AddDate(0, 0, day)}); err != nil {
			t.Fatal(err)
		}
	}
	list, _ := List(dir)
	if len(list) > 7+4+12 || len(list) < 12 {
		t.Fatalf("%d backups kept", len(list))
	}
	t.Logf("%d backups kept", len(list))
	months := map[string]bool{}
	for _, b := range list {
		months[b.Created.Local().Format("2006-01")] = true
	}
	if len(months) != 12 {
		t.Fatalf("monthly backups for %d months", len(months))
	}
	if inFolder(dir, lastExtra.SHA256) {
		t.Fatal("a document file no kept backup needs is still there")
	}
}

// Issue 23, item 3: "Back up now" never deletes the earlier backup of the
// same day, Carebook's own backups of the day keep the newest few, and a
// backup made by hand stays at least 30 days whatever Carebook's own
// backups do meanwhile.
func TestABackupMadeByHandIsKept(t *testing.T) {
	s := demoAt(t, filepath.Join(t.TempDir(), "carebook.db"))
	defer s.Close()
	dir := filepath.Join(t.TempDir(), "backups")
	day := time.Date(2026, 3, 2, 9, 0, 0, 0, time.Local)
	names := map[string]string{}
	make := func(what string, at time.Time, byHand bool) {
		t.Helper()
		res, err := Make(ctx, s, Options{Dir: dir, Now: at, ByHand: byHand})
		if err != nil {
			t.Fatal(err)
		}
		names[what] = res.Name
	}
	kept := func() map[string]bool {
		list, _ := List(dir)
		k := map[string]bool{}
		for _, b := range list {
			k[b.Name] = true
		}
		return k
	}
	make("morning, automatic", day, false)
	make("by hand at ten", day.Add(time.Hour), true)
	make("by hand at eleven", day.Add(2*time.Hour), true)
	if k := kept(); !k[names["by hand at ten"]] || !k[names["morning, automatic"]] {
		t.Fatalf("Back up now deleted an earlier backup of the same day: %v", k)
	}
	// Carebook's own backups at every close for the rest of the day.
	for h := 3; h < 9; h++ {
		make(fmt.Sprintf("automatic %d", h), day.Add(time.Duration(h)*time.Hour), false)
	}
	k := kept()
	for _, what := range []string{"by hand at ten", "by hand at eleven", "automatic 8", "automatic 7", "automatic 6"} {
		if !k[names[what]] {
			t.Errorf("%s was rotated away the same day", what)
		}
	}
	// Carebook's own backups every day for three weeks: the hand-made ones stay.
	for d := 1; d <= 21; d++ {
		make("later", day.AddDate(0, 0, d), false)
	}
	if k := kept(); !k[names["by hand at ten"]] || !k[names["by hand at eleven"]] {
		t.Fatal("a backup made by hand was rotated away within 30 days")
	}
	// After 30 days they rotate like any other (the newest of their day stays).
	for d := 22; d <= 40; d++ {
		make("later", day.AddDate(0, 0, d), false)
	}
	if k := kept(); k[names["by hand at ten"]] {
		t.Fatal("a backup made by hand was kept for good: after 30 days it rotates like the others")
	}
}

// Encrypted backups: nothing readable on the stick; restored with the
// passphrase alone on a new computer; a wrong passphrase is told.
func TestEncryptedBackupsRestoreWithThePassphrase(t *testing.T) {
	db := filepath.Join(t.TempDir(), "carebook.db")
	s := demoAt(t, db)
	key, sealed, err := NewKey("снег на Алатау 2026")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetBackupKey(ctx, key, sealed); err != nil {
		t.Fatal(err)
	}
	before := dump(t, db)
	dir := filepath.Join(t.TempDir(), "stick")
	res, err := Make(ctx, s, Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err != nil || fi.IsDir() {
			return nil
		}
		b, _ := os.ReadFile(p)
		for _, plain := range []string{"SQLite format 3", "%PDF", "Мұратбекова", "Аружан"} {
			if bytes.Contains(b, []byte(plain)) {
				t.Errorf("%s holds %q in the clear", filepath.Base(p), plain)
			}
		}
		return nil
	})
	// Issue 23, item 8: the manifest in plain text says only what finds
	// the key: no counts, no document's fingerprint or size.
	plain, _ := os.ReadFile(filepath.Join(res.Path, manifestName))
	for _, secret := range []string{`"counts"`, `"documents"`, `"sha256"`, `"size"`, res.Documents[0].SHA256} {
		if bytes.Contains(plain, []byte(secret)) {
			t.Errorf("the plain manifest holds %s:\n%s", secret, plain)
		}
	}
	list, _ := List(dir)
	if len(list) != 1 || !list[0].Sealed || list[0].Counts != nil || !list[0].Encrypted {
		t.Fatalf("listed: %+v", list)
	}
	if err := list[0].Unlock(key); err != nil || list[0].Counts["children"] != res.Counts["children"] || len(list[0].Documents) != len(res.Documents) {
		t.Fatalf("unlocked with the key: %v %+v", err, list[0].Manifest)
	}
	fresh := filepath.Join(t.TempDir(), "new laptop", "carebook.db")
	if _, err := Restore(ctx, res.Path, fresh, RestoreOptions{Passphrase: "не тот пароль"}); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("wrong passphrase: %v", err)
	}
	if _, err := Restore(ctx, res.Path, fresh, RestoreOptions{}); !errors.Is(err, ErrNeedPassphrase) {
		t.Fatalf("no passphrase: %v", err)
	}
	if _, err := Restore(ctx, res.Path, fresh, RestoreOptions{Passphrase: "снег на Алатау 2026"}); err != nil {
		t.Fatal(err)
	}
	if dump(t, fresh) != before {
		t.Fatal("the restored database differs")
	}
	documentsIntact(t, fresh)
	if _, _, err := NewKey("short"); !errors.Is(err, ErrShortPassphrase) {
		t.Fatal("a short passphrase was taken")
	}
}

// A copy damaged on the backup disk (bit rot) is found by the next backup
// and written again; Verify finds it meanwhile.
func TestADamagedCopyInTheFolderIsReplaced(t *testing.T) {
	s := demoAt(t, filepath.Join(t.TempDir(), "carebook.db"))
	defer s.Close()
	dir := filepath.Join(t.TempDir(), "backups")
	res, err := Make(ctx, s, Options{Dir: dir, Now: time.Now().Add(-time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	rotten := docPath(dir, res.Documents[0], false)
	flipByte(t, rotten, 5)
	if _, problems, err := Verify(ctx, res.Path, RestoreOptions{}); err != nil || len(problems) != 1 {
		t.Fatalf("verify after bit rot: %v %v", problems, err)
	}
	if _, err := Make(ctx, s, Options{Dir: dir}); err != nil {
		t.Fatal(err)
	}
	if _, problems, _ := Verify(ctx, res.Path, RestoreOptions{}); len(problems) != 0 {
		t.Fatalf("the damaged copy was not replaced: %v", problems)
	}
}

// Item 7: a document whose file changed on disk is not copied into the
// backup under its name (its content no longer matches its SHA-256): the
// backup names it as damaged.
func TestADamagedDocumentIsNotBackedUpUnderItsName(t *testing.T) {
	s := demoAt(t, filepath.Join(t.TempDir(), "carebook.db"))
	defer s.Close()
	docs, _ := s.Documents.All(ctx)
	flipByte(t, s.BlobPath(docs[0].SHA256), 3)
	dir := filepath.Join(t.TempDir(), "backups")
	res, err := Make(ctx, s, Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Problems) != 1 || res.Problems[0].Kind != filestore.Altered || res.Problems[0].SHA256 != docs[0].SHA256 {
		t.Fatalf("problems %+v", res.Problems)
	}
	if inFolder(dir, docs[0].SHA256) {
		t.Fatal("the damaged file was stored under the name of the good one")
	}
	if _, problems, err := Verify(ctx, res.Path, RestoreOptions{}); err != nil || len(problems) != 0 {
		t.Fatalf("the backup does not verify: %v %v", problems, err)
	}
}

// Issue 25, item 1: a backup key that cannot be read is no reason to back
// up in the clear. Reading the key fails (settings becomes a view whose
// key row raises an error; every other setting reads as before): the
// backup is refused, and nothing readable is left in the folder.
func TestABackupKeyThatCannotBeReadRefusesTheBackup(t *testing.T) {
	s := demoAt(t, filepath.Join(t.TempDir(), "carebook.db"))
	defer s.Close()
	key, sealed, err := NewKey("снег на Алатау 2026")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetBackupKey(ctx, key, sealed); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"ALTER TABLE settings RENAME TO settings_stored",
		`CREATE VIEW settings AS SELECT key, CASE WHEN key = 'backup_identity' THEN json_extract('not json', '$') ELSE value END AS value,
			updated_at FROM settings_stored`} {
		if _, err := s.DB().Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.BackupKey(ctx); err == nil {
		t.Fatal("the key's read did not fail: the test shows nothing")
	}
	dir := filepath.Join(t.TempDir(), "stick")
	if _, err := Make(ctx, s, Options{Dir: dir}); err == nil {
		t.Fatal("a backup was made while its key could not be read")
	}
	filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			b, _ := os.ReadFile(p)
			for _, plain := range []string{"SQLite format 3", "%PDF", "Мұратбекова"} {
				if bytes.Contains(b, []byte(plain)) {
					t.Errorf("%s holds %q in the clear", p, plain)
				}
			}
		}
		return nil
	})
}

// Issue 26: a database with people keeps its documents encrypted, and so
// does its backup: the backup disk holds the encrypted files and, in the
// database copy, the key sealed for each person and for the recovery key.
// A restore needs a person's password or the recovery key.
func TestBackupsHoldTheDocumentsEncrypted(t *testing.T) {
	home := t.TempDir()
	db := filepath.Join(home, "carebook.db")
	s, err := data.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	kid := &data.Child{FirstName: "Айгерим", LastName: "Сейтова", Region: "Түркістан облысы", BirthDate: data.MustDate("2016-03-08")}
	if err := s.Children.Create(ctx, kid); err != nil {
		t.Fatal(err)
	}
	scan := "%PDF-1.4 медицинское заключение"
	doc := &data.Document{ChildID: kid.ID, Kind: data.DocOther, Title: "Заключение", FileName: "заключение.pdf"}
	if err := s.AttachFile(ctx, doc, strings.NewReader(scan), 0); err != nil {
		t.Fatal(err)
	}
	_, recovery, err := s.AddFirstPerson(ctx, "Әсел Нұрланова", "kk", "қауіпсіз құпия")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.SignIn(ctx, "Әсел Нұрланова", "қауіпсіз құпия"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SealFiles(ctx, nil); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "backups")
	res, err := Make(ctx, s, Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if len(res.Documents) != 1 || res.Documents[0].Sealed == "" {
		t.Fatalf("the backup's documents: %+v", res.Documents)
	}
	filepath.WalkDir(filepath.Join(dir, "files"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(p)
			if bytes.HasPrefix(b, []byte("%PDF")) || bytes.Contains(b, []byte("заключение")) {
				t.Errorf("%s holds the document in the clear", p)
			}
		}
		return nil
	})
	if _, problems, err := Verify(ctx, res.Path, RestoreOptions{}); err != nil || len(problems) != 0 {
		t.Fatalf("verify without any key: %v %v", problems, err)
	}

	// On a new laptop: nothing, a wrong password, then the right one.
	fresh := filepath.Join(t.TempDir(), "carebook.db")
	var pe *data.PersonError
	if _, err := Restore(ctx, res.Path, fresh, RestoreOptions{}); !errors.As(err, &pe) || pe.Kind != data.PersonBackupKey {
		t.Fatalf("restored without a password: %v", err)
	}
	if _, err := os.Stat(fresh); err == nil {
		t.Fatal("a refused restore left a database behind")
	}
	with := func(name, secret string) RestoreOptions {
		return RestoreOptions{Unseal: func(ctx context.Context, f string) (age.Identity, error) {
			return data.DocumentsKeyOf(ctx, f, name, secret)
		}}
	}
	if _, err := Restore(ctx, res.Path, fresh, with("Әсел Нұрланова", "не тот пароль")); !errors.As(err, &pe) || pe.Kind != data.PersonBackupKey {
		t.Fatalf("restored with a wrong password: %v", err)
	}
	if _, err := Restore(ctx, res.Path, fresh, with("", recovery)); err != nil {
		t.Fatalf("restore with the recovery key: %v", err)
	}
	r, err := data.Open(fresh)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if _, err := r.SignIn(ctx, "әсел нұрланова", "қауіпсіз құпия"); err != nil {
		t.Fatal(err)
	}
	f, err := r.OpenFile(doc)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(f)
	f.Close()
	if string(b) != scan {
		t.Fatalf("the restored document reads %q", b)
	}
	if c, err := r.Checkup(ctx, nil); err != nil || len(c.Files) > 0 {
		t.Fatalf("check after the restore: %+v %v", c, err)
	}
}
