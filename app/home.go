package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"safar.app/safar/app/text"
	"safar.app/safar/content"
)

// topic is a home-screen tile: a group of kinds under one name.
type topic struct {
	message string
	icon    fyne.ThemeIconName // resolved when drawn: the theme needs a running app
	kinds   []content.Kind
}

var topics = []topic{
	{"TopicEntry", theme.IconNameDocument, []content.Kind{content.KindEntry}},
	{"TopicRisk", theme.IconNameWarning, []content.Kind{content.KindRisk}},
	{"TopicServices", theme.IconNameHome, []content.Kind{content.KindService, content.KindProgramme}},
	{"TopicRights", theme.IconNameConfirm, []content.Kind{content.KindRights}},
	{"TopicHealth", theme.IconNameContentAdd, []content.Kind{content.KindHealth}},
	{"TopicLiving", theme.IconNameInfo, []content.Kind{content.KindLiving}}, // stories: storiesSection
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
			go_ := a.button(a.loc.T("Search"), theme.SearchIcon(), func() { a.push(a.searchScreen(search.Text)) })
			searchRow := container.NewBorder(nil, nil, nil, go_, search)
			if a.rtl() {
				searchRow = container.NewBorder(nil, nil, go_, nil, search)
			}
			counts, err := a.content.KindCounts(a.settings.Country)
			if err != nil {
				return a.errorText(err)
			}
			var tiles []fyne.CanvasObject
			for _, tp := range topics {
				n := 0
				for _, k := range tp.kinds {
					n += counts[k]
				}
				// A card, not a button: topic names wrap at phone width.
				name := a.loc.T(tp.message)
				tiles = append(tiles, text.NewCard(name, vbox(widget.NewIcon(theme.Icon(tp.icon)), a.ui(name, text.Strong),
					a.ui(a.loc.N("ItemCount", n), text.Small)), func() { a.push(a.topicScreen(tp)) }))
			}
			phrases := a.loc.T("Phrasebook")
			book := text.NewCard(phrases, vbox(a.ui(phrases, text.Strong), a.ui(a.loc.T("PhrasebookHint"), text.Small)),
				func() { a.push(a.book.homeScreen()) })
			money := a.loc.T("MoneyTitle")
			trusted := a.loc.T("ContactsTitle")
			tools := a.grid(2,
				text.NewCard(money, a.ui(money, text.Strong), func() { a.push(a.moneyScreen()) }),
				text.NewCard(trusted, a.ui(trusted, text.Strong), func() { a.push(a.contactsScreen(false)) }))
			return vbox(searchRow, a.whatsNew(), a.checklistSection(), a.originTile(), a.grid(2, tiles...), book, a.documentsTile(), tools,
				a.storiesSection(), a.feedbackTile())
		},
	}
}

// originTile leads to the before-departure guidance for the country the
// reader leaves, when they named one and the pack has guidance for it.
func (a *App) originTile() fyne.CanvasObject {
	if a.settings.Origin == "" {
		return nil
	}
	counts, err := a.content.KindCounts(a.settings.Origin)
	if err != nil {
		return a.errorText(err)
	}
	n := 0
	for _, c := range counts {
		n += c
	}
	if n == 0 {
		return nil
	}
	name, _ := a.content.CountryName(a.settings.Origin, a.chain())
	title := a.loc.T("BeforeYouLeave", "Country", name)
	tp := topic{message: "BeforeYouLeave", kinds: content.Kinds}
	return text.NewCard(title, vbox(a.ui(title, text.Strong), a.ui(a.loc.N("ItemCount", n), text.Small)),
		func() { a.push(a.countryTopicScreen(a.settings.Origin, title, tp)) })
}
