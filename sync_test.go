package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	fyneapp "fyne.io/fyne/v2/app"

	"safar.app/safar/assets"
	"safar.app/safar/content"
	"safar.app/safar/content/bundled"
	"safar.app/safar/sync/feed"
	"safar.app/safar/sync/publish"
)

// signedFeed is a feed with one publisher (Berlin) whose first release
// renames one article, and the root of trust to pass with --root.
func signedFeed(t *testing.T) (feedDir, rootFile, tree string, repo *publish.Repo) {
	t.Helper()
	base := t.TempDir()
	tree = filepath.Join(base, "tree")
	if err := os.CopyFS(tree, assets.Content()); err != nil {
		t.Fatal(err)
	}
	feedDir = filepath.Join(base, "feed")
	repo = publish.Open(feedDir, filepath.Join(base, "keys"))
	if err := repo.Init(1, 1); err != nil {
		t.Fatal(err)
	}
	if err := repo.AddPublisher("berlin", "de/berlin/"); err != nil {
		t.Fatal(err)
	}
	rename(t, tree, "Newly published: ")
	if _, err := repo.Release("berlin", os.DirFS(tree)); err != nil {
		t.Fatal(err)
	}
	return feedDir, filepath.Join(feedDir, "metadata", "1.root.json"), tree, repo
}

func rename(t *testing.T, tree, prefix string) {
	t.Helper()
	article := filepath.Join(tree, "de", "berlin", "service", "first-contact.en.md")
	data, err := os.ReadFile(article)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(article, []byte(strings.Replace(string(data), `title = "`, `title = "`+prefix, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

func runSync(args ...string) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	code = syncCommand(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

// title reads the article the feed edits from the content.db in data.
func title(t *testing.T, data string) string {
	t.Helper()
	cs, _, err := bundled.Open(filepath.Join(data, "content.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer cs.Close()
	a, err := cs.Article("de-berlin-first-contact", content.LangChain("en"))
	if err != nil {
		t.Fatal(err)
	}
	return a.Title
}

// TestSyncCommandUsage: wrong flags are refused with exit code 2 and a
// message that says what to do, before anything is opened.
func TestSyncCommandUsage(t *testing.T) {
	t.Setenv("SAFAR_FEED", "")
	_, rootFile, _, _ := signedFeed(t)
	data := t.TempDir()
	tests := []struct {
		name string
		args []string
		want string // in stderr
	}{
		{"an unknown flag", []string{"--data", data, "--nonsense"}, "flag provided but not defined: -nonsense"},
		{"both a feed and a path", []string{"--data", data, "--feed", "https://example.org", "--from", "/tmp/x"}, "usage: safar sync"},
		{"a stray argument", []string{"--data", data, "--from", "/tmp/x", "extra"}, "usage: safar sync"},
		{"no feed in this build", []string{"--data", data, "--root", rootFile}, "this build has no feed address"},
		{"a root file that is not there", []string{"--data", data, "--from", "/tmp/x", "--root", filepath.Join(data, "none.json")}, "none.json"},
		{"a timeout that is not a duration", []string{"--data", data, "--timeout", "soon"}, "invalid value \"soon\""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runSync(tt.args...)
			if code != exitUsage || !strings.Contains(stderr, tt.want) || stdout != "" {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit %d and %q", code, stdout, stderr, exitUsage, tt.want)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(data, "content.db")); err == nil {
		t.Error("a refused command line created content.db")
	}
}

// TestSyncCommand runs `safar sync` as an operator would: an update from a
// folder, then nothing new, then the build's own feed (SAFAR_FEED), then
// a tampered update that is refused with the content kept.
func TestSyncCommand(t *testing.T) {
	feedDir, rootFile, tree, repo := signedFeed(t)
	data := t.TempDir()

	code, stdout, stderr := runSync("--data", data, "--from", feedDir, "--root", rootFile)
	if code != exitOK || !strings.Contains(stdout, "berlin: release 0 → 1 (full index): 1 files changed") ||
		!strings.Contains(stdout, "updated (") {
		t.Fatalf("first sync: exit %d\nstdout %s\nstderr %s", code, stdout, stderr)
	}
	if got := title(t, data); !strings.HasPrefix(got, "Newly published: ") {
		t.Fatalf("after the sync the article reads %q", got)
	}

	code, stdout, _ = runSync("--data", data, "--from", feedDir, "--root", rootFile)
	if code != exitOK || !strings.HasPrefix(stdout, "up to date (") {
		t.Fatalf("nothing new: exit %d, stdout %q", code, stdout)
	}

	// Without --feed or --from, the feed this build updates from.
	rename(t, tree, "Again: ")
	if _, err := repo.Release("berlin", os.DirFS(tree)); err != nil {
		t.Fatal(err)
	}
	t.Setenv("SAFAR_FEED", feedDir)
	code, stdout, stderr = runSync("--data", data, "--root", rootFile)
	if code != exitOK || !strings.Contains(stdout, "berlin: release 1 → 2 (diff): 1 files changed") {
		t.Fatalf("the build's feed: exit %d\nstdout %s\nstderr %s", code, stdout, stderr)
	}

	// A blob flipped on the way is refused; the content stays.
	rename(t, tree, "Tampered: ")
	rep, err := repo.Release("berlin", os.DirFS(tree))
	if err != nil {
		t.Fatal(err)
	}
	rels, err := repo.Releases()
	if err != nil {
		t.Fatal(err)
	}
	f := rels["berlin"].Index["de/berlin/service/first-contact.en.md"]
	blob := filepath.Join(feedDir, feed.BlobPath(f.Blob))
	b, err := os.ReadFile(blob)
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)/2] ^= 1
	if err := os.WriteFile(blob, b, 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr = runSync("--data", data, "--from", feedDir, "--root", rootFile)
	if code != exitFailed || stdout != "" || !strings.Contains(stderr, "update refused") ||
		!strings.Contains(stderr, "nothing was changed; your content is as it was") {
		t.Fatalf("tampered release %d: exit %d\nstdout %s\nstderr %s", rep.Sequence, code, stdout, stderr)
	}
	if got := title(t, data); !strings.HasPrefix(got, "Again: ") {
		t.Errorf("after a refused update the article reads %q", got)
	}
}

// TestSyncCommandFailures: what cannot run exits 1 and says why.
func TestSyncCommandFailures(t *testing.T) {
	feedDir, _, _, _ := signedFeed(t)
	_, otherRoot, _, _ := signedFeed(t) // a feed with a root of its own
	data := t.TempDir()
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"not a feed", []string{"--from", filepath.Join(data, "nowhere"), "--root", otherRoot}, "is neither a web address, a folder nor a .zip file"},
		{"a feed signed by another root", []string{"--from", feedDir, "--root", otherRoot}, "update refused"},
		{"a damaged archive", []string{"--from", writeFile(t, "feed.zip", "not a zip"), "--root", otherRoot}, "open the update file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runSync(append([]string{"--data", data}, tt.args...)...)
			if code != exitFailed || stdout != "" || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit %d and %q", code, stdout, stderr, exitFailed, tt.want)
			}
		})
	}
}

func writeFile(t *testing.T, name, data string) string {
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestOneDataFolder: the window and `safar sync` use the same folder, the
// one Fyne gives the app on this platform; -data overrides it for both.
func TestOneDataFolder(t *testing.T) {
	if got := dataFolder("/some/where", nil); got != "/some/where" {
		t.Errorf("dataFolder with -data = %q", got)
	}
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, "xdg"))
	want := map[string]string{
		"linux":   filepath.Join(home, "xdg", "fyne", appID),
		"freebsd": filepath.Join(home, "xdg", "fyne", appID),
		"darwin":  filepath.Join(home, "Library", "Preferences", "fyne", appID),
	}[runtime.GOOS]
	if want == "" {
		t.Skipf("no expectation written for %s", runtime.GOOS)
	}
	// The window passes its Fyne app, the command line none: the same folder.
	if got, win := dataFolder("", nil), dataFolder("", fyneapp.NewWithID(appID)); got != want || win != want {
		t.Errorf("dataFolder = %q (command line), %q (window); want %q", got, win, want)
	}
}

// TestSyncCommandRecover (issue 16 §2): the sync folder holds trust the
// feed no longer proves (here, the root of another feed, as a device left
// with metadata from stolen keys would), so every sync is refused.
// `safar sync --recover` verifies the feed again from the root it is
// given, keeps the content meanwhile, and the sync after it is normal.
func TestSyncCommandRecover(t *testing.T) {
	feedDir, rootFile, tree, repo := signedFeed(t)
	_, otherRoot, _, _ := signedFeed(t)
	data := t.TempDir()
	if code, _, stderr := runSync("--data", data, "--from", feedDir, "--root", rootFile); code != exitOK {
		t.Fatalf("first sync: %s", stderr)
	}
	other, err := os.ReadFile(otherRoot)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(data, "sync", "tuf", "root.json"), other, 0o600); err != nil {
		t.Fatal(err)
	}
	rename(t, tree, "Recovered: ")
	if _, err := repo.Release("berlin", os.DirFS(tree)); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runSync("--data", data, "--from", feedDir, "--root", rootFile)
	if code != exitFailed || !strings.Contains(stderr, "update refused") {
		t.Fatalf("with trust the feed does not prove: exit %d\n%s", code, stderr)
	}
	if got := title(t, data); !strings.HasPrefix(got, "Newly published: ") {
		t.Fatalf("the refused sync changed the article: %q", got)
	}
	code, stdout, stderr := runSync("--data", data, "--from", feedDir, "--root", rootFile, "--recover")
	if code != exitOK || !strings.Contains(stdout, "berlin: release 1 → 2") {
		t.Fatalf("--recover: exit %d\nstdout %s\nstderr %s", code, stdout, stderr)
	}
	if got := title(t, data); !strings.HasPrefix(got, "Recovered: ") {
		t.Errorf("after --recover the article reads %q", got)
	}
	if code, stdout, _ := runSync("--data", data, "--from", feedDir, "--root", rootFile); code != exitOK || !strings.HasPrefix(stdout, "up to date") {
		t.Errorf("the sync after --recover: exit %d, %s", code, stdout)
	}
}

// TestSyncCommandNamesTheRefusedPublisher (issue 16 §1): berlin's release
// writes outside its folder while germany's is honest. `safar sync`
// installs germany's, names berlin and why, says the rest was installed,
// and exits 1.
func TestSyncCommandNamesTheRefusedPublisher(t *testing.T) {
	feedDir, rootFile, tree, repo := signedFeed(t)
	if err := repo.AddPublisher("germany", "de/_/"); err != nil {
		t.Fatal(err)
	}
	if _, err := repo.Release("germany", os.DirFS(tree)); err != nil {
		t.Fatal(err)
	}
	data := t.TempDir()
	if code, _, stderr := runSync("--data", data, "--from", feedDir, "--root", rootFile); code != exitOK {
		t.Fatalf("first sync: %s", stderr)
	}
	rels, err := repo.Releases()
	if err != nil {
		t.Fatal(err)
	}
	index := rels["berlin"].Index
	fake := []byte("[[hotline]]\nid = \"de-hl-fake\"\n")
	blob := feed.Compress(fake)
	repo.WriteBlob(blob)
	index["de/_/hotlines.toml"] = feed.Ref(fake, blob)
	raw, _ := json.Marshal(index)
	iblob := feed.Compress(raw)
	repo.WriteBlob(iblob)
	if err := repo.SignEntry("berlin", &feed.Entry{Publisher: "berlin", Scope: "de/berlin/", Sequence: 2,
		IndexHash: feed.IndexHash(index), Index: feed.Ref(raw, iblob)}); err != nil {
		t.Fatal(err)
	}
	article := filepath.Join(tree, "de", "_", "health", "seeing-a-doctor.en.md")
	text, _ := os.ReadFile(article)
	os.WriteFile(article, []byte(strings.Replace(string(text), `title = "`, `title = "Honest: `, 1)), 0o644)
	if _, err := repo.Release("germany", os.DirFS(tree)); err != nil {
		t.Fatal(err)
	}

	code, stdout, stderr := runSync("--data", data, "--from", feedDir, "--root", rootFile)
	if code != exitFailed || !strings.Contains(stdout, "germany: release 1 → 2") ||
		!strings.Contains(stderr, "update refused from berlin (de/berlin/)") || !strings.Contains(stderr, "outside its paths") ||
		!strings.Contains(stderr, "the other updates were installed; the content of berlin is as it was") {
		t.Fatalf("exit %d\nstdout %s\nstderr %s", code, stdout, stderr)
	}
	if got := title(t, data); !strings.HasPrefix(got, "Newly published: ") {
		t.Errorf("berlin's article reads %q, want its last good release", got)
	}
}
