package client

import (
	"context"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"safar.app/safar/assets"
	"safar.app/safar/content/store"
	"safar.app/safar/sync/feed"
)

// startNginx serves dir with Debian's nginx and sync/nginx/safar-feed.conf
// on a loopback port, and returns the feed's address. Without nginx the
// test is skipped, unless SAFAR_E2E=1 (set by make test) requires it.
func startNginx(t *testing.T, dir string) string {
	t.Helper()
	url, _, _ := runNginx(t, dir)
	return url
}

// runNginx is startNginx that also returns nginx's process group id and
// its prefix folder, which holds its access.log.
func runNginx(t *testing.T, dir string) (url string, pgid int, prefix string) {
	t.Helper()
	return runNginxWith(t, dir, "")
}

// runNginxWith is runNginx with extra directives in the http block (a
// test slows transfers down with limit_rate).
func runNginxWith(t *testing.T, dir, extra string) (url string, pgid int, prefix string) {
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
		return "", 0, ""
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	prefix = t.TempDir()
	os.MkdirAll(filepath.Join(prefix, "tmp"), 0o755)
	tmpl, err := os.ReadFile("../nginx/safar-feed.conf")
	if err != nil {
		t.Fatal(err)
	}
	conf := strings.NewReplacer("PREFIX", prefix, "LISTEN", addr, "FEED_ROOT", dir).Replace(string(tmpl))
	if extra != "" {
		conf = strings.Replace(conf, "\nhttp {\n", "\nhttp {\n    "+extra+"\n", 1)
	}
	if os.Geteuid() == 0 {
		// Workers would run as nobody, who cannot read the test's 0700
		// temporary folders; in production the feed is world-readable.
		conf = "user root;\n" + conf
	}
	confPath := filepath.Join(prefix, "nginx.conf")
	os.WriteFile(confPath, []byte(conf), 0o644)
	if out, err := exec.Command(bin, "-t", "-q", "-p", prefix, "-c", confPath).CombinedOutput(); err != nil {
		t.Fatalf("nginx refuses the shipped configuration: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "-p", prefix, "-c", confPath, "-g", "daemon off;")
	cmd.Stderr = os.Stderr
	// nginx's workers are children of its master: in a process group of
	// their own, they are stopped with it, even if the master is killed
	// before it can stop them.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { stopGroup(cmd) })
	for i := 0; i < 50; i++ {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			return "http://" + addr, cmd.Process.Pid, prefix
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("nginx did not start on %s", addr)
	return "", 0, ""
}

// stopGroup stops nginx's master and its workers: the whole process group,
// which Setpgid made the master's own (its id is the master's pid).
func stopGroup(cmd *exec.Cmd) {
	syscall.Kill(-cmd.Process.Pid, syscall.SIGQUIT) // a graceful stop first
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
	}
	syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) // then whatever is left of the group
	<-done
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

// TestNginxStopsWithItsWorkers: when a test ends, no nginx process of it
// is left running (its cleanup used to kill only the master, and the
// workers lived on).
func TestNginxStopsWithItsWorkers(t *testing.T) {
	var pgid int
	t.Run("serve", func(t *testing.T) {
		var url string
		url, pgid, _ = runNginx(t, t.TempDir())
		resp, err := http.Get(url + "/metadata/timestamp.json")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if n := len(groupMembers(t, pgid)); n < 2 {
			t.Fatalf("nginx runs as %d processes; want a master and its workers", n)
		}
	}) // the subtest's cleanup stops nginx
	if left := groupMembers(t, pgid); len(left) > 0 {
		t.Errorf("after the test, processes %v of nginx's group %d are still running", left, pgid)
	}
}

// groupMembers lists the live processes of process group pgid, from /proc.
func groupMembers(t *testing.T, pgid int) []int {
	t.Helper()
	stats, err := filepath.Glob("/proc/[0-9]*/stat")
	if err != nil || len(stats) == 0 {
		t.Skip("no /proc to list processes")
	}
	var members []int
	for _, p := range stats {
		data, err := os.ReadFile(p)
		if err != nil {
			continue // ended meanwhile
		}
		// pid (comm) state ppid pgrp ...; comm may hold spaces and parentheses
		fields := strings.Fields(string(data[strings.LastIndexByte(string(data), ')')+1:]))
		if len(fields) > 2 && fields[0] != "Z" && fields[2] == strconv.Itoa(pgid) {
			pid, _ := strconv.Atoi(strings.Fields(string(data))[0])
			members = append(members, pid)
		}
	}
	return members
}

// TestLoadOverNginx is `make e2e-load` (issue 16, Load): a released feed
// served by nginx with the shipped configuration; SAFAR_LOAD_CLIENTS
// clients (200 by default), each with its own data folder and a copy of
// the embedded pack's content.db, sync at the same moment; then one
// article changes and they all sync again. It reports failures, p50 and
// p95 time per client, requests and bytes per client from nginx's access
// log, and checks every client's content.db (PRAGMA integrity_check and
// the installed release of each publisher). It runs only with
// SAFAR_LOAD=1, and stops by itself after SAFAR_LOAD_TIMEOUT (10m).
func TestLoadOverNginx(t *testing.T) {
	if os.Getenv("SAFAR_LOAD") != "1" {
		t.Skip("set SAFAR_LOAD=1 (make e2e-load) to run the load test")
	}
	clients := 200
	if n, err := strconv.Atoi(os.Getenv("SAFAR_LOAD_CLIENTS")); err == nil && n > 0 {
		clients = min(n, 1000)
	}
	timeout := 10 * time.Minute
	if d, err := time.ParseDuration(os.Getenv("SAFAR_LOAD_TIMEOUT")); err == nil && d > 0 {
		timeout = d
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()

	w := newWorld(t)
	url, _, prefix := runNginx(t, w.feedDir)
	if err := w.store.Checkpoint(); err != nil {
		t.Fatal(err)
	}
	template, err := os.ReadFile(w.dbPath)
	if err != nil {
		t.Fatal(err)
	}
	base := t.TempDir()
	stores := make([]*store.Store, clients)
	dirs := make([]string, clients)
	for i := range stores {
		dirs[i] = filepath.Join(base, fmt.Sprintf("client-%03d", i))
		os.MkdirAll(dirs[i], 0o700)
		db := filepath.Join(dirs[i], "content.db")
		if err := os.WriteFile(db, template, 0o600); err != nil {
			t.Fatal(err)
		}
		if stores[i], err = store.Open(db); err != nil {
			t.Fatal(err)
		}
		defer stores[i].Close()
	}
	accessLog := filepath.Join(prefix, "access.log")

	round := func(name string) {
		t.Helper()
		logStart := fileSize(accessLog)
		times := make([]time.Duration, clients)
		errs := make([]error, clients)
		reports := make([]Report, clients)
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i := range clients {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				t0 := time.Now()
				reports[i], errs[i] = Sync(ctx, Options{Feed: url, Dir: filepath.Join(dirs[i], "sync"),
					Root: w.root, Store: stores[i], Base: assets.Content()})
				times[i] = time.Since(t0)
			}()
		}
		t0 := time.Now()
		close(start)
		wg.Wait()
		wall := time.Since(t0)
		failed := 0
		for i, err := range errs {
			if err != nil {
				failed++
				if failed <= 5 {
					t.Errorf("%s: client %d: %v", name, i, err)
				}
			}
		}
		slices.Sort(times)
		reqs, bytes, statuses := readAccessLog(t, accessLog, logStart)
		t.Logf("%s: %d clients, %d failed; wall %s; per client p50 %s, p95 %s, max %s; nginx: %.1f requests and %.0f bytes per client (%d requests, %d bytes in all; statuses %v)",
			name, clients, failed, wall.Round(time.Millisecond), times[clients/2].Round(time.Millisecond),
			times[clients*95/100].Round(time.Millisecond), times[clients-1].Round(time.Millisecond),
			float64(reqs)/float64(clients), float64(bytes)/float64(clients), reqs, bytes, statuses)
		if ctx.Err() != nil {
			t.Fatalf("%s: the load test ran out of its %s", name, timeout)
		}
	}

	round("first sync")
	w.edit("de/_/health/seeing-a-doctor.en.md", "title = \"", "title = \"Under load: ")
	want := map[string]int64{"germany": w.release("germany").Sequence, "berlin": 1}
	round("one-article update")

	// Every client: a sound database holding the releases just published.
	var bad []string
	for i, s := range stores {
		var res string
		if err := s.DB().QueryRow(`PRAGMA integrity_check`).Scan(&res); err != nil || res != "ok" {
			bad = append(bad, fmt.Sprintf("client %d: integrity_check %q, %v", i, res, err))
			continue
		}
		info, err := s.Installed()
		releases := info.Feed
		for p, seq := range want {
			if err != nil || releases[p].Sequence != seq {
				bad = append(bad, fmt.Sprintf("client %d: %s at release %d, want %d (%v)", i, p, releases[p].Sequence, seq, err))
			}
		}
	}
	t.Logf("content.db of %d clients: %d with a problem", clients, len(bad))
	if errLog, err := os.ReadFile(filepath.Join(prefix, "error.log")); err == nil {
		for _, line := range strings.Split(string(errLog), "\n") {
			if strings.Contains(line, "[alert]") || strings.Contains(line, "[crit]") || strings.Contains(line, "[error]") {
				t.Errorf("nginx: %s", line) // such as "worker_connections are not enough"
			}
		}
	}
	for i, b := range bad {
		if i == 10 {
			t.Errorf("… and %d more", len(bad)-i)
			break
		}
		t.Error(b)
	}
}

func fileSize(p string) int64 {
	st, err := os.Stat(p)
	if err != nil {
		return 0
	}
	return st.Size()
}

// readAccessLog counts the requests and body bytes nginx logged from the
// byte offset from on, in its default (combined) format, and the statuses.
func readAccessLog(t *testing.T, path string, from int64) (requests, bytes int64, statuses map[string]int) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	statuses = map[string]int{}
	for _, line := range strings.Split(string(data[min(from, int64(len(data))):]), "\n") {
		// ... "GET /path HTTP/1.1" 200 1234 "-" "Go-http-client/1.1"
		_, after, ok := strings.Cut(line, `" `)
		if !ok {
			continue
		}
		fields := strings.Fields(after)
		if len(fields) < 2 {
			continue
		}
		n, _ := strconv.ParseInt(fields[1], 10, 64)
		requests++
		bytes += n
		statuses[fields[0]]++
	}
	return requests, bytes, statuses
}
