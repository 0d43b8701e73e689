package text

import (
	"image/color"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"golang.org/x/text/language"

	"safar.app/safar/assets"
)

// scriptFonts are the bundled fonts for scripts Fyne's default font lacks.
// Fyne falls back to its default font for every glyph these do not have
// (Latin letters in an Arabic sentence), so one face per script suffices.
var scriptFonts = map[string][2]fyne.Resource{
	"Arab": {bundledFont("NotoSansArabic-Regular.ttf"), bundledFont("NotoSansArabic-Bold.ttf")},
	"Ethi": {bundledFont("NotoSansEthiopic-Regular.ttf"), bundledFont("NotoSansEthiopic-Bold.ttf")},
}

// bundledFont is a font of the app's assets, read when it is first drawn
// with (or its character map first read), not at start: a reader of Arabic
// never needs the Ethiopic fonts, nor a reader of Tigrinya the Arabic ones
// (each about 250–350 KB, copied out of the binary when read).
func bundledFont(name string) fyne.Resource { return &lazyFont{name: name} }

type lazyFont struct {
	name string
	once sync.Once
	data []byte
}

func (f *lazyFont) Name() string { return f.name }

func (f *lazyFont) Content() []byte {
	f.once.Do(func() { f.data = assets.Font(f.name) })
	return f.data
}

// ScriptOf is the script a language is written in ("Arab", "Ethi", "Latn"…).
func ScriptOf(lang string) string {
	t, err := language.Parse(lang)
	if err != nil {
		return "Latn"
	}
	s, _ := t.Script()
	return s.String()
}

// Theme is Fyne's default theme with a script font and the reader's
// text size.
//
// The window's theme uses the font of the screen's main script: Ethiopic
// when the reader (or, on phrasebook screens, the patient) reads Tigrinya,
// Arabic otherwise, since Fyne falls back to its own font for Latin and
// Cyrillic. Text in another script gets a ThemeOverride. Overrides are a
// last resort: Fyne does not apply them to the lines a RichText creates when
// it re-wraps, which then fall back to the window font (boxes for Ethiopic,
// undotted letters for Arabic). See docs/decisions.md.
type Theme struct {
	// Script is the script of the window font ("Arab", "Ethi").
	Script string
	// HighContrast is white on black, yellow for what can be tapped.
	HighContrast bool
	base         fyne.Theme
	scale        float32
}

// Scale is the factor the theme applies to Fyne's text sizes.
func (t *Theme) Scale() float32 { return t.scale }

// NewTheme is the theme for a window whose text is mostly in script, at
// scale times Fyne's text sizes.
func NewTheme(script string, scale float32) *Theme {
	return &Theme{base: theme.DefaultTheme(), Script: script, scale: scale}
}

// WithScript is a copy of the theme with the font of script, for a
// ThemeOverride around text in another script.
func (t *Theme) WithScript(script string) *Theme {
	c := *t
	c.Script = script
	return &c
}

// RegionScript is the script whose font surrounds text in language lang:
// Ethiopic for Ethiopic-script languages, the window's Arabic otherwise.
func RegionScript(lang string) string {
	if ScriptOf(lang) == "Ethi" {
		return "Ethi"
	}
	return "Arab"
}

func (t *Theme) Color(n fyne.ThemeColorName, v fyne.ThemeVariant) color.Color {
	if t.HighContrast {
		if c, ok := highContrast[n]; ok {
			return c
		}
	}
	return t.base.Color(n, v)
}

// highContrast is white on black, with yellow for everything that can be
// tapped: the contrast ratios are above 15:1 (WCAG AAA asks for 7:1).
var highContrast = map[fyne.ThemeColorName]color.Color{
	theme.ColorNameBackground:          color.Black,
	theme.ColorNameForeground:          color.White,
	theme.ColorNameButton:              color.NRGBA{0x1a, 0x1a, 0x1a, 0xff},
	theme.ColorNameInputBackground:     color.NRGBA{0x1a, 0x1a, 0x1a, 0xff},
	theme.ColorNameInputBorder:         color.White,
	theme.ColorNamePrimary:             color.NRGBA{0xff, 0xd6, 0x00, 0xff},
	theme.ColorNameForegroundOnPrimary: color.Black,
	theme.ColorNameHyperlink:           color.NRGBA{0xff, 0xd6, 0x00, 0xff},
	theme.ColorNameFocus:               color.NRGBA{0xff, 0xd6, 0x00, 0x66},
	theme.ColorNameHover:               color.NRGBA{0xff, 0xff, 0xff, 0x33},
	theme.ColorNameSeparator:           color.White,
	theme.ColorNamePlaceHolder:         color.NRGBA{0xdd, 0xdd, 0xdd, 0xff},
	theme.ColorNameDisabled:            color.NRGBA{0xbb, 0xbb, 0xbb, 0xff},
	theme.ColorNameError:               color.NRGBA{0xff, 0x6b, 0x6b, 0xff},
	theme.ColorNameForegroundOnError:   color.Black,
	theme.ColorNameWarning:             color.NRGBA{0xff, 0xa5, 0x00, 0xff},
	theme.ColorNameForegroundOnWarning: color.Black,
	theme.ColorNameShadow:              color.Transparent,
}

func (t *Theme) Font(s fyne.TextStyle) fyne.Resource {
	fonts, ok := scriptFonts[t.Script]
	if !ok || s.Monospace || s.Symbol {
		return t.base.Font(s)
	}
	if s.Bold {
		return fonts[1]
	}
	return fonts[0]
}

func (t *Theme) Icon(n fyne.ThemeIconName) fyne.Resource { return t.base.Icon(n) }

// SizeNamePatient is the size of a phrase shown to a patient: twice the
// body text, so it reads at arm's length.
const SizeNamePatient fyne.ThemeSizeName = "safarPatientText"

func (t *Theme) Size(n fyne.ThemeSizeName) float32 {
	if n == SizeNamePatient {
		return 2 * t.base.Size(theme.SizeNameText) * t.scale
	}
	v := t.base.Size(n)
	if n == theme.SizeNameInnerPadding {
		// Fyne's buttons and fields are 45.6 dp high with its padding of 8;
		// 9.5 makes them at least 48 dp, the smallest touch target.
		return max(v, 9.5)
	}
	switch n {
	case theme.SizeNameText, theme.SizeNameHeadingText, theme.SizeNameSubHeadingText,
		theme.SizeNameCaptionText, theme.SizeNameInlineIcon:
		return v * t.scale
	}
	return v
}
