package app

import (
	"os"
	"testing"
	_ "unsafe" // go:linkname, for Fyne's record of renderers

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/test"

	"safar.app/safar/app/text"
)

// TestFyneCacheLifetime: Fyne's cache keeps what it drew for 15 s, not a
// minute (see fynecache.go), unless FYNE_CACHE says otherwise.
func TestFyneCacheLifetime(t *testing.T) {
	if os.Getenv("FYNE_CACHE") != "" {
		t.Skip("FYNE_CACHE is set")
	}
	if fyneCacheValid != cacheLifetime || fyneCacheCleanEvery != cacheLifetime/2 {
		t.Errorf("Fyne's cache lifetime is %v (clean every %v), want %v", fyneCacheValid, fyneCacheCleanEvery, cacheLifetime)
	}
}

// fyneIsRendered is Fyne's own record of whether a widget has a renderer.
//
//go:linkname fyneIsRendered fyne.io/fyne/v2/internal/cache.IsRendered
func fyneIsRendered(wid fyne.Widget) bool

// TestLeftScreensAreReleased: once the reader moves on, Fyne keeps no
// renderer for the widgets of the screen left, while those of the screen on
// show have theirs; with a dialog open, the screen below keeps its own.
func TestLeftScreensAreReleased(t *testing.T) {
	a := newTestApp(t, &onboardedInGermany)
	home := renderedParagraphs(a.win.Content())
	if len(home) < 10 {
		t.Fatalf("home shows %d texts with renderers", len(home))
	}
	if err := a.Open("settings"); err != nil {
		t.Fatal(err)
	}
	test.LaidOutObjects(a.win.Content()) // lay out and render the new screen
	settings := renderedParagraphs(a.win.Content())
	if len(settings) < 5 {
		t.Fatalf("settings shows %d texts with renderers", len(settings))
	}
	for _, p := range home {
		if fyneIsRendered(p) {
			t.Fatalf("home's %q still has a renderer on the settings screen", p.Text())
		}
	}

	dialog.ShowInformation("", "a dialog", a.win)
	a.back()
	for _, p := range settings {
		if !fyneIsRendered(p) {
			t.Fatalf("with a dialog open, the settings screen's %q lost its renderer", p.Text())
		}
	}
}

// renderedParagraphs are the paragraphs in o that Fyne has a renderer for,
// found through the renderers Fyne keeps (as it draws them).
func renderedParagraphs(o fyne.CanvasObject) []*text.Paragraph {
	var ps []*text.Paragraph
	switch v := o.(type) {
	case *fyne.Container:
		for _, c := range v.Objects {
			ps = append(ps, renderedParagraphs(c)...)
		}
	case fyne.Widget:
		r, ok := fyneCachedRenderer(v)
		if !ok {
			return nil
		}
		if p, ok := v.(*text.Paragraph); ok {
			ps = append(ps, p)
		}
		for _, c := range r.Objects() {
			ps = append(ps, renderedParagraphs(c)...)
		}
	}
	return ps
}
