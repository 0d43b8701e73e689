package app

import (
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"safar.app/safar/app/text"
	"safar.app/safar/content"
	"safar.app/safar/content/phone"
	"safar.app/safar/locales"
	"safar.app/safar/userdata"
	"safar.app/safar/userdata/checkin"
)

// openOut, when set, takes the sms:, wa.me or mailto: address instead of
// the platform: tests set it to read the address.
var openOut func(a *App, address string)

// contactsScreen lists the people the reader trusts and adds new ones.
// Tapping a person opens the check-in message for them; from the
// emergency screen (share) the message carries the country's emergency
// numbers too.
func (a *App) contactsScreen(share bool) screen {
	return screen{
		title: func() string {
			if share {
				return a.loc.T("CheckinShare")
			}
			return a.loc.T("ContactsTitle")
		},
		body: func() fyne.CanvasObject {
			people, err := a.user.Contacts()
			if err != nil {
				return a.errorText(err)
			}
			list := vbox()
			if len(people) == 0 {
				list.Add(a.ui(a.loc.T("ContactsEmpty"), text.Body))
			}
			for _, c := range people {
				reach := phone.Display(c.Phone)
				if c.Email != "" {
					if reach != "" {
						reach += " · "
					}
					reach += c.Email
				}
				label := c.Name
				list.Add(text.NewCard(label, vbox(a.ui(c.Name, text.Strong), a.ui(reach, text.Small),
					a.ui(a.loc.T("ContactLang")+": "+locales.NameOf(c.Lang), text.Small)),
					func() { a.push(a.checkinScreen(c, share)) }))
			}
			var reminder fyne.CanvasObject
			if !share {
				reminder = a.reminderPicker()
			}
			return vbox(list, widget.NewSeparator(), a.contactForm(), widget.NewSeparator(), reminder)
		},
	}
}

// contactForm adds a trusted contact; the phone number is read in the
// reader's country unless it starts with + or 00, and kept in E.164.
func (a *App) contactForm() fyne.CanvasObject {
	name, tel, email := widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	name.SetPlaceHolder(a.loc.T("ContactName"))
	tel.SetPlaceHolder(a.loc.T("ContactPhone"))
	email.SetPlaceHolder(a.loc.T("ContactEmail"))
	var names []string
	tags := map[string]string{}
	for _, l := range locales.Languages {
		names = append(names, l.Name)
		tags[l.Name] = l.Tag
	}
	lang := widget.NewSelect(names, nil)
	lang.SetSelected(locales.NameOf(a.loc.Tag()))
	problem := text.Plain("", a.loc.Tag(), text.Strong, a.openURL)
	add := a.button(a.loc.T("ContactAdd"), nil, func() {
		c, err := userdata.NewContact(name.Text, tel.Text, email.Text, tags[lang.Selected], a.settings.Country)
		if err == nil {
			_, err = a.user.SaveContact(c, a.now())
		}
		if err != nil {
			problem.SetText(a.contactProblem(err))
			return
		}
		a.show()
	})
	add.Importance = widget.HighImportance
	return vbox(name, tel, email, a.ui(a.loc.T("ContactLang"), text.Small), lang, problem, add)
}

func (a *App) contactProblem(err error) string {
	for e, id := range map[error]string{userdata.ErrContactName: "ContactErrName", userdata.ErrContactReach: "ContactErrReach",
		userdata.ErrContactPhone: "ContactErrPhone", userdata.ErrContactEmail: "ContactErrEmail"} {
		if errors.Is(err, e) {
			return a.loc.T(id)
		}
	}
	return err.Error()
}

// checkinScreen writes "I'm safe" or "I need help" to c in c's language
// and offers the ways to send it. Nothing leaves the phone until the
// reader presses SMS, WhatsApp or Email, which open their own apps.
func (a *App) checkinScreen(c userdata.Contact, share bool) screen {
	return screen{
		title: func() string { return c.Name },
		body: func() fyne.CanvasObject {
			place, where := a.placePicker(c)
			out := vbox()
			compose := func(kind checkin.Kind) {
				m, err := checkin.Compose(kind, c, where(), a.now())
				if err == nil && share {
					m, err = checkin.WithNumbers(m, a.emergencyNumbers())
				}
				if err != nil {
					out.Objects = []fyne.CanvasObject{a.errorText(err)}
					out.Refresh()
					a.relayout()
					return
				}
				objs := []fyne.CanvasObject{
					a.ui(a.loc.T("CheckinPreview", "Language", locales.NameOf(m.Lang)), text.Small),
					a.inScript(a.para(m.Body, m.Lang, text.Strong), m.Lang),
				}
				var buttons []fyne.CanvasObject
				for _, way := range []struct{ label, url string }{
					{a.loc.T("CheckinSMS"), checkin.SMS(c, m)},
					{a.loc.T("CheckinWhatsApp"), checkin.WhatsApp(c, m)},
					{a.loc.T("CheckinEmail"), checkin.Mail(c, m)},
				} {
					if way.url != "" {
						buttons = append(buttons, a.button(way.label, nil, func() {
							a.checkedIn()
							if openOut != nil {
								openOut(a, way.url)
							} else {
								a.openURL(way.url)
							}
						}))
					}
				}
				copied := text.Plain("", a.loc.Tag(), text.Small, a.openURL)
				buttons = append(buttons, a.button(a.loc.T("CheckinCopy"), nil, func() {
					a.fyne.Clipboard().SetContent(m.Body)
					a.checkedIn()
					copied.SetText(a.loc.T("CheckinCopied"))
				}))
				objs = append(objs, a.grid(2, buttons...), copied)
				out.Objects = objs
				out.Refresh()
				a.relayout()
			}
			safe := a.button(a.loc.T("CheckinSafe"), nil, func() { compose(checkin.Safe) })
			safe.Importance = widget.HighImportance
			help := a.button(a.loc.T("CheckinHelp"), nil, func() { compose(checkin.Help) })
			help.Importance = widget.DangerImportance
			return vbox(place, a.grid(2, safe, help), out, widget.NewSeparator(),
				a.ui(a.loc.T("CheckinNothingSent"), text.Small))
		},
	}
}

// moneyOrContacts is the screen Open names "money", "compare" or "contacts".
func (a *App) moneyOrContacts(name string) screen {
	switch name {
	case "money":
		return a.moneyScreen()
	case "compare":
		co, _ := a.corridor()
		return a.compareScreen(co)
	}
	return a.contactsScreen(false)
}

// emergencyNumbers are the country's numbers for life-threatening
// emergencies, as dialled.
func (a *App) emergencyNumbers() []string {
	lines, err := a.content.Hotlines(a.settings.Country, a.chain())
	if err != nil {
		return nil
	}
	var out []string
	seen := map[string]bool{}
	for _, h := range lines {
		switch h.Purpose {
		case content.PurposeEmergency, content.PurposePolice, content.PurposeAmbulance:
			if n := phone.Display(h.Number); !seen[n] {
				seen[n] = true
				out = append(out, n)
			}
		}
	}
	return out
}

// shareButton, on the emergency screen, writes the people the reader
// trusts where they are, with the country's emergency numbers.
func (a *App) shareButton() fyne.CanvasObject {
	return a.button(a.loc.T("CheckinShare"), nil, func() { a.push(a.contactsScreen(true)) })
}

// placePicker offers the cities of the reader's country, named in the
// reader's language, or a place typed freely. where is the place as the
// contact should read it: a picked city is named in the contact's
// language, with its country.
func (a *App) placePicker(c userdata.Contact) (*widget.SelectEntry, func() string) {
	mine, _ := a.content.Regions(a.settings.Country, a.chain())
	theirs, _ := a.content.Regions(a.settings.Country, content.LangChain(c.Lang))
	country, _ := a.content.CountryName(a.settings.Country, content.LangChain(c.Lang))
	forContact := map[string]string{}
	var options []string
	for _, p := range mine {
		options = append(options, p.Name)
		for _, q := range theirs {
			if q.Code == p.Code {
				forContact[p.Name] = q.Name + checkin.Comma(c.Lang) + country
			}
		}
	}
	place := widget.NewSelectEntry(options)
	place.SetPlaceHolder(a.loc.T("CheckinPlace"))
	return place, func() string {
		if s, ok := forContact[strings.TrimSpace(place.Text)]; ok {
			return s
		}
		return place.Text
	}
}
