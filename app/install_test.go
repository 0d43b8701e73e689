package app

import (
	"errors"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"safar.app/safar/content/bundled"
	"safar.app/safar/userdata"
)

// newFirstRun starts Safar on an empty data folder with the install of the
// built-in content held until release is closed; install, if not nil,
// stands in for the real one.
func newFirstRun(t *testing.T, settings *userdata.Settings, install func() error) (a *App, release chan struct{}) {
	t.Helper()
	fa := test.NewTempApp(t)
	dir := t.TempDir()
	cs, _, realInstall, err := bundled.OpenDeferred(filepath.Join(dir, "content.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cs.Close() })
	if realInstall == nil {
		t.Fatal("a new content.db needs no install")
	}
	if install == nil {
		install = realInstall
	}
	us := userdata.OpenMemory()
	t.Cleanup(func() { us.Close() })
	if settings != nil {
		if err := us.SaveSettings(*settings); err != nil {
			t.Fatal(err)
		}
	}
	release = make(chan struct{})
	held := func() error { <-release; return install() }
	if settings != nil && settings.Onboarded {
		close(release) // an onboarded reader's install runs before the window
	}
	a, err = New(fa, cs, us, Options{Now: func() time.Time { return testNow }, Install: held})
	if err != nil {
		t.Fatal(err)
	}
	a.win.Resize(fyne.NewSize(360, 740))
	a.win.Canvas().Capture() // the first frame, after which the install starts
	return a, release
}

func TestFirstRunPicksLanguageWhileContentInstalls(t *testing.T) {
	a, release := newFirstRun(t, nil, nil)
	mustShow(t, a, "English", "العربية")
	tapButton(t, a, "English")
	mustShow(t, a, "Preparing the guides…")
	mustNotShow(t, a, "Germany")
	close(release)
	<-a.installed
	mustShow(t, a, "Germany")
	mustNotShow(t, a, "Preparing the guides…")
}

func TestFirstRunInstalledBeforeTheReaderPicks(t *testing.T) {
	a, release := newFirstRun(t, nil, nil)
	close(release)
	<-a.installed
	tapButton(t, a, "English")
	mustShow(t, a, "Germany")
}

func TestFirstRunInstallFailureIsShown(t *testing.T) {
	a, release := newFirstRun(t, nil, func() error { return errors.New("content.db: disk full") })
	tapButton(t, a, "English")
	close(release)
	<-a.installed
	mustShow(t, a, "The built-in guides could not be installed: content.db: disk full")
}

func TestOnboardedReaderGetsNewContentBeforeHome(t *testing.T) {
	a, _ := newFirstRun(t, &onboardedInGermany, nil)
	if a.installed != nil {
		t.Error("an onboarded reader's install ran in the background; home needs the content")
	}
	mustShow(t, a, "Health phrasebook", "Entry requirements")
	mustNotShow(t, a, "Preparing the guides…")
}
