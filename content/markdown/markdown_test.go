package markdown

import (
	"reflect"
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"
)

func TestCheckFindsWhatDoesNotRender(t *testing.T) {
	tests := []struct {
		name   string
		body   string
		line   int
		wantIn string
	}{
		{"html block", "Intro.\n\n<div>boxed</div>\n", 3, "raw HTML"},
		{"inline html", "Call <b>now</b>.\n", 1, "raw HTML"},
		{"image", "Text.\n\n![map](https://example.org/map.png)\n", 3, "images"},
		{"table", "Text.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n", 3, "tables"},
		{"strike", "Old ~~rule~~.\n", 1, "struck"},
		{"bad scheme", "See [this](ftp://example.org).\n", 1, "cannot be opened"},
		{"relative", "See\n[this](other.md).\n", 2, "cannot be opened"},
		{"empty item", "See [this](safar:).\n", 1, "names no item"},
		{"in a list", "Steps:\n\n- one\n- two [x](javascript:alert(1))\n", 4, "cannot be opened"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			issues, _ := Check(tt.body)
			if len(issues) != 1 {
				t.Fatalf("issues = %v, want one", issues)
			}
			if issues[0].Line != tt.line || !strings.Contains(issues[0].Msg, tt.wantIn) {
				t.Errorf("issue = %+v, want line %d with %q", issues[0], tt.line, tt.wantIn)
			}
		})
	}
}

func TestCheckAcceptsTheSubset(t *testing.T) {
	body := "## Heading\n\nSome **bold** and *italic* text.\n\n1. first\n2. second\n\n- a [link](https://www.bamf.de)\n- call [112](tel:112)\n- read [asylum](safar:de-asylum)\n"
	issues, links := Check(body)
	if len(issues) != 0 {
		t.Fatalf("issues = %v", issues)
	}
	want := []Link{
		{Line: 8, Dest: "https://www.bamf.de"},
		{Line: 9, Dest: "tel:112"},
		{Line: 10, Dest: "safar:de-asylum", Item: "de-asylum"},
	}
	if !reflect.DeepEqual(links, want) {
		t.Errorf("links = %+v\nwant %+v", links, want)
	}
}

// TestEveryConstructIsRenderedOrRefused: each construct the parser knows
// is either in the subset Safar renders or refused with its own message
// that says what to write instead.
func TestEveryConstructIsRenderedOrRefused(t *testing.T) {
	body := "# H\n\nText **b** *i* `c` [l](https://x.org) <https://y.org>\n\n- a\n1. b\n\n---\n\n> q\n\n    code\n\n```\nf\n```\n\n" +
		"<div>h</div>\n\nx <b>y</b> ![i](https://x.org/i.png) ~~s~~\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
	seen := 0
	ast.Walk(Parse([]byte(body)), func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		seen++
		if Rendered(n.Kind()) {
			return ast.WalkContinue, nil
		}
		if _, ok := refusal[n.Kind()]; !ok {
			t.Errorf("%s is neither rendered nor refused with a message of its own", n.Kind())
		}
		return ast.WalkSkipChildren, nil
	})
	if seen < 20 {
		t.Errorf("only %d nodes: is the sample parsed?", seen)
	}
}
