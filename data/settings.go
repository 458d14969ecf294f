package data

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"strconv"

	"carebook/data/filestore"
	"carebook/internal/translit"
	"carebook/money"
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
	LetterLanguage    string // letters to donors without a preferred language (default ru)

	// MaxFileMB is the size limit of one document (0: DefaultMaxFileMB).
	MaxFileMB int
	// Checklists names the document kinds each program requires; the entry
	// "" applies to programs without their own list.
	Checklists map[string][]DocumentKind
	// Validity is how many days a document of a kind stays valid after it
	// was issued (absent or 0: it does not expire).
	Validity map[DocumentKind]int
	// ThanksDays is how long a donation may wait for its thank-you before
	// Today lists it (0: UnthankedDays).
	ThanksDays int
	// UsualDays is how long a case usually stays in each status before
	// Today lists it (a status absent: the default in the package's
	// UsualDays; 0: never listed).
	UsualDays map[Status]int
	// Letterheads are the foundation's name, address and signature line as
	// letters in other languages write them (by language code); a field
	// left empty falls back to the one above.
	Letterheads map[string]Letterhead
}

// Where each setting belongs, by its key: to the whole foundation (it
// travels to every office, by bundles and through the hub) or to this
// computer's database (it never leaves it). A key on neither list does not
// travel; a test fails for any setting Carebook writes that is on neither.
var (
	foundationSettings = map[string]bool{
		"foundation_name": true, "foundation_address": true, "director_name": true, "signature_line": true,
		"base_currency": true, "bank_details": true, "payment_link": true, "logo_document_id": true,
		"letter_language": true, "max_file_mb": true, "checklists": true, "letterheads": true, "validity_days": true,
		"today_thanks_days": true, "today_usual_days": true,
	}
	computerSettings = map[string]bool{
		"backup_folder": true, // a folder on this computer, or its USB stick
		"volunteer":     true, // who works at this computer
		backupKeyKey:    true, // this database's backups' key, and sealed
		backupSealedKey: true,
		"database_id":   true, // which database this is (its backups are its own)
		demoKey:         true, // this database is a demo
		lockKey:         true, // minutes without input before the window locks
	}
)

// settingTravels reports whether the setting of that key goes to the other
// offices.
func settingTravels(key string) bool { return foundationSettings[key] }

// Letterhead is what a letter's head and signature say in one language.
type Letterhead struct {
	Name          string `json:"name,omitempty"`
	Address       string `json:"address,omitempty"`
	SignatureLine string `json:"signature_line,omitempty"`
	Director      string `json:"director,omitempty"` // the director's name as letters in the language write it
}

// LetterheadIn is the letterhead of letters in lang: its own where set,
// else the foundation's details above.
func (st *Settings) LetterheadIn(lang string) Letterhead {
	l := st.Letterheads[lang]
	if l.Name == "" {
		l.Name = st.FoundationName
	}
	if l.Address == "" {
		l.Address = st.FoundationAddress
	}
	if l.SignatureLine == "" {
		l.SignatureLine = st.SignatureLine
	}
	if l.Director == "" {
		// English and Uzbek letters write it in Latin letters.
		l.Director = translit.For(st.DirectorName, lang)
	}
	return l
}

// DefaultChecklist is what every program requires unless Settings say otherwise.
var DefaultChecklist = []DocumentKind{DocConsentForm, DocIdentity, DocMedicalConclusion, DocQuote}

// DefaultValidity is how long papers stay valid unless Settings say otherwise:
// clinics want a recent conclusion, tests and quotes go stale sooner.
var DefaultValidity = map[DocumentKind]int{
	DocMedicalConclusion: 180, DocTestResult: 90, DocQuote: 90, DocDischargeSummary: 365,
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
		{"letter_language", &st.LetterLanguage},
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
	if _, ok := money.LookupCurrency(st.BaseCurrency); !ok {
		fe.add("base_currency", CodeUnknownCurrency, "value", st.BaseCurrency)
	}
	fe.checkText("bank_details", &st.BankDetails, ruleLong, maxLine*2, false)
	fe.checkText("payment_link", &st.PaymentLink, ruleLine, maxLine, false)
	fe.checkText("backup_folder", &st.BackupFolder, ruleLine, maxLine, false)
	fe.checkText("volunteer", &st.Volunteer, ruleName, maxShort, false)
	if st.LetterLanguage == "" {
		st.LetterLanguage = "ru"
	}
	checkEnum(&fe, "letter_language", Language(st.LetterLanguage), true, []Language{LangEnglish, LangRussian, LangKazakh, LangUzbek})
	switch {
	case st.MaxFileMB < 0:
		fe.add("max_file_mb", CodeNegative)
	case st.MaxFileMB > 4096:
		fe.add("max_file_mb", CodeOverflow, "max", 4096)
	}
	for program, kinds := range st.Checklists {
		for _, k := range kinds {
			checkEnum(&fe, "checklists", k, true, AllDocumentKinds)
		}
		p := program
		fe.checkText("checklists", &p, ruleLine, maxShort, false)
	}
	for lang, l := range st.Letterheads {
		checkEnum(&fe, "letterheads", Language(lang), true, AllLanguages)
		fe.checkText("letterheads", &l.Name, ruleLine, maxShort, false)
		fe.checkText("letterheads", &l.Address, ruleLong, maxLine, false)
		fe.checkText("letterheads", &l.SignatureLine, ruleLine, maxShort, false)
		fe.checkText("letterheads", &l.Director, ruleName, maxShort, false)
		st.Letterheads[lang] = l
	}
	for k, days := range st.Validity {
		checkEnum(&fe, "validity", k, true, AllDocumentKinds)
		if days < 0 || days > 36500 {
			fe.add("validity", CodeOverflow, "max", 36500)
		}
	}
	if st.ThanksDays < 0 || st.ThanksDays > 365 {
		fe.add("today_thanks_days", CodeOverflow, "max", 365)
	}
	for k, days := range st.UsualDays {
		checkEnum(&fe, "today_usual_days", k, true, AllStatuses)
		if days < 0 || days > 3650 {
			fe.add("today_usual_days", CodeOverflow, "max", 3650)
		}
	}
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
	if st.LetterLanguage == "" {
		st.LetterLanguage = "ru"
	}
	st.MaxFileMB, _ = strconv.Atoi(vals["max_file_mb"])
	st.Checklists = map[string][]DocumentKind{"": DefaultChecklist}
	if v := vals["checklists"]; v != "" {
		if err := json.Unmarshal([]byte(v), &st.Checklists); err != nil {
			return st, fmt.Errorf("settings: checklists: %w", err)
		}
	}
	if v := vals["letterheads"]; v != "" {
		if err := json.Unmarshal([]byte(v), &st.Letterheads); err != nil {
			return st, fmt.Errorf("settings: letterheads: %w", err)
		}
	}
	st.ThanksDays, _ = strconv.Atoi(vals["today_thanks_days"])
	if st.ThanksDays == 0 {
		st.ThanksDays = UnthankedDays
	}
	st.UsualDays = maps.Clone(UsualDays)
	if v := vals["today_usual_days"]; v != "" {
		if err := json.Unmarshal([]byte(v), &st.UsualDays); err != nil {
			return st, fmt.Errorf("settings: usual days: %w", err)
		}
	}
	st.Validity = maps.Clone(DefaultValidity)
	if v := vals["validity_days"]; v != "" {
		st.Validity = map[DocumentKind]int{}
		if err := json.Unmarshal([]byte(v), &st.Validity); err != nil {
			return st, fmt.Errorf("settings: validity: %w", err)
		}
	}
	return st, nil
}

// SaveSettings validates and writes the settings in one transaction. The
// volunteer's name becomes the store's actor for later changes.
func (s *Store) SaveSettings(ctx context.Context, st Settings) error {
	if s.Require(ctx, MayDirect) != nil {
		if err := s.Require(ctx, MayAdminister); err != nil {
			return err
		}
	}
	if err := st.Validate(); err != nil {
		return err
	}
	values := st.values()
	// Only what changed is written: a setting saved unchanged keeps its
	// version, so saving this computer's backup folder never outdates the
	// head office's newer foundation name. And the foundation's settings
	// are the head office's: a regional office cannot change them.
	cur, err := s.Settings(ctx)
	if err != nil {
		return err
	}
	was := cur.values()
	self, err := s.Office(ctx)
	if err != nil {
		return err
	}
	var fe fieldErrs
	for k, v := range values {
		if v == was[k] {
			delete(values, k)
		} else if !self.Head && foundationSettings[k] {
			fe.add(k, CodeHeadOfficeOnly)
		}
	}
	if err := fe.err("settings"); err != nil {
		return err
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		for k, v := range values {
			if _, err := tx.ExecContext(ctx,
				"INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value, updated_at=excluded.updated_at",
				k, v, s.stamp()); err != nil {
				return err
			}
		}
		return s.audit(ctx, tx, "update", "settings", "settings", "")
	})
	if err == nil {
		if s.Person() == nil {
			s.SetActor(st.Volunteer)
		}
	}
	return err
}

// values are the settings as the settings table keeps them, by key.
func (st *Settings) values() map[string]string {
	values := map[string]string{"max_file_mb": strconv.Itoa(st.MaxFileMB)}
	for _, p := range st.pairs() {
		values[p.key] = *p.ptr
	}
	if st.Checklists != nil {
		b, _ := json.Marshal(st.Checklists)
		values["checklists"] = string(b)
	}
	if st.Validity != nil {
		b, _ := json.Marshal(st.Validity)
		values["validity_days"] = string(b)
	}
	if st.ThanksDays != 0 {
		values["today_thanks_days"] = strconv.Itoa(st.ThanksDays)
	}
	if st.UsualDays != nil {
		b, _ := json.Marshal(st.UsualDays)
		values["today_usual_days"] = string(b)
	}
	if st.Letterheads != nil {
		b, _ := json.Marshal(st.Letterheads)
		values["letterheads"] = string(b)
	}
	return values
}

// demoKey marks a database built by the demo: only such a database may be
// rebuilt over (carebook demo --force), and the window says it is a demo.
const demoKey = "demo"

// MarkDemo marks the database as a demo.
func (s *Store) MarkDemo(ctx context.Context) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "INSERT INTO settings (key, value, updated_at) VALUES (?, '1', ?) ON CONFLICT(key) DO UPDATE SET value='1'",
			demoKey, s.stamp())
		return err
	})
}

// IsDemo reports whether the database was built by the demo.
func (s *Store) IsDemo(ctx context.Context) bool {
	var v string
	err := s.q(ctx).QueryRowContext(ctx, "SELECT value FROM settings WHERE key = ?", demoKey).Scan(&v)
	return err == nil && v == "1"
}

// SetLogo makes the image at path the foundation's logo on the reports: the
// image is checked to be one a report can show, then stored as a document and
// named in the settings, all or nothing.
func (s *Store) SetLogo(ctx context.Context, path, title string) error {
	f, err := os.Open(path)
	if err != nil {
		return &filestore.Error{Path: path, Kind: filestore.Unreadable, Err: err}
	}
	_, err = DecodeImageSafely(f)
	f.Close()
	if err != nil {
		return err
	}
	doc := &Document{Kind: DocOther, Title: title}
	err = s.InTx(ctx, func(ctx context.Context) error {
		if err := s.AttachPath(ctx, doc, path); err != nil {
			return err
		}
		st, err := s.Settings(ctx)
		if err != nil {
			return err
		}
		st.LogoDocumentID = doc.ID
		return s.SaveSettings(ctx, st)
	})
	if err != nil && doc.SHA256 != "" {
		s.removeIfUnused(ctx, doc.SHA256)
	}
	return err
}

const lockKey = "lock_minutes"

// DefaultLockMinutes is how long a window waits without input before it
// locks, unless the settings say otherwise.
const DefaultLockMinutes = 10

// LockMinutes is how many minutes without input lock the window (0: never).
func (s *Store) LockMinutes(ctx context.Context) int {
	var v string
	if s.q(ctx).QueryRowContext(ctx, "SELECT value FROM settings WHERE key = ?", lockKey).Scan(&v) != nil {
		return DefaultLockMinutes
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return DefaultLockMinutes
	}
	return n
}

// SetLockMinutes sets how many minutes without input lock the window (0:
// never; at most a day). Administrators only.
func (s *Store) SetLockMinutes(ctx context.Context, n int) error {
	if err := s.Require(ctx, MayAdminister); err != nil {
		return err
	}
	if n < 0 || n > 24*60 {
		return &FieldError{Field: "lock_minutes", Code: CodeUnknownValue, Params: map[string]any{"value": n}}
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
			lockKey, strconv.Itoa(n), s.stamp())
		return err
	})
}
