// Package snapshot renders Safar screens to images with Fyne's software
// renderer, with no window system: for the README screenshots, for editors'
// previews of their content, and for checking scripts by eye.
package snapshot

import (
	"fmt"
	"image"
	"image/png"
	"os"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"safar.app/safar/app"
	"safar.app/safar/assets"
	"safar.app/safar/content/store"
	"safar.app/safar/sync/client"
	"safar.app/safar/userdata"
)

// Phone is the screen size of a small phone, in Fyne's device-independent units.
var Phone = fyne.NewSize(360, 740)

// Shot is one screen to render.
type Shot struct {
	Settings userdata.Settings // the reader: language, country, stage, text size
	Where    string            // an app.Open address; "" is what the settings open on
	Steps    []Step            // then these, in order, as a person would
	Size     fyne.Size
	Now      time.Time // the clock, for "open now"; zero is the system clock
	PickFrom string    // the folder the update picker shows
}

// Step is one thing done on screen: open an address, or tap what is labelled.
type Step struct {
	Open string // an app.Open address
	Tap  string // the text of a button, or the accessibility label of a card
}

// Render starts Safar on cs as the reader in s.Settings and renders s.Where.
func Render(cs *store.Store, s Shot) (image.Image, error) {
	us := userdata.OpenMemory()
	defer us.Close()
	if err := us.SaveSettings(s.Settings); err != nil {
		return nil, err
	}
	// The settings screen shows updates as the shipped app has them: with
	// the built-in root of trust, and a sync folder of its own.
	syncDir, err := os.MkdirTemp("", "safar-snapshot-sync")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(syncDir)
	opts := app.Options{Sync: client.NewService(client.Config{Root: assets.TrustRoot(), Dir: syncDir, Store: cs, Base: assets.Content()}), PickFrom: s.PickFrom}
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
	for _, st := range s.Steps {
		if st.Open != "" {
			if err := a.Open(st.Open); err != nil {
				return nil, err
			}
		}
		if st.Tap != "" {
			if err := tap(w, st.Tap); err != nil {
				return nil, err
			}
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

// tap taps the first button with text label, or tappable object whose
// accessibility label is label, on w.
func tap(w fyne.Window, label string) error {
	var found fyne.Tappable
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if found != nil || o == nil || !o.Visible() {
			return
		}
		switch v := o.(type) {
		case *widget.Button:
			if v.Text == label {
				found = v
				return
			}
		case fyne.Accessible:
			if t, ok := o.(fyne.Tappable); ok && v.AccessibilityLabel() == label {
				found = t
				return
			}
		}
		switch v := o.(type) {
		case *fyne.Container:
			for _, c := range v.Objects {
				walk(c)
			}
		case fyne.Widget:
			if r := test.WidgetRenderer(v); r != nil {
				for _, c := range r.Objects() {
					walk(c)
				}
			}
		}
	}
	walk(w.Canvas().Content())
	if found == nil {
		return fmt.Errorf("nothing labelled %q on screen", label)
	}
	test.Tap(found)
	return nil
}
