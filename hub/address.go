package hub

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// A hub on another computer is reached only over TLS with a certificate
// checked against the hub's name (sslmode=verify-full): an address that
// would let the connection fall back to plain text, or take any
// certificate, is refused before anything is sent. An address that names
// no sslmode is read as verify-full. A hub on this computer (loopback, or
// a local socket) may be reached as its address says.

// AddressError refuses a hub address before connecting.
type AddressError struct {
	Host string
	Kind string // one of the Address… constants
	Mode string // the sslmode the address asked for
	Err  error
}

// Why an address is refused.
const (
	AddressPlaintext  = "plaintext"  // it allows a connection without TLS
	AddressUnverified = "unverified" // TLS, but the certificate or its name is not checked
	AddressUnreadable = "unreadable" // not an address Carebook can read
	AddressNoCA       = "no_ca"      // the CA file it names cannot be read
)

func (e *AddressError) Error() string {
	switch e.Kind {
	case AddressPlaintext:
		return fmt.Sprintf("the hub address for %s allows an unencrypted connection (sslmode=%s): children's data would cross the network readable; use sslmode=verify-full (nothing was sent)", e.Host, e.Mode)
	case AddressUnverified:
		return fmt.Sprintf("the hub address for %s does not check the hub's certificate (sslmode=%s): anyone in between could pose as the hub; use sslmode=verify-full (nothing was sent)", e.Host, e.Mode)
	case AddressNoCA:
		return fmt.Sprintf("the hub's certificate authority file cannot be read: %v", e.Err)
	}
	return fmt.Sprintf("this is not a hub address Carebook can read (postgres://USER:PASSWORD@HOST:PORT/DATABASE): %v", e.Err)
}

func (e *AddressError) Unwrap() error { return e.Err }

// Config reads a hub address and refuses, with an *AddressError, one that
// is not safe to use across a network.
func Config(raw string) (*pgx.ConnConfig, error) {
	raw = strings.TrimSpace(raw)
	if !strings.HasPrefix(raw, "postgres://") && !strings.HasPrefix(raw, "postgresql://") {
		return nil, &AddressError{Kind: AddressUnreadable, Err: fmt.Errorf("it does not start with postgres://")}
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, &AddressError{Kind: AddressUnreadable, Err: err}
	}
	q := u.Query()
	mode := q.Get("sslmode")
	if mode == "" {
		mode = os.Getenv("PGSSLMODE")
	}
	if mode == "" && !isLocal(u.Hostname()) {
		mode = "verify-full" // never pgx's default, which falls back to plain text
		q.Set("sslmode", mode)
		u.RawQuery = q.Encode()
	}
	if ca := q.Get("sslrootcert"); ca != "" {
		if _, err := os.ReadFile(ca); err != nil {
			return nil, &AddressError{Host: u.Hostname(), Kind: AddressNoCA, Err: err}
		}
	}
	cfg, err := pgx.ParseConfig(u.String())
	if err != nil {
		return nil, &AddressError{Kind: AddressUnreadable, Err: err}
	}
	hosts := []string{cfg.Host}
	for _, fb := range cfg.Fallbacks {
		hosts = append(hosts, fb.Host)
	}
	local := true
	for _, h := range hosts {
		local = local && isLocal(h)
	}
	if local {
		return cfg, nil
	}
	switch mode {
	case "verify-full":
		return cfg, nil
	case "disable", "allow", "prefer":
		return nil, &AddressError{Host: u.Hostname(), Kind: AddressPlaintext, Mode: mode}
	}
	return nil, &AddressError{Host: u.Hostname(), Kind: AddressUnverified, Mode: mode}
}

// isLocal reports a host on this computer: a local socket or loopback.
func isLocal(host string) bool {
	if strings.HasPrefix(host, "/") || strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// WithCA is the address with the hub's certificate authority file (the
// head office's own, when its certificate is not from a public authority).
func WithCA(raw, caFile string) (string, error) {
	if strings.TrimSpace(caFile) == "" {
		return raw, nil
	}
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return "", &AddressError{Kind: AddressUnreadable, Err: err}
	}
	q := u.Query()
	q.Set("sslrootcert", caFile)
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// HostOf is the host an address names ("" if it names none).
func HostOf(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return ""
	}
	return u.Hostname()
}

// connect reaches the hub at the address (see Config).
func connect(ctx context.Context, raw string) (*pgx.Conn, error) {
	cfg, err := Config(raw)
	if err != nil {
		return nil, err
	}
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return nil, unreachable(HostOf(raw), err)
	}
	return conn, nil
}

// UnreachableError says the hub could not be reached, in words; Err holds
// the driver's detail (for "Details", never for the sentence).
type UnreachableError struct {
	Host string
	Kind string // one of the Unreached… constants
	Err  error
}

// Why a hub could not be reached.
const (
	UnreachedNoAnswer    = "no_answer"   // nothing answered at the address (offline, or the hub is down)
	UnreachedLogin       = "login"       // the hub refused the login: a wrong or replaced password, an office it does not know
	UnreachedCertificate = "certificate" // the hub's certificate is not vouched for, or not for its name
	UnreachedNoDatabase  = "no_database" // the hub has no such database
)

func unreachable(host string, err error) *UnreachableError {
	e := &UnreachableError{Host: host, Kind: UnreachedNoAnswer, Err: err}
	var pe *pgconn.PgError
	var unknown x509.UnknownAuthorityError
	var name x509.HostnameError
	var verify *tls.CertificateVerificationError
	switch {
	case errors.As(err, &pe) && (pe.Code == "28000" || pe.Code == "28P01"):
		e.Kind = UnreachedLogin
	case errors.As(err, &pe) && pe.Code == "3D000":
		e.Kind = UnreachedNoDatabase
	case errors.As(err, &unknown), errors.As(err, &name), errors.As(err, &verify):
		e.Kind = UnreachedCertificate
	}
	return e
}

func (e *UnreachableError) Error() string {
	switch e.Kind {
	case UnreachedLogin:
		return fmt.Sprintf("the hub at %s refused this office's login: the password in the address is wrong or was replaced (hub add-office gives a new address)", e.Host)
	case UnreachedCertificate:
		return fmt.Sprintf("the hub at %s showed a certificate that is not vouched for, or not for its name: nothing was sent (give the hub's certificate authority with --postgres-ca, or check the address)", e.Host)
	case UnreachedNoDatabase:
		return fmt.Sprintf("the hub at %s has no such database: check the address", e.Host)
	}
	return fmt.Sprintf("the hub at %s did not answer (offline, or the hub is not running); nothing was sent", e.Host)
}

func (e *UnreachableError) Unwrap() error { return e.Err }
