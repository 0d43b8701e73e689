package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"safar.app/safar/app/text"
)

// All text Safar shows goes through the text engine (app/text), so that
// right-to-left layout, script fonts and text size are handled in one
// place. These helpers bind it to the app: the reader's language, links
// opened by the platform, the window theme.

// para renders plain text s written in lang through Safar's paragraph
// component: bidi runs, wrapping, script fonts, tappable numbers and links.
func (a *App) para(s, lang string, role text.Role) fyne.CanvasObject {
	return text.Plain(s, lang, role, a.openURL)
}

// ui renders a UI string in the reader's language.
func (a *App) ui(s string, role text.Role) fyne.CanvasObject { return a.para(s, a.loc.Tag(), role) }

// markdown renders an article body written in lang.
func (a *App) markdown(md, lang string) fyne.CanvasObject {
	return text.Markdown(md, lang, a.openURL)
}

// button is a text.Button labelled in the reader's language.
func (a *App) button(label string, icon fyne.Resource, tap func()) *text.Button {
	return text.NewButton(label, a.loc.Tag(), icon, tap)
}

// buttonIn is a text.Button labelled in language lang.
func (a *App) buttonIn(label, lang string, icon fyne.Resource, tap func()) *text.Button {
	return text.NewButton(label, lang, icon, tap)
}

// inScript gives text the font of its script when the font around it lacks it.
func (a *App) inScript(o fyne.CanvasObject, lang string) fyne.CanvasObject {
	if s := text.RegionScript(lang); s != text.RegionScript(a.loc.Tag()) {
		return container.NewThemeOverride(o, a.theme.WithScript(s))
	}
	return o
}

// link is a web address as a tappable paragraph: it wraps, or breaks
// between letters when it alone is wider than the screen, where Fyne's
// hyperlink would widen the screen past its edge.
func (a *App) link(url string) fyne.CanvasObject {
	return text.NewParagraph([]text.Span{{Text: url, Link: url}}, a.loc.Tag(), text.Body, a.openURL)
}

// titled is a screen's header, kept to one line, and its body, which opens
// with the whole title whenever the header is cut short (unless the body
// already starts with it, as an article does). The title is written in lang.
func (a *App) titled(title, lang string, body fyne.CanvasObject) (header *text.Paragraph, withTitle fyne.CanvasObject) {
	header = text.OneLine(title, lang, text.Heading, a.openURL)
	if firstText(body) == title {
		return header, body
	}
	full := text.Plain(title, lang, text.Title, a.openURL)
	full.Hide()
	header.OnTruncated = func(cut bool) {
		if cut {
			full.Show()
		} else {
			full.Hide()
		}
	}
	return header, container.NewVBox(full, body)
}

// firstText is the text of the first paragraph in o's containers.
func firstText(o fyne.CanvasObject) string {
	switch v := o.(type) {
	case *text.Paragraph:
		return v.Text()
	case *fyne.Container:
		for _, c := range v.Objects {
			if c != nil && c.Visible() {
				if s := firstText(c); s != "" {
					return s
				}
				if _, ok := c.(*fyne.Container); !ok {
					return ""
				}
			}
		}
	}
	return ""
}
