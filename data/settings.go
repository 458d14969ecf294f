package data

import (
	"context"
	"database/sql"
)

// Settings are the foundation's details and this installation's choices.
type Settings struct {
	FoundationName    string
	FoundationAddress string
	DirectorName      string
	SignatureLine     string // e.g. "Director of the «Meyirim» Foundation"
	BaseCurrency      string // default KZT
	BankDetails       string // for appeals
	PaymentLink       string
	LogoDocumentID    string
	BackupFolder      string
	Volunteer         string // the name recorded on changes made here
}

func (st *Settings) pairs() []struct {
	key string
	ptr *string
} {
	return []struct {
		key string
		ptr *string
	}{
		{"foundation_name", &st.FoundationName},
		{"foundation_address", &st.FoundationAddress},
		{"director_name", &st.DirectorName},
		{"signature_line", &st.SignatureLine},
		{"base_currency", &st.BaseCurrency},
		{"bank_details", &st.BankDetails},
		{"payment_link", &st.PaymentLink},
		{"logo_document_id", &st.LogoDocumentID},
		{"backup_folder", &st.BackupFolder},
		{"volunteer", &st.Volunteer},
	}
}

// Validate checks the settings and normalizes their text.
func (st *Settings) Validate() error {
	var fe fieldErrs
	fe.checkText("foundation_name", &st.FoundationName, ruleLine, maxShort, false)
	fe.checkText("foundation_address", &st.FoundationAddress, ruleLong, maxLine, false)
	fe.checkText("director_name", &st.DirectorName, ruleName, maxShort, false)
	fe.checkText("signature_line", &st.SignatureLine, ruleLine, maxShort, false)
	st.BaseCurrency = upperCode(st.BaseCurrency)
	if st.BaseCurrency == "" {
		st.BaseCurrency = "KZT"
	}
	if _, ok := LookupCurrency(st.BaseCurrency); !ok {
		fe.add("base_currency", CodeUnknownCurrency, "value", st.BaseCurrency)
	}
	fe.checkText("bank_details", &st.BankDetails, ruleLong, maxLine*2, false)
	fe.checkText("payment_link", &st.PaymentLink, ruleLine, maxLine, false)
	fe.checkText("backup_folder", &st.BackupFolder, ruleLine, maxLine, false)
	fe.checkText("volunteer", &st.Volunteer, ruleName, maxShort, false)
	return fe.err("settings")
}

// Settings reads the settings; unset ones are empty, the base currency KZT.
func (s *Store) Settings(ctx context.Context) (Settings, error) {
	var st Settings
	rows, err := s.q(ctx).QueryContext(ctx, "SELECT key, value FROM settings")
	if err != nil {
		return st, err
	}
	defer rows.Close()
	vals := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return st, err
		}
		vals[k] = v
	}
	if err := rows.Err(); err != nil {
		return st, err
	}
	for _, p := range st.pairs() {
		*p.ptr = vals[p.key]
	}
	if st.BaseCurrency == "" {
		st.BaseCurrency = "KZT"
	}
	return st, nil
}

// SaveSettings validates and writes the settings in one transaction. The
// volunteer's name becomes the store's actor for later changes.
func (s *Store) SaveSettings(ctx context.Context, st Settings) error {
	if err := st.Validate(); err != nil {
		return err
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		for _, p := range st.pairs() {
			if _, err := tx.ExecContext(ctx,
				"INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value, updated_at=excluded.updated_at",
				p.key, *p.ptr, s.stamp()); err != nil {
				return err
			}
		}
		return s.audit(ctx, tx, "update", "settings", "settings", "")
	})
	if err == nil {
		s.SetActor(st.Volunteer)
	}
	return err
}
