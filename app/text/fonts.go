package text

import (
	"sync"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"golang.org/x/image/font/sfnt"
)

// scriptFont is the font a rune is drawn in: the bundled font of its script
// (Arabic, Ethiopic), or Fyne's own Noto Sans for Latin, Greek and Cyrillic.
// Every piece names its font, so nothing depends on the window theme or on
// the fonts of the machine. Digits and punctuation take the font of the
// script around them (near) when that font has them, so they match it.
func scriptFont(r rune, bold bool, near string) fyne.Resource {
	script := runeScript(r)
	if script == "" {
		script = near
	}
	if fonts, ok := scriptFonts[script]; ok {
		f := fonts[0]
		if bold {
			f = fonts[1]
		}
		if script == runeScript(r) || covers(f, r) {
			return f
		}
	}
	if bold {
		return theme.DefaultTextBoldFont()
	}
	return theme.DefaultTextFont()
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
	coverage   = map[string]*sfnt.Font{}
	coverBuf   sfnt.Buffer
)

// covers reports whether font f has a glyph for r. It reads only the
// font's character map: sfnt parses tables when asked, where a full parse
// (go-text's) would read every glyph of a font that Fyne parses anyway.
func covers(f fyne.Resource, r rune) bool {
	coverageMu.Lock()
	defer coverageMu.Unlock()
	face, ok := coverage[f.Name()]
	if !ok {
		face, _ = sfnt.Parse(f.Content())
		coverage[f.Name()] = face
	}
	if face == nil {
		return false
	}
	i, err := face.GlyphIndex(&coverBuf, r)
	return err == nil && i != 0
}
