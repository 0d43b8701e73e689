package markdown

import (
	"io/fs"
	"strings"
	"testing"

	"safar.app/safar/assets"
)

// FuzzCheck: any body is checked without a panic; every issue and link
// points at a line of the body, and every link that passes has a scheme
// the app can open. Seeds: the bodies of the shipped articles.
func FuzzCheck(f *testing.F) {
	n := 0
	fs.WalkDir(assets.Content(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") || n >= 40 {
			return err
		}
		data, _ := fs.ReadFile(assets.Content(), p)
		if _, body, ok := strings.Cut(string(data), "\n+++\n"); ok {
			f.Add(body)
			n++
		}
		return nil
	})
	f.Add("<b>x</b> ![i](a.png) | a | b |\n|---|---|\n| 1 | 2 |\n~~no~~ [x](javascript:alert(1)) <https://example.org>")
	f.Fuzz(func(t *testing.T, body string) {
		issues, links := Check(body)
		lines := strings.Count(body, "\n") + 1
		for _, is := range issues {
			if is.Line < 1 || is.Line > lines || is.Msg == "" {
				t.Errorf("issue %+v outside the body's %d lines", is, lines)
			}
		}
		for _, l := range links {
			if l.Line < 1 || l.Line > lines {
				t.Errorf("link %+v outside the body's %d lines", l, lines)
			}
			// Schemes are case-insensitive (RFC 3986 §3.1): "sAfAr:0" is
			// an item link, as url.Parse, and the app after it, read it.
			scheme, _, _ := strings.Cut(strings.ToLower(l.Dest), ":")
			if scheme != "https" && scheme != "http" && scheme != "tel" && scheme != ItemScheme {
				t.Errorf("link %q passed, but the app cannot open it", l.Dest)
			}
		}
	})
}
