package store

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"safar.app/safar/content"
)

// TestOpenReadOnlyChangesNothing: an installed content.db opened read-only
// answers queries, and neither the file nor its folder changes.
func TestOpenReadOnlyChangesNothing(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "content.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Install(testPack(), PackInfo{Origin: "test"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DB().Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		t.Fatal(err)
	}
	s.Close()
	before, _ := os.ReadFile(path)
	entries, _ := os.ReadDir(dir)

	ro, err := OpenReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	items, err := ro.Items("de", []content.Kind{content.KindEntry}, "", []string{"en"})
	if err != nil || len(items) == 0 {
		t.Errorf("Items = %v, %v; want the installed items", items, err)
	}
	ro.Close()
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Error("content.db changed through a read-only open")
	}
	if after, _ := os.ReadDir(dir); len(after) != len(entries) {
		t.Errorf("the folder held %d files, now %d: a read-only open wrote beside content.db", len(entries), len(after))
	}
}
