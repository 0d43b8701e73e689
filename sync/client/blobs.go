package client

import (
	"database/sql"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"
	"sync"

	_ "github.com/mattn/go-sqlite3"

	"safar.app/safar/internal/parallel"
	"safar.app/safar/sync/feed"
)

// blobStore keeps the compressed blobs of the installed content, checked,
// in one SQLite file beside the TUF metadata: what a later diff needs is
// then already here, and ten thousand blobs are one transaction rather
// than ten thousand files.
type blobStore struct {
	db      *sql.DB
	path    string
	staging string // partial downloads of large blobs, resumed after an interruption
	mu      sync.Mutex
	pending map[string][]byte // fetched and checked, not yet committed
	raw     map[string][]byte // the decompressed bytes of pending, checked once
	stored  map[string]bool   // hashes in blobs.db, read once
}

func openBlobs(dir string) (*blobStore, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	path := filepath.Join(dir, "blobs.db")
	db, err := sql.Open("sqlite3", "file:"+path+"?_journal_mode=WAL&_busy_timeout=5000")
	if err != nil {
		return nil, err
	}
	if _, err := db.Exec(`CREATE TABLE IF NOT EXISTS blob (hash TEXT PRIMARY KEY, data BLOB NOT NULL) WITHOUT ROWID`); err != nil {
		db.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	b := &blobStore{db: db, path: path, staging: filepath.Join(dir, "staging"),
		pending: map[string][]byte{}, raw: map[string][]byte{}, stored: map[string]bool{}}
	rows, err := db.Query(`SELECT hash FROM blob`)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	defer rows.Close()
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			db.Close()
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		b.stored[h] = true
	}
	return b, rows.Err()
}

func (b *blobStore) close() error { return b.db.Close() }

func (b *blobStore) has(f feed.File) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	_, pending := b.pending[f.Blob]
	return pending || b.stored[f.Blob]
}

// keep holds a fetched, checked blob until commit.
func (b *blobStore) keep(f feed.File, data, raw []byte) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.pending[f.Blob], b.raw[f.Blob] = data, raw
}

// readAll returns the decompressed bytes of each file, in order: from this
// sync's downloads, or from blobs.db, read in a few queries and
// decompressed on every core.
func (b *blobStore) readAll(files []feed.File) ([][]byte, error) {
	out := make([][]byte, len(files))
	compressed := make([][]byte, len(files))
	want := map[string][]int{} // blob → indexes of files that need it from blobs.db
	for i, f := range files {
		if raw, ok := b.raw[f.Blob]; ok {
			out[i] = raw
		} else if data, ok := b.pending[f.Blob]; ok {
			compressed[i] = data
		} else {
			want[f.Blob] = append(want[f.Blob], i)
		}
	}
	hashes := make([]any, 0, len(want))
	for h := range want {
		hashes = append(hashes, h)
	}
	const perQuery = 500 // well below SQLite's limit on parameters
	for len(hashes) > 0 {
		n := min(perQuery, len(hashes))
		if err := b.query(hashes[:n], func(h string, data []byte) {
			for _, i := range want[h] {
				compressed[i] = data
			}
			delete(want, h)
		}); err != nil {
			return nil, err
		}
		hashes = hashes[n:]
	}
	for h := range want {
		return nil, fmt.Errorf("blob %s… is not stored on this device; the next update fetches it again", h[:12])
	}
	errs := make([]error, len(files))
	parallel.For(len(files), func(i int) {
		if out[i] == nil {
			out[i], errs[i] = feed.Decompress(compressed[i], files[i])
		}
	})
	for i, err := range errs {
		if err != nil {
			// Damaged here: drop it so the next sync fetches it again.
			if _, derr := b.db.Exec(`DELETE FROM blob WHERE hash = ?`, files[i].Blob); derr != nil {
				return nil, fmt.Errorf("%w; and it could not be dropped from %s (%v), so the next update may stop on it again", err, b.path, derr)
			}
			return nil, fmt.Errorf("%w; the next update fetches it again", err)
		}
	}
	return out, nil
}

func (b *blobStore) query(hashes []any, each func(h string, data []byte)) error {
	rows, err := b.db.Query(`SELECT hash, data FROM blob WHERE hash IN (?`+strings.Repeat(", ?", len(hashes)-1)+`)`, hashes...)
	if err != nil {
		return fmt.Errorf("%s: %w", b.path, err)
	}
	defer rows.Close()
	for rows.Next() {
		var h string
		var data []byte
		if err := rows.Scan(&h, &data); err != nil {
			return fmt.Errorf("%s: %w", b.path, err)
		}
		each(h, data)
	}
	return rows.Err()
}

// commit stores the pending blobs in one transaction and clears staging.
func (b *blobStore) commit() error {
	tx, err := b.db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback() // after Commit, a no-op
	st, err := tx.Prepare(`INSERT OR REPLACE INTO blob (hash, data) VALUES (?, ?)`)
	if err != nil {
		return err
	}
	defer st.Close()
	for h, data := range b.pending {
		if _, err := st.Exec(h, data); err != nil {
			return fmt.Errorf("%s: %w", b.path, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("%s: %w", b.path, err)
	}
	b.pending = map[string][]byte{}
	if err := os.RemoveAll(b.staging); err != nil {
		// Left-over partial files cost space only; the next commit retries.
		log.Printf("sync: clear %s: %v", b.staging, err)
	}
	return nil
}

// prune removes blobs no installed file refers to.
func (b *blobStore) prune(installed feed.Releases) error {
	keep := installed.Blobs()
	var drop []string
	rows, err := b.db.Query(`SELECT hash FROM blob`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			rows.Close()
			return err
		}
		if !keep[h] {
			drop = append(drop, h)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	tx, err := b.db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, h := range drop {
		if _, err := tx.Exec(`DELETE FROM blob WHERE hash = ?`, h); err != nil {
			return err
		}
	}
	return tx.Commit()
}
