package publish

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func init() { ProtectWorkFactor = 10 } // keep each test's scrypt cheap

// answer is a Passphrase that gives pass and counts the questions.
func answer(pass string, asked *int) Passphrase {
	return func(string) ([]byte, error) {
		*asked++
		return []byte(pass), nil
	}
}

func TestOpenKey(t *testing.T) {
	r := newRepo(t)
	plain, err := os.ReadFile(r.keys.path("online"))
	if err != nil {
		t.Fatal(err)
	}
	want, err := ParseKey(plain)
	if err != nil {
		t.Fatal(err)
	}
	protected, err := ProtectKey(plain, []byte("correct horse"))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(protected, plain[30:60]) || !IsProtected(protected) {
		t.Fatalf("the protected file shows the key or is not recognised:\n%s", protected)
	}
	// A damaged file: one character of the armored payload changed (a
	// changed header reads as a wrong passphrase: age cannot tell them apart).
	damaged := bytes.Clone(protected)
	i := bytes.LastIndex(damaged, []byte("-----END")) - 12
	damaged[i] ^= 0x01
	truncated := protected[:len(protected)/2]
	tests := []struct {
		name      string
		data      []byte
		pass      string
		wantErr   string
		wantAsked int
	}{
		{"plain key, no question", plain, "", "", 0},
		{"protected, right passphrase", protected, "correct horse", "", 1},
		{"protected, wrong passphrase", protected, "battery staple", "my.key.age: wrong passphrase", 1},
		{"protected, empty passphrase", protected, "", "my.key.age: wrong passphrase", 1},
		{"damaged", damaged, "correct horse", "my.key.age: the protected key file is damaged", 1},
		{"truncated", truncated, "correct horse", "my.key.age: the protected key file is damaged", 1},
		{"not a key at all", []byte("hello"), "", "my.key.age: not a PEM key file", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			asked := 0
			got, err := OpenKey(tt.data, "my.key.age", answer(tt.pass, &asked))
			if asked != tt.wantAsked {
				t.Errorf("asked %d times for the passphrase, want %d", asked, tt.wantAsked)
			}
			if tt.wantErr == "" {
				if err != nil || !got.Equal(want) {
					t.Fatalf("OpenKey = %v, want the key", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want %q", err, tt.wantErr)
			}
			if strings.HasPrefix(tt.name, "protected, wrong") && !errors.Is(err, ErrWrongPassphrase) {
				t.Errorf("err = %v is not ErrWrongPassphrase", err)
			}
		})
	}
	if _, err := OpenKey(protected, "my.key.age", nil); err == nil || !strings.Contains(err.Error(), "protected by a passphrase") {
		t.Errorf("nobody to ask: err = %v", err)
	}
	if _, err := ProtectKey([]byte("not a key"), []byte("x")); err == nil {
		t.Error("ProtectKey protected a file that is no key")
	}
	if _, err := ProtectKey(plain, nil); err == nil {
		t.Error("ProtectKey accepted an empty passphrase")
	}
}

// protect replaces the keys folder's key name by its protected form.
func protect(t *testing.T, r *Repo, name, pass string) {
	t.Helper()
	plain, err := os.ReadFile(r.keys.path(name))
	if err != nil {
		t.Fatal(err)
	}
	protected, err := ProtectKey(plain, []byte(pass))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(r.keys.path(name)+ProtectedSuffix, protected, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(r.keys.path(name)); err != nil {
		t.Fatal(err)
	}
}

// folderState is every file of dir and its bytes.
func folderState(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		out[p] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func sameState(t *testing.T, before, after map[string]string) {
	t.Helper()
	for p, data := range after {
		if old, ok := before[p]; !ok {
			t.Errorf("%s was written", p)
		} else if old != data {
			t.Errorf("%s changed", p)
		}
	}
	for p := range before {
		if _, ok := after[p]; !ok {
			t.Errorf("%s was removed", p)
		}
	}
}

func TestReleaseWithProtectedKeys(t *testing.T) {
	r := newRepo(t)
	if err := r.AddPublisher("berlin", "de/berlin/"); err != nil {
		t.Fatal(err)
	}
	protect(t, r, "publisher-berlin", "berlin secret")
	protect(t, r, "online", "online secret")
	v1 := tree(map[string]string{"de/berlin/services.toml": "# one\n"})
	if _, err := r.Release("berlin", v1); err == nil || !strings.Contains(err.Error(), "protected by a passphrase") {
		t.Fatalf("release with nobody to ask: %v", err)
	}
	asked := map[string]int{}
	ask := func(file string) ([]byte, error) {
		asked[filepath.Base(file)]++
		return []byte(map[string]string{"publisher-berlin.key.age": "berlin secret", "online.key.age": "online secret"}[filepath.Base(file)]), nil
	}
	rep, err := r.WithPassphrase(ask).Release("berlin", v1)
	if err != nil || rep.Sequence != 1 {
		t.Fatalf("release = %+v, %v", rep, err)
	}
	// Each key is opened once per release, not once per signature.
	if asked["publisher-berlin.key.age"] != 1 || asked["online.key.age"] != 1 {
		t.Errorf("asked %v, want each key once", asked)
	}
	if err := r.WithPassphrase(ask).Timestamp(); err != nil {
		t.Fatal(err)
	}
}

// A release whose signing fails leaves the feed folder byte for byte as it
// was: no blob, history file, entry or metadata, and no sequence number
// used up.
func TestFailedSigningLeavesTheFeedAsItWas(t *testing.T) {
	r := newRepo(t)
	for _, p := range []string{"berlin", "paris"} {
		if err := r.AddPublisher(p, map[string]string{"berlin": "de/berlin/", "paris": "fr/paris/"}[p]+""); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := r.Release("berlin", tree(map[string]string{"de/berlin/a.toml": "# one\n"})); err != nil {
		t.Fatal(err)
	}
	protect(t, r, "publisher-berlin", "berlin secret")
	parisKey, err := os.ReadFile(r.keys.path("publisher-paris"))
	if err != nil {
		t.Fatal(err)
	}
	v2 := tree(map[string]string{"de/berlin/a.toml": "# two\n", "de/berlin/b.toml": "# new\n", "fr/paris/a.toml": "# un\n"})
	wrong := func(string) ([]byte, error) { return []byte("guess"), nil }
	tests := []struct {
		name    string
		repo    func(t *testing.T) *Repo
		wantErr string
	}{
		{"wrong passphrase", func(*testing.T) *Repo { return r.WithPassphrase(wrong) }, "publisher-berlin.key.age: wrong passphrase"},
		{"nobody to ask", func(*testing.T) *Repo { return r }, "protected by a passphrase"},
		{"another publisher's key", func(t *testing.T) *Repo {
			// As if paris's key file were copied over berlin's: the
			// delegation does not name it.
			dir := t.TempDir()
			for _, k := range []string{"online", "targets"} {
				data, _ := os.ReadFile(r.keys.path(k))
				os.WriteFile(filepath.Join(dir, k+".key"), data, 0o600)
			}
			os.WriteFile(filepath.Join(dir, "publisher-berlin.key"), parisKey, 0o600)
			return Open(r.Feed, dir)
		}, "not berlin's current publisher key"},
		{"no online key", func(t *testing.T) *Repo {
			dir := t.TempDir()
			os.WriteFile(filepath.Join(dir, "publisher-paris.key"), parisKey, 0o600)
			return Open(r.Feed, dir)
		}, "key online"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			repo := tt.repo(t)
			name := "berlin"
			if tt.name == "no online key" {
				name = "paris"
			}
			before := folderState(t, r.Feed)
			_, err := repo.Release(name, v2)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want %q", err, tt.wantErr)
			}
			sameState(t, before, folderState(t, r.Feed))
		})
	}
	// The next good release is number 2: no number was burnt.
	rep, err := r.WithPassphrase(func(string) ([]byte, error) { return []byte("berlin secret"), nil }).Release("berlin", v2)
	if err != nil || rep.Sequence != 2 {
		t.Fatalf("release after the failures = %+v, %v", rep, err)
	}
}

func TestRevokeRetiresAProtectedKey(t *testing.T) {
	r := newRepo(t)
	if err := r.AddPublisher("berlin", "de/berlin/"); err != nil {
		t.Fatal(err)
	}
	protect(t, r, "publisher-berlin", "berlin secret")
	if err := r.RevokePublisher("berlin"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(r.keys.dir, "publisher-berlin.retired-1.key.age")); err != nil {
		t.Errorf("the protected key was not retired: %v", err)
	}
	if _, err := os.Stat(r.keys.path("publisher-berlin")); err != nil {
		t.Errorf("no new key: %v", err)
	}
}
