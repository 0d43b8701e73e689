package app

import (
	"testing"

	"fyne.io/fyne/v2"

	"safar.app/safar/app/text"
)

// TestKeyboardOnly: a desktop reader with no mouse tabs to a topic, opens
// it with Enter, opens an article, and comes back with Escape.
func TestKeyboardOnly(t *testing.T) {
	a := newTestApp(t, &onboardedInGermany)
	c := a.win.Canvas()
	press := func(k fyne.KeyName) {
		if f := c.Focused(); f != nil {
			f.TypedKey(&fyne.KeyEvent{Name: k})
		}
	}
	// Tab until a topic card has the focus.
	for i := 0; i < 20; i++ {
		c.FocusNext()
		if cd, ok := c.Focused().(*text.Card); ok && cd.Label == "Health" {
			break
		}
	}
	if cd, ok := c.Focused().(*text.Card); !ok || cd.Label != "Health" {
		t.Fatalf("Tab never reached the Health topic; focus is on %T", c.Focused())
	}
	press(fyne.KeyReturn)
	mustShow(t, a, "Health")
	c.FocusNext()
	for i := 0; i < 10; i++ {
		if _, ok := c.Focused().(*text.Card); ok {
			break
		}
		c.FocusNext()
	}
	press(fyne.KeyEnter)
	mustShow(t, a, "Published by")
	c.OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
	c.OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
	mustShow(t, a, "Entry requirements")

	// A button: Tab to Emergency and press Space.
	for i := 0; i < 30; i++ {
		c.FocusNext()
		if b, ok := c.Focused().(*text.Button); ok && b.Label == "Emergency" {
			break
		}
	}
	if f, ok := c.Focused().(*text.Button); !ok || f.Label != "Emergency" {
		t.Fatalf("Tab never reached the Emergency button")
	}
	c.Focused().TypedRune(' ')
	mustShow(t, a, "Emergency numbers in Germany")
}

// TestTabOrderMirrored: in Arabic, Back sits on the right and is still the
// first stop of the Tab key, before Settings on the left.
func TestTabOrderMirrored(t *testing.T) {
	s := onboardedInGermany
	s.Lang = "ar"
	a := newTestApp(t, &s)
	if err := a.Open("emergency"); err != nil {
		t.Fatal(err)
	}
	c := a.win.Canvas()
	c.FocusNext()
	back, ok := c.Focused().(*text.Button)
	if !ok || back.Label != a.loc.T("Back") {
		t.Fatalf("first Tab stop is %T %v, want Back", c.Focused(), c.Focused())
	}
	d := fyne.CurrentApp().Driver()
	if x := d.AbsolutePositionForObject(back).X; x < 180 {
		t.Errorf("Back is at x=%.0f: in Arabic it belongs on the right", x)
	}
	c.FocusNext()
	if next, ok := c.Focused().(*text.Button); !ok || next.Name != a.loc.T("Settings") {
		t.Errorf("second Tab stop is %T, want Settings", c.Focused())
	}
}
