package client

import (
	"context"
	"errors"
	"io/fs"
	"sync"
	"time"

	"safar.app/safar/content/store"
)

// Config is what a Service syncs with: the same for every run.
type Config struct {
	Feed    string       // the feed this build updates from; "" if it has none
	Dir     string       // the sync folder: TUF metadata, blobs, partial downloads
	Root    []byte       // the root of trust shipped with the app
	Store   *store.Store // content.db
	Base    fs.FS        // the embedded content tree
	Shipped []byte       // the releases Base is a snapshot of
	Timeout time.Duration
	Now     func() time.Time // nil is the system clock
	// InstallBase installs the built-in pack alone (bundled.Install), for
	// a repair that cannot read the synced releases back.
	InstallBase func(*store.Store) error
}

// Service is the one owner of syncing in a running Safar: main builds one
// and hands it to the window and to `safar sync`. It runs one sync at a
// time, so an automatic check and "Check for updates" never write
// content.db or the sync folder at once.
type Service struct {
	cfg    Config
	mu     sync.Mutex
	cur    *run // the sync running now, if any
	queued int  // callers waiting for cur to end before their own run
}

// run is one sync and the callers waiting for it.
type run struct {
	feed      string // what it syncs from; "" for a source handed over, which nobody joins
	done      chan struct{}
	rep       Report
	err       error
	cancel    context.CancelFunc
	waiting   int  // callers still waiting; the last to give up cancels the run
	cancelled bool // no caller is left: nobody may join it
	listeners map[int]func(Progress)
	nextID    int
}

// ErrNoFeed is a sync asked of a build with no feed address.
var ErrNoFeed = errors.New("no feed to update from: this build has no feed address")

// ErrNoRoot is a sync asked of a build with no root of trust.
var ErrNoRoot = errors.New("this build carries no root of trust, so it cannot verify updates")

// NewService makes the sync service.
func NewService(c Config) *Service { return &Service{cfg: c} }

// CanVerify reports whether this build can verify updates at all.
func (s *Service) CanVerify() bool { return s.cfg.Root != nil && s.cfg.Dir != "" }

// Feed is the feed this build updates from, or "".
func (s *Service) Feed() string { return s.cfg.Feed }

// Verified reads when each publisher was last verified on this device.
func (s *Service) Verified() (map[string]Verification, error) { return Verified(s.cfg.Dir) }

// Sync brings content.db up to date with feed (a web address, folder or
// .zip file; "" is the build's own feed). progress, if set, is told how
// far the download is.
//
// A call made while a sync of the same feed runs joins it: it waits for
// that run and gets its result. A call for another feed waits until the
// running sync ends, then runs. Cancelling ctx stops this caller's wait
// at once with ctx's error; the run itself stops when every caller
// waiting for it has given up.
func (s *Service) Sync(ctx context.Context, feed string, progress func(Progress)) (Report, error) {
	if feed == "" {
		feed = s.cfg.Feed
	}
	if feed == "" {
		return Report{}, ErrNoFeed
	}
	return s.do(ctx, feed, func(o *Options) { o.Feed = feed }, progress)
}

// Recover is Sync with Options.Recover: the feed is verified again from
// the root shipped with the app, and each publisher's current release may
// replace a higher one installed. It is the reader's way out when updates
// keep being refused after the device took metadata or a release numbered
// far ahead; what is installed stays until a verified release replaces it.
// It waits its turn and is never joined.
func (s *Service) Recover(ctx context.Context, feed string, progress func(Progress)) (Report, error) {
	if feed == "" {
		feed = s.cfg.Feed
	}
	if feed == "" {
		return Report{}, ErrNoFeed
	}
	return s.do(ctx, "", func(o *Options) { o.Feed, o.Recover = feed, true }, progress)
}

// SyncSource is Sync from a source the caller opened, such as an archive
// read from a file a phone's picker handed over. It waits its turn and is
// never joined.
func (s *Service) SyncSource(ctx context.Context, src Source, progress func(Progress)) (Report, error) {
	return s.do(ctx, "", func(o *Options) { o.Source = src }, progress)
}

func (s *Service) do(ctx context.Context, feed string, set func(*Options), progress func(Progress)) (Report, error) {
	var probe Options
	set(&probe)
	if probe.repair == nil && !s.CanVerify() {
		return Report{}, ErrNoRoot // a repair needs no root; a sync does
	}
	for {
		s.mu.Lock()
		r := s.cur
		if r != nil && (feed == "" || r.feed != feed || r.cancelled) {
			// Another sync runs: wait for it to end, then try again.
			s.queued++
			s.mu.Unlock()
			select {
			case <-r.done:
			case <-ctx.Done():
			}
			s.mu.Lock()
			s.queued--
			s.mu.Unlock()
			if err := ctx.Err(); err != nil {
				return Report{}, err
			}
			continue
		}
		if r == nil {
			r = s.start(feed, set)
		}
		r.waiting++
		id := r.nextID
		r.nextID++
		if progress != nil {
			r.listeners[id] = progress
		}
		s.mu.Unlock()
		return s.wait(ctx, r, id)
	}
}

// start begins a run; s.mu is held.
func (s *Service) start(feed string, set func(*Options)) *run {
	ctx, cancel := context.WithCancel(context.Background())
	r := &run{feed: feed, done: make(chan struct{}), cancel: cancel, listeners: map[int]func(Progress){}}
	s.cur = r
	o := Options{Dir: s.cfg.Dir, Root: s.cfg.Root, Store: s.cfg.Store, Base: s.cfg.Base,
		Shipped: s.cfg.Shipped, Timeout: s.cfg.Timeout, Now: s.cfg.Now, InstallBase: s.cfg.InstallBase}
	set(&o)
	o.Progress = func(p Progress) {
		s.mu.Lock()
		ls := make([]func(Progress), 0, len(r.listeners))
		for _, l := range r.listeners {
			ls = append(ls, l)
		}
		s.mu.Unlock()
		for _, l := range ls {
			l(p)
		}
	}
	go func() {
		rep, err := Sync(ctx, o)
		cancel()
		s.mu.Lock()
		r.rep, r.err = rep, err
		s.cur = nil
		s.mu.Unlock()
		close(r.done)
	}()
	return r
}

// wait waits for r on behalf of the caller id.
func (s *Service) wait(ctx context.Context, r *run, id int) (Report, error) {
	select {
	case <-r.done:
		return r.rep, r.err
	case <-ctx.Done():
		s.mu.Lock()
		delete(r.listeners, id)
		r.waiting--
		if r.waiting == 0 {
			r.cancelled = true
			r.cancel()
		}
		s.mu.Unlock()
		return Report{}, ctx.Err()
	}
}
