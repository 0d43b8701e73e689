package text

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"github.com/yuin/goldmark/ast"

	"safar.app/safar/content/markdown"
)

// shownText is every paragraph's text under o, one a line.
func shownText(o fyne.CanvasObject) string {
	var b strings.Builder
	for _, x := range test.LaidOutObjects(o) {
		if p, ok := x.(*Paragraph); ok {
			b.WriteString(p.Text() + "\n")
		}
	}
	return b.String()
}

// TestMarkdownFollowsTheChecker: the renderer reads bodies with the
// checker's parser. Every construct the checker accepts is shown with its
// words and without its markup, and a construct the checker refuses still
// shows its words rather than vanish.
func TestMarkdownFollowsTheChecker(t *testing.T) {
	test.NewTempApp(t)
	body := "# Title\n\n## Part\n\nSome **bold**, *italic* and `code` text.\n\n" +
		"1. first\n2. second\n\n- a [link](https://www.bamf.de)\n- <https://www.bamf.de/faq>\n\n" +
		"---\n\n> quoted words\n\n    indented code\n\n```\nfenced code\n```\n"
	if issues, _ := markdown.Check(body); len(issues) > 0 {
		t.Fatalf("the checker refuses the sample of its own subset: %v", issues)
	}
	seen := map[ast.NodeKind]bool{}
	_ = ast.Walk(markdown.Parse([]byte(body)), func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		seen[n.Kind()] = true
		return ast.WalkContinue, nil
	})
	for _, k := range markdown.RenderedKinds() {
		if !seen[k] {
			t.Errorf("the sample has no %s, which the checker accepts: add one", k)
		}
	}
	got := shownText(Markdown(body, "en", nil))
	for _, want := range []string{"Title", "Part", "Some bold, italic and code text.", "first", "second",
		"a link", "https://www.bamf.de/faq", "quoted words", "indented code", "fenced code", "1.", "•"} {
		if !strings.Contains(got, want) {
			t.Errorf("%q is not shown; shown:\n%s", want, got)
		}
	}
	for _, markup := range []string{"#", "**", "`", "](", ">", "```"} {
		if strings.Contains(got, markup) {
			t.Errorf("markup %q is shown:\n%s", markup, got)
		}
	}

	refused := "Before.\n\n| a | b |\n|---|---|\n| cell1 | cell2 |\n\nOld ~~rule~~ here. ![a map](https://example.org/m.png)\n"
	if issues, _ := markdown.Check(refused); len(issues) != 3 {
		t.Fatalf("the checker should refuse the table, the strikethrough and the image: %v", issues)
	}
	got = shownText(Markdown(refused, "en", nil))
	for _, want := range []string{"Before.", "cell1", "cell2", "rule", "a map"} {
		if !strings.Contains(got, want) {
			t.Errorf("%q of a refused construct is not shown; shown:\n%s", want, got)
		}
	}
}
