package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"safar.app/safar/app/text"
)

// searchLimit caps results: a reader on a phone looks at the first few.
const searchLimit = 50

// searchScreen searches the reader's country in every language. Results
// update as the reader types.
func (a *App) searchScreen(initial string) screen {
	query := initial
	return screen{
		title: func() string { return a.loc.T("Search") },
		body: func() fyne.CanvasObject {
			results := container.NewVBox()
			entry := widget.NewEntry()
			entry.SetPlaceHolder(a.loc.T("SearchPlaceholder"))
			entry.SetText(query)
			run := func(q string) {
				query = q
				results.Objects = a.searchResults(q)
				results.Refresh()
			}
			entry.OnChanged = run // results follow typing; Enter needs no second search
			run(query)
			icon := widget.NewIcon(theme.SearchIcon())
			row := container.NewBorder(nil, nil, icon, nil, entry)
			if a.rtl() {
				row = container.NewBorder(nil, nil, nil, icon, entry)
			}
			return vbox(row, results)
		},
	}
}

func (a *App) searchResults(q string) []fyne.CanvasObject {
	found, err := a.content.Search(q, a.settings.Country, a.chain(), searchLimit)
	if err != nil {
		return []fyne.CanvasObject{a.errorText(err)}
	}
	if len(found) == 0 {
		if q == "" {
			return nil
		}
		return []fyne.CanvasObject{a.ui(a.loc.T("SearchNoResults", "Query", q), text.Body)}
	}
	out := []fyne.CanvasObject{a.ui(a.loc.N("SearchResultCount", len(found)), text.Small)}
	for _, r := range found {
		out = append(out, a.itemCard(r.ItemSummary))
	}
	return out
}
