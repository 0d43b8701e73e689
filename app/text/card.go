package text

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// MinTouch is the smallest side of anything a finger must hit (48 dp).
const MinTouch = 48

// Card is a tappable block of text: a list entry leading to an article.
type Card struct {
	widget.BaseWidget
	// Label is what a screen reader and the tests know the card by.
	Label   string
	content fyne.CanvasObject
	onTap   func()
	focused bool
}

// FocusGained shows the keyboard focus on the card.
func (c *Card) FocusGained() { c.focused = true; c.Refresh() }

// FocusLost hides it again.
func (c *Card) FocusLost() { c.focused = false; c.Refresh() }

// TypedRune opens the card with Space, as a button.
func (c *Card) TypedRune(r rune) { pressOnRune(r, c.Tapped) }

// TypedKey opens the card with Enter.
func (c *Card) TypedKey(e *fyne.KeyEvent) { pressOnKey(e, c.Tapped) }

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

// NewCard makes content a card that onTap opens; a tap on its text that
// hits no link opens it too.
func NewCard(label string, content fyne.CanvasObject, onTap func()) *Card {
	c := &Card{content: content, onTap: onTap, Label: label}
	c.ExtendBaseWidget(c)
	passTaps(content, c.Tapped)
	return c
}

// passTaps makes the paragraphs in o hand taps that hit no link to tap:
// a tap on a card's text opens the card.
func passTaps(o fyne.CanvasObject, tap func(*fyne.PointEvent)) {
	switch v := o.(type) {
	case *Paragraph:
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
func (c *Card) AccessibilityLabel() string { return c.Label }

// AccessibilityRole says the card acts as a button.
func (c *Card) AccessibilityRole() fyne.AccessibleRole { return fyne.AccessibleRoleButton }

func (c *Card) Tapped(*fyne.PointEvent) {
	if c.onTap != nil {
		c.onTap()
	}
}

// Cursor shows a pointing hand over the card on desktop.
func (c *Card) Cursor() desktop.Cursor { return desktop.PointerCursor }

func (c *Card) CreateRenderer() fyne.WidgetRenderer {
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
	bg.CornerRadius = theme.InputRadiusSize()
	return &cardRenderer{bg: bg, box: container.NewPadded(c.content), c: c}
}

type cardRenderer struct {
	bg  *canvas.Rectangle
	box *fyne.Container
	c   *Card
}

func (r *cardRenderer) Layout(s fyne.Size) {
	r.bg.Resize(s)
	r.box.Resize(s)
}

func (r *cardRenderer) MinSize() fyne.Size {
	m := r.box.MinSize()
	return fyne.NewSize(fyne.Max(m.Width, MinTouch), fyne.Max(m.Height, MinTouch))
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
