package client

import (
	"archive/zip"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"safar.app/safar/sync/feed"
	"safar.app/safar/sync/publish"
)

// fuzzFeed is a small real feed: one publisher with two files, released
// by the publishing code. Its files and its zip seed the source targets.
func fuzzFeed(f *testing.F) string {
	dir := f.TempDir()
	repo := publish.Open(filepath.Join(dir, "feed"), filepath.Join(dir, "keys"))
	if err := repo.Init(1, 1); err != nil {
		f.Fatal(err)
	}
	if err := repo.AddPublisher("berlin", "de/berlin/"); err != nil {
		f.Fatal(err)
	}
	tree := fstest.MapFS{
		"de/berlin/services.toml":       {Data: []byte("[[service]]\nid = \"de-berlin-x\"\n")},
		"de/berlin/service/a.en.md":     {Data: []byte("+++\nid = \"a\"\n+++\nBody.\n")},
		"de/berlin/service/a.ar.md":     {Data: []byte("+++\nid = \"a\"\n+++\nنص.\n")},
		"de/_/outside-the-publisher.md": {Data: []byte("not released")},
	}
	if _, err := repo.Release("berlin", tree); err != nil {
		f.Fatal(err)
	}
	return filepath.Join(dir, "feed")
}

// feedNames are the feed's files, as a sync asks for them.
func feedNames(f *testing.F, dir string) []string {
	var names []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			names = append(names, filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil {
		f.Fatal(err)
	}
	return names
}

// FuzzArchiveSource: any bytes as a .zip of a feed, and any name asked
// of it. Opening and reading never panics, never reads past the limit a
// sync sets, and an archive that opens holds no path reaching outside.
func FuzzArchiveSource(f *testing.F) {
	dir := fuzzFeed(f)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	if err := zw.AddFS(os.DirFS(dir)); err != nil {
		f.Fatal(err)
	}
	zw.Close()
	for _, name := range feedNames(f, dir) {
		f.Add(buf.Bytes(), name)
	}
	f.Add(buf.Bytes(), "../../metadata/1.root.json")
	f.Add([]byte("PK\x05\x06"+strings.Repeat("\x00", 18)), "metadata/timestamp.json")
	f.Fuzz(func(t *testing.T, data []byte, name string) {
		src, err := NewArchiveSource(bytes.NewReader(data), int64(len(data)), "fuzz.zip")
		if err != nil {
			return
		}
		for _, zf := range src.zip.File {
			if err := feed.CheckArchivePath(zf.Name); err != nil {
				t.Fatalf("an archive with %q opened", zf.Name)
			}
		}
		const limit = 1 << 20
		if b, err := read(context.Background(), src, name, limit); err == nil && len(b) > limit {
			t.Fatalf("read %d bytes past the limit", len(b))
		}
		for i, zf := range src.zip.File {
			if i == 16 {
				break // a few entries say as much as thousands
			}
			read(context.Background(), src, strings.TrimPrefix(zf.Name, src.prefix), 64<<10)
		}
	})
}

// FuzzFolderSource: any name asked of a feed folder that has a symlink
// out of it and a secret beside it. Nothing outside the folder is ever
// read, whatever the name.
func FuzzFolderSource(f *testing.F) {
	dir := fuzzFeed(f)
	for _, name := range feedNames(f, dir) {
		f.Add(name)
	}
	for _, name := range []string{"../secret", "link", "linkdir/secret", "metadata/../../secret", "/etc/passwd",
		"metadata//timestamp.json", "metadata/timestamp.json\x00", `metadata\timestamp.json`, "./metadata/timestamp.json"} {
		f.Add(name)
	}
	base := f.TempDir()
	secret := []byte("SECRET-OUTSIDE-THE-FEED")
	if err := os.WriteFile(filepath.Join(base, "secret"), secret, 0o644); err != nil {
		f.Fatal(err)
	}
	feedDir := filepath.Join(base, "feed")
	if err := os.CopyFS(feedDir, os.DirFS(dir)); err != nil {
		f.Fatal(err)
	}
	os.Symlink(filepath.Join(base, "secret"), filepath.Join(feedDir, "link"))
	os.Symlink(base, filepath.Join(feedDir, "linkdir"))
	src := NewFolderSource(feedDir)
	f.Fuzz(func(t *testing.T, name string) {
		b, err := read(context.Background(), src, name, 1<<20)
		if err == nil && bytes.Contains(b, secret) {
			t.Fatalf("%q read a file outside the feed", name)
		}
	})
}
