package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"safar.app/safar/assets"
	"safar.app/safar/content"
	"safar.app/safar/sync/client"
	"safar.app/safar/sync/publish"
)

// germanyFeed publishes, in a folder feed signed with keys made here, a
// release of Germany's content (publisher "germany", scope de/) as the
// embedded pack has it, changed by edit. It returns the feed and its root.
func germanyFeed(t *testing.T, edit func(tree string)) (feed string, root []byte) {
	t.Helper()
	base := t.TempDir()
	tree := filepath.Join(base, "tree")
	if err := os.CopyFS(tree, assets.Content()); err != nil {
		t.Fatal(err)
	}
	repo := publish.Open(filepath.Join(base, "feed"), filepath.Join(base, "keys"))
	if err := repo.Init(1, 1); err != nil {
		t.Fatal(err)
	}
	if err := repo.AddPublisher("germany", "de/"); err != nil {
		t.Fatal(err)
	}
	edit(tree)
	if _, err := repo.Release("germany", os.DirFS(tree)); err != nil {
		t.Fatal(err)
	}
	root, err := os.ReadFile(filepath.Join(base, "feed", "metadata", "1.root.json"))
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Join(base, "feed"), root
}

// rewrite replaces old by new in a file of the tree, which must hold it.
func rewrite(t *testing.T, tree, file, old, new string) {
	t.Helper()
	path := filepath.Join(tree, filepath.FromSlash(file))
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), old) {
		t.Fatalf("%s does not hold %q", file, old)
	}
	if err := os.WriteFile(path, []byte(strings.Replace(string(data), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

// threeChanges is the update the tests install: the voluntary return
// article removed (every language), the police number changed, and the doctor
// article's English title changed.
func threeChanges(t *testing.T) func(tree string) {
	return func(tree string) {
		gone, _ := filepath.Glob(filepath.Join(tree, "de", "_", "programme", "voluntary-return.*.md"))
		if len(gone) == 0 {
			t.Fatal("no voluntary return article in the embedded pack")
		}
		for _, f := range gone {
			os.Remove(f)
		}
		rewrite(t, tree, "de/hotlines.toml", "id = \"de-hl-110\"\nnumber = \"110\"", "id = \"de-hl-110\"\nnumber = \"+4930123456\"")
		rewrite(t, tree, "de/_/health/seeing-a-doctor.en.md", `title = "`, `title = "Updated: `)
	}
}

// withSync gives a the sync service of feed, over a's content.db.
func withSync(t *testing.T, a *App, feed string, root []byte) {
	a.opts.Sync = client.NewService(client.Config{Feed: feed, Root: root, Dir: filepath.Join(t.TempDir(), "sync"),
		Store: a.content, Base: assets.Content(), Now: a.now})
}

// syncFromSettings checks for updates as a reader does.
func syncFromSettings(t *testing.T, a *App) {
	t.Helper()
	if err := a.Open("settings"); err != nil {
		t.Fatal(err)
	}
	tapButton(t, a, "Check for updates")
	waitFor(t, a, "Updated from 1 publisher.")
	tapButton(t, a, "Close")
}

// TestSavedPageSurvivesItsRemoval: a reader saves an article and a
// number; an update removes the article; Saved still lists it by its
// title and says the publisher removed it in that update, and the number
// still opens.
func TestSavedPageSurvivesItsRemoval(t *testing.T) {
	feed, root := germanyFeed(t, threeChanges(t))
	a := newTestApp(t, &onboardedInGermany)
	withSync(t, a, feed, root)

	if err := a.Open("saved"); err != nil {
		t.Fatal(err)
	}
	mustShow(t, a, "Nothing saved yet.")

	if err := a.Open("emergency"); err != nil {
		t.Fatal(err)
	}
	tapButton(t, a, "Save") // the first number: 112
	a.now = func() time.Time { return testNow.Add(time.Minute) }
	if err := a.Open("article:de-voluntary-return"); err != nil {
		t.Fatal(err)
	}
	art, err := a.content.Article("de-voluntary-return", a.chain())
	if err != nil {
		t.Fatal(err)
	}
	tapButton(t, a, "Save")
	mustShow(t, a, "Saved")
	mustNotShow(t, a, "Save\n")
	a.goHome()
	mustShow(t, a, "2 saved pages")
	tapCard(t, a, "Saved")
	mustShow(t, a, art.Title, "Fire brigade and ambulance", "Article", "Number to call")
	mustNotShow(t, a, "Removed by the publisher")

	syncFromSettings(t, a)
	if err := a.Open("saved"); err != nil {
		t.Fatal(err)
	}
	today := a.day(content.DateOf(time.Now()))
	mustShow(t, a, art.Title, "Removed by the publisher in the update of "+today+".", "Fire brigade and ambulance")
	// The number still opens; the removed article is no card to open.
	tapCard(t, a, "Fire brigade and ambulance")
	mustShow(t, a, "Call 112")
	a.back()
	for _, c := range cards(a) {
		if c.Label == art.Title {
			t.Errorf("the removed article is still a card to open")
		}
	}
	// Forgetting it (the newest, listed first) takes it off the list.
	tapButton(t, a, "Remove from saved")
	mustNotShow(t, a, art.Title)
	if entries, _ := a.user.SavedEntries(); len(entries) != 1 {
		t.Errorf("%d saved entries after removing one of two", len(entries))
	}
}

// TestWhatsNewListsExactlyTheChanges: after a sync, home shows What's
// new with the count of changes for the reader's country and stage; the
// screen lists exactly those, the changed police number first with old
// and new side by side; once looked at, home no longer shows it.
func TestWhatsNewListsExactlyTheChanges(t *testing.T) {
	feed, root := germanyFeed(t, threeChanges(t))
	a := newTestApp(t, &onboardedInGermany)
	withSync(t, a, feed, root)
	a.goHome()
	mustNotShow(t, a, "What's new")
	gone, _ := a.content.Article("de-voluntary-return", a.chain())

	syncFromSettings(t, a)
	a.goHome()
	mustShow(t, a, "What's new", "3 changes to your guidance")
	tapCard(t, a, "What's new")

	// Numbers are left-to-right islands; the marks are not text.
	got := strings.NewReplacer("\u2066", "", "\u2069", "").Replace(screenText(a))
	police := strings.Index(got, "Police\n")
	for _, want := range []string{"The number changed.", "Before\n110\n", "Now\n+49 30 123456\n", "Call +49 30 123456",
		"Updated: ", gone.Title, "Removed by the publisher"} {
		if i := strings.Index(got, want); i < 0 || i < police {
			t.Errorf("What's new does not show %q after the police number:\n%s", want, got)
		}
	}
	if police < 0 {
		t.Fatalf("What's new does not show the police number:\n%s", got)
	}
	// Exactly three entries: one line saying what happened to each.
	n := 0
	for _, line := range strings.Split(got, "\n") {
		if strings.HasSuffix(line, "Changed") || line == "New" || strings.HasSuffix(line, "Removed by the publisher") {
			n++
		}
	}
	if n != 3 {
		t.Errorf("What's new lists %d changes, want 3:\n%s", n, got)
	}

	a.back()
	mustNotShow(t, a, "What's new")
	// Looked at, the changes stay listed on the screen itself.
	if err := a.Open("whats-new"); err != nil {
		t.Fatal(err)
	}
	mustShow(t, a, "The number changed.", "Updated: ")
}

// TestWhatsNewFollowsTheReadersStage: a reader before departure is told
// of the changed number, not of articles for later stages.
func TestWhatsNewFollowsTheReadersStage(t *testing.T) {
	feed, root := germanyFeed(t, threeChanges(t))
	before := onboardedInGermany
	before.Stage = string(content.StageBefore)
	a := newTestApp(t, &before)
	withSync(t, a, feed, root)
	syncFromSettings(t, a)
	a.goHome()
	mustShow(t, a, "1 change to your guidance")
	tapCard(t, a, "What's new")
	mustShow(t, a, "The number changed.")
	mustNotShow(t, a, "Updated: ")
}

// TestNotificationOnlyForAutomaticSyncOfTheReadersCountry: an automatic
// sync that changes Germany's guidance tells a reader in Germany with
// "Updated guidance for Germany" and nothing more; a reader in Sweden is
// not told, and a sync the reader started is not announced.
func TestNotificationOnlyForAutomaticSyncOfTheReadersCountry(t *testing.T) {
	tests := []struct {
		name      string
		country   string
		automatic bool
		want      *fyne.Notification
	}{
		{"automatic, reader in Germany", "de", true, fyne.NewNotification("Updated guidance for Germany", "")},
		{"automatic, reader in Sweden", "se", true, nil},
		{"started by the reader in Germany", "de", false, nil},
	}
	feed, root := germanyFeed(t, threeChanges(t))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			settings := onboardedInGermany
			settings.Country = tt.country
			a := newTestApp(t, &settings)
			withSync(t, a, feed, root)
			test.AssertNotificationSent(t, tt.want, func() {
				if tt.automatic {
					a.settings.AutoSync = true
					a.autoSync()
					settle(a)
				} else {
					syncFromSettings(t, a)
				}
			})
			if sets, _ := a.user.Changes([]string{"de"}, ""); len(sets) != 3 {
				t.Errorf("recorded %d changes for Germany, want 3", len(sets))
			}
		})
	}
}

// TestChangesOfASyncWithNoWindowShowAtStart: `safar sync` installs with
// no window and leaves the record in content.db; the next start copies it
// into user.db and home shows What's new.
func TestChangesOfASyncWithNoWindowShowAtStart(t *testing.T) {
	feed, root := germanyFeed(t, threeChanges(t))
	a := newTestApp(t, &onboardedInGermany)
	withSync(t, a, feed, root)
	if _, err := a.opts.Sync.Sync(context.Background(), "", nil); err != nil { // what `safar sync` does
		t.Fatal(err)
	}
	if cs, _ := a.user.Changes([]string{"de"}, ""); len(cs) != 0 {
		t.Fatalf("user.db has %d changes before the app saw the sync", len(cs))
	}
	next, err := New(a.fyne, a.content, a.user, Options{Now: a.now})
	if err != nil {
		t.Fatal(err)
	}
	next.win.Resize(fyne.NewSize(360, 740))
	mustShow(t, next, "What's new", "3 changes to your guidance")
	// Starting again records nothing twice.
	again, err := New(a.fyne, a.content, a.user, Options{Now: a.now})
	if err != nil {
		t.Fatal(err)
	}
	mustShow(t, again, "3 changes to your guidance")
}
