package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"safar.app/safar/content"
	"safar.app/safar/locales"
)

// The first run asks three things, one screen each: language, country and
// journey stage. Each language is listed in its own script, so a reader who
// knows no English finds theirs.

func (a *App) languageScreen() screen {
	return screen{
		title: func() string { return a.loc.T("ChooseLanguage") },
		body: func() fyne.CanvasObject {
			box := container.NewVBox()
			for _, l := range locales.Languages {
				b := a.buttonIn(l.Name, l.Tag, nil, func() {
					if err := a.applyLanguage(l.Tag); err != nil {
						fyne.LogError("language", err)
					}
					a.push(a.countryScreen())
				})
				box.Add(a.inScript(b, l.Tag))
			}
			box.Add(a.restoreOnFirstRun())
			return box
		},
	}
}

func (a *App) countryScreen() screen {
	return screen{
		title: func() string { return a.loc.T("ChooseCountry") },
		body: func() fyne.CanvasObject {
			countries, err := a.content.Countries(content.RoleDestination, a.chain())
			if err != nil {
				return a.errorText(err)
			}
			box := container.NewVBox()
			for _, c := range countries {
				box.Add(a.button(c.Name, nil, func() {
					a.settings.Country = c.Code
					a.push(a.originScreen())
				}))
			}
			return box
		},
	}
}

// originScreen asks which country the reader leaves, for the packs that
// carry before-departure guidance for it. It can be skipped.
func (a *App) originScreen() screen {
	return screen{
		title: func() string { return a.loc.T("LeavingFrom") },
		body: func() fyne.CanvasObject {
			countries, err := a.content.Countries(content.RoleOrigin, a.chain())
			if err != nil {
				return a.errorText(err)
			}
			box := container.NewVBox()
			pick := func(code string) {
				a.settings.Origin = code
				a.push(a.stageScreen())
			}
			for _, c := range countries {
				box.Add(a.button(c.Name, nil, func() { pick(c.Code) }))
			}
			box.Add(a.button(a.loc.T("NoOrigin"), nil, func() { pick("") }))
			return box
		},
	}
}

// stageMessages are the UI names of the journey stages.
var stageMessages = map[content.Stage]string{
	content.StageBefore:     "StageBefore",
	content.StageOnTheWay:   "StageOnTheWay",
	content.StageFirstWeeks: "StageFirstWeeks",
	content.StageSettling:   "StageSettling",
}

func (a *App) stageScreen() screen {
	return screen{
		title: func() string { return a.loc.T("ChooseStage") },
		body: func() fyne.CanvasObject {
			box := container.NewVBox()
			for _, st := range content.Stages {
				box.Add(a.button(a.loc.T(stageMessages[st]), nil, func() {
					a.settings.Stage = string(st)
					a.settings.Onboarded = true
					a.save()
					a.goHome()
				}))
			}
			return box
		},
	}
}
