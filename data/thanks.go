package data

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"carebook/money"
)

// LetterSelection chooses the donations a batch of letters covers.
type LetterSelection struct {
	Kind     TemplateKind
	From, To Date   // the period the donations were received in
	ChildID  string // or: every donation for this child
	// IncludeCovered also takes donations a letter of this kind already
	// covers (for donation thanks: donations already thanked).
	IncludeCovered bool
}

// DonationForLetter is what a letter says of a donation it covers and what
// recording the letter needs of it. A batch holds one for each of its
// donations (a year's are hundreds of thousands), so nothing more.
type DonationForLetter struct {
	ID, DonorID, ChildID string
	ReceivedOn           Date
	Amount               money.Money
	Method               Method
}

// ForLetter is what a letter says of d.
func (d Donation) ForLetter() DonationForLetter {
	return DonationForLetter{ID: d.ID, DonorID: d.DonorID, ChildID: d.ChildID, ReceivedOn: d.ReceivedOn, Amount: d.Amount, Method: d.Method}
}

// DonationsForLetters returns the live donations a batch would cover, by
// donor and date.
func (s *Store) DonationsForLetters(ctx context.Context, sel LetterSelection) ([]DonationForLetter, error) {
	where := []string{"deleted_at IS NULL"}
	var args []any
	if sel.ChildID != "" {
		where = append(where, "child_id = ?")
		args = append(args, sel.ChildID)
	} else {
		where = append(where, "received_on >= ? AND received_on <= ?")
		args = append(args, sel.From, sel.To)
	}
	if !sel.IncludeCovered {
		if sel.Kind == TemplateDonationThanks {
			where = append(where, "thanked_at IS NULL", notThankedByLetter)
		} else {
			where = append(where, `NOT EXISTS (SELECT 1 FROM letter_donations ld JOIN letters l ON l.id = ld.letter_id
			WHERE ld.donation_id = donations.id AND l.kind = ? AND l.deleted_at IS NULL)`)
			args = append(args, string(sel.Kind))
		}
	}
	rows, err := s.q(ctx).QueryContext(ctx, `SELECT id, coalesce(donor_id, ''), coalesce(child_id, ''), received_on, amount_minor, currency, method
		FROM donations WHERE `+strings.Join(where, " AND ")+` ORDER BY donor_id, received_on, created_at`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	// Many donations name the same child, donor and currency: one string each.
	same := map[string]string{}
	one := func(v string) string {
		if w, ok := same[v]; ok {
			return w
		}
		same[v] = v
		return v
	}
	var out []DonationForLetter
	for rows.Next() {
		var d DonationForLetter
		if err := rows.Scan(&d.ID, &d.DonorID, &d.ChildID, &d.ReceivedOn, &d.Amount.Minor, &d.Amount.Currency, &d.Method); err != nil {
			return nil, err
		}
		d.DonorID, d.ChildID, d.Amount.Currency = one(d.DonorID), one(d.ChildID), one(d.Amount.Currency)
		out = append(out, d)
	}
	return out, rows.Err()
}

// notThankedByLetter is, for a live donation with no thanked_at of its own,
// that no live thank-you letter names it (migration 0025).
const notThankedByLetter = `NOT EXISTS (SELECT 1 FROM thanked_by_letter t
	WHERE t.received_on = donations.received_on AND t.donation_id = donations.id)`

// Unthanked lists the donations still waiting for a thank-you, oldest first.
// Cash-box donations have nobody to thank and are not listed.
func (s *Store) Unthanked(ctx context.Context) ([]Donation, error) {
	return s.Donations.list(ctx, "deleted_at IS NULL AND thanked_at IS NULL AND donor_id IS NOT NULL AND "+notThankedByLetter, "received_on, created_at")
}

// NewLetter is one generated letter to record.
type NewLetter struct {
	Letter      Letter // DonorID, TemplateID, ChildID, Kind, Language
	PDF         []byte // the letter's own PDF; nil when it is Pages of the batch
	Pages       string // its pages of the batch's PDF ("3-4"), when PDF is nil
	Title       string // its copy's title among the child's documents ("" : FileName)
	FileName    string
	DonationIDs []string
}

// NextReceiptNumber is the number the next receipt will get (for previews).
func (s *Store) NextReceiptNumber(ctx context.Context) (int64, error) {
	var n sql.NullInt64
	err := s.q(ctx).QueryRowContext(ctx, "SELECT last_number FROM receipt_counter WHERE id = 1").Scan(&n)
	if err == sql.ErrNoRows {
		return 1, nil
	}
	return n.Int64 + 1, err
}

// RecordLetters stores generated letters, each PDF its own file, in one
// transaction: each PDF as a document, the letter with its receipt number,
// and its links to the donations (a thank-you letter's link is what marks
// a donation thanked). Either every letter is recorded with its links, or
// nothing is.
func (s *Store) RecordLetters(ctx context.Context, letters []NewLetter) error {
	return s.RecordBatch(ctx, LetterBatch{Letters: letters})
}

// LetterBatch is a batch of letters as printed: the batch PDF, stored once,
// and the letters, each a run of its pages (NewLetter.Pages) or a PDF of
// its own (NewLetter.PDF).
type LetterBatch struct {
	PDF []byte
	// Output, when set, gives the batch's PDF instead (and has written its
	// files): the transaction, begun while the letters are still being
	// drawn, records the letters and their links meanwhile and takes it to
	// store before recording the letters' copies. Letters[i].Pages may be
	// filled in until Output returns.
	Output   func() ([]byte, error)
	FileName string // the batch file's name, for messages
	Letters  []NewLetter
	// Outputs is the note BeginOutputs made of the batch's files: it goes
	// in the same transaction, with every earlier batch's that was never
	// finished (this batch wrote their letters again).
	Outputs string
}

// RecordBatch is RecordLetters for a batch printed as one PDF. In one
// transaction it stores the PDFs, records the letters with their copies and
// links each letter to its donations, which thanks them.
func (s *Store) RecordBatch(ctx context.Context, b LetterBatch) error {
	letters, batch := b.Letters, b.Outputs
	output := b.Output
	if output == nil {
		output = func() ([]byte, error) { return b.PDF, nil }
	}
	type stored struct {
		sha  string
		size int64
	}
	files := make([]stored, len(letters))
	ids := make([]string, len(letters))
	for i := range ids {
		ids[i] = NewID()
	}
	err := s.InTx(ctx, func(ctx context.Context) error {
		ctx = AllOrNothing(ctx) // every error fails the batch: no savepoints
		tx := ctx.Value(txKey{}).(*sql.Tx)
		p := newPrepared(tx)
		defer p.Close()
		ctx = withStatements(ctx, p)
		// The links are what thanks a donation (migration 0025). They are
		// written while the batch's PDF is still being finished, before
		// their letters (whose keys are checked at the commit), and stamped
		// here as their trigger would, in one statement for the batch. A
		// donation gone since the plan was made (in the Trash, or erased)
		// fails the batch. No letter is there yet for the links' trigger to
		// see: the thank-you letters' donations are noted thanked here, in
		// one statement too.
		if _, err := tx.ExecContext(ctx, "PRAGMA defer_foreign_keys = ON"); err != nil {
			return err
		}
		var links [][2]string
		var thanked []string
		for i := range letters {
			for _, id := range letters[i].DonationIDs {
				links = append(links, [2]string{ids[i], id})
				if letters[i].Letter.Kind == TemplateDonationThanks {
					thanked = append(thanked, id)
				}
			}
		}
		// In the order of the donations' keys (which follow the order they
		// were written in), so that looking them up walks the table and its
		// index from one page to the next instead of all over them.
		slices.SortFunc(links, func(a, b [2]string) int { return strings.Compare(a[1], b[1]) })
		slices.Sort(thanked)
		if len(links) > 0 {
			res, err := tx.ExecContext(ctx, `INSERT INTO letter_donations (letter_id, donation_id, office, version)
				SELECT value->>0, value->>1, office_code, clock FROM json_each(?)
				JOIN donations d ON d.id = value->>1 AND d.deleted_at IS NULL, foundation`, jsonList(links))
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n != int64(len(links)) {
				return s.goneDonation(ctx, links)
			}
		}
		if len(thanked) > 0 {
			if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO thanked_by_letter (received_on, donation_id)
				SELECT d.received_on, d.id FROM json_each(?) JOIN donations d ON d.id = value
				WHERE d.deleted_at IS NULL AND d.thanked_at IS NULL AND d.donor_id IS NOT NULL ORDER BY 1, 2`, jsonList(thanked)); err != nil {
				return err
			}
		}
		// The letters go in while the PDF is still being finished, each
		// naming its copy among the documents by a key chosen here: the
		// copies need the PDF, and are written after it.
		docIDs := make([]string, len(letters))
		for i := range letters {
			docIDs[i] = NewID()
		}
		ctx = writtenLater(ctx, "documents", docIDs)
		for i := range letters {
			l := &letters[i]
			l.Letter.DocumentID = docIDs[i]
			l.Letter.CreatedOn = s.Today()
			l.Letter.Status = LetterPrinted
			if l.Letter.Kind == TemplateReceipt {
				// The number comes from the counter, inside this
				// transaction; it must be the one printed on the receipt.
				var no int64
				if err := tx.QueryRowContext(ctx, `INSERT INTO receipt_counter (id, last_number) VALUES (1, 1)
					ON CONFLICT(id) DO UPDATE SET last_number = last_number + 1 RETURNING last_number`).Scan(&no); err != nil {
					return err
				}
				if l.Letter.ReceiptNo != 0 && l.Letter.ReceiptNo != no {
					return fmt.Errorf("receipt numbers changed while the receipts were printed (expected %d, next is %d); print them again", l.Letter.ReceiptNo, no)
				}
				l.Letter.ReceiptNo = no
				if err := tx.QueryRowContext(ctx, "SELECT office_code FROM foundation WHERE id = 1").Scan(&l.Letter.ReceiptOffice); err != nil {
					return err
				}
			}
			if err := s.Letters.createAs(ctx, &l.Letter, ids[i]); err != nil {
				return fmt.Errorf("letter %d: %w", i+1, err)
			}
		}
		pdf, err := output()
		if err != nil {
			return err
		}
		var shared stored
		for i, l := range letters {
			if l.PDF == nil && l.Pages != "" {
				if shared.sha == "" {
					sha, size, err := s.PutFile(bytes.NewReader(pdf), 0, b.FileName)
					if err != nil {
						return err
					}
					shared = stored{sha, size}
				}
				files[i] = shared
				continue
			}
			sha, size, err := s.PutFile(bytes.NewReader(l.PDF), 0, l.FileName)
			if err != nil {
				return err
			}
			files[i] = stored{sha, size}
		}
		crashPoint("letters-stored")
		for i := range letters {
			l := &letters[i]
			title := l.Title
			if title == "" {
				title = l.FileName
			}
			doc := &Document{ChildID: l.Letter.ChildID, Kind: DocLetter, Title: title, FileName: l.FileName,
				MediaType: "application/pdf", SHA256: files[i].sha, Size: files[i].size}
			if l.PDF == nil {
				doc.Pages = l.Pages
			}
			if err := s.Documents.createAs(ctx, doc, docIDs[i]); err != nil {
				return fmt.Errorf("letter %d: %w", i+1, err)
			}
		}
		if batch != "" {
			if _, err := tx.ExecContext(ctx, "DELETE FROM unfinished_outputs"); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		done := map[string]bool{}
		for _, f := range files {
			if f.sha != "" && !done[f.sha] {
				done[f.sha] = true
				s.removeIfUnused(ctx, f.sha)
			}
		}
		return err
	}
	crashPoint("letters-committed")
	return nil
}

// goneDonation names the first donation of links that is not live.
func (s *Store) goneDonation(ctx context.Context, links [][2]string) error {
	for _, l := range links {
		var n int
		if err := s.q(ctx).QueryRowContext(ctx, "SELECT count(*) FROM donations WHERE id = ? AND deleted_at IS NULL", l[1]).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return fmt.Errorf("donation %s is gone: %w", l[1], ErrNotFound)
		}
	}
	return fmt.Errorf("a donation is named twice in one letter: %w", ErrNotFound)
}

// UnfinishedOutput is a file a batch of letters wrote whose letters were
// never recorded: Carebook was stopped between writing it and marking the
// donations thanked. Those donations wait for a letter still.
type UnfinishedOutput struct {
	Path    string
	Started time.Time
}

// BeginOutputs notes, committed, the files (or folders) a batch of letters
// is about to write, before the first is written; RecordBatch clears the
// note when the letters are recorded, EndOutputs when the batch fails and
// its files are put back.
func (s *Store) BeginOutputs(ctx context.Context, paths ...string) (batch string, err error) {
	batch = NewID()
	now := s.stamp()
	err = s.tx(ctx, func(tx *sql.Tx) error {
		for _, p := range paths {
			if p == "" {
				continue
			}
			if abs, err := filepath.Abs(p); err == nil {
				p = abs
			}
			if _, err := tx.ExecContext(ctx, "INSERT INTO unfinished_outputs (id, batch, path, started_at) VALUES (?, ?, ?, ?)",
				NewID(), batch, p, now); err != nil {
				return err
			}
		}
		return nil
	})
	return batch, err
}

// EndOutputs forgets the note of a batch whose files were put back.
func (s *Store) EndOutputs(ctx context.Context, batch string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "DELETE FROM unfinished_outputs WHERE batch = ?", batch)
		return err
	})
}

// UnfinishedOutputs lists the files of batches that were stopped before
// their letters were recorded, oldest first.
func (s *Store) UnfinishedOutputs(ctx context.Context) ([]UnfinishedOutput, error) {
	rows, err := s.q(ctx).QueryContext(ctx, "SELECT path, started_at FROM unfinished_outputs ORDER BY started_at, path")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []UnfinishedOutput
	for rows.Next() {
		var u UnfinishedOutput
		var at Timestamp
		if err := rows.Scan(&u.Path, &at); err != nil {
			return nil, err
		}
		u.Started = at.Time
		out = append(out, u)
	}
	return out, rows.Err()
}

// LetterDonations lists the donations a letter covers.
func (s *Store) LetterDonations(ctx context.Context, letterID string) ([]Donation, error) {
	return s.Donations.list(ctx, "id IN (SELECT donation_id FROM letter_donations WHERE letter_id = ?)", "received_on", letterID)
}
