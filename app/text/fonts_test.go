package text

import (
	"bytes"
	"testing"

	"fyne.io/fyne/v2/theme"

	"safar.app/safar/assets"
)

// TestCovers reads the fonts' character maps: each font has its own
// script's letters and not the other's.
func TestCovers(t *testing.T) {
	arabic, ethiopic := scriptFonts["Arab"][0], scriptFonts["Ethi"][1]
	for _, tc := range []struct {
		name string
		font func() bool
		want bool
	}{
		{"Arabic font, beh", func() bool { return covers(arabic, 'ب') }, true},
		{"Arabic font, Persian keheh", func() bool { return covers(arabic, 'ک') }, true},
		{"Arabic font, Ethiopic ha", func() bool { return covers(arabic, 'ሀ') }, false},
		{"Ethiopic bold, ha", func() bool { return covers(ethiopic, 'ሀ') }, true},
		{"Ethiopic bold, full stop", func() bool { return covers(ethiopic, '።') }, true},
		{"Ethiopic bold, beh", func() bool { return covers(ethiopic, 'ب') }, false},
		{"Fyne's font, A", func() bool { return covers(theme.DefaultTextFont(), 'A') }, true},
		{"Fyne's font, beh", func() bool { return covers(theme.DefaultTextFont(), 'ب') }, false},
	} {
		if got := tc.font(); got != tc.want {
			t.Errorf("%s: covers = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestFyneEmojiFontIsNotLoaded: the search field and Fyne's other widgets
// fall back to Fyne's small symbol font, not to its 4 MB emoji font, which
// Safar's own text never draws with (fonts.go).
func TestFyneEmojiFontIsNotLoaded(t *testing.T) {
	e := theme.DefaultEmojiFont()
	if e == nil {
		return // built with no_emoji
	}
	if got, want := len(e.Content()), len(theme.DefaultSymbolFont().Content()); got != want {
		t.Errorf("Fyne's emoji resource holds %d bytes, want the symbol font's %d", got, want)
	}
}

// TestBundledFontIsReadWhenUsed: a script's font is copied out of the
// binary when first asked for, not before, and is the asset's bytes.
func TestBundledFontIsReadWhenUsed(t *testing.T) {
	f := bundledFont("NotoSansEthiopic-Regular.ttf").(*lazyFont)
	if f.Name() != "NotoSansEthiopic-Regular.ttf" || f.data != nil {
		t.Fatalf("font %q read before use (%d bytes)", f.Name(), len(f.data))
	}
	if got, want := f.Content(), assets.Font("NotoSansEthiopic-Regular.ttf"); !bytes.Equal(got, want) || len(got) == 0 {
		t.Errorf("font content is %d bytes, want the asset's %d", len(got), len(want))
	}
}
