package client

import (
	"archive/zip"
	"bytes"
	"context"
	"flag"
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

// zipOf is dir's files as a zip archive, each entry stored or deflated,
// under prefix (a feed whose folder itself was zipped).
func zipOf(f *testing.F, dir, prefix string, method uint16) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range feedNames(f, dir) {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			f.Fatal(err)
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: prefix + name, Method: method})
		if err != nil {
			f.Fatal(err)
		}
		w.Write(data)
	}
	if err := zw.Close(); err != nil {
		f.Fatal(err)
	}
	return buf.Bytes()
}

// noMinimize turns off the minimizing of new inputs unless the command
// line sets -fuzzminimizetime. Without it a zip target stalls at a few
// dozen execs: almost every change to a zip's structure reaches new code,
// and Go minimizes each new input by trying every sub-range of it
// (quadratic in its length), so each one costs the full default minute.
// With it the target runs at over a thousand execs a second. A crash is
// kept unminimized; run it again with -fuzzminimizetime 60s to shrink it.
func noMinimize(f *testing.F) {
	set := false
	flag.Visit(func(fl *flag.Flag) { set = set || fl.Name == "test.fuzzminimizetime" })
	if !set {
		if err := flag.Set("test.fuzzminimizetime", "0"); err != nil {
			f.Fatal(err)
		}
	}
}

// FuzzArchiveSource: any bytes as a .zip of a feed, and any name asked
// of it. Opening and reading never panics, never reads past the limit a
// sync sets, and an archive that opens holds no path reaching outside.
//
// Seeds: the released feed zipped with deflate (as a publisher's zip tool
// writes it), the same stored and inside a folder, a zip of the timestamp
// alone (small, so its mutations are quick to minimize), a first entry
// reaching outside the feed, and an empty archive.
func FuzzArchiveSource(f *testing.F) {
	noMinimize(f)
	dir := fuzzFeed(f)
	deflated := zipOf(f, dir, "", zip.Deflate)
	for _, name := range feedNames(f, dir) {
		f.Add(deflated, name)
	}
	f.Add(zipOf(f, dir, "feed/", zip.Store), "metadata/timestamp.json")
	f.Add(deflated, "../../metadata/1.root.json")
	timestamp, err := os.ReadFile(filepath.Join(dir, "metadata", "timestamp.json"))
	if err != nil {
		f.Fatal(err)
	}
	var one bytes.Buffer
	zw := zip.NewWriter(&one)
	w, _ := zw.Create("metadata/timestamp.json")
	w.Write(timestamp)
	zw.Close()
	f.Add(one.Bytes(), "metadata/timestamp.json")
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
			if i == 4 {
				break // a few entries say as much as thousands, and cost less
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
