package publish

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/theupdateframework/go-tuf/v2/metadata"

	"safar.app/safar/sync/feed"
)

func newRepo(t *testing.T) *Repo {
	t.Helper()
	base := t.TempDir()
	r := Open(filepath.Join(base, "feed"), filepath.Join(base, "keys"))
	if err := r.Init(3, 2); err != nil {
		t.Fatal(err)
	}
	return r
}

func tree(files map[string]string) fstest.MapFS {
	fs := fstest.MapFS{}
	for p, data := range files {
		fs[p] = &fstest.MapFile{Data: []byte(data)}
	}
	return fs
}

func loadRoot(t *testing.T, r *Repo, v int) *metadata.Metadata[metadata.RootType] {
	t.Helper()
	root, err := metadata.Root().FromFile(r.meta(fmt.Sprintf("%d.root.json", v)))
	if err != nil {
		t.Fatal(err)
	}
	return root
}

func loadTargets(t *testing.T, r *Repo, role string) *metadata.Metadata[metadata.TargetsType] {
	t.Helper()
	m, err := r.loadTargets(role)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestInitRefusals(t *testing.T) {
	base := t.TempDir()
	tests := []struct {
		name         string
		n, threshold int
		want         string
	}{
		{"no threshold", 3, 0, "threshold 0 must be between 1 and 3"},
		{"a threshold above the keys", 2, 3, "threshold 3 must be between 1 and 2"},
	}
	for _, tt := range tests {
		r := Open(filepath.Join(base, tt.name, "feed"), filepath.Join(base, tt.name, "keys"))
		if err := r.Init(tt.n, tt.threshold); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want %q", tt.name, err, tt.want)
		}
	}
	r := newRepo(t)
	if err := r.Init(3, 2); err == nil || !strings.Contains(err.Error(), "already holds a feed") {
		t.Errorf("a second init: %v", err)
	}
	root := loadRoot(t, r, 1)
	if role := root.Signed.Roles[metadata.ROOT]; len(role.KeyIDs) != 3 || role.Threshold != 2 {
		t.Errorf("root role: %d keys, threshold %d", len(role.KeyIDs), role.Threshold)
	}
	if err := root.VerifyDelegate(metadata.ROOT, root); err != nil {
		t.Errorf("the first root is not signed by its own keys: %v", err)
	}
}

func TestAddPublisher(t *testing.T) {
	r := newRepo(t)
	if err := r.AddPublisher("berlin", "de/berlin/"); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ name, scope, want string }{
		{"berlin", "de/hamburg/", "publisher berlin exists already"},
		{"x", "de", "must be a folder"},
		{"x", "/de/", "must be a folder"},
		{"x", "de/../fr/", "must be a folder"},
		{"x", "", "must be a folder"},
	} {
		if err := r.AddPublisher(tt.name, tt.scope); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("AddPublisher(%q, %q) = %v, want %q", tt.name, tt.scope, err, tt.want)
		}
	}
	top := loadTargets(t, r, metadata.TARGETS)
	roles := top.Signed.Delegations.Roles
	if len(roles) != 1 || roles[0].Name != "berlin" || roles[0].Paths[0] != "de/berlin/*" || !roles[0].Terminating {
		t.Fatalf("delegations: %+v", roles)
	}
	if err := top.VerifyDelegate("berlin", loadTargets(t, r, "berlin")); err != nil {
		t.Errorf("berlin's metadata does not verify against its delegation: %v", err)
	}
	if err := loadRoot(t, r, 1).VerifyDelegate(metadata.TARGETS, top); err != nil {
		t.Errorf("the top-level targets do not verify against the root: %v", err)
	}
}

func TestRelease(t *testing.T) {
	r := newRepo(t)
	if err := r.AddPublisher("berlin", "de/berlin/"); err != nil {
		t.Fatal(err)
	}
	v1 := tree(map[string]string{"de/berlin/a.en.md": "a", "de/berlin/b.en.md": "b", "de/_/outside.en.md": "not berlin's"})
	rep, err := r.Release("berlin", v1)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Sequence != 1 || rep.Files != 2 || rep.Diffs != 0 || rep.Unchanged || rep.NewBlobs != 3 { // 2 files and the index
		t.Errorf("first release: %+v", rep)
	}
	if rep, err = r.Release("berlin", v1); err != nil || !rep.Unchanged || rep.Sequence != 1 {
		t.Errorf("the same folder again: %+v, %v; want unchanged at 1", rep, err)
	}
	v2 := tree(map[string]string{"de/berlin/a.en.md": "a, edited", "de/berlin/c.en.md": "c"})
	if rep, err = r.Release("berlin", v2); err != nil || rep.Sequence != 2 || rep.Diffs != 1 || rep.Files != 2 {
		t.Fatalf("second release: %+v, %v", rep, err)
	}

	// The entry is a target of berlin's signed metadata and names its index.
	berlin := loadTargets(t, r, "berlin")
	if err := loadTargets(t, r, metadata.TARGETS).VerifyDelegate("berlin", berlin); err != nil {
		t.Fatal(err)
	}
	tf, ok := berlin.Signed.Targets[feed.EntryName("de/berlin/")]
	if !ok {
		t.Fatalf("berlin's targets: %v", berlin.Signed.Targets)
	}
	entries, _ := filepath.Glob(filepath.Join(r.Feed, "targets", "de", "berlin", "*.entry.json"))
	var e *feed.Entry
	for _, p := range entries {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if tf.VerifyLengthHashes(data) == nil {
			if e, err = feed.Unmarshal(data); err != nil {
				t.Fatal(err)
			}
		}
	}
	if e == nil || e.Sequence != 2 || e.Scope != "de/berlin/" || len(e.Diffs) != 1 {
		t.Fatalf("the signed entry: %+v", e)
	}
	rels, err := r.Releases()
	if err != nil {
		t.Fatal(err)
	}
	want, _, _ := feed.Tree(v2, "de/berlin/")
	if got := rels["berlin"]; got.Sequence != 2 || feed.IndexHash(got.Index) != feed.IndexHash(want) || got.Scope != "de/berlin/" {
		t.Errorf("Releases: %+v", got)
	}

	if _, err := r.Release("hamburg", v2); err == nil || !strings.Contains(err.Error(), "no publisher hamburg") {
		t.Errorf("a release by nobody: %v", err)
	}
	// A damaged history is named, never skipped: skipping would reuse a
	// sequence number, which every client refuses as a rollback.
	hist := filepath.Join(r.Feed, "history", "berlin", "2.json")
	if err := os.WriteFile(hist, []byte("{not json"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Release("berlin", tree(map[string]string{"de/berlin/a.en.md": "third"})); err == nil || !strings.Contains(err.Error(), hist) {
		t.Errorf("a release over a damaged history: %v, want an error naming %s", err, hist)
	}
}

func TestRotateRoot(t *testing.T) {
	r := newRepo(t)
	if err := r.RotateRoot([]string{"root-1", "root-2"}, []string{"root-4", "root-5"}, 3); err == nil ||
		!strings.Contains(err.Error(), "threshold 3 must be between 1 and 2") {
		t.Errorf("a threshold above the new keys: %v", err)
	}
	if _, err := os.Stat(r.meta("2.root.json")); err == nil {
		t.Fatal("a refused rotation wrote a root")
	}
	if err := r.RotateRoot([]string{"root-1", "root-2"}, []string{"root-4", "root-5"}, 2); err != nil {
		t.Fatal(err)
	}
	v1, v2 := loadRoot(t, r, 1), loadRoot(t, r, 2)
	if v2.Signed.Version != 2 || len(v2.Signed.Roles[metadata.ROOT].KeyIDs) != 2 {
		t.Fatalf("root 2: version %d, keys %v", v2.Signed.Version, v2.Signed.Roles[metadata.ROOT].KeyIDs)
	}
	// TUF moves a client from 1 to 2 only if the old root's threshold and
	// the new root's threshold both signed it.
	if err := v1.VerifyDelegate(metadata.ROOT, v2); err != nil {
		t.Errorf("root 2 is not signed by the threshold of root 1: %v", err)
	}
	if err := v2.VerifyDelegate(metadata.ROOT, v2); err != nil {
		t.Errorf("root 2 is not signed by its own keys: %v", err)
	}
	// Below the old threshold the new root is written but no client takes it.
	if err := r.RotateRoot([]string{"root-4"}, []string{"root-6"}, 1); err != nil {
		t.Fatal(err)
	}
	if err := v2.VerifyDelegate(metadata.ROOT, loadRoot(t, r, 3)); err == nil {
		t.Error("a root signed by one of two old keys verifies")
	}
}

func TestRevokePublisher(t *testing.T) {
	r := newRepo(t)
	if err := r.AddPublisher("berlin", "de/berlin/"); err != nil {
		t.Fatal(err)
	}
	files := tree(map[string]string{"de/berlin/a.en.md": "a"})
	if _, err := r.Release("berlin", files); err != nil {
		t.Fatal(err)
	}
	oldIDs := loadTargets(t, r, metadata.TARGETS).Signed.Delegations.Roles[0].KeyIDs
	if err := r.RevokePublisher("berlin"); err != nil {
		t.Fatal(err)
	}
	if err := r.RevokePublisher("hamburg"); err == nil || !strings.Contains(err.Error(), "no publisher hamburg") {
		t.Errorf("revoking nobody: %v", err)
	}
	top := loadTargets(t, r, metadata.TARGETS)
	role := top.Signed.Delegations.Roles[0]
	if len(role.KeyIDs) != 1 || role.KeyIDs[0] == oldIDs[0] {
		t.Fatalf("berlin's keys after revocation: %v (before %v)", role.KeyIDs, oldIDs)
	}
	if _, ok := top.Signed.Delegations.Keys[oldIDs[0]]; ok {
		t.Error("the revoked key is still listed")
	}
	// Berlin's metadata is signed with the new key, and lists no entry:
	// the one the old key signed is dropped (issue 16 §1).
	after := loadTargets(t, r, "berlin")
	if err := top.VerifyDelegate("berlin", after); err != nil {
		t.Errorf("berlin's metadata after revocation: %v", err)
	}
	if len(after.Signed.Targets) != 0 {
		t.Errorf("berlin's metadata still lists %d entries signed by the revoked key", len(after.Signed.Targets))
	}
	// What the retired key signs no longer verifies.
	thief := r.SigningAs("berlin", "publisher-berlin.retired-1")
	if _, err := thief.Release("berlin", tree(map[string]string{"de/berlin/a.en.md": "forged"})); err != nil {
		t.Fatal(err)
	}
	if err := loadTargets(t, r, metadata.TARGETS).VerifyDelegate("berlin", loadTargets(t, r, "berlin")); err == nil {
		t.Error("a release signed with the revoked key verifies")
	}
}

// TestReleaseWithAKeyTheEditorOpens: the Studio signs with the key file an
// editor opens; a key the delegation does not name is refused before
// anything is written.
func TestReleaseWithAKeyTheEditorOpens(t *testing.T) {
	dir := t.TempDir()
	keys := filepath.Join(dir, "keys")
	repo := Open(filepath.Join(dir, "feed"), keys)
	if err := repo.Init(1, 1); err != nil {
		t.Fatal(err)
	}
	if err := repo.AddPublisher("berlin", "de/berlin/"); err != nil {
		t.Fatal(err)
	}
	if err := repo.AddPublisher("paris", "fr/paris/"); err != nil {
		t.Fatal(err)
	}
	berlin, err := os.ReadFile(filepath.Join(keys, "publisher-berlin.key"))
	if err != nil {
		t.Fatal(err)
	}
	paris, _ := os.ReadFile(filepath.Join(keys, "publisher-paris.key"))
	// The editor's key is theirs, not the keys folder's.
	os.Remove(filepath.Join(keys, "publisher-berlin.key"))
	tree := fstest.MapFS{"de/berlin/services.toml": {Data: []byte("# services\n")}}
	if _, _, err := repo.WithPublisherKey("berlin", "publisher-paris.key", paris, nil); err == nil {
		t.Fatal("paris's key accepted for berlin")
	}
	if _, _, err := repo.WithPublisherKey("berlin", "notes.txt", []byte("not a key"), nil); err == nil {
		t.Fatal("a file that is no key accepted")
	}
	signing, wipe, err := repo.WithPublisherKey("berlin", "publisher-berlin.key", berlin, nil)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := signing.Release("berlin", tree)
	wipe()
	if err != nil || rep.Sequence != 1 {
		t.Fatalf("release = %+v, %v", rep, err)
	}
	tree["de/berlin/services.toml"] = &fstest.MapFile{Data: []byte("# services, changed\n")}
	if _, err := repo.Release("berlin", tree); err == nil {
		t.Fatal("released without the key")
	}
}

// TestReleaseAfterRevocationSignsTheFolderAgain: a stolen key signed a
// rogue entry; the publisher revokes the key and runs release --all. The
// folder is released again with the new key (not "unchanged"), and the
// rogue entry is signed by nobody.
func TestReleaseAfterRevocationSignsTheFolderAgain(t *testing.T) {
	r := newRepo(t)
	if err := r.AddPublisher("berlin", "de/berlin/"); err != nil {
		t.Fatal(err)
	}
	files := tree(map[string]string{"de/berlin/a.en.md": "a"})
	if _, err := r.Release("berlin", files); err != nil {
		t.Fatal(err)
	}
	// The thief signs, with the real key, an entry of their own.
	rogue := &feed.Entry{Publisher: "berlin", Scope: "de/berlin/", Sequence: 7,
		IndexHash: strings.Repeat("a", 64), Index: feed.File{SHA256: strings.Repeat("b", 64), Blob: strings.Repeat("c", 64)}}
	if err := r.SignEntry("berlin", rogue); err != nil {
		t.Fatal(err)
	}
	if err := r.RevokePublisher("berlin"); err != nil {
		t.Fatal(err)
	}
	reps, err := r.ReleaseAll(files)
	if err != nil || len(reps) != 1 {
		t.Fatalf("release --all: %+v, %v", reps, err)
	}
	if reps[0].Unchanged || reps[0].Sequence != 2 {
		t.Fatalf("release --all after revocation: %+v, want release 2 of the honest folder", reps[0])
	}
	top := loadTargets(t, r, metadata.TARGETS)
	d := loadTargets(t, r, "berlin")
	if err := top.VerifyDelegate("berlin", d); err != nil {
		t.Fatal(err)
	}
	target := d.Signed.Targets["de/berlin/entry.json"]
	if target == nil {
		t.Fatal("no entry is signed")
	}
	data, err := os.ReadFile(filepath.Join(r.Feed, "targets", "de", "berlin", target.Hashes["sha256"].String()+".entry.json"))
	if err != nil {
		t.Fatal(err)
	}
	e, err := feed.ParseEntry("entry.json", data)
	if err != nil || e.Sequence != 2 || e.IndexHash == rogue.IndexHash {
		t.Fatalf("signed entry: %+v, %v", e, err)
	}
	// And a second release --all has nothing to do.
	if reps, err = r.ReleaseAll(files); err != nil || !reps[0].Unchanged {
		t.Fatalf("release --all again: %+v, %v", reps, err)
	}
}
