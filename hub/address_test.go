package hub

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"carebook/data"
	"carebook/internal/pgtest"
)

// Issue 24, item 7: an address of a hub on another computer that would let
// the connection go unencrypted, or take any certificate, is refused before
// anything is sent; one that names no sslmode is read as verify-full.
func TestAnUnsafeHubAddressIsRefusedBeforeConnecting(t *testing.T) {
	t.Setenv("PGSSLMODE", "")
	for mode, kind := range map[string]string{
		"disable": AddressPlaintext, "allow": AddressPlaintext, "prefer": AddressPlaintext,
		"require": AddressUnverified, "verify-ca": AddressUnverified,
	} {
		addr := "postgres://carebook_shy:secret@hub.example.org:5432/carebook?sslmode=" + mode
		_, err := Sync(ctx, nil, addr)
		var ae *AddressError
		if !errors.As(err, &ae) || ae.Kind != kind || !strings.Contains(err.Error(), "nothing was sent") {
			t.Errorf("sslmode=%s: %v", mode, err)
		}
	}
	cfg, err := Config("postgres://carebook_shy:secret@hub.example.org:5432/carebook")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.TLSConfig == nil || cfg.TLSConfig.InsecureSkipVerify || cfg.TLSConfig.ServerName != "hub.example.org" || len(cfg.Fallbacks) != 0 {
		t.Errorf("an address without sslmode is not read as verify-full: %+v, %d fallbacks", cfg.TLSConfig, len(cfg.Fallbacks))
	}
	// A hub on this computer may be reached as its address says.
	if _, err := Config("postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"); err != nil {
		t.Errorf("a local hub: %v", err)
	}
	// A CA file that is not there is said before connecting.
	addr, _ := WithCA("postgres://u:p@hub.example.org/carebook", filepath.Join(t.TempDir(), "no-such-ca.crt"))
	var ae *AddressError
	if _, err := Config(addr); !errors.As(err, &ae) || ae.Kind != AddressNoCA {
		t.Errorf("a missing CA file: %v", err)
	}
}

// The hub over TLS, with a throwaway certificate authority: an office
// syncs with the authority's certificate given, the connection is
// encrypted, and with another authority's certificate it is refused.
func TestTheHubOverTLS(t *testing.T) {
	admin, tls := pgtest.StartTLS(t)
	hq, err := data.Open(filepath.Join(t.TempDir(), "hq.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer hq.Close()
	if err := hq.Children.Create(ctx, &data.Child{FirstName: "Айгерим", LastName: "Сейтова", Region: "Түркістан облысы", BirthDate: data.MustDate("2016-03-08")}); err != nil {
		t.Fatal(err)
	}
	self, _ := hq.Office(ctx)
	if _, err := Init(ctx, admin, self.FoundationID); err != nil {
		t.Fatalf("hub init over TLS: %v", err)
	}
	secret, err := AddOffice(ctx, admin, Office{Code: "HQ", Head: true})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(secret, "sslrootcert") || !strings.Contains(secret, "sslmode=verify-full") {
		t.Errorf("the office's address: %s", secret)
	}
	withCA, _ := WithCA(secret, tls.CAFile)
	if res, err := Sync(ctx, hq, withCA); err != nil || res.Pushed == 0 {
		t.Fatalf("sync over TLS: %+v %v", res, err)
	}
	conn, err := connect(ctx, withCA)
	if err != nil {
		t.Fatal(err)
	}
	var encrypted bool
	if err := conn.QueryRow(ctx, "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").Scan(&encrypted); err != nil || !encrypted {
		t.Errorf("the connection is not encrypted: %v", err)
	}
	conn.Close(ctx)
	wrong, _ := WithCA(secret, tls.OtherCA)
	_, err = Sync(ctx, hq, wrong)
	var ue *UnreachableError
	if !errors.As(err, &ue) || ue.Kind != UnreachedCertificate || strings.Contains(err.Error(), "x509") {
		t.Errorf("a hub whose certificate another authority vouches for: %v", err)
	}
}
