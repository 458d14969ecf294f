// Package pgtest starts a throwaway PostgreSQL server for tests: initdb into
// a temporary folder and pg_ctl on a free local port, as an unprivileged
// user when the tests run as root (PostgreSQL refuses root), stopped and
// removed when the test ends. Without PostgreSQL installed (make test
// installs Debian's postgresql), the test is skipped and says why.
package pgtest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Start starts a server and returns the address of its superuser database.
func Start(t testing.TB) string {
	t.Helper()
	return start(t, nil)
}

// TLS is a server's certificate, made for the test by a throwaway
// certificate authority.
type TLS struct {
	CAFile    string // the authority's certificate, for sslrootcert
	OtherCA   string // another authority's certificate, which does not vouch for the server
	cert, key []byte
}

// StartTLS starts a server that speaks TLS with a certificate for
// localhost and 127.0.0.1, and returns the address of its superuser
// database over TLS with the certificate checked (sslmode=verify-full).
func StartTLS(t testing.TB) (string, *TLS) {
	t.Helper()
	tl := makeTLS(t)
	url := start(t, tl)
	url = strings.Replace(url, "127.0.0.1", "localhost", 1)
	url = strings.Replace(url, "sslmode=disable", "sslmode=verify-full&sslrootcert="+tl.CAFile, 1)
	return url, tl
}

func makeTLS(t testing.TB) *TLS {
	t.Helper()
	dir := t.TempDir()
	authority := func(name string) (*x509.Certificate, *ecdsa.PrivateKey, string) {
		key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		tmpl := &x509.Certificate{SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: name},
			NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour), IsCA: true,
			KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature, BasicConstraintsValid: true}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
		if err != nil {
			t.Fatal(err)
		}
		cert, _ := x509.ParseCertificate(der)
		file := filepath.Join(dir, name+".crt")
		os.WriteFile(file, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644)
		return cert, key, file
	}
	ca, caKey, caFile := authority("carebook-test-ca")
	_, _, other := authority("another-ca")
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(time.Now().UnixNano() + 1), Subject: pkix.Name{CommonName: "localhost"},
		DNSNames: []string{"localhost"}, IPAddresses: []net.IP{net.ParseIP("127.0.0.1")},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	kb, _ := x509.MarshalECPrivateKey(key)
	return &TLS{CAFile: caFile, OtherCA: other,
		cert: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
		key:  pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb})}
}

func start(t tb, tl *TLS) string {
	t.Helper()
	bins, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	sort.Strings(bins)
	if len(bins) == 0 {
		t.Skip("PostgreSQL is not installed (make test installs Debian's postgresql): the hub tests are skipped")
	}
	bin := filepath.Dir(bins[len(bins)-1])
	dir, err := os.MkdirTemp("/tmp", "carebook-pg-*")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	var runAs []string
	var owner []int // the server's uid and gid, when not ours
	if os.Geteuid() == 0 {
		u, err := user.Lookup("nobody")
		if err != nil {
			t.Skip("running as root without a 'nobody' user to run PostgreSQL as: the hub tests are skipped")
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			t.Fatal(err)
		}
		owner = []int{uid, gid}
		runAs = []string{"runuser", "-u", "nobody", "--"}
	}
	run := func(name string, args ...string) {
		t.Helper()
		argv := append(append(append([]string{}, runAs...), filepath.Join(bin, name)), args...)
		cmd := exec.Command(argv[0], argv[1:]...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "LANG=C", "LC_ALL=C")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%s: %v\n%s", name, err, out)
		}
	}
	data := filepath.Join(dir, "data")
	run("initdb", "-D", data, "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8", "--locale=C")
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off", port, dir)
	if tl != nil {
		// The server reads its key as its own user, private to it.
		for name, b := range map[string][]byte{"server.crt": tl.cert, "server.key": tl.key} {
			p := filepath.Join(data, name)
			if err := os.WriteFile(p, b, 0o600); err != nil {
				t.Fatal(err)
			}
			if owner != nil {
				os.Chown(p, owner[0], owner[1])
			}
		}
		opts += " -c ssl=on -c ssl_cert_file=server.crt -c ssl_key_file=server.key"
	}
	run("pg_ctl", "-D", data, "-o", opts, "-w", "-l", filepath.Join(dir, "log"), "start")
	t.Cleanup(func() {
		argv := append(append(append([]string{}, runAs...), filepath.Join(bin, "pg_ctl")), "-D", data, "-m", "immediate", "stop")
		_ = exec.Command(argv[0], argv[1:]...).Run()
	})
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", port)
}

// tb is what start needs of a test.
type tb interface {
	Helper()
	Fatal(args ...any)
	Fatalf(format string, args ...any)
	Skip(args ...any)
	Cleanup(func())
}

// Server starts a server outside a test (make bench measures the hub
// against it): its superuser address, and stop, which stops and removes
// it.
func Server() (url string, stop func(), err error) {
	r := &outside{}
	defer func() {
		if p := recover(); p != nil {
			f, ok := p.(failure)
			if !ok {
				panic(p)
			}
			r.stop()
			url, stop, err = "", nil, f
		}
	}()
	return start(r, nil), r.stop, nil
}

type failure struct{ error }

// outside is a test's part of start, outside a test: a failure is an
// error, cleaning up is stop's.
type outside struct{ cleanups []func() }

func (o *outside) Helper()                           {}
func (o *outside) Fatal(args ...any)                 { panic(failure{errors.New(fmt.Sprint(args...))}) }
func (o *outside) Fatalf(format string, args ...any) { panic(failure{fmt.Errorf(format, args...)}) }
func (o *outside) Skip(args ...any)                  { o.Fatal(args...) }
func (o *outside) Cleanup(f func())                  { o.cleanups = append(o.cleanups, f) }

func (o *outside) stop() {
	for i := len(o.cleanups) - 1; i >= 0; i-- {
		o.cleanups[i]()
	}
	o.cleanups = nil
}
