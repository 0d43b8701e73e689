package app

import (
	"os"
	"testing"
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
