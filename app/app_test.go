package app

import (
	"image/color"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"safar.app/safar/app/text"
	"safar.app/safar/internal/packtest"
	"safar.app/safar/locales"
	"safar.app/safar/userdata"
)

// newTestApp starts Safar as on a first run, on the embedded content, in a
// phone-sized window. settings, if given, are saved before start.
func newTestApp(t testing.TB, settings *userdata.Settings) *App {
	t.Helper()
	fa := test.NewTempApp(t)
	dir := t.TempDir()
	cs, err := packtest.Open(filepath.Join(dir, "content.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cs.Close() })
	us, err := userdata.Open(filepath.Join(dir, "user.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { us.Close() })
	if settings != nil {
		if err := us.SaveSettings(*settings); err != nil {
			t.Fatal(err)
		}
	}
	a, err := New(fa, cs, us, Options{Now: func() time.Time { return testNow }})
	if err != nil {
		t.Fatal(err)
	}
	a.win.Resize(fyne.NewSize(360, 740))
	settleable(t, a)
	return a
}

// settleable makes a's background work wait until the test settles it:
// see App.work.
func settleable(t testing.TB, a *App) {
	var jobs []func()
	a.work = func(f func()) { jobs = append(jobs, f) }
	settlers[a] = func() {
		for len(jobs) > 0 {
			f := jobs[0]
			jobs = jobs[1:]
			f()
		}
	}
	t.Cleanup(func() { delete(settlers, a) })
}

// settlers run each test app's pending background work.
var settlers = map[*App]func(){}

// settle runs the work a has started in the background, to its end.
func settle(a *App) { settlers[a]() }

// testNow is a Monday morning, so opening hours have a known answer.
var testNow = time.Date(2026, 11, 23, 10, 0, 0, 0, time.Local)

var onboardedInGermany = userdata.Settings{Lang: "en", Country: "de", Stage: "first-weeks", TextScale: 1, Onboarded: true}

// objects is everything on screen now.
func objects(a *App) []fyne.CanvasObject { return test.LaidOutObjects(a.win.Content()) }

// screenText is all the text on screen, one piece a line.
func screenText(a *App) string {
	var b strings.Builder
	for _, o := range objects(a) {
		switch o := o.(type) {
		case *text.Paragraph:
			b.WriteString(o.Text() + "\n")
		case *widget.RichText:
			b.WriteString(o.String() + "\n")
		case *widget.Label:
			b.WriteString(o.Text + "\n")
		case *widget.Button:
			b.WriteString(o.Text + "\n")
		case *text.Button:
			b.WriteString(o.Label + "\n")
		case *widget.Hyperlink:
			b.WriteString(o.Text + "\n")
		}
	}
	return b.String()
}

func mustShow(t *testing.T, a *App, want ...string) {
	t.Helper()
	text := screenText(a)
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Fatalf("screen does not show %q; it shows:\n%s", w, text)
		}
	}
}

func mustNotShow(t *testing.T, a *App, unwanted string) {
	t.Helper()
	if text := screenText(a); strings.Contains(text, unwanted) {
		t.Fatalf("screen shows %q; it shows:\n%s", unwanted, text)
	}
}

func tapButton(t *testing.T, a *App, label string) {
	t.Helper()
	for _, o := range objects(a) {
		if b, ok := o.(*text.Button); ok && b.Label == label {
			test.Tap(b)
			return
		}
		if b, ok := o.(*widget.Button); ok && b.Text == label {
			test.Tap(b)
			return
		}
	}
	t.Fatalf("no button %q on screen:\n%s", label, screenText(a))
}

func tapCard(t *testing.T, a *App, label string) {
	t.Helper()
	for _, o := range objects(a) {
		if c, ok := o.(*text.Card); ok && c.Label == label {
			test.Tap(c)
			return
		}
	}
	t.Fatalf("no card %q on screen:\n%s", label, screenText(a))
}

func cards(a *App) []*text.Card {
	var out []*text.Card
	for _, o := range objects(a) {
		if c, ok := o.(*text.Card); ok {
			out = append(out, c)
		}
	}
	return out
}

func entry(t *testing.T, a *App) *widget.Entry {
	t.Helper()
	for _, o := range objects(a) {
		if e, ok := o.(*widget.Entry); ok {
			return e
		}
	}
	t.Fatal("no text field on screen")
	return nil
}

// TestReaderJourney taps through first run, a topic, an article, back,
// search, a result and the emergency numbers, as a new reader would.
func TestReaderJourney(t *testing.T) {
	a := newTestApp(t, nil)

	mustShow(t, a, "Choose your language", "العربية", "ትግርኛ", "دری")
	tapButton(t, a, "English")
	mustShow(t, a, "Which country are you going to", "Germany", "Sweden")
	tapButton(t, a, "Germany")
	mustShow(t, a, "Which country are you leaving from?", "Afghanistan", "Syria", "Another country, or skip")
	mustNotShow(t, a, "Sweden")
	tapButton(t, a, "Afghanistan")
	mustShow(t, a, "Where are you in your journey?")
	tapButton(t, a, "First weeks")

	mustShow(t, a, "Safar · Germany", "Before you leave Afghanistan", "Entry requirements", "Travel risks",
		"Services and support", "Your rights", "Health", "Living", "Emergency")
	tapCard(t, a, "Health")
	mustShow(t, a, "Health")
	items := cards(a)
	if len(items) == 0 {
		t.Fatal("the health topic lists no article")
	}
	title := items[0].Label
	tapCard(t, a, title)
	mustShow(t, a, title, "Published by", "Checked on", "Source:", "https://")
	mustNotShow(t, a, "should have been checked again")

	tapButton(t, a, "Back")
	tapButton(t, a, "Back")
	mustShow(t, a, "Entry requirements")

	test.Type(entry(t, a), "112")
	tapButton(t, a, "Search")
	mustShow(t, a, "Search")
	results := cards(a)
	if len(results) == 0 {
		t.Fatalf("searching 112 found nothing:\n%s", screenText(a))
	}
	mustShow(t, a, "result")
	// A number finds its hotline first; the card opens the numbers to call.
	tapCard(t, a, results[0].Label)
	mustShow(t, a, results[0].Label, "Call 112")
	tapButton(t, a, "Back")

	tapButton(t, a, "Emergency")
	mustShow(t, a, "Emergency numbers in Germany", "Call 112", "Call 110", "Call 116 016")
	mustNotShow(t, a, "Sweden")

	// The choices survive a restart.
	got, err := a.user.Settings()
	if err != nil || got.Country != "de" || got.Origin != "af" || got.Lang != "en" || got.Stage != "first-weeks" || !got.Onboarded {
		t.Errorf("saved settings = %+v, %v", got, err)
	}
}

func TestSwitchingLanguageRedrawsAtOnce(t *testing.T) {
	a := newTestApp(t, &onboardedInGermany)
	ar, err := locales.New("ar")
	if err != nil {
		t.Fatal(err)
	}
	mustShow(t, a, "Entry requirements", "Emergency")

	if err := a.Open("settings"); err != nil {
		t.Fatal(err)
	}
	tapButton(t, a, "العربية")
	mustShow(t, a, ar.T("Settings"))
	tapButton(t, a, ar.T("Back"))

	mustShow(t, a, ar.T("TopicEntry"), ar.T("TopicHealth"), ar.T("Emergency"), "ألمانيا")
	mustNotShow(t, a, "Entry requirements")
	if got, _ := a.user.Settings(); got.Lang != "ar" {
		t.Errorf("language not saved: %+v", got)
	}
}

func TestUnknownLanguageFallsBackToEnglish(t *testing.T) {
	s := onboardedInGermany
	s.Lang = "xx-Unknown"
	a := newTestApp(t, &s)
	mustShow(t, a, "Entry requirements", "Emergency")
}

func TestDariReaderSeesDariOrMarkedFallback(t *testing.T) {
	s := onboardedInGermany
	s.Lang = "fa-AF"
	a := newTestApp(t, &s)
	dari, _ := locales.New("fa-AF")
	mustShow(t, a, dari.T("TopicHealth"))
	if err := a.Open("topic:4"); err != nil {
		t.Fatal(err)
	}
	for _, c := range cards(a) {
		if !strings.ContainsAny(c.Label, "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی") &&
			!strings.Contains(screenText(a), dari.T("ShownInOtherLanguage", "Language", "English")) {
			t.Errorf("article %q is neither in Dari nor marked as another language", c.Label)
		}
	}
}

func TestOverdueArticleWarns(t *testing.T) {
	a := newTestApp(t, &onboardedInGermany)
	a.now = func() time.Time { return time.Date(2031, 1, 1, 12, 0, 0, 0, time.Local) }
	if err := a.Open("topic:4"); err != nil {
		t.Fatal(err)
	}
	tapCard(t, a, cards(a)[0].Label)
	mustShow(t, a, "should have been checked again by")
}

func TestSearchEdgeCases(t *testing.T) {
	tests := []struct {
		query string
		want  string
	}{
		{"", ""},
		{"?!*()\"", "Nothing found"},
		{"zzqqxx", "Nothing found for “zzqqxx”."},
	}
	for _, tt := range tests {
		a := newTestApp(t, &onboardedInGermany)
		if err := a.Open("search:" + tt.query); err != nil {
			t.Fatal(err)
		}
		if len(cards(a)) != 0 {
			t.Errorf("query %q found results", tt.query)
		}
		if tt.want != "" {
			mustShow(t, a, tt.want)
		}
	}
}

func TestTextSizeApplies(t *testing.T) {
	a := newTestApp(t, &onboardedInGermany)
	before := a.theme.Size("text")
	if err := a.Open("settings"); err != nil {
		t.Fatal(err)
	}
	tapButton(t, a, "2×")
	if after := a.theme.Size("text"); after != 2*before {
		t.Errorf("text size %v after choosing 2×, want %v", after, 2*before)
	}
	if got, _ := a.user.Settings(); got.TextScale != 2 {
		t.Errorf("text size not saved: %+v", got)
	}
}

func TestHighContrast(t *testing.T) {
	a := newTestApp(t, &onboardedInGermany)
	if err := a.Open("settings"); err != nil {
		t.Fatal(err)
	}
	mustShow(t, a, "High contrast")
	tapButton(t, a, "On")
	if c := a.theme.Color(theme.ColorNameBackground, theme.VariantDark); c != color.Black {
		t.Errorf("background %v in high contrast, want black", c)
	}
	if c := a.theme.Color(theme.ColorNameForeground, theme.VariantDark); c != color.White {
		t.Errorf("text %v in high contrast, want white", c)
	}
	if got, _ := a.user.Settings(); !got.HighContrast {
		t.Errorf("high contrast not saved: %+v", got)
	}
}

// TestBeforeYouLeave: a reader leaving Syria for Germany finds Syria's
// before-departure guidance on the home screen, and can drop it in settings.
func TestBeforeYouLeave(t *testing.T) {
	s := onboardedInGermany
	s.Origin, s.Stage = "sy", "before"
	a := newTestApp(t, &s)
	mustShow(t, a, "Before you leave Syria")
	tapCard(t, a, "Before you leave Syria")
	mustShow(t, a, "Before you leave Syria")
	items := cards(a)
	if len(items) < 2 {
		t.Fatalf("Syria has %d before-departure items, want at least 2:\n%s", len(items), screenText(a))
	}
	tapCard(t, a, items[0].Label)
	mustShow(t, a, items[0].Label, "Published by", "Checked on")

	if err := a.Open("settings"); err != nil {
		t.Fatal(err)
	}
	mustShow(t, a, "Leaving from")
	tapButton(t, a, "Another country, or skip")
	tapButton(t, a, "Back")
	mustNotShow(t, a, "Before you leave Syria") // the origin's tile; the stage's checklist stays
	if got, _ := a.user.Settings(); got.Origin != "" {
		t.Errorf("origin not cleared: %+v", got)
	}
}
