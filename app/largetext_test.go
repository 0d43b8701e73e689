package app

import (
	"testing"

	"fyne.io/fyne/v2"

	"safar.app/safar/app/text"
)

// TestDoubleTextSizeClipsNothing: at twice the text size on a 360×740
// phone, no text on home, an article or the emergency screen runs past the
// screen's edge or its own box.
func TestDoubleTextSizeClipsNothing(t *testing.T) {
	for _, lang := range []string{"en", "ar", "ti"} {
		s := onboardedInGermany
		s.Lang, s.TextScale = lang, 2
		a := newTestApp(t, &s)
		for _, where := range []string{"home", "article:de-seeing-a-doctor", "emergency"} {
			if err := a.Open(where); err != nil {
				t.Fatal(err)
			}
			// Lay out twice, as a real window does: wrapped text learns its
			// height from the first pass.
			a.win.Resize(fyne.NewSize(360, 741))
			a.win.Resize(fyne.NewSize(360, 740))
			d := fyne.CurrentApp().Driver()
			n := 0
			for _, o := range visibleObjects(a.win.Content()) {
				p, ok := o.(*text.Paragraph)
				if !ok {
					continue
				}
				n++
				at := d.AbsolutePositionForObject(p)
				if at.X < -0.5 || at.X+p.Size().Width > 360.5 {
					t.Errorf("%s %s: %q spans x %.0f–%.0f, past the screen", lang, where, short(p.Text()), at.X, at.X+p.Size().Width)
				}
				for _, pc := range p.Drawn() {
					if pc.X < -0.5 || pc.X+pc.W > p.Size().Width+0.5 {
						t.Errorf("%s %s: %q runs out of its box (%.0f–%.0f of %.0f)", lang, where, pc.Text, pc.X, pc.X+pc.W, p.Size().Width)
						break
					}
				}
				if need := p.MinSize().Height; p.Size().Height+0.5 < need {
					t.Errorf("%s %s: %q is %.0f high but needs %.0f", lang, where, short(p.Text()), p.Size().Height, need)
				}
			}
			if n == 0 {
				t.Errorf("%s %s: no text on screen", lang, where)
			}
		}
	}
}

func short(s string) string {
	if r := []rune(s); len(r) > 30 {
		return string(r[:30]) + "…"
	}
	return s
}
