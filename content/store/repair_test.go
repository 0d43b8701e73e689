package store

import (
	"bytes"
	"context"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
)

// TestRestoreRepairsTheOpenStore (issue 16 §5): content.db is damaged in
// the middle (4 KB of random bytes over a real file) while the app holds
// it open. Restore puts a fresh rebuild into the same *Store: queries that
// failed with SQLITE_CORRUPT work again, quick_check passes, and the
// damaged file is kept aside byte for byte.
func TestRestoreRepairsTheOpenStore(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "content.db")
	b := realDB(t)
	rng := rand.New(rand.NewPCG(4, 4096))
	for i := len(b) / 2; i < len(b)/2+4096; i++ {
		b[i] = byte(rng.Uint32())
	}
	os.WriteFile(path, b, 0o600)
	s, err := Open(path)
	if err != nil {
		t.Skipf("Open found this damage already: %v", err)
	}
	defer s.Close()
	found := s.QuickCheck(context.Background())
	if !IsCorrupt(found) {
		t.Fatalf("QuickCheck on the damaged file: %v", found)
	}
	if searchEveryTitleWord(s) == nil {
		t.Log("no search failed on this damage; quick_check found it")
	}

	fresh, err := Open(filepath.Join(dir, "rebuild.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	if err := fresh.Install(testPack(), PackInfo{Origin: "embedded"}); err != nil {
		t.Fatal(err)
	}
	kept, err := s.Restore(context.Background(), fresh)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.QuickCheck(context.Background()); err != nil {
		t.Fatalf("after Restore: %v", err)
	}
	if _, err := s.Article("de-asylum", []string{"en"}); err != nil {
		t.Errorf("an article after Restore: %v", err)
	}
	if err := searchEveryTitleWord(s); err != nil {
		t.Errorf("search after Restore: %v", err)
	}
	if data, err := os.ReadFile(kept); err != nil || !bytes.Equal(data, b) {
		t.Errorf("the damaged file was not kept as it was (%s): %v", kept, err)
	}
	// The file itself is whole: a new Store on it reads it.
	again, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if err := again.QuickCheck(context.Background()); err != nil {
		t.Errorf("content.db reopened: %v", err)
	}
}
