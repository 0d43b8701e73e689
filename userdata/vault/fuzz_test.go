package vault

import (
	"bytes"
	"testing"

	"filippo.io/age"
)

// FuzzVaultFormat feeds the vault's stored forms (the wrapped key, a
// sealed metadata record, a document file) with damage: no input may
// panic, hang or open with the wrong key. Seeded with real ones.
func FuzzVaultFormat(f *testing.F) {
	maxUnwrapLogN = 12 // keep each scrypt try cheap
	id, _ := age.GenerateX25519Identity()
	wrapped, _, err := wrapKey(id, "correct horse", testLogN)
	if err != nil {
		f.Fatal(err)
	}
	sealed, _ := seal(id.Recipient(), Meta{ID: "x", Title: "Passport", Category: Identity, Thumb: thumbnail(photo(f, 64, 48))})
	dir := f.TempDir()
	writeBlob(dir, "seed", id.Recipient(), pdf())
	blob, _ := readFile(blobPath(dir, "seed"))
	f.Add(wrapped, sealed, blob)
	f.Add([]byte(keyMagic), []byte("age-encryption.org/v1\n"), []byte{})
	f.Fuzz(func(t *testing.T, wrapped, sealed, blob []byte) {
		KeyWorkFactor(wrapped)
		if got, err := unwrapKey(wrapped, "correct horse"); err == nil && got.String() != id.String() {
			// Another key opened: only possible if the input is a real
			// key for this passphrase, which the fuzzer cannot forge.
			if _, err := unwrapKey(wrapped, "wrong horse"); err == nil {
				t.Fatal("one wrapped key opened with two passphrases")
			}
		}
		unseal(id, sealed)
		if r, err := age.Decrypt(bytes.NewReader(blob), id); err == nil {
			var buf bytes.Buffer
			buf.ReadFrom(r)
		}
	})
}

// FuzzMetadata feeds decrypted metadata records: whatever a sealed record
// holds, unsealing it gives an error or a Meta, never a panic.
func FuzzMetadata(f *testing.F) {
	id, _ := age.GenerateX25519Identity()
	f.Add([]byte(`{"id":"x","title":"Passport","category":"identity","expiry":"2027-01-01T00:00:00Z","added":"2026-12-06T00:00:00Z","mime":"image/jpeg","size":12,"thumb":"AAEC"}`))
	f.Add([]byte(`{}`))
	f.Fuzz(func(t *testing.T, plain []byte) {
		var buf bytes.Buffer
		w, _ := age.Encrypt(&buf, id.Recipient())
		w.Write(plain)
		w.Close()
		m, err := unseal(id, buf.Bytes())
		if err == nil {
			m.ExpiresWithin(m.Added, 0)
			m.IsImage()
		}
	})
}
