package bundled

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"safar.app/safar/content"
	"safar.app/safar/userdata"
)

// TestEmbeddedPackIsValid keeps the shipped content free of errors: an error
// here would leave a new reader with nothing.
func TestEmbeddedPackIsValid(t *testing.T) {
	pack, problems := Pack()
	for _, p := range content.Errors(problems) {
		t.Error(p)
	}
	countries := map[string]map[content.Kind]bool{}
	for _, it := range pack.Items {
		if countries[it.Country] == nil {
			countries[it.Country] = map[content.Kind]bool{}
		}
		countries[it.Country][it.Kind] = true
	}
	if len(countries) < 2 {
		t.Errorf("the pack has %d countries, want at least 2", len(countries))
	}
	for cc, kinds := range countries {
		for _, k := range content.Kinds {
			if !kinds[k] {
				t.Errorf("%s has no %s item", cc, k)
			}
		}
	}
	for _, it := range pack.Items {
		for _, tr := range it.Translations {
			if tr.Lang != it.OriginalLang && tr.Status == content.StatusReviewed {
				t.Errorf("%s %s is marked reviewed: only a person may say so", it.ID, tr.Lang)
			}
		}
	}
}

// TestDamagedContentIsRebuiltAndUserDataUntouched: a corrupt content.db
// is set aside and rebuilt; user.db stays byte for byte as it was.
func TestDamagedContentIsRebuiltAndUserDataUntouched(t *testing.T) {
	dir := t.TempDir()
	contentPath, userPath := filepath.Join(dir, "content.db"), filepath.Join(dir, "user.db")

	cs, r, err := Open(contentPath)
	if err != nil || r.Damaged() || !r.Installed {
		t.Fatalf("first run: %+v, %v", r, err)
	}
	cs.Close()
	us, err := userdata.Open(userPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := us.SaveSettings(userdata.Settings{Lang: "ti", Country: "se", TextScale: 1.5, Onboarded: true}); err != nil {
		t.Fatal(err)
	}
	us.Close()
	userBefore := readAll(t, userPath)

	if err := os.WriteFile(contentPath, bytes.Repeat([]byte{0x5a}, 64*1024), 0o600); err != nil {
		t.Fatal(err)
	}
	os.Remove(contentPath + "-wal")
	os.Remove(contentPath + "-shm")

	cs, r, err = Open(contentPath)
	if err != nil {
		t.Fatal(err)
	}
	defer cs.Close()
	if !r.Damaged() || r.Reason == "" {
		t.Errorf("damage not reported: %+v", r)
	}
	if kept := readAll(t, r.MovedTo); !bytes.Equal(kept, bytes.Repeat([]byte{0x5a}, 64*1024)) {
		t.Error("the damaged file was not kept as it was")
	}
	if lines, err := cs.Hotlines("se", []string{"en"}); err != nil || len(lines) == 0 {
		t.Errorf("content not restored: %v, %v", lines, err)
	}
	if !bytes.Equal(readAll(t, userPath), userBefore) {
		t.Error("user.db changed while content was rebuilt")
	}
}

func readAll(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// BenchmarkFirstRunInstall: target under 300 ms to read the embedded tree
// and install it into a new content.db.
func BenchmarkFirstRunInstall(b *testing.B) {
	for i := 0; i < b.N; i++ {
		path := filepath.Join(b.TempDir(), "content.db")
		cs, _, err := Open(path)
		if err != nil {
			b.Fatal(err)
		}
		cs.Close()
	}
}
