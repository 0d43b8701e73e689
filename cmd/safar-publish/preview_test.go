package main

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"safar.app/safar/content/source"
)

// TestPreviewRendersOnlyWhatChanged: an editor edits one article of the
// shipped tree; the preview renders that article in each of its languages
// and nothing else.
func TestPreviewRendersOnlyWhatChanged(t *testing.T) {
	tree := t.TempDir()
	if err := os.CopyFS(tree, os.DirFS("../../assets/content")); err != nil {
		t.Fatal(err)
	}
	article := filepath.Join(tree, "de", "_", "health", "seeing-a-doctor.en.md")
	data, err := os.ReadFile(article)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(article, append(data, []byte("\n\nA sentence the editor added.\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
	pack, _ := source.Load(os.DirFS(tree))
	var want []string
	for _, it := range pack.Items {
		if it.Slug == "seeing-a-doctor" && it.Country == "de" {
			for _, tr := range it.Translations {
				want = append(want, it.ID+"."+tr.Lang+".png")
			}
		}
	}
	if len(want) < 2 {
		t.Fatalf("the edited article has %d languages", len(want))
	}

	out := t.TempDir()
	var stdout, stderr bytes.Buffer
	if code := run([]string{"preview", "-png", out, tree}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	entries, _ := os.ReadDir(out)
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	sort.Strings(got)
	sort.Strings(want)
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("rendered %v, want %v", got, want)
	}
	f, err := os.Open(filepath.Join(out, want[0]))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() < 360 || b.Dy() < 700 {
		t.Errorf("image is %v, want phone size", b)
	}
}

func TestPreviewRefusesBrokenTree(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run([]string{"preview", "-png", t.TempDir(), "testdata/broken"}, &stdout, &stderr); code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	if !strings.Contains(stderr.String(), `duplicate id "de-asylum"`) {
		t.Errorf("the refusal does not name the problems:\n%s", stderr.String())
	}
}
