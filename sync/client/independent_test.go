package client

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"safar.app/safar/sync/feed"
)

// berlinIndex is berlin's index as released last.
func (w *world) berlinIndex(seq string) map[string]feed.File {
	w.t.Helper()
	raw, err := os.ReadFile(filepath.Join(w.feedDir, "history", "berlin", seq+".json"))
	if err != nil {
		w.t.Fatal(err)
	}
	var index map[string]feed.File
	if err := json.Unmarshal(raw, &index); err != nil {
		w.t.Fatal(err)
	}
	return index
}

// TestOneRefusedPublisherBlocksNoOne (issue 16 §1): berlin signs a release
// that must be refused, while germany publishes an honest one. Germany's
// update installs; berlin keeps its last good content; the refusal names
// berlin; and the next sync, with berlin's release still there, does the
// same without touching content.db.
func TestOneRefusedPublisherBlocksNoOne(t *testing.T) {
	tests := []struct {
		name   string
		rogue  func(w *world)
		reason string
	}{
		{"a file outside its folder", func(w *world) {
			data := []byte("[[hotline]]\nid = \"de-hl-fake\"\n")
			blob := feed.Compress(data)
			w.repo.WriteBlob(blob)
			index := w.berlinIndex("1")
			index["de/_/hotlines.toml"] = feed.Ref(data, blob)
			w.forgeBerlin(index)
		}, "outside its paths"},
		{"a blob that does not match its hash", func(w *world) {
			w.edit("de/berlin/service/first-contact.en.md", "title = \"", "title = \"Tampered: ")
			rep := w.release("berlin")
			flipBlobOf(w.t, w.feedDir, "berlin", rep.Sequence, "de/berlin/service/first-contact.en.md")
		}, "do not match the index"},
		{"content the whole-pack check refuses", func(w *world) {
			data, err := os.ReadFile(filepath.Join(w.tree, "de", "berlin", "services.toml"))
			if err != nil {
				w.t.Fatal(err)
			}
			bad := []byte(strings.Replace(string(data), `hours = "24/7"`, `hours = "Mo-Fr 25:00-26:00"`, 1))
			blob := feed.Compress(bad)
			w.repo.WriteBlob(blob)
			index := w.berlinIndex("1")
			index["de/berlin/services.toml"] = feed.Ref(bad, blob)
			w.forgeBerlin(index)
		}, "de/berlin/services.toml:"},
		{"a sequence below 1", func(w *world) {
			index := w.berlinIndex("1")
			raw, _ := json.Marshal(index)
			iblob := feed.Compress(raw)
			w.repo.WriteBlob(iblob)
			e := &feed.Entry{Publisher: "berlin", Scope: "de/berlin/", Sequence: 0,
				IndexHash: feed.IndexHash(index), Index: feed.Ref(raw, iblob)}
			if err := w.repo.SignEntry("berlin", e); err != nil {
				w.t.Fatal(err)
			}
		}, "sequences start at 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel() // its own world; the attacks share nothing
			w := newWorld(t)
			if _, err := w.sync(w.feedDir); err != nil {
				t.Fatal(err)
			}
			berlinBefore := w.title("de-berlin-first-contact")
			tt.rogue(w)
			w.edit("de/_/health/seeing-a-doctor.en.md", "title = \"", "title = \"Honest: ")
			w.release("germany")

			rep, err := w.sync(w.feedDir)
			var ref *Refusal
			if !errors.As(err, &ref) || len(ref.Publishers) != 1 || ref.Publishers[0].Publisher != "berlin" {
				t.Fatalf("sync = %v, want a refusal of berlin alone", err)
			}
			if !strings.Contains(err.Error(), "from berlin") || !strings.Contains(err.Error(), tt.reason) {
				t.Errorf("message %q, want it to name berlin and %q", err, tt.reason)
			}
			if len(rep.Changes) != 1 || rep.Changes[0].Publisher != "germany" {
				t.Fatalf("changes = %+v, want germany's update", rep.Changes)
			}
			if got := w.title("de-seeing-a-doctor"); !strings.HasPrefix(got, "Honest: ") {
				t.Errorf("germany's article = %q, want its update installed", got)
			}
			if got := w.title("de-berlin-first-contact"); got != berlinBefore {
				t.Errorf("berlin's article = %q, want %q", got, berlinBefore)
			}
			info, err := w.store.Installed()
			if err != nil || info.Feed["berlin"].Sequence != 1 || info.Feed["germany"].Sequence != 2 {
				t.Fatalf("installed releases = %+v, %v", info.Feed, err)
			}
			if err := w.store.Verify(); err != nil {
				t.Fatalf("integrity after a partly refused sync: %v", err)
			}

			// Berlin's release is still there: the next sync refuses it
			// again, names it, and changes nothing.
			before := w.databases()
			rep, err = w.sync(w.feedDir)
			if !errors.As(err, &ref) || len(ref.Publishers) != 1 || len(rep.Changes) != 0 || rep.Unchanged {
				t.Fatalf("the sync after: %+v, %v", rep, err)
			}
			w.unchanged(before)
			w.honestSync()
		})
	}
}

// TestRogueReleaseOverNginx (issue 16 §1, end to end): the feed is served
// by nginx with the shipped configuration. Berlin's key is stolen and
// signs a file under de/_/, while germany publishes an honest update. The
// sync installs germany's update and names berlin. Berlin then revokes its
// key and runs release --all: the next sync completes with no refusal and
// berlin's content as before.
func TestRogueReleaseOverNginx(t *testing.T) {
	w := newWorld(t)
	url := startNginx(t, w.feedDir)
	if _, err := w.sync(url); err != nil {
		t.Fatal(err)
	}
	berlinBefore := w.title("de-berlin-first-contact")

	data := []byte("[[hotline]]\nid = \"de-hl-fake\"\n")
	blob := feed.Compress(data)
	w.repo.WriteBlob(blob)
	index := w.berlinIndex("1")
	index["de/_/hotlines.toml"] = feed.Ref(data, blob)
	w.forgeBerlin(index)
	w.edit("de/_/health/seeing-a-doctor.en.md", "title = \"", "title = \"Over nginx: ")
	w.release("germany")

	rep, err := w.sync(url)
	var ref *Refusal
	if !errors.As(err, &ref) || len(ref.Publishers) != 1 || ref.Publishers[0].Publisher != "berlin" ||
		!strings.Contains(err.Error(), "outside its paths") {
		t.Fatalf("sync = %v, want berlin refused for writing outside its paths", err)
	}
	if Unreachable(err) {
		t.Errorf("a refusal reads as a network failure: %v", err)
	}
	if len(rep.Changes) != 1 || rep.Changes[0].Publisher != "germany" {
		t.Fatalf("changes = %+v, want germany's update", rep.Changes)
	}
	if got := w.title("de-seeing-a-doctor"); !strings.HasPrefix(got, "Over nginx: ") {
		t.Errorf("germany's article = %q", got)
	}

	if err := w.repo.RevokePublisher("berlin"); err != nil {
		t.Fatal(err)
	}
	reps, err := w.repo.ReleaseAll(os.DirFS(w.tree))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range reps {
		if r.Publisher == "berlin" && r.Unchanged {
			t.Fatal("release --all left berlin unchanged after revocation: the rogue entry would stay signed")
		}
	}
	rep, err = w.sync(url)
	if err != nil || len(rep.Refused) != 0 {
		t.Fatalf("the sync after revocation and release --all: %+v, %v", rep, err)
	}
	if got := w.title("de-berlin-first-contact"); got != berlinBefore {
		t.Errorf("berlin's article = %q, want %q", got, berlinBefore)
	}
	if err := w.store.Verify(); err != nil {
		t.Fatal(err)
	}
}
