package text

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// lines is the paragraph's pieces as drawn, one string a line, left to
// right, pieces separated by "|" (spaces left out).
func lines(p *Paragraph) []string {
	var out []string
	for _, pc := range p.pieces {
		for len(out) <= pc.line {
			out = append(out, "")
		}
		if pc.space {
			continue
		}
		if out[pc.line] != "" {
			out[pc.line] += "|"
		}
		out[pc.line] += pc.text
	}
	return out
}

func TestParagraphLayout(t *testing.T) {
	test.NewTempApp(t)
	tests := []struct {
		name  string
		text  string
		rtl   bool
		width float32
		want  []string // each line, pieces left to right
	}{
		{"Arabic with a phone number", "اتصل بالرقم 116 117 للطبيب.", true, 1000,
			[]string{".|للطبيب|116 117|بالرقم|اتصل"}},
		{"Arabic with an E.164 number", "أو +49 800 111 0 111 مجاناً", true, 1000,
			[]string{"مجاناً|+49 800 111 0 111|أو"}},
		{"Dari with a Latin word in brackets", "نزد داکتر عمومی (Hausarzt یا Hausärztin) بروید.", true, 1000,
			[]string{".|بروید|(|Hausärztin|یا|Hausarzt|)|عمومی|داکتر|نزد"}},
		{"Persian word with a joiner stays whole", "او می‌روید", true, 1000,
			[]string{"می‌روید|او"}},
		{"a line that starts in English, in Arabic", "WhatsApp متاح أيضاً", true, 1000,
			[]string{"أيضاً|متاح|WhatsApp"}},
		{"English with an Arabic word", "Say مرحبا to 3 people", false, 1000,
			[]string{"Say|مرحبا|to|3|people"}},
		{"a web address stays one piece", "راجع www.bamf.de للمزيد", true, 1000,
			[]string{"للمزيد|www.bamf.de|راجع"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newParagraph([]Span{{Text: tt.text}}, tt.rtl, theme.SizeNameText, "Arab", nil)
			p.layoutFor(tt.width)
			got := lines(p)
			if len(got) != len(tt.want) {
				t.Fatalf("lines = %q, want %q", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("line %d = %q, want %q", i+1, got[i], tt.want[i])
				}
			}
		})
	}
}

// TestParagraphWrapsRightToLeft: a Dari paragraph with a Latin word and a
// number, three lines at phone width, each right-aligned, the number whole.
func TestParagraphWrapsRightToLeft(t *testing.T) {
	test.NewTempApp(t)
	text := "برای معلومات بیشتر به ویب‌سایت BAMF بروید یا به شماره 0911 943 0 زنگ بزنید. این خدمت رایگان است و به زبان دری هم جواب می‌دهند."
	p := newParagraph([]Span{{Text: text}}, true, theme.SizeNameText, "Arab", nil)
	const width = 260
	p.layoutFor(width)
	got := lines(p)
	if len(got) < 3 {
		t.Fatalf("%d lines at %v wide, want at least 3: %q", len(got), float32(width), got)
	}
	right := map[int]float32{}
	number := 0
	for _, pc := range p.pieces {
		if !pc.space {
			right[pc.line] = max(right[pc.line], pc.x+pc.w)
		}
		if pc.text == "0911 943 0" {
			number++
			if pc.link != "tel:09119430" {
				t.Errorf("number links to %q", pc.link)
			}
		}
	}
	if number != 1 {
		t.Errorf("the number is not one piece: %q", got)
	}
	for line, r := range right {
		if r < width-0.5 || r > width+0.5 {
			t.Errorf("line %d ends at %.1f, want right-aligned at %d", line+1, r, width)
		}
	}
}

func TestParagraphAccessibility(t *testing.T) {
	test.NewTempApp(t)
	p := newParagraph([]Span{{Text: "اتصل بـ 116 117"}}, true, theme.SizeNameText, "Arab", nil)
	if got := p.AccessibilityLabel(); got != "اتصل بـ 1 1 6 1 1 7" {
		t.Errorf("label = %q: phone numbers should be read digit by digit", got)
	}
	var opened string
	p = newParagraph([]Span{{Text: "اتصل بـ 116 117"}}, true, theme.SizeNameText, "Arab", func(l string) { opened = l })
	p.Resize(p.MinSize().AddWidthHeight(400, 0))
	p.layoutFor(p.Size().Width)
	for _, pc := range p.pieces {
		if pc.link != "" {
			test.TapAt(p, fyne.NewPos(pc.x+pc.w/2, pc.y+pc.h/2))
		}
	}
	if opened != "tel:116117" {
		t.Errorf("tapping the number opened %q", opened)
	}
}

// TestLongAddressBreaksAtItsParts: a web address wider than the line is
// broken after a slash or a dot, not between two letters.
func TestLongAddressBreaksAtItsParts(t *testing.T) {
	test.NewTempApp(t)
	url := "https://www.berlin.de/lb/psychiatrie/hilfe-in-krisen/berliner-krisendienst/"
	p := NewParagraph([]Span{{Text: url, Link: url}}, "en", Body, func(string) {})
	p.layoutFor(150)
	got := lines(p)
	if len(got) < 2 {
		t.Fatalf("%q is on %d line at 150 wide", url, len(got))
	}
	for i := range got {
		got[i] = strings.ReplaceAll(got[i], "|", "")
	}
	for _, l := range got[:len(got)-1] {
		if !strings.ContainsAny(l[len(l)-1:], "/.-") {
			t.Errorf("a line ends inside a part of the address: %q", got)
			break
		}
	}
	if strings.Join(got, "") != url {
		t.Errorf("the lines %q do not make up the address", got)
	}
}

// TestParagraphDrawsRuns: a line is drawn as few texts as Fyne can draw
// alike, each text in logical order; a neutral or a number in
// right-to-left text, a link and a change of style start a new one.
func TestParagraphDrawsRuns(t *testing.T) {
	test.NewTempApp(t)
	tests := []struct {
		name  string
		spans []Span
		rtl   bool
		open  func(string)
		want  []string // the texts, left to right
	}{
		{"English", []Span{{Text: "Find out before your visit, please."}}, false, nil,
			[]string{"Find out before your visit, please."}},
		{"Arabic, in logical order", []Span{{Text: "اتصل بالطبيب اليوم"}}, true, nil,
			[]string{"اتصل بالطبيب اليوم"}},
		{"Arabic with a full stop and a number", []Span{{Text: "اتصل بالرقم 116 117 للطبيب المناوب."}}, true, func(string) {},
			[]string{".", "للطبيب المناوب", "116 117", "اتصل بالرقم"}},
		{"Dari with a joiner and a Latin word", []Span{{Text: "او می‌روید نزد Hausarzt امروز"}}, true, nil,
			[]string{"امروز", "Hausarzt", "او می‌روید نزد"}},
		{"Tigrinya with its word spaces and full stop", []Span{{Text: "ናብ ሓኪም ኪድ።"}}, false, nil,
			[]string{"ናብ ሓኪም ኪድ።"}},
		{"a bold word", []Span{{Text: "Call "}, {Text: "now", Bold: true}, {Text: " please"}}, false, nil,
			[]string{"Call", "now", "please"}},
		{"a line break is not drawn", []Span{{Text: "one\ntwo"}}, false, nil,
			[]string{"one", "two"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			script := "Latn"
			if tt.rtl {
				script = "Arab"
			}
			p := newParagraph(tt.spans, tt.rtl, theme.SizeNameText, script, tt.open)
			r := test.WidgetRenderer(p)
			p.Resize(fyne.NewSize(1000, 100))
			r.Layout(fyne.NewSize(1000, 100))
			var got []string
			for _, o := range r.Objects() {
				got = append(got, o.(*canvas.Text).Text)
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("texts = %q, want %q", got, tt.want)
			}
		})
	}
}
