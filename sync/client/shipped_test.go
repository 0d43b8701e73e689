package client

import (
	"encoding/json"
	"io/fs"
	"strings"
	"testing"
	"time"

	"github.com/theupdateframework/go-tuf/v2/metadata"

	"safar.app/safar/assets"
	"safar.app/safar/sync/feed"
)

// TestShippedRootOfTrust checks the root built into the app: a TUF root
// with a threshold of root keys, not about to expire.
func TestShippedRootOfTrust(t *testing.T) {
	data := assets.TrustRoot()
	if data == nil {
		t.Fatal("assets/trust/root.json is missing: the app would trust no feed")
	}
	root, err := metadata.Root().FromBytes(data)
	if err != nil {
		t.Fatalf("assets/trust/root.json: %v", err)
	}
	role := root.Signed.Roles[metadata.ROOT]
	if role.Threshold < 2 || len(role.KeyIDs) < 3 {
		t.Errorf("root: threshold %d of %d keys; want at least 2 of 3", role.Threshold, len(role.KeyIDs))
	}
	if err := root.VerifyDelegate(metadata.ROOT, root); err != nil {
		t.Errorf("root.json is not signed by its own root keys: %v", err)
	}
	// A client accepts newer roots signed by this one, but only while some
	// root is current: the root keys' holders sign a new version yearly.
	if left := time.Until(root.Signed.Expires); left < 30*24*time.Hour {
		t.Errorf("the feed's root expires on %s: sign a new root version (safar-publish rotate-root) and ship it",
			root.Signed.Expires.Format(time.DateOnly))
	}
}

// TestShippedReleasesMatchTheEmbeddedPack: the embedded pack is a snapshot
// of the feed. Every shipped release matches the embedded files, and every
// embedded file lies in a shipped release.
func TestShippedReleasesMatchTheEmbeddedPack(t *testing.T) {
	var rel feed.Releases
	if err := json.Unmarshal(assets.ShippedReleases(), &rel); err != nil {
		t.Fatalf("assets/trust/releases.json: %v", err)
	}
	for name, r := range rel {
		if !r.Matches(assets.Content()) {
			t.Errorf("assets/content/%s differs from %s's release %d: publish it with make snapshot", r.Scope, name, r.Sequence)
		}
	}
	fs.WalkDir(assets.Content(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		for _, r := range rel {
			if strings.HasPrefix(p, r.Scope) {
				return nil
			}
		}
		t.Errorf("assets/content/%s is in no publisher's folder: add a publisher for it, then make snapshot", p)
		return nil
	})
}
