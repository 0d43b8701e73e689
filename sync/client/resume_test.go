package client

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// TestResumeCutDownload: a 5 MB blob is cut off at half way; the retry
// asks for the rest with Range and transfers at most 55% of the blob.
func TestResumeCutDownload(t *testing.T) {
	w := newWorld(t)
	w.syncOK()
	// An article with 7 MB of random text compresses to a blob of about 5 MB.
	noise := make([]byte, 5<<20)
	rand.Read(noise)
	body := base64.StdEncoding.EncodeToString(noise)
	article := "+++\nid = \"de-big\"\nkind = \"living\"\nstages = [\"settling-in\"]\ntitle = \"Big\"\nsummary = \"Big.\"\n" +
		"publisher = \"Test\"\nsource = \"https://www.example.org\"\nreviewed_on = 2026-11-20\nreview_by = 2099-01-01\n" +
		"status = \"original\"\n+++\n" + body + "\n"
	os.WriteFile(filepath.Join(w.tree, "de", "_", "living", "big.en.md"), []byte(article), 0o644)
	rep := w.release("germany")
	big := blobOf(t, w.feedDir, "germany", rep.Sequence, "de/_/living/big.en.md")
	t.Logf("blob of %d bytes", big.ZSize)
	if big.ZSize < 5<<20 {
		t.Fatalf("the blob is only %d bytes", big.ZSize)
	}

	var cut int32
	var served []int64 // bytes of the blob sent by each request
	files := http.FileServer(http.Dir(w.feedDir))
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if !strings.HasSuffix(r.URL.Path, big.Blob+".zst") {
			files.ServeHTTP(rw, r)
			return
		}
		if atomic.AddInt32(&cut, 1) == 1 {
			// Send half, then drop the connection, as a phone losing signal.
			data, _ := os.ReadFile(filepath.Join(w.feedDir, "blobs", big.Blob+".zst"))
			half := len(data) / 2
			rw.Header().Set("Content-Length", fmt.Sprint(len(data)))
			rw.WriteHeader(http.StatusOK)
			rw.Write(data[:half])
			served = append(served, int64(half))
			rw.(http.Flusher).Flush()
			conn, _, _ := rw.(http.Hijacker).Hijack()
			conn.Close()
			return
		}
		cw := &countingWriter{ResponseWriter: rw}
		files.ServeHTTP(cw, r)
		served = append(served, cw.n)
	}))
	defer srv.Close()

	if _, err := w.sync(srv.URL); err != nil {
		t.Fatal(err)
	}
	if len(served) != 2 {
		t.Fatalf("the blob was requested %d times, want 2 (cut, then resumed)", len(served))
	}
	t.Logf("first request %d bytes (cut), retry %d bytes = %.1f%% of the blob", served[0], served[1], 100*float64(served[1])/float64(big.ZSize))
	if float64(served[1]) > 0.55*float64(big.ZSize) {
		t.Errorf("the retry transferred %d bytes, more than 55%% of %d", served[1], big.ZSize)
	}
	if got := w.title("de-big"); got != "Big" {
		t.Errorf("the big article did not arrive: %q", got)
	}
}

type countingWriter struct {
	http.ResponseWriter
	n int64
}

func (c *countingWriter) Write(b []byte) (int, error) {
	n, err := c.ResponseWriter.Write(b)
	c.n += int64(n)
	return n, err
}
