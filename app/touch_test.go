package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"safar.app/safar/app/text"
)

// TestTouchTargets: every button, card and field on the main screens and
// the phrasebook is at least 48 dp high and wide, as a finger needs.
func TestTouchTargets(t *testing.T) {
	screens := []string{"home", "topic:2", "emergency", "settings", "phrasebook", "phrases:pain",
		"patient:pain-scale", "patient:symptoms-fever", "patient:pain-where", "patient:main-complaint-since-when"}
	for _, where := range screens {
		a := newTestApp(t, &onboardedInGermany)
		if err := a.Open(where); err != nil {
			t.Fatal(err)
		}
		for _, o := range visibleObjects(a.win.Content()) {
			var name string
			switch v := o.(type) {
			case *widget.Button:
				name = "button " + v.Text
			case *text.Button:
				name = "button " + v.Label
			case *widget.Entry:
				name = "field"
			case *text.Card:
				name = "card " + v.Label
			default:
				continue
			}
			// The size it was laid out at, not its minimum: that is what a
			// finger meets.
			if s := o.Size(); s.Height < text.MinTouch-0.01 || s.Width < text.MinTouch-0.01 {
				t.Errorf("%s: %s is %.1f×%.1f, smaller than %d dp", where, name, s.Width, s.Height, text.MinTouch)
			}
		}
	}
}

// visibleObjects is what is on screen: hidden containers and what is in
// them left out.
func visibleObjects(o fyne.CanvasObject) []fyne.CanvasObject {
	if o == nil || !o.Visible() {
		return nil
	}
	out := []fyne.CanvasObject{o}
	switch v := o.(type) {
	case *fyne.Container:
		for _, c := range v.Objects {
			out = append(out, visibleObjects(c)...)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(v).Objects() {
			out = append(out, visibleObjects(c)...)
		}
	}
	return out
}

// TestTapOnTextReachesItsCard: Fyne gives a tap to the innermost tappable
// object, which on a card or a button is its text; the tap must still open
// the card or press the button, as it does for a finger on a real screen.
func TestTapOnTextReachesItsCard(t *testing.T) {
	a := newTestApp(t, &onboardedInGermany)
	if err := a.Open("topic:4"); err != nil {
		t.Fatal(err)
	}
	c := cards(a)[0]
	at := fyne.CurrentApp().Driver().AbsolutePositionForObject(c)
	test.TapCanvas(a.win.Canvas(), at.AddXY(24, 20)) // on the title's text
	mustShow(t, a, "Published by")

	var sos *text.Button
	for _, o := range objects(a) {
		if b, ok := o.(*text.Button); ok && b.Label == "Emergency" {
			sos = b
		}
	}
	at = fyne.CurrentApp().Driver().AbsolutePositionForObject(sos)
	test.TapCanvas(a.win.Canvas(), at.Add(fyne.NewPos(sos.Size().Width/2, sos.Size().Height/2)))
	mustShow(t, a, "Emergency numbers in Germany")
}
