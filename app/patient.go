package app

import (
	"fmt"
	"image/color"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"safar.app/safar/app/text"
	"safar.app/safar/content"
	"safar.app/safar/content/store"
	"safar.app/safar/locales"
)

// answerWords are the texts of the answer vocabulary (yes, no, body parts,
// durations…) in one language, by phrase id.
type answerWords map[string]string

func (w answerWords) of(id string) string {
	if t := w[id]; t != "" {
		return t
	}
	return id
}

// words loads the answer vocabulary for a language chain.
func (a *App) words(chain []string) answerWords {
	w := answerWords{}
	for _, cat := range []string{content.CategoryAnswers, content.CategoryBodyParts} {
		pairs, err := a.content.Phrases(cat, chain, chain)
		if err != nil {
			fyne.LogError("answer words", err)
			continue
		}
		for _, p := range pairs {
			w[p.ID] = p.Patient.Text
		}
	}
	return w
}

// patientScreen shows one question to the patient, in their language only,
// large, with answer controls labelled in their language. The answer goes
// into the conversation summary in the clinician's language.
func (a *App) patientScreen(id string) screen {
	return screen{
		script: a.patientScript,
		title:  func() string { return a.loc.T("ShowToPatient") },
		body: func() fyne.CanvasObject {
			clinician, patient := a.phraseChains()
			p, err := a.content.Phrase(id, clinician, patient)
			if err != nil {
				return a.errorText(err)
			}
			pw, cw := a.words(patient), a.words(clinician)
			lang := p.Patient.Lang
			record := func(answer string) {
				a.talk.log = append(a.talk.log, exchange{at: a.now(), question: p.Clinician.Text, answer: answer})
				a.saved = false
				a.back()
			}
			question := a.para(p.Patient.Text, lang, text.Patient)
			var controls fyne.CanvasObject
			switch p.Answer {
			case content.AnswerYesNo:
				controls = a.patientChoices(lang, []patientOption{
					{pw.of("answer-yes"), func() { record(cw.of("answer-yes")) }},
					{pw.of("answer-no"), func() { record(cw.of("answer-no")) }},
					{pw.of("answer-dont-know"), func() { record(cw.of("answer-dont-know")) }},
				})
			case content.AnswerScale:
				controls = a.painScale(lang, pw, func(n int) { record(fmt.Sprintf("%d/10", n)) })
			case content.AnswerBody:
				controls = a.bodyAnswer(lang, pw, func(region string, back bool) {
					side := cw.of("answer-front")
					if back {
						side = cw.of("answer-back")
					}
					record(cw.of(region) + " (" + side + ")")
				})
			case content.AnswerDuration:
				controls = a.durationAnswer(lang, pw, func(n int, unit string) {
					record(strconv.Itoa(n) + " " + cw.of(unit))
				})
			case content.AnswerChoice:
				var opts []patientOption
				for i := range p.OptionIDs {
					label, answer := optionText(p.Patient, i), optionText(p.Clinician, i)
					opts = append(opts, patientOption{label, func() { record(answer) }})
				}
				controls = a.patientChoices(lang, opts)
			default: // a statement: nothing to answer
				done := a.button("", a.backIcon(), a.back)
				done.Name = a.loc.T("Back")
				controls = tall(done, 1.5*text.MinTouch)
			}
			return vbox(question, widget.NewSeparator(), controls)
		},
	}
}

func optionText(t store.PhraseText, i int) string {
	if i < len(t.Options) {
		return t.Options[i]
	}
	return ""
}

type patientOption struct {
	label string
	tap   func()
}

// patientChoices are large buttons in the patient's script, one a row.
func (a *App) patientChoices(lang string, opts []patientOption) fyne.CanvasObject {
	box := container.NewVBox()
	for _, o := range opts {
		b := a.buttonIn(o.label, lang, nil, o.tap)
		b.Importance = widget.HighImportance
		box.Add(a.inScript(tall(b, 1.5*text.MinTouch), lang))
	}
	return box
}

// square gives an icon button at least the touch minimum both ways.
func square(o fyne.CanvasObject) fyne.CanvasObject {
	spacer := canvas.NewRectangle(color.Transparent)
	spacer.SetMinSize(fyne.NewSize(text.MinTouch, text.MinTouch))
	return container.NewStack(spacer, o)
}

// tall gives a control at least height h: a patient under stress, perhaps
// with poor sight, taps it.
func tall(o fyne.CanvasObject, h float32) fyne.CanvasObject {
	spacer := canvas.NewRectangle(color.Transparent)
	spacer.SetMinSize(fyne.NewSize(text.MinTouch, h))
	return container.NewStack(spacer, o)
}

// painScale is 0–10 with faces, from calm green to red.
func (a *App) painScale(lang string, pw answerWords, pick func(int)) fyne.CanvasObject {
	const perRow = 4
	grid := container.NewGridWithColumns(perRow)
	face := func(n int) fyne.CanvasObject {
		img := canvas.NewImageFromImage(painFace(n, 96))
		img.FillMode = canvas.ImageFillContain
		img.SetMinSize(fyne.NewSize(text.MinTouch, text.MinTouch))
		return text.NewCard(strconv.Itoa(n), vbox(img, widget.NewLabelWithStyle(strconv.Itoa(n), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})),
			func() { pick(n) })
	}
	// The scale runs in the patient's reading direction: 0 on the right
	// for a patient who reads right to left.
	for row := 0; row*perRow <= 10; row++ {
		cells := make([]fyne.CanvasObject, perRow)
		for i := range cells {
			n := row*perRow + i
			col := i
			if locales.RightToLeft(lang) {
				col = perRow - 1 - i
			}
			if n <= 10 {
				cells[col] = face(n)
			} else {
				cells[col] = layout.NewSpacer()
			}
		}
		for _, c := range cells {
			grid.Add(c)
		}
	}
	ends := container.NewGridWithColumns(2, a.para("0 = "+pw.of("answer-scale-none"), lang, text.Strong),
		a.para("10 = "+pw.of("answer-scale-worst"), lang, text.Strong))
	return vbox(ends, grid)
}

// durationAnswer asks how long: first a unit, then a number.
func (a *App) durationAnswer(lang string, pw answerWords, pick func(int, string)) fyne.CanvasObject {
	units := []string{"duration-hours", "duration-days", "duration-weeks", "duration-months", "duration-years"}
	numbers := container.NewGridWithColumns(4)
	var unit string
	unitBox := container.NewGridWithColumns(1)
	var buttons []*text.Button
	for _, u := range units {
		b := a.buttonIn(pw.of(u), lang, nil, nil)
		b.Importance = widget.MediumImportance
		b.OnTapped = func() {
			unit = u
			for _, o := range buttons {
				o.Importance = widget.MediumImportance
				o.Refresh()
			}
			b.Importance = widget.HighImportance
			b.Refresh()
			numbers.Show()
		}
		buttons = append(buttons, b)
		unitBox.Add(a.inScript(b, lang))
	}
	for n := 1; n <= 12; n++ {
		numbers.Add(tall(a.button(strconv.Itoa(n), nil, func() {
			if unit != "" {
				pick(n, unit)
			}
		}), text.MinTouch))
	}
	numbers.Hide()
	return vbox(unitBox, widget.NewSeparator(), numbers)
}

// bodyAnswer is the body map, front and back, with a list of the regions
// under it for whoever cannot point precisely (and for screen readers).
func (a *App) bodyAnswer(lang string, pw answerWords, pick func(region string, back bool)) fyne.CanvasObject {
	m := newBodyMap(func(region string, back bool) { pick(region, back) })
	front := a.buttonIn(pw.of("answer-front"), lang, nil, nil)
	back := a.buttonIn(pw.of("answer-back"), lang, nil, nil)
	setSide := func(isBack bool) {
		m.setBack(isBack)
		front.Importance, back.Importance = widget.HighImportance, widget.MediumImportance
		if isBack {
			front.Importance, back.Importance = widget.MediumImportance, widget.HighImportance
		}
		front.Refresh()
		back.Refresh()
	}
	front.OnTapped = func() { setSide(false) }
	back.OnTapped = func() { setSide(true) }
	setSide(false)
	list := container.NewGridWithColumns(2)
	for _, r := range content.BodyRegions {
		list.Add(a.buttonIn(pw.of(r), lang, nil, func() { pick(r, m.back) }))
	}
	sides := container.NewGridWithColumns(2, a.inScript(front, lang), a.inScript(back, lang))
	if a.rtl() {
		sides = container.NewGridWithColumns(2, a.inScript(back, lang), a.inScript(front, lang))
	}
	return vbox(sides, container.NewCenter(m), widget.NewSeparator(), list)
}
