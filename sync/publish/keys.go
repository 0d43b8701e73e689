package publish

import (
	"crypto"
	"crypto/ed25519"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"os"
	"path/filepath"

	"github.com/sigstore/sigstore/pkg/signature"
	"github.com/theupdateframework/go-tuf/v2/metadata"
)

// Keys are files in the keys folder, one private key each, PEM PKCS#8
// ed25519. Root and delegation keys are kept offline by the people who
// hold them; the online key (snapshot and timestamp) lives with the
// publishing pipeline.
type keyring struct{ dir string }

func (k keyring) path(name string) string { return filepath.Join(k.dir, name+".key") }

func (k keyring) generate(name string) (ed25519.PrivateKey, error) {
	if _, err := os.Stat(k.path(name)); err == nil {
		return nil, fmt.Errorf("key %s already exists in %s", name, k.dir)
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
	data, err := os.ReadFile(k.path(name))
	if err != nil {
		return nil, fmt.Errorf("key %s: %w (is the keys folder the one from init?)", name, err)
	}
	block, _ := pem.Decode(data)
	if block == nil {
		return nil, fmt.Errorf("key %s: %s is not a PEM file", name, k.path(name))
	}
	key, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("key %s: %w", name, err)
	}
	priv, ok := key.(ed25519.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("key %s is not an ed25519 key", name)
	}
	return priv, nil
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
// with it by mistake and its holder can still prove what it signed.
func (k keyring) retire(name string) error {
	for i := 1; ; i++ {
		to := filepath.Join(k.dir, fmt.Sprintf("%s.retired-%d.key", name, i))
		if _, err := os.Stat(to); err == nil {
			continue
		}
		return os.Rename(k.path(name), to)
	}
}
