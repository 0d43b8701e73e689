package vault

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"safar.app/safar/userdata"
)

// Marker is written into every test document and its metadata; no file
// on disk may contain it (Plaintext checks). It is made at run time, so
// that the test binary itself does not hold it.
var Marker = "SAFAR-PLAINTEXT-MARKER-" + newID()

const testLogN = 10 // fast; the app calibrates (Calibrate)

type clock struct{ t atomic.Int64 }

func (c *clock) now() time.Time      { return time.Unix(0, c.t.Load()) }
func (c *clock) add(d time.Duration) { c.t.Add(int64(d)) }
func newClock(t time.Time) *clock    { c := &clock{}; c.t.Store(t.UnixNano()); return c }
func testVault(t *testing.T) (*Vault, *userdata.Store, string) {
	t.Helper()
	dir := t.TempDir()
	t.Setenv("TMPDIR", t.TempDir()) // the temp folder Plaintext searches
	s, st := userdata.OpenFolder(dir)
	if st.Damaged || st.ReadOnly {
		t.Fatal(st)
	}
	t.Cleanup(func() { s.Close() })
	return New(s, filepath.Join(dir, "vault"), Options{LogN: testLogN, Idle: -1}), s, dir
}

// photo is a JPEG with the marker in a comment, as a camera's EXIF might
// carry a name.
func photo(t testing.TB, w, h int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), uint8(x ^ y), 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	// A COM segment right after SOI.
	com := append([]byte{0xFF, 0xFE, 0, byte(len(Marker) + 2)}, Marker...)
	return append(append(append([]byte{}, b[:2]...), com...), b[2:]...)
}

func pdf() []byte {
	return []byte("%PDF-1.4\n1 0 obj << /Title (" + Marker + ") >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
}

// Plaintext returns the files under dirs that hold the marker.
func Plaintext(t testing.TB, dirs ...string) []string {
	t.Helper()
	var found []string
	for _, d := range dirs {
		filepath.WalkDir(d, func(path string, e fs.DirEntry, err error) error {
			if err != nil || e.IsDir() {
				return nil
			}
			if b, err := os.ReadFile(path); err == nil && bytes.Contains(b, []byte(Marker)) {
				found = append(found, path)
			}
			return nil
		})
	}
	return found
}

func TestAddListOpenExportDelete(t *testing.T) {
	v, _, dir := testVault(t)
	if ok, _ := v.Exists(); ok {
		t.Fatal("a new folder has a vault")
	}
	if err := v.Create("correct horse"); err != nil {
		t.Fatal(err)
	}
	img := photo(t, 640, 480)
	expiry := time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC)
	p, err := v.Add(bytes.NewReader(img), Meta{Title: "Passport " + Marker, Category: Identity, Notes: Marker, Expiry: expiry, Name: "IMG_1.jpg"})
	if err != nil {
		t.Fatal(err)
	}
	d, err := v.Add(bytes.NewReader(pdf()), Meta{Title: "Vaccination card", Category: Health})
	if err != nil {
		t.Fatal(err)
	}
	if p.MIME != "image/jpeg" || d.MIME != "application/pdf" || len(p.Thumb) == 0 || d.Thumb != nil {
		t.Errorf("kinds: %s thumb %d, %s thumb %d", p.MIME, len(p.Thumb), d.MIME, len(d.Thumb))
	}
	if _, err := v.Add(strings.NewReader("just text"), Meta{Title: "x"}); !errors.Is(err, ErrUnsupportedKind) {
		t.Errorf("a text file was taken: %v", err)
	}

	list, err := v.List()
	if err != nil || len(list) != 2 {
		t.Fatalf("List = %d documents, %v", len(list), err)
	}
	got := map[string]Meta{list[0].ID: list[0], list[1].ID: list[1]}
	if g := got[p.ID]; g.Title != p.Title || g.Category != Identity || g.Notes != Marker || !g.Expiry.Equal(expiry) || g.Size != int64(len(img)) {
		t.Errorf("listed %+v", g)
	}
	if _, _, err := image.Decode(bytes.NewReader(got[p.ID].Thumb)); err != nil {
		t.Errorf("thumbnail: %v", err)
	}
	_, data, err := v.Open(p.ID)
	if err != nil || !bytes.Equal(data, img) {
		t.Fatalf("Open gave %d bytes, %v", len(data), err)
	}
	var out bytes.Buffer
	if err := v.Export(d.ID, &out); err != nil || !bytes.Equal(out.Bytes(), pdf()) {
		t.Errorf("Export: %v", err)
	}
	soon, _ := v.Expiring(time.Date(2027, 1, 15, 0, 0, 0, 0, time.UTC), 60*24*time.Hour)
	if len(soon) != 1 || soon[0].ID != p.ID {
		t.Errorf("expiring within 60 days of 15 Jan 2027: %v", soon)
	}
	soon, _ = v.Expiring(time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), 60*24*time.Hour)
	if len(soon) != 0 {
		t.Errorf("expiring within 60 days of 1 Dec 2026: %v", soon)
	}

	p.Title, p.Notes = "Passport (old)", ""
	if err := v.Update(p); err != nil {
		t.Fatal(err)
	}
	if m, _, _ := v.Open(p.ID); m.Title != "Passport (old)" || m.Notes != "" || m.Size != int64(len(img)) {
		t.Errorf("after Update: %+v", m)
	}

	if found := Plaintext(t, dir, os.TempDir()); len(found) > 0 {
		t.Errorf("plaintext on disk: %v", found)
	}
	// The search itself finds a decrypted copy, once the reader exports one.
	exported := filepath.Join(os.TempDir(), "exported.pdf")
	os.WriteFile(exported, out.Bytes(), 0o600)
	if found := Plaintext(t, dir, os.TempDir()); len(found) != 1 || found[0] != exported {
		t.Errorf("Plaintext found %v, want the exported copy", found)
	}
	os.Remove(exported)

	if err := v.Delete(p.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(blobPath(v.Dir(), p.ID)); !errors.Is(err, fs.ErrNotExist) {
		t.Error("deleted document's file is still there")
	}
	if list, _ := v.List(); len(list) != 1 || list[0].ID != d.ID {
		t.Errorf("after Delete: %v", list)
	}
	if err := v.Delete(p.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("second Delete = %v", err)
	}
}

func TestLockedVaultRefusesEverything(t *testing.T) {
	v, _, _ := testVault(t)
	v.Create("correct horse")
	m, _ := v.Add(bytes.NewReader(pdf()), Meta{Title: "a"})
	v.Lock()
	if v.Unlocked() {
		t.Fatal("still unlocked")
	}
	if _, err := v.List(); !errors.Is(err, ErrLocked) {
		t.Errorf("List = %v", err)
	}
	if _, _, err := v.Open(m.ID); !errors.Is(err, ErrLocked) {
		t.Errorf("Open = %v", err)
	}
	if _, err := v.Add(bytes.NewReader(pdf()), Meta{}); !errors.Is(err, ErrLocked) {
		t.Errorf("Add = %v", err)
	}
	if err := v.Delete(m.ID); !errors.Is(err, ErrLocked) {
		t.Errorf("Delete = %v", err)
	}
	if err := v.Unlock("correct horse"); err != nil {
		t.Fatal(err)
	}
	if list, _ := v.List(); len(list) != 1 {
		t.Errorf("after unlock: %v", list)
	}
}

func TestIdleLock(t *testing.T) {
	dir := t.TempDir()
	s, _ := userdata.OpenFolder(dir)
	defer s.Close()
	locked := make(chan struct{}, 1)
	v := New(s, filepath.Join(dir, "vault"), Options{LogN: testLogN, Idle: 20 * time.Millisecond,
		OnLock: func() { locked <- struct{}{} }})
	if err := v.Create("correct horse"); err != nil {
		t.Fatal(err)
	}
	select {
	case <-locked:
	case <-time.After(10 * time.Second):
		t.Fatal("the vault did not lock when idle")
	}
	if v.Unlocked() {
		t.Error("OnLock called but the vault is unlocked")
	}
}

func TestWrongPassphraseDelaysButNeverWipes(t *testing.T) {
	v, s, dir := testVault(t)
	clk := newClock(time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC))
	v.opts.Now = clk.now
	v.Create("correct horse")
	m, _ := v.Add(bytes.NewReader(pdf()), Meta{Title: "kept"})
	v.Lock()

	for i := 1; i <= 3; i++ {
		if err := v.Unlock("wrong horse"); !errors.Is(err, ErrWrongPassphrase) {
			t.Fatalf("try %d: %v", i, err)
		}
	}
	// Three slips cost nothing; the fourth makes the next try wait.
	if err := v.Unlock("wrong horse"); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("try 4: %v", err)
	}
	var wait *WaitError
	if err := v.Unlock("correct horse"); !errors.As(err, &wait) || !wait.Until.Equal(clk.now().Add(30*time.Second)) {
		t.Fatalf("right passphrase during the wait = %v", err)
	}
	// The count survives a restart.
	v2 := New(s, filepath.Join(dir, "vault"), Options{LogN: testLogN, Idle: -1, Now: clk.now})
	if n, next, _ := v2.Failures(); n != 4 || !next.Equal(wait.Until) {
		t.Errorf("after restart: %d failures, next %v", n, next)
	}
	clk.add(31 * time.Second)
	if err := v2.Unlock("wrong horse"); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatal(err)
	}
	if err := v2.Unlock("correct horse"); !errors.As(err, &wait) || wait.Until.Sub(clk.now()) != time.Minute {
		t.Fatalf("fifth wrong try should double the wait: %v", err)
	}
	clk.add(time.Minute)
	if err := v2.Unlock("correct horse"); err != nil {
		t.Fatal(err)
	}
	if n, _, _ := v2.Failures(); n != 0 {
		t.Errorf("failures after unlock: %d", n)
	}
	if _, _, err := v2.Open(m.ID); err != nil {
		t.Errorf("the document after wrong tries: %v", err)
	}
}

func TestDelayGrowsAndIsCapped(t *testing.T) {
	for n, want := range map[int]time.Duration{0: 0, 3: 0, 4: 30 * time.Second, 5: time.Minute, 6: 2 * time.Minute, 10: 32 * time.Minute, 11: time.Hour, 1000: time.Hour} {
		if got := Delay(n); got != want {
			t.Errorf("Delay(%d) = %v, want %v", n, got, want)
		}
	}
}

func TestChangePassphraseRewrapsWithoutReencrypting(t *testing.T) {
	v, s, _ := testVault(t)
	v.Create("correct horse")
	m, _ := v.Add(bytes.NewReader(photo(t, 64, 64)), Meta{Title: "a"})
	blob, _ := os.ReadFile(blobPath(v.Dir(), m.ID))
	var sealed []byte
	s.DB().QueryRow(`SELECT sealed FROM vault_document`).Scan(&sealed)

	if err := v.ChangePassphrase("wrong horse", "battery staple"); !errors.Is(err, ErrWrongPassphrase) {
		t.Fatalf("change with a wrong old passphrase = %v", err)
	}
	if err := v.ChangePassphrase("correct horse", "short"); !errors.Is(err, ErrShortPassphrase) {
		t.Fatalf("short new passphrase = %v", err)
	}
	if err := v.ChangePassphrase("correct horse", "battery staple"); err != nil {
		t.Fatal(err)
	}
	v.Lock()
	if err := v.Unlock("correct horse"); !errors.Is(err, ErrWrongPassphrase) {
		t.Errorf("old passphrase after change = %v", err)
	}
	if err := v.Unlock("battery staple"); err != nil {
		t.Fatal(err)
	}
	after, _ := os.ReadFile(blobPath(v.Dir(), m.ID))
	var sealedAfter []byte
	s.DB().QueryRow(`SELECT sealed FROM vault_document`).Scan(&sealedAfter)
	if !bytes.Equal(blob, after) || !bytes.Equal(sealed, sealedAfter) {
		t.Error("changing the passphrase re-encrypted a document")
	}
	if !s.BackupDue() {
		t.Error("a passphrase change should call for a backup reminder")
	}
}

func TestKeyHeaderCarriesWorkFactor(t *testing.T) {
	v, s, _ := testVault(t)
	v.Create("correct horse")
	var wrapped []byte
	var kdf string
	s.DB().QueryRow(`SELECT wrapped, kdf FROM vault_key`).Scan(&wrapped, &kdf)
	if n, err := KeyWorkFactor(wrapped); err != nil || n != testLogN {
		t.Errorf("KeyWorkFactor = %d, %v; want %d", n, err, testLogN)
	}
	if kdf != "scrypt logN=10 r=8 p=1" {
		t.Errorf("kdf column %q", kdf)
	}
	future := append([]byte("safar-vault-key/2\n"), wrapped[len(keyMagic):]...)
	if _, err := unwrapKey(future, "correct horse"); !errors.Is(err, errUnknownKeyFormat) {
		t.Errorf("a future key format = %v", err)
	}
}

func TestCalibrateStaysInBounds(t *testing.T) {
	for _, target := range []time.Duration{time.Nanosecond, Target, time.Hour} {
		if n := Calibrate(target); n < MinLogN || n > MaxLogN {
			t.Errorf("Calibrate(%v) = %d", target, n)
		}
	}
	if Calibrate(time.Nanosecond) != MinLogN || Calibrate(time.Hour) != MaxLogN {
		t.Error("Calibrate does not reach its bounds")
	}
}

func TestTidyRemovesWhatACrashLeft(t *testing.T) {
	v, _, _ := testVault(t)
	v.Create("correct horse")
	m, _ := v.Add(bytes.NewReader(pdf()), Meta{Title: "kept"})
	orphan := blobPath(v.Dir(), newID())
	tmp := filepath.Join(v.Dir(), ".tmp-123")
	os.WriteFile(orphan, []byte("age ciphertext of an add that never committed"), 0o600)
	os.WriteFile(tmp, []byte("half"), 0o600)
	v.Lock()
	v.Unlock("correct horse")
	for _, p := range []string{orphan, tmp} {
		if _, err := os.Stat(p); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s left", p)
		}
	}
	if _, _, err := v.Open(m.ID); err != nil {
		t.Errorf("listed document removed by tidy: %v", err)
	}
}

func TestDamagedBlobIsNamed(t *testing.T) {
	v, _, _ := testVault(t)
	v.Create("correct horse")
	m, _ := v.Add(bytes.NewReader(photo(t, 32, 32)), Meta{Title: "a"})
	b, _ := os.ReadFile(blobPath(v.Dir(), m.ID))
	b[len(b)-5] ^= 1
	os.WriteFile(blobPath(v.Dir(), m.ID), b, 0o600)
	if _, _, err := v.Open(m.ID); !errors.Is(err, ErrDamagedDocument) {
		t.Errorf("flipped bit: %v", err)
	}
	os.Remove(blobPath(v.Dir(), m.ID))
	if _, _, err := v.Open(m.ID); !errors.Is(err, ErrMissingDocument) {
		t.Errorf("missing file: %v", err)
	}
}

func readFile(path string) ([]byte, error) { return os.ReadFile(path) }
