package client

import (
	"io/fs"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"safar.app/safar/assets"
	"safar.app/safar/sync/feed"
)

// startNginx serves dir with Debian's nginx and sync/nginx/safar-feed.conf
// on a loopback port, and returns the feed's address. Without nginx the
// test is skipped, unless SAFAR_E2E=1 (set by make test) requires it.
func startNginx(t *testing.T, dir string) string {
	t.Helper()
	bin, err := exec.LookPath("nginx")
	if err != nil {
		if _, err := os.Stat("/usr/sbin/nginx"); err == nil {
			bin = "/usr/sbin/nginx"
		}
	}
	if bin == "" {
		if os.Getenv("SAFAR_E2E") == "1" {
			t.Fatal("nginx is not installed (make test installs it)")
		}
		t.Skip("nginx is not installed")
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	prefix := t.TempDir()
	os.MkdirAll(filepath.Join(prefix, "tmp"), 0o755)
	tmpl, err := os.ReadFile("../nginx/safar-feed.conf")
	if err != nil {
		t.Fatal(err)
	}
	conf := strings.NewReplacer("PREFIX", prefix, "LISTEN", addr, "FEED_ROOT", dir).Replace(string(tmpl))
	if os.Geteuid() == 0 {
		// Workers would run as nobody, who cannot read the test's 0700
		// temporary folders; in production the feed is world-readable.
		conf = "user root;\n" + conf
	}
	confPath := filepath.Join(prefix, "nginx.conf")
	os.WriteFile(confPath, []byte(conf), 0o644)
	cmd := exec.Command(bin, "-p", prefix, "-c", confPath, "-g", "daemon off;")
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	for i := 0; i < 50; i++ {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			return "http://" + addr
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("nginx did not start on %s", addr)
	return ""
}

// TestSyncOverNginx: a released feed served by nginx; a full first sync,
// then a one-article update, then nothing new, which costs at most two
// requests and 2 KB.
func TestSyncOverNginx(t *testing.T) {
	w := newWorld(t)
	url := startNginx(t, w.feedDir)
	rep, err := w.sync(url)
	if err != nil || len(rep.Changes) != 2 {
		t.Fatalf("first sync over HTTP: %+v, %v", rep, err)
	}
	full := rep.Bytes

	w.edit("de/_/health/seeing-a-doctor.en.md", "title = \"", "title = \"Over HTTP: ")
	w.release("germany")
	rep, err = w.sync(url)
	if err != nil || len(rep.Changes) != 1 || rep.Changes[0].BlobsFetched != 1 {
		t.Fatalf("update over HTTP: %+v, %v", rep, err)
	}
	if got := w.title("de-seeing-a-doctor"); !strings.HasPrefix(got, "Over HTTP: ") {
		t.Errorf("title = %q", got)
	}
	packBytes := packBlobBytes(t)
	t.Logf("one-article update: %d bytes over HTTP = %.2f%% of the whole pack's %d bytes, compressed (first sync: %d bytes)",
		rep.Bytes, 100*float64(rep.Bytes)/float64(packBytes), packBytes, full)
	if float64(rep.Bytes) > 0.02*float64(packBytes) {
		t.Errorf("a one-article update cost %d bytes, more than 2%% of %d", rep.Bytes, packBytes)
	}

	rep, err = w.sync(url)
	if err != nil || !rep.Unchanged {
		t.Fatalf("nothing new: %+v, %v", rep, err)
	}
	t.Logf("nothing new: %d requests, %d bytes", rep.Requests, rep.Bytes)
	if rep.Requests > 2 || rep.Bytes > 2048 {
		t.Errorf("nothing new cost %d requests and %d bytes; want at most 2 and 2 KB", rep.Requests, rep.Bytes)
	}
}

// packBlobBytes is the size of the whole default pack as blobs: what a
// full download of the content would cost.
func packBlobBytes(t *testing.T) int64 {
	var n int64
	err := fs.WalkDir(assets.Content(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(assets.Content(), p)
		n += int64(len(feed.Compress(data)))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}
