package app

import (
	"fmt"
	"os"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// The first run installs the built-in content in the background: the
// language picker reads no content, so it shows at once, and the install
// (a few hundred milliseconds) is done by the time the reader has picked.
// A reader who picks faster sees "Preparing the guides…" until it is.

// installDelay lets the first screen be drawn before the install takes
// the processor (it uses every core): a reader needs far longer than this
// to read the language names and pick one.
const installDelay = 250 * time.Millisecond

// startInstall runs install (Options.Install), if any. A reader who has
// finished the first run lands on home, which needs the content, so for
// them (an app update that brings new built-in content) it runs before the
// window shows.
func (a *App) startInstall(install func() error) {
	if install == nil {
		return
	}
	if a.settings.Onboarded && a.settings.Country != "" {
		a.installErr = install()
		a.reportInstall()
		return
	}
	a.installing = true
	a.installed = make(chan struct{})
	go func() {
		time.Sleep(installDelay)
		err := install()
		fyne.Do(func() {
			a.installing = false
			a.installErr = err
			a.reportInstall()
			if len(a.stack) > 1 {
				a.show() // the screen that waited for the content
			}
			close(a.installed)
		})
	}()
}

func (a *App) reportInstall() {
	if a.installErr != nil {
		fmt.Fprintf(os.Stderr, "safar: install the built-in content: %v\n", a.installErr)
	}
}

// screenBody is the top screen's body, or what stands in for it while the
// content it reads is not there: every screen but the first reads it.
func (a *App) screenBody(top screen) fyne.CanvasObject {
	switch {
	case len(a.stack) <= 1:
		return top.body()
	case a.installing:
		return vbox(a.ui(a.loc.T("PreparingContent"), roleBody), widget.NewProgressBarInfinite())
	case a.installErr != nil:
		return a.ui(a.loc.T("ContentInstallFailed", "Error", a.installErr.Error()), roleBody)
	}
	return top.body()
}
