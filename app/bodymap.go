package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// region is a tappable part of the body map, in units of the map's width
// and height (0–1), as the viewer sees it.
type region struct {
	id         string
	x, y, w, h float32
	round      bool
}

// The body seen from the front: the patient's left is on the viewer's
// right. From the back, left and right are where the viewer expects them.
// At the map's smallest size (mapSize) every region is at least 48 dp wide
// and high.
func bodyRegions(back bool) []region {
	type side struct{ arm, hand, leg, foot float32 } // x of each limb
	viewerLeft := side{0.13, 0.12, 0.31, 0.29}
	viewerRight := side{0.71, 0.70, 0.51, 0.51}
	left, right := viewerRight, viewerLeft
	if back {
		left, right = viewerLeft, viewerRight
	}
	rs := []region{
		{id: "body-head", x: 0.35, y: 0.00, w: 0.30, h: 0.11, round: true},
		{id: "body-neck", x: 0.40, y: 0.11, w: 0.20, h: 0.08},
		{id: "body-left-arm", x: left.arm, y: 0.19, w: 0.16, h: 0.26},
		{id: "body-right-arm", x: right.arm, y: 0.19, w: 0.16, h: 0.26},
		{id: "body-left-hand", x: left.hand, y: 0.45, w: 0.18, h: 0.08, round: true},
		{id: "body-right-hand", x: right.hand, y: 0.45, w: 0.18, h: 0.08, round: true},
		{id: "body-left-leg", x: left.leg, y: 0.54, w: 0.18, h: 0.34},
		{id: "body-right-leg", x: right.leg, y: 0.54, w: 0.18, h: 0.34},
		{id: "body-left-foot", x: left.foot, y: 0.88, w: 0.20, h: 0.09},
		{id: "body-right-foot", x: right.foot, y: 0.88, w: 0.20, h: 0.09},
		{id: "body-pelvis", x: 0.30, y: 0.46, w: 0.40, h: 0.08},
	}
	if back {
		return append(rs,
			region{id: "body-upper-back", x: 0.30, y: 0.19, w: 0.40, h: 0.14},
			region{id: "body-lower-back", x: 0.30, y: 0.33, w: 0.40, h: 0.13})
	}
	return append(rs,
		region{id: "body-chest", x: 0.30, y: 0.19, w: 0.40, h: 0.14},
		region{id: "body-abdomen", x: 0.30, y: 0.33, w: 0.40, h: 0.13},
		region{id: "body-face", x: 0.40, y: 0.02, w: 0.20, h: 0.08, round: true})
}

// mapSize is the body map's smallest size: it fits a phone's width.
var mapSize = fyne.NewSize(320, 600)

// bodyMap draws the body and reports the region tapped. Regions later in
// the list lie on top (the face on the head).
type bodyMap struct {
	widget.BaseWidget
	back     bool
	selected string
	onPick   func(region string, back bool)
}

func newBodyMap(onPick func(string, bool)) *bodyMap {
	m := &bodyMap{onPick: onPick}
	m.ExtendBaseWidget(m)
	return m
}

func (m *bodyMap) setBack(back bool) {
	m.back = back
	m.Refresh()
}

// regionAt is the region under p, or "" outside the body.
func (m *bodyMap) regionAt(p fyne.Position) string {
	s := m.Size()
	hit := ""
	for _, r := range bodyRegions(m.back) {
		if p.X >= r.x*s.Width && p.X <= (r.x+r.w)*s.Width && p.Y >= r.y*s.Height && p.Y <= (r.y+r.h)*s.Height {
			hit = r.id
		}
	}
	return hit
}

func (m *bodyMap) Tapped(e *fyne.PointEvent) {
	if id := m.regionAt(e.Position); id != "" {
		m.selected = id
		m.Refresh()
		if m.onPick != nil {
			m.onPick(id, m.back)
		}
	}
}

func (m *bodyMap) CreateRenderer() fyne.WidgetRenderer {
	r := &bodyMapRenderer{m: m}
	r.build()
	return r
}

type bodyMapRenderer struct {
	m       *bodyMap
	objects []fyne.CanvasObject
	regions []region
}

func (r *bodyMapRenderer) build() {
	r.regions = bodyRegions(r.m.back)
	r.objects = r.objects[:0]
	for _, g := range r.regions {
		fill := theme.Color(theme.ColorNameInputBackground)
		if g.id == r.m.selected {
			fill = theme.Color(theme.ColorNamePrimary)
		}
		stroke := theme.Color(theme.ColorNameForeground)
		if g.round {
			c := canvas.NewCircle(fill)
			c.StrokeColor, c.StrokeWidth = stroke, 1.5
			r.objects = append(r.objects, c)
		} else {
			b := canvas.NewRectangle(fill)
			b.StrokeColor, b.StrokeWidth, b.CornerRadius = stroke, 1.5, 6
			r.objects = append(r.objects, b)
		}
	}
}

func (r *bodyMapRenderer) Layout(s fyne.Size) {
	for i, g := range r.regions {
		r.objects[i].Move(fyne.NewPos(g.x*s.Width, g.y*s.Height))
		r.objects[i].Resize(fyne.NewSize(g.w*s.Width, g.h*s.Height))
	}
}

func (r *bodyMapRenderer) MinSize() fyne.Size { return mapSize }

func (r *bodyMapRenderer) Refresh() {
	r.build()
	r.Layout(r.m.Size())
	canvas.Refresh(r.m)
}

func (r *bodyMapRenderer) Objects() []fyne.CanvasObject { return r.objects }
func (r *bodyMapRenderer) Destroy()                     {}
