// Package hub is the head office's hub on PostgreSQL (issue 17): a plain
// database holding every office's rows in the change model of
// data/exchange, with row-level security giving each office's role only
// what it may see and write. This first step makes and migrates the hub and
// its offices' roles; syncing an office with it comes next.
package hub

import (
	"context"
	"crypto/rand"
	"embed"
	"encoding/base64"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	migrate "carebook/internal/migrations"

	"carebook/internal/lazy"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

var migrations = migrate.MustLoad(migrationFiles, "migrations")

// SchemaVersion is the newest hub schema this Carebook knows.
func SchemaVersion() int { return len(migrations) }

// ErrNewer refuses a hub made by a newer Carebook.
var ErrNewer = errors.New("this hub was made by a newer Carebook: update Carebook first")

// ErrOlder refuses to sync with a hub that is not yet up to date with this
// Carebook (it would miss what the newer schema does, such as erasing).
var ErrOlder = errors.New("the hub is older than this Carebook: the head office brings it up to date with carebook hub init (nothing was sent)")

// checkSchema says whether conn holds a hub this Carebook can use: made,
// not newer, and (unless olderOK, for reading) not older.
func checkSchema(ctx context.Context, conn *pgx.Conn, olderOK bool) error {
	v, err := version(ctx, conn)
	switch {
	case err != nil:
		return err
	case v == 0:
		return errors.New("there is no hub in this database yet: carebook hub init")
	case v > SchemaVersion():
		return ErrNewer
	case v < SchemaVersion() && !olderOK:
		return ErrOlder
	}
	return nil
}

// ErrOtherFoundation refuses a hub of another foundation.
var ErrOtherFoundation = errors.New("this hub belongs to another foundation")

// Init creates the hub schema in the database at url (or migrates it to the
// newest version), for the foundation with the given id and head office.
// Each migration runs in its own transaction. It returns the version the
// hub was at before.
func Init(ctx context.Context, url, foundationID string) (before int, err error) {
	conn, err := connect(ctx, url)
	if err != nil {
		return 0, err
	}
	defer conn.Close(ctx)
	before, err = version(ctx, conn)
	if err != nil {
		return 0, err
	}
	if before > SchemaVersion() {
		return before, ErrNewer
	}
	if before > 0 {
		var id string
		if err := conn.QueryRow(ctx, "SELECT value FROM hub_meta WHERE key = 'foundation_id'").Scan(&id); err != nil {
			return before, err
		}
		if id != foundationID {
			return before, ErrOtherFoundation
		}
	}
	for _, m := range migrations[before:] {
		err := pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, m.SQL); err != nil {
				return fmt.Errorf("hub migration %s: %w", m.Name, err)
			}
			if m.Version == 1 {
				if _, err := tx.Exec(ctx, "INSERT INTO hub_meta (key, value) VALUES ('foundation_id', $1)", foundationID); err != nil {
					return err
				}
			}
			_, err := tx.Exec(ctx, `INSERT INTO hub_meta (key, value) VALUES ('schema_version', $1)
				ON CONFLICT (key) DO UPDATE SET value = excluded.value`, strconv.Itoa(m.Version))
			return err
		})
		if err != nil {
			return before, err
		}
	}
	return before, nil
}

// version is the hub schema version of the database (0: none yet).
func version(ctx context.Context, conn *pgx.Conn) (int, error) {
	var exists bool
	if err := conn.QueryRow(ctx, "SELECT to_regclass('hub_meta') IS NOT NULL").Scan(&exists); err != nil {
		return 0, err
	}
	if !exists {
		return 0, nil
	}
	var v string
	if err := conn.QueryRow(ctx, "SELECT value FROM hub_meta WHERE key = 'schema_version'").Scan(&v); err != nil {
		return 0, err
	}
	return strconv.Atoi(v)
}

// Check connects as an office would and refuses a hub that is not there
// yet or was made by a newer Carebook.
func Check(ctx context.Context, url string) error {
	conn, err := connect(ctx, url)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	return checkSchema(ctx, conn, false)
}

var officeCode = lazy.Regexp(`^[A-Z0-9]{2,6}$`)

// Office is an office as the hub knows it.
type Office struct {
	Code, Name string
	Regions    []string
	Head       bool
}

// AddOffice creates the PostgreSQL role an office logs in as and returns
// its connection address (with the role's new password): the secret to
// give that office. Adding an office again gives it a new password.
func AddOffice(ctx context.Context, adminURL string, o Office) (secretURL string, err error) {
	if !officeCode().MatchString(o.Code) {
		return "", errors.New("an office code is 2 to 6 Latin capital letters or digits (for example SHY)")
	}
	conn, err := connect(ctx, adminURL)
	if err != nil {
		return "", err
	}
	defer conn.Close(ctx)
	if v, err := version(ctx, conn); err != nil || v == 0 {
		return "", errors.New("there is no hub in this database yet: carebook hub init")
	}
	if o.Regions == nil {
		o.Regions = []string{}
	}
	role := "carebook_" + strings.ToLower(o.Code)
	pw := make([]byte, 24)
	if _, err := rand.Read(pw); err != nil {
		return "", err
	}
	password := base64.RawURLEncoding.EncodeToString(pw)
	err = pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		var exists bool
		if err := tx.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)", role).Scan(&exists); err != nil {
			return err
		}
		verb := "CREATE"
		if exists {
			verb = "ALTER"
		}
		// Identifiers and passwords cannot be parameters here; both are
		// made of safe characters only (checked above, base64url).
		if _, err := tx.Exec(ctx, fmt.Sprintf(`%s ROLE %s LOGIN PASSWORD '%s'`, verb, pgx.Identifier{role}.Sanitize(), password)); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, fmt.Sprintf("GRANT carebook_office TO %s", pgx.Identifier{role}.Sanitize())); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO offices (code, name, regions, head, role) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (code) DO UPDATE SET name = excluded.name, regions = excluded.regions, head = excluded.head, role = excluded.role`,
			o.Code, o.Name, o.Regions, o.Head, role)
		return err
	})
	if err != nil {
		return "", err
	}
	u, err := url.Parse(adminURL)
	if err != nil {
		return "", err
	}
	u.User = url.UserPassword(role, password)
	// The office gives its own copy of the hub's certificate authority
	// (Settings → Hub): a file on this computer is no use there.
	q := u.Query()
	q.Del("sslrootcert")
	u.RawQuery = q.Encode()
	return u.String(), nil
}
