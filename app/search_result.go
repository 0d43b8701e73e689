package app

import (
	"fyne.io/fyne/v2"

	"safar.app/safar/app/text"
	"safar.app/safar/content/store"
	"safar.app/safar/locales"
)

// searchResultCard shows one search hit as what it is: an article, a
// number to call, a service or programme, a phrase, or a place. Each card
// opens what it names; a number can be called from the card itself.
func (a *App) searchResultCard(r store.Result) fyne.CanvasObject {
	var other fyne.CanvasObject
	if r.OtherLanguage {
		other = a.ui(a.loc.T("ShownInOtherLanguage", "Language", locales.NameOf(r.Lang)), text.Small)
	}
	switch r.Type {
	case store.TypeHotline:
		body := vbox(a.para(r.Title, r.Lang, text.Strong), a.callButton(r.Detail), a.para(r.Summary, r.Lang, text.Body), other,
			a.saveToggle(a.savedResult(r)))
		return text.NewCard(r.Title, body, func() { a.push(a.emergencyScreen()) })
	case store.TypeService:
		body := vbox(a.para(r.Title, r.Lang, text.Strong), a.para(r.Summary, r.Lang, text.Body), other,
			a.saveToggle(a.savedResult(r)))
		return text.NewCard(r.Title, body, func() { a.push(a.serviceScreen(r.ID)) })
	case store.TypePhrase:
		body := vbox(a.para(r.Title, r.Lang, text.Strong), other)
		return text.NewCard(r.Title, body, func() { a.push(a.book.listScreen(r.Detail, "")) })
	case store.TypePlace:
		// A place names where content is; it is shown, and opens nothing.
		return vbox(a.para(r.Title, r.Lang, text.Strong), a.para(r.Summary, r.Lang, text.Small))
	}
	return a.itemCard(r.ItemSummary)
}
