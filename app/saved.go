package app

import (
	"errors"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"safar.app/safar/app/text"
	"safar.app/safar/content"
	"safar.app/safar/content/store"
	"safar.app/safar/userdata"
)

// Saved pages: a Save control on every article, service and hotline, and
// the Saved screen. An entry keeps the title the reader saw, so that it
// still reads when an update removes the item (the update's record marks
// it, see whatsnew.go).

// saveToggle saves e or forgets it; it shows which it is, and why not
// when user.db refused.
func (a *App) saveToggle(e userdata.Saved) fyne.CanvasObject {
	box := container.NewStack()
	var draw func(failed error)
	draw = func(failed error) {
		saved, err := a.user.IsSaved(e.Type, e.ID)
		if err != nil && failed == nil {
			failed = err
		}
		label, icon := a.loc.T("SaveItem"), theme.ContentAddIcon()
		if saved {
			label, icon = a.loc.T("SavedItem"), theme.ConfirmIcon()
		}
		b := a.button(label, icon, func() {
			var err error
			if saved {
				err = a.user.Unsave(e.Type, e.ID)
			} else {
				e.Added = a.now()
				err = a.user.Save(e)
			}
			draw(err)
		})
		if a.user.ReadOnly() {
			b.Disable()
		}
		var shown fyne.CanvasObject = b
		if failed != nil {
			shown = vbox(a.errorText(failed), b)
		}
		box.Objects = []fyne.CanvasObject{shown}
		box.Refresh()
	}
	draw(nil)
	return box
}

// savedItem, savedService and savedHotline are what Save keeps of each.
func (a *App) savedItem(art store.Article, country string) userdata.Saved {
	return userdata.Saved{Type: store.TypeItem, ID: art.ID, Country: country, Kind: string(art.Kind), Title: art.Title, Lang: art.Lang}
}

func (a *App) savedService(sv store.Service, country string) userdata.Saved {
	return userdata.Saved{Type: store.TypeService, ID: sv.ID, Country: country, Kind: string(sv.Kind), Title: sv.Name, Lang: sv.Lang}
}

func (a *App) savedHotline(h store.Hotline, country string) userdata.Saved {
	return userdata.Saved{Type: store.TypeHotline, ID: h.ID, Country: country, Kind: string(h.Purpose), Title: h.Label, Lang: h.Lang}
}

// savedResult is what Save keeps of a hotline or service found by search.
func (a *App) savedResult(r store.Result) userdata.Saved {
	country, _, _ := strings.Cut(r.ID, "-")
	return userdata.Saved{Type: r.Type, ID: r.ID, Country: country, Kind: string(r.Kind), Title: r.Title, Lang: r.Lang}
}

// current is a saved entry as the content has it now: its title in the
// reader's language and the screen that shows it; ok is false when the
// content no longer has it.
func (a *App) current(e userdata.Saved) (title, lang string, open func(), ok bool, err error) {
	switch e.Type {
	case store.TypeItem:
		art, err := a.content.Article(e.ID, a.chain())
		if errors.Is(err, store.ErrNotFound) {
			return "", "", nil, false, nil
		}
		if err != nil {
			return "", "", nil, false, err
		}
		return art.Title, art.Lang, func() { a.push(a.articleScreen(e.ID)) }, true, nil
	case store.TypeService:
		services, err := a.content.Services(e.Country, []content.Kind{content.KindService, content.KindProgramme}, a.chain())
		if err != nil {
			return "", "", nil, false, err
		}
		for _, sv := range services {
			if sv.ID == e.ID {
				return sv.Name, sv.Lang, func() { a.push(a.serviceScreen(e.ID)) }, true, nil
			}
		}
	case store.TypeHotline:
		lines, err := a.content.Hotlines(e.Country, a.chain())
		if err != nil {
			return "", "", nil, false, err
		}
		for _, h := range lines {
			if h.ID == e.ID {
				return h.Label, h.Lang, func() { a.push(a.emergencyScreenOf(e.Country)) }, true, nil
			}
		}
	}
	return "", "", nil, false, nil
}

// savedKindMessages name each kind of saved entry.
var savedKindMessages = map[string]string{
	store.TypeItem:    "SavedKindArticle",
	store.TypeService: "SavedKindService",
	store.TypeHotline: "SavedKindHotline",
}

// savedScreen lists what the reader saved, newest first. An entry whose
// item an update removed says so and keeps its title; it can be
// forgotten, not opened.
func (a *App) savedScreen() screen {
	return screen{
		title: func() string { return a.loc.T("SavedTitle") },
		body: func() fyne.CanvasObject {
			entries, err := a.user.SavedEntries()
			if err != nil {
				return a.errorText(err)
			}
			if len(entries) == 0 {
				return a.ui(a.loc.T("SavedEmpty"), text.Body)
			}
			box := container.NewVBox()
			for _, e := range entries {
				box.Add(a.savedEntry(e))
			}
			return box
		},
	}
}

// savedEntry is one saved page in the list.
func (a *App) savedEntry(e userdata.Saved) fyne.CanvasObject {
	title, lang, open, ok, err := a.current(e)
	if err != nil {
		return a.errorText(err)
	}
	kind := a.ui(a.loc.T(savedKindMessages[e.Type]), text.Small)
	var forget *text.Button
	problem := container.NewStack()
	forget = a.button(a.loc.T("RemoveFromSaved"), theme.DeleteIcon(), func() {
		if err := a.user.Unsave(e.Type, e.ID); err != nil {
			problem.Objects = []fyne.CanvasObject{a.errorText(err)}
			problem.Refresh()
			return
		}
		a.show()
	})
	forget.Importance = widget.LowImportance
	if a.user.ReadOnly() {
		forget.Disable()
	}
	if ok {
		card := text.NewCard(title, vbox(a.para(title, lang, text.Strong), kind), open)
		return vbox(card, problem, forget)
	}
	// Gone from the content: the title as it was saved, and why.
	if e.Title == "" {
		title, lang = e.ID, "en" // saved before titles were kept
	} else {
		title, lang = e.Title, e.Lang
	}
	why := a.loc.T("SavedGone")
	if e.RemovedOn != "" {
		if d, err := time.Parse(time.DateOnly, e.RemovedOn); err == nil {
			why = a.loc.T("SavedRemovedByUpdate", "Date", a.day(content.DateOf(d)))
		}
	}
	return container.NewPadded(vbox(a.para(title, lang, text.Strong), kind, a.warning(why), problem, forget))
}

// savedCard leads from home to the Saved screen, with how many there are.
func (a *App) savedCard() fyne.CanvasObject {
	entries, err := a.user.SavedEntries()
	if err != nil {
		return a.errorText(err)
	}
	title := a.loc.T("SavedTitle")
	return text.NewCard(title, vbox(a.ui(title, text.Strong), a.ui(a.loc.N("SavedCount", len(entries)), text.Small)),
		func() { a.push(a.savedScreen()) })
}
