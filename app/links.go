package app

import (
	"errors"
	"net/url"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"safar.app/safar/app/text"
	"safar.app/safar/content"
	"safar.app/safar/content/phone"
	"safar.app/safar/content/store"
)

// openURL follows a link the reader tapped: safar:<id> opens the item
// inside Safar, in the reader's language, above the screen they are on
// (Back returns there); tel: calls; a web address opens the browser.
func (a *App) openURL(raw string) {
	switch {
	case strings.HasPrefix(raw, "safar:"):
		a.openItem(strings.TrimPrefix(raw, "safar:"))
	case strings.HasPrefix(raw, "tel:"):
		a.call(strings.TrimPrefix(raw, "tel:"))
	default:
		a.openWeb(raw)
	}
}

// openItem opens an article or a service by id, or says the pack on this
// device does not have it.
func (a *App) openItem(id string) {
	_, err := a.content.Article(id, a.chain())
	switch {
	case err == nil:
		a.push(a.articleScreen(id))
	case errors.Is(err, store.ErrNotFound) && a.hasService(id):
		a.push(a.serviceScreen(id))
	case errors.Is(err, store.ErrNotFound):
		a.push(a.noticeScreen("AppName", func() fyne.CanvasObject { return a.warning(a.loc.T("LinkMissing")) }))
	default:
		a.push(a.noticeScreen("AppName", func() fyne.CanvasObject { return a.errorText(err) }))
	}
}

// hasService reports whether the pack lists a service with id.
func (a *App) hasService(id string) bool {
	country, _, _ := strings.Cut(id, "-")
	services, err := a.content.Services(country, []content.Kind{content.KindService, content.KindProgramme}, a.chain())
	if err != nil {
		return false
	}
	for _, sv := range services {
		if sv.ID == id {
			return true
		}
	}
	return false
}

// openWeb opens a web address in the browser; on a device without one it
// shows the address, large enough to copy by hand, with a Copy button.
func (a *App) openWeb(raw string) {
	u, err := url.Parse(raw)
	if err == nil {
		if err = a.openExternal(u); err == nil {
			return
		}
	}
	fyne.LogError("open "+raw, err)
	a.push(a.noticeScreen("WebAddress", func() fyne.CanvasObject {
		return vbox(a.ui(a.loc.T("LinkNoBrowser"), text.Body),
			text.Plain(raw, "en", text.Heading, nil), // an address reads left to right; no link to itself
			a.copyButton(raw))
	}))
}

// call dials number on a phone. A computer cannot dial: it shows the
// number large, to call from a phone, with a Copy button.
func (a *App) call(number string) {
	if a.canDial {
		if u, err := url.Parse(phone.Dial(number)); err == nil && a.openExternal(u) == nil {
			return
		}
	}
	shown := phone.Display(number)
	s := a.noticeScreen("", func() fyne.CanvasObject {
		return vbox(a.ui(a.loc.T("CallNoPhone"), text.Body),
			text.Plain(shown, "en", text.Patient, nil), // large, and no link back to this screen
			a.copyButton(shown))
	})
	s.title = func() string { return a.loc.T("Call", "Number", shown) }
	a.push(s)
}

// copyButton puts s on the clipboard and says so on itself.
func (a *App) copyButton(s string) fyne.CanvasObject {
	var b *text.Button
	b = a.button(a.loc.T("CopyText"), theme.ContentCopyIcon(), func() {
		a.fyne.Clipboard().SetContent(s)
		b.SetText(a.loc.T("CopiedText"))
	})
	b.Importance = widget.HighImportance
	return b
}

// noticeScreen is a small screen of its own: a title (a message id) and
// what it says, built anew in the reader's language each time it is shown.
func (a *App) noticeScreen(title string, body func() fyne.CanvasObject) screen {
	return screen{title: func() string { return a.loc.T(title) }, body: func() fyne.CanvasObject { return vbox(body()) }}
}
