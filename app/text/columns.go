package text

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
)

// NewColumns lays objects out in rows of up to most columns, in reading
// order (right to left when rtl), with as many columns as the width allows
// without breaking a word of any of them: at twice the text size on a phone
// the tiles of a two-column grid stack into one column rather than cut
// "requirements" into "requireme|nts". Each row is as high as its tallest
// object at the column width.
func NewColumns(most int, rtl bool, objects ...fyne.CanvasObject) *fyne.Container {
	return container.New(&columns{most: max(most, 1), rtl: rtl}, objects...)
}

type columns struct {
	most  int
	rtl   bool
	width float32 // the width of the last layout, for MinSize
}

// count is how many columns fit in width.
func (c *columns) count(width float32, objects []fyne.CanvasObject) int {
	pad := theme.Padding()
	var need float32
	for _, o := range objects {
		if o.Visible() {
			need = max(need, neededWidth(o))
		}
	}
	n := c.most
	for n > 1 && float32(n)*need+float32(n-1)*pad > width {
		n--
	}
	return n
}

func (c *columns) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	c.width = size.Width
	n := c.count(size.Width, objects)
	pad := theme.Padding()
	cellW := (size.Width - float32(n-1)*pad) / float32(n)
	var y float32
	for _, row := range rows(objects, n) {
		var h float32
		for _, o := range row {
			o.Resize(fyne.NewSize(cellW, o.MinSize().Height))
			h = max(h, o.MinSize().Height) // at the cell's width
		}
		for i, o := range row {
			col := i
			if c.rtl {
				col = n - 1 - i
			}
			o.Move(fyne.NewPos(float32(col)*(cellW+pad), y))
			o.Resize(fyne.NewSize(cellW, h))
		}
		y += h + pad
	}
}

func (c *columns) MinSize(objects []fyne.CanvasObject) fyne.Size {
	pad := theme.Padding()
	var w float32
	for _, o := range objects {
		if o.Visible() {
			w = max(w, o.MinSize().Width)
		}
	}
	width := max(c.width, w)
	n := c.count(width, objects)
	cellW := (width - float32(n-1)*pad) / float32(n)
	var h float32
	for i, row := range rows(objects, n) {
		var rh float32
		for _, o := range row {
			rh = max(rh, heightAt(o, cellW))
		}
		if i > 0 {
			h += pad
		}
		h += rh
	}
	return fyne.NewSize(w, h)
}

// rows cuts the visible objects into rows of n.
func rows(objects []fyne.CanvasObject, n int) [][]fyne.CanvasObject {
	var out [][]fyne.CanvasObject
	var row []fyne.CanvasObject
	for _, o := range objects {
		if !o.Visible() {
			continue
		}
		row = append(row, o)
		if len(row) == n {
			out = append(out, row)
			row = nil
		}
	}
	if len(row) > 0 {
		out = append(out, row)
	}
	return out
}

// heightAt is o's minimum height when it is width wide: paragraphs report
// the height of their lines at their current width.
func heightAt(o fyne.CanvasObject, width float32) float32 {
	if o.Size().Width != width {
		o.Resize(fyne.NewSize(width, o.MinSize().Height))
	}
	return o.MinSize().Height
}

// neededWidth is the width o needs so that none of its words is broken:
// its minimum width, or its widest word and the padding around it.
func neededWidth(o fyne.CanvasObject) float32 {
	return max(o.MinSize().Width, widestWord(o)+o.MinSize().Width-minParagraphWidth(o))
}

// widestWord is the widest word of the paragraphs in o.
func widestWord(o fyne.CanvasObject) float32 {
	var w float32
	walkParagraphs(o, func(p *Paragraph) {
		if p.pieces == nil {
			p.layoutFor(p.Size().Width)
		}
		w = max(w, p.widest)
	})
	return w
}

// minParagraphWidth is the widest minimum width of the paragraphs in o.
func minParagraphWidth(o fyne.CanvasObject) float32 {
	var w float32
	walkParagraphs(o, func(p *Paragraph) { w = max(w, p.MinSize().Width) })
	return w
}

func walkParagraphs(o fyne.CanvasObject, f func(*Paragraph)) {
	switch v := o.(type) {
	case *Paragraph:
		f(v)
	case *Card:
		walkParagraphs(v.content, f)
	case *Button:
		walkParagraphs(v.labelParagraph(), f)
	case *fyne.Container:
		for _, c := range v.Objects {
			walkParagraphs(c, f)
		}
	case *container.ThemeOverride:
		walkParagraphs(v.Content, f)
	}
}
