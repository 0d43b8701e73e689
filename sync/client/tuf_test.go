package client

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The attacks TUF itself defends against, each refused with content.db
// unchanged. The feed is first synced once, so the device trusts its
// current metadata.
func TestTUFAttacks(t *testing.T) {
	tests := []struct {
		name   string
		attack func(w *world)
		want   string
		// served is the feed's file the attack replaced on the server;
		// the server serves the honest one again before the honest sync.
		served string
	}{
		{"bad signature on the timestamp", func(w *world) {
			w.edit("de/_/health/seeing-a-doctor.en.md", "title = \"", "title = \"X: ")
			w.release("germany")
			p := filepath.Join(w.feedDir, "metadata", "timestamp.json")
			data, _ := os.ReadFile(p)
			i := strings.Index(string(data), `"sig": "`) + len(`"sig": "`)
			c := byte('0')
			if data[i] == '0' {
				c = '1'
			}
			data[i] = c
			os.WriteFile(p, data, 0o644)
		}, "signature", ""},
		{"older timestamp (rollback)", func(w *world) {
			old, _ := os.ReadFile(filepath.Join(w.feedDir, "metadata", "timestamp.json"))
			w.edit("de/_/health/seeing-a-doctor.en.md", "title = \"", "title = \"Y: ")
			w.release("germany")
			w.syncOK()
			os.WriteFile(filepath.Join(w.feedDir, "metadata", "timestamp.json"), old, 0o644)
		}, "version", ""},
		{"older snapshot (rollback)", func(w *world) {
			w.edit("de/_/health/seeing-a-doctor.en.md", "title = \"", "title = \"Z: ")
			w.release("germany")
			w.syncOK()
			// The newest snapshot's file is replaced by an older one: its
			// hash no longer matches what the timestamp signed.
			v := latestVersion(w, "snapshot")
			old, _ := os.ReadFile(filepath.Join(w.feedDir, "metadata", fmt.Sprintf("%d.snapshot.json", v-1)))
			os.RemoveAll(filepath.Join(w.dataDir, "tuf", "snapshot.json"))
			os.WriteFile(filepath.Join(w.feedDir, "metadata", fmt.Sprintf("%d.snapshot.json", v)), old, 0o644)
		}, "version", ""},
		{"snapshot and targets versions mixed (mix-and-match)", func(w *world) {
			w.edit("de/_/health/seeing-a-doctor.en.md", "title = \"", "title = \"M: ")
			w.release("germany")
			v := latestVersion(w, "germany")
			old, _ := os.ReadFile(filepath.Join(w.feedDir, "metadata", fmt.Sprintf("%d.germany.json", v-1)))
			os.WriteFile(filepath.Join(w.feedDir, "metadata", fmt.Sprintf("%d.germany.json", v)), old, 0o644)
		}, "version", ""},
		{"a 100 MB timestamp", func(w *world) {
			f, _ := os.Create(filepath.Join(w.feedDir, "metadata", "timestamp.json"))
			f.Truncate(100 << 20)
			f.Close()
		}, "more than", "metadata/timestamp.json"},
		{"a revoked publisher key", func(w *world) {
			if err := w.repo.RevokePublisher("germany"); err != nil {
				w.t.Fatal(err)
			}
			w.syncOK()
			w.edit("de/_/health/seeing-a-doctor.en.md", "title = \"", "title = \"Stolen: ")
			thief := w.repo.SigningAs("germany", "publisher-germany.retired-1")
			if _, err := thief.Release("germany", os.DirFS(w.tree)); err != nil {
				w.t.Fatal(err)
			}
		}, "signature", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel() // its own world; the attacks share nothing
			w := newWorld(t)
			w.syncOK()
			honest, err := os.ReadFile(filepath.Join(w.feedDir, filepath.FromSlash(tt.served)))
			if tt.served != "" && err != nil {
				t.Fatal(err)
			}
			tt.attack(w)
			before := w.databases()
			_, err = w.sync(w.feedDir)
			var ref *Refusal
			if !errors.As(err, &ref) || !strings.Contains(strings.ToLower(err.Error()), tt.want) {
				t.Fatalf("sync = %v, want a refusal mentioning %q", err, tt.want)
			}
			t.Logf("refused: %v", err)
			w.unchanged(before)
			if tt.served != "" {
				w.serveAgain(tt.served, honest)
			}
			w.honestSync()
		})
	}
}

// TestRootRotation: a device that shipped with root 1 follows the feed's
// rotations to root 2 and root 3 (new keys, each signed by the old
// threshold) and still verifies.
func TestRootRotation(t *testing.T) {
	w := newWorld(t)
	if err := w.repo.RotateRoot([]string{"root-1", "root-2"}, []string{"root2-a", "root2-b"}, 2); err != nil {
		t.Fatal(err)
	}
	if err := w.repo.RotateRoot([]string{"root2-a", "root2-b"}, []string{"root3-a", "root3-b", "root3-c"}, 2); err != nil {
		t.Fatal(err)
	}
	w.edit("de/_/health/seeing-a-doctor.en.md", "title = \"", "title = \"Root 3: ")
	w.release("germany")
	if _, err := w.sync(w.feedDir); err != nil {
		t.Fatalf("a client with root 1 after two rotations: %v", err)
	}
	if got := w.title("de-seeing-a-doctor"); !strings.HasPrefix(got, "Root 3: ") {
		t.Errorf("title = %q", got)
	}
	// A root signed by only one old key is not enough for threshold 2.
	w2 := newWorld(t)
	if err := w2.repo.RotateRoot([]string{"root-1"}, []string{"rogue"}, 1); err != nil {
		t.Fatal(err)
	}
	if _, err := w2.sync(w2.feedDir); err == nil {
		t.Fatal("a root signed below the threshold was accepted")
	}
}

func (w *world) syncOK() {
	w.t.Helper()
	if _, err := w.sync(w.feedDir); err != nil {
		w.t.Fatal(err)
	}
}

func latestVersion(w *world, role string) int {
	best := 0
	entries, _ := os.ReadDir(filepath.Join(w.feedDir, "metadata"))
	for _, e := range entries {
		num, rest, _ := strings.Cut(e.Name(), ".")
		if v, err := strconv.Atoi(num); err == nil && rest == role+".json" && v > best {
			best = v
		}
	}
	return best
}
