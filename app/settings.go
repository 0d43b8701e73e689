package app

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

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
			var langNames []string
			for _, l := range locales.Languages {
				langNames = append(langNames, l.Name)
			}
			lang := widget.NewSelect(langNames, nil)
			lang.SetSelected(locales.NameOf(a.loc.Tag()))
			lang.OnChanged = func(name string) {
				for _, l := range locales.Languages {
					if l.Name == name && l.Tag != a.loc.Tag() {
						a.changeLanguage(l.Tag)
					}
				}
			}

			countries, err := a.content.Countries(a.chain())
			if err != nil {
				return a.errorText(err)
			}
			var countryNames []string
			for _, c := range countries {
				countryNames = append(countryNames, c.Name)
			}
			country := widget.NewSelect(countryNames, nil)
			for _, c := range countries {
				if c.Code == a.settings.Country {
					country.SetSelected(c.Name)
				}
			}
			country.OnChanged = func(name string) {
				for _, c := range countries {
					if c.Name == name {
						a.settings.Country = c.Code
						a.save()
					}
				}
			}

			var stageNames []string
			for _, st := range content.Stages {
				stageNames = append(stageNames, a.loc.T(stageMessages[st]))
			}
			stage := widget.NewSelect(stageNames, nil)
			for _, st := range content.Stages {
				if string(st) == a.settings.Stage {
					stage.SetSelected(a.loc.T(stageMessages[st]))
				}
			}
			stage.OnChanged = func(name string) {
				for _, st := range content.Stages {
					if a.loc.T(stageMessages[st]) == name {
						a.settings.Stage = string(st)
						a.save()
					}
				}
			}

			var scaleNames []string
			for _, s := range textScales {
				scaleNames = append(scaleNames, fmt.Sprintf("%g×", s))
			}
			scale := widget.NewRadioGroup(scaleNames, nil)
			scale.Horizontal = true
			scale.SetSelected(fmt.Sprintf("%g×", a.settings.TextScale))
			scale.OnChanged = func(name string) {
				for _, s := range textScales {
					if fmt.Sprintf("%g×", s) == name && s != a.settings.TextScale {
						a.settings.TextScale = s
						a.save()
						a.applyTheme()
						a.show()
					}
				}
			}
			return vbox(
				a.ui(a.loc.T("Language"), roleStrong), lang,
				a.ui(a.loc.T("Country"), roleStrong), country,
				a.ui(a.loc.T("JourneyStage"), roleStrong), stage,
				a.ui(a.loc.T("TextSize"), roleStrong), scale,
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
