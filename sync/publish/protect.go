package publish

import (
	"bytes"
	"crypto/ed25519"
	"errors"
	"fmt"
	"io"

	"filippo.io/age"
	"filippo.io/age/armor"
)

// A protected key file is a key file (PEM, PKCS#8, ed25519) encrypted with
// age to a passphrase (scrypt), ASCII-armored so that it can travel on a
// USB stick or in a mail as text. Its name is the key file's with
// ProtectedSuffix: publisher-berlin.key.age.
const ProtectedSuffix = ".age"

// ProtectWorkFactor is the scrypt work factor (log2 N) of a new protected
// key: age's own default, about a second and 256 MiB, which a publishing
// machine spends once per signing. Tests lower it.
var ProtectWorkFactor = 18

// maxOpenWorkFactor bounds what a protected key file may ask for, so that
// a damaged header cannot make opening it take minutes and gigabytes.
const maxOpenWorkFactor = 20

// ErrWrongPassphrase is a passphrase that does not open a protected key.
var ErrWrongPassphrase = errors.New("wrong passphrase: the key file stays locked and nothing was signed")

// Passphrase asks for the passphrase of the protected key file at file.
// The caller of a Passphrase wipes the returned buffer after use.
type Passphrase func(file string) ([]byte, error)

// IsProtected reports whether data is a protected key file rather than a
// plain one.
func IsProtected(data []byte) bool {
	data = bytes.TrimLeft(data, " \t\r\n")
	return bytes.HasPrefix(data, []byte(armor.Header)) || bytes.HasPrefix(data, []byte("age-encryption.org/"))
}

// ProtectKey encrypts the key file plain to passphrase. It refuses what is
// not a key file, so that a wrong file is not protected by mistake.
func ProtectKey(plain, passphrase []byte) ([]byte, error) {
	priv, err := ParseKey(plain)
	if err != nil {
		return nil, err
	}
	clear(priv)
	if len(passphrase) == 0 {
		return nil, errors.New("the passphrase is empty")
	}
	r, err := age.NewScryptRecipient(string(passphrase))
	if err != nil {
		return nil, err
	}
	r.SetWorkFactor(ProtectWorkFactor)
	var buf bytes.Buffer
	aw := armor.NewWriter(&buf)
	w, err := age.Encrypt(aw, r)
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(plain); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	if err := aw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// OpenKey reads a key file, plain or protected; file names it in messages.
// A protected one is opened with the passphrase ask returns, which is
// wiped after use, as is the decrypted key file. A passphrase that does not
// fit is ErrWrongPassphrase; anything else says the file is damaged.
func OpenKey(data []byte, file string, ask Passphrase) (ed25519.PrivateKey, error) {
	if !IsProtected(data) {
		priv, err := ParseKey(data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		return priv, nil
	}
	if ask == nil {
		return nil, fmt.Errorf("%s is protected by a passphrase, and nobody can be asked for it here", file)
	}
	pass, err := ask(file)
	defer clear(pass)
	if err != nil {
		return nil, err
	}
	if len(pass) == 0 {
		return nil, fmt.Errorf("%s: %w", file, ErrWrongPassphrase)
	}
	id, err := age.NewScryptIdentity(string(pass))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	id.SetMaxWorkFactor(maxOpenWorkFactor)
	var in io.Reader = bytes.NewReader(data)
	if !bytes.HasPrefix(data, []byte("age-encryption.org/")) {
		in = armor.NewReader(bytes.NewReader(bytes.TrimLeft(data, " \t\r\n")))
	}
	r, err := age.Decrypt(in, id)
	var nomatch *age.NoIdentityMatchError
	if errors.As(err, &nomatch) {
		return nil, fmt.Errorf("%s: %w", file, ErrWrongPassphrase)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: the protected key file is damaged (%v); use your copy of it", file, err)
	}
	// One buffer of the largest size, so that no growing leaves a copy of
	// the key behind.
	plain := make([]byte, 16<<10)
	defer clear(plain)
	n, err := io.ReadFull(r, plain)
	switch {
	case err == nil:
		return nil, fmt.Errorf("%s holds more than a key: is it the right file?", file)
	case err != io.ErrUnexpectedEOF && err != io.EOF:
		return nil, fmt.Errorf("%s: the protected key file is damaged (%v); use your copy of it", file, err)
	}
	priv, err := ParseKey(plain[:n])
	if err != nil {
		return nil, fmt.Errorf("%s: the protected content is not a key: %w", file, err)
	}
	return priv, nil
}

// WithPassphrase is r asking ask for the passphrase of each protected key
// file of its keys folder it signs with.
func (r *Repo) WithPassphrase(ask Passphrase) *Repo {
	c := *r
	c.keys.passphrase = ask
	return &c
}
