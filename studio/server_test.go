package studio

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// studioOn starts a Studio on a copy of the shipped tree, with the
// delegation scopes, and a client that holds the session cookie.
func studioOn(t *testing.T, scopes ...string) (*Server, *httptest.Server, *http.Client, string) {
	t.Helper()
	dir := copyTree(t)
	s, err := New(Config{Dir: dir, Scopes: scopes, Now: testClock})
	if err != nil {
		t.Fatal(err)
	}
	ts, c := serve(t, s)
	return s, ts, c, dir
}

// testClock is Sunday 2026-12-06, 10:00 UTC.
func testClock() time.Time { return time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC) }

// copyTree is a copy of the shipped content tree to change; with -short
// (the race pass) only Germany's and Afghanistan's folders (the checklist
// tests edit af/), the phrasebook and the synonyms, which load without
// each other.
func copyTree(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "content")
	src := filepath.Join("..", "assets", "content")
	if !testing.Short() {
		if err := os.CopyFS(dir, os.DirFS(src)); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	for _, part := range []string{"af", "de", "phrases", "search"} {
		if err := os.CopyFS(filepath.Join(dir, part), os.DirFS(filepath.Join(src, part))); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// serve starts s and opens its start-up address with a client that keeps
// the session cookie.
func serve(t *testing.T, s *Server) (*httptest.Server, *http.Client) {
	t.Helper()
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	s.Allow(ts.Listener.Addr().String())
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	resp, err := c.Get(ts.URL + "/?token=" + s.Token())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("opening the start-up address: %s", resp.Status)
	}
	return ts, c
}

func body(t *testing.T, resp *http.Response) string {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestListensOnLoopbackOnly(t *testing.T) {
	s, err := New(Config{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	ln, u, err := s.Listen()
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	if !strings.HasPrefix(ln.Addr().String(), "127.0.0.1:") {
		t.Errorf("listens on %s", ln.Addr())
	}
	if !strings.HasPrefix(u, "http://127.0.0.1:") || !strings.Contains(u, "token="+s.Token()) || len(s.Token()) < 32 {
		t.Errorf("start-up address %s", u)
	}
	other, _ := New(Config{Dir: t.TempDir()})
	if other.Token() == s.Token() {
		t.Error("two sessions share a token")
	}
}

func TestRequestsWithoutTheTokenAreRefused(t *testing.T) {
	s, ts, c, _ := studioOn(t)
	for _, path := range []string{"/", "/item?kind=hotline&id=de-hl-112", "/static/studio.css", "/release", "/new"} {
		resp, err := http.Get(ts.URL + path) // no cookie
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("GET %s without token: %s", path, resp.Status)
		}
	}
	resp, _ := http.PostForm(ts.URL+"/file", url.Values{"path": {"de/hotlines.toml"}, "text": {"x"}})
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("POST without token: %s", resp.Status)
	}
	req, _ := http.NewRequest("GET", ts.URL+"/", nil)
	req.Header.Set("X-Studio-Token", strings.Repeat("0", len(s.Token())))
	resp, _ = http.DefaultClient.Do(req)
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("wrong token: %s", resp.Status)
	}
	resp, _ = http.Get(ts.URL + "/?token=nope")
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("wrong token in the address: %s", resp.Status)
	}
	// With the session cookie the same requests pass.
	resp, _ = c.Get(ts.URL + "/item?kind=hotline&id=de-hl-112")
	if b := body(t, resp); resp.StatusCode != http.StatusOK || !strings.Contains(b, "de-hl-112") {
		t.Errorf("with the cookie: %s", resp.Status)
	}
}

func TestPathsOutsideTheTreeAreRefused(t *testing.T) {
	_, ts, c, dir := studioOn(t)
	secret := filepath.Join(filepath.Dir(dir), "secret.txt")
	os.WriteFile(secret, []byte("secret"), 0o644)
	for _, p := range []string{"../secret.txt", "de/../../secret.txt", "/etc/passwd", "de/%2e%2e/%2e%2e/secret.txt", "..", "de\\..\\..\\secret.txt"} {
		resp, err := c.Get(ts.URL + "/file?path=" + p)
		if err != nil {
			t.Fatal(err)
		}
		b := body(t, resp)
		if resp.StatusCode != http.StatusBadRequest || strings.Contains(b, "secret\n") {
			t.Errorf("GET /file?path=%s: %s %.80s", p, resp.Status, b)
		}
		resp, _ = c.PostForm(ts.URL+"/file", url.Values{"path": {p}, "text": {"overwritten"}})
		resp.Body.Close()
		// A form value is not URL-decoded again: "%2e%2e" there is a
		// (missing) file of that name inside the tree.
		if resp.StatusCode != http.StatusBadRequest && !(strings.Contains(p, "%2e") && resp.StatusCode == http.StatusNotFound) {
			t.Errorf("POST /file path=%s: %s", p, resp.Status)
		}
	}
	if data, _ := os.ReadFile(secret); string(data) != "secret" {
		t.Fatal("a file outside the tree was written")
	}
	// A symbolic link out of the tree is refused too (os.Root).
	os.Symlink(secret, filepath.Join(dir, "de", "link.toml"))
	resp, _ := c.PostForm(ts.URL+"/file", url.Values{"path": {"de/link.toml"}, "text": {"overwritten"}})
	resp.Body.Close()
	if data, _ := os.ReadFile(secret); string(data) != "secret" {
		t.Fatalf("written through a symbolic link: %s", resp.Status)
	}
	// A new item named with .. goes nowhere.
	resp, _ = c.PostForm(ts.URL+"/new", url.Values{"kind": {"article"}, "sub": {"health"}, "folder": {"../x/"}, "slug": {"a"}, "lang": {"en"}})
	resp.Body.Close()
	if resp.StatusCode < 400 {
		t.Errorf("new item in ../x/: %s", resp.Status)
	}
}

func TestWritesOutsideTheDelegationAreRefused(t *testing.T) {
	_, ts, c, dir := studioOn(t, "de/berlin/")
	before, _ := os.ReadFile(filepath.Join(dir, "de", "hotlines.toml"))
	// A hotline of de/ is outside de/berlin/.
	resp, _ := c.PostForm(ts.URL+"/item", url.Values{"kind": {"hotline"}, "id": {"de-hl-112"}, "r.hours": {"Mo-Fr 09:00-17:00"}})
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("saving a hotline outside the delegation: %s", resp.Status)
	}
	resp, _ = c.PostForm(ts.URL+"/file", url.Values{"path": {"de/hotlines.toml"}, "text": {"# gone\n"}})
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("raw write outside the delegation: %s", resp.Status)
	}
	resp, _ = c.PostForm(ts.URL+"/review", url.Values{"kind": {"hotline"}, "id": {"de-hl-112"}, "lang": {"ar"}, "reviewer": {"X"}})
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("review outside the delegation: %s", resp.Status)
	}
	resp, _ = c.PostForm(ts.URL+"/new", url.Values{"kind": {"article"}, "sub": {"health"}, "folder": {"fr/paris/"}, "slug": {"x"}, "lang": {"en"}})
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("new item outside the delegation: %s", resp.Status)
	}
	if after, _ := os.ReadFile(filepath.Join(dir, "de", "hotlines.toml")); string(after) != string(before) {
		t.Fatal("de/hotlines.toml changed")
	}
	if _, err := os.Stat(filepath.Join(dir, "fr", "paris", "health")); err == nil {
		t.Fatal("a folder was made outside the delegation")
	}
	// Inside it, the same kind of write goes through.
	resp, _ = c.PostForm(ts.URL+"/item", url.Values{"kind": {"service"}, "id": {"de-berlin-svc-arrival"}, "r.hours": {"Mo-Fr 08:00-15:00"}})
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("saving inside the delegation: %s", resp.Status)
	}
}

func TestRequestsFromElsewhereAreRefused(t *testing.T) {
	s, ts, c, _ := studioOn(t)
	try := func(name string, mod func(*http.Request)) {
		req, _ := http.NewRequest("POST", ts.URL+"/api/phone", strings.NewReader("number=112&country=de"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		mod(req)
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("%s: %s", name, resp.Status)
		}
	}
	try("another site's page", func(r *http.Request) { r.Header.Set("Origin", "http://evil.example") })
	try("an https origin", func(r *http.Request) { r.Header.Set("Origin", "https://"+r.URL.Host+".evil.example") })
	try("a LAN origin", func(r *http.Request) { r.Header.Set("Origin", "http://192.168.1.20:8080") })
	try("a cross-site fetch", func(r *http.Request) { r.Header.Set("Sec-Fetch-Site", "cross-site") })
	try("another host name (DNS rebinding)", func(r *http.Request) { r.Host = "rebind.evil.example:" + r.URL.Port() })
	// From another machine, even with the token.
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("GET", "/?token="+s.Token(), nil)
	req.RemoteAddr = "203.0.113.7:5000"
	req.Host = ts.Listener.Addr().String()
	s.Handler().ServeHTTP(rec, req)
	if rec.Code != http.StatusForbidden {
		t.Errorf("from 203.0.113.7: %d", rec.Code)
	}
	// The Studio's own page passes.
	req, _ = http.NewRequest("POST", ts.URL+"/api/phone", strings.NewReader("number=112&country=de"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", ts.URL)
	resp, _ := c.Do(req)
	if b := body(t, resp); resp.StatusCode != http.StatusOK || !strings.Contains(b, `"ok":true`) {
		t.Errorf("same origin: %s %s", resp.Status, b)
	}
}

func mustTree(t *testing.T, dir string) *tree {
	t.Helper()
	tr, err := openTree(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

func TestSpeaksTheBrowsersLanguage(t *testing.T) {
	_, ts, c, _ := studioOn(t)
	for lang, want := range map[string]string{"de-DE,de;q=0.9,en;q=0.8": "Übersicht", "el": "Επισκόπηση", "ar,en;q=0.5": "Overview", "": "Overview"} {
		req, _ := http.NewRequest("GET", ts.URL+"/", nil)
		req.Header.Set("Accept-Language", lang)
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		if b := body(t, resp); !strings.Contains(b, "<h1>"+want+"</h1>") {
			t.Errorf("Accept-Language %q: no %q", lang, want)
		}
	}
}
