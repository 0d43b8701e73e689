package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"safar.app/safar/locales"
)

// All text Safar shows goes through this file, so that right-to-left
// layout, script fonts and text size are handled in one place.

type textRole int

const (
	roleBody textRole = iota
	roleTitle
	roleHeading
	roleStrong
	roleSmall
	rolePatient // a phrase shown to a patient: large
)

// roleStyle is the size and weight of each text role.
func roleStyle(role textRole) (fyne.ThemeSizeName, bool) {
	switch role {
	case roleTitle:
		return theme.SizeNameHeadingText, true
	case roleHeading:
		return theme.SizeNameSubHeadingText, true
	case roleStrong:
		return theme.SizeNameText, true
	case roleSmall:
		return theme.SizeNameCaptionText, false
	case rolePatient:
		return sizeNamePatient, true
	}
	return theme.SizeNameText, false
}

// para renders plain text s written in lang through Safar's paragraph
// component: bidi runs, wrapping, script fonts, tappable numbers and links.
func (a *App) para(s, lang string, role textRole) fyne.CanvasObject {
	size, bold := roleStyle(role)
	return newParagraph([]span{{text: s, bold: bold}}, locales.RightToLeft(lang), size, scriptOf(lang), a.openURL)
}

// ui renders a UI string in the reader's language.
func (a *App) ui(s string, role textRole) fyne.CanvasObject { return a.para(s, a.loc.Tag(), role) }

// markdown renders an article body written in lang.
func (a *App) markdown(md, lang string) fyne.CanvasObject {
	return a.markdownBlocks(md, lang)
}

// inScript marks o as text in lang's script. It used to wrap o in a
// container.ThemeOverride with lang's font; every o it is given now draws
// its text through Safar's paragraph, which names each run's font itself,
// so the override changed nothing on screen. It cost memory without end:
// Fyne caches the fonts of each override under a new key and never drops
// them, so every screen with a language button parsed four fonts (about
// 9 MB) again.
func (a *App) inScript(o fyne.CanvasObject, lang string) fyne.CanvasObject {
	return o
}
