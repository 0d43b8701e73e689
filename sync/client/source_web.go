package client

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// WebSource reads a feed from a web server, CDN or object store over
// HTTP(S). An interrupted blob continues with a Range request.
type WebSource struct {
	url    string
	client *http.Client
}

// NewWebSource reads the feed at url; a server that takes longer than
// timeout to answer a request (0: no limit) is given up. A sync reads it
// patiently (patient.go): a transfer is cut when it stalls, not when it
// is long, and tried again.
func NewWebSource(url string, timeout time.Duration) *WebSource {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = fetchWorkers // keep one connection per worker alive
	tr.ResponseHeaderTimeout = timeout
	return &WebSource{url: strings.TrimSuffix(url, "/"), client: &http.Client{Transport: tr}}
}

func (w *WebSource) String() string { return w.url }

// Open asks for name, from offset on with a Range request. A server that
// ignores Range sends the whole file; the bytes before offset are then
// skipped.
func (w *WebSource) Open(ctx context.Context, name string, offset int64) (io.ReadCloser, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, w.url+"/"+name, nil)
	if err != nil {
		return nil, err
	}
	if offset > 0 {
		req.Header.Set("Range", "bytes="+strconv.FormatInt(offset, 10)+"-")
	}
	resp, err := w.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	switch {
	case resp.StatusCode == http.StatusPartialContent && offset > 0:
		return resp.Body, nil
	case resp.StatusCode == http.StatusOK:
		return skip(resp.Body, name, offset)
	case resp.StatusCode == http.StatusNotFound || resp.StatusCode == http.StatusForbidden:
		// S3 and some CDNs answer 403 for a missing object.
		resp.Body.Close()
		return nil, fmt.Errorf("%s: %w", name, ErrNotFound)
	default:
		resp.Body.Close()
		return nil, &ServerError{Name: name, Status: resp.Status}
	}
}
