package app

import (
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"safar.app/safar/app/text"
	"safar.app/safar/content"
	"safar.app/safar/locales"
	"safar.app/safar/userdata"
)

// dueSoonDays is how close a deadline is when home and the checklist
// highlight its step: a week leaves time to get an appointment.
const dueSoonDays = 7

// stepView is a publisher's step as the reader sees it: its text in the
// reader's language, their tick, and what changed since they ticked it.
type stepView struct {
	list    content.Checklist
	step    content.Step
	text    content.StepText
	tick    *userdata.Tick
	changed bool         // ticked, and the publisher changed the step since
	due     content.Date // zero without a deadline or an arrival date
}

func (v stepView) key() userdata.TickKey {
	return userdata.TickKey{Checklist: v.list.ID, Step: v.step.ID}
}

// stageList is everything of one stage of the journey: the publishers'
// checklists for the destination (and, before leaving, for the country of
// origin), the reader's ticks, ticks whose step the publisher removed, and
// the reader's own steps.
type stageList struct {
	stage   content.Stage
	lists   []content.Checklist
	steps   [][]stepView // per list
	removed []userdata.Tick
	own     []userdata.OwnStep
}

// countries are the countries whose checklists belong to stage: the
// destination, and before arriving the country the reader leaves.
func (a *App) checklistCountries(stage content.Stage) []string {
	cs := []string{a.settings.Country}
	if a.settings.Origin != "" && (stage == content.StageBefore || stage == content.StageOnTheWay) {
		cs = append([]string{a.settings.Origin}, cs...)
	}
	return cs
}

// arrival is the day the reader arrived, if they said.
func (a *App) arrival() (content.Date, bool) {
	d, err := content.ParseDate(a.settings.Arrival)
	return d, err == nil
}

// loadStage reads the checklists of stage and joins the reader's ticks.
func (a *App) loadStage(stage content.Stage) (stageList, error) {
	sl := stageList{stage: stage}
	arrived, known := a.arrival()
	for _, country := range a.checklistCountries(stage) {
		lists, err := a.content.Checklists(country, stage)
		if err != nil {
			return sl, err
		}
		ticks, err := a.user.Ticks(country, string(stage))
		if err != nil {
			return sl, err
		}
		for _, c := range lists {
			var views []stepView
			for _, s := range c.Steps {
				v := stepView{list: c, step: s, text: s.Text(a.chain(), c.OriginalLang)}
				if t, ok := ticks[v.key()]; ok {
					v.tick = &t
					v.changed = t.Fingerprint != s.Fingerprint(c.OriginalLang)
					delete(ticks, v.key())
				}
				if known && !s.Deadline.IsZero() {
					v.due = s.Deadline.Due(arrived)
				}
				views = append(views, v)
			}
			sl.lists = append(sl.lists, c)
			sl.steps = append(sl.steps, views)
		}
		// What is left are ticks of steps no longer in the pack.
		for _, t := range ticks {
			sl.removed = append(sl.removed, t)
		}
	}
	own, err := a.user.OwnSteps(a.settings.Country, string(stage))
	if err != nil {
		return sl, err
	}
	sl.own = own
	return sl, nil
}

// progress counts the steps done of all there are, the reader's own too.
func (sl stageList) progress() (done, total int) {
	for _, views := range sl.steps {
		for _, v := range views {
			total++
			if v.tick != nil {
				done++
			}
		}
	}
	for _, o := range sl.own {
		total++
		if o.Done {
			done++
		}
	}
	return done, total
}

// urgent lists the steps not done whose deadline is past or within
// dueSoonDays of today, soonest first.
func (sl stageList) urgent(today content.Date) []stepView {
	var out []stepView
	for _, views := range sl.steps {
		for _, v := range views {
			if v.tick == nil && !v.due.IsZero() && today.DaysUntil(v.due) <= dueSoonDays {
				out = append(out, v)
			}
		}
	}
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].due.Before(out[j-1].due); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// next is the first publisher's step not done yet.
func (sl stageList) next() (stepView, bool) {
	for _, views := range sl.steps {
		for _, v := range views {
			if v.tick == nil {
				return v, true
			}
		}
	}
	return stepView{}, false
}

func (sl stageList) hasDeadlines() bool {
	for _, views := range sl.steps {
		for _, v := range views {
			if !v.step.Deadline.IsZero() {
				return true
			}
		}
	}
	return false
}

// changedCount counts ticked steps the publisher has changed or removed.
func (sl stageList) changedCount() int {
	n := len(sl.removed)
	for _, views := range sl.steps {
		for _, v := range views {
			if v.changed {
				n++
			}
		}
	}
	return n
}

// checklistSection is home's card for the reader's stage: its progress,
// the steps whose deadline is near, and changes to ticked steps. Tapping
// it opens the whole checklist.
func (a *App) checklistSection() fyne.CanvasObject {
	stage := content.Stage(a.settings.Stage)
	if !stage.Valid() {
		return nil
	}
	sl, err := a.loadStage(stage)
	if err != nil {
		return a.errorText(err)
	}
	title := a.loc.T("ChecklistHomeTitle", "Stage", a.loc.T(stageMessages[stage]))
	parts := []fyne.CanvasObject{a.ui(title, text.Strong)}
	done, total := sl.progress()
	if total == 0 {
		parts = append(parts, a.ui(a.loc.T("ChecklistEmpty"), text.Small))
	} else {
		parts = append(parts, a.ui(a.loc.T("ChecklistProgress", "Done", done, "Total", total), text.Body),
			a.progressBar(done, total))
	}
	urgent := sl.urgent(a.today())
	for i, v := range urgent {
		if i == 2 {
			break
		}
		parts = append(parts, a.warning(v.text.Text+" · "+a.dueText(v)))
	}
	if next, ok := sl.next(); ok && len(urgent) == 0 {
		parts = append(parts, a.ui(a.loc.T("ChecklistNext"), text.Small), a.para(next.text.Text, next.text.Lang, text.Body))
	}
	if _, known := a.arrival(); !known && sl.hasDeadlines() {
		parts = append(parts, a.ui(a.loc.T("ChecklistNoArrival"), text.Small))
	}
	if n := sl.changedCount(); n > 0 {
		parts = append(parts, a.ui(a.loc.T("ChecklistChangedCount", "Count", n), text.Small))
	}
	return text.NewCard(title, vbox(parts...), func() { a.push(a.checklistScreen(stage)) })
}

// progressBar is a thin bar filled by done of total, from the start of
// the line: from the right in right-to-left languages. Fyne's own bar
// always fills from the left.
func (a *App) progressBar(done, total int) fyne.CanvasObject {
	track := canvas.NewRectangle(theme.Color(theme.ColorNameDisabledButton))
	fill := canvas.NewRectangle(theme.Color(theme.ColorNamePrimary))
	track.CornerRadius, fill.CornerRadius = 3, 3
	return container.New(&barLayout{part: float32(done) / float32(max(total, 1)), rtl: a.rtl()}, track, fill)
}

type barLayout struct {
	part float32
	rtl  bool
}

func (l *barLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	objs[0].Resize(size)
	objs[0].Move(fyne.NewPos(0, 0))
	w := size.Width * l.part
	objs[1].Resize(fyne.NewSize(w, size.Height))
	if l.rtl {
		objs[1].Move(fyne.NewPos(size.Width-w, 0))
	} else {
		objs[1].Move(fyne.NewPos(0, 0))
	}
}

func (l *barLayout) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.NewSize(40, 8) }

// dueText says when a step is due: its date and whether it has passed,
// or, without an arrival date, how long after arrival.
func (a *App) dueText(v stepView) string {
	d := v.step.Deadline
	if v.due.IsZero() {
		return a.loc.N(map[content.Unit]string{content.Days: "ChecklistWithinDays",
			content.Weeks: "ChecklistWithinWeeks", content.Months: "ChecklistWithinMonths"}[d.Unit], d.Count)
	}
	if v.due.Before(a.today()) {
		return a.loc.T("ChecklistOverdue", "Date", a.day(v.due))
	}
	return a.loc.T("ChecklistDueBy", "Date", a.day(v.due))
}

// checklistScreen is the whole checklist of one stage: the publishers'
// steps to tick, each with its reason, deadline and link; ticked steps
// the publisher changed or removed since, with what they said; the
// reader's own steps; and the arrival date deadlines count from.
func (a *App) checklistScreen(stage content.Stage) screen {
	return screen{
		title: func() string {
			return a.loc.T("ChecklistHomeTitle", "Stage", a.loc.T(stageMessages[stage]))
		},
		body: func() fyne.CanvasObject {
			sl, err := a.loadStage(stage)
			if err != nil {
				return a.errorText(err)
			}
			box := vbox()
			done, total := sl.progress()
			if total > 0 {
				box.Add(a.ui(a.loc.T("ChecklistProgress", "Done", done, "Total", total), text.Strong))
			}
			if sl.hasDeadlines() {
				box.Add(a.arrivalRow())
			}
			for i, c := range sl.lists {
				title, lang := c.Title(a.chain())
				box.Add(widget.NewSeparator())
				box.Add(a.para(title, lang, text.Heading))
				if c.Provenance.Overdue(a.today()) {
					box.Add(a.warning(a.loc.T("ReviewOverdue", "Date", a.day(c.Provenance.ReviewBy))))
				}
				// Steps not yet translated are shown in the original, and
				// said so once, as articles are.
				machine, other := false, ""
				for _, v := range sl.steps[i] {
					machine = machine || v.text.Status == content.StatusMachine
					if other == "" && !content.SameLanguage(v.text.Lang, a.loc.Tag()) {
						other = v.text.Lang
					}
				}
				if other != "" {
					box.Add(a.ui(a.loc.T("ShownInOtherLanguage", "Language", locales.NameOf(other)), text.Small))
				}
				if machine {
					box.Add(a.ui(a.loc.T("MachineTranslated"), text.Small))
				}
				for _, v := range sl.steps[i] {
					box.Add(a.stepRow(v))
				}
				box.Add(a.provenance(c.Provenance))
			}
			if len(sl.removed) > 0 {
				box.Add(widget.NewSeparator())
				box.Add(a.ui(a.loc.T("ChecklistRemovedHeading"), text.Heading))
				for _, t := range sl.removed {
					box.Add(a.removedRow(t))
				}
			}
			box.Add(widget.NewSeparator())
			box.Add(a.ui(a.loc.T("ChecklistOwnHeading"), text.Heading))
			if len(sl.lists) == 0 && len(sl.own) == 0 {
				box.Add(a.ui(a.loc.T("ChecklistEmpty"), text.Body))
			}
			for _, o := range sl.own {
				box.Add(a.ownStepRow(o))
			}
			box.Add(a.ownStepForm(stage))
			box.Add(widget.NewSeparator())
			box.Add(a.ui(a.loc.T("ChecklistOtherStages"), text.Strong))
			var stages []choice
			for _, st := range content.Stages {
				stages = append(stages, choice{string(st), a.loc.T(stageMessages[st]), a.loc.Tag()})
			}
			box.Add(a.choices(stages, string(stage), func(st string) {
				a.stack[len(a.stack)-1] = a.checklistScreen(content.Stage(st))
				a.show()
			}))
			return box
		},
	}
}

// tickBox is a step's text behind a check box, at the start of the line:
// on the right in right-to-left languages. The whole card ticks.
func (a *App) tickBox(label string, done bool, body fyne.CanvasObject, tap func()) fyne.CanvasObject {
	icon := theme.CheckButtonIcon()
	if done {
		icon = theme.CheckButtonCheckedIcon()
	}
	box := widget.NewIcon(icon)
	row := container.NewBorder(nil, nil, box, nil, body)
	if a.rtl() {
		row = container.NewBorder(nil, nil, nil, box, body)
	}
	return text.NewCard(label, row, tap)
}

// stepRow is one publisher's step: tick it, read why, see its deadline,
// open what it links to, and see what changed since it was ticked.
func (a *App) stepRow(v stepView) fyne.CanvasObject {
	role := text.Body
	urgent := v.tick == nil && !v.due.IsZero() && a.today().DaysUntil(v.due) <= dueSoonDays
	if urgent {
		role = text.Strong
	}
	parts := []fyne.CanvasObject{a.para(v.text.Text, v.text.Lang, role)}
	if v.text.Reason != "" {
		parts = append(parts, a.para(v.text.Reason, v.text.Lang, text.Small))
	}
	if !v.step.Deadline.IsZero() && !urgent {
		parts = append(parts, a.ui(a.dueText(v), text.Small))
	}
	card := a.tickBox(v.text.Text, v.tick != nil, vbox(parts...), func() {
		var err error
		if v.tick != nil {
			err = a.user.Untick(v.key())
		} else {
			err = a.tickStep(v)
		}
		a.afterChecklistChange(err)
	})
	out := []fyne.CanvasObject{card}
	if urgent {
		out = append(out, a.warning(a.dueText(v)))
	}
	if v.changed {
		out = append(out, a.warning(a.loc.T("ChecklistChanged")),
			a.para(a.loc.T("ChecklistWasText", "Text", v.tick.Text), v.tick.Lang, text.Small),
			a.button(a.loc.T("ChecklistStillDone"), theme.ConfirmIcon(), func() { a.afterChecklistChange(a.tickStep(v)) }))
	}
	if v.step.Link != "" {
		out = append(out, a.linkButton(v.step.Link))
	}
	return vbox(out...)
}

// tickStep ticks v, remembering the step as the reader reads it now.
func (a *App) tickStep(v stepView) error {
	return a.user.Tick(userdata.Tick{Checklist: v.list.ID, Step: v.step.ID, Country: v.list.Country, Stage: string(v.list.Stage),
		Fingerprint: v.step.Fingerprint(v.list.OriginalLang), Text: v.text.Text, Lang: v.text.Lang, At: a.now()})
}

// linkButton opens the item a step links to, named by its title.
func (a *App) linkButton(id string) fyne.CanvasObject {
	label := a.loc.T("ChecklistOpenLink")
	if art, err := a.content.Article(id, a.chain()); err == nil {
		label = a.loc.T("ChecklistOpenItem", "Title", art.Title)
	}
	forward := theme.NavigateNextIcon()
	if a.rtl() {
		forward = theme.NavigateBackIcon()
	}
	b := a.button(label, forward, func() { a.openItem(id) })
	b.Importance = widget.LowImportance
	return b
}

// removedRow is a tick whose step the publisher removed: what it said,
// and a way to let it go. It is never dropped without the reader.
func (a *App) removedRow(t userdata.Tick) fyne.CanvasObject {
	return vbox(
		a.warning(a.loc.T("ChecklistRemoved")),
		a.para(a.loc.T("ChecklistWasText", "Text", t.Text), t.Lang, text.Body),
		a.button(a.loc.T("ChecklistForget"), theme.DeleteIcon(), func() { a.afterChecklistChange(a.user.Untick(t.Key())) }),
	)
}

func (a *App) ownStepRow(o userdata.OwnStep) fyne.CanvasObject {
	card := a.tickBox(o.Text, o.Done, a.ui(o.Text, text.Body), func() {
		a.afterChecklistChange(a.user.SetOwnStepDone(o.ID, !o.Done))
	})
	del := a.button("", theme.DeleteIcon(), func() { a.afterChecklistChange(a.user.DeleteOwnStep(o.ID)) })
	del.Name = a.loc.T("ChecklistDeleteOwn")
	return rowIn(a.rtl(), card, del)
}

// ownStepForm adds a step of the reader's own to stage.
func (a *App) ownStepForm(stage content.Stage) fyne.CanvasObject {
	entry := widget.NewEntry()
	entry.SetPlaceHolder(a.loc.T("ChecklistOwnPlaceholder"))
	problem := text.Plain("", a.loc.Tag(), text.Strong, a.openURL)
	add := func() {
		_, err := a.user.AddOwnStep(a.settings.Country, string(stage), entry.Text, a.now())
		if errors.Is(err, userdata.ErrEmptyStep) {
			problem.SetText(a.loc.T("ChecklistOwnEmpty"))
			return
		}
		a.afterChecklistChange(err)
	}
	entry.OnSubmitted = func(string) { add() }
	return vbox(entry, problem, a.button(a.loc.T("ChecklistOwnAdd"), theme.ContentAddIcon(), add))
}

// arrivalRow shows the day the reader arrived, from which deadlines
// count, and lets them set or change it.
func (a *App) arrivalRow() fyne.CanvasObject {
	entry := widget.NewEntry()
	entry.SetPlaceHolder(a.loc.T("ChecklistArrivalPlaceholder"))
	problem := text.Plain("", a.loc.Tag(), text.Strong, a.openURL)
	save := func() {
		d, err := content.ParseDate(strings.TrimSpace(entry.Text))
		if err != nil {
			problem.SetText(a.loc.T("ChecklistArrivalBad"))
			return
		}
		a.settings.Arrival = d.String()
		a.save()
		a.show()
	}
	entry.OnSubmitted = func(string) { save() }
	form := vbox(entry, problem, a.button(a.loc.T("ChecklistArrivalSave"), theme.ConfirmIcon(), save))
	arrived, known := a.arrival()
	if !known {
		return vbox(a.ui(a.loc.T("ChecklistArrivalAsk"), text.Body), form)
	}
	form.Hide()
	var change *text.Button
	change = a.button(a.loc.T("ChecklistArrivalChange"), nil, func() {
		entry.SetText(arrived.String())
		form.Show()
		change.Hide()
	})
	return vbox(a.ui(a.loc.T("ChecklistArrivedOn", "Date", a.day(arrived)), text.Body), change, form)
}

// afterChecklistChange redraws after a tick or a new step, or says why
// it could not be saved.
func (a *App) afterChecklistChange(err error) {
	if err != nil {
		fyne.LogError("checklist", err)
		a.push(a.noticeScreen("AppName", func() fyne.CanvasObject { return a.errorText(err) }))
		return
	}
	if a.scroll != nil {
		a.stack[len(a.stack)-1].scrollY = a.scroll.Offset.Y // stay where the reader was
	}
	a.show()
}
