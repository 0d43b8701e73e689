package app

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"safar.app/safar/assets"
	"safar.app/safar/sync/client"
	"safar.app/safar/sync/feed"
	"safar.app/safar/sync/publish"
)

// TestUpdateRefusedForOneRegion (issue 16 §1): Berlin's publisher signs a
// file outside its folder while the Germany publisher releases an honest
// update. The reader sees Germany's update installed and, in words, that
// Berlin's update was refused and its content stays.
func TestUpdateRefusedForOneRegion(t *testing.T) {
	base := t.TempDir()
	tree := filepath.Join(base, "tree")
	if err := os.CopyFS(tree, assets.Content()); err != nil {
		t.Fatal(err)
	}
	feedDir := filepath.Join(base, "feed")
	repo := publish.Open(feedDir, filepath.Join(base, "keys"))
	if err := repo.Init(1, 1); err != nil {
		t.Fatal(err)
	}
	for _, p := range [][2]string{{"berlin", "de/berlin/"}, {"germany", "de/_/"}} {
		if err := repo.AddPublisher(p[0], p[1]); err != nil {
			t.Fatal(err)
		}
		if _, err := repo.Release(p[0], os.DirFS(tree)); err != nil {
			t.Fatal(err)
		}
	}
	// Berlin's rogue release: its own index plus a file under de/_/.
	var index map[string]feed.File
	raw, _ := os.ReadFile(filepath.Join(feedDir, "history", "berlin", "1.json"))
	if err := json.Unmarshal(raw, &index); err != nil {
		t.Fatal(err)
	}
	fake := []byte("[[hotline]]\nid = \"de-hl-fake\"\n")
	blob := feed.Compress(fake)
	repo.WriteBlob(blob)
	index["de/_/hotlines.toml"] = feed.Ref(fake, blob)
	raw, _ = json.Marshal(index)
	iblob := feed.Compress(raw)
	repo.WriteBlob(iblob)
	if err := repo.SignEntry("berlin", &feed.Entry{Publisher: "berlin", Scope: "de/berlin/", Sequence: 2,
		IndexHash: feed.IndexHash(index), Index: feed.Ref(raw, iblob)}); err != nil {
		t.Fatal(err)
	}
	article := filepath.Join(tree, "de", "_", "health", "seeing-a-doctor.en.md")
	data, _ := os.ReadFile(article)
	os.WriteFile(article, []byte(strings.Replace(string(data), `title = "`, `title = "Honestly updated: `, 1)), 0o644)
	if _, err := repo.Release("germany", os.DirFS(tree)); err != nil {
		t.Fatal(err)
	}
	root, _ := os.ReadFile(filepath.Join(feedDir, "metadata", "1.root.json"))

	a := newTestApp(t, &onboardedInGermany)
	a.opts = Options{Sync: client.NewService(client.Config{Feed: feedDir, Root: root,
		Dir: filepath.Join(base, "sync"), Store: a.content, Base: assets.Content(), Now: a.now})}
	if err := a.Open("settings"); err != nil {
		t.Fatal(err)
	}
	tapButton(t, a, "Check for updates")
	waitFor(t, a, "Updated from 1 publisher.")
	mustShow(t, a, "The update for Berlin was refused, so what you had for it stays as it was.")
	mustNotShow(t, a, "Nothing was changed")
	capture(t, a, "update-refused-for-berlin")
	tapButton(t, a, "Close")

	if err := a.Open("article:de-seeing-a-doctor"); err != nil {
		t.Fatal(err)
	}
	mustShow(t, a, "Honestly updated: ")
}
