// Package client fetches signed content updates and applies them: it
// refreshes the feed's TUF metadata (go-tuf), takes each publisher's entry
// that TUF proves, fetches the diff or index and the changed blobs (package
// feed), checks everything, and installs the result through the same
// store.Install the embedded pack uses, in one transaction. What is
// refused leaves content.db as it was.
package client

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	_ "github.com/mattn/go-sqlite3"
	"github.com/theupdateframework/go-tuf/v2/metadata"
	"github.com/theupdateframework/go-tuf/v2/metadata/config"
	"github.com/theupdateframework/go-tuf/v2/metadata/updater"

	"safar.app/safar/content"
	"safar.app/safar/content/source"
	"safar.app/safar/content/store"
	"safar.app/safar/internal/memfs"
	"safar.app/safar/internal/parallel"
	"safar.app/safar/sync/feed"
)

// Options say where to sync from and into.
type Options struct {
	Feed  string       // https:// or http:// address, a folder, or a .zip of a feed
	Dir   string       // the client's folder: TUF metadata, blobs, partial downloads
	Root  []byte       // the root of trust shipped with the app (1.root.json)
	Store *store.Store // content.db
	Base  fs.FS        // the embedded content tree: what the feed's publishers replace parts of
	// Shipped are the feed's releases the embedded tree is a snapshot of
	// (assets/trust/releases.json). While the embedded pack is installed,
	// each one whose files Base holds unchanged counts as installed, so
	// the first sync fetches a diff, or nothing, rather than full indexes.
	Shipped []byte
	Timeout time.Duration
	// Progress, if set, is told how far the download is.
	Progress func(Progress)
	// Now is the clock TUF checks expiry against; nil is the system clock.
	Now func() time.Time
}

// Progress is the state of a sync, for a progress bar.
type Progress struct {
	Bytes, TotalBytes int64
	Files, TotalFiles int
}

// Change is what one publisher's update did.
type Change struct {
	Publisher      string
	From, To       int64 // sequence numbers
	Set, Removed   int   // files
	FullIndex      bool  // no diff fitted: the full index was fetched
	BlobsFetched   int
	BlobBytesFetch int64
}

// Report says what a sync did.
type Report struct {
	Changes   []Change
	Unchanged bool  // nothing new: the timestamp said so
	Bytes     int64 // fetched over the network (web feeds)
	Requests  int
}

// Refusal is a sync that was refused: nothing was installed.
type Refusal struct{ Reason error }

func (r *Refusal) Error() string { return "update refused: " + r.Reason.Error() }
func (r *Refusal) Unwrap() error { return r.Reason }

func refuse(format string, a ...any) error { return &Refusal{Reason: fmt.Errorf(format, a...)} }

// state is what the client records in content.db of each publisher.
type state = feed.Releases

// Verification is when a publisher's release was last proved current.
type Verification struct {
	Scope    string    `json:"scope"`
	Sequence int64     `json:"sequence"`
	At       time.Time `json:"at"`
}

// Verified reads when each publisher was last verified on this device.
func Verified(dir string) (map[string]Verification, error) {
	data, err := os.ReadFile(filepath.Join(dir, "verified.json"))
	if errors.Is(err, os.ErrNotExist) {
		return map[string]Verification{}, nil
	}
	if err != nil {
		return nil, err
	}
	out := map[string]Verification{}
	return out, json.Unmarshal(data, &out)
}

func (o Options) recordVerified(v map[string]Verification) {
	old, _ := Verified(o.Dir)
	for k, x := range v {
		old[k] = x
	}
	data, _ := json.Marshal(old)
	tmp := filepath.Join(o.Dir, "verified.json.tmp")
	if os.WriteFile(tmp, data, 0o600) == nil {
		os.Rename(tmp, filepath.Join(o.Dir, "verified.json"))
	}
}

// Sync brings content.db up to date with the feed.
func Sync(ctx context.Context, o Options) (rep Report, err error) {
	if o.Timeout == 0 {
		o.Timeout = 30 * time.Second
	}
	var m meter
	defer func() { rep.Bytes, rep.Requests = m.bytes.Load(), int(m.requests.Load()) }()
	src, err := openSource(o.Feed, o.Timeout, &m)
	if err != nil {
		return rep, err
	}
	if z, ok := src.(*zipSource); ok {
		defer z.r.Close()
	}
	info, err := o.Store.Installed()
	if err != nil {
		return rep, fmt.Errorf("read the installed content: %w", err)
	}
	st := state{}
	if info.Feed != "" {
		if err := json.Unmarshal([]byte(info.Feed), &st); err != nil {
			return rep, fmt.Errorf("the installed content's feed record is damaged: %w", err)
		}
	}

	up, err := o.updater(ctx, src)
	if err != nil {
		return rep, err
	}
	if err := up.Refresh(); err != nil {
		if Unreachable(err) {
			return rep, fmt.Errorf("read the feed: %w", err) // not a refusal: nothing was checked
		}
		return rep, refuse("%w", explainErr(err))
	}
	trusted := up.GetTrustedMetadataSet()
	top := trusted.Targets[metadata.TARGETS]
	if top == nil || top.Signed.Delegations == nil {
		return rep, refuse("the feed delegates to no publisher")
	}

	if info.Feed == "" {
		st = o.shipped(top.Signed.Delegations.Roles)
	}

	type fetched struct {
		entry *feed.Entry
		index map[string]feed.File
		ch    Change
	}
	var updates []fetched
	now := time.Now()
	if o.Now != nil {
		now = o.Now()
	}
	verified := map[string]Verification{}
	for _, role := range top.Signed.Delegations.Roles {
		if len(role.Paths) != 1 || !strings.HasSuffix(role.Paths[0], "*") {
			return rep, refuse("publisher %s: delegation paths %v are not one folder", role.Name, role.Paths)
		}
		scope := strings.TrimSuffix(role.Paths[0], "*")
		tf, err := up.GetTargetInfo(feed.EntryName(scope))
		if err != nil {
			if err.Error() == "target "+feed.EntryName(scope)+" not found" {
				continue // a publisher with no release yet
			}
			return rep, refuse("publisher %s: %w", role.Name, explainErr(err))
		}
		local := filepath.Join(o.Dir, "entries", role.Name+".json")
		_, data, err := up.FindCachedTarget(tf, local)
		if err != nil || data == nil {
			if _, data, err = up.DownloadTarget(tf, local, ""); err != nil {
				return rep, refuse("publisher %s: %w", role.Name, explainErr(err))
			}
		}
		e, err := feed.Unmarshal(data)
		if err != nil {
			return rep, refuse("publisher %s: %v", role.Name, err)
		}
		if err := e.Check(scope); err != nil {
			return rep, refuse("%v", err)
		}
		old, had := st[role.Name]
		if had && old.Scope != scope {
			// The publisher now signs another folder: its old index is no base.
			old, had = feed.Release{}, false
		}
		if had && e.Sequence < old.Sequence {
			return rep, refuse("publisher %s: release %d is older than the installed %d (a rollback)", role.Name, e.Sequence, old.Sequence)
		}
		verified[role.Name] = Verification{Scope: scope, Sequence: e.Sequence, At: now}
		if had && e.Sequence == old.Sequence && feed.IndexHash(old.Index) == e.IndexHash {
			continue
		}
		ch := Change{Publisher: role.Name, From: old.Sequence, To: e.Sequence}
		var index map[string]feed.File
		if ref, ok := e.Diffs[old.Sequence]; had && ok {
			var d feed.Diff
			if err := o.getJSON(ctx, src, ref, &d, &rep); err != nil {
				return rep, refuse("publisher %s: diff from %d: %v", role.Name, old.Sequence, err)
			}
			if err := feed.CheckFiles(role.Name, scope, d.Set, d.Remove); err != nil {
				return rep, refuse("%v", err)
			}
			index = feed.Apply(old.Index, d)
			ch.Set, ch.Removed = len(d.Set), len(d.Remove)
			if feed.IndexHash(index) != e.IndexHash {
				index = nil // the diff does not lead where the entry says: take the full index
			}
		}
		if index == nil {
			ch.FullIndex = true
			if err := o.getJSON(ctx, src, e.Index, &index, &rep); err != nil {
				return rep, refuse("publisher %s: index: %v", role.Name, err)
			}
			if feed.IndexHash(index) != e.IndexHash {
				return rep, refuse("publisher %s: the index does not match its entry", role.Name)
			}
			d := feed.DiffOf(old.Index, index)
			ch.Removed = len(d.Remove)
			for p, f := range d.Set {
				if had || !inBase(o.Base, p, f) { // the first sync counts what differs from the embedded pack
					ch.Set++
				}
			}
		}
		if err := feed.CheckFiles(role.Name, scope, index, nil); err != nil {
			return rep, refuse("%v", err)
		}
		updates = append(updates, fetched{e, index, ch})
	}
	if len(updates) == 0 {
		o.recordVerified(verified)
		rep.Unchanged = true
		return rep, nil
	}

	// Fetch every blob the new indexes need and the client lacks.
	blobs, err := openBlobs(o.Dir)
	if err != nil {
		return rep, err
	}
	defer blobs.close()
	var need []feed.File
	seen := map[string]bool{}
	for i, u := range updates {
		for p, f := range u.index {
			if seen[f.Blob] || blobs.has(f) || inBase(o.Base, p, f) {
				continue
			}
			seen[f.Blob] = true
			need = append(need, f)
			updates[i].ch.BlobsFetched++
			updates[i].ch.BlobBytesFetch += f.ZSize
		}
	}
	prog := Progress{TotalFiles: len(need)}
	for _, f := range need {
		prog.TotalBytes += f.ZSize
	}
	if err := blobs.fetchAll(ctx, src, need, prog, o.Progress); err != nil {
		return rep, err
	}

	// Build the whole tree, check it with the loader editors use, install.
	for _, u := range updates {
		st[u.entry.Publisher] = feed.Release{Sequence: u.entry.Sequence, Scope: u.entry.Scope, Index: u.index}
	}
	tree, err := buildTree(o.Base, st, blobs)
	if err != nil {
		return rep, refuse("%v", err)
	}
	// The blobs are kept before the content is installed: a crash between
	// the two leaves blobs a later sync can use, never content without
	// them. They are written while the tree is read.
	committed := make(chan error, 1)
	go func() { committed <- blobs.commit() }()
	pack, problems := source.Parse(tree)
	if err := <-committed; err != nil {
		return rep, err
	}
	if errs := content.Errors(problems); len(errs) > 0 {
		return rep, refuse("%w", &content.ProblemError{Problems: errs})
	}
	record, _ := json.Marshal(st)
	var seq int64
	for _, p := range st {
		seq += p.Sequence
	}
	// Install checks the whole pack before it writes anything.
	if err := o.Store.Install(pack, store.PackInfo{Origin: src.base(), Sequence: seq, Hash: treeHash(st), Feed: string(record)}); err != nil {
		return rep, refuse("%w", source.Locate(tree, err))
	}
	for _, u := range updates {
		rep.Changes = append(rep.Changes, u.ch)
	}
	sort.Slice(rep.Changes, func(i, j int) bool { return rep.Changes[i].Publisher < rep.Changes[j].Publisher })
	blobs.prune(st)
	o.recordVerified(verified)
	return rep, nil
}

// delegates reports whether roles delegate scope to publisher name.
func delegates(roles []metadata.DelegatedRole, name, scope string) bool {
	for _, r := range roles {
		if r.Name == name && len(r.Paths) == 1 && r.Paths[0] == scope+"*" {
			return true
		}
	}
	return false
}

// shipped are the releases of Shipped that Base holds exactly and that
// roles delegate as they were. A record that does not parse, a release
// whose files differ from Base (content edited after the snapshot), and a
// publisher the synced feed does not have (another feed) are left out:
// that publisher's first sync then takes the full index, which is slower
// but as safe.
func (o Options) shipped(roles []metadata.DelegatedRole) state {
	st := state{}
	if o.Shipped == nil || o.Base == nil {
		return st
	}
	var all feed.Releases
	if json.Unmarshal(o.Shipped, &all) != nil {
		return st
	}
	for name, r := range all {
		if delegates(roles, name, r.Scope) && r.Matches(o.Base) {
			st[name] = r
		}
	}
	return st
}

func (o Options) updater(ctx context.Context, src feedSource) (*updater.Updater, error) {
	metaDir := filepath.Join(o.Dir, "tuf")
	if err := os.MkdirAll(metaDir, 0o700); err != nil {
		return nil, err
	}
	// A root the client has already moved to (after a rotation) is kept in
	// its folder; otherwise it starts from the root it shipped with.
	root := o.Root
	if data, err := os.ReadFile(filepath.Join(metaDir, "root.json")); err == nil {
		root = data
	}
	cfg, err := config.New(src.base()+"/metadata", root)
	if err != nil {
		return nil, err
	}
	cfg.RemoteTargetsURL = src.base() + "/targets"
	cfg.LocalMetadataDir = metaDir
	cfg.LocalTargetsDir = filepath.Join(o.Dir, "entries")
	cfg.Fetcher = &tufFetcher{src: src, ctx: ctx}
	cfg.TimestampMaxLength = 16 << 10
	cfg.SnapshotMaxLength = 1 << 20
	cfg.TargetsMaxLength = 1 << 20
	cfg.RootMaxLength = 512 << 10
	up, err := updater.New(cfg)
	if err != nil {
		return nil, refuse("the root of trust: %s", explainTUF(err))
	}
	if o.Now != nil {
		up.UnsafeSetRefTime(o.Now())
	}
	return up, nil
}

// getJSON fetches a small blob (an index or a diff) and decodes it.
func (o Options) getJSON(ctx context.Context, src feedSource, ref feed.File, v any, rep *Report) error {
	data, err := src.get(ctx, feed.BlobPath(ref.Blob), ref.ZSize)
	if err != nil {
		return err
	}
	raw, err := feed.Decompress(data, ref)
	if err != nil {
		return err
	}
	return json.Unmarshal(raw, v)
}

// inBase reports whether the embedded tree already has this exact file.
func inBase(base fs.FS, p string, f feed.File) bool {
	if base == nil {
		return false
	}
	data, err := fs.ReadFile(base, p)
	return err == nil && feed.Hash(data) == f.SHA256
}

// buildTree is the embedded tree with each publisher's folder replaced by
// what the publisher released.
func buildTree(base fs.FS, st state, blobs *blobStore) (fs.FS, error) {
	tree := memfs.New()
	owned := func(p string) bool {
		for _, s := range st {
			if strings.HasPrefix(p, s.Scope) {
				return true
			}
		}
		return false
	}
	if base != nil {
		err := fs.WalkDir(base, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || owned(p) {
				return err
			}
			data, err := fs.ReadFile(base, p)
			tree.Add(p, data)
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	claimed := map[string]string{} // path → the publisher whose index has it
	var paths []string
	var files []feed.File
	for name, s := range st {
		for p, f := range s.Index {
			if other, ok := claimed[p]; ok {
				return nil, fmt.Errorf("%s is claimed by two publishers (%s and %s)", p, other, name)
			}
			claimed[p] = name
			if base != nil {
				if b, err := fs.ReadFile(base, p); err == nil && feed.Hash(b) == f.SHA256 {
					tree.Add(p, b)
					continue
				}
			}
			paths = append(paths, p)
			files = append(files, f)
		}
	}
	data, err := blobs.readAll(files)
	if err != nil {
		return nil, err
	}
	for i, p := range paths {
		tree.Add(p, data[i])
	}
	return tree, nil
}

func treeHash(st state) string {
	all := map[string]feed.File{}
	for _, s := range st {
		for p, f := range s.Index {
			all[p] = f
		}
	}
	return feed.IndexHash(all)
}

// blobStore keeps the compressed blobs of the installed content, checked,
// in one SQLite file beside the TUF metadata: what a later diff needs is
// then already here, and ten thousand blobs are one transaction rather
// than ten thousand files.
type blobStore struct {
	db      *sql.DB
	staging string
	mu      sync.Mutex
	pending map[string][]byte // fetched and checked, not yet committed
	raw     map[string][]byte // the decompressed bytes of pending, checked once
	stored  map[string]bool   // hashes in blobs.db, read once
}

func openBlobs(dir string) (*blobStore, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite3", "file:"+filepath.Join(dir, "blobs.db")+"?_journal_mode=WAL&_busy_timeout=5000")
	if err != nil {
		return nil, err
	}
	if _, err := db.Exec(`CREATE TABLE IF NOT EXISTS blob (hash TEXT PRIMARY KEY, data BLOB NOT NULL) WITHOUT ROWID`); err != nil {
		db.Close()
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, "blobs.db"), err)
	}
	b := &blobStore{db: db, staging: filepath.Join(dir, "staging"), pending: map[string][]byte{}, raw: map[string][]byte{}, stored: map[string]bool{}}
	rows, err := db.Query(`SELECT hash FROM blob`)
	if err != nil {
		db.Close()
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var h string
		if rows.Scan(&h) == nil {
			b.stored[h] = true
		}
	}
	return b, rows.Err()
}

func (b *blobStore) close() { b.db.Close() }

func (b *blobStore) has(f feed.File) bool {
	_, pending := b.pending[f.Blob]
	return pending || b.stored[f.Blob]
}

// readAll returns the decompressed bytes of each file, in order: from this
// sync's downloads, or from blobs.db, read in a few queries and
// decompressed on every core.
func (b *blobStore) readAll(files []feed.File) ([][]byte, error) {
	out := make([][]byte, len(files))
	compressed := make([][]byte, len(files))
	want := map[string][]int{} // blob → indexes of files that need it from blobs.db
	for i, f := range files {
		if raw, ok := b.raw[f.Blob]; ok {
			out[i] = raw
		} else if data, ok := b.pending[f.Blob]; ok {
			compressed[i] = data
		} else {
			want[f.Blob] = append(want[f.Blob], i)
		}
	}
	hashes := make([]any, 0, len(want))
	for h := range want {
		hashes = append(hashes, h)
	}
	const perQuery = 500 // well below SQLite's limit on parameters
	for len(hashes) > 0 {
		n := min(perQuery, len(hashes))
		rows, err := b.db.Query(`SELECT hash, data FROM blob WHERE hash IN (?`+strings.Repeat(", ?", n-1)+`)`, hashes[:n]...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var h string
			var data []byte
			if err := rows.Scan(&h, &data); err != nil {
				rows.Close()
				return nil, err
			}
			for _, i := range want[h] {
				compressed[i] = data
			}
			delete(want, h)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		hashes = hashes[n:]
	}
	for h := range want {
		return nil, fmt.Errorf("blob %s… is not stored on this device; the next update fetches it again", h[:12])
	}
	errs := make([]error, len(files))
	parallel.For(len(files), func(i int) {
		if out[i] == nil {
			out[i], errs[i] = feed.Decompress(compressed[i], files[i])
		}
	})
	for i, err := range errs {
		if err != nil {
			b.db.Exec(`DELETE FROM blob WHERE hash = ?`, files[i].Blob) // damaged here: the next sync fetches it again
			return nil, fmt.Errorf("%w; the next update fetches it again", err)
		}
	}
	return out, nil
}

// fetchWorkers is how many blobs are fetched at once: over a slow link with
// a long round trip, small blobs come in several times faster.
const fetchWorkers = 4

// fetchAll fetches need with fetchWorkers workers, reporting progress. The
// first failure stops the others; a cancelled context is returned as it is,
// any other failure as a refusal.
func (b *blobStore) fetchAll(parent context.Context, src feedSource, need []feed.File, prog Progress, report func(Progress)) error {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	var (
		mu    sync.Mutex
		first error
		next  int
		wg    sync.WaitGroup
	)
	for w := 0; w < fetchWorkers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				if first != nil || next == len(need) {
					mu.Unlock()
					return
				}
				f := need[next]
				next++
				mu.Unlock()
				err := b.fetch(ctx, src, f)
				mu.Lock()
				switch {
				case err != nil && first == nil:
					first = err
					cancel()
				case err == nil:
					prog.Files++
					prog.Bytes += f.ZSize
					if report != nil {
						report(prog)
					}
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if err := parent.Err(); err != nil {
		return err // cancelled by the reader: not a refusal
	}
	if first != nil && Unreachable(first) {
		return fmt.Errorf("fetch the update: %w", first) // the connection dropped: not a refusal
	}
	if first != nil {
		return refuse("%v", first)
	}
	return nil
}

// largeBlob is the size from which a blob is downloaded to a file, so that
// an interrupted download resumes; smaller ones are simply fetched again.
const largeBlob = 256 << 10

// fetch downloads a blob, checks its hash and decompression, and keeps it
// pending until commit. Large blobs land in a staging file first and resume
// with Range after an interruption; retries back off.
func (b *blobStore) fetch(ctx context.Context, src feedSource, f feed.File) error {
	var last error
	for attempt := 0; attempt < 4; attempt++ {
		if attempt > 0 {
			// Back off: 1 s, 2 s, 4 s; a slow, costly link is not hammered.
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(time.Duration(1<<(attempt-1)) * time.Second):
			}
		}
		var data []byte
		if f.ZSize < largeBlob {
			data, last = src.get(ctx, feed.BlobPath(f.Blob), f.ZSize)
		} else {
			data, last = b.resumable(ctx, src, f)
		}
		if errors.Is(last, errNotFound) || errors.Is(last, context.Canceled) {
			break
		}
		if last != nil {
			continue
		}
		if int64(len(data)) != f.ZSize || feed.Hash(data) != f.Blob {
			os.Remove(filepath.Join(b.staging, f.Blob+".part")) // never keep a corrupt download
			return fmt.Errorf("blob %s…: the downloaded bytes do not match the index", f.Blob[:12])
		}
		raw, err := feed.Decompress(data, f)
		if err != nil {
			return err
		}
		b.mu.Lock()
		b.pending[f.Blob], b.raw[f.Blob] = data, raw
		b.mu.Unlock()
		return nil
	}
	return fmt.Errorf("blob %s…: %w", f.Blob[:12], last)
}

func (b *blobStore) resumable(ctx context.Context, src feedSource, f feed.File) ([]byte, error) {
	if err := os.MkdirAll(b.staging, 0o700); err != nil {
		return nil, err
	}
	part := filepath.Join(b.staging, f.Blob+".part")
	fh, err := os.OpenFile(part, os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	st, err := fh.Stat()
	if err != nil {
		return nil, err
	}
	offset := st.Size()
	if offset > f.ZSize {
		offset = 0
		fh.Truncate(0)
	}
	if _, err := fh.Seek(offset, 0); err != nil {
		return nil, err
	}
	if err := src.resume(ctx, feed.BlobPath(f.Blob), fh, offset, f.ZSize); err != nil {
		return nil, err
	}
	return os.ReadFile(part)
}

// commit stores the pending blobs in one transaction and clears staging.
func (b *blobStore) commit() error {
	tx, err := b.db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	st, err := tx.Prepare(`INSERT OR REPLACE INTO blob (hash, data) VALUES (?, ?)`)
	if err != nil {
		return err
	}
	defer st.Close()
	for h, data := range b.pending {
		if _, err := st.Exec(h, data); err != nil {
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	b.pending = map[string][]byte{}
	os.RemoveAll(b.staging)
	return nil
}

// prune removes blobs no installed file refers to.
func (b *blobStore) prune(st state) {
	keep := map[string]bool{}
	for _, s := range st {
		for _, f := range s.Index {
			keep[f.Blob] = true
		}
	}
	rows, err := b.db.Query(`SELECT hash FROM blob`)
	if err != nil {
		return
	}
	var drop []string
	for rows.Next() {
		var h string
		if rows.Scan(&h) == nil && !keep[h] {
			drop = append(drop, h)
		}
	}
	rows.Close()
	for _, h := range drop {
		b.db.Exec(`DELETE FROM blob WHERE hash = ?`, h)
	}
}

// explainTUF turns go-tuf's errors into what a reader or editor can act on.
func explainTUF(err error) string {
	msg := err.Error()
	switch {
	case errors.As(err, new(*metadata.ErrExpiredMetadata)):
		return "the feed's signed metadata has expired (" + msg + "): it may be frozen by an attacker, or no longer maintained"
	case errors.As(err, new(*metadata.ErrBadVersionNumber)):
		return "the feed offers older metadata than this device already trusts (" + msg + "): a rollback"
	case errors.As(err, new(*metadata.ErrUnsignedMetadata)):
		return "a signature does not verify (" + msg + ")"
	case errors.As(err, new(*metadata.ErrLengthOrHashMismatch)):
		return "a file does not match its signed hash or length (" + msg + ")"
	}
	return msg
}
