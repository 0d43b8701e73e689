package publish

import (
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strconv"

	"github.com/theupdateframework/go-tuf/v2/metadata"
)

// RotateRoot replaces root keys: it writes root version n+1 with the root
// keys named in newKeys (generated if missing) at threshold, signed by the
// threshold of the current root keys (oldKeys) and by the new keys, as TUF
// requires. Clients that trust root n move to n+1 on their next sync.
func (r *Repo) RotateRoot(oldKeys, newKeys []string, threshold int) error {
	v, err := r.latest(metadata.ROOT)
	if err != nil {
		return err
	}
	root, err := metadata.Root().FromFile(r.meta(fmt.Sprintf("%d.root.json", v)))
	if err != nil {
		return err
	}
	if threshold < 1 || threshold > len(newKeys) {
		return fmt.Errorf("threshold %d must be between 1 and %d", threshold, len(newKeys))
	}
	for _, id := range append([]string{}, root.Signed.Roles[metadata.ROOT].KeyIDs...) {
		if err := root.Signed.RevokeKey(id, metadata.ROOT); err != nil {
			return err
		}
	}
	for _, name := range newKeys {
		priv, err := r.keys.load(name)
		if errors.Is(err, fs.ErrNotExist) {
			priv, err = r.keys.generate(name)
		}
		if err != nil {
			return err
		}
		key, _, err := publicKey(priv)
		if err != nil {
			return err
		}
		if err := root.Signed.AddKey(key, metadata.ROOT); err != nil {
			return err
		}
	}
	root.Signed.Roles[metadata.ROOT].Threshold = threshold
	root.Signed.Version = v + 1
	root.Signed.Expires = Now().Add(RootExpiry)
	root.ClearSignatures()
	// A key kept from the old root signs once: TUF refuses a key's two signatures.
	signers := slices.Clone(oldKeys)
	for _, k := range newKeys {
		if !slices.Contains(signers, k) {
			signers = append(signers, k)
		}
	}
	if err := r.signWith(root, signers); err != nil {
		return err
	}
	return root.ToFile(r.meta(strconv.FormatInt(v+1, 10)+".root.json"), true)
}

// RevokePublisher replaces a publisher's key, for a key that was lost or
// stolen: the delegation then trusts only the new key, and whatever the old
// key signs is refused. The entry the old key signed last is dropped, not
// signed again: it may be what the thief wrote. The publisher's next
// `release` signs its folder anew with the new key.
func (r *Repo) RevokePublisher(name string) error {
	targets, err := r.loadTargets(metadata.TARGETS)
	if err != nil {
		return err
	}
	var role *metadata.DelegatedRole
	for i := range targets.Signed.Delegations.Roles {
		if targets.Signed.Delegations.Roles[i].Name == name {
			role = &targets.Signed.Delegations.Roles[i]
		}
	}
	if role == nil {
		return fmt.Errorf("no publisher %s", name)
	}
	for _, id := range role.KeyIDs {
		delete(targets.Signed.Delegations.Keys, id)
	}
	if err := r.keys.retire("publisher-" + name); err != nil {
		return err
	}
	key, id, err := r.newPublisherKey(name)
	if err != nil {
		return err
	}
	role.KeyIDs = []string{id}
	targets.Signed.Delegations.Keys[id] = key
	d, err := r.loadTargets(name)
	if err != nil {
		return err
	}
	d.Signed.Targets = map[string]*metadata.TargetFiles{}
	d.Signed.Expires = Now().Add(PublisherExpiry)
	return r.commitTargets(targets, map[string]*metadata.Metadata[metadata.TargetsType]{name: d})
}

// RotateOnline replaces the online key, which signs snapshot and
// timestamp, in a new root signed by the threshold of rootKeys, and signs
// a new snapshot and timestamp with it. Run it when the online key may
// have been stolen, or after a timestamp or snapshot was signed with a
// version far ahead: a device that trusted such metadata drops it once
// the root no longer trusts the key that signed it (TUF's fast-forward
// recovery), and takes the feed's honest metadata again.
func (r *Repo) RotateOnline(rootKeys []string) error {
	v, err := r.latest(metadata.ROOT)
	if err != nil {
		return err
	}
	root, err := metadata.Root().FromFile(r.meta(fmt.Sprintf("%d.root.json", v)))
	if err != nil {
		return err
	}
	for _, role := range []string{metadata.SNAPSHOT, metadata.TIMESTAMP} {
		for _, id := range append([]string{}, root.Signed.Roles[role].KeyIDs...) {
			if err := root.Signed.RevokeKey(id, role); err != nil {
				return err
			}
		}
	}
	if err := r.keys.retire("online"); err != nil {
		return err
	}
	priv, err := r.keys.generate("online")
	if err != nil {
		return err
	}
	key, _, err := publicKey(priv)
	if err != nil {
		return err
	}
	for _, role := range []string{metadata.SNAPSHOT, metadata.TIMESTAMP} {
		if err := root.Signed.AddKey(key, role); err != nil {
			return err
		}
	}
	root.Signed.Version = v + 1
	root.Signed.Expires = Now().Add(RootExpiry)
	root.ClearSignatures()
	if err := r.signWith(root, rootKeys); err != nil {
		return err
	}
	if err := root.ToFile(r.meta(strconv.FormatInt(v+1, 10)+".root.json"), true); err != nil {
		return err
	}
	return r.commitTargets(nil, nil) // a new snapshot and timestamp, signed with the new key
}
