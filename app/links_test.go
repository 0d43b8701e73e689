package app

import (
	"errors"
	"net/url"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"safar.app/safar/app/text"
	"safar.app/safar/locales"
)

// tapLink taps the link to target in the text on screen.
func tapLink(t *testing.T, a *App, target string) {
	t.Helper()
	for _, o := range objects(a) {
		p, ok := o.(*text.Paragraph)
		if !ok {
			continue
		}
		for _, d := range p.Drawn() {
			if d.Link == target {
				test.TapAt(p, fyne.NewPos(d.X+d.W/2, d.Y+d.H/2))
				return
			}
		}
	}
	t.Fatalf("no link to %s on screen:\n%s", target, screenText(a))
}

// TestLinkBetweenArticlesOpensIt: in English and in Arabic, a link from one
// article to another opens it inside Safar, in the reader's language, and
// Back returns to the first article where the reader had scrolled to.
func TestLinkBetweenArticlesOpensIt(t *testing.T) {
	for _, lang := range []string{"en", "ar"} {
		s := onboardedInGermany
		s.Lang = lang
		a := newTestApp(t, &s)
		from, _ := a.content.Article("de-health-work-school", a.chain())
		to, _ := a.content.Article("de-seeing-a-doctor", a.chain())
		if from.Lang != lang || to.Lang != lang {
			t.Fatalf("%s: the articles are in %s and %s", lang, from.Lang, to.Lang)
		}
		if err := a.Open("article:de-health-work-school"); err != nil {
			t.Fatal(err)
		}
		a.scroll.ScrollToOffset(fyne.NewPos(0, 200))
		tapLink(t, a, "safar:de-seeing-a-doctor")
		mustShow(t, a, to.Title)
		mustNotShow(t, a, from.Summary)
		loc, _ := locales.New(lang)
		tapButton(t, a, loc.T("Back"))
		mustShow(t, a, from.Title, from.Summary)
		if y := a.scroll.Offset.Y; y != 200 {
			t.Errorf("%s: back at offset %v, want 200 where the reader was", lang, y)
		}
	}
}

// TestLinkToAMissingItemSaysSo: a link to an item this pack lacks opens a
// screen that says so in the reader's language.
func TestLinkToAMissingItemSaysSo(t *testing.T) {
	s := onboardedInGermany
	s.Lang = "fa-AF"
	a := newTestApp(t, &s)
	dari, _ := locales.New("fa-AF")
	if err := a.Open("article:de-health-work-school"); err != nil {
		t.Fatal(err)
	}
	a.openURL("safar:de-no-such-item")
	mustShow(t, a, dari.T("LinkMissing"))
	tapButton(t, a, dari.T("Back"))
	mustNotShow(t, a, dari.T("LinkMissing"))
}

// TestWebLinkWithoutBrowserShowsTheAddress: a desktop with no browser
// shows the address with a Copy button instead of doing nothing.
func TestWebLinkWithoutBrowserShowsTheAddress(t *testing.T) {
	a := newTestApp(t, &onboardedInGermany)
	var opened []string
	a.openExternal = func(u *url.URL) error { opened = append(opened, u.String()); return nil }
	a.openURL("https://www.bamf.de/EN/")
	if len(opened) != 1 || opened[0] != "https://www.bamf.de/EN/" {
		t.Fatalf("opened %v", opened)
	}
	a.openExternal = func(*url.URL) error { return errors.New("xdg-open: not found") }
	a.openURL("https://www.bamf.de/EN/")
	mustShow(t, a, "This device cannot open web pages.", "https://www.bamf.de/EN/", "Copy")
	tapButton(t, a, "Copy")
	if got := a.fyne.Clipboard().Content(); got != "https://www.bamf.de/EN/" {
		t.Errorf("clipboard %q", got)
	}
	mustShow(t, a, "Copied")
}

// TestCallOnADesktopShowsTheNumber: nothing on a desktop can dial, so
// "Call 112" shows 112 large with Copy; a phone dials.
func TestCallOnADesktopShowsTheNumber(t *testing.T) {
	a := newTestApp(t, &onboardedInGermany)
	var dialled []string
	a.openExternal = func(u *url.URL) error { dialled = append(dialled, u.String()); return nil }
	if err := a.Open("emergency"); err != nil {
		t.Fatal(err)
	}
	tapButton(t, a, "Call 112")
	if len(dialled) != 0 {
		t.Errorf("a desktop tried to dial %v", dialled)
	}
	mustShow(t, a, "This device cannot make calls.", "112")
	var big bool
	for _, o := range objects(a) {
		if p, ok := o.(*text.Paragraph); ok && p.Text() == "112" && p.MinSize().Height >= 2*a.theme.Size("text") {
			big = true
		}
	}
	if !big {
		t.Error("the number is not shown large")
	}
	tapButton(t, a, "Copy")
	if got := a.fyne.Clipboard().Content(); got != "112" {
		t.Errorf("clipboard %q", got)
	}

	a.canDial = true
	a.Open("emergency")
	tapButton(t, a, "Call 112")
	if len(dialled) != 1 || dialled[0] != "tel:112" {
		t.Errorf("a phone dialled %v, want tel:112", dialled)
	}
}
