package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"

	"safar.app/safar/assets"
	"safar.app/safar/content"
	"safar.app/safar/content/source"
)

var (
	realDBOnce  sync.Once
	realDBBytes []byte
	realDBErr   error
)

// realDB is a content.db holding the shipped content, checkpointed, so that
// damage lands in the pages real queries read.
func realDB(t *testing.T) []byte {
	t.Helper()
	realDBOnce.Do(func() {
		dir, err := os.MkdirTemp("", "safar-realdb")
		if err != nil {
			realDBErr = err
			return
		}
		defer os.RemoveAll(dir)
		pack, problems := source.Parse(assets.Content())
		if errs := content.Errors(problems); len(errs) > 0 {
			realDBErr = fmt.Errorf("shipped content: %v", errs[0])
			return
		}
		path := filepath.Join(dir, "content.db")
		s, err := Open(path)
		if err != nil {
			realDBErr = err
			return
		}
		if err := s.Install(pack, PackInfo{Origin: "embedded"}); err != nil {
			realDBErr = err
			return
		}
		// Install leaves free pages behind; damage that lands only on
		// them harms no data and no check can see it, so the damage
		// tests would pass or fail with the size of the shipped pack.
		// Compact the file so every page the tests hit is in use.
		if _, err := s.db.Exec(`VACUUM`); err != nil {
			realDBErr = err
			return
		}
		s.Checkpoint()
		s.Close()
		realDBBytes, realDBErr = os.ReadFile(path)
	})
	if realDBErr != nil {
		t.Fatal(realDBErr)
	}
	return append([]byte(nil), realDBBytes...)
}

// searchEveryTitleWord runs every word of the shipped titles as a search, as a reader
// would over days, and returns the first error.
func searchEveryTitleWord(s *Store) error {
	rows, err := s.db.Query(`SELECT title FROM translation`)
	if err != nil {
		return err
	}
	var words []string
	for rows.Next() {
		var title string
		if err := rows.Scan(&title); err != nil {
			rows.Close()
			return err
		}
		words = append(words, strings.Fields(title)...)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, w := range words {
		if _, err := s.Search(w, "", []string{"en"}, 20); err != nil {
			return err
		}
	}
	return nil
}

// TestDamageIsFoundAndCalledDamage: a content.db damaged in the ways
// issue 16 §5 names is found, by Open or by QuickCheck, and every error
// says damaged, never read-only; OpenOrRebuild then sets it aside and
// rebuilds.
func TestDamageIsFoundAndCalledDamage(t *testing.T) {
	rng := rand.New(rand.NewPCG(16, 5))
	tests := []struct {
		name   string
		damage func(b []byte) []byte
	}{
		{"cut in half", func(b []byte) []byte { return b[:len(b)/2] }},
		{"zeroed header", func(b []byte) []byte { copy(b, make([]byte, 100)); return b }},
		{"4 KB of random bytes in the middle", func(b []byte) []byte {
			mid := len(b)/2 + 1000 // not on a page boundary: two pages are hit
			for i := mid; i < mid+4096; i++ {
				b[i] = byte(rng.Uint32())
			}
			return b
		}},
		{"4 KB of random bytes on a page", func(b []byte) []byte {
			page := (len(b) / 3) &^ 4095
			for i := page; i < page+4096; i++ {
				b[i] = byte(rng.Uint32())
			}
			return b
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "content.db")
			if err := os.WriteFile(path, tt.damage(realDB(t)), 0o600); err != nil {
				t.Fatal(err)
			}
			var found error
			s, err := Open(path)
			if err != nil {
				found = err
			} else {
				found = s.QuickCheck(context.Background())
				if found == nil {
					found = searchEveryTitleWord(s)
				}
				s.Close()
			}
			t.Logf("found: %v", found)
			if !IsCorrupt(found) || IsReadOnly(found) {
				t.Fatalf("IsCorrupt = %v, IsReadOnly = %v for %v", IsCorrupt(found), IsReadOnly(found), found)
			}
			if !strings.Contains(found.Error(), path) {
				t.Errorf("%v does not name %s", found, path)
			}
			// OpenOrRebuild sets the file aside when Open finds the damage;
			// when only QuickCheck does, the app's background check does the
			// same (see the report in issue 16).
			s, r, err := OpenOrRebuild(path, func(s *Store) error { return s.Install(testPack(), PackInfo{Origin: "embedded"}) }, nil)
			if err != nil {
				t.Fatal(err)
			}
			s.Close()
			t.Logf("OpenOrRebuild: %+v", r)
		})
	}
}

// TestRebuildAfterQuickCheck: damage Open does not see is found by
// QuickCheck, and Rebuild sets the file aside and installs again.
func TestRebuildAfterQuickCheck(t *testing.T) {
	path := filepath.Join(t.TempDir(), "content.db")
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
	found := s.QuickCheck(context.Background())
	s.Close()
	if !IsCorrupt(found) {
		t.Fatalf("QuickCheck: %v", found)
	}
	s, r, err := Rebuild(path, found, func(s *Store) error { return s.Install(testPack(), PackInfo{Origin: "embedded"}) })
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if !r.Damaged() || !r.Installed || !strings.Contains(r.Reason, "damaged") {
		t.Errorf("Rebuilt = %+v", r)
	}
	if kept, err := os.ReadFile(r.MovedTo); err != nil || !bytes.Equal(kept, b) {
		t.Errorf("the damaged file was not kept as it was: %v", err)
	}
	if err := s.QuickCheck(context.Background()); err != nil {
		t.Error(err)
	}
	if _, err := s.Article("de-asylum", []string{"en"}); err != nil {
		t.Errorf("content after the rebuild: %v", err)
	}
}

// TestQuickCheckOnHealthyDatabase: the real pack passes, and a cancelled
// check stops and is neither damage nor read-only.
func TestQuickCheckOnHealthyDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "content.db")
	os.WriteFile(path, realDB(t), 0o600)
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.QuickCheck(context.Background()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err = s.QuickCheck(ctx)
	if err == nil || IsCorrupt(err) || IsReadOnly(err) || !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled check: %v", err)
	}
}

// TestReadOnlyOnAHealthyFile: a connection that may not write (SQLite
// opened with mode=ro) gets SQLITE_READONLY, which is read-only, not damage.
func TestReadOnlyOnAHealthyFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "content.db")
	os.WriteFile(path, realDB(t), 0o600)
	s, err := openDSN(path, "mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	_, err = s.db.Exec(`DELETE FROM item`)
	if !IsReadOnly(err) || IsCorrupt(err) {
		t.Fatalf("a write on a read-only connection: %v (read-only %v, corrupt %v)", err, IsReadOnly(err), IsCorrupt(err))
	}
	err = s.Install(testPack(), PackInfo{Origin: "embedded"})
	if !IsReadOnly(err) || IsCorrupt(err) {
		t.Errorf("Install on a read-only connection: %v", err)
	}
}

// TestReadOnlyFolderIsNotDamage: content.db in a folder its user cannot
// write. OpenOrRebuild must not call it damaged nor move it (issue 16 §6).
// Tests run as root, whom permissions do not stop, so the check runs in a
// child process as the user nobody; as any other user, in a child too.
func TestReadOnlyFolderIsNotDamage(t *testing.T) {
	if os.Getenv("SAFAR_STORE_READONLY_CHILD") != "" {
		readOnlyChild()
		return
	}
	base, err := os.MkdirTemp("", "safar-ro") // 0700 under t.TempDir would keep nobody out of the parent
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(filepath.Join(base, "data"), 0o755); os.RemoveAll(base) })
	dir := filepath.Join(base, "data")
	os.Mkdir(dir, 0o755)
	path := filepath.Join(dir, "content.db")
	healthy := realDB(t)
	if err := os.WriteFile(path, healthy, 0o644); err != nil {
		t.Fatal(err)
	}
	os.Chmod(base, 0o755)
	os.Chmod(dir, 0o555)
	// The test binary's own folder is closed to nobody: run a copy.
	self, err := os.ReadFile(os.Args[0])
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(base, "store.test")
	if err := os.WriteFile(bin, self, 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-test.run=^TestReadOnlyFolderIsNotDamage$", "-test.v")
	cmd.Env = append(os.Environ(), "SAFAR_STORE_READONLY_CHILD="+path, "HOME=/")
	if os.Geteuid() == 0 {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	}
	out, err := cmd.CombinedOutput()
	t.Logf("child:\n%s", out)
	if err != nil {
		t.Fatalf("child: %v", err)
	}
	if !bytes.Contains(out, []byte("READ-ONLY, NOT DAMAGED")) {
		t.Error("the child did not report a read-only error")
	}
	after, err := os.ReadFile(path)
	if err != nil || !bytes.Equal(after, healthy) {
		t.Errorf("content.db was moved or changed: %v", err)
	}
	if names, _ := os.ReadDir(dir); len(names) != 1 {
		t.Errorf("the folder holds %v", names)
	}
}

func readOnlyChild() {
	path := os.Getenv("SAFAR_STORE_READONLY_CHILD")
	if f, err := os.OpenFile(filepath.Join(filepath.Dir(path), "probe"), os.O_CREATE|os.O_WRONLY, 0o644); err == nil {
		f.Close()
		fmt.Println("the folder is writable: no test")
		os.Exit(2)
	}
	s, r, err := OpenOrRebuild(path, func(s *Store) error { return s.Install(testPack(), PackInfo{Origin: "embedded"}) }, nil)
	if err == nil {
		s.Close()
		fmt.Printf("opened: %+v\n", r)
		os.Exit(1)
	}
	fmt.Println("error:", err)
	if r.Damaged() || r.Reason != "" || !IsReadOnly(err) || IsCorrupt(err) || strings.Contains(err.Error(), "damaged") {
		fmt.Printf("rebuilt %+v, read-only %v, corrupt %v\n", r, IsReadOnly(err), IsCorrupt(err))
		os.Exit(1)
	}
	fmt.Println("READ-ONLY, NOT DAMAGED")
	os.Exit(0)
}
