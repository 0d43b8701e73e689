package app

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"safar.app/safar/app/text"
	"safar.app/safar/content"
	"safar.app/safar/content/feedback"
	"safar.app/safar/userdata"
)

// storiesSection shows, on home, the stories for the reader's country and
// stage, with "Share your story"; nothing when there are none. Stories
// are real accounts published with consent: the pack invents none.
func (a *App) storiesSection() fyne.CanvasObject {
	stories, err := a.content.Stories(a.settings.Country, content.Stage(a.settings.Stage), a.chain())
	if err != nil {
		return a.errorText(err)
	}
	if len(stories) == 0 {
		return nil
	}
	box := vbox(a.ui(a.loc.T("StoriesTitle"), text.Heading))
	for _, s := range stories {
		box.Add(a.itemCard(s))
	}
	box.Add(a.button(a.loc.T("StoryShare"), theme.MailComposeIcon(), func() { a.push(a.shareStoryScreen()) }))
	return box
}

// storyConsent says, on a story, how its person agreed to publish it;
// nothing on other items.
func (a *App) storyConsent(id string) fyne.CanvasObject {
	consent, err := a.content.StoryConsent(id)
	if err != nil || consent == "" {
		return nil
	}
	return a.ui(a.loc.T("StoryConsent", "Consent", consent), text.Small)
}

// shareStoryScreen composes a story for the publisher of the reader's
// country. It is kept on the device, like a report, until they send it.
func (a *App) shareStoryScreen() screen {
	return screen{
		title: func() string { return a.loc.T("StoryShare") },
		body: func() fyne.CanvasObject {
			name, _ := a.content.CountryName(a.settings.Country, a.chain())
			story := widget.NewMultiLineEntry()
			story.Wrapping = fyne.TextWrapWord
			story.SetMinRowsVisible(6)
			story.SetPlaceHolder(a.loc.T("StoryYours"))
			problem := text.Plain("", a.loc.Tag(), text.Strong, nil)
			save := a.button(a.loc.T("ReportSave"), theme.DocumentSaveIcon(), func() {
				body := strings.TrimSpace(story.Text)
				if body == "" {
					problem.SetText(a.loc.T("StoryWriteFirst"))
					a.relayout()
					return
				}
				target, err := a.storyTarget()
				if err != nil {
					problem.SetText(err.Error())
					a.relayout()
					return
				}
				rid, err := a.user.QueueReport(userdata.QueuedReport{Release: target.Release, Lang: a.loc.Tag(),
					AppVersion: a.appVersion(), Category: string(feedback.Story), Text: body, Folder: target.Folder,
					Channel: feedback.EncodeChannel(target.Channel)}, a.now())
				if err != nil {
					problem.SetText(a.loc.T("ReportNotSaved") + " " + err.Error())
					a.relayout()
					return
				}
				a.stack[len(a.stack)-1] = a.reportsScreen(rid)
				a.show()
				a.relayout() // the wrapped paragraphs' heights are known once laid out

			})
			save.Importance = widget.HighImportance
			return vbox(a.ui(a.loc.T("StoryShareHint", "Country", name), text.Body), story,
				a.ui(a.loc.T("StoryOnlyThis"), text.Small), problem, save)
		},
	}
}
