package text

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"safar.app/safar/locales"
)

// numberShapes are the shapes of numbers a reader meets in Safar's text,
// each as written (logical order), and whether a tap on it should call it.
var numberShapes = []struct {
	kind, text string
	phone      bool
}{
	{"time", "14:30", false},
	{"time range", "09:00–16:00", false},
	{"time range, hyphen", "9:00-17:00", false},
	{"date with dots", "12.05.2026", false},
	{"date, short year", "1.5.26", false},
	{"ISO date", "2026-05-12", false},
	{"date with slashes", "12/05/2026", false},
	{"decimal point", "1.5", false},
	{"decimal comma", "1,5", false},
	{"text size", "1.25×", false},
	{"thousands", "1,000.50", false},
	{"thousands, narrow space", "1\u202f000", false},
	{"range", "9–17", false},
	{"range, small", "2–3", false},
	{"range, spaced", "9 – 17", false},
	{"range, hyphen", "10-12", false},
	{"percentage", "50%", false},
	{"decimal percentage", "12,5%", false},
	{"fraction", "7/10", false},
	{"version", "2.8.1", false},
	{"amount, euro after", "12,50€", false},
	{"amount, euro before", "€12", false},
	{"amount, dollar", "$5.99", false},
	{"negative", "-5", false},
	{"temperature", "38.5°", false},
	{"IP address", "192.168.0.1", false},
	{"Persian digits", "۱۴:۳۰", false},
	{"Arabic-Indic decimal", "١٢٫٥", false},
	{"phone, spaced", "116 117", true},
	{"phone, E.164", "+49 800 111 0 111", true},
	{"phone, short", "112", true},
}

// words are three Arabic-script words of each right-to-left language.
var rtlWords = map[string][3]string{
	"ar":    {"الموعد", "يوم", "الاثنين"},
	"fa-AF": {"ملاقات", "روز", "دوشنبه"},
	"ps":    {"لیدنه", "د", "دوشنبې"},
}

// visualLines is each line as drawn, its pieces' texts joined left to right.
func visualLines(p *Paragraph) []string {
	var out []string
	for _, d := range p.Drawn() {
		for len(out) <= d.Line {
			out = append(out, "")
		}
		out[d.Line] += d.Text
	}
	return out
}

// readRightToLeft is what a reader of a right-to-left paragraph reads:
// each line's pieces from the right, lines top to bottom. Each piece is
// drawn as written (an Arabic word, or a left-to-right number), so this is
// the paragraph's text when every piece is in its place.
func readRightToLeft(p *Paragraph) string {
	var lines []string
	var line []string
	last := -1
	for _, d := range p.Drawn() {
		if d.Line != last && last >= 0 {
			lines = append(lines, strings.Join(line, ""))
			line = nil
		}
		last = d.Line
		line = append([]string{d.Text}, line...)
	}
	lines = append(lines, strings.Join(line, ""))
	return strings.Join(lines, " ")
}

// TestNumbersKeepTheirOrderInRightToLeftText: every number shape reads in
// its logical order, as one left-to-right unit, at the start, in the middle
// and at the end of an Arabic, Dari and Pashto sentence; its place in the
// sentence follows the reading order; only phone numbers are links.
func TestNumbersKeepTheirOrderInRightToLeftText(t *testing.T) {
	test.NewTempApp(t)
	for lang, w := range rtlWords {
		for _, shape := range numberShapes {
			x := shape.text
			for _, tc := range []struct {
				where, text, want string
			}{
				{"start", x + " " + w[0] + " " + w[1] + " " + w[2], w[2] + " " + w[1] + " " + w[0] + " " + x},
				{"middle", w[0] + " " + x + " " + w[1] + " " + w[2], w[2] + " " + w[1] + " " + x + " " + w[0]},
				{"end", w[0] + " " + w[1] + " " + w[2] + " " + x + ".", "." + x + " " + w[2] + " " + w[1] + " " + w[0]},
			} {
				t.Run(fmt.Sprintf("%s/%s/%s", lang, shape.kind, tc.where), func(t *testing.T) {
					p := Plain(tc.text, lang, Body, func(string) {})
					p.layoutFor(1000)
					got := visualLines(p)
					if len(got) != 1 || got[0] != tc.want {
						t.Fatalf("drawn left to right as %q, want %q", got, tc.want)
					}
					checkLinks(t, p, x, shape.phone)
				})
			}
		}
	}
}

// checkLinks: the number is one piece, a link exactly when it is a phone
// number.
func checkLinks(t *testing.T, p *Paragraph, x string, phone bool) {
	t.Helper()
	found := false
	for _, d := range p.Drawn() {
		if d.Text == x {
			found = true
			if phone && !strings.HasPrefix(d.Link, "tel:") {
				t.Errorf("phone number %q is not a link", x)
			}
			if !phone && d.Link != "" {
				t.Errorf("%q opens %q: it is not a phone number", x, d.Link)
			}
		}
	}
	if !found {
		t.Errorf("%q is not drawn as one piece", x)
	}
}

// TestNumbersKeepTheirOrderAcrossLineBreaks: in a paragraph that wraps,
// each number stays whole on one line in its logical order, whether it ends
// a line or starts the next, and the lines read right to left give the text.
func TestNumbersKeepTheirOrderAcrossLineBreaks(t *testing.T) {
	test.NewTempApp(t)
	for lang, w := range rtlWords {
		for _, shape := range numberShapes {
			t.Run(lang+"/"+shape.kind, func(t *testing.T) {
				words := strings.Join([]string{w[0], w[1], w[2], w[0], w[1]}, " ")
				text := words + " " + shape.text + " " + words + "."
				atEnd, atStart := false, false
				// Only widths the number fits in: a unit wider than the
				// line is broken, as any word would be.
				one := Plain(shape.text, lang, Body, nil)
				one.layoutFor(0)
				for width := max(90, one.widest+1); width <= 420; width += 3 {
					p := Plain(text, lang, Body, func(string) {})
					p.layoutFor(width)
					if got := readRightToLeft(p); got != text {
						t.Fatalf("at %.0f wide the lines read %q, want %q", width, got, text)
					}
					checkLinks(t, p, shape.text, shape.phone)
					lines := visualLines(p)
					for i, l := range lines {
						// Right-to-left: a line starts at its right end.
						if i > 0 && strings.HasSuffix(l, shape.text) {
							atStart = true
						}
						if i < len(lines)-1 && strings.HasPrefix(l, shape.text) {
							atEnd = true
						}
					}
				}
				if !atEnd || !atStart {
					t.Errorf("no width put %q at a line's end (%v) and at the next line's start (%v)", shape.text, atEnd, atStart)
				}
			})
		}
	}
}

// TestButtonLabelNumbersKeepTheirOrder: a button labelled "1.25×" in
// Arabic, Dari or Pashto shows "1.25×".
func TestButtonLabelNumbersKeepTheirOrder(t *testing.T) {
	test.NewTempApp(t)
	for lang := range rtlWords {
		for _, label := range []string{"1.25×", "1.5×", "1.75×", "2×", "14:30", "9–17"} {
			b := NewButton(label, lang, theme.SettingsIcon(), nil)
			w := test.NewWindow(b)
			w.Resize(b.MinSize().AddWidthHeight(100, 0))
			var drawn []string
			for _, o := range test.LaidOutObjects(b) {
				if p, ok := o.(*Paragraph); ok {
					drawn = visualLines(p)
				}
			}
			if len(drawn) != 1 || drawn[0] != label {
				t.Errorf("%s: button %q drawn as %q", lang, label, drawn)
			}
			w.Close()
		}
	}
}

// TestOnlyPhoneNumbersAndAddressesAreLinks: what a tap opens, for text
// with numbers of every kind.
func TestOnlyPhoneNumbersAndAddressesAreLinks(t *testing.T) {
	tests := []struct {
		text  string
		links []string
	}{
		{"Call 116 117 or +49 800 111 0 111 at 14:30", []string{"tel:116117", "tel:+498001110111"}},
		{"Router 192.168.0.1, Fyne 2.8.1, 12.05.2026", nil},
		{"See www.bamf.de or https://bamf.de/x?a=1.", []string{"https://www.bamf.de", "https://bamf.de/x?a=1"}},
		{"In 2026 pay 50% of €12 for 2–3 days", nil},
		{"COVID-19 and A4 paper", nil},
		{"Dial 112", []string{"tel:112"}},
		{"Page 10", nil},
	}
	for _, tt := range tests {
		var got []string
		for _, s := range atoms(Span{Text: tt.text}) {
			if s.Link != "" {
				got = append(got, s.Link)
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(tt.links) {
			t.Errorf("%q links %q, want %q", tt.text, got, tt.links)
		}
	}
}

// TestDatesTheAppWritesReadInOrder: dates and times as the app writes them
// for right-to-left readers (CLDR, through locales) read in order inside a
// sentence: right to left word by word, each number as written.
func TestDatesTheAppWritesReadInOrder(t *testing.T) {
	test.NewTempApp(t)
	at := time.Date(2026, 5, 12, 14, 30, 0, 0, time.UTC)
	for lang, w := range rtlWords {
		for _, shown := range []string{locales.FormatDate(lang, at), locales.FormatTime(lang, at), locales.FormatDateTime(lang, at)} {
			sentence := w[0] + " " + shown + " " + w[1] + "."
			p := Plain(sentence, lang, Body, nil)
			p.layoutFor(1000)
			if got := readRightToLeft(p); got != sentence {
				t.Errorf("%s: %q reads %q", lang, sentence, got)
			}
			line := visualLines(p)[0]
			for _, n := range []string{"2026", "12"} {
				if strings.Contains(shown, n) && !strings.Contains(line, n) {
					t.Errorf("%s: %q is not drawn whole in %q", lang, n, line)
				}
			}
		}
	}
}
