package backup

import (
	"archive/tar"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// FuzzBackup feeds whole backup files, seeded with a real one: Unpack
// refuses or stages, never panics, and a refusal leaves nothing behind.
func FuzzBackup(f *testing.F) {
	maxLogN = 12 // keep each scrypt try cheap
	src := filled(f, 2)
	f.Add(src.backup(f))
	f.Add([]byte(magic + "1\nage-encryption.org/v1\n"))
	f.Fuzz(func(t *testing.T, file []byte) {
		dir := t.TempDir()
		staged, err := Unpack(bytes.NewReader(file), backupPass, dir)
		if err == nil {
			staged.Discard()
		}
		if left, _ := os.ReadDir(dir); len(left) != 0 {
			t.Fatalf("left behind: %v", left)
		}
	})
}

// FuzzBackupArchive feeds the archive inside the encryption (what a file
// made with the right passphrase but by anything other than Safar could
// hold): names, sizes, manifest and user.db are all checked.
func FuzzBackupArchive(f *testing.F) {
	src := filled(f, 1)
	var b bytes.Buffer
	if _, err := Write(&b, src.store, src.vault.Dir(), backupPass, time.Unix(0, 0), testLogN); err != nil {
		f.Fatal(err)
	}
	// Seed with the real archive, decrypted.
	dir := f.TempDir()
	staged, err := Unpack(bytes.NewReader(b.Bytes()), backupPass, dir)
	if err != nil {
		f.Fatal(err)
	}
	var archive bytes.Buffer
	tw := tar.NewWriter(&archive)
	filepath.WalkDir(staged.stage, func(path string, e os.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		data, _ := os.ReadFile(path)
		rel, _ := filepath.Rel(staged.stage, path)
		tw.WriteHeader(&tar.Header{Name: filepath.ToSlash(rel), Mode: 0o600, Size: int64(len(data)), Typeflag: tar.TypeReg})
		tw.Write(data)
		return nil
	})
	// The manifest goes last, as Write puts it.
	mj, _ := json.Marshal(staged.Manifest)
	tw.WriteHeader(&tar.Header{Name: manifestName, Mode: 0o600, Size: int64(len(mj)), Typeflag: tar.TypeReg})
	tw.Write(mj)
	tw.Close()
	staged.Discard()
	f.Add(archive.Bytes())
	durable = false // nothing fuzzed is ever swapped in
	f.Fuzz(func(t *testing.T, archive []byte) {
		stage := t.TempDir()
		os.Mkdir(filepath.Join(stage, "vault"), 0o700)
		got, m, err := extract(bytes.NewReader(archive), stage)
		if err != nil {
			return
		}
		if match(got, m) == nil {
			checkDB(filepath.Join(stage, "user.db"), m)
		}
	})
}
