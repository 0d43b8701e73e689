package feed

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"testing"

	"github.com/klauspost/compress/zstd"

	"safar.app/safar/assets"
)

// FuzzDecompress: whatever the blob and whatever size the index declares,
// Decompress never returns more bytes than declared, and when it succeeds
// its bytes are the blob's bytes as a separate streaming decoder reads
// them. Seeds: blobs of real content files, and a zstd bomb.
func FuzzDecompress(f *testing.F) {
	n := 0
	fs.WalkDir(assets.Content(), "de", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || n >= 20 {
			return err
		}
		data, _ := fs.ReadFile(assets.Content(), p)
		f.Add(Compress(data), uint32(len(data)))
		n++
		return nil
	})
	f.Add(Compress(make([]byte, 1<<20)), uint32(100))
	f.Fuzz(func(t *testing.T, blob []byte, declared uint32) {
		size := int64(declared % (MaxFileSize + 1))
		want, refErr := reference(blob, size)
		ref := File{Blob: Hash(blob), Size: size, SHA256: Hash(want), ZSize: int64(len(blob))}
		got, err := Decompress(blob, ref)
		if int64(len(got)) > size {
			t.Fatalf("Decompress returned %d bytes, more than the declared %d", len(got), size)
		}
		if err == nil && (refErr != nil || !bytes.Equal(got, want)) {
			t.Fatalf("Decompress gave %d bytes; the reference decoder %d bytes and %v", len(got), len(want), refErr)
		}
		if err != nil && !errors.Is(err, ErrTooLarge) && refErr == nil && int64(len(want)) <= size && bytes.Equal(want, got) {
			t.Fatalf("Decompress refused what it read: %v", err)
		}
	})
}

// reference decodes blob with a streaming decoder, reading at most one
// byte past size.
func reference(blob []byte, size int64) ([]byte, error) {
	d, err := zstd.NewReader(bytes.NewReader(blob), zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxMemory(MaxFileSize+1<<20))
	if err != nil {
		return nil, err
	}
	defer d.Close()
	data, err := io.ReadAll(io.LimitReader(d, size+1))
	if err == nil && int64(len(data)) > size {
		err = ErrTooLarge
	}
	return data, err
}
