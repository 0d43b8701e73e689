package app

import (
	"fmt"
	"image"
	"os"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"

	"safar.app/safar/app/text"
)

// The first run installs the built-in content in the background: the
// language picker reads no content, so it shows at once, and the install
// (a few hundred milliseconds) is done by the time the reader has picked.
// A reader who picks faster sees "Preparing the guides…" until it is.

// The install waits for the first frame to be drawn, so that it does not
// take the processor (it uses every core) from the frame: a reader needs
// far longer than that to read the language names and pick one. Fyne has
// no event for a drawn frame, but it calls a raster's generator when it
// draws the raster, and runs what fyne.Do queues between frames; so an
// invisible raster at the top of the first screen starts the install right
// after the frame it is drawn in. Should nothing be drawn (a window that
// never shows), installFallback starts it anyway.
const installFallback = 3 * time.Second

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
	drawn := make(chan struct{})
	var once sync.Once
	begin := func() { once.Do(func() { close(drawn) }) }
	a.drawnSignal = canvas.NewRaster(func(w, h int) image.Image {
		fyne.Do(begin) // runs after this frame
		return image.NewNRGBA(image.Rect(0, 0, 1, 1))
	})
	a.drawnSignal.SetMinSize(fyne.NewSize(1, 1))
	time.AfterFunc(installFallback, begin)
	go func() {
		<-drawn
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
	case len(a.stack) <= 1 && a.installing:
		return vbox(a.drawnSignal, top.body())
	case len(a.stack) <= 1:
		return top.body()
	case a.installing:
		return vbox(a.ui(a.loc.T("PreparingContent"), text.Body), widget.NewProgressBarInfinite())
	case a.installErr != nil:
		return a.ui(a.loc.T("ContentInstallFailed", "Error", a.installErr.Error()), text.Body)
	}
	return top.body()
}
