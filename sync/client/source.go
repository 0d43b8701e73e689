package client

import (
	"archive/zip"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/theupdateframework/go-tuf/v2/metadata"
	"github.com/theupdateframework/go-tuf/v2/metadata/fetcher"

	"safar.app/safar/sync/feed"
)

// feedSource reads a feed's files from wherever the feed is: a web server, a
// folder, or a zip archive of a feed handed over on a USB stick. All three
// pass through the same verification.
type feedSource interface {
	// get reads name (a path inside the feed), refusing more than max bytes.
	get(ctx context.Context, name string, max int64) ([]byte, error)
	// resume appends to partial the bytes of name from len(partial) on; a
	// web server is asked with Range, so an interrupted blob continues.
	resume(ctx context.Context, name string, partial *os.File, offset, max int64) error
	base() string
}

// errNotFound is a missing file: for TUF's next root, the normal answer.
var errNotFound = errors.New("not found")

// meter counts what a web source transferred; blobs are fetched by several
// workers at once.
type meter struct{ bytes, requests atomic.Int64 }

func openSource(feed string, timeout time.Duration, m *meter) (feedSource, error) {
	switch {
	case strings.HasPrefix(feed, "https://") || strings.HasPrefix(feed, "http://"):
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.MaxIdleConnsPerHost = fetchWorkers // keep one connection per worker alive
		return &webSource{url: strings.TrimSuffix(feed, "/"), client: &http.Client{Timeout: timeout, Transport: tr},
			meter: m}, nil
	case strings.HasSuffix(strings.ToLower(feed), ".zip"):
		z, err := zip.OpenReader(feed)
		if err != nil {
			return nil, fmt.Errorf("open the update file %s: %w", feed, err)
		}
		if err := archivePaths(z); err != nil {
			z.Close()
			return nil, fmt.Errorf("the update file %s: %w", feed, err)
		}
		return &zipSource{path: feed, r: z, prefix: zipPrefix(z)}, nil
	default:
		st, err := os.Stat(feed)
		if err != nil || !st.IsDir() {
			return nil, fmt.Errorf("%s is neither a web address, a folder nor a .zip file of a feed", feed)
		}
		return &dirSource{dir: feed}, nil
	}
}

type webSource struct {
	url    string
	client *http.Client
	meter  *meter
}

func (w *webSource) base() string { return w.url }

func (w *webSource) get(ctx context.Context, name string, max int64) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, w.url+"/"+name, nil)
	if err != nil {
		return nil, err
	}
	resp, err := w.do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	switch resp.StatusCode {
	case http.StatusOK:
	case http.StatusNotFound, http.StatusForbidden:
		return nil, fmt.Errorf("%s: %w", name, errNotFound)
	default:
		return nil, fmt.Errorf("%s: server answered %s", name, resp.Status)
	}
	if resp.ContentLength > max {
		return nil, fmt.Errorf("%s is %d bytes, more than the %d allowed", name, resp.ContentLength, max)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, max+1))
	w.meter.bytes.Add(int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("%s is more than the %d bytes allowed", name, max)
	}
	return data, nil
}

func (w *webSource) do(req *http.Request) (*http.Response, error) {
	w.meter.requests.Add(1)
	resp, err := w.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", req.URL.Path, err)
	}
	return resp, nil
}

func (w *webSource) resume(ctx context.Context, name string, partial *os.File, offset, max int64) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, w.url+"/"+name, nil)
	if err != nil {
		return err
	}
	if offset > 0 {
		req.Header.Set("Range", "bytes="+strconv.FormatInt(offset, 10)+"-")
	}
	resp, err := w.do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusPartialContent && offset > 0:
	case resp.StatusCode == http.StatusOK:
		// The server ignored Range: start again from the beginning.
		if err := partial.Truncate(0); err != nil {
			return err
		}
		if _, err := partial.Seek(0, io.SeekStart); err != nil {
			return err
		}
		offset = 0
	case resp.StatusCode == http.StatusNotFound:
		return fmt.Errorf("%s: %w", name, errNotFound)
	default:
		return fmt.Errorf("%s: server answered %s", name, resp.Status)
	}
	n, err := io.Copy(partial, io.LimitReader(resp.Body, max-offset+1))
	w.meter.bytes.Add(n)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if offset+n > max {
		return fmt.Errorf("%s is more than the %d bytes the index allows", name, max)
	}
	return nil
}

type dirSource struct{ dir string }

func (d *dirSource) base() string { return d.dir }

func (d *dirSource) get(_ context.Context, name string, max int64) ([]byte, error) {
	if st, err := os.Lstat(filepath.Join(d.dir, filepath.FromSlash(name))); err == nil {
		if err := feed.CheckRegular(name, st); err != nil {
			return nil, err
		}
	}
	f, err := os.Open(filepath.Join(d.dir, filepath.FromSlash(name)))
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%s: %w", name, errNotFound)
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readMax(f, name, max)
}

func (d *dirSource) resume(ctx context.Context, name string, partial *os.File, offset, max int64) error {
	return resumeLocal(ctx, d, name, partial, offset, max)
}

// resumeLocal completes a partial file from a local source: reading is
// cheap there, so the whole file is read and its missing part written.
func resumeLocal(ctx context.Context, src feedSource, name string, partial *os.File, offset, max int64) error {
	data, err := src.get(ctx, name, max)
	if err != nil {
		return err
	}
	_, err = partial.WriteAt(data[min(offset, int64(len(data))):], offset)
	return err
}

type zipSource struct {
	path   string
	r      *zip.ReadCloser
	prefix string
}

func (z *zipSource) base() string { return z.path }

// zipPrefix is the folder the feed sits in inside the archive, if any
// ("feed/metadata/…" when the folder itself was zipped).
func zipPrefix(z *zip.ReadCloser) string {
	for _, f := range z.File {
		if i := strings.Index(f.Name, "metadata/1.root.json"); i >= 0 {
			return f.Name[:i]
		}
	}
	return ""
}

func (z *zipSource) get(_ context.Context, name string, max int64) ([]byte, error) {
	f, err := z.r.Open(path.Join(z.prefix, name))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s: %w", name, errNotFound)
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil {
		if err := feed.CheckRegular(name, st); err != nil {
			return nil, err
		}
	}
	return readMax(f, name, max)
}

// archivePaths refuses an archive with a path that could reach outside the
// feed, before any of its paths is used.
func archivePaths(z *zip.ReadCloser) error {
	for _, f := range z.File {
		if err := feed.CheckArchivePath(f.Name); err != nil {
			return err
		}
	}
	return nil
}

func (z *zipSource) resume(ctx context.Context, name string, partial *os.File, offset, max int64) error {
	return resumeLocal(ctx, z, name, partial, offset, max)
}

func readMax(r io.Reader, name string, max int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("%s is more than the %d bytes allowed", name, max)
	}
	return data, nil
}

// tufFetcher lets go-tuf's updater read metadata and targets through a
// source. URLs are "<base>/metadata/…" and "<base>/targets/…".
type tufFetcher struct {
	src feedSource
	ctx context.Context
}

var _ fetcher.Fetcher = (*tufFetcher)(nil)

func (t *tufFetcher) DownloadFile(urlPath string, maxLength int64, _ time.Duration) ([]byte, error) {
	name := strings.TrimPrefix(strings.TrimPrefix(urlPath, t.src.base()), "/")
	data, err := t.src.get(t.ctx, name, maxLength)
	if errors.Is(err, errNotFound) {
		// go-tuf stops looking for newer roots on a 404.
		return nil, &metadata.ErrDownloadHTTP{StatusCode: http.StatusNotFound, URL: urlPath}
	}
	if err == nil {
		err = feed.CheckJSON(name, data) // metadata and entries: say so if a page of HTML came instead
	}
	return data, err
}
