package app

import (
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"safar.app/safar/assets"
	"safar.app/safar/locales"
	"safar.app/safar/sync/client"
	"safar.app/safar/sync/publish"
)

// signedFeed publishes the built-in content as a feed of its own, signed
// with keys made for the test; it returns the feed folder and its root.
func signedFeed(t *testing.T) (feed string, root []byte) {
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
	if err := repo.AddPublisher("berlin", "de/berlin/"); err != nil {
		t.Fatal(err)
	}
	if _, err := repo.Release("berlin", os.DirFS(tree)); err != nil {
		t.Fatal(err)
	}
	root, err := os.ReadFile(filepath.Join(base, "feed", "metadata", "1.root.json"))
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Join(base, "feed"), root
}

// closedPort is a web address where nothing listens.
func closedPort(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return "http://" + l.Addr().String()
}

// TestUpdateErrorsSayWhatHappened: each way an update can fail is one
// sentence in the reader's language, with the technical words behind
// Details; being offline or the server not answering is never called a
// refusal, and a refusal says why.
func TestUpdateErrorsSayWhatHappened(t *testing.T) {
	feed, _ := signedFeed(t)
	notZip := filepath.Join(t.TempDir(), "photo.zip")
	os.WriteFile(notZip, []byte("not a zip at all"), 0o644)
	tests := []struct {
		name, feed string
		root       []byte
		want       string
	}{
		{"no connection", "http://safar-feed.invalid", assets.TrustRoot(), "ProblemNoConnection"},
		{"server not answering", closedPort(t), assets.TrustRoot(), "ProblemFeedUnreachable"},
		{"signed by someone else", feed, assets.TrustRoot(), "RefusedSignature"},
		{"not an update", notZip, assets.TrustRoot(), "ProblemNotAnUpdate"},
		{"folder without a feed", t.TempDir(), assets.TrustRoot(), "ProblemNotAnUpdate"},
	}
	for _, lang := range []string{"en", "fa-AF"} {
		loc, _ := locales.New(lang)
		refused, _, _ := strings.Cut(loc.T("RefusedOther"), ":") // "The update was refused", in words
		for _, tt := range tests {
			s := onboardedInGermany
			s.Lang = lang
			a := newTestApp(t, &s)
			a.opts = Options{Sync: client.NewService(client.Config{Feed: tt.feed, Root: tt.root, Dir: filepath.Join(t.TempDir(), "sync"),
				Store: a.content, Base: assets.Content(), Now: a.now})}
			a.push(a.updateScreen(tt.feed))
			settle(a)
			mustShow(t, a, loc.T(tt.want))
			if !strings.HasPrefix(tt.want, "Refused") && strings.Contains(screenText(a), refused) {
				t.Errorf("%s %s: told as a refusal:\n%s", lang, tt.name, screenText(a))
			}
			screen := screenText(a)
			tapButton(t, a, loc.T("Details"))
			if after := screenText(a); len(after) <= len(screen) {
				t.Errorf("%s %s: Details showed nothing more:\n%s", lang, tt.name, after)
			}
			mustShow(t, a, loc.T("HideDetails"))
		}
	}
}

// TestUpdatesOfferedOnlyWithAFeed: a build with a root of trust but no
// feed address takes updates from files only: nothing to check, so no
// "Check for updates" and no automatic checks.
func TestUpdatesOfferedOnlyWithAFeed(t *testing.T) {
	a := newTestApp(t, &onboardedInGermany)
	a.opts = Options{Sync: client.NewService(client.Config{Root: assets.TrustRoot(), Dir: t.TempDir(), Store: a.content, Base: assets.Content()})}
	if err := a.Open("settings"); err != nil {
		t.Fatal(err)
	}
	mustShow(t, a, "Import update from file")
	mustNotShow(t, a, "Check for updates")
	mustNotShow(t, a, "automatically")
}

// TestUpdatePickerSpeaksTheReadersLanguage: the update picker is Safar's
// own screen in the reader's language; it walks folders, lists .zip files
// and feed folders only, and installs what the reader picks.
func TestUpdatePickerSpeaksTheReadersLanguage(t *testing.T) {
	feed, root := signedFeed(t)
	top := t.TempDir()
	usb := filepath.Join(top, "usb")
	os.MkdirAll(usb, 0o755)
	os.WriteFile(filepath.Join(top, "notes.txt"), []byte("hello"), 0o644)
	os.WriteFile(filepath.Join(usb, "photo.zip"), []byte("not a zip"), 0o644)
	if err := os.CopyFS(filepath.Join(usb, "safar-update"), os.DirFS(feed)); err != nil {
		t.Fatal(err)
	}

	s := onboardedInGermany
	s.Lang = "ar"
	a := newTestApp(t, &s)
	ar, _ := locales.New("ar")
	a.opts = Options{Sync: client.NewService(client.Config{Root: root, Dir: filepath.Join(t.TempDir(), "sync"), Store: a.content, Base: assets.Content(), Now: a.now})}
	a.pickFrom = top
	if err := a.Open("settings"); err != nil {
		t.Fatal(err)
	}
	tapButton(t, a, ar.T("ImportUpdate"))
	mustShow(t, a, ar.T("PickUpdateTitle"), ar.T("PickUpdateHint"), "usb")
	mustNotShow(t, a, "notes.txt")
	tapButton(t, a, "usb")
	mustShow(t, a, "photo.zip", "safar-update")
	tapButton(t, a, "photo.zip")
	settle(a)
	mustShow(t, a, ar.T("ProblemNotAnUpdate"))
	tapButton(t, a, ar.T("Close"))
	mustShow(t, a, ar.T("Settings")) // Back from the update leads to settings, not the picker

	tapButton(t, a, ar.T("ImportUpdate"))
	tapButton(t, a, "usb")
	tapButton(t, a, "safar-update")
	tapButton(t, a, ar.T("PickUseFolder"))
	settle(a)
	mustShow(t, a, ar.N("Updated", 1))
}
