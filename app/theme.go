package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"golang.org/x/text/language"

	"safar.app/safar/assets"
)

// scriptFonts are the bundled fonts for scripts Fyne's default font lacks.
// Fyne falls back to its default font for every glyph these do not have
// (Latin letters in an Arabic sentence), so one face per script suffices.
var scriptFonts = map[string][2]fyne.Resource{
	"Arab": {
		fyne.NewStaticResource("NotoSansArabic-Regular.ttf", assets.Font("NotoSansArabic-Regular.ttf")),
		fyne.NewStaticResource("NotoSansArabic-Bold.ttf", assets.Font("NotoSansArabic-Bold.ttf")),
	},
	"Ethi": {
		fyne.NewStaticResource("NotoSansEthiopic-Regular.ttf", assets.Font("NotoSansEthiopic-Regular.ttf")),
		fyne.NewStaticResource("NotoSansEthiopic-Bold.ttf", assets.Font("NotoSansEthiopic-Bold.ttf")),
	},
}

// scriptOf is the script a language is written in ("Arab", "Ethi", "Latn"…).
func scriptOf(lang string) string {
	t, err := language.Parse(lang)
	if err != nil {
		return "Latn"
	}
	s, _ := t.Script()
	return s.String()
}

// safarTheme is Fyne's default theme with a script font and the reader's
// text size.
//
// The window's theme always uses the Arabic font: Fyne falls back to its own
// font for Latin and Cyrillic, and Arabic dots are drawn in place only when
// the window theme itself has the Arabic font (inside a ThemeOverride alone
// they go missing). Ethiopic is set through an override: around the whole
// window when the UI is in Tigrinya, around single texts otherwise.
type safarTheme struct {
	base   fyne.Theme
	script string
	scale  float32
}

func newTheme(script string, scale float32) *safarTheme {
	return &safarTheme{base: theme.DefaultTheme(), script: script, scale: scale}
}

// regionScript is the script whose font surrounds text in language lang:
// Ethiopic for Ethiopic-script languages, the window's Arabic otherwise.
func regionScript(lang string) string {
	if scriptOf(lang) == "Ethi" {
		return "Ethi"
	}
	return "Arab"
}

func (t *safarTheme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	return t.base.Color(n, v)
}

func (t *safarTheme) Font(s fyne.TextStyle) fyne.Resource {
	fonts, ok := scriptFonts[t.script]
	if !ok || s.Monospace || s.Symbol {
		return t.base.Font(s)
	}
	if s.Bold {
		return fonts[1]
	}
	return fonts[0]
}

func (t *safarTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return t.base.Icon(n) }

func (t *safarTheme) Size(n fyne.ThemeSizeName) float32 {
	v := t.base.Size(n)
	switch n {
	case theme.SizeNameText, theme.SizeNameHeadingText, theme.SizeNameSubHeadingText,
		theme.SizeNameCaptionText, theme.SizeNameInlineIcon:
		return v * t.scale
	}
	return v
}
