package client

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// fastRetries makes the waits between attempts short for a test.
func fastRetries(t *testing.T) {
	old := retryBase
	retryBase = 10 * time.Millisecond
	t.Cleanup(func() { retryBase = old })
}

// TestEveryFetchIsTriedAgain (issue 16 §7): the server drops the first
// request for every file (metadata, entries, indexes, blobs) — half of
// them by closing the connection, half with a 503. The sync completes,
// every file having been asked for again.
func TestEveryFetchIsTriedAgain(t *testing.T) {
	fastRetries(t)
	w := newWorld(t)
	w.edit("de/_/health/seeing-a-doctor.en.md", "title = \"", "title = \"Tried again: ")
	w.release("germany")
	files := http.FileServer(http.Dir(w.feedDir))
	var mu sync.Mutex
	asked := map[string]int{}
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		mu.Lock()
		asked[r.URL.Path]++
		n, k := asked[r.URL.Path], len(asked)
		mu.Unlock()
		if n == 1 && strings.Contains(r.URL.Path, ".") {
			if k%2 == 0 {
				rw.WriteHeader(http.StatusServiceUnavailable)
				return
			}
			conn, _, _ := rw.(http.Hijacker).Hijack()
			conn.Close() // a connection reset, as under load
			return
		}
		files.ServeHTTP(rw, r)
	}))
	defer srv.Close()

	rep, err := w.syncWith(Options{Feed: srv.URL})
	if err != nil {
		t.Fatalf("sync through a server that drops every first request: %v", err)
	}
	if len(rep.Changes) != 2 {
		t.Errorf("changes = %+v", rep.Changes)
	}
	if got := w.title("de-seeing-a-doctor"); !strings.HasPrefix(got, "Tried again: ") {
		t.Errorf("title = %q", got)
	}
	mu.Lock()
	defer mu.Unlock()
	var kinds []string
	for p, n := range asked {
		if n < 2 && !strings.HasSuffix(p, ".root.json") { // a root not yet made is a 404, asked once
			t.Errorf("%s was asked for %d time(s)", p, n)
		}
		for _, kind := range []string{"timestamp.json", "snapshot.json", "targets.json", "entry.json", ".zst"} {
			if strings.HasSuffix(p, kind) && !strings.Contains(strings.Join(kinds, " "), kind) {
				kinds = append(kinds, kind)
			}
		}
	}
	if len(kinds) != 5 {
		t.Errorf("files asked for were only of the kinds %v", kinds)
	}
}

// TestStalledTransferIsCutAndResumed (issue 16 §7): the first transfer of
// the timestamp sends a few bytes and then nothing, for as long as the
// test lasts. The client gives it up after the stall time and asks for
// the rest with a Range request; the sync completes.
func TestStalledTransferIsCutAndResumed(t *testing.T) {
	fastRetries(t)
	w := newWorld(t)
	files := http.FileServer(http.Dir(w.feedDir))
	release := make(chan struct{})
	var mu sync.Mutex
	var ranges []string
	first := true
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/timestamp.json") {
			mu.Lock()
			stall := first
			first = false
			ranges = append(ranges, r.Header.Get("Range"))
			mu.Unlock()
			if stall {
				rw.Header().Set("Content-Length", "100000")
				rw.WriteHeader(http.StatusOK)
				rw.Write([]byte("{\n"))
				rw.(http.Flusher).Flush()
				<-release // stalls until the test ends
				return
			}
		}
		files.ServeHTTP(rw, r)
	}))
	defer srv.Close()
	defer close(release)

	if _, err := w.syncWith(Options{Feed: srv.URL, Timeout: 300 * time.Millisecond}); err != nil {
		t.Fatalf("sync with a stalled transfer: %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(ranges) != 2 || ranges[1] != "bytes=2-" {
		t.Errorf("timestamp requests asked for %q, want the whole file, then the rest from byte 2", ranges)
	}
}

// TestBudgetEndsASyncThatCannotFinish (issue 16 §7): a server that answers
// every request and then sends nothing. The sync gives up within its
// budget with a network failure (not a refusal), and content.db is as it
// was.
func TestBudgetEndsASyncThatCannotFinish(t *testing.T) {
	fastRetries(t)
	w := newWorld(t)
	before := w.dbHash()
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		rw.WriteHeader(http.StatusOK)
		rw.(http.Flusher).Flush()
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)

	_, err := w.syncWith(Options{Feed: srv.URL, Timeout: 100 * time.Millisecond, Budget: 2 * time.Second})
	if err == nil || !Unreachable(err) || errors.As(err, new(*Refusal)) {
		t.Fatalf("sync from a stalled server = %v, want a network failure", err)
	}
	if !strings.Contains(err.Error(), "no data came") && !strings.Contains(err.Error(), "did not deliver within") {
		t.Errorf("message %q does not say the feed stalled", err)
	}
	if w.dbHash() != before {
		t.Error("content.db changed")
	}
}
