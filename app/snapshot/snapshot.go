// Package snapshot renders Safar screens to images with Fyne's software
// renderer, with no window system: for the README screenshots, for editors'
// previews of their content, and for checking scripts by eye.
package snapshot

import (
	"image"
	"image/png"
	"os"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"safar.app/safar/app"
	"safar.app/safar/content/store"
	"safar.app/safar/userdata"
)

// Phone is the screen size of a small phone, in Fyne's device-independent units.
var Phone = fyne.NewSize(360, 740)

// Shot is one screen to render.
type Shot struct {
	Settings userdata.Settings // the reader: language, country, stage, text size
	Where    string            // an app.Open address; "" is what the settings open on
	Size     fyne.Size
	Now      time.Time // the clock, for "open now"; zero is the system clock
}

// Render starts Safar on cs as the reader in s.Settings and renders s.Where.
func Render(cs *store.Store, s Shot) (image.Image, error) {
	us := userdata.OpenMemory()
	defer us.Close()
	if err := us.SaveSettings(s.Settings); err != nil {
		return nil, err
	}
	var opts app.Options
	if !s.Now.IsZero() {
		opts.Now = func() time.Time { return s.Now }
	}
	a, err := app.New(test.NewApp(), cs, us, opts)
	if err != nil {
		return nil, err
	}
	w := a.Window()
	defer w.Close()
	w.Resize(s.Size)
	if s.Where != "" {
		if err := a.Open(s.Where); err != nil {
			return nil, err
		}
	}
	// The test canvas lays out once; wrapped text learns its height from
	// that pass, so lay out again as a real window does on its next frame.
	w.Resize(s.Size.AddWidthHeight(0, 1))
	w.Resize(s.Size)
	return w.Canvas().Capture(), nil
}

// WritePNG renders s and writes it to name.
func WritePNG(cs *store.Store, s Shot, name string) error {
	img, err := Render(cs, s)
	if err != nil {
		return err
	}
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
