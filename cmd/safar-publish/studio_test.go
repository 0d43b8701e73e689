package main

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

func TestStudioPreviewRendersThePhoneScreen(t *testing.T) {
	tree := os.DirFS(filepath.Join("..", "..", "assets", "content"))
	data, err := renderPreview(tree, "article:de-asylum", "ar", "de")
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 360 || b.Dy() != 740 {
		t.Errorf("preview is %v, not a phone's 360×740", b)
	}
	// A tree the checker refuses is not previewed; the message names the file.
	broken := fstest.MapFS{"de/country.toml": {Data: []byte("code = \"de\"\nname = { en = \"Germany\" }\n")},
		"de/_/entry/x.en.md": {Data: []byte("+++\nid = \"de-x\"\n+++\nText\n")}}
	if _, err := renderPreview(broken, "article:de-x", "en", "de"); err == nil || !strings.Contains(err.Error(), "de/_/entry/x.en.md") {
		t.Errorf("broken tree: %v", err)
	}
}

// A checklist is previewed on its own screen, not on home, where the
// reader sees only its progress.
func TestStudioPreviewShowsTheChecklist(t *testing.T) {
	tree := os.DirFS(filepath.Join("..", "..", "assets", "content"))
	home, err := renderPreview(tree, "home", "ar", "af")
	if err != nil {
		t.Fatal(err)
	}
	list, err := renderPreview(tree, "checklist:before", "ar", "af")
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(home, list) {
		t.Error("the checklist's preview is the home screen")
	}
	if _, err := renderPreview(tree, "checklist:someday", "ar", "af"); err == nil {
		t.Error("a checklist of no stage was previewed")
	}
}

func TestStudioCommandRefusesBadArguments(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"studio"}, &out, &errb); code != 2 || !strings.Contains(errb.String(), "usage: safar-publish studio") {
		t.Errorf("no folder: %d %s", code, errb.String())
	}
	errb.Reset()
	if code := run([]string{"studio", filepath.Join(t.TempDir(), "missing")}, &out, &errb); code != 2 || !strings.Contains(errb.String(), "is not a folder") {
		t.Errorf("missing folder: %d %s", code, errb.String())
	}
	errb.Reset()
	if code := run([]string{"studio", t.TempDir(), "--publisher", "berlin", "--feed", t.TempDir()}, &out, &errb); code != 1 || !strings.Contains(errb.String(), "metadata") {
		t.Errorf("no feed there: %d %s", code, errb.String())
	}
}

// BenchmarkStudioPreview is one live-preview render of the Studio: parse
// the tree, install the reader's country, render the article at phone size.
func BenchmarkStudioPreview(b *testing.B) {
	tree := os.DirFS(filepath.Join("..", "..", "assets", "content"))
	for b.Loop() {
		if _, err := renderPreview(tree, "article:de-asylum", "ar", "de"); err != nil {
			b.Fatal(err)
		}
	}
}
