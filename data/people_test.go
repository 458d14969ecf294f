package data

import (
	"errors"
	"testing"
	"time"
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
