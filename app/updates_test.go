package app

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"safar.app/safar/assets"
	"safar.app/safar/sync/client"
	"safar.app/safar/sync/publish"
)

// TestCheckForUpdates: a reader opens Settings, checks for updates from a
// signed feed (a folder here), sees the result, and the edited article
// reads as the publisher released it; the region shows when it was verified.
func TestCheckForUpdates(t *testing.T) {
	base := t.TempDir()
	tree := filepath.Join(base, "tree")
	if err := os.CopyFS(tree, assets.Content()); err != nil {
		t.Fatal(err)
	}
	repo := publish.Open(filepath.Join(base, "feed"), filepath.Join(base, "keys"))
	if err := repo.Init(1, 1); err != nil {
		t.Fatal(err)
	}
	if err := repo.AddPublisher("berlin", "de/berlin/"); err != nil {
		t.Fatal(err)
	}
	article := filepath.Join(tree, "de", "berlin", "service", "first-contact.en.md")
	data, _ := os.ReadFile(article)
	os.WriteFile(article, []byte(strings.Replace(string(data), `title = "`, `title = "Newly published: `, 1)), 0o644)
	if _, err := repo.Release("berlin", os.DirFS(tree)); err != nil {
		t.Fatal(err)
	}
	root, _ := os.ReadFile(filepath.Join(base, "feed", "metadata", "1.root.json"))

	a := newTestApp(t, &onboardedInGermany)
	a.opts = Options{Sync: client.NewService(client.Config{Feed: filepath.Join(base, "feed"), Root: root,
		Dir: filepath.Join(base, "sync"), Store: a.content, Base: assets.Content(), Now: a.now})}
	if err := a.Open("settings"); err != nil {
		t.Fatal(err)
	}
	mustShow(t, a, "Updates", "Check for updates", "Import update from file", "Check for updates automatically")
	if got, _ := a.user.Settings(); got.AutoSync {
		t.Error("automatic updates are on by default")
	}
	tapButton(t, a, "Check for updates")
	waitFor(t, a, "Updated from 1 publisher.")
	tapButton(t, a, "Close")
	mustShow(t, a, "Berlin: verified")

	if err := a.Open("article:de-berlin-first-contact"); err != nil {
		t.Fatal(err)
	}
	mustShow(t, a, "Newly published: ")

	if err := a.Open("settings"); err != nil {
		t.Fatal(err)
	}
	tapButton(t, a, "Check for updates")
	waitFor(t, a, "Your content is up to date.")
}

func TestUpdatesNeedARoot(t *testing.T) {
	a := newTestApp(t, &onboardedInGermany)
	if err := a.Open("settings"); err != nil {
		t.Fatal(err)
	}
	mustShow(t, a, "This version of Safar takes no updates.")
	mustNotShow(t, a, "Check for updates")
}

// waitFor runs the work the app started in the background (a sync), on
// the test's goroutine, then checks the screen shows want.
func waitFor(t *testing.T, a *App, want string) {
	t.Helper()
	settle(a)
	mustShow(t, a, want)
}
