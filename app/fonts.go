package app

import (
	"bytes"
	"sync"
	"unicode"

	"fyne.io/fyne/v2"
	gotext "github.com/go-text/typesetting/font"
)

// scriptFont is the bundled font for a rune, or nil when Fyne's own font
// (and its fallbacks) should draw it. Text drawn with an explicit font has
// no fallback, so a rune only gets a bundled font that has its glyph.
func scriptFont(r rune, bold bool, near string) fyne.Resource {
	script := runeScript(r)
	if script == "" {
		script = near // punctuation and digits take their neighbours' font, if it has them
	}
	fonts, ok := scriptFonts[script]
	if !ok {
		return nil
	}
	f := fonts[0]
	if bold {
		f = fonts[1]
	}
	if script != runeScript(r) && !covers(f, r) {
		return nil
	}
	return f
}

// runeScript is "Arab" or "Ethi" for letters and marks of those scripts,
// "" for everything else.
func runeScript(r rune) string {
	switch {
	case unicode.Is(unicode.Arabic, r) && (unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsDigit(r) || unicode.IsPunct(r)):
		return "Arab"
	case unicode.Is(unicode.Ethiopic, r):
		return "Ethi"
	}
	return ""
}

var (
	coverageMu sync.Mutex
	coverage   = map[string]*gotext.Face{}
)

// covers reports whether font f has a glyph for r.
func covers(f fyne.Resource, r rune) bool {
	coverageMu.Lock()
	defer coverageMu.Unlock()
	face, ok := coverage[f.Name()]
	if !ok {
		face, _ = gotext.ParseTTF(bytes.NewReader(f.Content()))
		coverage[f.Name()] = face
	}
	if face == nil {
		return false
	}
	_, has := face.NominalGlyph(r)
	return has
}
