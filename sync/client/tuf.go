package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/theupdateframework/go-tuf/v2/metadata"
	"github.com/theupdateframework/go-tuf/v2/metadata/config"
	"github.com/theupdateframework/go-tuf/v2/metadata/fetcher"
	"github.com/theupdateframework/go-tuf/v2/metadata/updater"

	"safar.app/safar/sync/feed"
)

// trust is the feed's TUF metadata as go-tuf has proved it: who may
// publish which folder, and each publisher's signed entry.
type trust struct {
	up  *updater.Updater
	dir string // where entries are cached
}

// publisher is a TUF delegation: a name trusted for one folder, with
// the ids of the keys trusted to sign for it (sorted).
type publisher struct {
	name, scope string
	keys        []string
}

// openTrust refreshes the feed's metadata from src, starting from the root
// the device already trusts: the one it moved to after a rotation, kept
// in dir, or else the root it shipped with.
func openTrust(ctx context.Context, src Source, dir string, shippedRoot []byte, now func() time.Time) (*trust, error) {
	metaDir := filepath.Join(dir, "tuf")
	if err := os.MkdirAll(metaDir, 0o700); err != nil {
		return nil, err
	}
	root := shippedRoot
	if data, err := os.ReadFile(filepath.Join(metaDir, "root.json")); err == nil {
		root = data
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("read the trusted root: %w", err)
	}
	base := src.String()
	cfg, err := config.New(base+"/metadata", root)
	if err != nil {
		return nil, refuse("the root of trust: %s", explainTUF(err))
	}
	cfg.RemoteTargetsURL = base + "/targets"
	cfg.LocalMetadataDir = metaDir
	cfg.LocalTargetsDir = filepath.Join(dir, "entries")
	cfg.Fetcher = &tufFetcher{src: src, base: base, ctx: ctx}
	cfg.TimestampMaxLength = 16 << 10
	cfg.SnapshotMaxLength = 1 << 20
	cfg.TargetsMaxLength = 1 << 20
	cfg.RootMaxLength = 512 << 10
	up, err := updater.New(cfg)
	if err != nil {
		return nil, refuse("the root of trust: %s", explainTUF(err))
	}
	if now != nil {
		up.UnsafeSetRefTime(now())
	}
	if err := up.Refresh(); err != nil {
		if Unreachable(err) {
			return nil, fmt.Errorf("read the feed: %w", err) // not a refusal: nothing was checked
		}
		return nil, refuse("%w", explainErr(err))
	}
	return &trust{up: up, dir: cfg.LocalTargetsDir}, nil
}

// forgetTrust drops the TUF metadata and entries the device trusts, so
// that the next refresh starts again from the shipped root.
func forgetTrust(dir string) error {
	for _, sub := range []string{"tuf", "entries"} {
		if err := os.RemoveAll(filepath.Join(dir, sub)); err != nil {
			return fmt.Errorf("forget the trusted metadata: %w", err)
		}
	}
	return nil
}

// publishers are the feed's delegations, each to one folder.
func (t *trust) publishers() ([]publisher, error) {
	top := t.up.GetTrustedMetadataSet().Targets[metadata.TARGETS]
	if top == nil || top.Signed.Delegations == nil {
		return nil, refuse("the feed delegates to no publisher")
	}
	var out []publisher
	for _, role := range top.Signed.Delegations.Roles {
		if len(role.Paths) != 1 || !strings.HasSuffix(role.Paths[0], "*") {
			return nil, refuse("publisher %s: delegation paths %v are not one folder", role.Name, role.Paths)
		}
		keys := slices.Clone(role.KeyIDs)
		slices.Sort(keys)
		out = append(out, publisher{name: role.Name, scope: strings.TrimSuffix(role.Paths[0], "*"), keys: keys})
	}
	return out, nil
}

// rootVersion is the version of the root the device now trusts.
func (t *trust) rootVersion() int64 { return t.up.GetTrustedMetadataSet().Root.Signed.Version }

// entry is p's signed entry, or nil when p has released nothing yet.
func (t *trust) entry(p publisher) (*feed.Entry, error) {
	name := feed.EntryName(p.scope)
	tf, err := t.up.GetTargetInfo(name)
	if err != nil {
		// go-tuf reports a missing target with an untyped error; whether
		// p released anything is read from p's own metadata instead,
		// which the walk has then verified and loaded.
		if role := t.up.GetTrustedMetadataSet().Targets[p.name]; role != nil {
			if _, ok := role.Signed.Targets[name]; !ok {
				return nil, nil
			}
		}
		return nil, refuse("publisher %s: %w", p.name, explainErr(err))
	}
	local := filepath.Join(t.dir, p.name+".json")
	// A cached entry that no longer matches its signed hash (or is not
	// there) is simply downloaded again.
	_, data, err := t.up.FindCachedTarget(tf, local)
	if err != nil || data == nil {
		if _, data, err = t.up.DownloadTarget(tf, local, ""); err != nil {
			return nil, refuse("publisher %s: %w", p.name, explainErr(err))
		}
	}
	e, err := feed.ParseEntry(name, data)
	if err != nil {
		return nil, refuse("publisher %s: %w", p.name, err)
	}
	return e, nil
}

// explainTUF turns go-tuf's errors into what a reader or editor can act on.
func explainTUF(err error) string {
	msg := err.Error()
	switch {
	case errors.As(err, new(*metadata.ErrExpiredMetadata)):
		return "the feed's signed metadata has expired (" + msg + "): it may be frozen by an attacker, or no longer maintained"
	case errors.As(err, new(*metadata.ErrBadVersionNumber)):
		return "the feed offers older metadata than this device already trusts (" + msg + "): a rollback"
	case errors.As(err, new(*metadata.ErrUnsignedMetadata)):
		return "a signature does not verify (" + msg + ")"
	case errors.As(err, new(*metadata.ErrLengthOrHashMismatch)):
		return "a file does not match its signed hash or length (" + msg + ")"
	}
	return msg
}

// tufFetcher lets go-tuf's updater read metadata and targets through a
// source. URLs are "<base>/metadata/…" and "<base>/targets/…".
type tufFetcher struct {
	src  Source
	base string
	ctx  context.Context
}

var _ fetcher.Fetcher = (*tufFetcher)(nil)

func (t *tufFetcher) DownloadFile(urlPath string, maxLength int64, _ time.Duration) ([]byte, error) {
	name := strings.TrimPrefix(strings.TrimPrefix(urlPath, t.base), "/")
	data, err := read(t.ctx, t.src, name, maxLength)
	if errors.Is(err, ErrNotFound) {
		// go-tuf stops looking for newer roots on a 404.
		return nil, &metadata.ErrDownloadHTTP{StatusCode: http.StatusNotFound, URL: urlPath}
	}
	if err == nil {
		err = feed.CheckJSON(name, data) // metadata: say so if a page of HTML came instead
	}
	return data, err
}
