package app

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"golang.org/x/text/language"

	"safar.app/safar/app/text"
	"safar.app/safar/content"
	"safar.app/safar/content/store"
	"safar.app/safar/locales"
)

// The health phrasebook: a clinician (or a mediator) and a patient with no
// shared language. Each reads their own: the screens and controls the
// clinician uses are in the clinician's language, what the patient reads or
// taps is in the patient's. The reader's interface language only chooses
// the defaults; the window's Back, Home and Emergency stay in it.

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

// conversation lives in memory only: it is not stored unless the clinician
// saves it, and ending the conversation clears it.
type conversation struct {
	log   []exchange
	saved bool // stored in user.db as it is now
}

func (c *conversation) record(e exchange) {
	c.log = append(c.log, e)
	c.saved = false
}

// lines is the conversation as plain text, one exchange a line.
func (c *conversation) lines() string {
	var b strings.Builder
	for _, e := range c.log {
		// A dash, not an arrow: the fonts have no arrow, and a kept
		// summary is shown again on screen.
		fmt.Fprintf(&b, "%s  %s – %s\n", e.at.Format("15:04"), e.question, e.answer)
	}
	return b.String()
}

// phrasebook holds the phrasebook's state and draws its screens; App
// keeps one for the life of the window.
type phrasebook struct {
	a    *App
	talk conversation
	// clin speaks to the clinician; it is remade when their language changes.
	clin *locales.Localizer
}

func newPhrasebook(a *App) *phrasebook { return &phrasebook{a: a} }

// clinicianLang is the clinician's choice, or by default the language of
// the destination country when the phrasebook has it (de in Germany and
// Austria, sv in Sweden), else English.
func (b *phrasebook) clinicianLang() string {
	if l := b.a.settings.ClinicianLang; l != "" {
		return l
	}
	return countryClinicianLang(b.a.settings.Country)
}

// countryClinicianLang is the phrasebook's clinician language for a
// country: its most likely language (CLDR likely subtags), if offered.
func countryClinicianLang(country string) string {
	region, err := language.ParseRegion(country)
	if err != nil {
		return "en"
	}
	tag, err := language.Compose(language.Und, region)
	if err != nil {
		return "en"
	}
	base, _ := tag.Base()
	for _, l := range clinicianLangs {
		if l == base.String() {
			return l
		}
	}
	return "en"
}

// patientLang is the patient's language: by default the reader's own, since
// the phone's owner is most often the patient.
func (b *phrasebook) patientLang() string {
	if l := b.a.settings.PatientLang; l != "" {
		return l
	}
	return b.a.loc.Tag()
}

// chains are the language preferences of the two readers.
func (b *phrasebook) chains() (clinician, patient []string) {
	return content.LangChain(b.clinicianLang()), content.LangChain(b.patientLang())
}

// patientScript is the script of the patient's language, which the
// phrasebook screens are mostly written in.
func (b *phrasebook) patientScript() string { return text.RegionScript(b.patientLang()) }

// loc is the localizer that speaks to the clinician.
func (b *phrasebook) loc() *locales.Localizer {
	if b.clin == nil || b.clin.Tag() != b.clinicianLang() {
		l, err := locales.NewSpeaking(b.clinicianLang())
		if err != nil {
			fyne.LogError("phrasebook language", err)
			return b.a.loc
		}
		b.clin = l
	}
	return b.clin
}

// t and n are UI messages for the clinician.
func (b *phrasebook) t(id string, data ...any) string { return b.loc().T(id, data...) }
func (b *phrasebook) n(id string, count int, data ...any) string {
	return b.loc().N(id, count, data...)
}

// say is text for the clinician; button is a button they press.
func (b *phrasebook) say(s string, role text.Role) fyne.CanvasObject {
	return b.a.para(s, b.clinicianLang(), role)
}

func (b *phrasebook) button(label string, icon fyne.Resource, tap func()) *text.Button {
	return b.a.buttonIn(label, b.clinicianLang(), icon, tap)
}

// clinicianScreen is a phrasebook screen the clinician reads: its title is
// in their language, its font the patient's script.
func (b *phrasebook) clinicianScreen(title func() string, body func() fyne.CanvasObject) screen {
	return screen{script: b.patientScript, title: title, titleLang: b.clinicianLang, body: body}
}

func (b *phrasebook) homeScreen() screen {
	a := b.a
	return b.clinicianScreen(func() string { return b.t("PhrasebookTitle") }, func() fyne.CanvasObject {
		clinician, _ := b.chains()
		cats, err := a.content.PhraseCategories(clinician)
		if err != nil {
			return a.errorText(err)
		}
		search := widget.NewEntry()
		search.SetPlaceHolder(b.t("SearchPhrases"))
		search.OnSubmitted = func(q string) { a.push(b.listScreen("", q)) }
		find := b.button(b.t("PhraseSearch"), theme.SearchIcon(), func() { a.push(b.listScreen("", search.Text)) })
		box := vbox(b.languagePair(), rowIn(locales.RightToLeft(b.clinicianLang()), search, find))
		if len(b.talk.log) > 0 {
			box.Add(b.summaryButton())
		}
		if favs, err := a.user.Favourites(); err != nil {
			fyne.LogError("favourites", err)
		} else if len(favs) > 0 {
			name := b.t("Favourites")
			box.Add(text.NewCard(name, vbox(b.say(name, text.Strong), b.say(b.n("PhraseCount", len(favs)), text.Small)),
				func() { a.push(b.listScreen("favourites", "")) }))
		}
		if saved, err := a.user.SavedConversations(); err != nil {
			fyne.LogError("saved conversations", err)
		} else if len(saved) > 0 {
			name := b.t("SavedSummaries")
			box.Add(text.NewCard(name, vbox(b.say(name, text.Strong), b.say(b.n("SavedSummaryCount", len(saved)), text.Small)),
				func() { a.push(b.savedScreen()) }))
		}
		var tiles []fyne.CanvasObject
		for _, c := range cats {
			tiles = append(tiles, text.NewCard(c.Name, vbox(b.say(c.Name, text.Strong), b.say(b.n("PhraseCount", c.Count), text.Small)),
				func() { a.push(b.listScreen(c.ID, "")) }))
		}
		box.Add(text.NewColumns(2, locales.RightToLeft(b.clinicianLang()), tiles...))
		return box
	})
}

// rowIn lays out a wide object and a button on one line, the button at the
// end of the line in the reading direction rtl.
func rowIn(rtl bool, wide, button fyne.CanvasObject) fyne.CanvasObject {
	if rtl {
		return container.NewBorder(nil, nil, button, nil, wide)
	}
	return container.NewBorder(nil, nil, nil, button, wide)
}

// languagePair shows the clinician's and the patient's language, each with
// a button to change it, and a swap button. Choices are screens of buttons,
// not drop-downs: a pop-up is drawn outside the script overrides, and
// Tigrinya would show as boxes there.
func (b *phrasebook) languagePair() fyne.CanvasObject {
	a := b.a
	side := func(label, lang string, langs []string, pick func(string)) fyne.CanvasObject {
		change := a.buttonIn(locales.NameOf(lang), lang, nil, func() { a.push(b.langScreen(label, langs, lang, pick)) })
		return vbox(b.say(label, text.Small), a.inScript(change, lang))
	}
	set := func(clinician, patient string) {
		a.settings.ClinicianLang, a.settings.PatientLang = clinician, patient
		a.save()
	}
	// The clinician's language must be one of the clinician languages: a
	// swap that would leave it outside them keeps English.
	swap := b.button(b.t("SwapLanguages"), theme.ViewRefreshIcon(), func() {
		newClin := "en"
		for _, l := range clinicianLangs {
			if l == b.patientLang() {
				newClin = l
			}
		}
		set(newClin, b.clinicianLang())
		a.show()
	})
	sides := []fyne.CanvasObject{
		side(b.t("ClinicianLanguage"), b.clinicianLang(), clinicianLangs, func(l string) { set(l, b.patientLang()) }),
		side(b.t("PatientLanguage"), b.patientLang(), patientLangs, func(l string) { set(b.clinicianLang(), l) }),
	}
	return vbox(text.NewColumns(2, locales.RightToLeft(b.clinicianLang()), sides...), swap)
}

// langScreen picks one language of langs, each named in itself.
func (b *phrasebook) langScreen(title string, langs []string, current string, pick func(string)) screen {
	return b.clinicianScreen(func() string { return title }, func() fyne.CanvasObject {
		var opts []choice
		for _, l := range langs {
			opts = append(opts, choice{l, locales.NameOf(l), l})
		}
		return b.a.choices(opts, current, func(l string) {
			pick(l)
			b.a.back()
		})
	})
}

// listScreen lists a category's phrases, the favourites (category
// "favourites"), or the phrases matching query.
func (b *phrasebook) listScreen(category, query string) screen {
	a := b.a
	var title string
	return b.clinicianScreen(func() string { return title }, func() fyne.CanvasObject {
		clinician, patient := b.chains()
		var pairs []store.PhrasePair
		var err error
		switch {
		case query != "":
			title = b.t("SearchPhrases") + ": " + query
			pairs, err = a.content.SearchPhrases(query, clinician, patient, 100)
		case category == "favourites":
			title = b.t("Favourites")
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
		if len(b.talk.log) > 0 {
			box.Add(b.summaryButton())
		}
		favs, err := a.user.Favourites()
		if err != nil {
			fyne.LogError("favourites", err)
		}
		for _, p := range pairs {
			box.Add(b.phraseCard(p, favs[p.ID]))
		}
		if len(pairs) == 0 {
			box.Add(b.say(b.t("PhraseNothingFound", "Query", query), text.Body))
		}
		return box
	})
}

// phraseCard shows a phrase in both languages, the patient's large.
func (b *phrasebook) phraseCard(p store.PhrasePair, favourite bool) fyne.CanvasObject {
	a := b.a
	// Icons, not ☆/★: the bundled fonts have no star.
	icon := theme.ContentAddIcon()
	if favourite {
		icon = theme.ConfirmIcon()
	}
	fav := b.button("", icon, func() {
		if err := a.user.SetFavourite(p.ID, !favourite, a.now()); err != nil {
			fyne.LogError("favourite", err)
		}
		a.show()
	})
	fav.Name = b.t("PhraseFavourite")
	if favourite {
		fav.Importance = widget.HighImportance
	}
	show := b.button(b.t("ShowToPatient"), theme.VisibilityIcon(), func() { a.push(b.patientScreen(p.ID)) })
	show.Importance = widget.HighImportance
	parts := []fyne.CanvasObject{
		a.para(p.Clinician.Text, p.Clinician.Lang, text.Body),
		a.para(p.Patient.Text, p.Patient.Lang, text.Patient),
	}
	if p.Patient.Status == content.StatusMachine || p.Clinician.Status == content.StatusMachine {
		parts = append(parts, b.say(b.t("PhraseMachineTranslated"), text.Small))
	}
	if p.Patient.OtherLanguage {
		parts = append(parts, b.say(b.t("PhraseOtherLanguage", "Language", locales.NameOf(p.Patient.Lang)), text.Small))
	}
	parts = append(parts, rowIn(locales.RightToLeft(b.clinicianLang()), show, square(fav)))
	return container.NewPadded(vbox(append([]fyne.CanvasObject{widget.NewSeparator()}, parts...)...))
}

func (b *phrasebook) summaryButton() fyne.CanvasObject {
	return b.button(b.n("SummaryButton", len(b.talk.log)), theme.ListIcon(),
		func() { b.a.push(b.summaryScreen()) })
}

// summaryText is the conversation as plain text for the clipboard and for
// keeping: a heading with the date and the two languages, then the answers.
func (b *phrasebook) summaryText() string {
	head := fmt.Sprintf("%s · %s · %s / %s\n", b.t("PhrasebookTitle"), b.loc().Date(b.a.now()),
		locales.NameOf(b.clinicianLang()), locales.NameOf(b.patientLang()))
	return head + b.talk.lines()
}

// copyButton puts text on the clipboard and says so on itself.
func (b *phrasebook) copyButton(summary func() string) *text.Button {
	var c *text.Button
	c = b.button(b.t("CopySummary"), theme.ContentCopyIcon(), func() {
		b.a.fyne.Clipboard().SetContent(summary())
		c.SetText(b.t("SummaryCopied"))
	})
	return c
}

func (b *phrasebook) summaryScreen() screen {
	a := b.a
	return b.clinicianScreen(func() string { return b.t("Summary") }, func() fyne.CanvasObject {
		box := vbox(b.say(b.t("SummaryNotStored"), text.Small))
		if len(b.talk.log) == 0 {
			box.Add(b.say(b.t("SummaryEmpty"), text.Body))
			return box
		}
		for _, e := range b.talk.log {
			box.Add(widget.NewSeparator())
			box.Add(b.say(e.at.Format("15:04")+"  "+e.question, text.Body))
			// No arrow glyph here: not every script font has one.
			box.Add(b.say(e.answer, text.Strong))
		}
		save := b.button(b.t("SaveSummary"), theme.DocumentSaveIcon(), func() {
			if err := a.user.SaveConversation(b.summaryText(), a.now()); err != nil {
				fyne.LogError("save conversation", err)
				return
			}
			b.talk.saved = true
			a.show()
		})
		if b.talk.saved {
			save.Disable()
			save.SetText(b.t("SummarySaved"))
		}
		end := b.button(b.t("EndConversation"), theme.DeleteIcon(), func() {
			b.talk = conversation{}
			a.back()
		})
		end.Importance = widget.WarningImportance
		box.Add(widget.NewSeparator())
		box.Add(b.copyButton(b.summaryText))
		box.Add(save)
		box.Add(end)
		return box
	})
}

// savedScreen lists the summaries kept on this device, newest first.
func (b *phrasebook) savedScreen() screen {
	a := b.a
	return b.clinicianScreen(func() string { return b.t("SavedSummaries") }, func() fyne.CanvasObject {
		saved, err := a.user.SavedConversations()
		if err != nil {
			return a.errorText(err)
		}
		box := container.NewVBox()
		if len(saved) == 0 {
			box.Add(b.say(b.t("NoSavedSummaries"), text.Body))
		}
		for _, c := range saved {
			title := b.t("SavedSummaryOn", "Date", b.loc().DateTime(c.SavedAt.Local()))
			box.Add(text.NewCard(title, vbox(b.say(title, text.Strong), b.say(summaryPreview(c.Summary), text.Small)),
				func() { a.push(b.savedSummaryScreen(c.ID)) }))
		}
		return box
	})
}

// summaryPreview is the first answer of a kept summary, for its card.
func summaryPreview(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > 1 {
		return lines[1]
	}
	return lines[0]
}

// savedSummaryScreen shows one kept summary, to read, copy or delete.
// Delete asks for a second tap: a summary may be the only record.
func (b *phrasebook) savedSummaryScreen(id int64) screen {
	a := b.a
	return b.clinicianScreen(func() string { return b.t("SavedSummaries") }, func() fyne.CanvasObject {
		c, err := a.user.SavedConversation(id)
		if err != nil {
			return a.errorText(err)
		}
		box := vbox(b.say(b.t("SavedSummaryOn", "Date", b.loc().DateTime(c.SavedAt.Local())), text.Strong))
		for _, line := range strings.Split(strings.TrimSpace(c.Summary), "\n") {
			box.Add(b.say(line, text.Body))
		}
		var del *text.Button
		armed := false
		del = b.button(b.t("DeleteSummary"), theme.DeleteIcon(), func() {
			if !armed {
				armed = true
				del.Importance = widget.DangerImportance
				del.SetText(b.t("DeleteSummaryConfirm"))
				return
			}
			if err := a.user.DeleteConversation(id); err != nil {
				fyne.LogError("delete conversation", err)
				return
			}
			a.back()
		})
		box.Add(widget.NewSeparator())
		box.Add(b.copyButton(func() string { return c.Summary }))
		box.Add(del)
		return box
	})
}
