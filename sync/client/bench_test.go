package client

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"safar.app/safar/assets"
	"safar.app/safar/content/bundled"
	"safar.app/safar/sync/publish"
)

// BenchmarkSyncNothingChanged: what "check for updates" costs when there
// is nothing new. Targets: at most 2 requests and 2 KB.
func BenchmarkSyncNothingChanged(b *testing.B) {
	w := newWorld(&testing.T{})
	srv := httptest.NewServer(http.FileServer(http.Dir(w.feedDir)))
	defer srv.Close()
	if _, err := w.sync(srv.URL); err != nil {
		b.Fatal(err)
	}
	var bytes, reqs int64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rep, err := w.sync(srv.URL)
		if err != nil || !rep.Unchanged {
			b.Fatalf("%+v %v", rep, err)
		}
		bytes += rep.Bytes
		reqs += int64(rep.Requests)
	}
	b.ReportMetric(float64(bytes)/float64(b.N), "bytes/sync")
	b.ReportMetric(float64(reqs)/float64(b.N), "requests/sync")
}

// BenchmarkSyncOneArticle: the bytes of an update in which one article
// changed, as a share of the whole pack. Target: at most 2%.
func BenchmarkSyncOneArticle(b *testing.B) {
	w := newWorld(&testing.T{})
	srv := httptest.NewServer(http.FileServer(http.Dir(w.feedDir)))
	defer srv.Close()
	if _, err := w.sync(srv.URL); err != nil {
		b.Fatal(err)
	}
	pack := packBlobBytes(&testing.T{})
	var bytes int64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		w.edit("de/_/health/seeing-a-doctor.en.md", "title = \"", fmt.Sprintf("title = \"Edit %d: ", i))
		w.release("germany")
		b.StartTimer()
		rep, err := w.sync(srv.URL)
		if err != nil || len(rep.Changes) != 1 {
			b.Fatalf("%+v %v", rep, err)
		}
		bytes += rep.Bytes
	}
	b.ReportMetric(float64(bytes)/float64(b.N), "bytes/update")
	b.ReportMetric(100*float64(bytes)/float64(b.N)/float64(pack), "pct-of-pack")
}

// tenThousandItems is a feed whose publisher releases 10,000 new items.
func tenThousandItems(b *testing.B) (feedDir string, root []byte) {
	base := b.TempDir()
	tree := filepath.Join(base, "tree")
	os.MkdirAll(filepath.Join(tree, "xx", "_", "living"), 0o755)
	os.WriteFile(filepath.Join(tree, "xx", "country.toml"), []byte("code = \"xx\"\nname = { en = \"Testland\" }\n"), 0o644)
	for i := 0; i < 10000; i++ {
		art := fmt.Sprintf("+++\nid = \"xx-item-%d\"\nkind = \"living\"\nstages = [\"settling-in\"]\ntitle = \"Item %d\"\n"+
			"summary = \"Summary of item %d.\"\npublisher = \"Bench\"\nsource = \"https://www.example.org/%d\"\n"+
			"reviewed_on = 2026-11-20\nreview_by = 2099-01-01\nstatus = \"original\"\n+++\nThe text of item %d, "+
			"with a [link](https://www.example.org) and **bold** words.\n", i, i, i, i, i)
		os.WriteFile(filepath.Join(tree, "xx", "_", "living", fmt.Sprintf("item-%d.en.md", i)), []byte(art), 0o644)
	}
	repo := publish.Open(filepath.Join(base, "feed"), filepath.Join(base, "keys"))
	if err := repo.Init(1, 1); err != nil {
		b.Fatal(err)
	}
	if err := repo.AddPublisher("testland", "xx/"); err != nil {
		b.Fatal(err)
	}
	if _, err := repo.Release("testland", os.DirFS(tree)); err != nil {
		b.Fatal(err)
	}
	root, _ = os.ReadFile(filepath.Join(base, "feed", "metadata", "1.root.json"))
	return filepath.Join(base, "feed"), root
}

// syncTenThousand syncs the feed into a device that has only the embedded
// pack; prepare, if set, is run on the device's folder first.
func syncTenThousand(b *testing.B, feedDir string, root []byte, prepare func(dev string)) {
	b.StopTimer()
	dev := b.TempDir()
	s, _, err := bundled.Open(filepath.Join(dev, "content.db"))
	if err != nil {
		b.Fatal(err)
	}
	if prepare != nil {
		prepare(dev)
	}
	b.StartTimer()
	rep, err := Sync(context.Background(), Options{Feed: feedDir, Dir: filepath.Join(dev, "sync"),
		Root: root, Store: s, Base: assets.Content()})
	b.StopTimer()
	if err != nil || len(rep.Changes) != 1 || rep.Changes[0].Set != 10001 {
		b.Fatalf("%+v %v", rep, err)
	}
	s.Close()
	b.StartTimer()
}

// BenchmarkSync10000Items: a publisher's release of 10,000 new items,
// read from a folder (as from a USB stick), checked and installed.
func BenchmarkSync10000Items(b *testing.B) {
	feedDir, root := tenThousandItems(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		syncTenThousand(b, feedDir, root, nil)
	}
}

// BenchmarkApply10000Items: applying the same release once its files are on
// the device: the TUF metadata, entry and index verified, the tree read and
// checked, and installed in one transaction. Target: under 1 s.
func BenchmarkApply10000Items(b *testing.B) {
	feedDir, root := tenThousandItems(b)
	// One device downloads everything; the others start from its blobs.
	fetched := b.TempDir()
	s, _, err := bundled.Open(filepath.Join(fetched, "content.db"))
	if err != nil {
		b.Fatal(err)
	}
	if _, err := Sync(context.Background(), Options{Feed: feedDir, Dir: filepath.Join(fetched, "sync"),
		Root: root, Store: s, Base: assets.Content()}); err != nil {
		b.Fatal(err)
	}
	s.Close()
	blobs, err := os.ReadFile(filepath.Join(fetched, "sync", "blobs.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		syncTenThousand(b, feedDir, root, func(dev string) {
			os.MkdirAll(filepath.Join(dev, "sync"), 0o700)
			if err := os.WriteFile(filepath.Join(dev, "sync", "blobs.db"), blobs, 0o600); err != nil {
				b.Fatal(err)
			}
		})
	}
}
