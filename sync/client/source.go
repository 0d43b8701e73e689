package client

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync/atomic"
	"time"
)

// Source is where a feed's files are read from: a web server, a folder,
// or an archive handed over on a USB stick or picked on a phone. Every
// source passes through the same verification, so a source needs no trust
// of its own; it only reads bytes. (The shape follows Litestream's replica
// clients: one small interface, one implementation per kind of storage.)
type Source interface {
	// Open reads the feed's file name (a slash-separated path such as
	// "metadata/timestamp.json") from byte offset on. A file the source
	// does not have is an error that matches ErrNotFound.
	Open(ctx context.Context, name string, offset int64) (io.ReadCloser, error)
	// String names the source in messages and in content.db's record of
	// where the content came from.
	String() string
}

// ErrNotFound is a file the source does not have: for TUF's next root,
// the normal answer.
var ErrNotFound = errors.New("not found")

// OpenSource opens the source feed names: an http(s):// address, a .zip
// file of a feed, or a folder. close releases what it holds.
func OpenSource(feed string, timeout time.Duration) (src Source, close func() error, err error) {
	switch {
	case strings.HasPrefix(feed, "https://") || strings.HasPrefix(feed, "http://"):
		return NewWebSource(feed, timeout), func() error { return nil }, nil
	case strings.HasSuffix(strings.ToLower(feed), ".zip"):
		f, err := os.Open(feed)
		if err != nil {
			return nil, nil, fmt.Errorf("open the update file %s: %w", feed, err)
		}
		st, err := f.Stat()
		if err == nil {
			src, err = NewArchiveSource(f, st.Size(), feed)
		}
		if err != nil {
			f.Close()
			return nil, nil, fmt.Errorf("open the update file %s: %w", feed, err)
		}
		return src, f.Close, nil
	default:
		st, err := os.Stat(feed)
		if err != nil || !st.IsDir() {
			return nil, nil, fmt.Errorf("%s is neither a web address, a folder nor a .zip file of a feed", feed)
		}
		return NewFolderSource(feed), func() error { return nil }, nil
	}
}

// read reads a whole file of src, refusing more than max bytes.
func read(ctx context.Context, src Source, name string, max int64) ([]byte, error) {
	r, err := src.Open(ctx, name, 0)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	data, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("%s is more than the %d bytes allowed", name, max)
	}
	return data, nil
}

// skip discards the first n bytes of r, for a source that cannot start
// reading in the middle of a file.
func skip(r io.ReadCloser, name string, n int64) (io.ReadCloser, error) {
	if n == 0 {
		return r, nil
	}
	if _, err := io.CopyN(io.Discard, r, n); err != nil {
		r.Close()
		return nil, fmt.Errorf("%s: skip to byte %d: %w", name, n, err)
	}
	return r, nil
}

// counted counts what a sync reads from its source, for its report;
// blobs are fetched by several workers at once.
type counted struct {
	Source
	bytes, opens atomic.Int64
}

func (c *counted) Open(ctx context.Context, name string, offset int64) (io.ReadCloser, error) {
	c.opens.Add(1)
	r, err := c.Source.Open(ctx, name, offset)
	if err != nil {
		return nil, err
	}
	return &countingReader{ReadCloser: r, n: &c.bytes}, nil
}

type countingReader struct {
	io.ReadCloser
	n *atomic.Int64
}

func (r *countingReader) Read(p []byte) (int, error) {
	n, err := r.ReadCloser.Read(p)
	r.n.Add(int64(n))
	return n, err
}
