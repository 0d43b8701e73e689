package app

import (
	"errors"
	"net/url"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"safar.app/safar/app/text"
	"safar.app/safar/content"
	"safar.app/safar/content/bundled"
	"safar.app/safar/content/release"
	"safar.app/safar/content/store"
	"safar.app/safar/userdata"
)

// captureOpened makes a's Send record the addresses it would open; fail,
// when set, is the error the platform answers (no email app, no browser).
func captureOpened(a *App, fail error) *[]string {
	var opened []string
	a.openExternal = func(u *url.URL) error {
		if fail != nil {
			return fail
		}
		opened = append(opened, u.String())
		return nil
	}
	return &opened
}

// reinstall installs the built-in pack changed by change, as an update
// from a feed whose publisher of de/ is at release 5.
func reinstall(t *testing.T, a *App, change func(p *content.Pack)) {
	t.Helper()
	pack, problems := bundled.Pack()
	if errs := content.Errors(problems); len(errs) > 0 {
		t.Fatal(errs)
	}
	change(pack)
	feed := release.Set{"safar-de": {Sequence: 5, Scope: "de/"}, "safar-se": {Sequence: 2, Scope: "se/"}}
	if err := a.content.Install(pack, store.PackInfo{Origin: "test feed", Sequence: 7, Feed: feed}); err != nil {
		t.Fatal(err)
	}
}

func TestReportAProblemByEmail(t *testing.T) {
	a := newTestApp(t, &onboardedInGermany)
	a.opts.Version = "0.1.0" // as main reads it from FyneApp.toml
	opened := captureOpened(a, nil)
	if err := a.Open("article:de-asylum"); err != nil {
		t.Fatal(err)
	}
	tapButton(t, a, "Report a problem")
	mustShow(t, a, "What is wrong?", "A wrong phone number or address", "Out of date", "Hard to understand",
		"A bad translation", "Something else", "Only this is sent")
	tapButton(t, a, "Save")
	mustShow(t, a, "Choose what is wrong first.")
	if n, _ := a.user.WaitingReports(); n != 0 {
		t.Fatalf("saved without a category: %d", n)
	}
	tapButton(t, a, "Out of date")
	typeOnto(t, a, "Tell the publisher more (optional)", "The office moved in May & has a new address.")
	tapButton(t, a, "Save")

	// Kept on the device, waiting: nothing was opened, nothing sent.
	mustShow(t, a, "Saved on this device. Nothing has been sent yet.", "Waiting to send",
		"Send opens your email app with this message to feedback@safar.app.")
	if len(*opened) != 0 {
		t.Fatalf("opened before Send: %v", *opened)
	}
	reports, err := a.user.Reports()
	if err != nil || len(reports) != 1 || !reports[0].Waiting() {
		t.Fatalf("queue: %+v, %v", reports, err)
	}
	r := reports[0]
	if r.ItemID != "de-asylum" || r.Category != "outdated" || r.Lang != "en" || r.Publisher != "Safar editorial team" ||
		r.Release != 0 || r.AppVersion != "0.1.0" || r.Folder != "de/_/" {
		t.Errorf("queued %+v", r)
	}
	wantBody := "Item: de-asylum\nTitle: " + r.Title + "\nPublisher: Safar editorial team\nRelease: 0\nLanguage: en\n" +
		"App version: " + r.AppVersion + "\nCategory: outdated\n\nThe office moved in May & has a new address.\n"
	mustShow(t, a, "Item: de-asylum")

	tapButton(t, a, "Copy text")
	if got := a.fyne.Clipboard().Content(); got != "Safar: problem report (outdated) de-asylum: "+r.Title+"\n\n"+wantBody {
		t.Errorf("copied %q", got)
	}
	mustShow(t, a, "Copied")

	a.goHome()
	mustShow(t, a, "Reports and stories", "Waiting to send: 1")
	tapCard(t, a, "Reports and stories")
	tapButton(t, a, "Send")
	if len(*opened) != 1 {
		t.Fatalf("opened %v", *opened)
	}
	u, err := url.Parse((*opened)[0])
	if err != nil || u.Scheme != "mailto" || u.Opaque != "feedback@safar.app" {
		t.Fatalf("opened %q: %v", (*opened)[0], err)
	}
	q, _ := url.ParseQuery(u.RawQuery)
	if got := q.Get("body"); got != strings.ReplaceAll(wantBody, "\n", "\r\n") {
		t.Errorf("email body %q", got)
	}
	if got := q.Get("subject"); got != "Safar: problem report (outdated) de-asylum: "+r.Title {
		t.Errorf("subject %q", got)
	}
	mustShow(t, a, "Sent on")
	mustNotShow(t, a, "Waiting to send")
	if n, _ := a.user.WaitingReports(); n != 0 {
		t.Errorf("%d still waiting after Send", n)
	}
}

// A publisher with a web form: Send fills its fields, the reader's
// right-to-left text among them, after an update that moved the channel.
func TestReportAHotlineThroughAFormInArabic(t *testing.T) {
	st := onboardedInGermany
	st.Lang = "ar"
	a := newTestApp(t, &st)
	opened := captureOpened(a, nil)
	reinstall(t, a, func(p *content.Pack) {
		for i, c := range p.Channels {
			if c.Folder == "de/" {
				p.Channels[i] = content.FeedbackChannel{Folder: "de/", Form: "https://forms.example.org/safar?usp=pp_url",
					Params: map[string]string{"id": "item", "release": "rel", "language": "lang", "category": "what", "text": "msg"}}
			}
		}
	})
	if err := a.Open("emergency"); err != nil {
		t.Fatal(err)
	}
	tapButton(t, a, a.loc.T("ReportProblem")) // the first number's: 112
	tapButton(t, a, a.loc.T("ReportWrongContact"))
	typeOnto(t, a, a.loc.T("ReportMore"), "الرقم لا يرد منذ أسبوع")
	tapButton(t, a, a.loc.T("ReportSave"))
	mustShow(t, a, a.loc.T("ReportWaiting"), a.loc.T("ReportViaForm"))
	if len(*opened) != 0 {
		t.Fatalf("opened before Send: %v", *opened)
	}
	tapButton(t, a, a.loc.T("ReportSend"))
	if len(*opened) != 1 {
		t.Fatalf("opened %v", *opened)
	}
	u, err := url.Parse((*opened)[0])
	if err != nil || u.Scheme != "https" || u.Host != "forms.example.org" || u.Path != "/safar" {
		t.Fatalf("opened %q: %v", (*opened)[0], err)
	}
	q := u.Query()
	for k, want := range map[string]string{"usp": "pp_url", "item": "de-hl-112", "rel": "5", "lang": "ar", "what": "wrong-contact"} {
		if q.Get(k) != want {
			t.Errorf("%s = %q, want %q (%s)", k, q.Get(k), want, u)
		}
	}
	if msg := q.Get("msg"); !strings.Contains(msg, "Item: de-hl-112\n") || !strings.Contains(msg, "Release: 5\n") ||
		!strings.HasSuffix(msg, "\n\nالرقم لا يرد منذ أسبوع\n") {
		t.Errorf("form text %q", msg)
	}
	if !strings.Contains((*opened)[0], "%D8%A7%D9%84%D8%B1%D9%82%D9%85") {
		t.Errorf("Arabic not percent-encoded in %s", (*opened)[0])
	}
	mustNotShow(t, a, a.loc.T("ReportWaiting"))
}

// With no email app or browser, Send says so and the report keeps waiting.
func TestSendThatCannotOpenKeepsTheReportWaiting(t *testing.T) {
	a := newTestApp(t, &onboardedInGermany)
	captureOpened(a, errors.New("no handler for mailto"))
	if err := a.Open("report:de-hl-110"); err != nil {
		t.Fatal(err)
	}
	tapButton(t, a, "Something else")
	tapButton(t, a, "Save")
	tapButton(t, a, "Send")
	mustShow(t, a, "Nothing on this device could open it. Copy the text and send it yourself.", "Waiting to send", "Copy text")
	if n, _ := a.user.WaitingReports(); n != 1 {
		t.Errorf("%d waiting, want 1", n)
	}
	tapButton(t, a, "Delete")
	mustShow(t, a, "You have not written anything yet.")
}

// A service's card has the control too; the report names the service and
// goes to the publisher of its city's folder.
func TestReportAService(t *testing.T) {
	a := newTestApp(t, &onboardedInGermany)
	if err := a.Open("service:de-berlin-svc-arrival"); err != nil {
		t.Fatal(err)
	}
	name := a.itemTitle("de-berlin-svc-arrival")
	mustShow(t, a, name)
	tapButton(t, a, "Report a problem")
	mustShow(t, a, name)
	tapButton(t, a, "A wrong phone number or address")
	tapButton(t, a, "Save")
	rs, _ := a.user.Reports()
	if len(rs) != 1 || rs[0].ItemID != "de-berlin-svc-arrival" || rs[0].Title != name || rs[0].Folder != "de/berlin/" ||
		rs[0].Category != "wrong-contact" {
		t.Errorf("queued %+v", rs)
	}
}

func TestStoriesShowOnlyWhenThereAreSome(t *testing.T) {
	a := newTestApp(t, &onboardedInGermany)
	captureOpened(a, nil)
	a.goHome()
	mustNotShow(t, a, "Stories")
	reinstall(t, a, func(p *content.Pack) {
		p.Items = append(p.Items, content.Item{ID: "de-story-test", Country: "de", Region: "_", Kind: content.KindStory,
			Slug: "story-test", Stages: []content.Stage{content.StageFirstWeeks}, OriginalLang: "en",
			Consent: "Written consent to the test publisher",
			Provenance: content.Provenance{Publisher: "Test", Source: "https://example.org/stories/test",
				ReviewedOn: content.Date{Year: 2026, Month: 11, Day: 1}, ReviewBy: content.Date{Year: 2028, Month: 11, Day: 1}},
			Translations: []content.Translation{{Lang: "en", Title: "A test story", Summary: "Only for this test.",
				Body: "Text.", Status: content.StatusOriginal}}})
	})
	a.goHome()
	mustShow(t, a, "Stories", "A test story", "Share your story")
	tapCard(t, a, "A test story")
	mustShow(t, a, "Published with consent: Written consent to the test publisher")

	// In another stage the section is gone.
	a.settings.Stage = string(content.StageBefore)
	a.goHome()
	mustNotShow(t, a, "A test story")
}

func TestShareYourStoryGoesThroughTheChannel(t *testing.T) {
	st := onboardedInGermany
	st.Lang = "fa-AF"
	a := newTestApp(t, &st)
	opened := captureOpened(a, nil)
	if err := a.Open("reports"); err != nil {
		t.Fatal(err)
	}
	tapButton(t, a, a.loc.T("StoryShare"))
	tapButton(t, a, a.loc.T("ReportSave"))
	mustShow(t, a, a.loc.T("StoryWriteFirst"))
	typeOnto(t, a, a.loc.T("StoryYours"), "قصهٔ من از کابل تا برلین")
	tapButton(t, a, a.loc.T("ReportSave"))
	mustShow(t, a, a.loc.T("ReportSaved"), a.loc.T("ReportWaiting"), a.loc.T("StoryYours"))
	tapButton(t, a, a.loc.T("ReportSend"))
	if len(*opened) != 1 || !strings.HasPrefix((*opened)[0], "mailto:feedback@safar.app?subject=Safar%3A%20a%20story%20to%20share&body=") {
		t.Fatalf("opened %v", *opened)
	}
	u, _ := url.Parse((*opened)[0])
	q, _ := url.ParseQuery(u.RawQuery)
	if body := q.Get("body"); strings.Contains(body, "Item:") || !strings.Contains(body, "Language: fa-AF\r\n") ||
		!strings.HasSuffix(body, "\r\n\r\nقصهٔ من از کابل تا برلین\r\n") {
		t.Errorf("story body %q", body)
	}
}

// A queued report outlives its item: an update that removes the item
// keeps the report, and Send still reaches the publisher.
func TestReportOutlivesItsItem(t *testing.T) {
	a := newTestApp(t, &onboardedInGermany)
	opened := captureOpened(a, nil)
	if _, err := a.user.QueueReport(userdata.QueuedReport{ItemID: "de-gone", Title: "A removed page", Publisher: "Safar editorial team",
		Lang: "en", AppVersion: "0.1.0", Category: "outdated", Folder: "xx/",
		Channel: `{"Folder":"xx/","Mailto":"old@example.org"}`}, testNow); err != nil {
		t.Fatal(err)
	}
	if err := a.Open("reports"); err != nil {
		t.Fatal(err)
	}
	mustShow(t, a, "A removed page", "Waiting to send")
	tapButton(t, a, "Send")
	if len(*opened) != 1 || !strings.HasPrefix((*opened)[0], "mailto:old@example.org?") {
		t.Errorf("opened %v", *opened)
	}
}

// TestFeedbackScreensFitLargeTextAndFingers: at twice the text size on a
// phone, in scripts of both directions, the report, the queue and the
// story screens clip no text, and every button and field is big enough
// for a finger.
func TestFeedbackScreensFitLargeTextAndFingers(t *testing.T) {
	for _, lang := range []string{"en", "ar", "fa-AF", "ti"} {
		s := onboardedInGermany
		s.Lang, s.TextScale = lang, 2
		a := newTestApp(t, &s)
		if _, err := a.user.QueueReport(userdata.QueuedReport{ItemID: "de-hl-112", Title: a.itemTitle("de-hl-112"),
			Publisher: "Safar editorial team", Lang: lang, AppVersion: "0.1.0", Category: "outdated", Text: "—",
			Folder: "de/"}, testNow); err != nil {
			t.Fatal(err)
		}
		for _, where := range []string{"report:de-hl-112", "reports", "share-story"} {
			if err := a.Open(where); err != nil {
				t.Fatal(err)
			}
			a.win.Resize(fyne.NewSize(360, 741))
			a.win.Resize(fyne.NewSize(360, 740))
			checkTextFits(t, a, lang+" "+where)
			for _, o := range visibleObjects(a.win.Content()) {
				switch o.(type) {
				case *text.Button, *widget.Entry, *text.Card:
					if sz := o.Size(); sz.Height < text.MinTouch-0.01 || sz.Width < text.MinTouch-0.01 {
						t.Errorf("%s %s: a control is %.1f×%.1f, smaller than %d dp", lang, where, sz.Width, sz.Height, text.MinTouch)
					}
				}
			}
		}
	}
}
