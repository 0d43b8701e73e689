// Package client fetches signed content updates and applies them: it
// refreshes the feed's TUF metadata (go-tuf), takes each publisher's entry
// that TUF proves, fetches the diff or index and the changed blobs (package
// feed), checks everything, and installs the result through the same
// install.Tree the embedded pack uses, in one transaction. What is refused
// leaves content.db as it was.
//
// The files hold one job each: client.go the steps of a sync, source*.go
// where a feed is read from, tuf.go what TUF proves, fetch.go downloads
// and their retries, blobs.go the blobs kept on the device, verified.go
// when each publisher was last proved current, and service.go the one
// owner that runs syncs one at a time.
package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log"
	"slices"
	"sort"
	"strings"
	"time"

	"safar.app/safar/content"
	"safar.app/safar/content/install"
	"safar.app/safar/content/store"
	"safar.app/safar/sync/feed"
)

// Options say where to sync from and into.
type Options struct {
	// Source is where the feed is read from. If nil, Feed names it: an
	// https:// or http:// address, a folder, or a .zip of a feed.
	Source Source
	Feed   string
	Dir    string       // the client's folder: TUF metadata, blobs, partial downloads
	Root   []byte       // the root of trust shipped with the app (1.root.json)
	Store  *store.Store // content.db
	Base   fs.FS        // the embedded content tree: what the feed's publishers replace parts of
	// Shipped are the feed's releases the embedded tree is a snapshot of
	// (assets/trust/releases.json). While the embedded pack is installed,
	// each one whose files Base holds unchanged counts as installed, so
	// the first sync fetches a diff, or nothing, rather than full indexes.
	Shipped []byte
	// Timeout is how long a web transfer may deliver no byte before it is
	// given up and tried again (DefaultStall if zero).
	Timeout time.Duration
	// Budget is how long the whole sync may take, retries included
	// (DefaultBudget if zero): a link that never recovers ends in a
	// network failure, not a wait without end.
	Budget time.Duration
	// Progress, if set, is told how far the download is.
	Progress func(Progress)
	// Now is the clock TUF checks expiry against; nil is the system clock.
	Now func() time.Time
	// Recover verifies the feed again from Root, the root shipped with
	// the app, forgetting the TUF metadata the device trusts now, and lets
	// each publisher's current release replace a higher one installed.
	// It is the way out for a device that took metadata or a sequence
	// number far in the future (issue 16 §2). content.db and the blobs
	// stay: what is installed remains until a verified release replaces it.
	Recover bool
	// InstallBase installs the built-in pack alone into a store, as the
	// first run does (bundled.Install); a repair uses it when no synced
	// release can be read back. If nil, Base is installed as "embedded".
	InstallBase func(*store.Store) error

	repair *RepairReport // set: repair content.db rather than sync (Service.Repair)
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
	Changes []Change
	// Refused are the publishers whose release was refused: each keeps
	// its last good content on the device, and the others' updates
	// install all the same. Sync then also returns a *Refusal.
	Refused   []Refused
	Unchanged bool  // nothing new: the timestamp said so
	Bytes     int64 // read from the source
	Requests  int   // files opened on the source
}

// Refused is one publisher's release that was refused.
type Refused struct {
	Publisher string
	Scope     string // its folder, such as "de/berlin/"
	Reason    error
}

func (r Refused) Error() string { return "from " + r.Publisher + ": " + r.Reason.Error() }
func (r Refused) Unwrap() error { return r.Reason }

// Refusal is a sync that was refused. When Publishers is set, the refusal
// is theirs alone: what they published before stays installed, and the
// other publishers' updates were installed (the Report's Changes).
// Otherwise nothing was installed.
type Refusal struct {
	Reason     error
	Publishers []Refused
}

func (r *Refusal) Error() string {
	if len(r.Publishers) > 0 {
		return "update refused " + r.Reason.Error() // "from berlin: …"
	}
	return "update refused: " + r.Reason.Error()
}
func (r *Refusal) Unwrap() error { return r.Reason }

func refuse(format string, a ...any) error { return &Refusal{Reason: fmt.Errorf(format, a...)} }

// refusedPublishers is the error of a sync that refused some publishers.
func refusedPublishers(rs []Refused) error {
	errs := make([]error, len(rs))
	for i, r := range rs {
		errs[i] = r
	}
	return &Refusal{Reason: joined(errs), Publishers: rs}
}

// joined is errors.Join with the parts on one line, separated by "; ".
type joined []error

func (j joined) Error() string {
	parts := make([]string, len(j))
	for i, e := range j {
		parts[i] = e.Error()
	}
	return strings.Join(parts, "; ")
}
func (j joined) Unwrap() []error { return j }

// Sync brings content.db up to date with the feed.
func Sync(ctx context.Context, o Options) (Report, error) {
	if o.repair != nil {
		return Report{}, o.repairContent(ctx, o.repair)
	}
	if o.Timeout == 0 {
		o.Timeout = DefaultStall
	}
	if o.Budget == 0 {
		o.Budget = DefaultBudget
	}
	parent := ctx
	ctx, cancel := context.WithTimeout(ctx, o.Budget)
	defer cancel()
	if o.Source == nil {
		src, closeSource, err := OpenSource(o.Feed, o.Timeout)
		if err != nil {
			return Report{}, err
		}
		defer func() {
			if err := closeSource(); err != nil {
				log.Printf("sync: close %s: %v", o.Feed, err) // it was only read
			}
		}()
		o.Source = src
	}
	if _, ok := o.Source.(remote); ok {
		o.Source = &patient{Source: o.Source, stall: o.Timeout}
	}
	rep, err := o.sync(ctx)
	if err != nil && errors.Is(err, context.DeadlineExceeded) && parent.Err() == nil {
		err = fmt.Errorf("the feed did not deliver within the %s a sync may take: %w", o.Budget, err)
	}
	if err == nil && len(rep.Refused) > 0 {
		err = refusedPublishers(rep.Refused)
	}
	return rep, err
}

// The defaults of Options.Timeout and Options.Budget.
const (
	DefaultStall  = 20 * time.Second
	DefaultBudget = 15 * time.Minute
)

// onPhase, when set, is told as each phase of a sync begins: "metadata",
// "entries", "blobs", "install" and "committed". The crash test's child
// process reports them, so that the test knows where each kill landed.
var onPhase func(name string)

func enter(phase string) {
	if onPhase != nil {
		onPhase(phase)
	}
}

// sync is the steps of one sync, each in its own function. Each
// publisher is verified and applied on its own: one that is refused keeps
// its last good content and joins rep.Refused, and blocks no one else.
func (o Options) sync(ctx context.Context) (rep Report, err error) {
	src := &counted{Source: o.Source}
	defer func() { rep.Bytes, rep.Requests = src.bytes.Load(), int(src.opens.Load()) }()

	installed, err := o.installed()
	if err != nil {
		return rep, err
	}
	if o.Recover {
		if err := forgetTrust(o.Dir); err != nil {
			return rep, err
		}
	}
	enter("metadata")
	trust, err := openTrust(ctx, src, o.Dir, o.Root, o.Now)
	if err != nil {
		return rep, err
	}
	publishers, err := trust.publishers()
	if err != nil {
		return rep, err
	}
	if installed == nil {
		installed = o.shipped(publishers)
	}
	enter("entries")
	updates, verified, refused, err := o.resolve(ctx, src, trust, publishers, installed)
	if err != nil {
		return rep, err
	}
	rep.Refused = refused
	updates, rep.Refused = unclaimed(updates, installed, rep.Refused)
	if len(updates) == 0 {
		o.recordVerified(verified, rep.Refused)
		rep.Unchanged = len(rep.Refused) == 0
		return rep, nil
	}

	blobs, err := openBlobs(o.Dir)
	if err != nil {
		return rep, err
	}
	defer func() {
		if err := blobs.close(); err != nil {
			log.Printf("sync: close %s: %v", blobs.path, err)
		}
	}()
	need := o.missing(blobs, updates)
	enter("blobs")
	failed, err := fetchAll(ctx, src, blobs, need, o.Progress)
	if err != nil {
		return rep, err
	}
	updates, rep.Refused = withoutFailedBlobs(updates, failed, rep.Refused)
	enter("install")
	next, err := o.installEach(src, blobs, installed, &updates, &rep.Refused)
	if err != nil {
		return rep, err
	}
	enter("committed")
	for _, u := range updates {
		rep.Changes = append(rep.Changes, u.change)
	}
	sort.Slice(rep.Changes, func(i, j int) bool { return rep.Changes[i].Publisher < rep.Changes[j].Publisher })
	sort.Slice(rep.Refused, func(i, j int) bool { return rep.Refused[i].Publisher < rep.Refused[j].Publisher })

	// The content is installed; what follows only tidies up.
	if len(updates) > 0 {
		if err := blobs.prune(next); err != nil {
			log.Printf("sync: drop unused blobs from %s (they only take space; the next sync tries again): %v", blobs.path, err)
		}
	}
	o.recordVerified(verified, rep.Refused)
	return rep, nil
}

// installed is the releases content.db holds, or nil while it holds the
// embedded pack.
func (o Options) installed() (feed.Releases, error) {
	info, err := o.Store.Installed()
	if err != nil {
		return nil, fmt.Errorf("read the installed content: %w", err)
	}
	return info.Feed, nil
}

// shipped are the releases of Shipped that Base holds exactly and that
// the feed delegates as they were. A record that does not parse, a
// release whose files differ from Base (content edited after the
// snapshot), and a publisher the synced feed does not have (another feed)
// are left out: that publisher's first sync then takes the full index,
// which is slower but as safe.
func (o Options) shipped(publishers []publisher) feed.Releases {
	st := feed.Releases{}
	if o.Shipped == nil || o.Base == nil {
		return st
	}
	var all feed.Releases
	if err := json.Unmarshal(o.Shipped, &all); err != nil {
		log.Printf("sync: the shipped releases do not parse (the first sync takes full indexes): %v", err)
		return st
	}
	for _, p := range publishers {
		if r, ok := all[p.name]; ok && r.Scope == p.scope && r.Matches(o.Base) {
			st[p.name] = r
		}
	}
	return st
}

// update is a publisher's release that the device does not have yet.
type update struct {
	publisher string
	feed.Update
	change Change
}

// resolve asks each publisher's entry what is new, fetching the diffs or
// indexes that say so. It also returns which releases were proved
// current, and the publishers whose release was refused. Only a feed that
// cannot be read is an error for the whole sync.
func (o Options) resolve(ctx context.Context, src Source, trust *trust, publishers []publisher, installed feed.Releases) ([]update, map[string]Verification, []Refused, error) {
	now := time.Now()
	if o.Now != nil {
		now = o.Now()
	}
	get := func(ref feed.File) ([]byte, error) {
		data, err := read(ctx, src, feed.BlobPath(ref.Blob), ref.ZSize)
		if err != nil {
			return nil, err
		}
		return feed.Decompress(data, ref)
	}
	var updates []update
	var refused []Refused
	verified := map[string]Verification{}
	root := trust.rootVersion()
	for _, p := range publishers {
		u, e, err := o.resolveOne(trust, p, root, installed, get)
		if err != nil {
			if ctx.Err() != nil {
				return nil, nil, nil, ctx.Err()
			}
			if Unreachable(err) {
				return nil, nil, nil, fmt.Errorf("read the feed: %w", err) // nothing was checked
			}
			refused = append(refused, Refused{Publisher: p.name, Scope: p.scope, Reason: unrefused(err)})
			continue
		}
		if e == nil {
			continue // a publisher with no release yet
		}
		verified[p.name] = Verification{Scope: p.scope, Sequence: e.Sequence, At: now}
		if u != nil {
			updates = append(updates, *u)
		}
	}
	return updates, verified, refused, nil
}

// resolveOne is resolve for one publisher: its entry (nil if it has
// released nothing) and its update (nil if nothing is new).
func (o Options) resolveOne(trust *trust, p publisher, root int64, installed feed.Releases, get func(feed.File) ([]byte, error)) (*update, *feed.Entry, error) {
	e, err := trust.entry(p)
	if err != nil || e == nil {
		return nil, nil, err
	}
	old, had := installed[p.name]
	had = had && old.Scope == p.scope
	var from *feed.Release
	if had {
		from = &old
	}
	if had && e.Sequence < old.Sequence && o.floorReset(old, p, root) {
		// The installed sequence no longer binds: take the current
		// release whole, as on a first sync.
		from = nil
	}
	u, err := e.Resolve(p.scope, from, get)
	if err != nil {
		return nil, nil, err
	}
	u.Release.Keys, u.Release.Root = p.keys, root
	if u.Unchanged {
		return nil, e, nil
	}
	ch := Change{Publisher: p.name, From: old.Sequence, To: e.Sequence, Removed: len(u.Removed), FullIndex: u.FullIndex}
	if !had {
		ch.From = 0
	}
	for path, f := range u.Set {
		// The first sync counts what differs from the embedded pack.
		if had || !feed.InBase(o.Base, path, f) {
			ch.Set++
		}
	}
	return &update{publisher: p.name, Update: u, change: ch}, e, nil
}

// floorReset reports whether old's sequence no longer binds p: the feed
// trusts p with other keys than when old was installed (the publisher
// rotated or revoked its key), the root has changed since, or the reader
// asked to recover. These are the ways out of a sequence that a stolen
// key pushed far ahead; none of them is in an attacker's hands without
// the offline targets or root keys, or the reader.
func (o Options) floorReset(old feed.Release, p publisher, root int64) bool {
	return o.Recover || (len(old.Keys) > 0 && !slices.Equal(old.Keys, p.keys)) || (old.Root > 0 && root > old.Root)
}

// unrefused is the reason inside a *Refusal, so that a publisher's
// reason does not say "update refused" twice.
func unrefused(err error) error {
	var r *Refusal
	if errors.As(err, &r) && len(r.Publishers) == 0 {
		return r.Reason
	}
	return err
}

// unclaimed refuses an update that lists a file another publisher holds
// (folders may nest: de/ and de/berlin/): the file would have two
// owners. The other publisher keeps it.
func unclaimed(updates []update, installed feed.Releases, refused []Refused) ([]update, []Refused) {
	owner := map[string]string{} // path → publisher, as things will stand
	for name, r := range installed {
		for p := range r.Index {
			owner[p] = name
		}
	}
	for _, u := range updates {
		for p := range installed[u.publisher].Index {
			if owner[p] == u.publisher {
				delete(owner, p)
			}
		}
	}
	var kept []update
	for _, u := range updates {
		var clash string
		for p := range u.Release.Index {
			if other, ok := owner[p]; ok && other != u.publisher && (clash == "" || p < clash) {
				clash = p
			}
		}
		if clash != "" {
			refused = append(refused, Refused{Publisher: u.publisher, Scope: u.Release.Scope,
				Reason: fmt.Errorf("%q is already published by %s", clash, owner[clash])})
			continue
		}
		for p := range u.Release.Index {
			owner[p] = u.publisher
		}
		kept = append(kept, u)
	}
	return kept, refused
}

// withoutFailedBlobs refuses the updates that need a blob which failed its
// checks.
func withoutFailedBlobs(updates []update, failed map[string]error, refused []Refused) ([]update, []Refused) {
	if len(failed) == 0 {
		return updates, refused
	}
	var kept []update
	for _, u := range updates {
		var why error
		for _, f := range u.Release.Index {
			if err := failed[f.Blob]; err != nil {
				why = err
				break
			}
		}
		if why != nil {
			refused = append(refused, Refused{Publisher: u.publisher, Scope: u.Release.Scope, Reason: why})
			continue
		}
		kept = append(kept, u)
	}
	return kept, refused
}

// missing are the blobs the updates need that neither the device nor the
// embedded tree has; each update's change counts its own.
func (o Options) missing(blobs *blobStore, updates []update) []feed.File {
	var need []feed.File
	seen := map[string]bool{}
	for i, u := range updates {
		for p, f := range u.Release.Index {
			if seen[f.Blob] || blobs.has(f) || feed.InBase(o.Base, p, f) {
				continue
			}
			seen[f.Blob] = true
			need = append(need, f)
			updates[i].change.BlobsFetched++
			updates[i].change.BlobBytesFetch += f.ZSize
		}
	}
	return need
}

// installEach installs the updates over the installed releases. When the
// whole pack is refused, the publishers whose files the problems name are
// refused and the rest is tried again; a problem that names no updated
// publisher's file refuses every update. It returns the releases now
// installed; *updates and *refused are left saying what happened.
func (o Options) installEach(src Source, blobs *blobStore, installed feed.Releases, updates *[]update, refused *[]Refused) (feed.Releases, error) {
	for len(*updates) > 0 {
		next := feed.Releases{}
		for name, r := range installed {
			next[name] = r
		}
		for _, u := range *updates {
			next[u.publisher] = u.Release
		}
		err := o.install(src, blobs, next)
		var r *Refusal
		if !errors.As(err, &r) {
			return next, err // installed, or a failure to write: not the feed's doing
		}
		culprits := culprits(r, *updates)
		var kept []update
		for _, u := range *updates {
			if culprits == nil || culprits[u.publisher] {
				*refused = append(*refused, Refused{Publisher: u.publisher, Scope: u.Release.Scope, Reason: r.Reason})
			} else {
				kept = append(kept, u)
			}
		}
		*updates = kept
	}
	return installed, nil
}

// culprits are the updated publishers whose files a refused install
// names, or nil when it names none of them.
func culprits(r *Refusal, updates []update) map[string]bool {
	var problems *content.ProblemError
	if !errors.As(r, &problems) {
		return nil
	}
	out := map[string]bool{}
	for _, p := range problems.Problems {
		file, _, _ := strings.Cut(p.Where, ":")
		for _, u := range updates {
			if strings.HasPrefix(file, u.Release.Scope) {
				out[u.publisher] = true
			}
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// install assembles the whole tree, checks it with the loader editors
// use, and installs it with its record in one transaction. The blobs are
// kept before the content is installed: a crash between the two leaves
// blobs a later sync can use, never content without them.
func (o Options) install(src Source, blobs *blobStore, next feed.Releases) error {
	tree, err := feed.Assemble(o.Base, next, blobs.readAll)
	if err != nil {
		return refuse("%w", err)
	}
	var commitErr error
	err = install.Tree(o.Store, tree, store.PackInfo{Origin: src.String(), Sequence: next.Sequence(), Hash: next.TreeHash(), Feed: next},
		func() error { commitErr = blobs.commit(); return commitErr })
	if commitErr != nil {
		return commitErr
	}
	if err != nil {
		return refuse("%w", err)
	}
	return nil
}

// recordVerified keeps when each publisher was proved current; it only
// feeds the "last verified" lines in Settings, so a failure is logged. A
// refused publisher was not proved current.
func (o Options) recordVerified(v map[string]Verification, refused []Refused) {
	for _, r := range refused {
		delete(v, r.Publisher)
	}
	if err := recordVerified(o.Dir, v); err != nil {
		log.Printf("sync: record when each region was verified (%s): %v", o.Dir, err)
	}
}
