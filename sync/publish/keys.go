package publish

import (
	"crypto"
	"crypto/ed25519"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"github.com/sigstore/sigstore/pkg/signature"
	"github.com/theupdateframework/go-tuf/v2/metadata"
)

// Keys are files in the keys folder, one private key each, PEM PKCS#8
// ed25519. Root and delegation keys are kept offline by the people who
// hold them; the online key (snapshot and timestamp) lives with the
// publishing pipeline.
type keyring struct {
	dir string
	// given are keys handed in by name rather than read from dir: the
	// Studio's editor opens their publisher key from a file of their own.
	given map[string]ed25519.PrivateKey
	// passphrase asks for the passphrase of a protected key file (one
	// ending in .key.age); nil refuses protected keys.
	passphrase Passphrase
}

func (k keyring) path(name string) string { return filepath.Join(k.dir, name+".key") }

func (k keyring) generate(name string) (ed25519.PrivateKey, error) {
	for _, p := range []string{k.path(name), k.path(name) + ProtectedSuffix} {
		if _, err := os.Stat(p); err == nil {
			return nil, fmt.Errorf("key %s already exists in %s", name, k.dir)
		}
	}
	_, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		return nil, err
	}
	der, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(k.dir, 0o700); err != nil {
		return nil, err
	}
	data := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
	return priv, os.WriteFile(k.path(name), data, 0o600)
}

func (k keyring) load(name string) (ed25519.PrivateKey, error) {
	if priv, ok := k.given[name]; ok {
		return priv, nil
	}
	// The plain file first; its protected form when the plain one was
	// removed after protect-key.
	path := k.path(name)
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		if d, perr := os.ReadFile(path + ProtectedSuffix); perr == nil {
			path, data, err = path+ProtectedSuffix, d, nil
		}
	}
	if err != nil {
		return nil, fmt.Errorf("key %s: %w (is the keys folder the one from init?)", name, err)
	}
	priv, err := OpenKey(data, path, k.passphrase)
	if err != nil {
		return nil, fmt.Errorf("key %s: %w", name, err)
	}
	return priv, nil
}

// ParseKey reads a key file as init and add-publisher write it: PEM,
// PKCS#8, ed25519.
func ParseKey(data []byte) (ed25519.PrivateKey, error) {
	block, _ := pem.Decode(data)
	if block == nil {
		return nil, fmt.Errorf("not a PEM key file")
	}
	key, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	clear(block.Bytes)
	if err != nil {
		return nil, err
	}
	priv, ok := key.(ed25519.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("not an ed25519 key")
	}
	return priv, nil
}

// WithPublisherKey is r signing publisher name's releases with keyFile,
// the content of a key file the editor opened (fileName, for messages),
// instead of a file of the keys folder; the online key still comes from
// there. A protected key file is opened with passphrase, which is wiped.
// The returned function wipes the key from memory: call it once the
// release is signed.
func (r *Repo) WithPublisherKey(name, fileName string, keyFile, passphrase []byte) (*Repo, func(), error) {
	priv, err := OpenKey(keyFile, fileName, func(string) ([]byte, error) {
		if len(passphrase) == 0 {
			return nil, fmt.Errorf("%s is protected by a passphrase: type it to open the key", fileName)
		}
		return passphrase, nil
	})
	clear(passphrase)
	if err != nil {
		return nil, nil, err
	}
	// A key the delegation does not name would sign metadata every client
	// refuses: say so before anything is written.
	_, id, err := publicKey(priv)
	if err != nil {
		return nil, nil, err
	}
	targets, err := r.loadTargets(metadata.TARGETS)
	if err != nil {
		return nil, nil, err
	}
	known := false
	for _, d := range targets.Signed.Delegations.Roles {
		if d.Name == name {
			known = true
			if !slices.Contains(d.KeyIDs, id) {
				clear(priv)
				return nil, nil, fmt.Errorf("%s is not %s's current publisher key", fileName, name)
			}
		}
	}
	if !known {
		clear(priv)
		return nil, nil, fmt.Errorf("no publisher %s in the feed", name)
	}
	c := *r
	c.keys.given = map[string]ed25519.PrivateKey{"publisher-" + name: priv}
	c.publisherKey = nil
	return &c, func() { clear(priv) }, nil
}

func (k keyring) signer(name string) (signature.Signer, error) {
	priv, err := k.load(name)
	if err != nil {
		return nil, err
	}
	return signature.LoadSigner(priv, crypto.Hash(0))
}

func publicKey(priv ed25519.PrivateKey) (*metadata.Key, string, error) {
	key, err := metadata.KeyFromPublicKey(priv.Public())
	if err != nil {
		return nil, "", err
	}
	id, err := key.ID()
	return key, id, err
}

// retire keeps a replaced key under another name, so that nothing signs
// with it by mistake and its holder can still prove what it signed. Both
// forms of the key (plain and protected) are retired.
func (k keyring) retire(name string) error {
	retired := false
	for _, suffix := range []string{"", ProtectedSuffix} {
		from := k.path(name) + suffix
		if _, err := os.Stat(from); err != nil {
			continue
		}
		for i := 1; ; i++ {
			to := filepath.Join(k.dir, fmt.Sprintf("%s.retired-%d.key%s", name, i, suffix))
			if _, err := os.Stat(to); err == nil {
				continue
			}
			if err := os.Rename(from, to); err != nil {
				return err
			}
			break
		}
		retired = true
	}
	if !retired {
		return fmt.Errorf("key %s: %w (is the keys folder the one from init?)", name, fs.ErrNotExist)
	}
	return nil
}
