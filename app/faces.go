package app

import (
	"image"
	"image/color"
	"math"
	"sync"
)

// drawnFaces keeps each drawn face: a pain scale shows eleven, and every visit
// to a patient screen would otherwise draw (and hold) eleven new images.
var (
	facesMu    sync.Mutex
	drawnFaces = map[[2]int]image.Image{}
)

// cachedPainFace is painFace, drawn once for each level and size. The
// images are only read (canvas.Image draws them), so sharing them is safe.
func cachedPainFace(n, size int) image.Image {
	facesMu.Lock()
	defer facesMu.Unlock()
	k := [2]int{n, size}
	if img, ok := drawnFaces[k]; ok {
		return img
	}
	img := painFace(n, size)
	drawnFaces[k] = img
	return img
}

// painFace draws the face for pain level n (0–10) as a size×size image: a
// circle from green to red whose mouth bends from a smile to a frown, the
// way printed pain scales show it. Drawn in code: no emoji font is needed
// and every script reads it the same.
func painFace(n, size int) image.Image {
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	t := float64(n) / 10
	fill := color.NRGBA{R: uint8(60 + 180*t), G: uint8(180 - 130*t), B: 70, A: 255}
	ink := color.NRGBA{R: 30, G: 30, B: 30, A: 255}
	c := float64(size) / 2
	r := c - 2
	for y := 0; y < size; y++ {
		for x := 0; x < size; x++ {
			dx, dy := float64(x)+0.5-c, float64(y)+0.5-c
			d := math.Hypot(dx, dy)
			switch {
			case d > r:
				continue
			case d > r-2.5:
				img.Set(x, y, ink)
			default:
				img.Set(x, y, fill)
			}
		}
	}
	dot := func(cx, cy, rad float64) {
		for y := int(cy - rad); y <= int(cy+rad); y++ {
			for x := int(cx - rad); x <= int(cx+rad); x++ {
				if math.Hypot(float64(x)+0.5-cx, float64(y)+0.5-cy) <= rad {
					img.Set(x, y, ink)
				}
			}
		}
	}
	eyeY := c - r*0.25
	dot(c-r*0.35, eyeY, r*0.09)
	dot(c+r*0.35, eyeY, r*0.09)
	// The mouth is a parabola: bend > 0 smiles, bend < 0 frowns.
	bend := (0.5 - t) * 2 * r * 0.25
	mouthY := c + r*0.4
	half := r * 0.45
	for i := 0; i <= 200; i++ {
		x := -half + 2*half*float64(i)/200
		y := mouthY + bend*(1-(x*x)/(half*half)) - bend
		dot(c+x, y, r*0.05)
	}
	return img
}
