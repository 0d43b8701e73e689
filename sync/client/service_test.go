package client

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"safar.app/safar/assets"
)

func (w *world) service(feed string) *Service {
	return NewService(Config{Feed: feed, Dir: w.dataDir, Root: w.root, Store: w.store, Base: assets.Content()})
}

// until polls cond, which the service's own state makes true, failing
// after a generous time rather than hanging.
func until(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("timed out waiting until %s", what)
}

// gatedServer serves the feed, holding every timestamp.json request until
// open is closed, and counts them.
func gatedServer(t *testing.T, dir string) (url string, entered <-chan struct{}, open chan struct{}, timestamps *atomic.Int32) {
	in := make(chan struct{}, 16)
	open = make(chan struct{})
	timestamps = new(atomic.Int32)
	files := http.FileServer(http.Dir(dir))
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/timestamp.json") {
			timestamps.Add(1)
			in <- struct{}{}
			<-open
		}
		files.ServeHTTP(rw, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL, in, open, timestamps
}

// TestServiceJoinsARunningSync: "Check for updates" tapped while the
// automatic check of the same feed runs joins it: one sync, one result.
func TestServiceJoinsARunningSync(t *testing.T) {
	w := newWorld(t)
	url, entered, open, timestamps := gatedServer(t, w.feedDir)
	s := w.service(url)

	type result struct {
		rep Report
		err error
	}
	results := make(chan result, 2)
	call := func(feed string) {
		rep, err := s.Sync(context.Background(), feed, nil)
		results <- result{rep, err}
	}
	go call("") // the build's feed: the same address
	<-entered
	go call(url)
	until(t, "the second call has joined", func() bool {
		s.mu.Lock()
		defer s.mu.Unlock()
		return s.cur != nil && s.cur.waiting == 2
	})
	close(open)
	a, b := <-results, <-results
	if a.err != nil || b.err != nil {
		t.Fatalf("errors: %v, %v", a.err, b.err)
	}
	if len(a.rep.Changes) != 2 || len(b.rep.Changes) != 2 {
		t.Errorf("both callers should get the first sync's report: %+v and %+v", a.rep, b.rep)
	}
	if n := timestamps.Load(); n != 1 {
		t.Errorf("timestamp.json was fetched %d times, want 1: the second call ran a sync of its own", n)
	}
}

// gate is a source whose first Open waits until open is closed, and which
// logs every Open in a shared log.
type gate struct {
	Source
	name    string
	log     *[]string
	mu      *sync.Mutex
	entered chan struct{}
	open    chan struct{}
	once    sync.Once
}

func (g *gate) Open(ctx context.Context, name string, offset int64) (io.ReadCloser, error) {
	g.mu.Lock()
	*g.log = append(*g.log, g.name)
	g.mu.Unlock()
	g.once.Do(func() {
		close(g.entered)
		select {
		case <-g.open:
		case <-ctx.Done():
		}
	})
	return g.Source.Open(ctx, name, offset)
}

// TestServiceRunsOneSyncAtATime: an update imported from a file while a
// sync runs waits for it, and then runs: never two at once.
func TestServiceRunsOneSyncAtATime(t *testing.T) {
	w := newWorld(t)
	s := w.service("")
	var log []string
	var mu sync.Mutex
	newGate := func(name string) *gate {
		return &gate{Source: NewFolderSource(w.feedDir), name: name, log: &log, mu: &mu,
			entered: make(chan struct{}), open: make(chan struct{})}
	}
	first, second := newGate("first"), newGate("second")
	close(second.open)
	errs := make(chan error, 2)
	go func() { _, err := s.SyncSource(context.Background(), first, nil); errs <- err }()
	<-first.entered
	go func() { _, err := s.SyncSource(context.Background(), second, nil); errs <- err }()
	until(t, "the second sync waits its turn", func() bool {
		s.mu.Lock()
		defer s.mu.Unlock()
		return s.queued == 1
	})
	close(first.open)
	for range 2 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	last := 0
	for i, name := range log {
		if name == "first" {
			last = i
		}
	}
	for _, name := range log[:last] {
		if name == "second" {
			t.Fatalf("the second sync read its source while the first ran: %v", log)
		}
	}
	if log[len(log)-1] != "second" {
		t.Fatalf("the second sync did not run after the first: %v", log)
	}
}

// TestServiceCancel: a caller that gives up gets its context's error at
// once; the run goes on for the others, and stops when nobody waits.
func TestServiceCancel(t *testing.T) {
	w := newWorld(t)
	url, entered, open, _ := gatedServer(t, w.feedDir)
	s := w.service(url)

	ctx, cancel := context.WithCancel(context.Background())
	kept := make(chan error, 1)
	go func() { _, err := s.Sync(context.Background(), "", nil); kept <- err }()
	<-entered
	gaveUp := make(chan error, 1)
	go func() { _, err := s.Sync(ctx, "", nil); gaveUp <- err }()
	until(t, "the second call has joined", func() bool {
		s.mu.Lock()
		defer s.mu.Unlock()
		return s.cur != nil && s.cur.waiting == 2
	})
	cancel()
	if err := <-gaveUp; !errors.Is(err, context.Canceled) {
		t.Fatalf("the caller that gave up got %v, want context.Canceled", err)
	}
	close(open)
	if err := <-kept; err != nil {
		t.Fatalf("the run stopped for the caller that stayed: %v", err)
	}

	// Alone, a caller that gives up stops the run; content.db is as it was.
	w.edit("de/_/health/seeing-a-doctor.en.md", "title = \"", "title = \"Updated: ")
	w.release("germany")
	before := w.dbHash()
	url2, entered2, open2, _ := gatedServer(t, w.feedDir)
	defer close(open2)
	ctx, cancel = context.WithCancel(context.Background())
	alone := make(chan error, 1)
	go func() { _, err := s.Sync(ctx, url2, nil); alone <- err }()
	<-entered2
	cancel()
	if err := <-alone; !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
	until(t, "the cancelled run has ended", func() bool {
		s.mu.Lock()
		defer s.mu.Unlock()
		return s.cur == nil
	})
	if w.dbHash() != before {
		t.Error("a cancelled sync changed content.db")
	}
}

// TestServiceWithoutRoot: a build with no root of trust syncs nothing.
func TestServiceWithoutRoot(t *testing.T) {
	s := NewService(Config{Dir: t.TempDir()})
	if s.CanVerify() {
		t.Fatal("CanVerify without a root")
	}
	if _, err := s.Sync(context.Background(), "https://example.org/feed", nil); !errors.Is(err, ErrNoRoot) {
		t.Fatalf("got %v, want ErrNoRoot", err)
	}
	s = NewService(Config{Dir: t.TempDir(), Root: []byte("{}")})
	if _, err := s.Sync(context.Background(), "", nil); !errors.Is(err, ErrNoFeed) {
		t.Fatalf("got %v, want ErrNoFeed", err)
	}
}
