package text

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// TestOneLineCutsAfterAWholeWord: a header that does not fit keeps one
// line, ends in "…" where its reading ends, and is cut after a whole word
// (within a word only when the first word alone does not fit).
func TestOneLineCutsAfterAWholeWord(t *testing.T) {
	test.NewTempApp(t)
	tests := []struct {
		lang, text string
		width      float32
		want       string // the text drawn, in reading order; "" = uncut
	}{
		{"en", "Berlin crisis service (Berliner Krisendienst)", 1000, ""},
		{"en", "Berlin crisis service (Berliner Krisendienst)", 180, "Berlin crisis…"},
		{"ar", "خدمة الأزمات في برلين على مدار الساعة", 170, "خدمة الأزمات في…"},
		{"ti", "ቅጥዕታት", 40, "ቅ…"},
	}
	for _, tt := range tests {
		p := OneLine(tt.text, tt.lang, Heading, nil)
		var told []bool
		p.OnTruncated = func(cut bool) { told = append(told, cut) }
		p.layoutFor(tt.width)
		if n := p.lineCount(); n != 1 {
			t.Errorf("%q at %.0f: %d lines", tt.text, tt.width, n)
		}
		var drawn []string
		for _, d := range p.Drawn() {
			drawn = append(drawn, d.Text)
			if d.X+d.W > tt.width+0.5 {
				t.Errorf("%q at %.0f: %q runs out of the line", tt.text, tt.width, d.Text)
			}
		}
		got := strings.Join(drawn, "")
		if tt.lang == "ar" {
			got = readRightToLeft(p)
		}
		switch {
		case tt.want == "" && (p.Truncated() || len(told) > 0):
			t.Errorf("%q at %.0f is cut: %q", tt.text, tt.width, got)
		case tt.want != "" && (got != tt.want && strings.ReplaceAll(got, " ", "") != strings.ReplaceAll(tt.want, " ", "")):
			t.Errorf("%q at %.0f reads %q, want %q", tt.text, tt.width, got, tt.want)
		case tt.want != "" && (!p.Truncated() || len(told) != 1 || !told[0]):
			t.Errorf("%q at %.0f: Truncated %v, told %v", tt.text, tt.width, p.Truncated(), told)
		}
		if p.Text() != tt.text || p.AccessibilityLabel() != tt.text {
			t.Errorf("the whole text is lost: %q / %q", p.Text(), p.AccessibilityLabel())
		}
	}
}

// TestColumnsStackRatherThanBreakAWord: two tiles side by side while their
// words fit; one above the other when a word would have to be broken.
func TestColumnsStackRatherThanBreakAWord(t *testing.T) {
	test.NewTempApp(t)
	for _, tc := range []struct {
		width float32
		role  Role
		cols  int
	}{
		{340, Body, 2}, {340, Title, 1}, {150, Body, 1},
	} {
		a := NewCard("a", container.NewVBox(Plain("Entry requirements", "en", tc.role, nil)), nil)
		b := NewCard("b", container.NewVBox(Plain("Travel risks", "en", tc.role, nil)), nil)
		grid := NewColumns(2, false, a, b)
		w := test.NewWindow(container.NewVBox(grid, widget.NewLabel("")))
		w.Resize(fyne.NewSize(tc.width+8, 400))
		w.Resize(fyne.NewSize(tc.width+8, 401))
		cols := 1
		if a.Position().Y == b.Position().Y {
			cols = 2
		}
		if cols != tc.cols {
			t.Errorf("at %.0f wide, role %d: %d columns, want %d", tc.width, tc.role, cols, tc.cols)
		}
		for _, c := range []*Card{a, b} {
			walkParagraphs(c, func(p *Paragraph) {
				words := map[int]map[int]bool{}
				for _, d := range p.Drawn() {
					if words[d.Word] == nil {
						words[d.Word] = map[int]bool{}
					}
					words[d.Word][d.Line] = true
				}
				for _, lines := range words {
					if len(lines) > 1 {
						t.Errorf("at %.0f wide a word of %q is broken", tc.width, p.Text())
					}
				}
			})
		}
		w.Close()
	}
}
