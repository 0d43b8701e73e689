package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"safar.app/safar/sync/publish"
)

func init() { publish.ProtectWorkFactor = 10 } // keep each test's scrypt cheap

// runWith runs safar-publish with typed as what the editor types.
func runWith(typed string, args ...string) (code int, stdout, stderr string) {
	stdin = strings.NewReader(typed)
	defer func() { stdin = os.Stdin }()
	var out, errOut bytes.Buffer
	code = run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

// TestProtectKeyAndReleaseWithIt protects a publisher key, removes the
// plain one, and releases: asked for the passphrase, refused with a wrong
// one (the feed untouched), signed with the right one.
func TestProtectKeyAndReleaseWithIt(t *testing.T) {
	dir := t.TempDir()
	tree := filepath.Join(dir, "tree")
	if err := os.CopyFS(tree, os.DirFS("../../assets/content")); err != nil {
		t.Fatal(err)
	}
	f, k := filepath.Join(dir, "feed"), filepath.Join(dir, "keys")
	for _, args := range [][]string{{"init", "--feed", f, "--keys", k}, {"add-publisher", "safar-de", "--paths", "de/", "--feed", f, "--keys", k}} {
		if code, _, e := runWith("", args...); code != 0 {
			t.Fatalf("%v: %s", args, e)
		}
	}
	keyFile := filepath.Join(k, "publisher-safar-de.key")
	refusals := []struct {
		name, typed, want string
	}{
		{"passphrases differ", "one\ntwo\n", "the two passphrases differ: nothing written"},
		{"empty passphrase", "\n\n", "the passphrase is empty: nothing written"},
		{"nothing typed", "", "no passphrase given"},
	}
	for _, tt := range refusals {
		t.Run(tt.name, func(t *testing.T) {
			code, _, e := runWith(tt.typed, "protect-key", keyFile, "--remove")
			if code != 1 || !strings.Contains(e, tt.want) {
				t.Errorf("exit %d, %q; want %q", code, e, tt.want)
			}
			if _, err := os.Stat(keyFile + ".age"); err == nil {
				t.Error("a protected file was written")
			}
			if _, err := os.Stat(keyFile); err != nil {
				t.Error("the plain key was removed")
			}
		})
	}
	code, out, e := runWith("Altena 2026\nAltena 2026\n", "protect-key", keyFile, "--remove")
	if code != 0 || !strings.Contains(out, "removed "+keyFile) {
		t.Fatalf("protect-key: exit %d, %s %s", code, out, e)
	}
	if _, err := os.Stat(keyFile); err == nil {
		t.Fatal("the plain key is still there")
	}
	if code, _, e := runWith("x\nx\n", "protect-key", keyFile+".age"); code != 1 || !strings.Contains(e, "no such file") && !strings.Contains(e, "protected already") {
		t.Errorf("protecting the protected file: exit %d %s", code, e)
	}

	before := feedSnapshot(t, f)
	code, _, e = runWith("Altena 2025\n", "release", "safar-de", tree, "--feed", f, "--keys", k)
	if code != 1 || !strings.Contains(e, "passphrase for "+keyFile+".age") || !strings.Contains(e, keyFile+".age: wrong passphrase") {
		t.Errorf("release with a wrong passphrase: exit %d, %s", code, e)
	}
	if strings.Contains(e, "release 1:") {
		t.Errorf("a failed release reported as written: %s", e)
	}
	if feedSnapshot(t, f) != before {
		t.Fatal("the feed changed although nothing was signed")
	}
	code, out, e = runWith("Altena 2026\n", "release", "safar-de", tree, "--feed", f, "--keys", k)
	if code != 0 || !strings.Contains(out, "safar-de release 1:") {
		t.Fatalf("release with the right passphrase: exit %d, %s %s", code, out, e)
	}
}

// feedSnapshot lists every file of dir with its bytes.
func feedSnapshot(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		b.WriteString(p + "\n" + string(data) + "\n")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}
