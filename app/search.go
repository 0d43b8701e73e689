package app

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"safar.app/safar/app/text"
	"safar.app/safar/content/store"
)

// searchLimit caps results: a reader on a phone looks at the first few.
const searchLimit = 50

// searchPause is how long typing must rest before a search runs: a
// keystroke never waits on SQLite, and a fast typist starts one search,
// not one a letter.
const searchPause = 250 * time.Millisecond

// search is the search screen: the reader's country in every language,
// results following their typing.
type search struct {
	a       *App
	query   string
	seq     uint64 // numbers each query typed; results of an older one are dropped
	stop    func() // cancels the pending search, if any
	results *fyne.Container
}

func (a *App) searchScreen(initial string) screen {
	s := &search{a: a, query: initial}
	return screen{
		title: func() string { return a.loc.T("Search") },
		body:  s.body,
	}
}

func (s *search) body() fyne.CanvasObject {
	a := s.a
	s.results = container.NewVBox()
	entry := widget.NewEntry()
	entry.SetPlaceHolder(a.loc.T("SearchPlaceholder"))
	entry.SetText(s.query)
	// The query the screen opens with is searched at once: it is no
	// keystroke. Each change after it waits for a pause in typing.
	s.seq++
	found, err := a.content.Search(s.query, a.settings.Country, a.chain(), searchLimit)
	s.show(s.query, found, err)
	entry.OnChanged = s.typed // results follow typing; Enter needs no second search
	icon := widget.NewIcon(theme.SearchIcon())
	row := container.NewBorder(nil, nil, icon, nil, entry)
	if a.rtl() {
		row = container.NewBorder(nil, nil, nil, icon, entry)
	}
	return vbox(row, s.results)
}

// typed schedules a search for q after a pause; the one pending for an
// earlier text is cancelled, and the results of one already running are
// dropped when they arrive.
func (s *search) typed(q string) {
	s.query = q
	s.seq++
	n := s.seq
	if s.stop != nil {
		s.stop()
	}
	country, chain := s.a.settings.Country, s.a.chain()
	s.stop = s.a.after(searchPause, func() {
		// Off the UI thread: only SQLite here, widgets in s.show.
		found, err := s.a.content.Search(q, country, chain, searchLimit)
		fyne.Do(func() {
			if n != s.seq {
				return // a newer query was typed meanwhile
			}
			s.show(q, found, err)
		})
	})
}

// show puts the results for q on screen.
func (s *search) show(q string, found []store.Result, err error) {
	a := s.a
	var out []fyne.CanvasObject
	switch {
	case err != nil:
		out = []fyne.CanvasObject{a.errorText(err)}
	case len(found) == 0 && q != "":
		out = []fyne.CanvasObject{a.ui(a.loc.T("SearchNoResults", "Query", q), text.Body)}
	case len(found) > 0:
		out = []fyne.CanvasObject{a.ui(a.loc.N("SearchResultCount", len(found)), text.Small)}
		for _, r := range found {
			out = append(out, a.searchResultCard(r))
		}
	}
	s.results.Objects = out
	s.results.Refresh()
}
