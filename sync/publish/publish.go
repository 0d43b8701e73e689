// Package publish runs the editors' side of a Safar feed: a TUF repository
// (with go-tuf) whose top-level targets role delegates a folder of the
// content tree to each publisher, and releases that write a publisher's
// entry and blobs (package feed) and sign them.
package publish

import (
	"crypto"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/sigstore/sigstore/pkg/signature"
	"github.com/theupdateframework/go-tuf/v2/metadata"

	"safar.app/safar/sync/feed"
)

// Expiry of each role's metadata. The timestamp is short so that a frozen
// feed (an attacker replaying an old, validly signed state) is noticed.
var (
	RootExpiry      = 365 * 24 * time.Hour
	TargetsExpiry   = 365 * 24 * time.Hour
	PublisherExpiry = 180 * 24 * time.Hour
	SnapshotExpiry  = 30 * 24 * time.Hour
	TimestampExpiry = 7 * 24 * time.Hour
)

// Now is the publishing clock; tests move it.
var Now = func() time.Time { return time.Now().UTC() }

// Repo is a feed folder (public) and its keys folder (private).
type Repo struct {
	Feed string
	keys keyring
	// publisherKey, when set, names the key a publisher signs with instead
	// of its current one (tests play an attacker with a revoked key).
	publisherKey map[string]string
}

// SigningAs is r with publisher name signing with the key file key (such
// as "publisher-berlin.retired-1"): what someone holding that key could do.
func (r *Repo) SigningAs(name, key string) *Repo {
	c := *r
	c.publisherKey = map[string]string{name: key}
	return &c
}

// Open is the repository in feed, signing with the keys in keys.
func Open(feedDir, keysDir string) *Repo { return &Repo{Feed: feedDir, keys: keyring{dir: keysDir}} }

func (r *Repo) meta(name string) string { return filepath.Join(r.Feed, "metadata", name) }

// Init creates a feed: n root keys of which threshold must sign, an
// offline targets key and an online key for snapshot and timestamp.
func (r *Repo) Init(n, threshold int) error {
	if threshold < 1 || threshold > n {
		return fmt.Errorf("threshold %d must be between 1 and %d", threshold, n)
	}
	if _, err := os.Stat(r.meta("1.root.json")); err == nil {
		return fmt.Errorf("%s already holds a feed", r.Feed)
	}
	for _, d := range []string{"metadata", "targets", "blobs", "history"} {
		if err := os.MkdirAll(filepath.Join(r.Feed, d), 0o755); err != nil {
			return err
		}
	}
	root := metadata.Root(Now().Add(RootExpiry))
	var rootKeys []string
	for i := 1; i <= n; i++ {
		name := "root-" + strconv.Itoa(i)
		if err := r.addRoleKey(root, name, metadata.ROOT); err != nil {
			return err
		}
		rootKeys = append(rootKeys, name)
	}
	root.Signed.Roles[metadata.ROOT].Threshold = threshold
	if err := r.addRoleKey(root, "targets", metadata.TARGETS); err != nil {
		return err
	}
	priv, err := r.keys.generate("online")
	if err != nil {
		return err
	}
	key, _, err := publicKey(priv)
	if err != nil {
		return err
	}
	for _, role := range []string{metadata.SNAPSHOT, metadata.TIMESTAMP} {
		if err := root.Signed.AddKey(key, role); err != nil {
			return err
		}
	}
	if err := r.signWith(root, rootKeys); err != nil {
		return err
	}
	if err := root.ToFile(r.meta("1.root.json"), true); err != nil {
		return err
	}
	targets := metadata.Targets(Now().Add(TargetsExpiry))
	targets.Signed.Delegations = &metadata.Delegations{Keys: map[string]*metadata.Key{}, Roles: []metadata.DelegatedRole{}}
	return r.commitTargets(targets, nil)
}

func (r *Repo) addRoleKey(root *metadata.Metadata[metadata.RootType], keyName, role string) error {
	priv, err := r.keys.generate(keyName)
	if err != nil {
		return err
	}
	key, _, err := publicKey(priv)
	if err != nil {
		return err
	}
	return root.Signed.AddKey(key, role)
}

func (r *Repo) signWith(root *metadata.Metadata[metadata.RootType], names []string) error {
	for _, n := range names {
		s, err := r.keys.signer(n)
		if err != nil {
			return err
		}
		if _, err := root.Sign(s); err != nil {
			return err
		}
	}
	return nil
}

// latest is the highest version of role in the feed, 0 if none. A
// metadata folder that cannot be read is an error: guessing 0 would sign
// versions clients already hold.
func (r *Repo) latest(role string) (int64, error) {
	entries, err := os.ReadDir(filepath.Join(r.Feed, "metadata"))
	if err != nil {
		return 0, fmt.Errorf("read the feed's metadata: %w", err)
	}
	var best int64
	for _, e := range entries {
		v, name, ok := strings.Cut(e.Name(), ".")
		if !ok || name != role+".json" {
			continue
		}
		if n, err := strconv.ParseInt(v, 10, 64); err == nil && n > best {
			best = n
		}
	}
	return best, nil
}

func (r *Repo) loadTargets(role string) (*metadata.Metadata[metadata.TargetsType], error) {
	v, err := r.latest(role)
	if err != nil {
		return nil, err
	}
	if v == 0 {
		return nil, fmt.Errorf("no %s metadata in %s", role, r.Feed)
	}
	return metadata.Targets().FromFile(r.meta(fmt.Sprintf("%d.%s.json", v, role)))
}

// file is one file a commit writes into the feed folder.
type file struct {
	path string
	data []byte
}

// commitTargets signs and writes a new version of the top-level targets
// (and of the changed delegated roles), then a snapshot and timestamp that
// name them.
func (r *Repo) commitTargets(targets *metadata.Metadata[metadata.TargetsType], delegated map[string]*metadata.Metadata[metadata.TargetsType]) error {
	return r.commit(targets, delegated, nil, nil)
}

// commit prepares a change of the feed in memory and signs every piece of
// it (the targets, the changed delegated roles, a snapshot naming them and
// a timestamp) before it writes the first byte, so that a signing that
// fails (a missing key, a wrong passphrase, a key the delegation does not
// name) leaves the feed folder as it was. Then it writes content
// (content-addressed blobs and entries, harmless alone), the metadata,
// history (the release's record, which fixes its sequence number) and last
// the timestamp, which is what makes clients see the change.
func (r *Repo) commit(targets *metadata.Metadata[metadata.TargetsType], delegated map[string]*metadata.Metadata[metadata.TargetsType], content, history []file) error {
	var meta []file
	versions := map[string]int64{}
	sign := func(role string, priv ed25519.PrivateKey, m *metadata.Metadata[metadata.TargetsType]) error {
		v, err := r.latest(role)
		if err != nil {
			return err
		}
		m.Signed.Version = v + 1
		m.ClearSignatures()
		s, err := signature.LoadSigner(priv, crypto.Hash(0))
		if err != nil {
			return err
		}
		if _, err := m.Sign(s); err != nil {
			return err
		}
		data, err := m.ToBytes(true)
		if err != nil {
			return err
		}
		versions[role] = v + 1
		meta = append(meta, file{r.meta(fmt.Sprintf("%d.%s.json", v+1, role)), data})
		return nil
	}
	top := targets
	if targets != nil {
		priv, err := r.keys.load("targets")
		if err != nil {
			return err
		}
		if err := sign(metadata.TARGETS, priv, targets); err != nil {
			return err
		}
	} else {
		var err error
		if top, err = r.loadTargets(metadata.TARGETS); err != nil {
			return err
		}
	}
	names := make([]string, 0, len(delegated))
	for name := range delegated {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		keyName, other := r.publisherKey[name] // a test playing someone with another key
		if !other {
			keyName = "publisher-" + name
		}
		priv, err := r.keys.load(keyName)
		if err != nil {
			return err
		}
		if !other {
			if err := checkPublisherKey(top, name, priv); err != nil {
				return err
			}
		}
		if err := sign(name, priv, delegated[name]); err != nil {
			return err
		}
	}
	online, err := r.keys.signer("online")
	if err != nil {
		return err
	}
	snap, snapVersion, err := r.snapshot(top, versions, online)
	if err != nil {
		return err
	}
	meta = append(meta, snap)
	ts, err := r.timestamp(snapVersion, online)
	if err != nil {
		return err
	}
	for _, f := range content {
		if _, err := os.Stat(f.path); err == nil {
			continue // content-addressed: already there, and immutable
		}
		if err := writeAtomic(f.path, f.data); err != nil {
			return err
		}
	}
	for _, f := range append(meta, history...) {
		if err := writeAtomic(f.path, f.data); err != nil {
			return err
		}
	}
	// Written aside and renamed: a reader never sees half a timestamp.
	return writeAtomic(r.meta("timestamp.json"), ts)
}

// checkPublisherKey refuses to sign publisher name's role with a key its
// delegation in top does not name: clients would refuse the release.
func checkPublisherKey(top *metadata.Metadata[metadata.TargetsType], name string, priv ed25519.PrivateKey) error {
	_, id, err := publicKey(priv)
	if err != nil {
		return err
	}
	if top.Signed.Delegations != nil {
		for _, d := range top.Signed.Delegations.Roles {
			if d.Name == name && slices.Contains(d.KeyIDs, id) {
				return nil
			}
		}
	}
	return fmt.Errorf("key publisher-%s is not %s's current publisher key (was it revoked?)", name, name)
}

// snapshot is a signed snapshot naming every role's latest version, the
// new versions of this commit included, and the snapshot's version.
func (r *Repo) snapshot(top *metadata.Metadata[metadata.TargetsType], versions map[string]int64, online signature.Signer) (file, int64, error) {
	latest := func(role string) (int64, error) {
		if v, ok := versions[role]; ok {
			return v, nil
		}
		return r.latest(role)
	}
	snap := metadata.Snapshot(Now().Add(SnapshotExpiry))
	targetsVersion, err := latest(metadata.TARGETS)
	if err != nil {
		return file{}, 0, err
	}
	snap.Signed.Meta = map[string]*metadata.MetaFiles{"targets.json": metadata.MetaFile(targetsVersion)}
	if top.Signed.Delegations != nil {
		for _, d := range top.Signed.Delegations.Roles {
			v, err := latest(d.Name)
			if err != nil {
				return file{}, 0, err
			}
			if v > 0 {
				snap.Signed.Meta[d.Name+".json"] = metadata.MetaFile(v)
			}
		}
	}
	snapVersion, err := r.latest(metadata.SNAPSHOT)
	if err != nil {
		return file{}, 0, err
	}
	snap.Signed.Version = snapVersion + 1
	if _, err := snap.Sign(online); err != nil {
		return file{}, 0, err
	}
	data, err := snap.ToBytes(true)
	if err != nil {
		return file{}, 0, err
	}
	return file{r.meta(fmt.Sprintf("%d.snapshot.json", snap.Signed.Version)), data}, snap.Signed.Version, nil
}

// Timestamp signs a new timestamp for the current snapshot: the pipeline
// runs it at least every few days so that clients can tell a live feed
// from a frozen one.
func (r *Repo) Timestamp() error {
	snapVersion, err := r.latest(metadata.SNAPSHOT)
	if err != nil {
		return err
	}
	online, err := r.keys.signer("online")
	if err != nil {
		return err
	}
	ts, err := r.timestamp(snapVersion, online)
	if err != nil {
		return err
	}
	return writeAtomic(r.meta("timestamp.json"), ts)
}

// timestamp is a signed timestamp naming snapshot version snapVersion.
func (r *Repo) timestamp(snapVersion int64, online signature.Signer) ([]byte, error) {
	ts := metadata.Timestamp(Now().Add(TimestampExpiry))
	ts.Signed.Meta["snapshot.json"] = metadata.MetaFile(snapVersion)
	old, err := metadata.Timestamp().FromFile(r.meta("timestamp.json"))
	switch {
	case err == nil:
		ts.Signed.Version = old.Signed.Version + 1
	case !errors.Is(err, fs.ErrNotExist):
		// Restarting at version 1 would look like a rollback to every client.
		return nil, fmt.Errorf("read the current timestamp: %w", err)
	}
	if _, err := ts.Sign(online); err != nil {
		return nil, err
	}
	return ts.ToBytes(true)
}

// AddPublisher delegates scope (a folder of the content tree such as
// "de/berlin/") to a new publisher with its own key.
func (r *Repo) AddPublisher(name, scope string) error {
	if !feed.ValidScope(scope) {
		return fmt.Errorf("paths %q must be a folder such as de/berlin/", scope)
	}
	targets, err := r.loadTargets(metadata.TARGETS)
	if err != nil {
		return err
	}
	for _, d := range targets.Signed.Delegations.Roles {
		if d.Name == name {
			return fmt.Errorf("publisher %s exists already", name)
		}
	}
	key, id, err := r.newPublisherKey(name)
	if err != nil {
		return err
	}
	targets.Signed.Delegations.Keys[id] = key
	targets.Signed.Delegations.Roles = append(targets.Signed.Delegations.Roles, metadata.DelegatedRole{
		Name: name, KeyIDs: []string{id}, Threshold: 1, Terminating: true,
		Paths: []string{scope + "*"},
	})
	d := metadata.Targets(Now().Add(PublisherExpiry))
	return r.commitTargets(targets, map[string]*metadata.Metadata[metadata.TargetsType]{name: d})
}

// newPublisherKey makes a new key for publisher name and returns its public half.
func (r *Repo) newPublisherKey(name string) (*metadata.Key, string, error) {
	priv, err := r.keys.generate("publisher-" + name)
	if err != nil {
		return nil, "", err
	}
	return publicKey(priv)
}

// ReleaseReport says what a release wrote.
type ReleaseReport struct {
	Publisher string
	Sequence  int64
	Files     int
	NewBlobs  int
	Diffs     int
	Unchanged bool // the folder is as last released: no new release
}

// ReleaseAll releases every publisher's folder of tree that changed since
// its last release, in publisher order.
func (r *Repo) ReleaseAll(tree fs.FS) ([]ReleaseReport, error) {
	targets, err := r.loadTargets(metadata.TARGETS)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, d := range targets.Signed.Delegations.Roles {
		names = append(names, d.Name)
	}
	sort.Strings(names)
	var out []ReleaseReport
	for _, n := range names {
		rep, err := r.Release(n, tree)
		if err != nil {
			return out, fmt.Errorf("%s: %w", n, err)
		}
		out = append(out, rep)
	}
	return out, nil
}

// Scope is the folder of the tree publisher name may publish ("de/berlin/").
func (r *Repo) Scope(name string) (string, error) {
	targets, err := r.loadTargets(metadata.TARGETS)
	if err != nil {
		return "", err
	}
	for _, d := range targets.Signed.Delegations.Roles {
		if d.Name == name && len(d.Paths) > 0 {
			return strings.TrimSuffix(d.Paths[0], "*"), nil
		}
	}
	return "", fmt.Errorf("no publisher %s in %s: add it with add-publisher first", name, r.Feed)
}

// Release publishes the publisher's folder of tree as its next release.
func (r *Repo) Release(name string, tree fs.FS) (ReleaseReport, error) {
	targets, err := r.loadTargets(metadata.TARGETS)
	if err != nil {
		return ReleaseReport{}, err
	}
	var scope string
	for _, d := range targets.Signed.Delegations.Roles {
		if d.Name == name && len(d.Paths) > 0 {
			scope = strings.TrimSuffix(d.Paths[0], "*")
		}
	}
	if scope == "" {
		return ReleaseReport{}, fmt.Errorf("no publisher %s: add it with add-publisher first", name)
	}
	index, blobs, err := feed.Tree(tree, scope)
	if err != nil {
		return ReleaseReport{}, fmt.Errorf("read %s: %w", scope, err)
	}
	hist := filepath.Join(r.Feed, "history", name)
	past, err := pastIndexes(hist)
	if err != nil {
		return ReleaseReport{}, err
	}
	seq := int64(1)
	if len(past) > 0 {
		last := past[len(past)-1]
		if feed.IndexHash(last.index) == feed.IndexHash(index) {
			// Nothing changed: a new sequence would only make clients fetch
			// an empty diff. Unless what is signed now is not that release
			// (a revocation dropped it, or a stolen key signed another):
			// then the folder is released again.
			signed, err := r.signs(name, scope, last.seq, feed.IndexHash(index))
			if err != nil {
				return ReleaseReport{}, err
			}
			if signed {
				return ReleaseReport{Publisher: name, Sequence: last.seq, Files: len(index), Unchanged: true}, nil
			}
		}
		seq = last.seq + 1
	}
	rep := ReleaseReport{Publisher: name, Sequence: seq, Files: len(index)}
	// The index and the diffs from the last releases are blobs too.
	blobOf := func(v any) (feed.File, error) {
		data, err := json.Marshal(v)
		if err != nil {
			return feed.File{}, err
		}
		blob := feed.Compress(data)
		blobs[feed.Hash(blob)] = blob
		return feed.Ref(data, blob), nil
	}
	e := feed.Entry{Publisher: name, Scope: scope, Sequence: seq, IndexHash: feed.IndexHash(index), Diffs: map[int64]feed.File{}}
	if e.Index, err = blobOf(index); err != nil {
		return rep, err
	}
	for i := len(past) - 1; i >= 0 && len(e.Diffs) < feed.MaxDiffs; i-- {
		if e.Diffs[past[i].seq], err = blobOf(feed.DiffOf(past[i].index, index)); err != nil {
			return rep, err
		}
	}
	rep.Diffs = len(e.Diffs)
	// Nothing is written before everything is signed (see commit): a
	// failed signing burns no sequence number.
	var content []file
	for h, b := range blobs {
		p := filepath.Join(r.Feed, feed.BlobPath(h))
		if _, err := os.Stat(p); err == nil {
			continue // content-addressed: already there, and immutable
		}
		content = append(content, file{p, b})
		rep.NewBlobs++
	}
	idx, err := json.Marshal(index)
	if err != nil {
		return ReleaseReport{}, err
	}
	history := []file{{filepath.Join(hist, strconv.FormatInt(seq, 10)+".json"), idx}}
	if err := r.signEntry(name, &e, content, history); err != nil {
		return ReleaseReport{}, err
	}
	return rep, nil
}

// signs reports whether publisher name's signed entry is the release seq
// with the index hash indexHash.
func (r *Repo) signs(name, scope string, seq int64, indexHash string) (bool, error) {
	d, err := r.loadTargets(name)
	if err != nil {
		return false, err
	}
	target := d.Signed.Targets[feed.EntryName(scope)]
	if target == nil {
		return false, nil
	}
	data, err := os.ReadFile(filepath.Join(r.Feed, "targets", filepath.FromSlash(scope), target.Hashes["sha256"].String()+".entry.json"))
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	e, err := feed.ParseEntry(feed.EntryName(scope), data)
	if err != nil {
		return false, nil // not an entry this tool wrote: release again
	}
	return e.Sequence == seq && e.IndexHash == indexHash, nil
}

// SignEntry writes entry e as publisher name's current release and signs
// it with the publisher's key, then snapshot and timestamp with the online
// key. Release uses it; so do tests that forge what a rogue publisher
// could sign.
func (r *Repo) SignEntry(name string, e *feed.Entry) error {
	return r.signEntry(name, e, nil, nil)
}

// signEntry is SignEntry committing content and history with the entry.
func (r *Repo) signEntry(name string, e *feed.Entry, content, history []file) error {
	data, err := e.Marshal()
	if err != nil {
		return err
	}
	// The entry is a TUF target under its hash, as consistent snapshots
	// name them, so it too is never overwritten.
	target, err := metadata.TargetFile().FromBytes(feed.EntryName(e.Scope), data, "sha256")
	if err != nil {
		return err
	}
	entryPath := filepath.Join(r.Feed, "targets", filepath.FromSlash(e.Scope), target.Hashes["sha256"].String()+".entry.json")
	d, err := r.loadTargets(name)
	if err != nil {
		return err
	}
	d.Signed.Targets = map[string]*metadata.TargetFiles{feed.EntryName(e.Scope): target}
	d.Signed.Expires = Now().Add(PublisherExpiry)
	return r.commit(nil, map[string]*metadata.Metadata[metadata.TargetsType]{name: d}, append(content, file{entryPath, data}), history)
}

// WriteBlob stores a blob in the feed under its hash.
func (r *Repo) WriteBlob(blob []byte) error {
	return writeAtomic(filepath.Join(r.Feed, feed.BlobPath(feed.Hash(blob))), blob)
}

type pastIndex struct {
	seq   int64
	index map[string]feed.File
}

// pastIndexes reads a publisher's history, oldest first; none before its
// first release. A damaged history file is an error naming it: skipping
// it could reuse a sequence number, which clients refuse as a rollback.
func pastIndexes(dir string) ([]pastIndex, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read the release history: %w", err)
	}
	var out []pastIndex
	for _, e := range entries {
		seq, err := strconv.ParseInt(strings.TrimSuffix(e.Name(), ".json"), 10, 64)
		if err != nil || !strings.HasSuffix(e.Name(), ".json") {
			continue // not a release (a .tmp left by a crash)
		}
		path := filepath.Join(dir, e.Name())
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		var idx map[string]feed.File
		if err := json.Unmarshal(data, &idx); err != nil {
			return nil, fmt.Errorf("%s: %w (restore it from a backup of the feed)", path, err)
		}
		out = append(out, pastIndex{seq, idx})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].seq < out[j].seq })
	return out, nil
}

func writeAtomic(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// Releases is each publisher's latest release: what an app whose embedded
// pack is a snapshot of this feed ships beside its root of trust.
func (r *Repo) Releases() (feed.Releases, error) {
	targets, err := r.loadTargets(metadata.TARGETS)
	if err != nil {
		return nil, err
	}
	out := feed.Releases{}
	for _, d := range targets.Signed.Delegations.Roles {
		past, err := pastIndexes(filepath.Join(r.Feed, "history", d.Name))
		if err != nil {
			return nil, err
		}
		if len(past) == 0 || len(d.Paths) != 1 {
			continue // no release yet
		}
		last := past[len(past)-1]
		out[d.Name] = feed.Release{Sequence: last.seq, Scope: strings.TrimSuffix(d.Paths[0], "*"), Index: last.index}
	}
	return out, nil
}
