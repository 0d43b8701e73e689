// Package text is Safar's text engine: the one component every word on
// screen goes through (Paragraph), the widgets built on it (Button, Card),
// the script fonts and theme, and the Markdown renderer for article bodies.
//
// Fyne lays every line out left to right and never right-aligns, so the
// engine resolves directional runs itself with the Unicode Bidirectional
// Algorithm (internal/bidi), wraps words, orders each line for display and
// gives every piece the font of its script. Screens import this package;
// it knows nothing of screens.
package text

import (
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"safar.app/safar/internal/bidi"
	"safar.app/safar/locales"
)

// Span is a run of a paragraph's text in one style.
type Span struct {
	Text   string
	Bold   bool
	Italic bool
	Link   string // a web or tel: address; "" for plain text

	isolated bool // an address or number set apart by atoms: no break, no mirroring
}

// Paragraph is Safar's one text component. Fyne lays every line out left to
// right, so this widget does the work itself: it resolves the paragraph's
// directional runs with the Unicode Bidirectional Algorithm (internal/bidi),
// wraps words, orders each line's pieces for display, aligns right-to-left
// paragraphs to the right and gives each piece the font of its script.
// Phone numbers and web addresses are isolated as left-to-right units and
// can be tapped.
type Paragraph struct {
	widget.BaseWidget
	spans  []Span
	rtl    bool
	size   fyne.ThemeSizeName
	color  fyne.ThemeColorName
	open   func(link string)
	script string // the script of the language, for the font of neutrals at the edges
	center bool   // centre each line (button labels) instead of aligning to the start
	// passTap receives taps that hit no link: Fyne gives a tap to the
	// innermost tappable object, which inside a card or a button is this.
	passTap func()

	// oneLine keeps the paragraph to one line, cut with an ellipsis.
	oneLine   bool
	truncated bool
	top       float32 // where the lines start in the box: a one-line paragraph is centred
	// OnTruncated, if set, learns when a one-line paragraph starts or
	// stops being cut: a screen then shows the whole text elsewhere.
	OnTruncated func(truncated bool)

	laidFor float32 // the width the pieces were laid out for
	pieces  []piece
	height  float32
	widest  float32 // the widest unbreakable word
}

// piece is a run of text drawn as one canvas.Text: one style, one level,
// one font, no break inside.
type piece struct {
	text     string
	bold     bool
	italic   bool
	link     string
	font     fyne.Resource
	level    int
	space    bool
	word     int // index of its word (or space) in logical order
	line     int
	x, y     float32
	w, h     float32
	baseline float32
}

// NewParagraph shows spans written in language lang, in the size and weight
// of role (Bold in a span adds to the role's weight). open receives the
// address of a tapped link or number; nil draws them as plain text.
func NewParagraph(spans []Span, lang string, role Role, open func(link string)) *Paragraph {
	size, bold := role.style()
	if bold {
		spans = append([]Span(nil), spans...)
		for i := range spans {
			spans[i].Bold = true
		}
	}
	return newParagraph(spans, locales.RightToLeft(lang), size, ScriptOf(lang), open)
}

// Plain is NewParagraph for plain text.
func Plain(s, lang string, role Role, open func(link string)) *Paragraph {
	return NewParagraph([]Span{{Text: s}}, lang, role, open)
}

func newParagraph(spans []Span, rtl bool, size fyne.ThemeSizeName, script string, open func(string)) *Paragraph {
	p := &Paragraph{spans: spans, rtl: rtl, size: size, color: theme.ColorNameForeground, open: open, script: script}
	p.ExtendBaseWidget(p)
	return p
}

// SetText replaces the paragraph's text with plain text s.
func (p *Paragraph) SetText(s string) {
	p.spans = []Span{{Text: s}}
	p.laidFor = -1
	p.Refresh()
}

// OneLine is a paragraph of plain text kept to one line: when it does not
// fit, it is cut after the last whole word that fits and ends in "…". For
// headers; the screen shows the whole text in its body (OnTruncated).
func OneLine(s, lang string, role Role, open func(link string)) *Paragraph {
	p := Plain(s, lang, role, open)
	p.oneLine = true
	return p
}

// Centred is a paragraph of plain text with each line centred, as a
// button's label is: for a label under a picture.
func Centred(s, lang string, role Role) *Paragraph {
	p := Plain(s, lang, role, nil)
	p.center = true
	return p
}

// Truncated reports whether the paragraph, as last laid out, is cut short.
func (p *Paragraph) Truncated() bool { return p.truncated }

// PassTaps hands taps that hit no link to tap, for a paragraph inside
// something tappable (a card, a button).
func (p *Paragraph) PassTaps(tap func()) { p.passTap = tap }

// Drawn is one piece of a laid-out paragraph as it is drawn, for tests and
// tools that check the layout: run order, clipping, broken words.
type Drawn struct {
	Text  string
	Link  string
	Line  int  // from 0, top to bottom
	Word  int  // the logical word the piece belongs to, from 0
	Space bool // a space between words
	X, Y  float32
	W, H  float32
}

// Drawn is the paragraph's pieces as last laid out, line by line, each
// line left to right.
func (p *Paragraph) Drawn() []Drawn {
	out := make([]Drawn, len(p.pieces))
	for i, pc := range p.pieces {
		out[i] = Drawn{Text: pc.text, Link: pc.link, Line: pc.line, Word: pc.word, Space: pc.space,
			X: pc.x, Y: p.top + pc.y, W: pc.w, H: pc.h}
	}
	return out
}

// Text is the paragraph's text in logical order, without isolation marks.
func (p *Paragraph) Text() string {
	var b strings.Builder
	for _, s := range p.spans {
		b.WriteString(s.Text)
	}
	return b.String()
}

// Addresses and numbers. A web address, a phone number and every other
// number shape is isolated (LRI … PDI) as one left-to-right unit.
//
// Why whole shapes: the bidi algorithm keeps digits together only across
// a single common separator between numbers (W4: "14:30", "1,5",
// "12.05.2026"), a single plus or minus between European numbers (W4:
// "2026-05-12") and adjacent terminators (W5: "50%", "12€"). Anything else
// beside or between digits is a neutral and takes the paragraph's
// direction (N1–N2): in Arabic a range with an en dash "9–17" would read
// "17–9", "1.25×" "×1.25" and "1 000" "000 1". Isolating each run of digits
// on its own is worse still: even the ":" of "14:30" then sits between two
// isolates as a neutral, and the time reads "30:14".
var (
	urlPattern = regexp.MustCompile(`(?:https?://|www\.)[^\s]+[^\s.,;:!?)\]»"'،؛؟]`)
	// numberPattern is a number shape: digit groups joined by one
	// separator each (time, date, decimal, thousands, version, IP
	// address, fraction, range), perhaps after a minus or a currency sign,
	// perhaps before a percent, per-mille, degree, multiplication or
	// currency sign. A range's dash may have a space each side ("9 – 17").
	numberPattern = regexp.MustCompile(`[\-\x{2212}]?\p{Sc}?\p{Nd}+(?:(?:[.,:/×\-\x{00A0}\x{202F}\x{2010}\x{2011}\x{2212}\x{066B}\x{066C}]|\s?[\x{2013}\x{2014}]\s?)\p{Nd}+)*(?:[%\x{066A}\x{2030}°×]|\p{Sc})?`)
)

// unit is a part of plain text to isolate: an address or a number.
type unit struct {
	start, end int
	plain      bool // digits only, or "+" and digits: may be part of a phone number
}

// atoms splits plain text into spans, isolating addresses and numbers as
// left-to-right units. Phone numbers (digit groups split by single spaces,
// or one group of three or more digits) and web addresses become links;
// other number shapes (a time, a version, an IP address) do not.
func atoms(s Span) []Span {
	if s.Link != "" {
		return []Span{s}
	}
	var units []unit
	urls := urlPattern.FindAllStringIndex(s.Text, -1)
	for _, m := range urls {
		units = append(units, unit{start: m[0], end: m[1]})
	}
	var numbers []unit
	for _, m := range numberPattern.FindAllStringIndex(s.Text, -1) {
		inURL := false
		for _, u := range urls {
			inURL = inURL || (m[0] < u[1] && m[1] > u[0])
		}
		if s.Text[m[0]] == '-' && m[0] > 0 && !isSpaceByte(s.Text[m[0]-1]) && !strings.ContainsRune("([", rune(s.Text[m[0]-1])) {
			m[0]++ // a hyphen after something other than a space joins words, it is no minus sign
		}
		if inURL || touchesWord(s.Text, m[0], m[1]) {
			continue
		}
		t := s.Text[m[0]:m[1]]
		numbers = append(numbers, unit{start: m[0], end: m[1], plain: strings.Trim(t, "0123456789") == ""})
	}
	// A phone number: plain digit groups one space apart, the first
	// perhaps after a "+".
	for i := 0; i < len(numbers); {
		u := numbers[i]
		if u.plain && u.start > 0 && s.Text[u.start-1] == '+' && (u.start == 1 || isSpaceByte(s.Text[u.start-2])) {
			u.start--
		}
		j := i + 1
		for u.plain && j < len(numbers) && numbers[j].plain && numbers[j].start == u.end+1 && s.Text[u.end] == ' ' {
			u.end = numbers[j].end
			j++
		}
		units = append(units, u)
		i = j
	}
	if len(units) == 0 {
		return []Span{s}
	}
	sort.Slice(units, func(i, j int) bool { return units[i].start < units[j].start })
	var out []Span
	at := 0
	for _, u := range units {
		if u.start < at {
			continue
		}
		if u.start > at {
			out = append(out, Span{Text: s.Text[at:u.start], Bold: s.Bold, Italic: s.Italic})
		}
		t := s.Text[u.start:u.end]
		link := ""
		if u.plain || strings.HasPrefix(t, "http") || strings.HasPrefix(t, "www.") {
			link = autoLink(t)
		}
		out = append(out, Span{Text: string(bidi.LRI) + t + string(bidi.PDI), Bold: s.Bold, Italic: s.Italic, Link: link, isolated: true})
		at = u.end
	}
	if at < len(s.Text) {
		out = append(out, Span{Text: s.Text[at:], Bold: s.Bold, Italic: s.Italic})
	}
	return out
}

// touchesWord reports whether the number at s[start:end] is part of a
// word ("A4", "COVID-19", "H2O"): it then stays with its word, which the
// bidi algorithm keeps in order.
func touchesWord(s string, start, end int) bool {
	before, _ := utf8.DecodeLastRuneInString(s[:start])
	after, _ := utf8.DecodeRuneInString(s[end:])
	return unicode.IsLetter(before) || unicode.IsLetter(after) || before == '_' || after == '_'
}

func isSpaceByte(b byte) bool { return b == ' ' || b == '\t' || b == '\n' }

// autoLink is the address a recognised piece of text opens: a web page,
// or a phone call for numbers long enough to be one (not a year or "10").
func autoLink(t string) string {
	switch {
	case strings.HasPrefix(t, "http"):
		return t
	case strings.HasPrefix(t, "www."):
		return "https://" + t
	}
	digits := strings.ReplaceAll(t, " ", "")
	if strings.HasPrefix(digits, "+") || (len(digits) >= 3 && !isYear(digits)) {
		return "tel:" + digits
	}
	return ""
}

func isYear(d string) bool {
	return len(d) == 4 && (strings.HasPrefix(d, "19") || strings.HasPrefix(d, "20"))
}

// textSize is the paragraph's font size in the current theme.
func (p *Paragraph) textSize() float32 { return theme.Size(p.size) }

// measure is the size and baseline of text as a piece would draw it.
func measure(text string, size float32, bold, italic bool, font fyne.Resource) (fyne.Size, float32) {
	return fyne.CurrentApp().Driver().RenderedTextSize(text, size, fyne.TextStyle{Bold: bold, Italic: italic}, font)
}

// cell is one rune of the paragraph with what layout needs of it.
type cell struct {
	r      rune
	span   int
	level  int
	atomic bool // inside an isolated unit: no line break
}

// logical flattens the spans (addresses and numbers isolated) into cells.
func (p *Paragraph) logical() ([]cell, []Span) {
	var spans []Span
	for _, s := range p.spans {
		spans = append(spans, atoms(s)...)
	}
	var cells []cell
	for i, s := range spans {
		for _, r := range s.Text {
			cells = append(cells, cell{r: r, span: i, atomic: s.isolated})
		}
	}
	runes := make([]rune, len(cells))
	for i, c := range cells {
		runes[i] = c.r
	}
	for i, l := range bidi.Levels(runes, p.rtl) {
		cells[i].level = l
	}
	return cells, spans
}

// word is a run of cells with no break opportunity inside, cut into pieces.
type word struct {
	pieces []piece
	w      float32
	space  bool
}

// layoutFor lays the paragraph out for width (0: one line). A one-line
// paragraph that does not fit is cut after its last whole word that fits
// (within a word only when even the first does not), and ends in "…".
func (p *Paragraph) layoutFor(width float32) {
	p.layoutLines(width)
	truncated := false
	if p.oneLine && width > 0 && p.lineCount() > 1 {
		truncated = true
		full := p.spans
		text := []rune(p.Text())
		// Candidate lengths: every word end, longest first; then, if no
		// word fits, every rune.
		var cuts []int
		for i := len(text) - 1; i > 0; i-- {
			if unicode.IsSpace(text[i]) && !unicode.IsSpace(text[i-1]) {
				cuts = append(cuts, i)
			}
		}
		fits := func(n int) bool {
			p.spans = cutSpans(full, n)
			p.layoutLines(width)
			return p.lineCount() == 1
		}
		done := false
		for _, n := range cuts {
			if fits(n) {
				done = true
				break
			}
		}
		if !done {
			// Within the first word: the longest prefix that fits.
			lo, hi := 0, len(text)
			if len(cuts) > 0 {
				hi = cuts[len(cuts)-1]
			}
			for lo < hi {
				mid := (lo + hi + 1) / 2
				if fits(mid) {
					lo = mid
				} else {
					hi = mid - 1
				}
			}
			fits(lo)
		}
		p.spans = full
	}
	if truncated != p.truncated {
		p.truncated = truncated
		if p.OnTruncated != nil {
			p.OnTruncated(truncated)
		}
	}
}

// lineCount is the number of lines last laid out.
func (p *Paragraph) lineCount() int {
	n := 0
	for _, pc := range p.pieces {
		n = max(n, pc.line+1)
	}
	return n
}

// cutSpans is the first n runes of spans' text, then an ellipsis.
func cutSpans(spans []Span, n int) []Span {
	var out []Span
	for _, s := range spans {
		r := []rune(s.Text)
		if len(r) >= n {
			s.Text = strings.TrimRightFunc(string(r[:n]), unicode.IsSpace) + "…"
			return append(out, s)
		}
		out = append(out, s)
		n -= len(r)
	}
	return out
}

// layoutLines lays the paragraph's spans out in lines for width.
func (p *Paragraph) layoutLines(width float32) {
	size := p.textSize()
	cells, spans := p.logical()
	words := p.words(cells, spans, size)
	p.widest = 0
	for _, w := range words {
		if !w.space && w.w > p.widest {
			p.widest = w.w
		}
	}
	// Greedy filling: a word goes on the line if it fits; spaces at the
	// end of a line are dropped.
	var lines [][]piece
	var line []piece
	var lineW float32
	flush := func() {
		for len(line) > 0 && line[len(line)-1].space {
			line = line[:len(line)-1]
		}
		lines = append(lines, line)
		line, lineW = nil, 0
	}
	var fitted []word
	for _, w := range words {
		if width > 0 && !w.space && w.w > width {
			fitted = append(fitted, splitWord(w, width, size)...)
		} else {
			fitted = append(fitted, w)
		}
	}
	for _, w := range fitted {
		if w.space {
			if len(line) > 0 {
				line = append(line, w.pieces...)
				lineW += w.w
			}
			continue
		}
		if width > 0 && len(line) > 0 && lineW+w.w > width {
			flush()
		}
		line = append(line, w.pieces...)
		lineW += w.w
	}
	if len(line) > 0 || len(lines) == 0 {
		flush()
	}
	p.pieces = p.pieces[:0]
	var y float32
	spacing := theme.Size(theme.SizeNameLineSpacing)
	for n, ln := range lines {
		levels := make([]int, len(ln))
		var total, base, h float32
		for i, pc := range ln {
			levels[i] = pc.level
			total += pc.w
			base = max(base, pc.baseline)
		}
		for _, pc := range ln {
			h = max(h, base-pc.baseline+pc.h)
		}
		if h == 0 {
			_, b := measure("M", size, false, false, nil)
			h = size * 1.3
			base = b
		}
		var x float32
		switch {
		case width <= 0:
		case p.center:
			x = (width - total) / 2
		case p.rtl:
			x = width - total
		}
		for _, i := range bidi.VisualOrder(levels) {
			pc := ln[i]
			pc.x, pc.y, pc.line = x, y+base-pc.baseline, n
			x += pc.w
			p.pieces = append(p.pieces, pc)
		}
		y += h + spacing
	}
	p.height = y - spacing
	p.laidFor = width
}

// words cuts cells into words and spaces, and each word into pieces of one
// span, level, font and bidi class family.
func (p *Paragraph) words(cells []cell, spans []Span, size float32) []word {
	var words []word
	near := p.script
	for i := 0; i < len(cells); {
		isSpace := unicode.IsSpace(cells[i].r) && !cells[i].atomic
		j := i
		for j < len(cells) && (unicode.IsSpace(cells[j].r) && !cells[j].atomic) == isSpace {
			j++
		}
		w := word{space: isSpace}
		for k := i; k < j; {
			c := cells[k]
			s := spans[c.span]
			if s := runeScript(c.r); s != "" {
				near = s
			}
			font := scriptFont(c.r, s.Bold, near)
			l := k + 1
			if c.atomic {
				// An isolated number or address is one left-to-right piece
				// in Fyne's own font, which has its digits and Latin letters,
				// or in the Arabic font for Arabic-Indic and Persian digits.
				font = scriptFont('0', s.Bold, "")
				for l < j && cells[l].span == c.span {
					if runeScript(cells[l].r) != "" {
						font = scriptFont(cells[l].r, s.Bold, "")
					}
					l++
				}
			}
			for l < j && !c.atomic && cells[l].span == c.span && cells[l].level == c.level &&
				scriptFont(cells[l].r, s.Bold, near) == font && sameClass(cells[l].r, c.r) {
				l++
			}
			var b strings.Builder
			for _, x := range cells[k:l] {
				if x.r != bidi.LRI && x.r != bidi.PDI {
					b.WriteRune(mirror(x.r, c.level))
				}
			}
			if text := b.String(); text != "" {
				sz, base := measure(text, size, s.Bold, s.Italic, font)
				w.pieces = append(w.pieces, piece{text: text, bold: s.Bold, italic: s.Italic, link: s.Link,
					font: font, level: c.level, space: isSpace, w: sz.Width, h: sz.Height, baseline: base})
				w.w += sz.Width
			}
			k = l
		}
		for n := range w.pieces {
			w.pieces[n].word = len(words)
		}
		words = append(words, w)
		i = j
	}
	return words
}

// sameClass keeps strong letters, numbers and neutral punctuation in
// separate pieces: Fyne shapes each piece as one run, and a neutral at the
// edge of a right-to-left piece would otherwise land on the wrong side.
func sameClass(a, b rune) bool { return classOf(a) == classOf(b) }

func classOf(r rune) int {
	switch {
	case r == bidi.LRI || r == bidi.PDI:
		return 0
	case unicode.IsLetter(r) || unicode.IsMark(r) || unicode.Is(unicode.Cf, r):
		return 1 // joiners (ZWNJ in Persian "می‌روید") stay inside their word
	case unicode.IsDigit(r):
		return 2
	}
	return 3
}

// Tapped opens the link under the finger, if any.
func (p *Paragraph) Tapped(e *fyne.PointEvent) {
	for _, pc := range p.pieces {
		if pc.link != "" && e.Position.X >= pc.x && e.Position.X <= pc.x+pc.w &&
			e.Position.Y >= p.top+pc.y && e.Position.Y <= p.top+pc.y+pc.h {
			if p.open != nil {
				p.open(pc.link)
				return
			}
		}
	}
	if p.passTap != nil {
		p.passTap()
	}
}

// AccessibilityLabel is the text in reading order; phone numbers are read
// digit by digit.
func (p *Paragraph) AccessibilityLabel() string {
	var b strings.Builder
	cells, spans := p.logical()
	for i, c := range cells {
		if c.r == bidi.LRI || c.r == bidi.PDI {
			continue
		}
		b.WriteRune(c.r)
		if strings.HasPrefix(spans[c.span].Link, "tel:") && unicode.IsDigit(c.r) && i+1 < len(cells) && unicode.IsDigit(cells[i+1].r) {
			b.WriteRune(' ')
		}
	}
	return b.String()
}

// AccessibilityRole is text, or a link when the whole paragraph is one.
func (p *Paragraph) AccessibilityRole() fyne.AccessibleRole {
	if len(p.spans) == 1 && p.spans[0].Link != "" {
		return fyne.AccessibleRoleLink
	}
	return fyne.AccessibleRoleText
}

func (p *Paragraph) CreateRenderer() fyne.WidgetRenderer {
	r := &paragraphRenderer{p: p}
	return r
}

type paragraphRenderer struct {
	p       *Paragraph
	objects []fyne.CanvasObject
}

func (r *paragraphRenderer) Layout(s fyne.Size) {
	rebuild := false
	if s.Width != r.p.laidFor || len(r.objects) == 0 {
		r.p.layoutFor(s.Width)
		rebuild = true
	}
	top := float32(0)
	if r.p.oneLine {
		// A header's line sits in the middle of the bar, level with the
		// labels of the buttons beside it.
		top = max(0, (s.Height-r.p.height)/2)
	}
	if top != r.p.top {
		r.p.top = top
		rebuild = true
	}
	if rebuild {
		r.build()
	}
}

func (r *paragraphRenderer) build() {
	size := r.p.textSize()
	r.objects = r.objects[:0]
	pcs := r.p.pieces
	for i := 0; i < len(pcs); {
		if pcs[i].space {
			i++
			continue
		}
		// A run: the pieces that follow on the line and that Fyne draws
		// the same way as one text (see sameRun); spaces at its end are
		// left out.
		j := i + 1
		for j < len(pcs) && sameRun(pcs[i], pcs[j]) {
			j++
		}
		for pcs[j-1].space {
			j--
		}
		first, last := pcs[i], pcs[j-1]
		col := r.p.color
		if first.link != "" && r.p.open != nil { // coloured only where a tap opens it
			col = theme.ColorNameHyperlink
		}
		t := canvas.NewText(runText(pcs[i:j]), theme.Color(col))
		t.TextSize = size
		t.TextStyle = fyne.TextStyle{Bold: first.bold, Italic: first.italic}
		t.FontSource = first.font
		t.Move(fyne.NewPos(first.x, r.p.top+first.y))
		t.Resize(fyne.NewSize(last.x+last.w-first.x, first.h))
		r.objects = append(r.objects, t)
		i = j
	}
}

// sameRun reports whether piece next, which follows first on its line,
// can be drawn in one text with it. One canvas.Text a run instead of one
// a word keeps a screen's objects (and Fyne's caches of them) few. Fyne
// shapes a text as one paragraph, left to right, so a run holds pieces of
// one level, font, style and link. A right-to-left run holds letters and
// spaces only: a neutral (a full stop, a bracket to mirror) or a digit
// there would be placed by Fyne's own bidi, not by Safar's.
func sameRun(first, next piece) bool {
	if next.line != first.line || next.level != first.level || next.font != first.font ||
		next.bold != first.bold || next.italic != first.italic || next.link != first.link ||
		next.y != first.y || next.h != first.h {
		return false
	}
	if next.space && strings.Trim(next.text, " ") != "" {
		return false // a tab or a line break is measured, never drawn
	}
	if first.level%2 == 0 {
		return true
	}
	return lettersOnly(first.text) && lettersOnly(next.text)
}

// lettersOnly reports whether s holds only letters, marks, joiners and spaces.
func lettersOnly(s string) bool {
	for _, r := range s {
		if classOf(r) != 1 && !unicode.IsSpace(r) {
			return false
		}
	}
	return true
}

// runText is the text of a run of pieces given in display order: in
// logical order, which for a right-to-left run is the reverse.
func runText(run []piece) string {
	var b strings.Builder
	for k := range run {
		if run[0].level%2 == 1 {
			k = len(run) - 1 - k
		}
		b.WriteString(run[k].text)
	}
	return b.String()
}

// MinSize is the height of the paragraph at its current width; its width
// is its widest word, so that it may be narrowed to a phone's width.
func (r *paragraphRenderer) MinSize() fyne.Size {
	w := r.p.Size().Width
	if w != r.p.laidFor || r.p.pieces == nil {
		r.p.layoutFor(w)
		r.build()
	}
	return fyne.NewSize(min(r.p.widest, 120), r.p.height)
}

func (r *paragraphRenderer) Refresh() {
	r.p.layoutFor(r.p.Size().Width)
	r.build()
	canvas.Refresh(r.p)
}

func (r *paragraphRenderer) Objects() []fyne.CanvasObject { return r.objects }
func (r *paragraphRenderer) Destroy()                     {}

// mirrored pairs brackets and quotes that rule L4 of the bidi algorithm
// draws mirrored in right-to-left text: "(" closes on the left there.
var mirrored = map[rune]rune{'(': ')', ')': '(', '[': ']', ']': '[', '{': '}', '}': '{',
	'<': '>', '>': '<', '«': '»', '»': '«', '‹': '›', '›': '‹'}

func mirror(r rune, level int) rune {
	if m, ok := mirrored[r]; ok && level%2 == 1 {
		return m
	}
	return r
}

// breaksAfter reports whether an address may be broken after s: after a
// slash, a dot, a dash, a query's punctuation or a space.
func breaksAfter(s string) bool {
	return s != "" && strings.ContainsAny(s[len(s)-1:], "/.-?&=_# ")
}

// splitWord cuts a word wider than the line (a long address, a German
// compound at twice the text size) into parts that fit, between runes.
func splitWord(w word, width, size float32) []word {
	var out []word
	var cur word
	for _, pc := range w.pieces {
		runes := []rune(pc.text)
		if pc.link != "" && len(cur.pieces) > 0 && breaksAfter(cur.pieces[len(cur.pieces)-1].text) {
			// The next part of an address goes whole onto the next line
			// when it fits there.
			if sz, _ := measure(pc.text, size, pc.bold, pc.italic, pc.font); cur.w+sz.Width > width && sz.Width <= width {
				out = append(out, cur)
				cur = word{}
			}
		}
		for len(runes) > 0 {
			n := len(runes)
			for n > 1 {
				sz, _ := measure(string(runes[:n]), size, pc.bold, pc.italic, pc.font)
				if cur.w+sz.Width <= width {
					break
				}
				n--
			}
			if n < len(runes) && pc.link != "" {
				// An address or a phone number breaks where it is read in
				// parts: after a slash, a dot, a dash or a space.
				for k := n; k > n/2; k-- {
					if breaksAfter(string(runes[k-1])) {
						n = k
						break
					}
				}
			}
			if n == 1 && len(cur.pieces) > 0 {
				if sz, _ := measure(string(runes[:1]), size, pc.bold, pc.italic, pc.font); cur.w+sz.Width > width {
					out = append(out, cur)
					cur = word{}
					continue
				}
			}
			part := pc
			part.text = string(runes[:n])
			sz, base := measure(part.text, size, pc.bold, pc.italic, pc.font)
			part.w, part.h, part.baseline = sz.Width, sz.Height, base
			cur.pieces = append(cur.pieces, part)
			cur.w += part.w
			runes = runes[n:]
			if len(runes) > 0 {
				out = append(out, cur)
				cur = word{}
			}
		}
	}
	if len(cur.pieces) > 0 {
		out = append(out, cur)
	}
	return out
}
