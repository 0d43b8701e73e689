package app

import (
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

// shotsDir is $SAFAR_SHOTS, the folder the screenshot tests write their
// PNGs to, to be looked at; without it they are skipped.
func shotsDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("SAFAR_SHOTS")
	if dir == "" {
		t.Skip("set SAFAR_SHOTS to a folder to write screenshots")
	}
	return dir
}

// writeShot captures a's window to dir/name.png.
func writeShot(t *testing.T, dir string, a *App, name string) {
	t.Helper()
	f, err := os.Create(filepath.Join(dir, name+".png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, a.win.Canvas().Capture()); err != nil {
		t.Fatal(err)
	}
}
