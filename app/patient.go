package app

import (
	"fmt"
	"image/color"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
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
func (b *phrasebook) words(chain []string) answerWords {
	a := b.a
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
// large, with answer controls labelled in their language and laid out in
// their reading direction. The answer goes into the conversation in the
// clinician's language.
func (b *phrasebook) patientScreen(id string) screen {
	a := b.a
	var title string
	return screen{
		script:    b.patientScript,
		titleLang: b.patientLang,
		fixed:     true,
		title:     func() string { return title },
		body: func() fyne.CanvasObject {
			clinician, patient := b.chains()
			p, err := a.content.Phrase(id, clinician, patient)
			if err != nil {
				return a.errorText(err)
			}
			// The title is the phrase's category, in the patient's words.
			title = p.Category
			if cats, err := a.content.PhraseCategories(patient); err == nil {
				for _, c := range cats {
					if c.ID == p.Category {
						title = c.Name
					}
				}
			}
			pw, cw := b.words(patient), b.words(clinician)
			lang := p.Patient.Lang
			record := func(answer string) {
				b.talk.record(exchange{at: a.now(), question: p.Clinician.Text, answer: answer})
				a.back()
			}
			var view *fyne.Container
			relayout := func() {
				if view != nil {
					view.Refresh()
				}
			}
			var controls fyne.CanvasObject
			switch p.Answer {
			case content.AnswerYesNo:
				controls = b.patientChoices(lang, []patientOption{
					{pw.of("answer-yes"), func() { record(cw.of("answer-yes")) }},
					{pw.of("answer-no"), func() { record(cw.of("answer-no")) }},
					{pw.of("answer-dont-know"), func() { record(cw.of("answer-dont-know")) }},
				})
			case content.AnswerScale:
				controls = painScale(a, lang, pw, func(n int) { record(fmt.Sprintf("%d/10", n)) })
			case content.AnswerBody:
				controls = b.bodyAnswer(lang, pw, func(region string, back bool) {
					side := cw.of("answer-front")
					if back {
						side = cw.of("answer-back")
					}
					record(cw.of(region) + " (" + side + ")")
				})
			case content.AnswerDuration:
				controls = b.durationAnswer(lang, pw, relayout, func(n int, unit string) {
					record(strconv.Itoa(n) + " " + cw.of(unit))
				})
			case content.AnswerChoice:
				var opts []patientOption
				for i := range p.OptionIDs {
					label, answer := optionText(p.Patient, i), optionText(p.Clinician, i)
					opts = append(opts, patientOption{label, func() { record(answer) }})
				}
				controls = b.patientChoices(lang, opts)
			default: // a statement: nothing to answer
				done := a.button("", a.backIcon(), a.back)
				done.Name = a.loc.T("Back")
				controls = tall(done, 1.5*text.MinTouch)
			}
			view = container.New(patientLayout{keep: func() float32 { return firstAnswers(p.Answer, controls) }},
				container.NewVScroll(a.para(p.Patient.Text, lang, text.Patient)),
				widget.NewSeparator(),
				container.NewVScroll(controls))
			return view
		},
	}
}

// patientLayout shares the screen between the question and its answers.
// The patient must read the whole question, so it gets what it needs, as
// long as the first three answers (keep) still show under it; the answers
// scroll below. Only a question too long for that scrolls, in at least a
// third of the height. At twice the text size a long question no longer
// pushes every answer off the screen.
type patientLayout struct{ keep func() float32 }

func (l patientLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	question, sep, answers := objs[0], objs[1], objs[2]
	gap := theme.Padding()
	avail := size.Height - 2*gap - sep.MinSize().Height
	need := func(o fyne.CanvasObject) float32 {
		c := o.(*container.Scroll).Content
		c.Resize(fyne.NewSize(size.Width, c.MinSize().Height)) // wrapped text learns its height at this width
		return c.MinSize().Height
	}
	qNeed := need(question)
	need(answers)
	qh := min(qNeed, max(avail/3, avail-l.keep()))
	question.Move(fyne.NewPos(0, 0))
	question.Resize(fyne.NewSize(size.Width, qh))
	sep.Move(fyne.NewPos(0, qh+gap))
	sep.Resize(fyne.NewSize(size.Width, sep.MinSize().Height))
	answers.Move(fyne.NewPos(0, qh+2*gap+sep.MinSize().Height))
	answers.Resize(fyne.NewSize(size.Width, avail-qh))
}

// firstAnswers is the height the first three answers of controls take,
// as each answer kind lays them out (see the builders below).
func firstAnswers(kind content.AnswerKind, controls fyne.CanvasObject) float32 {
	pad := theme.Padding()
	box, ok := controls.(*fyne.Container)
	if !ok {
		return controls.MinSize().Height
	}
	first := func(objs []fyne.CanvasObject, n int) float32 {
		var h float32
		for i := 0; i < n && i < len(objs); i++ {
			h += objs[i].MinSize().Height + pad
		}
		return h
	}
	switch kind {
	case content.AnswerYesNo, content.AnswerChoice:
		return first(box.Objects, 3)
	case content.AnswerScale: // "0 = …", then the first row of four faces
		return box.Objects[0].MinSize().Height + pad + box.Objects[1].MinSize().Height/3
	case content.AnswerBody: // front and back, then head, neck and arms of the map
		return box.Objects[0].MinSize().Height + pad + 0.45*box.Objects[1].MinSize().Height
	case content.AnswerDuration: // the first three units
		return first(box.Objects[0].(*fyne.Container).Objects, 3)
	}
	return controls.MinSize().Height
}

func (patientLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var w, h float32
	for _, o := range objs {
		m := o.MinSize()
		w = max(w, m.Width)
		h += m.Height
	}
	return fyne.NewSize(w, h+2*theme.Padding())
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
func (b *phrasebook) patientChoices(lang string, opts []patientOption) fyne.CanvasObject {
	a := b.a
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

// painScale is 0–10 with faces, from calm green to red, in the patient's
// reading direction: 0 at the top right for a patient who reads right to
// left. "0 = no pain" sits above the half of the first row where 0 is,
// "10 = worst pain" below the half of the last row where 10 is.
func painScale(a *App, lang string, pw answerWords, pick func(int)) fyne.CanvasObject {
	const perRow = 4
	rtl := locales.RightToLeft(lang)
	var faces []fyne.CanvasObject
	for n := 0; n <= 10; n++ {
		img := canvas.NewImageFromImage(cachedPainFace(n, 96))
		img.FillMode = canvas.ImageFillContain
		img.SetMinSize(fyne.NewSize(text.MinTouch, text.MinTouch))
		// The number through Safar's text, not a Fyne label: a label's bold
		// theme font is parsed apart from the text engine's (with every
		// fallback font, about 7 MB kept for the rest of the session).
		faces = append(faces, text.NewCard(strconv.Itoa(n), vbox(img, text.Centred(strconv.Itoa(n), lang, text.Strong)),
			func() { pick(n) }))
	}
	zero := a.para("0 = "+pw.of("answer-scale-none"), lang, text.Strong)
	ten := a.para("10 = "+pw.of("answer-scale-worst"), lang, text.Strong)
	return vbox(
		gridIn(rtl, 2, zero, layout.NewSpacer()),
		gridIn(rtl, perRow, faces...),
		gridIn(rtl, 2, layout.NewSpacer(), ten),
	)
}

// durationAnswer asks how long: first a unit, then a number. changed is
// called when the numbers appear, so the screen makes room for them.
func (b *phrasebook) durationAnswer(lang string, pw answerWords, changed func(), pick func(int, string)) fyne.CanvasObject {
	a := b.a
	units := []string{"duration-hours", "duration-days", "duration-weeks", "duration-months", "duration-years"}
	var unit string
	unitBox := container.NewGridWithColumns(1)
	var buttons []*text.Button
	var numbers *fyne.Container
	for _, u := range units {
		unitB := a.buttonIn(pw.of(u), lang, nil, nil)
		unitB.Importance = widget.MediumImportance
		unitB.OnTapped = func() {
			unit = u
			for _, o := range buttons {
				o.Importance = widget.MediumImportance
				o.Refresh()
			}
			unitB.Importance = widget.HighImportance
			unitB.Refresh()
			numbers.Show()
			changed()
		}
		buttons = append(buttons, unitB)
		unitBox.Add(a.inScript(tall(unitB, 1.5*text.MinTouch), lang))
	}
	var cells []fyne.CanvasObject
	for n := 1; n <= 12; n++ {
		cells = append(cells, tall(a.button(strconv.Itoa(n), nil, func() {
			if unit != "" {
				pick(n, unit)
			}
		}), text.MinTouch))
	}
	numbers = gridIn(locales.RightToLeft(lang), 4, cells...)
	numbers.Hide()
	return vbox(unitBox, widget.NewSeparator(), numbers)
}

// bodyAnswer is the body map, front and back, with a list of the regions
// under it for whoever cannot point precisely (and for screen readers).
func (b *phrasebook) bodyAnswer(lang string, pw answerWords, pick func(region string, back bool)) fyne.CanvasObject {
	a := b.a
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
	var regions []fyne.CanvasObject
	for _, r := range content.BodyRegions {
		regions = append(regions, a.buttonIn(pw.of(r), lang, nil, func() { pick(r, m.back) }))
	}
	// Front first, in the patient's reading order; the list of regions too.
	rtl := locales.RightToLeft(lang)
	sides := gridIn(rtl, 2, a.inScript(front, lang), a.inScript(back, lang))
	return vbox(sides, container.NewCenter(m), widget.NewSeparator(), gridIn(rtl, 2, regions...))
}

// gridIn lays objects out in rows of exactly cols, in reading order (right
// to left when rtl). The patient's controls keep their geometry at every
// text size: four faces a row, the 0 and 10 labels each over its half.
func gridIn(rtl bool, cols int, objs ...fyne.CanvasObject) *fyne.Container {
	g := container.NewGridWithColumns(cols)
	for row := 0; row*cols < len(objs); row++ {
		cells := make([]fyne.CanvasObject, cols)
		for i := range cells {
			n, col := row*cols+i, i
			if rtl {
				col = cols - 1 - i
			}
			if n < len(objs) {
				cells[col] = objs[n]
			} else {
				cells[col] = layout.NewSpacer()
			}
		}
		for _, c := range cells {
			g.Add(c)
		}
	}
	return g
}
