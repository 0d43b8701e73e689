package app

import (
	"sort"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"safar.app/safar/app/text"
	"safar.app/safar/content"
	"safar.app/safar/content/phone"
	"safar.app/safar/content/store"
	"safar.app/safar/userdata"
	"safar.app/safar/userdata/whatsnew"
)

// What changed: every install over earlier content leaves a record in
// content.db (store.ChangeSets); the app copies it into user.db, which
// outlives content.db, at start and after every sync or import. Home
// shows "What's new" for the reader's countries and stage until they have
// looked; an automatic sync that changes their country's guidance posts a
// notification that names the country and nothing else.

// recordChanges copies content.db's record of what installs changed into
// user.db and returns the changes that were new there (whatsnew.Record,
// the step the sync attack tests also run). It is safe to call any number
// of times, from any goroutine.
func (a *App) recordChanges() ([]userdata.Change, error) {
	return whatsnew.Record(a.user, a.content)
}

// readerCountries are the countries whose changes concern the reader:
// where they are going, and the one they leave, if they named it.
func (a *App) readerCountries() []string {
	var cs []string
	for _, c := range []string{a.settings.Country, a.settings.Origin} {
		if c != "" {
			cs = append(cs, c)
		}
	}
	return cs
}

// afterSync records what a sync or import changed, and, for an automatic
// sync, tells the reader when their countries' guidance changed. It runs
// on the sync's goroutine.
func (a *App) afterSync(automatic bool) {
	fresh, err := a.recordChanges()
	if err != nil {
		fyne.LogError("record what the update changed", err)
	}
	if !automatic {
		return
	}
	changed := map[string]bool{}
	for _, c := range fresh {
		changed[c.Country] = true
	}
	if len(changed) == 0 {
		return
	}
	// The reader's settings and language are read on the UI goroutine.
	fyne.Do(func() {
		for _, country := range a.readerCountries() {
			if !changed[country] {
				continue
			}
			name, _ := a.content.CountryName(country, a.chain())
			a.fyne.SendNotification(fyne.NewNotification(a.loc.T("UpdatedGuidanceFor", "Country", name), ""))
		}
	})
}

// whatsNew is what home shows of saved pages and of what changed: the
// "What's new" card while there are changes the reader has not looked at,
// and the card that leads to Saved.
func (a *App) whatsNew() fyne.CanvasObject {
	return vbox(a.whatsNewCard(), a.savedCard())
}

// whatsNewCard leads to the What's new screen with how many changes wait,
// or is nil when there are none.
func (a *App) whatsNewCard() fyne.CanvasObject {
	cs, err := a.user.Changes(a.readerCountries(), a.settings.Stage)
	if err != nil {
		return a.errorText(err)
	}
	n := userdata.Unseen(cs)
	if n == 0 {
		return nil
	}
	title := a.loc.T("WhatsNewTitle")
	icon := widget.NewIcon(theme.InfoIcon())
	head := container.NewBorder(nil, nil, icon, nil, a.ui(title, text.Strong))
	if a.rtl() {
		head = container.NewBorder(nil, nil, nil, icon, a.ui(title, text.Strong))
	}
	return text.NewCard(title, vbox(head, a.ui(a.loc.N("WhatsNewCount", n), text.Small)), func() { a.push(a.whatsNewScreen()) })
}

// whatsNewScreen lists what changed for the reader's countries and stage:
// the changes they have not looked at, or else those of the last update,
// grouped by update; in each a changed number comes first, old and new
// side by side. Opening it counts as having looked.
func (a *App) whatsNewScreen() screen {
	all, err := a.user.Changes(a.readerCountries(), a.settings.Stage)
	shown := all[:0:0]
	for _, c := range all {
		if !c.Seen {
			shown = append(shown, c)
		}
	}
	if len(shown) == 0 {
		for _, c := range all {
			if c.InstalledAt.Equal(all[0].InstalledAt) {
				shown = append(shown, c)
			}
		}
	}
	if err == nil {
		if err := a.user.MarkChangesSeen(shown, a.now()); err != nil {
			fyne.LogError("record that the reader looked at what changed", err)
		}
	}
	return screen{
		title: func() string { return a.loc.T("WhatsNewTitle") },
		body: func() fyne.CanvasObject {
			if err != nil {
				return a.errorText(err)
			}
			if len(shown) == 0 {
				return a.ui(a.loc.T("WhatsNewEmpty"), text.Body)
			}
			box := container.NewVBox()
			for i, c := range shown {
				if i == 0 || !c.InstalledAt.Equal(shown[i-1].InstalledAt) {
					box.Add(a.ui(a.loc.T("WhatsNewUpdateOf", "Date", a.day(content.DateOf(c.InstalledAt.Local()))), text.Heading))
				}
				box.Add(a.changeEntry(c))
			}
			return box
		},
	}
}

var changeMessages = map[string]string{
	userdata.ChangeAdded:   "ChangeAdded",
	userdata.ChangeChanged: "ChangeChanged",
	userdata.ChangeRemoved: "ChangeRemoved",
}

// changeEntry is one changed item: its title, what happened, and for a
// changed number the old and the new side by side.
func (a *App) changeEntry(c userdata.Change) fyne.CanvasObject {
	lang := content.Pick(keys(c.Titles), a.chain(), "en")
	title := c.Titles[lang]
	if title == "" {
		title, lang = c.ItemID, "en"
	}
	what := a.loc.T(changeMessages[c.What])
	if c.Type == store.TypeHotline && c.Kind != "" {
		what = a.loc.T(purposeMessages[content.Purpose(c.Kind)]) + " · " + what
	}
	parts := []fyne.CanvasObject{a.para(title, lang, text.Strong), a.ui(what, text.Small)}
	if c.NumberChanged() {
		// The old number is shown, never offered to call. Each number is
		// a left-to-right island (LRI … PDI) in the reader's paragraph, so
		// that it sits under its label in right-to-left languages too.
		island := func(n string) string { return "\u2066" + phone.Display(n) + "\u2069" }
		before := text.Plain(island(c.OldNumber), a.loc.Tag(), text.Title, nil)
		now := a.para(island(c.NewNumber), a.loc.Tag(), text.Title)
		parts = append(parts, a.warning(a.loc.T("NumberChanged")),
			a.grid(2, vbox(a.ui(a.loc.T("NumberBefore"), text.Small), before),
				vbox(a.ui(a.loc.T("NumberNow"), text.Small), now)))
		if c.NewNumber != "" {
			parts = append(parts, a.callButton(c.NewNumber))
		}
	}
	body := vbox(parts...)
	if c.What == userdata.ChangeRemoved {
		return container.NewPadded(body)
	}
	var open func()
	switch c.Type {
	case store.TypeItem:
		open = func() { a.push(a.articleScreen(c.ItemID)) }
	case store.TypeService:
		open = func() { a.push(a.serviceScreen(c.ItemID)) }
	case store.TypeHotline:
		open = func() { a.push(a.emergencyScreenOf(c.Country)) }
	}
	return text.NewCard(title, body, open)
}

// keys are m's keys in order, so that the language picked is always the same.
func keys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
