package client

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"sort"

	"safar.app/safar/content/install"
	"safar.app/safar/content/store"
	"safar.app/safar/sync/feed"
)

// RepairReport says what a repair of content.db did.
type RepairReport struct {
	KeptAs string // a copy of the damaged file, for a later look ("" if none could be made)
	// Reapplied are the publishers whose synced releases were installed
	// again from the blobs kept on the device.
	Reapplied []string
	// Lost are the publishers whose synced releases could not be read
	// back (their record or blobs were gone): their folders hold the
	// built-in content until the next sync fetches them again.
	Lost []string
}

// Repair rebuilds content.db after damage found while Safar runs (by
// store.QuickCheck in the background, or a query that failed with
// SQLITE_CORRUPT): the built-in pack, with every synced release the
// device recorded re-applied from the blobs kept in the sync folder, is
// built into a new file beside it and restored into the open store
// (store.Restore). Synced content is therefore not lost while its blobs
// are intact. It waits for a running sync to end, like a sync.
func (s *Service) Repair(ctx context.Context) (RepairReport, error) {
	var rep RepairReport
	if s.cfg.Dir == "" || s.cfg.Store == nil {
		return rep, errors.New("no sync folder or content store to repair with")
	}
	_, err := s.do(ctx, "", func(o *Options) { o.repair = &rep }, nil)
	return rep, err
}

// repairContent is Repair's work, under the service's one-at-a-time rule.
func (o Options) repairContent(ctx context.Context, rep *RepairReport) error {
	// The record of what was synced is a few rows of the meta table; it
	// usually reads even when other pages are damaged.
	var releases feed.Releases
	info, err := o.Store.Installed()
	if err == nil {
		releases = info.Feed
	} else if !errors.Is(err, store.ErrNoContent) {
		log.Printf("sync: repair: the record of synced releases does not read (%v); the built-in content is installed", err)
		rep.Lost = append(rep.Lost, "*")
	}
	tmp := filepath.Join(o.Dir, "content-repair.db")
	for _, p := range []string{tmp, tmp + "-wal", tmp + "-shm"} {
		os.Remove(p) // left by a repair that stopped
	}
	if err := os.MkdirAll(o.Dir, 0o700); err != nil {
		return err
	}
	fresh, err := store.Open(tmp)
	if err != nil {
		return fmt.Errorf("repair %s: %w", o.Store.Path(), err)
	}
	defer func() {
		fresh.Close()
		for _, p := range []string{tmp, tmp + "-wal", tmp + "-shm"} {
			os.Remove(p)
		}
	}()
	if err := o.rebuild(fresh, info, releases, rep); err != nil {
		return fmt.Errorf("repair %s: %w", o.Store.Path(), err)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	rep.KeptAs, err = o.Store.Restore(ctx, fresh)
	return err
}

// rebuild installs into fresh the built-in pack with releases on top,
// leaving out each publisher whose blobs are not all on the device.
func (o Options) rebuild(fresh *store.Store, info store.PackInfo, releases feed.Releases, rep *RepairReport) error {
	if len(releases) > 0 && o.Dir != "" {
		blobs, err := openBlobs(o.Dir)
		if err == nil {
			defer blobs.close()
			next := feed.Releases{}
			for name, r := range releases {
				if o.complete(blobs, r) {
					next[name] = r
				} else {
					rep.Lost = append(rep.Lost, name)
				}
			}
			tree, err := feed.Assemble(o.Base, next, blobs.readAll)
			if err == nil {
				err = install.Tree(fresh, tree, store.PackInfo{Origin: info.Origin, Sequence: next.Sequence(), Hash: next.TreeHash(), Feed: next}, nil)
			}
			if err == nil {
				for name := range next {
					rep.Reapplied = append(rep.Reapplied, name)
				}
				sort.Strings(rep.Reapplied)
				sort.Strings(rep.Lost)
				return nil
			}
			log.Printf("sync: repair: the synced releases do not install again (%v); the built-in content is installed", err)
		} else {
			log.Printf("sync: repair: the kept blobs do not open (%v); the built-in content is installed", err)
		}
		rep.Lost = nil
		for name := range releases {
			rep.Lost = append(rep.Lost, name)
		}
		sort.Strings(rep.Lost)
	}
	if o.InstallBase != nil {
		return o.InstallBase(fresh)
	}
	return install.Tree(fresh, o.Base, store.PackInfo{Origin: "embedded"}, nil)
}

// complete reports whether every file of r is in the built-in tree or
// among the kept blobs.
func (o Options) complete(blobs *blobStore, r feed.Release) bool {
	for p, f := range r.Index {
		if !blobs.has(f) && !feed.InBase(o.Base, p, f) {
			return false
		}
	}
	return true
}
