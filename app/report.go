package app

import (
	"errors"
	"net/url"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"safar.app/safar/app/text"
	"safar.app/safar/content"
	"safar.app/safar/content/feedback"
	"safar.app/safar/content/store"
	"safar.app/safar/userdata"
)

// problemMessages name what a reader can say is wrong.
var problemMessages = map[feedback.Category]string{
	feedback.WrongContact: "ReportWrongContact",
	feedback.Outdated:     "ReportOutdated",
	feedback.Unclear:      "ReportUnclear",
	feedback.Translation:  "ReportTranslation",
	feedback.Other:        "ReportOther",
}

// reportButton opens "Report a problem" for an article, service or
// hotline; title is its name as the reader sees it.
func (a *App) reportButton(id, title string) fyne.CanvasObject {
	b := a.button(a.loc.T("ReportProblem"), theme.MailComposeIcon(), func() { a.push(a.reportScreen(id, title)) })
	b.Importance = widget.LowImportance
	return b
}

// appVersion is the version the report names, from FyneApp.toml.
func (a *App) appVersion() string {
	if v := a.fyne.Metadata().Version; v != "" {
		return v
	}
	if a.opts.Version != "" {
		return a.opts.Version
	}
	return "dev"
}

// reportScreen lets the reader say what is wrong with item id and keep the
// report on the device. Nothing is sent from here: the report waits in
// user.db until the reader presses Send on it.
func (a *App) reportScreen(id, title string) screen {
	return screen{
		title: func() string { return a.loc.T("ReportProblem") },
		body: func() fyne.CanvasObject {
			target, err := a.content.FeedbackTarget(id)
			if err != nil {
				return a.errorText(err)
			}
			// The choices are radio buttons: the chosen one is marked by its
			// icon as well as its colour.
			var chosen feedback.Category
			choices := vbox()
			var offer func()
			offer = func() {
				choices.Objects = nil
				for _, c := range feedback.Categories {
					icon := theme.RadioButtonIcon()
					if c == chosen {
						icon = theme.RadioButtonCheckedIcon()
					}
					b := a.button(a.loc.T(problemMessages[c]), icon, func() { chosen = c; offer() })
					if c == chosen {
						b.Importance = widget.HighImportance
					}
					choices.Add(b)
				}
				choices.Refresh()
			}
			offer()
			objs := []fyne.CanvasObject{a.para(title, a.loc.Tag(), text.Strong), a.ui(a.loc.T("ReportWhat"), text.Heading), choices}
			more := widget.NewMultiLineEntry()
			more.Wrapping = fyne.TextWrapWord
			more.SetPlaceHolder(a.loc.T("ReportMore"))
			problem := text.Plain("", a.loc.Tag(), text.Strong, nil)
			save := a.button(a.loc.T("ReportSave"), theme.DocumentSaveIcon(), func() {
				if chosen == "" {
					problem.SetText(a.loc.T("ReportChooseFirst"))
					a.relayout()
					return
				}
				rid, err := a.user.QueueReport(userdata.QueuedReport{ItemID: id, Title: title, Publisher: target.Publisher,
					Release: target.Release, Lang: a.loc.Tag(), AppVersion: a.appVersion(), Category: string(chosen),
					Text: strings.TrimSpace(more.Text), Folder: target.Folder, Channel: feedback.EncodeChannel(target.Channel)}, a.now())
				if err != nil {
					problem.SetText(a.loc.T("ReportNotSaved") + " " + err.Error())
					a.relayout()
					return
				}
				// The report screen gives way to the queue, where it waits.
				a.stack[len(a.stack)-1] = a.reportsScreen(rid)
				a.show()
				a.relayout() // the wrapped paragraphs' heights are known once laid out

			})
			save.Importance = widget.HighImportance
			objs = append(objs, more,
				a.ui(a.loc.T("ReportOnlyThis"), text.Small), problem, save)
			return vbox(objs...)
		},
	}
}

// reportsScreen lists what the reader wrote to publishers, those waiting
// to send first, each with Send, Copy and Delete; justSaved, if not 0, is
// the report just written.
func (a *App) reportsScreen(justSaved int64) screen {
	return screen{
		title: func() string { return a.loc.T("FeedbackTitle") },
		body: func() fyne.CanvasObject {
			reports, err := a.user.Reports()
			if err != nil {
				return a.errorText(err)
			}
			var saved fyne.CanvasObject
			if justSaved != 0 {
				saved = a.ui(a.loc.T("ReportSaved"), text.Strong)
			}
			share := a.button(a.loc.T("StoryShare"), theme.MailComposeIcon(), func() { a.push(a.shareStoryScreen()) })
			box := vbox(saved)
			for _, r := range reports {
				box.Add(widget.NewSeparator())
				box.Add(a.reportCard(r))
			}
			if len(reports) == 0 {
				box.Add(a.ui(a.loc.T("FeedbackNone"), text.Body))
			}
			box.Add(widget.NewSeparator())
			box.Add(share)
			return box
		},
	}
}

// message is the queued report as it goes to the publisher.
func message(r userdata.QueuedReport) feedback.Report {
	return feedback.Report{ItemID: r.ItemID, Title: r.Title, Publisher: r.Publisher, Release: r.Release,
		Language: r.Lang, AppVersion: r.AppVersion, Category: feedback.Category(r.Category), Text: r.Text}
}

// channelOf is where report r goes: the channel content.db has for its
// folder now (a publisher may have moved), else the one it was saved with.
func (a *App) channelOf(r userdata.QueuedReport) content.FeedbackChannel {
	if r.Folder != "" {
		if c, err := a.content.FeedbackChannel(r.Folder); err == nil && (c.Mailto != "" || c.Form != "") {
			return c
		}
	}
	return feedback.DecodeChannel(r.Channel)
}

// reportCard shows one report: what it is about, whether it waits, the
// whole text that goes out, and where Send takes it.
func (a *App) reportCard(r userdata.QueuedReport) fyne.CanvasObject {
	m := message(r)
	ch := a.channelOf(r)
	title := r.Title
	if r.Category == string(feedback.Story) {
		title = a.loc.T("StoryYours")
	}
	state := a.ui(a.loc.T("ReportWaiting"), text.Strong)
	if !r.Waiting() {
		state = a.ui(a.loc.T("ReportSentOn", "Date", a.day(content.DateOf(r.SentAt.In(a.now().Location())))), text.Small)
	}
	var via fyne.CanvasObject
	switch {
	case ch.Mailto != "":
		via = a.ui(a.loc.T("ReportViaMail", "Address", ch.Mailto), text.Small)
	case ch.Form != "":
		via = a.ui(a.loc.T("ReportViaForm"), text.Small)
	default:
		via = a.ui(a.loc.T("ReportNoChannel"), text.Small)
	}
	note := text.Plain("", a.loc.Tag(), text.Strong, nil)
	var buttons []fyne.CanvasObject
	if address, err := feedback.URL(ch, m); err == nil {
		send := a.button(a.loc.T("ReportSend"), theme.MailSendIcon(), func() {
			u, err := url.Parse(address)
			if err == nil {
				err = a.openExternal(u)
			}
			if err != nil {
				fyne.LogError("open the feedback channel", err)
				note.SetText(a.loc.T("ReportOpenFailed"))
				a.relayout()
				return
			}
			if err := a.user.MarkReportSent(r.ID, a.now()); err != nil && !errors.Is(err, userdata.ErrReportMissing) {
				note.SetText(err.Error())
				a.relayout()
				return
			}
			a.show()
		})
		send.Importance = widget.HighImportance
		buttons = append(buttons, send)
	} else if !errors.Is(err, feedback.ErrNoChannel) {
		fyne.LogError("feedback channel", err)
	}
	var copyB *text.Button
	copyB = a.button(a.loc.T("ReportCopy"), theme.ContentCopyIcon(), func() {
		a.fyne.Clipboard().SetContent(m.Message())
		copyB.SetText(a.loc.T("ReportCopied"))
	})
	del := a.button(a.loc.T("ReportDelete"), theme.DeleteIcon(), func() {
		if err := a.user.DeleteReport(r.ID); err != nil && !errors.Is(err, userdata.ErrReportMissing) {
			note.SetText(err.Error())
			a.relayout()
			return
		}
		a.show()
	})
	del.Importance = widget.LowImportance
	buttons = append(buttons, copyB, del)
	// The whole text that goes out, line by line: the labelled lines are
	// English for the publisher, the reader's own lines in their language.
	sent := vbox()
	for i, line := range strings.Split(strings.TrimRight(m.Message(), "\n"), "\n") {
		lang := "en"
		if i > 0 && !isLabelLine(line) {
			lang = r.Lang
		}
		if strings.TrimSpace(line) != "" {
			sent.Add(a.para(line, lang, text.Small))
		}
	}
	return vbox(
		a.para(title, r.Lang, text.Strong),
		state,
		sent,
		via, note,
		a.grid(2, buttons...),
	)
}

// isLabelLine reports whether line is one of the report's "Label: value"
// lines rather than the reader's text.
func isLabelLine(line string) bool {
	for _, l := range []string{"Item: ", "Title: ", "Publisher: ", "Release: ", "Language: ", "App version: ", "Category: "} {
		if strings.HasPrefix(line, l) {
			return true
		}
	}
	return false
}

// feedbackTile leads from home to the reports and stories the reader
// wrote, saying how many wait to be sent.
func (a *App) feedbackTile() fyne.CanvasObject {
	n, err := a.user.WaitingReports()
	if err != nil {
		return a.errorText(err)
	}
	title := a.loc.T("FeedbackTitle")
	hint := a.loc.T("FeedbackHint")
	if n > 0 {
		hint = a.loc.T("FeedbackWaitingCount", "Count", n)
	}
	return text.NewCard(title, vbox(a.ui(title, text.Strong), a.ui(hint, text.Small)),
		func() { a.push(a.reportsScreen(0)) })
}

// storyTarget is where a story from the reader goes: the publisher of
// their country's folder, with the release installed for it.
func (a *App) storyTarget() (store.FeedbackTarget, error) {
	folder := a.settings.Country + "/"
	ch, err := a.content.FeedbackChannel(folder)
	if err != nil {
		return store.FeedbackTarget{}, err
	}
	rel, err := a.content.ReleaseOf(folder)
	return store.FeedbackTarget{Folder: folder, Channel: ch, Release: rel}, err
}

// feedbackScreen is the screen Open names "report:<id>", "reports" or
// "share-story".
func (a *App) feedbackScreen(name, id string) screen {
	switch name {
	case "report":
		return a.reportScreen(id, a.itemTitle(id))
	case "share-story":
		return a.shareStoryScreen()
	}
	return a.reportsScreen(0)
}

// itemTitle is the name of an article, service or hotline in the reader's
// language, for a report opened by its id alone.
func (a *App) itemTitle(id string) string {
	if art, err := a.content.Article(id, a.chain()); err == nil {
		return art.Title
	}
	country, _, _ := strings.Cut(id, "-")
	if services, err := a.content.Services(country, []content.Kind{content.KindService, content.KindProgramme}, a.chain()); err == nil {
		for _, sv := range services {
			if sv.ID == id {
				return sv.Name
			}
		}
	}
	if lines, err := a.content.Hotlines(country, a.chain()); err == nil {
		for _, h := range lines {
			if h.ID == id {
				return h.Label
			}
		}
	}
	return id
}
