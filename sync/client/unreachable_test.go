package client

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"safar.app/safar/assets"
	"safar.app/safar/internal/packtest"
)

// TestUnreachableFeedIsNoRefusal: a feed that cannot be reached (a closed
// port, a name that does not resolve, a server that never answers or
// answers 503) fails
// the sync as unreachable, never as a refusal, so the reader is not told
// the update was tampered with when they are only offline.
func TestUnreachableFeedIsNoRefusal(t *testing.T) {
	fastRetries(t) // the kind of failure is the point, not the waits between attempts
	closed := func() string {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := l.Addr().String()
		l.Close()
		return "http://" + addr
	}()
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(2 * time.Second)
	}))
	defer slow.Close()
	down := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "maintenance", http.StatusServiceUnavailable)
	}))
	defer down.Close()
	for _, feed := range []string{closed, "http://safar-feed.invalid", slow.URL, down.URL} {
		dir := t.TempDir()
		cs, err := packtest.Open(filepath.Join(dir, "content.db"))
		if err != nil {
			t.Fatal(err)
		}
		_, err = Sync(context.Background(), Options{Feed: feed, Dir: filepath.Join(dir, "sync"), Root: assets.TrustRoot(),
			Store: cs, Base: assets.Content(), Shipped: assets.ShippedReleases(), Timeout: 300 * time.Millisecond})
		cs.Close()
		if err == nil || !Unreachable(err) || errors.As(err, new(*Refusal)) {
			t.Errorf("%s: err = %v (unreachable %v); want unreachable, not refused", feed, err, Unreachable(err))
		}
	}
}
