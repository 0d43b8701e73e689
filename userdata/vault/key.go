package vault

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"filippo.io/age"
	"golang.org/x/crypto/scrypt"
)

// keyMagic starts a wrapped vault key; its number is the format version,
// raised if the wrapping ever changes so that an old app refuses a key it
// cannot read instead of calling the passphrase wrong.
const keyMagic = "safar-vault-key/1\n"

// The scrypt work factors a new passphrase may get: 2^15 (32 MiB) at
// least, and at most 2^17 (128 MiB) so that a fast phone with little
// memory is not pushed into swapping. r=8, p=1 as age fixes them.
const (
	MinLogN = 15
	MaxLogN = 17
)

// maxUnwrapLogN bounds what a stored key may ask for, so a tampered header
// cannot make an unlock take minutes and gigabytes. (A variable so that
// the fuzz target can keep each try cheap.)
var maxUnwrapLogN = 20

// Target is the time a passphrase check should take on this device.
const Target = 750 * time.Millisecond

// Calibrate picks the scrypt work factor that takes about target on this
// device, between MinLogN and MaxLogN. It measures 2^12 and scales: the
// cost of scrypt doubles with each step of logN.
func Calibrate(target time.Duration) int {
	const probe = 12
	start := time.Now()
	scrypt.Key([]byte("calibrate"), []byte("safar-vault-calibrate"), 1<<probe, 8, 1, 32)
	took := time.Since(start)
	logN := probe
	for logN < MaxLogN && took*2 <= target {
		took *= 2
		logN++
	}
	return max(logN, MinLogN)
}

func kdfName(logN int) string { return fmt.Sprintf("scrypt logN=%d r=8 p=1", logN) }

// wrapKey encrypts the identity to the passphrase. logN 0 calibrates.
func wrapKey(id *age.X25519Identity, passphrase string, logN int) ([]byte, int, error) {
	if logN == 0 {
		logN = Calibrate(Target)
	}
	r, err := age.NewScryptRecipient(passphrase)
	if err != nil {
		return nil, 0, err
	}
	r.SetWorkFactor(logN)
	var buf bytes.Buffer
	buf.WriteString(keyMagic)
	w, err := age.Encrypt(&buf, r)
	if err != nil {
		return nil, 0, err
	}
	io.WriteString(w, id.String())
	if err := w.Close(); err != nil {
		return nil, 0, err
	}
	return buf.Bytes(), logN, nil
}

// unwrapKey opens a wrapped key; a passphrase that does not fit is
// ErrWrongPassphrase, anything else a damaged key.
func unwrapKey(wrapped []byte, passphrase string) (*age.X25519Identity, error) {
	body, err := keyBody(wrapped)
	if err != nil {
		return nil, err
	}
	sid, err := age.NewScryptIdentity(passphrase)
	if err != nil {
		return nil, err
	}
	sid.SetMaxWorkFactor(maxUnwrapLogN)
	r, err := age.Decrypt(bytes.NewReader(body), sid)
	var nomatch *age.NoIdentityMatchError
	if errors.As(err, &nomatch) {
		return nil, ErrWrongPassphrase
	}
	if err != nil {
		return nil, fmt.Errorf("the vault key is damaged: %w", err)
	}
	text, err := io.ReadAll(io.LimitReader(r, 256))
	if err != nil {
		return nil, fmt.Errorf("the vault key is damaged: %w", err)
	}
	id, err := age.ParseX25519Identity(strings.TrimSpace(string(text)))
	if err != nil {
		return nil, fmt.Errorf("the vault key is damaged: %w", err)
	}
	return id, nil
}

func keyBody(wrapped []byte) ([]byte, error) {
	if bytes.HasPrefix(wrapped, []byte(keyMagic)) {
		return wrapped[len(keyMagic):], nil
	}
	if bytes.HasPrefix(wrapped, []byte("safar-vault-key/")) {
		return nil, errUnknownKeyFormat
	}
	return nil, errors.New("the vault key is damaged: not a Safar vault key")
}

// KeyWorkFactor reads the scrypt work factor from a wrapped key's age
// header ("-> scrypt <salt> <logN>"), without the passphrase.
func KeyWorkFactor(wrapped []byte) (int, error) {
	body, err := keyBody(wrapped)
	if err != nil {
		return 0, err
	}
	sc := bufio.NewScanner(bytes.NewReader(body))
	for i := 0; i < 3 && sc.Scan(); i++ {
		f := strings.Fields(sc.Text())
		if len(f) == 4 && f[0] == "->" && f[1] == "scrypt" {
			return strconv.Atoi(f[3])
		}
	}
	return 0, errors.New("the vault key has no scrypt stanza")
}
