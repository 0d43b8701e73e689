package client

import (
	"archive/zip"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSourcesNameTheFileAndTheCause: files of a feed that are not what
// they should be get a message that names the file and says what is wrong
// in words (issue 16 §4), and nothing is installed.
func TestSourcesNameTheFileAndTheCause(t *testing.T) {
	tests := []struct {
		name   string
		attack func(w *world) string // returns the feed to sync from
		want   []string
		// Only germany's entry is attacked: berlin's first sync installs
		// all the same, and germany's release is not.
		onlyGermany bool
	}{
		{"a symlinked metadata file", func(w *world) string {
			p := filepath.Join(w.feedDir, "metadata", "timestamp.json")
			other := filepath.Join(t.TempDir(), "passwd")
			os.WriteFile(other, []byte("root:x:0:0:root:/root:/bin/bash\n"), 0o644)
			os.Remove(p)
			if err := os.Symlink(other, p); err != nil {
				t.Fatal(err)
			}
			return w.feedDir
		}, []string{`"metadata/timestamp.json"`, "symbolic link"}, false},
		{"a symlinked entry", func(w *world) string {
			entries, _ := filepath.Glob(filepath.Join(w.feedDir, "targets", "de", "_", "*.entry.json"))
			if len(entries) != 1 {
				t.Fatalf("entries: %v", entries)
			}
			data, _ := os.ReadFile(entries[0])
			other := filepath.Join(t.TempDir(), "entry.json")
			os.WriteFile(other, data, 0o644)
			os.Remove(entries[0])
			if err := os.Symlink(other, entries[0]); err != nil {
				t.Fatal(err)
			}
			return w.feedDir
		}, []string{"entry.json", "symbolic link"}, true},
		{"an HTML error page as metadata", func(w *world) string {
			p := filepath.Join(w.feedDir, "metadata", "timestamp.json")
			os.WriteFile(p, []byte("<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n</html>\r\n"), 0o644)
			return w.feedDir
		}, []string{`"metadata/timestamp.json"`, "is not JSON", "HTML page"}, false},
		{"a zip entry reaching outside the feed", func(w *world) string {
			p := filepath.Join(t.TempDir(), "feed.zip")
			f, err := os.Create(p)
			if err != nil {
				t.Fatal(err)
			}
			zw := zip.NewWriter(f)
			root, _ := os.ReadFile(filepath.Join(w.feedDir, "metadata", "1.root.json"))
			for _, name := range []string{"../../metadata/1.root.json", "../../metadata/2.root.json"} {
				e, _ := zw.Create(name)
				e.Write(root)
			}
			zw.Close()
			f.Close()
			return p
		}, []string{"unsafe path", `"../../metadata/1.root.json"`}, false},
		{"a NUL in a zip entry", func(w *world) string {
			p := filepath.Join(t.TempDir(), "feed.zip")
			f, _ := os.Create(p)
			zw := zip.NewWriter(f)
			e, _ := zw.Create("metadata/1.root.json\x00.txt")
			e.Write([]byte("{}"))
			zw.Close()
			f.Close()
			return p
		}, []string{"unsafe path", `\x00`}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel() // its own world; the attacks share nothing
			w := newWorld(t)
			before := w.databases()
			timestamp, err := os.ReadFile(filepath.Join(w.feedDir, "metadata", "timestamp.json"))
			if err != nil {
				t.Fatal(err)
			}
			_, err = w.sync(tt.attack(w))
			if err == nil {
				t.Fatal("the sync completed")
			}
			t.Log(err)
			for _, want := range tt.want {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("%v\nwant %q in it", err, want)
				}
			}
			if strings.ContainsRune(err.Error(), 0) {
				t.Error("the message holds a raw NUL")
			}
			if tt.onlyGermany {
				info, err := w.store.Installed()
				if _, ok := info.Feed["germany"]; ok || err != nil {
					t.Errorf("germany's refused release is installed (%v)", err)
				}
				if _, ok := info.Feed["berlin"]; !ok {
					t.Error("berlin's release was not installed: one refused publisher blocked another")
				}
				// Berlin's release is the shipped tree: nothing a reader
				// sees changed, so user.db has nothing to record.
				w.afterSync()
				if w.userHash() != before.user {
					t.Error("user.db changed")
				}
			} else {
				w.unchanged(before)
			}
			w.serveAgain("metadata/timestamp.json", timestamp)
			w.honestSync()
		})
	}
}
