package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

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
)

// para renders plain text s written in lang.
func (a *App) para(s, lang string, role textRole) fyne.CanvasObject {
	seg := &widget.TextSegment{Text: s, Style: widget.RichTextStyleParagraph}
	switch role {
	case roleTitle:
		seg.Style = widget.RichTextStyleHeading
	case roleHeading:
		seg.Style = widget.RichTextStyleSubHeading
	case roleStrong:
		seg.Style = widget.RichTextStyleStrong
	case roleSmall:
		seg.Style.SizeName = theme.SizeNameCaptionText
	}
	rt := widget.NewRichText(seg)
	rt.Wrapping = fyne.TextWrapWord
	return a.inScript(a.aligned(rt, lang), lang)
}

// ui renders a UI string in the reader's language.
func (a *App) ui(s string, role textRole) fyne.CanvasObject { return a.para(s, a.loc.Tag(), role) }

// markdown renders an article body written in lang.
func (a *App) markdown(md, lang string) fyne.CanvasObject {
	rt := widget.NewRichTextFromMarkdown(md)
	rt.Wrapping = fyne.TextWrapWord
	return a.inScript(a.aligned(rt, lang), lang)
}

// aligned sets every paragraph of rt to the side its language starts from.
func (a *App) aligned(rt *widget.RichText, lang string) *widget.RichText {
	if !locales.RightToLeft(lang) {
		return rt
	}
	var walk func([]widget.RichTextSegment)
	walk = func(segs []widget.RichTextSegment) {
		for _, s := range segs {
			switch s := s.(type) {
			case *widget.TextSegment:
				s.Style.Alignment = fyne.TextAlignTrailing
			case *widget.HyperlinkSegment:
				s.Alignment = fyne.TextAlignTrailing
			case *widget.ParagraphSegment:
				walk(s.Texts)
			case *widget.ListSegment:
				walk(s.Items)
			}
		}
	}
	walk(rt.Segments)
	return rt
}

// inScript gives text the font of its script when the font around it lacks it.
func (a *App) inScript(o fyne.CanvasObject, lang string) fyne.CanvasObject {
	if s := regionScript(lang); s != regionScript(a.loc.Tag()) {
		return container.NewThemeOverride(o, a.themeFor(s))
	}
	return o
}

func (a *App) themeFor(script string) fyne.Theme {
	t := *a.theme
	t.script = script
	return &t
}
