package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"safar.app/safar/content"
)

// topic is a home-screen tile: a group of kinds under one name.
type topic struct {
	message string
	icon    fyne.Resource
	kinds   []content.Kind
}

var topics = []topic{
	{"TopicEntry", theme.DocumentIcon(), []content.Kind{content.KindEntry}},
	{"TopicRisk", theme.WarningIcon(), []content.Kind{content.KindRisk}},
	{"TopicServices", theme.HomeIcon(), []content.Kind{content.KindService, content.KindProgramme}},
	{"TopicRights", theme.ConfirmIcon(), []content.Kind{content.KindRights}},
	{"TopicHealth", theme.ContentAddIcon(), []content.Kind{content.KindHealth}},
	{"TopicLiving", theme.InfoIcon(), []content.Kind{content.KindLiving, content.KindStory}},
}

func (a *App) homeScreen() screen {
	return screen{
		title: func() string {
			name, _ := a.content.CountryName(a.settings.Country, a.chain())
			return a.loc.T("AppName") + " · " + name
		},
		body: func() fyne.CanvasObject {
			search := widget.NewEntry()
			search.SetPlaceHolder(a.loc.T("SearchPlaceholder"))
			search.OnSubmitted = func(q string) { a.push(a.searchScreen(q)) }
			go_ := widget.NewButtonWithIcon(a.loc.T("Search"), theme.SearchIcon(), func() { a.push(a.searchScreen(search.Text)) })
			searchRow := container.NewBorder(nil, nil, nil, go_, search)
			if a.rtl() {
				searchRow = container.NewBorder(nil, nil, go_, nil, search)
			}
			counts, err := a.content.KindCounts(a.settings.Country)
			if err != nil {
				return a.errorText(err)
			}
			tiles := container.NewGridWithColumns(2)
			for _, tp := range topics {
				n := 0
				for _, k := range tp.kinds {
					n += counts[k]
				}
				// A card, not a button: topic names wrap at phone width.
				name := a.loc.T(tp.message)
				tiles.Add(newCard(name, vbox(widget.NewIcon(tp.icon), a.ui(name, roleStrong),
					a.ui(a.loc.N("ItemCount", n), roleSmall)), func() { a.push(a.topicScreen(tp)) }))
			}
			return vbox(searchRow, tiles)
		},
	}
}
