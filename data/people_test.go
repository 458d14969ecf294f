package data

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"carebook/data/filestore"
)

func personErr(err error, kind string) bool {
	var pe *PersonError
	return errors.As(err, &pe) && pe.Kind == kind
}

// Issue 26: a database's first person is its director and administrator,
// with a recovery key; wrong passwords slow sign-in down but never lock the
// last administrator out for good; roles are enforced in the store.
func TestPeopleSignInAndRoles(t *testing.T) {
	s := newStore(t)
	c := newChild(t, s, "Айгерим", "Нұрланова") // before people: anyone may
	c.Diagnosis, c.ICD10 = "Буллёзный эпидермолиз", "Q81.0"
	if err := s.Children.Update(ctx, c); err != nil {
		t.Fatal(err)
	}
	boss, key, err := s.AddFirstPerson(ctx, "Әсел Нұрланова", "kk", "қауіпсіз құпия")
	if err != nil || !boss.Has(RoleDirector) || !boss.Has(RoleAdmin) || len(normalRecoveryKey(key)) != 32 {
		t.Fatalf("first person: %+v %q %v", boss, key, err)
	}
	if _, _, err := s.AddFirstPerson(ctx, "Другой", "", "ещё пароль 1"); !personErr(err, PersonHasPeople) {
		t.Fatalf("a second first person: %v", err)
	}
	if _, err := s.AddPerson(ctx, NewPerson{Name: "Тимур", Roles: []Role{RoleFundraiser}, Password: "короткий"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddPerson(ctx, NewPerson{Name: "тимур", Roles: []Role{RoleVolunteer}, Password: "длинный пароль"}); !personErr(err, PersonExists) {
		t.Fatalf("the same name twice: %v", err)
	}
	if _, err := s.AddPerson(ctx, NewPerson{Name: "Кыска", Roles: []Role{RoleVolunteer}, Password: "1234"}); !personErr(err, PersonShortPass) {
		t.Fatalf("a short password: %v", err)
	}

	// The fundraiser may record a donor but not change a child's file.
	if _, err := s.SignIn(ctx, "ТИМУР", "короткий"); err != nil {
		t.Fatal(err)
	}
	if err := s.Donors.Create(ctx, &Donor{DisplayName: "Бота"}); err != nil {
		t.Fatalf("a fundraiser recording a donor: %v", err)
	}
	c.Story = "жаңа"
	var re *RoleError
	if err := s.Children.Update(ctx, c); !errors.As(err, &re) || re.Need != MayCases || re.Person != "Тимур" {
		t.Fatalf("a fundraiser changed a child's file: %v", err)
	}
	if err := s.ChangeStatus(ctx, c.ID, StatusDocuments, "", ""); !errors.As(err, &re) {
		t.Fatalf("a fundraiser moved a case: %v", err)
	}
	// The fundraiser reads the child's name and story, not the diagnosis.
	if got, err := s.Children.Get(ctx, c.ID); err != nil || got.Diagnosis != "" || got.ICD10 != "" || got.FirstName != "Айгерим" {
		t.Fatalf("a fundraiser reads %+v %v", got, err)
	}
	if list, _ := s.ListChildSummaries(ctx, ChildFilter{}); len(list) != 1 || list[0].Diagnosis != "" {
		t.Fatalf("a fundraiser's list shows %+v", list)
	}
	if list, _ := s.ListChildSummaries(ctx, ChildFilter{Search: "эпидермолиз"}); len(list) != 0 {
		t.Fatalf("a fundraiser finds children by their diagnosis: %+v", list)
	}
	if list, _ := s.ListChildSummaries(ctx, ChildFilter{Search: "айгерим"}); len(list) != 1 {
		t.Fatalf("a fundraiser does not find the child by name: %+v", list)
	}
	if _, err := s.AddPerson(ctx, NewPerson{Name: "Х", Roles: []Role{RoleAdmin}, Password: "пароль пароль"}); !errors.As(err, &re) || re.Need != MayAdminister {
		t.Fatalf("a fundraiser added a person: %v", err)
	}
	s.SignOut(ctx)
	if err := s.Donors.Create(ctx, &Donor{DisplayName: "Бота"}); !errors.As(err, &re) || re.Person != "" {
		t.Fatalf("nobody signed in, a donor was recorded: %v", err)
	}

	// Five wrong passwords slow the next try down; the right one after the
	// wait still opens.
	for i := 0; i < 5; i++ {
		if _, err := s.SignIn(ctx, "Әсел Нұрланова", "wrong"); !personErr(err, PersonWrongPass) {
			t.Fatalf("try %d: %v", i, err)
		}
	}
	if _, err := s.SignIn(ctx, "Әсел Нұрланова", "қауіпсіз құпия"); !personErr(err, PersonSlowDown) {
		t.Fatalf("after five wrong passwords: %v", err)
	}
	now := fixedNow.Add(time.Hour)
	s.Now = func() time.Time { return now }
	if _, err := s.SignIn(ctx, "Әсел Нұрланова", "қауіпсіз құпия"); err != nil {
		t.Fatalf("the administrator was locked out for good: %v", err)
	}

	// The last administrator keeps the role; the recovery key replaces a
	// forgotten password, a wrong key does not.
	if err := s.SetRoles(ctx, boss.ID, []Role{RoleDirector}); !personErr(err, PersonLastAdmin) {
		t.Fatalf("the last administrator lost the role: %v", err)
	}
	if err := s.SetActive(ctx, boss.ID, false); !personErr(err, PersonLastAdmin) {
		t.Fatalf("the last administrator was deactivated: %v", err)
	}
	s.SignOut(ctx)
	if err := s.ResetWithRecoveryKey(ctx, "Әсел Нұрланова", "AAAA-BBBB", "жаңа құпия сөз"); !personErr(err, PersonWrongKey) {
		t.Fatalf("a wrong recovery key: %v", err)
	}
	if err := s.ResetWithRecoveryKey(ctx, "әсел нұрланова", " "+key+"\n", "жаңа құпия сөз"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SignIn(ctx, "Әсел Нұрланова", "жаңа құпия сөз"); err != nil {
		t.Fatalf("the new password: %v", err)
	}
	// Every change names the person; the audit log cannot be edited.
	es, err := s.AuditEntries(ctx, AuditFilter{Actions: []string{"create"}})
	if err != nil || len(es) == 0 || es[0].Who != "Тимур" || es[0].PersonID == "" {
		t.Fatalf("the donor's entry: %+v %v", es, err)
	}
	if _, err := s.db.Exec("UPDATE audit_log SET who = 'someone else'"); err == nil {
		t.Fatal("an audit entry was changed")
	}
	if _, err := s.db.Exec("DELETE FROM audit_log"); err == nil {
		t.Fatal("audit entries were deleted")
	}
}

// Issue 26: once a database has people its document files are encrypted
// on disk, with the key sealed for each person and for the recovery key;
// a stop half-way loses nothing and is finished later.
func TestDocumentsAreEncryptedAtRest(t *testing.T) {
	s := newStore(t)
	c := newChild(t, s, "Айгерим", "Нұрланова")
	var docs []*Document
	for i, body := range []string{"%PDF-1.4 заключение", "\xff\xd8\xff фото", "\x89PNG скан"} {
		d := &Document{ChildID: c.ID, Kind: DocOther, Title: fmt.Sprint("paper ", i), FileName: fmt.Sprint("p", i, ".bin")}
		if err := s.AttachFile(ctx, d, strings.NewReader(body), 0); err != nil {
			t.Fatal(err)
		}
		docs = append(docs, d)
	}
	raw := func(d *Document) string {
		b, _ := os.ReadFile(s.BlobPath(d.SHA256))
		return string(b)
	}
	read := func(d *Document) (string, error) {
		f, err := s.OpenFile(d)
		if err != nil {
			return "", err
		}
		defer f.Close()
		b, err := io.ReadAll(f)
		return string(b), err
	}
	_, key, err := s.AddFirstPerson(ctx, "Әсел Нұрланова", "kk", "қауіпсіз құпия")
	if err != nil {
		t.Fatal(err)
	}
	// Stopped after the first file: one sealed, two plain, a leftover.
	if _, err := s.blobs().SealInPlace(docs[0].SHA256); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(s.FilesDir(), docs[1].SHA256[:2], ".sealing-123"), []byte("age-encryption.org/v1\nhalf"), 0o600)
	ck, err := s.Checkup(ctx, nil)
	if err != nil || ck.Plain != 2 || len(ck.Temporaries) != 1 || len(ck.Files) != 0 {
		t.Fatalf("check after a stop: %d plain, %d temporaries, files %v (%v)", ck.Plain, len(ck.Temporaries), ck.Files, err)
	}
	if n, err := s.SealFiles(ctx, nil); err != nil || n != 2 {
		t.Fatalf("sealing the rest: %d %v", n, err)
	}
	for _, d := range docs {
		if strings.HasPrefix(raw(d), "%PDF") || strings.HasPrefix(raw(d), "\xff\xd8") || strings.HasPrefix(raw(d), "\x89PNG") || !strings.HasPrefix(raw(d), "age-encryption.org/v1") {
			t.Fatalf("%s is stored in the clear", d.Title)
		}
		if got, err := read(d); err != nil || !strings.Contains(got, " ") || int64(len(got)) != d.Size {
			t.Fatalf("%s reads back %q %v", d.Title, got, err)
		}
	}
	// A new document is encrypted as it is stored; a check reads them all.
	d := &Document{ChildID: c.ID, Kind: DocOther, Title: "new", FileName: "n.pdf"}
	if err := s.AttachFile(ctx, d, strings.NewReader("%PDF-1.7 новый"), 0); err != nil || !strings.HasPrefix(raw(d), "age-") {
		t.Fatalf("a new document: %v %q", err, raw(d)[:8])
	}
	if ck, err := s.Checkup(ctx, nil); err != nil || len(ck.Files) != 0 || ck.Plain != 0 || ck.Verified != 4 {
		t.Fatalf("check: %+v %v", ck, err)
	}
	// Signed out, the files are locked; a colleague the director added
	// reads them with her own password; the recovery key still opens them.
	if _, err := s.AddPerson(ctx, NewPerson{Name: "Гүлнар", Roles: []Role{RoleVolunteer}, Password: "гүлнар пароль"}); err != nil {
		t.Fatal(err)
	}
	s.SignOut(ctx)
	if _, err := read(d); !isFileKind(err, filestore.Locked) {
		t.Fatalf("signed out, a document reads: %v", err)
	}
	if _, err := s.SignIn(ctx, "Гүлнар", "гүлнар пароль"); err != nil {
		t.Fatal(err)
	}
	if got, err := read(d); err != nil || got != "%PDF-1.7 новый" {
		t.Fatalf("the colleague reads %q %v", got, err)
	}
	s.SignOut(ctx)
	if err := s.ResetWithRecoveryKey(ctx, "Әсел Нұрланова", key, "жаңа құпия сөз"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SignIn(ctx, "Әсел Нұрланова", "жаңа құпия сөз"); err != nil {
		t.Fatal(err)
	}
	if got, err := read(docs[2]); err != nil || got != "\x89PNG скан" {
		t.Fatalf("after the reset the director reads %q %v", got, err)
	}
}

func isFileKind(err error, kind string) bool {
	var fe *filestore.Error
	return errors.As(err, &fe) && fe.Kind == kind
}

// Issue 26: a person may be given access until a day; from the day after,
// they cannot sign in, with a message that says why. The last
// administrator is never given an end.
func TestAccessUntilADay(t *testing.T) {
	s := newStore(t)
	boss, _, err := s.AddFirstPerson(ctx, "Әсел Нұрланова", "kk", "қауіпсіз құпия")
	if err != nil {
		t.Fatal(err)
	}
	today := s.Today()
	guest, err := s.AddPerson(ctx, NewPerson{Name: "Студентка Алия", Roles: []Role{RoleVolunteer}, Password: "практика 2026", Until: today})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.SignIn(ctx, "Студентка Алия", "практика 2026"); err != nil {
		t.Fatalf("on her last day: %v", err)
	}
	s.SignOut(ctx)
	if _, err := s.SignIn(ctx, "Әсел Нұрланова", "қауіпсіз құпия"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetUntil(ctx, guest.ID, today.AddDays(-1)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SignIn(ctx, "Студентка Алия", "практика 2026"); !personErr(err, PersonExpired) {
		t.Fatalf("after her last day: %v", err)
	}
	if _, err := s.SignIn(ctx, "Әсел Нұрланова", "қауіпсіз құпия"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetUntil(ctx, boss.ID, today.AddDays(30)); !personErr(err, PersonLastAdmin) {
		t.Fatalf("the last administrator was given an end: %v", err)
	}
	ps, _ := s.People(ctx)
	for _, p := range ps {
		if p.ID == guest.ID && (p.Until != today.AddDays(-1) || !p.Expired(today)) {
			t.Fatalf("listed as %+v", p)
		}
	}
	if err := s.SetUntil(ctx, guest.ID, Date{}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SignIn(ctx, "Студентка Алия", "практика 2026"); err != nil {
		t.Fatalf("extended: %v", err)
	}
}
