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
// The window's theme uses the font of the screen's main script: Ethiopic
// when the reader (or, on phrasebook screens, the patient) reads Tigrinya,
// Arabic otherwise, since Fyne falls back to its own font for Latin and
// Cyrillic. Text in another script gets a ThemeOverride. Overrides are a
// last resort: Fyne does not apply them to the lines a RichText creates when
// it re-wraps, which then fall back to the window font (boxes for Ethiopic,
// undotted letters for Arabic). See docs/decisions.md.
type safarTheme struct {
	base         fyne.Theme
	script       string
	scale        float32
	highContrast bool
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
	if t.highContrast {
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

// sizeNamePatient is the size of a phrase shown to a patient: twice the
// body text, so it reads at arm's length.
const sizeNamePatient fyne.ThemeSizeName = "safarPatientText"

func (t *safarTheme) Size(n fyne.ThemeSizeName) float32 {
	if n == sizeNamePatient {
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
