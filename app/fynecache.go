package app

import (
	"os"
	"reflect"
	"sync/atomic"
	"time"
	_ "unsafe" // go:linkname, for Fyne's cache lifetime below

	"fyne.io/fyne/v2"
)

// Fyne keeps the renderer of every widget, the canvas of every object, and
// the textures and text measures drawn for them, for a minute after they
// were last drawn (fyne.io/fyne/v2/internal/cache). Safar builds a new
// screen on every step, so a reader who moves fast holds a minute of old
// screens in memory: walking every screen ten times took the app to 713
// MiB where a bare window holds 144. Fyne reads the lifetime only from
// the FYNE_CACHE variable, at start-up, before any code of ours runs; these
// two names are the values it sets. They are Fyne 2.8's: a Fyne that
// renames them fails to build Safar, so an upgrade cannot drop the setting
// unnoticed.
//
//go:linkname fyneCacheValid fyne.io/fyne/v2/internal/cache.ValidDuration
var fyneCacheValid time.Duration

//go:linkname fyneCacheCleanEvery fyne.io/fyne/v2/internal/cache.cleanTaskInterval
var fyneCacheCleanEvery time.Duration

// cacheLifetime is how long Fyne keeps what was drawn for an object that
// is no longer drawn. Fyne cleans at most every 10 s, so an old screen
// goes within 25 s. What is on show stays: Fyne marks it alive when it
// draws it and, on a screen that does not change, by a walk of its tree
// every lifetime − 10 s (5 s), which costs next to nothing.
const cacheLifetime = 15 * time.Second

func init() {
	if os.Getenv("FYNE_CACHE") != "" {
		return // set by hand (Fyne has read it)
	}
	fyneCacheValid = cacheLifetime
	fyneCacheCleanEvery = cacheLifetime / 2
}

// releaseShown lets Fyne drop what it keeps for the screen on show, just
// before show replaces it: Safar builds every screen anew, so nothing of
// the old one is drawn again. Fyne would keep its widgets' renderers and
// their objects until the cache lifetime has passed since they were last
// drawn, and then until its next clean (every 10 s at most): a reader who
// moves through screens quickly held the last 15–25 s of them. With a
// dialog open it does nothing, since the dialog's widgets are on the same
// canvas and stay on show; the old screen then goes the slow way.
//
// What it drops is what Fyne drops when a window closes: the renderer of
// every widget of the old screen, and which canvas each object of the
// window is on (set again as the new content is laid out). Textures and
// text measures go with the screen before this one (releaseTextures), with
// a dialog open too: what a dialog shows is drawn on every frame.
func (a *App) releaseShown() {
	a.releaseTextures()
	c := a.win.Canvas()
	old := c.Content()
	if old == nil || c.Overlays().Top() != nil {
		return
	}
	destroyRenderers(old)
	fyneCleanCanvas(c)
}

// destroyRenderers destroys the renderers of o and every widget in it.
func destroyRenderers(o fyne.CanvasObject) {
	switch v := o.(type) {
	case *fyne.Container:
		for _, c := range v.Objects {
			destroyRenderers(c)
		}
	case fyne.Widget:
		if r, ok := fyneCachedRenderer(v); ok {
			for _, c := range r.Objects() {
				destroyRenderers(c)
			}
			fyneDestroyRenderer(v)
		}
	}
}

// releaseTextures frees the textures of whatever has not been drawn since
// the screen on show was put up: the text, images and shadows of the
// screens before it. Fyne keys a text's texture by its words, size and
// colour, so texts that the screen on show repeats (the top bar) keep
// theirs. Fyne would free them only once its cache lifetime had passed
// since they were last drawn, and a reader who moves quickly held the
// textures of the last 15–25 s of screens (in Mesa's memory, not Go's).
// Those of the screen being left stay until the next screen is left, so
// the new screen's frame reuses what the two share.
//
// It is Fyne's own expiry (internal/cache.RangeExpiredTexturesFor, with
// the painter's Free, as each frame runs it), asked as if the lifetime had
// passed since the screen on show was put up, inside the window's GL
// context. Fyne draws the whole window on every frame and takes each
// texture from its cache as it draws, so a texture freed for an object
// still on show would only be made again. Test windows have no GL context
// and nothing to free.
//
// Fyne's measures of texts (their sizes, kept for the same lifetime) go
// the same way: those not asked for since the screen on show was put up.
func (a *App) releaseTextures() {
	since := a.shownAt
	a.shownAt = fyneCachedNow.Load()
	if since == 0 {
		return
	}
	cut := time.Unix(0, since).Add(fyneCacheValid)
	fyneDestroyExpiredFontMetrics(cut)
	w, ok := a.win.(interface{ RunWithContext(func()) })
	if !ok {
		return
	}
	c := a.win.Canvas()
	free := painterFree(c)
	if free == nil {
		return
	}
	w.RunWithContext(func() {
		now := fyneTimeNow
		fyneTimeNow = func() time.Time { return cut }
		defer func() { fyneTimeNow = now }()
		fyneRangeExpiredTexturesFor(c, free)
	})
}

// painterFree is the Free of the GL painter behind canvas c (Fyne's
// glfw canvas has a Painter method whose type is internal), or nil.
func painterFree(c fyne.Canvas) func(fyne.CanvasObject) {
	m := reflect.ValueOf(c).MethodByName("Painter")
	if !m.IsValid() || m.Type().NumIn() != 0 || m.Type().NumOut() != 1 {
		return nil
	}
	p := m.Call(nil)[0]
	if p.Kind() == reflect.Interface && p.IsNil() {
		return nil
	}
	f := p.MethodByName("Free")
	if !f.IsValid() {
		return nil
	}
	free, _ := f.Interface().(func(fyne.CanvasObject))
	return free
}

// Fyne 2.8's own functions for the above (internal/cache); a Fyne that
// renames them fails to build Safar.
//
//go:linkname fyneCleanCanvas fyne.io/fyne/v2/internal/cache.CleanCanvas
func fyneCleanCanvas(c fyne.Canvas)

//go:linkname fyneCachedRenderer fyne.io/fyne/v2/internal/cache.CachedRenderer
func fyneCachedRenderer(wid fyne.Widget) (fyne.WidgetRenderer, bool)

//go:linkname fyneDestroyRenderer fyne.io/fyne/v2/internal/cache.DestroyRenderer
func fyneDestroyRenderer(wid fyne.Widget)

//go:linkname fyneDestroyExpiredFontMetrics fyne.io/fyne/v2/internal/cache.destroyExpiredFontMetrics
func fyneDestroyExpiredFontMetrics(now time.Time)

//go:linkname fyneRangeExpiredTexturesFor fyne.io/fyne/v2/internal/cache.RangeExpiredTexturesFor
func fyneRangeExpiredTexturesFor(c fyne.Canvas, f func(fyne.CanvasObject))

// fyneTimeNow is the clock Fyne's cache asks whether a texture's lifetime
// has passed; fyneCachedNow is the clock sample it gives what it draws.
//
//go:linkname fyneTimeNow fyne.io/fyne/v2/internal/cache.timeNow
var fyneTimeNow func() time.Time

//go:linkname fyneCachedNow fyne.io/fyne/v2/internal/cache.cachedNow
var fyneCachedNow atomic.Int64
