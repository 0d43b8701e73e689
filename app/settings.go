package app

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"safar.app/safar/app/text"
	"safar.app/safar/content"
	"safar.app/safar/locales"
)

// textScales are the text sizes offered, 1× to 2×.
var textScales = []float64{1, 1.25, 1.5, 1.75, 2}

// settingsScreen changes language, country, stage and text size. Each change
// applies at once and is saved; a language change redraws every screen.
func (a *App) settingsScreen() screen {
	return screen{
		title: func() string { return a.loc.T("Settings") },
		body: func() fyne.CanvasObject {
			// Lists of buttons rather than drop-downs: a pop-up menu is drawn
			// outside the script overrides, and every choice stays one tap.
			var langs []choice
			for _, l := range locales.Languages {
				langs = append(langs, choice{l.Tag, l.Name, l.Tag})
			}
			countries, err := a.content.Countries(content.RoleDestination, a.chain())
			if err != nil {
				return a.errorText(err)
			}
			var places []choice
			for _, c := range countries {
				places = append(places, choice{c.Code, c.Name, a.loc.Tag()})
			}
			origins, err := a.content.Countries(content.RoleOrigin, a.chain())
			if err != nil {
				return a.errorText(err)
			}
			leaving := []choice{{"", a.loc.T("NoOrigin"), a.loc.Tag()}}
			for _, c := range origins {
				leaving = append(leaving, choice{c.Code, c.Name, a.loc.Tag()})
			}
			var stages []choice
			for _, st := range content.Stages {
				stages = append(stages, choice{string(st), a.loc.T(stageMessages[st]), a.loc.Tag()})
			}
			// Text sizes as a row of buttons, smallest at the start: on the
			// right in right-to-left languages.
			var sizes []fyne.CanvasObject
			for _, s := range textScales {
				b := a.button(fmt.Sprintf("%g×", s), nil, func() {
					if s != a.settings.TextScale {
						a.settings.TextScale = s
						a.save()
						a.applyTheme("")
						a.show()
					}
				})
				if s == a.settings.TextScale {
					b.Importance = widget.HighImportance
				}
				sizes = append(sizes, b)
			}
			scale := a.grid(3, sizes...)
			contrast := a.choices([]choice{{"0", a.loc.T("Off"), a.loc.Tag()}, {"1", a.loc.T("On"), a.loc.Tag()}},
				onOff(a.settings.HighContrast), func(v string) {
					a.settings.HighContrast = v == "1"
					a.save()
					a.applyTheme("")
					a.show()
				})
			return vbox(
				a.ui(a.loc.T("Language"), text.Strong),
				a.choices(langs, a.loc.Tag(), a.changeLanguage),
				a.ui(a.loc.T("Country"), text.Strong),
				a.choices(places, a.settings.Country, func(code string) {
					a.settings.Country = code
					a.save()
					a.show()
				}),
				a.ui(a.loc.T("LeavingFromSetting"), text.Strong),
				a.choices(leaving, a.settings.Origin, func(code string) {
					a.settings.Origin = code
					a.save()
					a.show()
				}),
				a.ui(a.loc.T("JourneyStage"), text.Strong),
				a.choices(stages, a.settings.Stage, func(st string) {
					a.settings.Stage = st
					a.save()
					a.show()
				}),
				a.ui(a.loc.T("TextSize"), text.Strong), scale,
				a.ui(a.loc.T("HighContrast"), text.Strong), contrast,
				widget.NewSeparator(), a.updatesSection(),
			)
		},
	}
}

// changeLanguage switches the UI and content language at once, without a
// restart: every screen on the stack is rebuilt in the new language.
func (a *App) changeLanguage(tag string) {
	if err := a.applyLanguage(tag); err != nil {
		fyne.LogError("language", err)
		return
	}
	a.save()
	a.show()
}

// choice is one option of a setting: its value, its label and the
// language the label is written in.
type choice struct{ value, label, lang string }

// choices shows options as buttons, the selected one highlighted.
func (a *App) choices(opts []choice, selected string, pick func(string)) fyne.CanvasObject {
	box := container.NewVBox()
	for _, o := range opts {
		b := a.buttonIn(o.label, o.lang, nil, func() {
			if o.value != selected {
				pick(o.value)
			}
		})
		if o.value == selected {
			b.Importance = widget.HighImportance
		}
		box.Add(a.inScript(b, o.lang))
	}
	return box
}

func onOff(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

// grid lays objects out in rows of up to cols, in reading order: right to
// left in right-to-left languages. Fewer columns when a word would not fit.
func (a *App) grid(cols int, objs ...fyne.CanvasObject) *fyne.Container {
	return text.NewColumns(cols, a.rtl(), objs...)
}
