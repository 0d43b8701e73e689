package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// minTouch is the smallest side of anything a finger must hit (48 dp).
const minTouch = 48

// card is a tappable block of text: a list entry leading to an article.
type card struct {
	widget.BaseWidget
	content fyne.CanvasObject
	onTap   func()
	// label is what a screen reader and the tests know the card by.
	label   string
	focused bool
}

// FocusGained shows the keyboard focus on the card.
func (c *card) FocusGained() { c.focused = true; c.Refresh() }

// FocusLost hides it again.
func (c *card) FocusLost() { c.focused = false; c.Refresh() }

// TypedRune opens the card with Space, as a button.
func (c *card) TypedRune(r rune) { pressOnRune(r, c.Tapped) }

// TypedKey opens the card with Enter.
func (c *card) TypedKey(e *fyne.KeyEvent) { pressOnKey(e, c.Tapped) }

// pressOnRune and pressOnKey are the keyboard's tap, for cards and
// buttons alike: Space or Enter.
func pressOnRune(r rune, tap func(*fyne.PointEvent)) {
	if r == ' ' {
		tap(nil)
	}
}

func pressOnKey(e *fyne.KeyEvent, tap func(*fyne.PointEvent)) {
	if e.Name == fyne.KeyReturn || e.Name == fyne.KeyEnter {
		tap(nil)
	}
}

func newCard(label string, content fyne.CanvasObject, onTap func()) *card {
	c := &card{content: content, onTap: onTap, label: label}
	c.ExtendBaseWidget(c)
	passTaps(content, c.Tapped)
	return c
}

// passTaps makes the paragraphs in o hand taps that hit no link to tap:
// a tap on a card's text opens the card.
func passTaps(o fyne.CanvasObject, tap func(*fyne.PointEvent)) {
	switch v := o.(type) {
	case *paragraph:
		if v.passTap == nil {
			v.passTap = func() { tap(nil) }
		}
	case *fyne.Container:
		for _, c := range v.Objects {
			passTaps(c, tap)
		}
	case *container.ThemeOverride:
		passTaps(v.Content, tap)
	}
}

// AccessibilityLabel is what a screen reader says for the card.
func (c *card) AccessibilityLabel() string { return c.label }

// AccessibilityRole says the card acts as a button.
func (c *card) AccessibilityRole() fyne.AccessibleRole { return fyne.AccessibleRoleButton }

func (c *card) Tapped(*fyne.PointEvent) {
	if c.onTap != nil {
		c.onTap()
	}
}

// Cursor shows a pointing hand over the card on desktop.
func (c *card) Cursor() desktop.Cursor { return desktop.PointerCursor }

func (c *card) CreateRenderer() fyne.WidgetRenderer {
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
	bg.CornerRadius = theme.InputRadiusSize()
	return &cardRenderer{bg: bg, box: container.NewPadded(c.content), c: c}
}

type cardRenderer struct {
	bg  *canvas.Rectangle
	box *fyne.Container
	c   *card
}

func (r *cardRenderer) Layout(s fyne.Size) {
	r.bg.Resize(s)
	r.box.Resize(s)
}

func (r *cardRenderer) MinSize() fyne.Size {
	m := r.box.MinSize()
	return fyne.NewSize(fyne.Max(m.Width, minTouch), fyne.Max(m.Height, minTouch))
}

func (r *cardRenderer) Refresh() {
	r.bg.FillColor = theme.Color(theme.ColorNameInputBackground)
	r.bg.StrokeWidth = 0
	if r.c.focused {
		r.bg.StrokeColor, r.bg.StrokeWidth = theme.Color(theme.ColorNamePrimary), 2
	}
	r.bg.Refresh()
	r.box.Refresh()
}

func (r *cardRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.bg, r.box} }
func (r *cardRenderer) Destroy()                     {}
