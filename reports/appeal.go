package reports

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"io"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"
	qrcode "github.com/skip2/go-qrcode"

	"carebook/data"
)

// AppealOptions choose an appeal sheet.
type AppealOptions struct {
	Lang string
	Now  time.Time
}

// ErrNoStoryConsent refuses an appeal sheet for a child whose family has
// not agreed (or no longer agrees) to the story being published.
type ErrNoStoryConsent struct{ CaseNumber string }

func (e *ErrNoStoryConsent) Error() string {
	return fmt.Sprintf("case %s has no valid consent to publish the story, so no appeal sheet can be printed", e.CaseNumber)
}

// Appeal writes a one-page fundraising sheet: photo (with consent), story,
// target and gap, the foundation's bank details and a QR code of the payment
// link (or of the details). Without publish_story consent it is refused.
func Appeal(ctx context.Context, s *data.Store, childID string, o AppealOptions, w io.Writer) error {
	if o.Lang == "" {
		o.Lang = "en"
	}
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	s.Record(ctx, data.AuditReport, "child", childID, childID, "appeal")
	f, err := gather(ctx, s, childID)
	if err != nil {
		return err
	}
	v := visible{consent: activeConsents(f.consents, data.DateOf(o.Now))}
	if !v.consent[data.ConsentPublishStory] {
		return &ErrNoStoryConsent{f.child.CaseNumber}
	}
	tr := translator(o.Lang)
	lang := o.Lang
	c := f.child
	d := newDoc(lang, tr("Appeal")+": "+childNameFor(c, v, lang), f.st.LetterheadIn(lang).Name, "", o.Now)
	d.pdf.SetSubject(Clean(tr("Appeal")+" · "+c.CaseNumber), true)
	d.useLogo(foundationLogo(ctx, s, f.st))
	p := d.pdf
	p.SetAutoPageBreak(false, margin)
	p.AddPage()
	d.title(childNameFor(c, v, lang) + ", " + strings.ReplaceAll(tr("age {{.Years}}"), "{{.Years}}", fmt.Sprint(max(c.AgeOn(data.DateOf(o.Now)), 0))))
	d.subtitle(data.JoinNonEmpty(" · ", c.Diagnosis, c.Region))

	top := p.GetY()
	textW := contentW
	if f.photo != nil && v.photo() {
		if img, err := s.DocumentImage(f.photo); err == nil {
			p.SetXY(pageW-margin-62, top)
			d.image("photo", img, 62, 78)
			textW = contentW - 68
		}
	}
	// The story, shrunk to fit the space above the money box, cut with an
	// ellipsis only if even small type cannot hold it.
	story := Clean(c.Story)
	bottom := 190.0
	size := 11.0
	var lines []string
	for ; size >= 8.5; size -= 0.5 {
		p.SetFont("Noto", "", size)
		lines = p.SplitText(story, textW)
		if top+float64(len(lines))*size*0.5 <= bottom {
			break
		}
	}
	lh := size * 0.5
	maxLines := int((bottom - top) / lh)
	if len(lines) > maxLines {
		lines = lines[:maxLines]
		lines[maxLines-1] = strings.TrimRight(lines[maxLines-1], " .,") + "…"
	}
	p.SetXY(margin, top)
	for _, l := range lines {
		p.CellFormat(textW, lh, l, "", 2, "L", false, 0, "")
	}

	// The money: target and what is still missing.
	fu := f.funding
	p.SetXY(margin, 196)
	p.SetFillColor(232, 240, 243)
	p.Rect(margin, 196, contentW, 30, "F")
	p.SetXY(margin+4, 199)
	p.SetFont("Noto", "", 10)
	p.CellFormat(70, 6, Clean(tr("Target")), "", 0, "L", false, 0, "")
	p.CellFormat(70, 6, Clean(tr("Still missing")), "", 1, "L", false, 0, "")
	p.SetX(margin + 4)
	p.SetFont("Noto", "B", 16)
	p.CellFormat(70, 9, Clean(fu.Target.Format(lang)), "", 0, "L", false, 0, "")
	p.SetTextColor(180, 50, 40)
	p.CellFormat(70, 9, Clean(fu.Gap.Format(lang)), "", 1, "L", false, 0, "")
	p.SetTextColor(25, 25, 25)
	if fu.Target.Minor > 0 {
		pct := min(float64(fu.Raised.Minor)/float64(fu.Target.Minor), 1)
		p.SetFillColor(210, 222, 228)
		p.Rect(margin+4, 218, contentW-8, 4, "F")
		p.SetFillColor(31, 111, 139)
		p.Rect(margin+4, 218, (contentW-8)*pct, 4, "F")
	}

	// How to help: bank details and a QR code.
	p.SetXY(margin, 232)
	p.SetFont("Noto", "B", 11)
	p.CellFormat(contentW, 6, Clean(tr("How to help")), "", 1, "L", false, 0, "")
	qrText := f.st.PaymentLink
	if qrText == "" {
		qrText = f.st.FoundationName + "\n" + f.st.BankDetails
	}
	detailsW := contentW
	if strings.TrimSpace(qrText) != "" {
		if png, err := qrPNG(qrText); err == nil {
			opt := fpdf.ImageOptions{ImageType: "PNG"}
			p.RegisterImageOptionsReader("qr", opt, bytes.NewReader(png))
			p.ImageOptions("qr", pageW-margin-36, 232, 36, 36, false, opt, 0, "")
			detailsW = contentW - 42
		}
	}
	p.SetX(margin)
	p.SetFont("Noto", "", 9.5)
	details := data.JoinNonEmpty("\n", f.st.FoundationName, f.st.BankDetails,
		strings.ReplaceAll(tr("Purpose of payment: for {{.Name}}, case {{.Case}}"), "{{.Name}}", childNameFor(c, v, lang)))
	details = strings.ReplaceAll(details, "{{.Case}}", c.CaseNumber)
	p.MultiCell(detailsW, 4.8, Clean(details), "", "L", false)
	if f.st.PaymentLink != "" {
		p.SetX(margin)
		p.SetTextColor(31, 111, 139)
		p.MultiCell(detailsW, 4.8, Clean(f.st.PaymentLink), "", "L", false)
		p.SetTextColor(25, 25, 25)
	}
	b, err := d.output()
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

func qrPNG(text string) ([]byte, error) {
	q, err := qrcode.New(text, qrcode.Medium)
	if err != nil {
		return nil, err
	}
	q.DisableBorder = false
	var b bytes.Buffer
	if err := png.Encode(&b, q.Image(384)); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
