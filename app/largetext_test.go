package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"safar.app/safar/app/text"
)

// largeTextScreens are the screens a reader reaches, by app.Open address.
var largeTextScreens = []string{
	"home", "topic:0", "topic:2", "topic:4", "article:de-seeing-a-doctor", "article:de-berlin-first-contact",
	"service:de-berlin-svc-crisis", "search:doctor", "emergency", "settings",
	"phrasebook", "phrases:pain", "phrases:symptoms", "patient:pain-scale", "patient:pain-where", "summary",
}

// TestDoubleTextSizeClipsNothing: at twice the text size on a 360×740
// phone, no text on any screen runs past the screen's edge or its own box,
// and no word is broken across lines when it would fit on a line of its own.
func TestDoubleTextSizeClipsNothing(t *testing.T) {
	for _, lang := range []string{"en", "ar", "fa-AF", "ti"} {
		s := onboardedInGermany
		s.Lang, s.TextScale = lang, 2
		a := newTestApp(t, &s)
		for _, where := range append([]string{"first-run"}, largeTextScreens...) {
			if err := a.Open(where); err != nil {
				t.Fatal(err)
			}
			// Lay out twice, as a real window does: wrapped text learns its
			// height from the first pass.
			a.win.Resize(fyne.NewSize(360, 741))
			a.win.Resize(fyne.NewSize(360, 740))
			checkTextFits(t, a, lang+" "+where)
		}
	}
}

// checkTextFits checks every paragraph on screen: inside the screen and its
// box, as high as its lines, and no word broken that fits on a line.
func checkTextFits(t *testing.T, a *App, where string) {
	t.Helper()
	d := fyne.CurrentApp().Driver()
	n := 0
	for _, o := range visibleObjects(a.win.Content()) {
		p, ok := o.(*text.Paragraph)
		if !ok {
			continue
		}
		n++
		at := d.AbsolutePositionForObject(p)
		if at.X < -0.5 || at.X+p.Size().Width > 360.5 {
			t.Errorf("%s: %q spans x %.0f–%.0f, past the screen", where, short(p.Text()), at.X, at.X+p.Size().Width)
		}
		words := map[int][]text.Drawn{}
		for _, pc := range p.Drawn() {
			if pc.X < -0.5 || pc.X+pc.W > p.Size().Width+0.5 {
				t.Errorf("%s: %q runs out of its box (%.0f–%.0f of %.0f)", where, pc.Text, pc.X, pc.X+pc.W, p.Size().Width)
				break
			}
			if !pc.Space {
				words[pc.Word] = append(words[pc.Word], pc)
			}
		}
		for _, parts := range words {
			var w float32
			var word string
			lines := map[int]bool{}
			for _, pc := range parts {
				w += pc.W
				word += pc.Text
				lines[pc.Line] = true
			}
			if len(lines) > 1 && w <= p.Size().Width-0.5 {
				t.Errorf("%s: %q is broken across lines, though at %.0f it fits the line of %.0f", where, word, w, p.Size().Width)
			}
		}
		if need := p.MinSize().Height; p.Size().Height+0.5 < need {
			t.Errorf("%s: %q is %.0f high but needs %.0f", where, short(p.Text()), p.Size().Height, need)
		}
	}
	if n == 0 {
		t.Errorf("%s: no text on screen", where)
	}
}

func short(s string) string {
	if r := []rune(s); len(r) > 30 {
		return string(r[:30]) + "…"
	}
	return s
}

// TestLongTitleKeepsOneLine: at twice the text size the header keeps one
// line, cut with "…", and the whole title opens the body, once: the
// settings title in Tigrinya gets a copy in the body, a service whose card
// already starts with its name does not.
func TestLongTitleKeepsOneLine(t *testing.T) {
	for _, tc := range []struct {
		lang, where, title string
	}{
		{"ti", "settings", "ቅጥዕታት"},
		{"en", "service:de-berlin-svc-crisis", "Berlin crisis service (Berliner Krisendienst)"},
	} {
		s := onboardedInGermany
		s.Lang, s.TextScale = tc.lang, 2
		a := newTestApp(t, &s)
		if err := a.Open(tc.where); err != nil {
			t.Fatal(err)
		}
		a.win.Resize(fyne.NewSize(360, 741))
		a.win.Resize(fyne.NewSize(360, 740))
		var header *text.Paragraph
		shown := 0
		for _, o := range visibleObjects(a.win.Content()) {
			p, ok := o.(*text.Paragraph)
			if !ok || p.Text() != tc.title {
				continue
			}
			if header == nil {
				header = p
				continue
			}
			shown++
		}
		if header == nil {
			t.Fatalf("%s %s: no header %q", tc.lang, tc.where, tc.title)
		}
		lines := map[int]bool{}
		last := ""
		for _, d := range header.Drawn() {
			lines[d.Line] = true
			last = d.Text
		}
		if len(lines) != 1 || !header.Truncated() {
			t.Errorf("%s %s: header on %d lines, cut %v", tc.lang, tc.where, len(lines), header.Truncated())
		}
		if !strings.Contains(last, "…") && !strings.Contains(screenTextDrawn(header), "…") {
			t.Errorf("%s %s: header has no ellipsis: %q", tc.lang, tc.where, screenTextDrawn(header))
		}
		if shown != 1 {
			t.Errorf("%s %s: the whole title is in the body %d times, want once", tc.lang, tc.where, shown)
		}
	}
}

// screenTextDrawn is what a paragraph draws, pieces joined.
func screenTextDrawn(p *text.Paragraph) string {
	var b strings.Builder
	for _, d := range p.Drawn() {
		b.WriteString(d.Text)
	}
	return b.String()
}
