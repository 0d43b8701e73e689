package app

import (
	"os"
	"time"
	_ "unsafe" // go:linkname, for Fyne's cache lifetime below
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
