package text

import (
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/yuin/goldmark/ast"

	"safar.app/safar/content/markdown"
	"safar.app/safar/locales"
)

// Markdown renders an article body written in lang as Safar paragraphs, so
// every line gets the bidi layout. It reads the body with the checker's
// parser and shows the subset the checker defines (content/markdown):
// headings, paragraphs, bold, italics, bullet and numbered lists, rules
// and links. A construct outside it, which the checker refuses, still shows
// its words as plain text rather than vanish. In right-to-left languages
// list markers sit on the right. open receives a tapped link's address.
func Markdown(md, lang string, open func(link string)) fyne.CanvasObject {
	src := []byte(md)
	doc := markdown.Parse(src)
	rtl := locales.RightToLeft(lang)
	script := ScriptOf(lang)
	box := container.NewVBox()
	var block func(n ast.Node, into *fyne.Container)
	block = func(n ast.Node, into *fyne.Container) {
		if !markdown.Rendered(n.Kind()) {
			if t := strings.TrimSpace(plainText(n, src)); t != "" {
				into.Add(newParagraph([]Span{{Text: t}}, rtl, theme.SizeNameText, script, open))
			}
			return
		}
		switch n := n.(type) {
		case *ast.Heading:
			size := theme.SizeNameSubHeadingText
			if n.Level == 1 {
				size = theme.SizeNameHeadingText
			}
			into.Add(newParagraph(inlineSpans(n, src, true), rtl, size, script, open))
		case *ast.Paragraph, *ast.TextBlock:
			into.Add(newParagraph(inlineSpans(n, src, false), rtl, theme.SizeNameText, script, open))
		case *ast.List:
			number := n.Start
			for item := n.FirstChild(); item != nil; item = item.NextSibling() {
				marker := "•"
				if n.IsOrdered() {
					marker = strconv.Itoa(number) + "."
					number++
				}
				inner := container.NewVBox()
				for c := item.FirstChild(); c != nil; c = c.NextSibling() {
					block(c, inner)
				}
				m := newParagraph([]Span{{Text: marker, Bold: true}}, rtl, theme.SizeNameText, script, nil)
				if rtl {
					into.Add(container.NewBorder(nil, nil, nil, container.NewPadded(m), inner))
				} else {
					into.Add(container.NewBorder(nil, nil, container.NewPadded(m), nil, inner))
				}
			}
		case *ast.ThematicBreak:
			into.Add(widget.NewSeparator())
		case *ast.CodeBlock, *ast.FencedCodeBlock:
			if t := strings.TrimSpace(linesText(n, src)); t != "" {
				into.Add(newParagraph([]Span{{Text: t}}, rtl, theme.SizeNameText, script, open))
			}
		default: // the document, block quotes: their blocks in order
			for c := n.FirstChild(); c != nil; c = c.NextSibling() {
				block(c, into)
			}
		}
	}
	block(doc, box)
	return box
}

// inlineSpans flattens a block's inline content into styled spans.
func inlineSpans(n ast.Node, src []byte, bold bool) []Span {
	var spans []Span
	var walk func(n ast.Node, bold, italic bool, link string)
	walk = func(n ast.Node, bold, italic bool, link string) {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			if !markdown.Rendered(c.Kind()) {
				spans = append(spans, Span{Text: plainText(c, src), Bold: bold, Italic: italic, Link: link})
				continue
			}
			switch c := c.(type) {
			case *ast.Text:
				t := string(c.Segment.Value(src))
				if c.SoftLineBreak() || c.HardLineBreak() {
					t += " "
				}
				spans = append(spans, Span{Text: t, Bold: bold, Italic: italic, Link: link})
			case *ast.CodeSpan:
				spans = append(spans, Span{Text: plainText(c, src), Bold: bold, Italic: italic, Link: link})
			case *ast.Emphasis:
				walk(c, bold || c.Level >= 2, italic || c.Level == 1, link)
			case *ast.Link:
				walk(c, bold, italic, string(c.Destination))
			case *ast.AutoLink:
				u := string(c.URL(src))
				spans = append(spans, Span{Text: u, Bold: bold, Italic: italic, Link: u})
			default:
				walk(c, bold, italic, link)
			}
		}
	}
	walk(n, bold, false, "")
	return spans
}

// plainText is the words of n and its descendants, without markup: what
// a reader still sees of a construct the subset leaves out (an image's alt
// text, a table's cells).
func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	var walk func(n ast.Node)
	walk = func(n ast.Node) {
		switch n := n.(type) {
		case *ast.Text:
			b.Write(n.Segment.Value(src))
			if n.SoftLineBreak() || n.HardLineBreak() {
				b.WriteByte(' ')
			}
			return
		case *ast.String:
			b.Write(n.Value)
			return
		case *ast.RawHTML, *ast.HTMLBlock:
			return // markup, not words
		}
		if n.Type() == ast.TypeBlock && n.FirstChild() == nil {
			b.WriteString(linesText(n, src))
		}
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			walk(c)
			if c.Type() == ast.TypeBlock || c.Kind().String() == "TableCell" {
				b.WriteByte(' ')
			}
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

// linesText is the raw text of a block's lines (code blocks keep theirs
// there, not in children).
func linesText(n ast.Node, src []byte) string {
	var b strings.Builder
	lines := n.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		b.Write(seg.Value(src))
	}
	return b.String()
}
