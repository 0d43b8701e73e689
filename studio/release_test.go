package studio

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"safar.app/safar/sync/publish"
)

// releaseSetup is a Studio over a copy of the tree whose feed has a
// publisher "germany" for de/, released once; its key is moved out of the
// keys folder, as an editor keeps it.
func releaseSetup(t *testing.T) (ts string, c *http.Client, dir, feedDir, key string) {
	t.Helper()
	dir = copyTree(t)
	work := t.TempDir()
	feedDir, keys := filepath.Join(work, "feed"), filepath.Join(work, "keys")
	repo := publish.Open(feedDir, keys)
	if err := repo.Init(1, 1); err != nil {
		t.Fatal(err)
	}
	if err := repo.AddPublisher("germany", "de/"); err != nil {
		t.Fatal(err)
	}
	if _, err := repo.Release("germany", os.DirFS(dir)); err != nil {
		t.Fatal(err)
	}
	key = filepath.Join(work, "publisher-germany.key")
	if err := os.Rename(filepath.Join(keys, "publisher-germany.key"), key); err != nil {
		t.Fatal(err)
	}
	s, err := New(Config{Dir: dir, Scopes: []string{"de/"}, Publisher: "germany", Feed: feedDir, Keys: keys, Now: testClock})
	if err != nil {
		t.Fatal(err)
	}
	srv, c := serve(t, s)
	return srv.URL, c, dir, feedDir, key
}

func postKey(t *testing.T, c *http.Client, url string, key []byte) (*http.Response, string) {
	t.Helper()
	return postProtectedKey(t, c, url, "publisher.key", key, "")
}

// postProtectedKey posts the release form as a browser does: the key file
// named name, and the passphrase field.
func postProtectedKey(t *testing.T, c *http.Client, url, name string, key []byte, passphrase string) (*http.Response, string) {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	if key != nil {
		f, _ := w.CreateFormFile("key", name)
		f.Write(key)
	}
	w.WriteField("passphrase", passphrase)
	w.Close()
	resp, err := c.Post(url+"/release", w.FormDataContentType(), &b)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body(t, resp)
}

func metadataFiles(t *testing.T, feedDir string) string {
	entries, _ := os.ReadDir(filepath.Join(feedDir, "metadata"))
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return strings.Join(names, " ")
}

func TestReleaseShowsTheChangeAndSigns(t *testing.T) {
	ts, c, dir, feedDir, key := releaseSetup(t)
	resp, _ := c.Get(ts + "/release")
	if b := body(t, resp); !strings.Contains(b, "Nothing changed since the last release") {
		t.Errorf("an unchanged tree: %.400s", b)
	}
	p := filepath.Join(dir, "de", "hotlines.toml")
	data, _ := os.ReadFile(p)
	os.WriteFile(p, []byte(strings.Replace(string(data), `hours = "24/7"`, `hours = "Mo-Fr 08:00-18:00"`, 1)), 0o644)
	os.Remove(filepath.Join(dir, "de", "berlin", "service", "first-contact.uk.md"))
	resp, _ = c.Get(ts + "/release")
	b := body(t, resp)
	for _, want := range []string{"de/hotlines.toml", "de-hl-112", "de/berlin/service/first-contact.uk.md", "removed", "changed", "downloads about"} {
		if !strings.Contains(b, want) {
			t.Errorf("the release page lacks %q", want)
		}
	}
	keyData, _ := os.ReadFile(key)
	// Without a key, or with a key of another publisher, nothing is signed.
	before := metadataFiles(t, feedDir)
	if resp, b := postKey(t, c, ts, nil); resp.StatusCode != http.StatusBadRequest || !strings.Contains(b, "key file") {
		t.Errorf("no key: %s", resp.Status)
	}
	other := filepath.Join(t.TempDir(), "other")
	publish.Open(filepath.Join(other, "feed"), filepath.Join(other, "keys")).Init(1, 1)
	stranger, _ := os.ReadFile(filepath.Join(other, "keys", "online.key"))
	if resp, b := postKey(t, c, ts, stranger); resp.StatusCode != http.StatusBadRequest || !strings.Contains(b, "not germany&#39;s current publisher key") {
		t.Errorf("a stranger's key: %s %.300s", resp.Status, b)
	}
	if metadataFiles(t, feedDir) != before {
		t.Fatal("the feed changed without the publisher's key")
	}
	resp, b = postKey(t, c, ts, keyData)
	if resp.StatusCode != http.StatusOK || !strings.Contains(b, "Release 2 is signed") {
		t.Fatalf("release: %s %.300s", resp.Status, b)
	}
	if !strings.Contains(metadataFiles(t, feedDir), "germany.json") {
		t.Error("no signed publisher metadata")
	}
}

func TestReleaseIsRefusedOnErrors(t *testing.T) {
	ts, c, dir, feedDir, key := releaseSetup(t)
	p := filepath.Join(dir, "de", "hotlines.toml")
	data, _ := os.ReadFile(p)
	os.WriteFile(p, []byte(strings.Replace(string(data), `number = "112"`, `number = "113"`, 1)), 0o644)
	resp, _ := c.Get(ts + "/release")
	b := body(t, resp)
	if !strings.Contains(b, "Release refused") || !strings.Contains(b, "de/hotlines.toml") || strings.Contains(b, `id="sign"`) {
		t.Errorf("the release page with an error: %.600s", b)
	}
	before := metadataFiles(t, feedDir)
	keyData, _ := os.ReadFile(key)
	if resp, _ := postKey(t, c, ts, keyData); resp.StatusCode != http.StatusConflict {
		t.Errorf("release with an error: %s", resp.Status)
	}
	if metadataFiles(t, feedDir) != before {
		t.Fatal("a tree with errors was signed")
	}
}

func init() { publish.ProtectWorkFactor = 10 } // keep each test's scrypt cheap

// feedState is every file of the feed folder and its bytes.
func feedState(t *testing.T, feedDir string) string {
	t.Helper()
	var b strings.Builder
	err := filepath.WalkDir(feedDir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		fmt.Fprintf(&b, "%s %x\n", p, sha256.Sum256(data))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestReleaseWithAProtectedKey(t *testing.T) {
	ts, c, dir, feedDir, key := releaseSetup(t)
	plain, _ := os.ReadFile(key)
	protected, err := publish.ProtectKey(plain, []byte("Altena 2026"))
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "de", "hotlines.toml")
	data, _ := os.ReadFile(p)
	os.WriteFile(p, append(data, "\n# checked again\n"...), 0o644)
	before := feedState(t, feedDir)
	tests := []struct {
		name, passphrase string
		key              []byte
		want             string
	}{
		{"no passphrase", "", protected, "publisher-germany.key.age is protected by a passphrase"},
		{"wrong passphrase", "Altena 2025", protected, "publisher-germany.key.age: wrong passphrase"},
		{"damaged file", "Altena 2026", protected[:len(protected)-80], "publisher-germany.key.age: the protected key file is damaged"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, b := postProtectedKey(t, c, ts, "publisher-germany.key.age", tt.key, tt.passphrase)
			if resp.StatusCode != http.StatusBadRequest || !strings.Contains(b, tt.want) {
				t.Errorf("%s %.400s, want %q", resp.Status, b, tt.want)
			}
			if strings.Contains(b, tt.passphrase) && tt.passphrase != "" {
				t.Error("the page shows the passphrase")
			}
			if feedState(t, feedDir) != before {
				t.Fatal("the feed changed although nothing could be signed")
			}
		})
	}
	resp, b := postProtectedKey(t, c, ts, "publisher-germany.key.age", protected, "Altena 2026")
	if resp.StatusCode != http.StatusOK || !strings.Contains(b, "Release 2 is signed") {
		t.Fatalf("release with the right passphrase: %s %.300s", resp.Status, b)
	}
}
