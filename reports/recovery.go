package reports

import (
	"bytes"
	"io"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"
)

// RecoveryOptions say what the recovery sheet shows.
type RecoveryOptions struct {
	Lang       string
	Foundation string // the foundation's name
	Database   string // the database file, so the right key is found for it
	Person     string // the first person, who was given the key
	Key        string
	Now        time.Time
}

// RecoverySheet writes the one page a foundation keeps in its safe: the
// database's recovery key, as text and as a QR code, and what it is for.
func RecoverySheet(w io.Writer, o RecoveryOptions) error {
	if o.Lang == "" {
		o.Lang = "en"
	}
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	tr := translator(o.Lang)
	d := newDoc(o.Lang, tr("Recovery key"), o.Foundation, "", o.Now)
	d.pdf.AddPage()
	d.title(tr("Recovery key"))
	d.para(tr("With this key the last administrator's forgotten password can be replaced. Keep this sheet in the safe; do not keep it with the laptop, and do not photograph it."))
	d.fields([][2]string{
		{tr("Foundation"), o.Foundation},
		{tr("Database"), o.Database},
		{tr("Given to"), o.Person},
		{tr("Date"), o.Now.Format("2006-01-02")},
	})
	p := d.pdf
	p.Ln(4)
	p.SetFont("Noto", "B", 18)
	p.SetX(margin)
	p.CellFormat(contentW, 12, strings.ReplaceAll(o.Key, "-", " "), "1", 1, "C", false, 0, "")
	if png, err := qrPNG(o.Key); err == nil {
		opt := fpdf.ImageOptions{ImageType: "PNG"}
		p.RegisterImageOptionsReader("key", opt, bytes.NewReader(png))
		p.ImageOptions("key", margin+contentW/2-25, p.GetY()+6, 50, 50, false, opt, 0, "")
		p.SetY(p.GetY() + 62)
	}
	p.SetFont("Noto", "", 10)
	d.para(tr("To use it: carebook people reset --name NAME --recovery-key-file FILE, where the file holds the key as printed here."))
	b, err := d.output()
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}
