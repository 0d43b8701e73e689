package app

import (
	"context"
	"testing"

	"fyne.io/fyne/v2"

	"safar.app/safar/content"
)

// TestSavedAndWhatsNewScreenshots writes home with What's new, the Saved
// screen (with an article an update removed) and the What's new screen
// (with a changed number) at phone size in en, ar and fa-AF to
// $SAFAR_SHOTS, to be looked at; it is skipped without it.
func TestSavedAndWhatsNewScreenshots(t *testing.T) {
	dir := shotsDir(t)
	write := func(a *App, name string) {
		// Wrapped text learns its height from a first layout pass: lay
		// out twice, as the vault's screenshots do.
		a.win.Resize(fyne.NewSize(360, 741))
		a.win.Resize(fyne.NewSize(360, 740))
		writeShot(t, dir, a, name)
	}
	feed, root := germanyFeed(t, threeChanges(t))
	for _, lang := range []string{"en", "ar", "fa-AF"} {
		st := onboardedInGermany
		st.Lang = lang
		a := newTestApp(t, &st)
		withSync(t, a, feed, root)
		lines, err := a.content.Hotlines("de", a.chain())
		if err != nil || len(lines) == 0 {
			t.Fatal(lines, err)
		}
		services, err := a.content.Services("de", []content.Kind{content.KindService}, a.chain())
		if err != nil || len(services) == 0 {
			t.Fatal(services, err)
		}
		for _, id := range []string{"de-voluntary-return", "de-seeing-a-doctor"} {
			art, err := a.content.Article(id, a.chain())
			if err != nil {
				t.Fatal(err)
			}
			if err := a.user.Save(a.savedItem(art, "de")); err != nil {
				t.Fatal(err)
			}
		}
		for _, e := range [](func() error){
			func() error { return a.user.Save(a.savedHotline(lines[0], "de")) },
			func() error { return a.user.Save(a.savedService(services[0], "de")) },
		} {
			if err := e(); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := a.opts.Sync.Sync(context.Background(), "", nil); err != nil {
			t.Fatal(err)
		}
		a.afterSync(false)
		a.goHome()
		write(a, "home-whats-new-"+lang+"-phone")
		a.Open("saved")
		write(a, "saved-"+lang+"-phone")
		a.Open("whats-new")
		write(a, "whats-new-"+lang+"-phone")
	}
}
