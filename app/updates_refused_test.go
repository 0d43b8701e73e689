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

// berlinFeed is a signed feed with one publisher, berlin, whose release
// renames an article with prefix; it returns the feed, its root and a
// function that releases the article renamed again.
func berlinFeed(t *testing.T, prefix string) (feedDir string, root []byte, again func(prefix string)) {
	t.Helper()
	base := t.TempDir()
	tree := filepath.Join(base, "tree")
	if err := os.CopyFS(tree, assets.Content()); err != nil {
		t.Fatal(err)
	}
	feedDir = filepath.Join(base, "feed")
	repo := publish.Open(feedDir, filepath.Join(base, "keys"))
	if err := repo.Init(1, 1); err != nil {
		t.Fatal(err)
	}
	if err := repo.AddPublisher("berlin", "de/berlin/"); err != nil {
		t.Fatal(err)
	}
	again = func(prefix string) {
		article := filepath.Join(tree, "de", "berlin", "service", "first-contact.en.md")
		data, _ := os.ReadFile(article)
		os.WriteFile(article, []byte(strings.Replace(string(data), `title = "`, `title = "`+prefix, 1)), 0o644)
		if _, err := repo.Release("berlin", os.DirFS(tree)); err != nil {
			t.Fatal(err)
		}
	}
	again(prefix)
	root, _ = os.ReadFile(filepath.Join(feedDir, "metadata", "1.root.json"))
	return feedDir, root, again
}

// TestRecoverUpdatesFromTheStart (issue 16 §2): the device holds trust the
// feed no longer proves (here another feed's root, as a device left with
// metadata from stolen keys would), so "Check for updates" is refused.
// The reader taps "Check again from the start": the feed is verified again
// from the root the app shipped with, and the update installs.
func TestRecoverUpdatesFromTheStart(t *testing.T) {
	feedDir, root, again := berlinFeed(t, "First: ")
	_, otherRoot, _ := berlinFeed(t, "Other: ")
	syncDir := filepath.Join(t.TempDir(), "sync")
	a := newTestApp(t, &onboardedInGermany)
	a.opts = Options{Sync: client.NewService(client.Config{Feed: feedDir, Root: root,
		Dir: syncDir, Store: a.content, Base: assets.Content(), Now: a.now})}
	if err := a.Open("settings"); err != nil {
		t.Fatal(err)
	}
	tapButton(t, a, "Check for updates")
	waitFor(t, a, "Updated from 1 publisher.")
	tapButton(t, a, "Close")

	if err := os.WriteFile(filepath.Join(syncDir, "tuf", "root.json"), otherRoot, 0o600); err != nil {
		t.Fatal(err)
	}
	again("Second: ")
	tapButton(t, a, "Check for updates")
	waitFor(t, a, "Nothing was changed")
	mustShow(t, a, "If updates keep being refused")
	capture(t, a, "update-recover-offered")
	tapButton(t, a, "Check again from the start")
	waitFor(t, a, "Updated from 1 publisher.")
	mustNotShow(t, a, "Check again from the start")
	tapButton(t, a, "Close")
	if err := a.Open("article:de-berlin-first-contact"); err != nil {
		t.Fatal(err)
	}
	mustShow(t, a, "Second: ")
}
