package data

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"database/sql"
	"encoding/base32"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"runtime"
	"slices"
	"strings"
	"time"

	"golang.org/x/crypto/argon2"
)

// Role is what a person does for the foundation; a person may have several.
type Role string

// The roles (docs/people.md says what each may do).
const (
	RoleVolunteer  Role = "volunteer"     // the cases: children, families, papers, journey, estimates
	RoleFundraiser Role = "fundraiser"    // donors, donations, statements, letters, appeals
	RoleDirector   Role = "director"      // all of the above, the grant report, exports, conflicts, Trash, backups
	RoleAdmin      Role = "administrator" // people, settings, offices, hub, bank layouts
)

// AllRoles in the order they are shown.
var AllRoles = []Role{RoleVolunteer, RoleFundraiser, RoleDirector, RoleAdmin}

// Permission is one kind of thing a person may do.
type Permission string

// The permissions, and the roles that grant each.
const (
	MayCases      Permission = "cases"      // change children, guardians, consents, documents, journey, estimates
	MayMedical    Permission = "medical"    // see medical documents, the diagnosis, guardians' identity numbers
	MayMoney      Permission = "money"      // donors, donations, statements, letters, templates
	MayDirect     Permission = "direct"     // grant report, exports, conflicts, payments, emptying the Trash, restore
	MayAdminister Permission = "administer" // people, settings, offices, hub, bank layouts, rates
)

var grants = map[Permission][]Role{
	MayCases:      {RoleVolunteer, RoleDirector},
	MayMedical:    {RoleVolunteer, RoleDirector},
	MayMoney:      {RoleFundraiser, RoleDirector},
	MayDirect:     {RoleDirector},
	MayAdminister: {RoleAdmin},
}

// RolesFor are the roles that grant p, for messages ("needs: director").
func RolesFor(p Permission) []Role { return grants[p] }

// Person is someone who signs in.
type Person struct {
	ID     string
	Name   string
	Roles  []Role
	Lang   string // interface language; "" follows the computer
	Active bool
	Demo   bool // the demo database's demo director
	// Until is the last day the person may sign in (a visiting volunteer,
	// a student on placement); zero: no end.
	Until Date
}

// Expired says whether p's access ended before the day today.
func (p *Person) Expired(today Date) bool { return !p.Until.IsZero() && p.Until.Before(today) }

// Has says whether p has role r.
func (p *Person) Has(r Role) bool { return p != nil && slices.Contains(p.Roles, r) }

// May says whether p may do what perm allows.
func (p *Person) May(perm Permission) bool {
	if p == nil {
		return false
	}
	for _, r := range grants[perm] {
		if p.Has(r) {
			return true
		}
	}
	return false
}

// Person errors' kinds (PersonError.Kind).
const (
	PersonUnknown      = "unknown" // no active person of that name
	PersonWrongPass    = "wrong_password"
	PersonSlowDown     = "slow_down" // too many wrong passwords: wait (Wait) and try again
	PersonInactive     = "inactive"  // deactivated: an administrator may activate them again
	PersonShortPass    = "short_password"
	PersonNoName       = "no_name"
	PersonExists       = "exists" // the name is taken
	PersonNoRole       = "no_role"
	PersonBadRole      = "bad_role"   // not one of AllRoles (Detail)
	PersonLastAdmin    = "last_admin" // the last active administrator cannot lose the role or be deactivated
	PersonWrongKey     = "wrong_recovery_key"
	PersonHasPeople    = "has_people"    // the first person is added once
	PersonNeedSignIn   = "need_sign_in"  // the database has people: say who you are
	PersonPasswordFile = "password_file" // a password file that is missing, empty or readable by others (Detail: path)
	PersonKeyLost      = "key_lost"      // the password is right but does not open the documents' key (Detail: name)
	PersonExpired      = "expired"       // given until a date that has passed (Detail: name)
	PersonBackupKey    = "backup_key"    // a backup's documents open with one of its people's passwords or its recovery key
)

// PersonError says why signing in or managing people was refused.
type PersonError struct {
	Kind   string
	Detail string
	Wait   time.Duration // for PersonSlowDown
}

func (e *PersonError) Error() string {
	switch e.Kind {
	case PersonUnknown:
		return "there is no person " + e.Detail + " in this database"
	case PersonWrongPass:
		return "wrong password"
	case PersonSlowDown:
		return fmt.Sprintf("too many wrong passwords: try again in %s", e.Wait.Round(time.Second))
	case PersonInactive:
		return e.Detail + " is deactivated"
	case PersonShortPass:
		return fmt.Sprintf("a password has at least %d characters", MinPassword)
	case PersonNoName:
		return "a person needs a name"
	case PersonExists:
		return "there is already a person " + e.Detail
	case PersonNoRole:
		return "a person needs at least one role"
	case PersonBadRole:
		return "not a role: " + e.Detail + " (volunteer, fundraiser, director, administrator)"
	case PersonLastAdmin:
		return "the last administrator keeps the role: make another person administrator first"
	case PersonWrongKey:
		return "this is not the database's recovery key"
	case PersonHasPeople:
		return "this database already has people"
	case PersonNeedSignIn:
		return "this database has people: say who you are (--as NAME)"
	case PersonKeyLost:
		return "the documents' key cannot be opened with " + e.Detail + "'s password: an administrator sets a new password"
	case PersonPasswordFile:
		return "the password file " + e.Detail + " is missing, empty or readable by others"
	case PersonExpired:
		return e.Detail + " was given access until a date that has passed: an administrator may extend it"
	case PersonBackupKey:
		return "the backup's documents are encrypted: say who you are in the backed-up database (--as NAME with its password) or give its recovery key (--recovery-key-file)"
	}
	return e.Kind
}

// RoleError refuses an action to a person whose roles do not grant it.
type RoleError struct {
	Need   Permission
	Person string // "" when nobody is signed in
}

func (e *RoleError) Error() string {
	var roles []string
	for _, r := range grants[e.Need] {
		roles = append(roles, string(r))
	}
	who := e.Person
	if who == "" {
		who = "nobody signed in"
	}
	return fmt.Sprintf("this needs the role %s (%s may not)", strings.Join(roles, " or "), who)
}

// MinPassword is the shortest password accepted.
const MinPassword = 8

// argon2id parameters of new hashes (the parameters are kept with each hash,
// so that they can be raised later without locking anyone out).
const (
	argonTime    = 2
	argonMemory  = 64 * 1024 // KiB
	argonThreads = 2
	argonKeyLen  = 32
)

// hashPassword is the argon2id hash of pw with a new salt, with its parameters.
func hashPassword(pw string) string {
	salt := make([]byte, 16)
	rand.Read(salt)
	h := argon2.IDKey([]byte(pw), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	enc := base64.RawStdEncoding
	return fmt.Sprintf("argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads, enc.EncodeToString(salt), enc.EncodeToString(h))
}

// checkPassword says whether pw matches the stored hash.
func checkPassword(stored, pw string) bool {
	parts := strings.Split(stored, "$")
	if len(parts) != 5 || parts[0] != "argon2id" {
		return false
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[2], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil {
		return false
	}
	enc := base64.RawStdEncoding
	salt, err1 := enc.DecodeString(parts[3])
	want, err2 := enc.DecodeString(parts[4])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return false
	}
	got := argon2.IDKey([]byte(pw), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// personKey is a name as sign-in compares it: folded, spaces collapsed.
func personKey(name string) string { return strings.Join(strings.Fields(Fold(name)), " ") }

func checkRoles(roles []Role) error {
	if len(roles) == 0 {
		return &PersonError{Kind: PersonNoRole}
	}
	for _, r := range roles {
		if !slices.Contains(AllRoles, r) {
			return &PersonError{Kind: PersonBadRole, Detail: string(r)}
		}
	}
	return nil
}

// ParseRoles reads "director,administrator" or "director administrator".
func ParseRoles(s string) ([]Role, error) {
	var out []Role
	for _, f := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return r == ',' || r == ' ' || r == '+' }) {
		if f == "admin" {
			f = string(RoleAdmin)
		}
		if !slices.Contains(out, Role(f)) {
			out = append(out, Role(f))
		}
	}
	return out, checkRoles(out)
}

func rolesText(roles []Role) string {
	var s []string
	for _, r := range AllRoles {
		if slices.Contains(roles, r) {
			s = append(s, string(r))
		}
	}
	return strings.Join(s, " ")
}

func parseStoredRoles(s string) []Role {
	var out []Role
	for _, f := range strings.Fields(s) {
		out = append(out, Role(f))
	}
	return out
}

// HasPeople says whether anyone has been set up to sign in. Until then
// nothing is hidden and nothing asks who you are.
func (s *Store) HasPeople(ctx context.Context) (bool, error) {
	if s.peopleKnown.Load() {
		return true, nil // people are never removed, only deactivated
	}
	var n int
	err := s.q(ctx).QueryRowContext(ctx, "SELECT count(*) FROM people WHERE deleted_at IS NULL").Scan(&n)
	if err == nil && n > 0 && ctx.Value(txKey{}) == nil {
		s.peopleKnown.Store(true) // not inside a transaction that may yet roll back
	}
	return n > 0, err
}

// People lists everyone, active first, by name.
func (s *Store) People(ctx context.Context) ([]Person, error) {
	rows, err := s.q(ctx).QueryContext(ctx, "SELECT id, name, roles, lang, active, demo, expires_on FROM people WHERE deleted_at IS NULL ORDER BY active DESC, name_key")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Person
	for rows.Next() {
		var p Person
		var roles, until string
		if err := rows.Scan(&p.ID, &p.Name, &roles, &p.Lang, &p.Active, &p.Demo, &until); err != nil {
			return nil, err
		}
		if until != "" {
			p.Until, _ = ParseDate(until)
		}
		p.Roles = parseStoredRoles(roles)
		out = append(out, p)
	}
	return out, rows.Err()
}

// PersonNamed finds an active or deactivated person by name.
func (s *Store) PersonNamed(ctx context.Context, name string) (*Person, error) {
	ps, err := s.People(ctx)
	if err != nil {
		return nil, err
	}
	k := personKey(name)
	for i := range ps {
		if personKey(ps[i].Name) == k {
			return &ps[i], nil
		}
	}
	return nil, &PersonError{Kind: PersonUnknown, Detail: strings.TrimSpace(name)}
}

// NewPerson is what adding a person takes.
type NewPerson struct {
	Name     string
	Roles    []Role
	Lang     string
	Password string
	Until    Date // the last day they may sign in; zero: no end
}

func (n *NewPerson) check() error {
	n.Name = strings.Join(strings.Fields(n.Name), " ")
	if n.Name == "" {
		return &PersonError{Kind: PersonNoName}
	}
	if err := checkRoles(n.Roles); err != nil {
		return err
	}
	if len([]rune(n.Password)) < MinPassword {
		return &PersonError{Kind: PersonShortPass}
	}
	return nil
}

func (s *Store) insertPerson(ctx context.Context, tx *sql.Tx, n NewPerson, demo bool) (*Person, error) {
	var taken int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM people WHERE deleted_at IS NULL AND name_key = ?", personKey(n.Name)).Scan(&taken); err != nil {
		return nil, err
	}
	if taken > 0 {
		return nil, &PersonError{Kind: PersonExists, Detail: n.Name}
	}
	p := &Person{ID: NewID(), Name: n.Name, Roles: n.Roles, Lang: n.Lang, Active: true, Demo: demo, Until: n.Until}
	now := s.stamp()
	wrapped := ""
	if id := s.fileKeyNow(); id != nil {
		wrapped = sealKey(id.String(), n.Password)
	}
	until := ""
	if !n.Until.IsZero() {
		until = n.Until.String()
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO people (id, created_at, updated_at, name, name_key, roles, lang, password, demo, wrapped_key, expires_on)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, p.ID, now, now, p.Name, personKey(p.Name), rolesText(p.Roles), p.Lang, hashPassword(n.Password), demo, wrapped, until); err != nil {
		return nil, err
	}
	return p, s.audit(ctx, tx, "person_add", "person", p.ID, p.Name+": "+rolesText(p.Roles))
}

// AddFirstPerson sets up a database's first person, a director and
// administrator, and signs them in. It returns the recovery key, to be
// shown once: with it the last administrator's forgotten password can be
// replaced.
func (s *Store) AddFirstPerson(ctx context.Context, name, lang, password string) (*Person, string, error) {
	n := NewPerson{Name: name, Roles: []Role{RoleDirector, RoleAdmin}, Lang: lang, Password: password}
	if err := n.check(); err != nil {
		return nil, "", err
	}
	key := newRecoveryKey()
	var p *Person
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var n0 int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM people WHERE deleted_at IS NULL").Scan(&n0); err != nil {
			return err
		}
		if n0 > 0 {
			return &PersonError{Kind: PersonHasPeople}
		}
		id, err := s.newFileKey(ctx, tx, false)
		if err != nil {
			return err
		}
		s.unsealed(id)
		if p, err = s.insertPerson(ctx, tx, n, false); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO recovery (id, key_hash, wrapped_key) VALUES (1, ?, ?)
			ON CONFLICT (id) DO UPDATE SET key_hash = excluded.key_hash, wrapped_key = excluded.wrapped_key`,
			hashPassword(normalRecoveryKey(key)), sealKey(id.String(), normalRecoveryKey(key)))
		return err
	})
	if err != nil {
		s.unsealed(nil)
		return nil, "", err
	}
	s.loadFileKey(ctx)
	s.signedIn(p)
	return p, key, nil
}

// AddDemoDirector gives the demo database its demo director (signed in
// without a password when the demo opens).
func (s *Store) AddDemoDirector(ctx context.Context, name string) (*Person, error) {
	var p *Person
	err := s.tx(ctx, func(tx *sql.Tx) error {
		id, err := s.newFileKey(ctx, tx, true)
		if err != nil {
			return err
		}
		s.unsealed(id)
		pw := make([]byte, 24)
		rand.Read(pw)
		p, err = s.insertPerson(ctx, tx, NewPerson{Name: name, Roles: []Role{RoleDirector, RoleAdmin}, Password: base64.RawURLEncoding.EncodeToString(pw)}, true)
		return err
	})
	if err != nil {
		s.unsealed(nil)
		return nil, err
	}
	s.loadFileKey(ctx)
	s.signedIn(p)
	return p, nil
}

// SignInDemo signs in the demo database's demo director, if it has one.
func (s *Store) SignInDemo(ctx context.Context) (*Person, bool) {
	ps, err := s.People(ctx)
	if err != nil {
		return nil, false
	}
	for i := range ps {
		if ps[i].Demo && ps[i].Active {
			s.signedIn(&ps[i])
			return &ps[i], true
		}
	}
	return nil, false
}

// AddPerson adds someone (administrators only).
func (s *Store) AddPerson(ctx context.Context, n NewPerson) (*Person, error) {
	if err := s.Require(ctx, MayAdminister); err != nil {
		return nil, err
	}
	if err := n.check(); err != nil {
		return nil, err
	}
	var p *Person
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		p, err = s.insertPerson(ctx, tx, n, false)
		return err
	})
	return p, err
}

// slowDown is how long a person waits after failures wrong passwords in a
// row: nothing for the first five, then 5 s doubling to at most 5 minutes
// (never for good: the last administrator is never locked out).
func slowDown(failures int) time.Duration {
	if failures < 5 {
		return 0
	}
	d := 5 * time.Second << min(failures-5, 6)
	return min(d, 5*time.Minute)
}

// SignIn checks name and password and makes that person the one at the
// keyboard: the "who" of every change and the roles every action is
// checked against.
func (s *Store) SignIn(ctx context.Context, name, password string) (*Person, error) {
	p, err := s.PersonNamed(ctx, name)
	if err != nil {
		return nil, err
	}
	var hash, wrapped string
	var failures int
	var failedAt sql.NullString
	if err := s.q(ctx).QueryRowContext(ctx, "SELECT password, failures, failed_at, wrapped_key FROM people WHERE id = ?", p.ID).Scan(&hash, &failures, &failedAt, &wrapped); err != nil {
		return nil, err
	}
	if wait := slowDown(failures); wait > 0 && failedAt.Valid {
		if at, err := time.Parse(stampLayout, failedAt.String); err == nil {
			if left := at.Add(wait).Sub(s.Now()); left > 0 {
				return nil, &PersonError{Kind: PersonSlowDown, Wait: left}
			}
		}
	}
	if !checkPassword(hash, password) {
		if s.ro == nil {
			s.db.ExecContext(ctx, "UPDATE people SET failures = failures + 1, failed_at = ? WHERE id = ?", s.stamp(), p.ID)
		}
		return nil, &PersonError{Kind: PersonWrongPass}
	}
	if !p.Active {
		return nil, &PersonError{Kind: PersonInactive, Detail: p.Name}
	}
	if p.Expired(s.Today()) {
		return nil, &PersonError{Kind: PersonExpired, Detail: p.Name}
	}
	if s.ro == nil && failures > 0 {
		s.db.ExecContext(ctx, "UPDATE people SET failures = 0, failed_at = NULL WHERE id = ?", p.ID)
	}
	if wrapped != "" {
		id, err := openKey(wrapped, password)
		if err != nil {
			return nil, &PersonError{Kind: PersonKeyLost, Detail: p.Name}
		}
		s.unsealed(id)
	}
	s.signedIn(p)
	s.Record(ctx, "sign_in", "person", p.ID, "", p.Name)
	return p, nil
}

// CheckPassword says whether password is the signed-in person's (to unlock
// a locked window); wrong ones count like a sign-in's.
func (s *Store) CheckPassword(ctx context.Context, password string) error {
	p := s.Person()
	if p == nil {
		return &PersonError{Kind: PersonNeedSignIn}
	}
	_, err := s.SignIn(ctx, p.Name, password)
	return err
}

// SignOut leaves nobody signed in.
func (s *Store) SignOut(ctx context.Context) {
	if p := s.Person(); p != nil {
		s.Record(ctx, "sign_out", "person", p.ID, "", p.Name)
	}
	s.signedIn(nil)
	s.unsealed(nil)
	s.loadFileKey(ctx) // the demo's key stays open
}

func (s *Store) signedIn(p *Person) {
	s.mu.Lock()
	s.person = p
	if p != nil {
		s.actor = p.Name
	}
	s.mu.Unlock()
}

// Person is who is signed in; nil for nobody.
func (s *Store) Person() *Person {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.person
}

// May says whether the one at the keyboard may do what perm allows. In a
// database without people, everyone may do everything.
func (s *Store) May(ctx context.Context, perm Permission) bool {
	return s.Require(ctx, perm) == nil
}

// Require refuses (with a *RoleError) an action the one at the keyboard may
// not do. In a database without people, everyone may do everything.
func (s *Store) Require(ctx context.Context, perm Permission) error {
	p := s.Person()
	if p.May(perm) {
		return nil
	}
	if p == nil {
		if has, err := s.HasPeople(ctx); err != nil {
			return err
		} else if !has {
			return nil
		}
		return &RoleError{Need: perm}
	}
	return &RoleError{Need: perm, Person: p.Name}
}

// SetRoles changes a person's roles (administrators only); the last active
// administrator keeps that role.
func (s *Store) SetRoles(ctx context.Context, id string, roles []Role) error {
	if err := s.Require(ctx, MayAdminister); err != nil {
		return err
	}
	if err := checkRoles(roles); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		if !slices.Contains(roles, RoleAdmin) {
			if err := lastAdmin(ctx, tx, id, s.Today()); err != nil {
				return err
			}
		}
		res, err := tx.ExecContext(ctx, "UPDATE people SET roles = ?, updated_at = ? WHERE id = ? AND deleted_at IS NULL", rolesText(roles), s.stamp(), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		s.refreshSignedIn(ctx, tx, id)
		return s.audit(ctx, tx, "person_roles", "person", id, rolesText(roles))
	})
}

// lastAdmin refuses to take the role from the only active administrator.
func lastAdmin(ctx context.Context, tx *sql.Tx, id string, today Date) error {
	var others int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM people WHERE deleted_at IS NULL AND active = 1 AND id <> ?
		AND (expires_on = '' OR expires_on >= ?)
		AND (' ' || roles || ' ') LIKE '% administrator %'`, id, today.String()).Scan(&others); err != nil {
		return err
	}
	if others == 0 {
		return &PersonError{Kind: PersonLastAdmin}
	}
	return nil
}

// SetActive deactivates (or activates again) a person; a deactivated person
// cannot sign in, and their name stays on what they did.
func (s *Store) SetActive(ctx context.Context, id string, active bool) error {
	if err := s.Require(ctx, MayAdminister); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		if !active {
			if err := lastAdmin(ctx, tx, id, s.Today()); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, "UPDATE people SET active = ?, updated_at = ? WHERE id = ? AND deleted_at IS NULL", active, s.stamp(), id); err != nil {
			return err
		}
		action := "person_deactivate"
		if active {
			action = "person_activate"
		}
		return s.audit(ctx, tx, action, "person", id, "")
	})
}

// SetUntil sets the last day a person may sign in (zero: no end). The last
// active administrator is never given an end: that would lock the
// database's people out for good one day.
func (s *Store) SetUntil(ctx context.Context, id string, until Date) error {
	if err := s.Require(ctx, MayAdminister); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		v, summary := "", "no end"
		if !until.IsZero() {
			if err := lastAdmin(ctx, tx, id, s.Today()); err != nil {
				return err
			}
			v, summary = until.String(), "until "+until.String()
		}
		res, err := tx.ExecContext(ctx, "UPDATE people SET expires_on = ?, updated_at = ? WHERE id = ? AND deleted_at IS NULL", v, s.stamp(), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		return s.audit(ctx, tx, "person_until", "person", id, summary)
	})
}

// SetPassword gives a person a new password: their own, or anyone's for an
// administrator. Wrong-password counts start again.
func (s *Store) SetPassword(ctx context.Context, id, password string) error {
	if p := s.Person(); p == nil || p.ID != id {
		if err := s.Require(ctx, MayAdminister); err != nil {
			return err
		}
	}
	return s.setPassword(ctx, id, password)
}

func (s *Store) setPassword(ctx context.Context, id, password string) error {
	if len([]rune(password)) < MinPassword {
		return &PersonError{Kind: PersonShortPass}
	}
	wrapped := ""
	if k := s.fileKeyNow(); k != nil {
		wrapped = sealKey(k.String(), password)
	} else if s.Encrypted() {
		return &PersonError{Kind: PersonNeedSignIn}
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE people SET password = ?, wrapped_key = ?, failures = 0, failed_at = NULL, updated_at = ? WHERE id = ? AND deleted_at IS NULL",
			hashPassword(password), wrapped, s.stamp(), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		return s.audit(ctx, tx, "person_password", "person", id, "")
	})
}

// ResetWithRecoveryKey replaces a person's forgotten password with the
// recovery key shown when the database got its first person.
func (s *Store) ResetWithRecoveryKey(ctx context.Context, name, key, password string) error {
	var hash, wrapped string
	err := s.q(ctx).QueryRowContext(ctx, "SELECT key_hash, wrapped_key FROM recovery WHERE id = 1").Scan(&hash, &wrapped)
	if errors.Is(err, sql.ErrNoRows) || err == nil && !checkPassword(hash, normalRecoveryKey(key)) {
		return &PersonError{Kind: PersonWrongKey}
	}
	if err != nil {
		return err
	}
	p, err := s.PersonNamed(ctx, name)
	if err != nil {
		return err
	}
	if wrapped != "" {
		id, err := openKey(wrapped, normalRecoveryKey(key))
		if err != nil {
			return &PersonError{Kind: PersonWrongKey}
		}
		s.unsealed(id)
		defer func() {
			if s.Person() == nil {
				s.unsealed(nil)
				s.loadFileKey(ctx)
			}
		}()
	}
	if err := s.setPassword(ctx, p.ID, password); err != nil {
		return err
	}
	if p.Has(RoleAdmin) && !p.Until.IsZero() {
		// The recovery key is the way back in for good: an administrator's
		// end date goes with it.
		return s.tx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, "UPDATE people SET expires_on = '', updated_at = ? WHERE id = ?", s.stamp(), p.ID); err != nil {
				return err
			}
			return s.audit(ctx, tx, "person_until", "person", p.ID, "no end (recovery key)")
		})
	}
	return nil
}

func (s *Store) refreshSignedIn(ctx context.Context, tx *sql.Tx, id string) {
	cur := s.Person()
	if cur == nil || cur.ID != id {
		return
	}
	var roles string
	if tx.QueryRowContext(ctx, "SELECT roles FROM people WHERE id = ?", id).Scan(&roles) == nil {
		p := *cur
		p.Roles = parseStoredRoles(roles)
		s.signedIn(&p)
	}
}

// newRecoveryKey is 160 random bits written as eight groups of four
// letters A–Z and digits 2–7 (base32: no 0 or 1 to take for O or I).
func newRecoveryKey() string {
	b := make([]byte, 20)
	rand.Read(b)
	enc := base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b)
	var groups []string
	for i := 0; i < len(enc); i += 4 {
		groups = append(groups, enc[i:i+4])
	}
	return strings.Join(groups, "-")
}

// normalRecoveryKey is a key as typed, without spaces and dashes, in capitals.
func normalRecoveryKey(k string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '-' || r == ' ' || r == '\n' || r == '\r' || r == '\t':
			return -1
		case r >= 'a' && r <= 'z':
			return r - 'a' + 'A'
		}
		return r
	}, k)
}

// ReadPasswordFile reads a password from the first line of a file that only
// its owner may read (a scheduled backup's).
func ReadPasswordFile(path string) (string, error) {
	fi, err := os.Stat(path)
	if err != nil || fi.IsDir() || worldReadable(fi) {
		return "", &PersonError{Kind: PersonPasswordFile, Detail: path}
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return "", &PersonError{Kind: PersonPasswordFile, Detail: path}
	}
	pw := strings.TrimRight(strings.SplitN(string(b), "\n", 2)[0], "\r")
	if pw == "" {
		return "", &PersonError{Kind: PersonPasswordFile, Detail: path}
	}
	return pw, nil
}

// computerName is what the audit log records as the computer.
var computerName = func() string {
	h, _ := os.Hostname()
	return h
}()

// worldReadable says whether others than the owner may read a file (on
// Windows, where files carry access lists instead, nothing is refused).
func worldReadable(fi os.FileInfo) bool {
	return runtime.GOOS != "windows" && fi.Mode().Perm()&0o044 != 0
}
