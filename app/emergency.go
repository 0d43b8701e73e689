package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"safar.app/safar/app/text"
	"safar.app/safar/content"
	"safar.app/safar/content/phone"
	"safar.app/safar/locales"
)

var purposeMessages = map[content.Purpose]string{
	content.PurposeEmergency:   "PurposeEmergency",
	content.PurposePolice:      "PurposePolice",
	content.PurposeAmbulance:   "PurposeAmbulance",
	content.PurposeTrafficking: "PurposeTrafficking",
	content.PurposeGBV:         "PurposeGBV",
	content.PurposeChildren:    "PurposeChildren",
	content.PurposeHealth:      "PurposeHealth",
	content.PurposeSupport:     "PurposeSupport",
}

// emergencyScreen lists the country's numbers, life-threatening first, each
// with a large call button.
func (a *App) emergencyScreen() screen { return a.emergencyScreenOf(a.settings.Country) }

// emergencyScreenOf lists the numbers of country (a saved number may be
// of a country the reader has left).
func (a *App) emergencyScreenOf(country string) screen {
	return screen{
		emergency: true,
		title:     func() string { return a.loc.T("Emergency") },
		body: func() fyne.CanvasObject {
			name, _ := a.content.CountryName(country, a.chain())
			lines, err := a.content.Hotlines(country, a.chain())
			if err != nil {
				return a.errorText(err)
			}
			box := vbox(a.ui(a.loc.T("EmergencyTitle", "Country", name), text.Title),
				a.ui(a.loc.T("EmergencyHint"), text.Strong), a.shareButton(), a.quickExitButton())
			for _, h := range lines {
				parts := []fyne.CanvasObject{
					widget.NewSeparator(),
					a.ui(a.loc.T(purposeMessages[h.Purpose]), text.Heading),
					a.para(h.Label, h.Lang, text.Strong),
					a.callButton(h.Number),
				}
				if h.Note != "" {
					parts = append(parts, a.para(h.Note, h.Lang, text.Body))
				}
				if h.Hours != "" {
					parts = append(parts, a.openState(h.Hours))
					if h.Hours != "24/7" {
						parts = append(parts, a.ui(a.loc.T("Hours", "Hours", h.Hours), text.Small))
					}
				}
				if len(h.Languages) > 0 {
					names := make([]string, len(h.Languages))
					for i, l := range h.Languages {
						names[i] = locales.NameOf(l)
					}
					parts = append(parts, a.ui(a.loc.T("LanguagesSpoken", "Languages", strings.Join(names, ", ")), text.Small))
				}
				parts = append(parts, a.saveToggle(a.savedHotline(h, country)), a.reportButton(h.ID, h.Label))
				box.Add(vbox(parts...))
			}
			return box
		},
	}
}

// callButton dials a number on a phone; a computer shows it to copy.
func (a *App) callButton(number string) fyne.CanvasObject {
	b := a.button(a.loc.T("Call", "Number", phone.Display(number)), nil, func() { a.call(number) })
	b.Importance = widget.HighImportance
	return b
}
