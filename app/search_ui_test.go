package app

import (
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"safar.app/safar/content"
	"safar.app/safar/content/bundled"
	"safar.app/safar/content/store"
	"safar.app/safar/userdata"
)

// newSearchTestApp starts Safar on the embedded pack changed by edit.
func newSearchTestApp(t *testing.T, settings userdata.Settings, edit func(*content.Pack)) *App {
	t.Helper()
	fa := test.NewTempApp(t)
	dir := t.TempDir()
	pack, problems := bundled.Pack()
	if errs := content.Errors(problems); len(errs) > 0 {
		t.Fatal(errs)
	}
	edit(pack)
	cs, err := store.Open(filepath.Join(dir, "content.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cs.Close() })
	if err := cs.Install(pack, store.PackInfo{Origin: "test"}); err != nil {
		t.Fatal(err)
	}
	us, err := userdata.Open(filepath.Join(dir, "user.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { us.Close() })
	if err := us.SaveSettings(settings); err != nil {
		t.Fatal(err)
	}
	a, err := New(fa, cs, us, Options{Now: func() time.Time { return testNow }})
	if err != nil {
		t.Fatal(err)
	}
	a.win.Resize(fyne.NewSize(360, 740))
	settleable(t, a)
	// Each keystroke searches at once, on the test's goroutine: the pause
	// after typing is TestSearchWaitsForAPauseAndDropsStaleResults's.
	a.after = func(_ time.Duration, f func()) func() { f(); return func() {} }
	return a
}

// capture writes the window to SAFAR_SEARCH_SHOTS/name.png when that is
// set, to look at the screen by eye.
func capture(t *testing.T, a *App, name string) {
	dir := os.Getenv("SAFAR_SEARCH_SHOTS")
	if dir == "" {
		return
	}
	f, err := os.Create(filepath.Join(dir, name+".png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	png.Encode(f, a.win.Canvas().Capture())
}

// TestArabicQueryFindsEnglishOnlyHotline: a reader types "the police" in
// Arabic, and finds the police number whose text exists only in English,
// shown as a number to call.
func TestArabicQueryFindsEnglishOnlyHotline(t *testing.T) {
	a := newSearchTestApp(t, userdata.Settings{Lang: "ar", Country: "de", Stage: "first-weeks", TextScale: 1, Onboarded: true},
		func(p *content.Pack) {
			for i, h := range p.Hotlines {
				if h.ID == "de-hl-110" {
					p.Hotlines[i].Texts = h.Texts[:1] // English only
					if h.Texts[0].Lang != "en" {
						t.Fatalf("de-hl-110's first text is %s, want en", h.Texts[0].Lang)
					}
				}
			}
		})
	if err := a.Open("search:"); err != nil {
		t.Fatal(err)
	}
	test.Type(entry(t, a), "الشرطة")
	capture(t, a, "search-ar-police")
	mustShow(t, a, "Police")
	tapCard(t, a, "Police")
	mustShow(t, a, "110")
}

// TestTypoFindsItsItem: one wrong letter still finds the article.
func TestTypoFindsItsItem(t *testing.T) {
	a := newSearchTestApp(t, onboardedInGermany, func(*content.Pack) {})
	if err := a.Open("search:"); err != nil {
		t.Fatal(err)
	}
	test.Type(entry(t, a), "asylm")
	capture(t, a, "search-en-typo")
	mustShow(t, a, "Asking for asylum in Germany")
	tapCard(t, a, "Asking for asylum in Germany")
	mustShow(t, a, "Asking for asylum in Germany")
}
