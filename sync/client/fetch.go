package client

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"

	"golang.org/x/sync/errgroup"

	"safar.app/safar/sync/feed"
)

// fetchWorkers is how many blobs are fetched at once: over a slow link with
// a long round trip, small blobs come in several times faster.
const fetchWorkers = 4

// largeBlob is the size from which a blob is downloaded to a file, so that
// an interrupted download resumes; smaller ones are simply fetched again.
const largeBlob = 256 << 10

// fetchAll fetches need into blobs with fetchWorkers at once, reporting
// progress. A blob that fails its checks is returned in failed, by its
// name, and the others are still fetched: it refuses only the publishers
// whose release needs it. A cancelled context is returned as it is, and a
// feed that cannot be read stops every fetch and is returned as err.
func fetchAll(parent context.Context, src Source, blobs *blobStore, need []feed.File, report func(Progress)) (failed map[string]error, err error) {
	prog := Progress{TotalFiles: len(need)}
	for _, f := range need {
		prog.TotalBytes += f.ZSize
	}
	failed = map[string]error{}
	var mu sync.Mutex // guards prog and failed, and serialises report
	g, ctx := errgroup.WithContext(parent)
	g.SetLimit(fetchWorkers)
	for _, f := range need {
		g.Go(func() error {
			err := fetchBlob(ctx, src, blobs, f)
			if err != nil && (Unreachable(err) || ctx.Err() != nil) {
				return err
			}
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				failed[f.Blob] = err
				return nil
			}
			prog.Files++
			prog.Bytes += f.ZSize
			if report != nil {
				report(prog)
			}
			return nil
		})
	}
	err = g.Wait()
	if perr := parent.Err(); perr != nil {
		return nil, perr // cancelled by the reader: not a refusal
	}
	if err != nil {
		return nil, fmt.Errorf("fetch the update: %w", err) // the connection dropped: not a refusal
	}
	return failed, nil
}

// fetchBlob downloads a blob, checks its hash and decompression, and keeps
// it pending until commit. Large blobs land in a staging file first and
// resume after an interruption.
func fetchBlob(ctx context.Context, src Source, blobs *blobStore, f feed.File) error {
	// A web source tries a failed transfer again itself (patient.go).
	var data []byte
	var err error
	if f.ZSize < largeBlob {
		data, err = read(ctx, src, feed.BlobPath(f.Blob), f.ZSize)
	} else {
		data, err = resumable(ctx, src, blobs.staging, f)
	}
	if err != nil {
		return fmt.Errorf("blob %s…: %w", f.Blob[:12], err)
	}
	if int64(len(data)) != f.ZSize || feed.Hash(data) != f.Blob {
		// Never keep a corrupt download; if it cannot be removed, the
		// next attempt finds it and starts again (see resumable).
		if err := os.Remove(filepath.Join(blobs.staging, f.Blob+".part")); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("blob %s…: the downloaded bytes do not match the index, and the partial file stays: %v", f.Blob[:12], err)
		}
		return fmt.Errorf("blob %s…: the downloaded bytes do not match the index", f.Blob[:12])
	}
	raw, err := feed.Decompress(data, f)
	if err != nil {
		return err
	}
	blobs.keep(f, data, raw)
	return nil
}

// resumable downloads a large blob into its staging file, continuing from
// what an earlier, interrupted attempt left there.
func resumable(ctx context.Context, src Source, staging string, f feed.File) ([]byte, error) {
	if err := os.MkdirAll(staging, 0o700); err != nil {
		return nil, err
	}
	part := filepath.Join(staging, f.Blob+".part")
	fh, err := os.OpenFile(part, os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	st, err := fh.Stat()
	if err != nil {
		return nil, err
	}
	offset := st.Size()
	if offset >= f.ZSize {
		// Longer than the blob (or complete but refused): start again.
		offset = 0
		if err := fh.Truncate(0); err != nil {
			return nil, err
		}
	}
	if _, err := fh.Seek(offset, io.SeekStart); err != nil {
		return nil, err
	}
	name := feed.BlobPath(f.Blob)
	r, err := src.Open(ctx, name, offset)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	n, err := io.Copy(fh, io.LimitReader(r, f.ZSize-offset+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if offset+n > f.ZSize {
		return nil, fmt.Errorf("%s is more than the %d bytes the index allows", name, f.ZSize)
	}
	return os.ReadFile(part)
}
