package backup

import (
	"bytes"
	"image"
	"image/jpeg"
	"io"
	"math/rand/v2"
	"testing"
	"time"

	"safar.app/safar/userdata/vault"
)

// The vault's speed targets. Unlock and backup use the work factor the
// app would pick on this machine (Calibrate), not the tests' small one:
// unlock is meant to take about 0.5–1 s on a low-end phone.

func BenchmarkUnlock(b *testing.B) {
	f := newFolder(b)
	v := vault.New(f.store, f.vault.Dir(), vault.Options{Idle: -1}) // calibrated work factor
	if err := v.Create(vaultPass); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		v.Lock()
		if err := v.Unlock(vaultPass); err != nil {
			b.Fatal(err)
		}
	}
}

// photo5MB is a JPEG of about 5 MB, as a phone camera makes.
// Noise makes it as large as a real photo: a gradient compresses too well.
func photo5MB(b *testing.B) []byte {
	rng := rand.New(rand.NewPCG(1, 2))
	for w := 1800; ; w += w / 10 {
		h := w * 3 / 4
		img := image.NewRGBA(image.Rect(0, 0, w, h))
		for i := range img.Pix {
			img.Pix[i] = byte(rng.Uint32())
		}
		var buf bytes.Buffer
		jpeg.Encode(&buf, img, &jpeg.Options{Quality: 92})
		if buf.Len() >= 5<<20 {
			return buf.Bytes()
		}
	}
}

func BenchmarkAdd5MBPhoto(b *testing.B) {
	f := newFolder(b)
	f.vault.Create(vaultPass)
	p := photo5MB(b)
	b.SetBytes(int64(len(p)))
	b.ResetTimer()
	for b.Loop() {
		if _, err := f.vault.Add(bytes.NewReader(p), vault.Meta{Title: "photo"}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkOpenDocument(b *testing.B) {
	f := newFolder(b)
	f.vault.Create(vaultPass)
	p := photo5MB(b)
	m, err := f.vault.Add(bytes.NewReader(p), vault.Meta{Title: "photo"})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(p)))
	b.ResetTimer()
	for b.Loop() {
		if _, _, err := f.vault.Open(m.ID); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBackup50Documents backs up a vault of 50 photos of about 1 MB
// each with the calibrated work factor.
func BenchmarkBackup50Documents(b *testing.B) {
	f := filled(b, 0)
	p := photo(b, 1200, 900, 1)
	for i := range 50 {
		p[len(p)-3] = byte(i) // 50 different files
		if _, err := f.vault.Add(bytes.NewReader(p), vault.Meta{Title: "photo"}); err != nil {
			b.Fatal(err)
		}
	}
	logN := vault.Calibrate(vault.Target)
	b.ResetTimer()
	for b.Loop() {
		if _, err := Write(io.Discard, f.store, f.vault.Dir(), backupPass, time.Now(), logN); err != nil {
			b.Fatal(err)
		}
	}
}
