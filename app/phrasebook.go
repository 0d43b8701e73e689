package app

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"safar.app/safar/app/text"
	"safar.app/safar/content"
	"safar.app/safar/content/store"
	"safar.app/safar/locales"
)

// The health phrasebook: a clinician (or a mediator) and a patient with no
// shared language. The clinician reads their own language; the patient sees
// the question large, in their script, and answers without speaking.

var (
	clinicianLangs = []string{"en", "de", "fr", "es", "it", "el", "sv", "nl", "pt"}
	patientLangs   = []string{"ar", "fa", "fa-AF", "ps", "uk", "ru", "tr", "ti", "so",
		"en", "de", "fr", "es", "it", "el", "sv", "nl", "pt"}
)

// exchange is one question and its answer, in the clinician's language.
type exchange struct {
	at       time.Time
	question string
	answer   string
}

// conversation lives in memory only: it is not stored unless the user saves
// it, and ending the conversation clears it.
type conversation struct{ log []exchange }

func (a *App) clinicianLang() string {
	if a.settings.ClinicianLang != "" {
		return a.settings.ClinicianLang
	}
	for _, l := range clinicianLangs {
		if l == a.loc.Tag() {
			return l
		}
	}
	return "en"
}

func (a *App) patientLang() string {
	if a.settings.PatientLang != "" {
		return a.settings.PatientLang
	}
	return "ar"
}

// phraseChains are the language preferences of the two readers.
func (a *App) phraseChains() (clinician, patient []string) {
	return content.LangChain(a.clinicianLang()), content.LangChain(a.patientLang())
}

// patientScript is the script of the patient's language, which the
// phrasebook screens are mostly written in.
func (a *App) patientScript() string { return text.RegionScript(a.patientLang()) }

func (a *App) phrasebookScreen() screen {
	return screen{
		script: a.patientScript,
		title:  func() string { return a.loc.T("Phrasebook") },
		body: func() fyne.CanvasObject {
			clinician, _ := a.phraseChains()
			cats, err := a.content.PhraseCategories(clinician)
			if err != nil {
				return a.errorText(err)
			}
			search := widget.NewEntry()
			search.SetPlaceHolder(a.loc.T("SearchPhrases"))
			search.OnSubmitted = func(q string) { a.push(a.phraseListScreen("", q)) }
			find := a.button(a.loc.T("Search"), theme.SearchIcon(), func() { a.push(a.phraseListScreen("", search.Text)) })
			box := vbox(a.languagePair(), a.row(search, find))
			if n := len(a.talk.log); n > 0 {
				box.Add(a.summaryButton())
			}
			favs, _ := a.user.Favourites()
			if len(favs) > 0 {
				name := a.loc.T("Favourites")
				box.Add(text.NewCard(name, vbox(a.ui(name, text.Strong), a.ui(a.loc.N("PhraseCount", len(favs)), text.Small)),
					func() { a.push(a.phraseListScreen("favourites", "")) }))
			}
			grid := text.NewColumns(2, a.rtl())
			for _, c := range cats {
				grid.Add(text.NewCard(c.Name, vbox(a.para(c.Name, a.clinicianLang(), text.Strong),
					a.ui(a.loc.N("PhraseCount", c.Count), text.Small)),
					func() { a.push(a.phraseListScreen(c.ID, "")) }))
			}
			box.Add(grid)
			return box
		},
	}
}

// row lays out a wide object and a button on one line, mirrored in
// right-to-left languages.
func (a *App) row(wide, button fyne.CanvasObject) fyne.CanvasObject {
	if a.rtl() {
		return container.NewBorder(nil, nil, button, nil, wide)
	}
	return container.NewBorder(nil, nil, nil, button, wide)
}

// languagePair shows the clinician's and the patient's language, each with
// a button to change it, and a swap button. Choices are screens of buttons,
// not drop-downs: a pop-up is drawn outside the script overrides, and
// Tigrinya would show as boxes there.
func (a *App) languagePair() fyne.CanvasObject {
	side := func(label, lang string, langs []string, pick func(string)) fyne.CanvasObject {
		change := a.buttonIn(locales.NameOf(lang), lang, nil, func() { a.push(a.phraseLangScreen(label, langs, lang, pick)) })
		return vbox(a.ui(label, text.Small), a.inScript(change, lang))
	}
	set := func(clinician, patient string) {
		a.settings.ClinicianLang, a.settings.PatientLang = clinician, patient
		a.save()
	}
	// The clinician's language must be one of the clinician languages: a
	// swap that would leave it outside them keeps English.
	swap := a.button(a.loc.T("SwapLanguages"), theme.ViewRefreshIcon(), func() {
		newClin := "en"
		for _, l := range clinicianLangs {
			if l == a.patientLang() {
				newClin = l
			}
		}
		set(newClin, a.clinicianLang())
		a.show()
	})
	return vbox(
		container.NewGridWithColumns(2,
			side(a.loc.T("ClinicianLanguage"), a.clinicianLang(), clinicianLangs, func(l string) { set(l, a.patientLang()) }),
			side(a.loc.T("PatientLanguage"), a.patientLang(), patientLangs, func(l string) { set(a.clinicianLang(), l) })),
		swap,
	)
}

// phraseLangScreen picks one language of langs, each named in itself.
func (a *App) phraseLangScreen(title string, langs []string, current string, pick func(string)) screen {
	return screen{
		title: func() string { return title },
		body: func() fyne.CanvasObject {
			var opts []choice
			for _, l := range langs {
				opts = append(opts, choice{l, locales.NameOf(l), l})
			}
			return a.choices(opts, current, func(l string) {
				pick(l)
				a.back()
			})
		},
	}
}

// phraseListScreen lists a category's phrases, the favourites
// (category "favourites"), or the phrases matching query.
func (a *App) phraseListScreen(category, query string) screen {
	var title string
	return screen{
		script: a.patientScript,
		title:  func() string { return title },
		body: func() fyne.CanvasObject {
			clinician, patient := a.phraseChains()
			var pairs []store.PhrasePair
			var err error
			switch {
			case query != "":
				title = a.loc.T("SearchPhrases") + ": " + query
				pairs, err = a.content.SearchPhrases(query, clinician, patient, 100)
			case category == "favourites":
				title = a.loc.T("Favourites")
				favs, ferr := a.user.Favourites()
				if ferr != nil {
					return a.errorText(ferr)
				}
				for id := range favs {
					if p, perr := a.content.Phrase(id, clinician, patient); perr == nil {
						pairs = append(pairs, p)
					}
				}
			default:
				title = category
				if cats, cerr := a.content.PhraseCategories(clinician); cerr == nil {
					for _, c := range cats {
						if c.ID == category {
							title = c.Name
						}
					}
				}
				pairs, err = a.content.Phrases(category, clinician, patient)
			}
			if err != nil {
				return a.errorText(err)
			}
			box := container.NewVBox()
			if len(a.talk.log) > 0 {
				box.Add(a.summaryButton())
			}
			favs, _ := a.user.Favourites()
			for _, p := range pairs {
				box.Add(a.phraseCard(p, favs[p.ID]))
			}
			if len(pairs) == 0 {
				box.Add(a.ui(a.loc.T("NothingFound", "Query", query), text.Body))
			}
			return box
		},
	}
}

// phraseCard shows a phrase in both languages, the patient's large.
func (a *App) phraseCard(p store.PhrasePair, favourite bool) fyne.CanvasObject {
	// Icons, not ☆/★: the bundled fonts have no star.
	icon := theme.ContentAddIcon()
	if favourite {
		icon = theme.ConfirmIcon()
	}
	fav := a.button("", icon, func() {
		if err := a.user.SetFavourite(p.ID, !favourite, a.now()); err != nil {
			fyne.LogError("favourite", err)
		}
		a.show()
	})
	fav.Name = a.loc.T("Favourites")
	if favourite {
		fav.Importance = widget.HighImportance
	}
	show := a.button(a.loc.T("ShowToPatient"), theme.VisibilityIcon(), func() { a.push(a.patientScreen(p.ID)) })
	show.Importance = widget.HighImportance
	parts := []fyne.CanvasObject{
		a.para(p.Clinician.Text, p.Clinician.Lang, text.Body),
		a.para(p.Patient.Text, p.Patient.Lang, text.Patient),
	}
	if p.Patient.Status == content.StatusMachine || p.Clinician.Status == content.StatusMachine {
		parts = append(parts, a.ui(a.loc.T("MachineTranslated"), text.Small))
	}
	if p.Patient.OtherLanguage {
		parts = append(parts, a.ui(a.loc.T("ShownInOtherLanguage", "Language", locales.NameOf(p.Patient.Lang)), text.Small))
	}
	parts = append(parts, a.row(show, square(fav)))
	return container.NewPadded(vbox(append([]fyne.CanvasObject{widget.NewSeparator()}, parts...)...))
}

func (a *App) summaryButton() fyne.CanvasObject {
	return a.button(a.loc.N("SummaryButton", len(a.talk.log)), theme.ListIcon(),
		func() { a.push(a.summaryScreen()) })
}

// summaryText is the conversation as plain text, for the clipboard.
func (a *App) summaryText() string {
	var b strings.Builder
	for _, e := range a.talk.log {
		fmt.Fprintf(&b, "%s  %s → %s\n", e.at.Format("15:04"), e.question, e.answer)
	}
	return b.String()
}

func (a *App) summaryScreen() screen {
	return screen{
		title: func() string { return a.loc.T("Summary") },
		body: func() fyne.CanvasObject {
			box := vbox(a.ui(a.loc.T("SummaryNotStored"), text.Small))
			if len(a.talk.log) == 0 {
				box.Add(a.ui(a.loc.T("SummaryEmpty"), text.Body))
				return box
			}
			for _, e := range a.talk.log {
				box.Add(widget.NewSeparator())
				box.Add(a.para(e.at.Format("15:04")+"  "+e.question, a.clinicianLang(), text.Body))
				// No arrow glyph here: not every script font has one.
				box.Add(a.para(e.answer, a.clinicianLang(), text.Strong))
			}
			copyB := a.button(a.loc.T("CopySummary"), theme.ContentCopyIcon(), func() {
				a.fyne.Clipboard().SetContent(a.summaryText())
			})
			saveB := a.button(a.loc.T("SaveSummary"), theme.DocumentSaveIcon(), func() {
				if err := a.user.SaveConversation(a.summaryText(), a.now()); err != nil {
					fyne.LogError("save conversation", err)
					return
				}
				a.saved = true
				a.show()
			})
			if a.saved {
				saveB.Disable()
				saveB.SetText(a.loc.T("SummarySaved"))
			}
			end := a.button(a.loc.T("EndConversation"), theme.DeleteIcon(), func() {
				a.talk = conversation{}
				a.saved = false
				a.back()
			})
			end.Importance = widget.WarningImportance
			box.Add(widget.NewSeparator())
			box.Add(copyB)
			box.Add(saveB)
			box.Add(end)
			return box
		},
	}
}
