package reports

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"codeberg.org/go-pdf/fpdf"

	"carebook/assets"
	"carebook/data"
)

// Item 18: the screen's hint ("Add the appeal…") never reaches paper.
func TestAnEmptyJourneyPrintsNoScreenHint(t *testing.T) {
	s := demoStore(t)
	c := &data.Child{FirstName: "Арман", LastName: "Жанов", BirthDate: data.MustDate("2018-01-01")}
	must(t, s.Children.Create(ctx, c))
	text := pdfText(t, journey(t, s, c.ID, JourneyOptions{Lang: "en"}))
	if strings.Contains(text, "Add the appeal") || !strings.Contains(text, "No step of the treatment journey is recorded yet.") {
		t.Fatalf("the journey section reads:\n%s", text)
	}
}

// Item 18: with the documents appended, every page — theirs too — says
// "Page n of m" with m all the pages of the file.
func TestEveryPageIsNumberedWithTheAttachments(t *testing.T) {
	s := demoStore(t)
	pdf := journey(t, s, childID(t, s, "2026-003"), JourneyOptions{Lang: "en", Attachments: true})
	n := pageCount(t, pdf)
	pages := strings.Split(strings.TrimRight(pdfText(t, pdf), "\f"), "\f")
	if len(pages) != n || n < 5 {
		t.Fatalf("%d pages of text for %d pages", len(pages), n)
	}
	for i, p := range pages {
		want := fmt.Sprintf("Page %d of %d", i+1, n)
		if !strings.Contains(p, want) {
			t.Errorf("page %d lacks %q", i+1, want)
		}
	}
}

// Item 18: table cells break between words; a word too long for its column
// is broken with a hyphen; nothing is wider than the column.
func TestCellsWrapBetweenWordsAndHyphenateOnlyLongWords(t *testing.T) {
	p := fpdf.New("P", "mm", "A4", "")
	p.AddUTF8FontFromBytes("Noto", "", assets.NotoSansRegular)
	p.SetFont("Noto", "", 8.5)
	d := &doc{pdf: p}
	const w = 22.0
	lines := d.wrapText("Лечение за рубежом Трансплантация костного мозга", w)
	for _, l := range lines {
		if p.GetStringWidth(l) > w {
			t.Errorf("%q is wider than the column", l)
		}
	}
	joined := strings.Join(lines, "|")
	if !strings.Contains(joined, "Лечение за|") && !strings.Contains(joined, "Лечение|") {
		t.Errorf("short words were broken: %q", joined)
	}
	if !regexp.MustCompile(`Трансплан\p{L}*-\|\p{L}+`).MatchString(joined) {
		t.Errorf("a long word is not hyphenated: %q", joined)
	}
}

// Item 18: the grant report's summary values all start in one column,
// however long their labels.
func TestGrantSummaryValuesAlign(t *testing.T) {
	s := demoStore(t)
	var b, c bytes.Buffer
	must(t, Grant(ctx, s, GrantOptions{Lang: "ru", From: data.MustDate("2000-01-01"), To: data.MustDate("2030-01-01"), Now: printed}, &b, &c))
	text := pdfText(t, b.Bytes())
	col := -1
	for _, label := range []string{"Детей в отчёте", "Собрано для этих детей", "Пожертвования в общий фонд", "Дела, закрытые за период"} {
		i := strings.Index(text, label)
		if i < 0 {
			t.Fatalf("no %q", label)
		}
		line := text[i:]
		line = line[:strings.IndexByte(line, '\n')]
		rest := strings.TrimLeft(line[len(label):], " ")
		at := len([]rune(line)) - len([]rune(rest))
		if col >= 0 && at != col {
			t.Errorf("%q: its value starts at %d, the others at %d", label, at, col)
		}
		col = at
	}
}
