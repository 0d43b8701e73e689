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

// Fyne adds its colour emoji font (4 MB, about 5 MB more once parsed) to
// every font it loads for its own widgets, the search field among them,
// and parses it again for each style. Safar's text never falls back to it:
// each piece names its font, and a glyph that font lacks comes from the
// system's fonts. So that the search field draws as every other text does,
// and the font is neither parsed nor read from the binary, Fyne's emoji
// resource holds its small symbol font instead (a font Fyne loads beside
// it anyway). A build with Fyne's no_emoji tag has no emoji resource.
func init() {
	if e, ok := theme.DefaultEmojiFont().(*fyne.StaticResource); ok && e != nil {
		e.StaticContent = theme.DefaultSymbolFont().Content()
	}
}
