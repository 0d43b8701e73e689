package vault

import (
	"bytes"
	"image"
	"image/jpeg"
	_ "image/png" // PNG photos and screenshots

	"golang.org/x/image/draw"
)

// ThumbSize is the longest side of a thumbnail, in pixels.
const ThumbSize = 240

// thumbnail makes a small JPEG of an image, or nil if it cannot be
// decoded. It is encrypted with the rest of the metadata.
func thumbnail(data []byte) []byte {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width*cfg.Height > 100_000_000 {
		return nil // not an image, or one too large to decode on a phone
	}
	src, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil
	}
	b := src.Bounds()
	w, h := ThumbSize, ThumbSize
	if b.Dx() > b.Dy() {
		h = max(1, b.Dy()*ThumbSize/b.Dx())
	} else {
		w = max(1, b.Dx()*ThumbSize/b.Dy())
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.ApproxBiLinear.Scale(dst, dst.Bounds(), src, b, draw.Src, nil)
	var out bytes.Buffer
	if err := jpeg.Encode(&out, dst, &jpeg.Options{Quality: 80}); err != nil {
		return nil
	}
	return out.Bytes()
}
