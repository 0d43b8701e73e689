// Package markdown checks article bodies against the Markdown subset Safar
// renders, and lists their links, so that an editor learns of a body that
// would not show as written before a reader does.
package markdown

import (
	"bytes"
	"fmt"
	"net/url"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
)

// Issue is one problem in a body; Line counts from 1 at the body's first line.
type Issue struct {
	Line int
	Msg  string
}

// Link is a link in a body. Item is set for links to another item
// ("safar:de-asylum").
type Link struct {
	Line int
	Dest string
	Item string
}

// ItemScheme is the scheme of links from one item to another.
const ItemScheme = "safar"

// The parser knows tables and strikethrough only so that it can refuse them.
var parser = goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough)).Parser()

// Parse reads a body as both the checker and the app's renderer read it.
func Parse(body []byte) ast.Node { return parser.Parse(text.NewReader(body)) }

// rendered is the Markdown subset Safar shows as written: the one
// definition that the checker enforces and the app's renderer follows.
// Block quotes and code are shown as plain paragraphs of their text.
var rendered = map[ast.NodeKind]bool{
	ast.KindDocument: true, ast.KindParagraph: true, ast.KindTextBlock: true,
	ast.KindHeading: true, ast.KindList: true, ast.KindListItem: true,
	ast.KindThematicBreak: true, ast.KindBlockquote: true,
	ast.KindCodeBlock: true, ast.KindFencedCodeBlock: true,
	ast.KindText: true, ast.KindCodeSpan: true,
	ast.KindEmphasis: true, ast.KindLink: true, ast.KindAutoLink: true,
}

// Rendered reports whether Safar shows nodes of kind k as written. A body
// with any other kind is refused by Check.
func Rendered(k ast.NodeKind) bool { return rendered[k] }

// RenderedKinds lists the kinds Rendered accepts, for renderers' tests.
func RenderedKinds() []ast.NodeKind {
	out := make([]ast.NodeKind, 0, len(rendered))
	for k := range rendered {
		out = append(out, k)
	}
	return out
}

// refusal is what an editor is told of a construct outside the subset: the
// hint finds its line, the message says why and what to write instead.
var refusal = map[ast.NodeKind]struct{ hint, msg string }{
	ast.KindHTMLBlock:        {"<", "raw HTML is not rendered: use Markdown"},
	ast.KindRawHTML:          {"<", "raw HTML is not rendered: use Markdown"},
	ast.KindImage:            {"![", "images are not shown: Safar works offline and shows text only"},
	extast.KindTable:         {"|", "tables are not supported: they do not fit a phone screen; use a list"},
	extast.KindStrikethrough: {"~~", "struck-through text is not rendered"},
}

// Check parses body and returns what would not render, and its links.
func Check(body string) ([]Issue, []Link) {
	src := []byte(body)
	doc := Parse(src)
	var issues []Issue
	var links []Link
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		line := func(hint string) int { return lineOf(src, n, hint) }
		if !Rendered(n.Kind()) {
			r, ok := refusal[n.Kind()]
			if !ok {
				r.msg = n.Kind().String() + " is not rendered"
			}
			issues = append(issues, Issue{line(r.hint), r.msg})
			// One issue for a table, not one per cell.
			return ast.WalkSkipChildren, nil
		}
		switch n := n.(type) {
		case *ast.Link:
			dest := string(n.Destination)
			l := Link{Line: line("](" + dest), Dest: dest}
			if msg := checkDest(dest, &l); msg != "" {
				issues = append(issues, Issue{l.Line, msg})
			} else {
				links = append(links, l)
			}
		case *ast.AutoLink:
			dest := string(n.URL(src))
			l := Link{Line: line(dest), Dest: dest}
			if msg := checkDest(dest, &l); msg != "" {
				issues = append(issues, Issue{l.Line, msg})
			} else {
				links = append(links, l)
			}
		}
		return ast.WalkContinue, nil
	})
	return dedupe(issues), links
}

// dedupe keeps one issue per line and message: "<b>x</b>" is two HTML nodes
// but one mistake.
func dedupe(issues []Issue) []Issue {
	seen := map[Issue]bool{}
	out := issues[:0]
	for _, is := range issues {
		if !seen[is] {
			seen[is] = true
			out = append(out, is)
		}
	}
	return out
}

func checkDest(dest string, l *Link) string {
	if dest == "" {
		return "a link has no address"
	}
	u, err := url.Parse(dest)
	if err != nil {
		return fmt.Sprintf("link %q is not an address", dest)
	}
	switch u.Scheme {
	case "https", "http":
		if u.Host == "" {
			return fmt.Sprintf("link %q has no host", dest)
		}
	case "tel":
	case ItemScheme:
		l.Item = u.Opaque
		if l.Item == "" {
			return fmt.Sprintf("link %q names no item: write safar:<id>", dest)
		}
	default:
		return fmt.Sprintf("link %q cannot be opened: use https://, tel: or safar:<item id>", dest)
	}
	return ""
}

// lineOf finds the body line of n: the start of its block, then the first
// occurrence of hint from there (inline nodes carry no position of their own).
func lineOf(src []byte, n ast.Node, hint string) int {
	start := -1
	for b := n; b != nil && start < 0; b = b.Parent() {
		if b.Type() == ast.TypeBlock && b.Lines().Len() > 0 {
			start = b.Lines().At(0).Start
		}
	}
	if start < 0 {
		// Blocks with no lines of their own (lists, tables): their first child.
		for c := n; c != nil && start < 0; c = c.FirstChild() {
			if c.Type() == ast.TypeBlock && c.Lines().Len() > 0 {
				start = c.Lines().At(0).Start
			}
		}
	}
	if start < 0 {
		start = 0
	}
	// A block's first line starts after its marker ("- ", "> "); go back to
	// the line's start so hints at the start of the line are found too.
	for start > 0 && src[start-1] != '\n' {
		start--
	}
	if i := bytes.Index(src[start:], []byte(hint)); hint != "" && i >= 0 {
		start += i
	}
	return 1 + strings.Count(string(src[:start]), "\n")
}
