package app

import (
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"

	"safar.app/safar/locales"
)

var mdParser = goldmark.New().Parser()

// markdownBlocks renders the Markdown subset the checker allows (headings,
// paragraphs, bold, italics, bullet and numbered lists, links) as Safar
// paragraphs, so every line of an article gets the bidi layout. In
// right-to-left languages list markers sit on the right.
func (a *App) markdownBlocks(md, lang string) fyne.CanvasObject {
	src := []byte(md)
	doc := mdParser.Parse(text.NewReader(src))
	rtl := locales.RightToLeft(lang)
	script := scriptOf(lang)
	box := container.NewVBox()
	var block func(n ast.Node, into *fyne.Container)
	block = func(n ast.Node, into *fyne.Container) {
		switch n := n.(type) {
		case *ast.Heading:
			size := theme.SizeNameSubHeadingText
			if n.Level == 1 {
				size = theme.SizeNameHeadingText
			}
			into.Add(newParagraph(inlineSpans(n, src, true), rtl, size, script, a.openURL))
		case *ast.Paragraph, *ast.TextBlock:
			into.Add(newParagraph(inlineSpans(n, src, false), rtl, theme.SizeNameText, script, a.openURL))
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
				m := newParagraph([]span{{text: marker, bold: true}}, rtl, theme.SizeNameText, script, nil)
				if rtl {
					into.Add(container.NewBorder(nil, nil, nil, container.NewPadded(m), inner))
				} else {
					into.Add(container.NewBorder(nil, nil, container.NewPadded(m), nil, inner))
				}
			}
		case *ast.ThematicBreak:
			into.Add(widget.NewSeparator())
		default:
			if n.HasChildren() {
				for c := n.FirstChild(); c != nil; c = c.NextSibling() {
					block(c, into)
				}
			} else if t := strings.TrimSpace(string(n.Text(src))); t != "" {
				into.Add(newParagraph([]span{{text: t}}, rtl, theme.SizeNameText, script, a.openURL))
			}
		}
	}
	for c := doc.FirstChild(); c != nil; c = c.NextSibling() {
		block(c, box)
	}
	return box
}

// inlineSpans flattens a block's inline content into styled spans.
func inlineSpans(n ast.Node, src []byte, bold bool) []span {
	var spans []span
	var walk func(n ast.Node, bold, italic bool, link string)
	walk = func(n ast.Node, bold, italic bool, link string) {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			switch c := c.(type) {
			case *ast.Text:
				t := string(c.Segment.Value(src))
				if c.SoftLineBreak() || c.HardLineBreak() {
					t += " "
				}
				spans = append(spans, span{text: t, bold: bold, italic: italic, link: link})
			case *ast.String:
				spans = append(spans, span{text: string(c.Value), bold: bold, italic: italic, link: link})
			case *ast.CodeSpan:
				spans = append(spans, span{text: string(c.Text(src)), bold: bold, italic: italic, link: link})
			case *ast.Emphasis:
				walk(c, bold || c.Level >= 2, italic || c.Level == 1, link)
			case *ast.Link:
				walk(c, bold, italic, string(c.Destination))
			case *ast.AutoLink:
				u := string(c.URL(src))
				spans = append(spans, span{text: u, bold: bold, italic: italic, link: u})
			default:
				walk(c, bold, italic, link)
			}
		}
	}
	walk(n, bold, false, "")
	return spans
}
