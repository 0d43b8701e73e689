package text

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"safar.app/safar/locales"
)

// Button is a button whose label is a Safar paragraph, so that a label
// such as "اتصل بـ 112" reads in the right order, in its script's font. In
// right-to-left languages its icon sits on the right, before the text.
// It can be focused and pressed with Enter or Space.
type Button struct {
	widget.BaseWidget
	Label      string
	Importance widget.Importance
	// Name is what a screen reader says when the button shows only an icon.
	Name string

	lang     string
	label    *Paragraph // the renderer's, once there is one
	icon     fyne.Resource
	OnTapped func()
	disabled bool
	hovered  bool
	focused  bool
}

// NewButton is a button labelled in language lang; icon may be nil, and
// label "" for an icon-only button (then set Name).
func NewButton(label, lang string, icon fyne.Resource, tap func()) *Button {
	b := &Button{Label: label, lang: lang, icon: icon, OnTapped: tap, Importance: widget.MediumImportance}
	b.ExtendBaseWidget(b)
	return b
}

func (b *Button) Tapped(*fyne.PointEvent) {
	if !b.disabled && b.OnTapped != nil {
		b.OnTapped()
	}
}

// Disable greys the button out and ignores taps.
func (b *Button) Disable() {
	b.disabled = true
	b.Refresh()
}

// SetText changes the label.
func (b *Button) SetText(s string) {
	b.Label = s
	b.Refresh()
}

func (b *Button) FocusGained()              { b.focused = true; b.Refresh() }
func (b *Button) FocusLost()                { b.focused = false; b.Refresh() }
func (b *Button) TypedRune(r rune)          { pressOnRune(r, b.Tapped) }
func (b *Button) TypedKey(e *fyne.KeyEvent) { pressOnKey(e, b.Tapped) }

func (b *Button) MouseIn(*desktop.MouseEvent)    { b.hovered = true; b.Refresh() }
func (b *Button) MouseMoved(*desktop.MouseEvent) {}
func (b *Button) MouseOut()                      { b.hovered = false; b.Refresh() }

// Cursor shows a pointing hand over the button on desktop.
func (b *Button) Cursor() desktop.Cursor { return desktop.PointerCursor }

// AccessibilityLabel is the label a screen reader speaks.
func (b *Button) AccessibilityLabel() string {
	if b.Label == "" {
		return b.Name
	}
	return b.Label
}

// AccessibilityRole says it is a button.
func (b *Button) AccessibilityRole() fyne.AccessibleRole { return fyne.AccessibleRoleButton }

func (b *Button) colors() (bg, fg fyne.ThemeColorName) {
	switch {
	case b.disabled:
		return theme.ColorNameDisabledButton, theme.ColorNameDisabled
	case b.Importance == widget.HighImportance:
		return theme.ColorNamePrimary, theme.ColorNameForegroundOnPrimary
	case b.Importance == widget.DangerImportance:
		return theme.ColorNameError, theme.ColorNameForegroundOnError
	case b.Importance == widget.WarningImportance:
		return theme.ColorNameWarning, theme.ColorNameForegroundOnWarning
	}
	return theme.ColorNameButton, theme.ColorNameForeground
}

func (b *Button) CreateRenderer() fyne.WidgetRenderer {
	r := &buttonRenderer{b: b, bg: canvas.NewRectangle(nil), shade: canvas.NewRectangle(nil)}
	rtl := locales.RightToLeft(b.lang)
	r.label = newParagraph([]Span{{Text: b.Label, Bold: true}}, rtl, theme.SizeNameText, ScriptOf(b.lang), nil)
	r.label.center = true
	r.label.passTap = func() { b.Tapped(nil) }
	b.label = r.label
	var icon fyne.CanvasObject
	if b.icon != nil {
		// widget.Icon caches the rendered image; a new canvas.Image would
		// decode the SVG again on every screen.
		r.icon = widget.NewIcon(b.icon)
		icon = r.icon
	}
	switch {
	case icon == nil:
		r.content = container.NewStack(r.label)
	case b.Label == "":
		r.content = container.NewStack(icon)
	case rtl:
		r.content = container.NewBorder(nil, nil, nil, icon, r.label)
	default:
		r.content = container.NewBorder(nil, nil, icon, nil, r.label)
	}
	r.style()
	return r
}

type buttonRenderer struct {
	b       *Button
	bg      *canvas.Rectangle
	shade   *canvas.Rectangle // hover and focus
	label   *Paragraph
	icon    *widget.Icon
	content *fyne.Container
}

// style sets the colours for the button's importance and state, and the
// label if it changed.
func (r *buttonRenderer) style() {
	bgName, fgName := r.b.colors()
	r.bg.FillColor = theme.Color(bgName)
	r.bg.CornerRadius = theme.InputRadiusSize()
	r.shade.CornerRadius = r.bg.CornerRadius
	r.shade.FillColor = nil
	switch {
	case r.b.focused:
		r.shade.FillColor = theme.Color(theme.ColorNameFocus)
	case r.b.hovered:
		r.shade.FillColor = theme.Color(theme.ColorNameHover)
	}
	if r.label.color != fgName || r.label.Text() != r.b.Label {
		r.label.color = fgName
		r.label.spans = []Span{{Text: r.b.Label, Bold: true}}
		r.label.Refresh()
	}
	if r.icon != nil {
		res := r.b.icon
		if bgName != theme.ColorNameButton {
			res = theme.NewColoredResource(res, fgName)
		}
		r.icon.SetResource(res)
	}
}

func (r *buttonRenderer) Layout(s fyne.Size) {
	r.bg.Resize(s)
	r.shade.Resize(s)
	pad := theme.InnerPadding()
	inner := fyne.NewSize(s.Width-2*pad, s.Height-2*pad)
	r.content.Resize(fyne.NewSize(inner.Width, r.content.MinSize().Height))
	r.content.Move(fyne.NewPos(pad, (s.Height-r.content.MinSize().Height)/2))
}

func (r *buttonRenderer) MinSize() fyne.Size {
	pad := theme.InnerPadding()
	m := r.content.MinSize().AddWidthHeight(2*pad, 2*pad)
	return fyne.NewSize(fyne.Max(m.Width, MinTouch), fyne.Max(m.Height, MinTouch))
}

func (r *buttonRenderer) Refresh() {
	r.style()
	r.bg.Refresh()
	r.shade.Refresh()
	r.Layout(r.b.Size())
	canvas.Refresh(r.b)
}

func (r *buttonRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.bg, r.shade, r.content}
}

func (r *buttonRenderer) Destroy() {}

// labelParagraph is the paragraph that shows the label, for measuring.
func (b *Button) labelParagraph() *Paragraph {
	if b.label != nil {
		return b.label
	}
	return newParagraph([]Span{{Text: b.Label, Bold: true}}, locales.RightToLeft(b.lang), theme.SizeNameText, ScriptOf(b.lang), nil)
}
