package client

import (
	"context"
	"crypto"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sigstore/sigstore/pkg/signature"
	"github.com/theupdateframework/go-tuf/v2/metadata"

	"safar.app/safar/assets"
	"safar.app/safar/sync/feed"
)

// forgeBerlinSeq signs, with berlin's current key, berlin's own files
// under sequence seq: what a stolen key, or a broken pipeline, could sign.
func (w *world) forgeBerlinSeq(seq int64, title string) {
	w.t.Helper()
	w.edit("de/berlin/service/first-contact.en.md", "title = \"", "title = \""+title)
	index, blobs, err := feed.Tree(os.DirFS(w.tree), "de/berlin/")
	if err != nil {
		w.t.Fatal(err)
	}
	for _, b := range blobs {
		w.repo.WriteBlob(b)
	}
	w.edit("de/berlin/service/first-contact.en.md", "title = \""+title, "title = \"") // the editors' tree stays honest
	raw, _ := json.Marshal(index)
	iblob := feed.Compress(raw)
	w.repo.WriteBlob(iblob)
	e := &feed.Entry{Publisher: "berlin", Scope: "de/berlin/", Sequence: seq,
		IndexHash: feed.IndexHash(index), Index: feed.Ref(raw, iblob)}
	if err := w.repo.SignEntry("berlin", e); err != nil {
		w.t.Fatal(err)
	}
}

func (w *world) syncWith(o Options) (Report, error) {
	o.Dir, o.Root, o.Store, o.Base = w.dataDir, w.root, w.store, assets.Content()
	if o.Source == nil && o.Feed == "" {
		o.Feed = w.feedDir
	}
	return Sync(context.Background(), o)
}

// TestImplausibleSequencesAreRefused (issue 16 §2): a release numbered
// past what any feed reaches, or far past the installed one, is refused
// before it can become a floor that locks the device out.
func TestImplausibleSequencesAreRefused(t *testing.T) {
	for _, tt := range []struct {
		name string
		seq  int64
		want string
	}{
		{"2^62", 1 << 62, "past the highest a release may have"},
		{"a jump past the bound", 1 + feed.MaxSequenceJump + 1, "more than the 1000000 releases a feed may jump"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel() // its own world; the attacks share nothing
			w := newWorld(t)
			if _, err := w.sync(w.feedDir); err != nil {
				t.Fatal(err)
			}
			before := w.databases()
			w.forgeBerlinSeq(tt.seq, "Far ahead: ")
			_, err := w.sync(w.feedDir)
			if !errors.As(err, new(*Refusal)) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("sync = %v, want a refusal saying %q", err, tt.want)
			}
			w.unchanged(before)
			// Berlin's next honest release installs.
			w.honestSync()
		})
	}
	// Within the bound, a jump is taken.
	w := newWorld(t)
	if _, err := w.sync(w.feedDir); err != nil {
		t.Fatal(err)
	}
	w.forgeBerlinSeq(1+feed.MaxSequenceJump, "Just within: ")
	if _, err := w.sync(w.feedDir); err != nil {
		t.Fatalf("a jump of exactly the bound: %v", err)
	}
}

// TestSequenceFloorIsResetByKeyOrRootRotation (issue 16 §2): berlin's key
// signed release 500 (stolen, or a broken pipeline), and devices installed
// it. The honest next release, 2, is then refused as a rollback: the
// device is locked out. A new key for berlin, or a new root, resets the
// floor, and the honest release installs.
func TestSequenceFloorIsResetByKeyOrRootRotation(t *testing.T) {
	for _, tt := range []struct {
		name   string
		rotate func(w *world)
	}{
		{"berlin's key revoked", func(w *world) {
			if err := w.repo.RevokePublisher("berlin"); err != nil {
				w.t.Fatal(err)
			}
		}},
		{"a new root", func(w *world) {
			if err := w.repo.RotateRoot([]string{"root-1", "root-2"}, []string{"root-1", "root-2", "root-4"}, 2); err != nil {
				w.t.Fatal(err)
			}
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel() // its own world; the attacks share nothing
			w := newWorld(t)
			if _, err := w.sync(w.feedDir); err != nil {
				t.Fatal(err)
			}
			w.forgeBerlinSeq(500, "Rogue: ")
			if _, err := w.sync(w.feedDir); err != nil {
				t.Fatal(err)
			}
			if got := w.title("de-berlin-first-contact"); !strings.HasPrefix(got, "Rogue: ") {
				t.Fatalf("title = %q", got)
			}
			w.edit("de/berlin/service/first-contact.en.md", "title = \"", "title = \"Honest: ")
			w.release("berlin") // release 2
			before := w.databases()
			if _, err := w.sync(w.feedDir); err == nil || !strings.Contains(err.Error(), "older than the installed 500") {
				t.Fatalf("before the rotation: %v, want the rollback refusal that locks the device out", err)
			}
			w.unchanged(before)

			tt.rotate(w)
			if _, err := w.repo.ReleaseAll(os.DirFS(w.tree)); err != nil {
				t.Fatal(err)
			}
			if _, err := w.sync(w.feedDir); err != nil {
				t.Fatalf("after the rotation: %v", err)
			}
			if got := w.title("de-berlin-first-contact"); !strings.HasPrefix(got, "Honest: ") {
				t.Errorf("title = %q, want the honest release", got)
			}
			if rep, err := w.sync(w.feedDir); err != nil || !rep.Unchanged {
				t.Errorf("the sync after: %+v, %v", rep, err)
			}
			w.honestSync()
		})
	}
}

// fastForward copies the feed and signs, with the feed's online key, a
// timestamp of version 2^62 in the copy: what a thief of the online key
// serves a device once.
func (w *world) fastForward(keysDir string) string {
	w.t.Helper()
	dir := w.t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(w.feedDir)); err != nil {
		w.t.Fatal(err)
	}
	p := filepath.Join(dir, "metadata", "timestamp.json")
	ts, err := metadata.Timestamp().FromFile(p)
	if err != nil {
		w.t.Fatal(err)
	}
	ts.Signed.Version = 1 << 62
	ts.ClearSignatures()
	data, err := os.ReadFile(filepath.Join(keysDir, "online.key"))
	if err != nil {
		w.t.Fatal(err)
	}
	block, _ := pem.Decode(data)
	priv, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		w.t.Fatal(err)
	}
	signer, err := signature.LoadSigner(priv, crypto.Hash(0))
	if err != nil {
		w.t.Fatal(err)
	}
	if _, err := ts.Sign(signer); err != nil {
		w.t.Fatal(err)
	}
	os.Remove(p)
	if err := ts.ToFile(p, true); err != nil {
		w.t.Fatal(err)
	}
	return dir
}

// TestFastForwardRecovery (issue 16 §2): a device was served a timestamp
// of version 2^62, validly signed with a stolen online key. It then
// refuses the honest feed. go-tuf's fast-forward recovery (TUF 5.3.11) is
// what lets it out: once a new root replaces the online key, the
// timestamp the device holds no longer verifies and is dropped.
func TestFastForwardRecovery(t *testing.T) {
	w := newWorld(t)
	keys := filepath.Join(filepath.Dir(w.feedDir), "keys")
	if _, err := w.sync(w.feedDir); err != nil {
		t.Fatal(err)
	}
	if _, err := w.sync(w.fastForward(keys)); err != nil {
		t.Fatalf("the fast-forwarded timestamp: %v (it is validly signed)", err)
	}
	w.edit("de/_/health/seeing-a-doctor.en.md", "title = \"", "title = \"After recovery: ")
	w.release("germany")
	before := w.databases()
	_, err := w.sync(w.feedDir)
	if !errors.As(err, new(*metadata.ErrBadVersionNumber)) {
		t.Fatalf("the honest feed after the fast-forward: %v, want the rollback refusal", err)
	}
	w.unchanged(before)

	if err := w.repo.RotateOnline([]string{"root-1", "root-2"}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.sync(w.feedDir); err != nil {
		t.Fatalf("after the online key was rotated: %v", err)
	}
	if got := w.title("de-seeing-a-doctor"); !strings.HasPrefix(got, "After recovery: ") {
		t.Errorf("title = %q", got)
	}
	w.honestSync()
}

// TestRecoverFromTheShippedRoot (issue 16 §2): a device took a timestamp
// of version 2^62 and a release 500 from stolen keys, and the feed rotated
// nothing. "Recover" (safar sync --recover, the updates screen's action)
// verifies the feed again from the shipped root: the honest feed installs,
// and the reader's content stays in place until it does.
func TestRecoverFromTheShippedRoot(t *testing.T) {
	w := newWorld(t)
	keys := filepath.Join(filepath.Dir(w.feedDir), "keys")
	if _, err := w.sync(w.feedDir); err != nil {
		t.Fatal(err)
	}
	w.forgeBerlinSeq(500, "Rogue: ")
	if _, err := w.sync(w.fastForward(keys)); err != nil {
		t.Fatal(err)
	}
	w.edit("de/berlin/service/first-contact.en.md", "title = \"", "title = \"Honest: ")
	w.release("berlin")
	before := w.databases()
	if _, err := w.sync(w.feedDir); !errors.As(err, new(*Refusal)) {
		t.Fatalf("the honest feed: %v, want a refusal", err)
	}
	w.unchanged(before)

	rep, err := w.syncWith(Options{Recover: true})
	if err != nil || len(rep.Changes) != 1 || rep.Changes[0].Publisher != "berlin" {
		t.Fatalf("recover: %+v, %v", rep, err)
	}
	if got := w.title("de-berlin-first-contact"); !strings.HasPrefix(got, "Honest: ") {
		t.Errorf("title = %q", got)
	}
	if rep, err := w.sync(w.feedDir); err != nil || !rep.Unchanged {
		t.Errorf("the sync after recovering: %+v, %v", rep, err)
	}
	w.honestSync()
}
