package studio

import (
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// formValues reads the form #itemform of a page as a browser submits it:
// inputs, selected options and textareas, with the textarea's lines
// ending in CRLF as browsers send them.
func formValues(t *testing.T, page string) url.Values {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	v := url.Values{}
	attr := func(n *html.Node, k string) (string, bool) {
		for _, a := range n.Attr {
			if a.Key == k {
				return a.Val, true
			}
		}
		return "", false
	}
	var inForm func(n *html.Node) bool
	inForm = func(n *html.Node) bool {
		for p := n.Parent; p != nil; p = p.Parent {
			if id, _ := attr(p, "id"); p.Data == "form" && id == "itemform" {
				return true
			}
		}
		return false
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && inForm(n) {
			name, named := attr(n, "name")
			_, disabled := attr(n, "disabled")
			if named && !disabled {
				switch n.Data {
				case "input":
					if typ, _ := attr(n, "type"); typ != "checkbox" && typ != "file" {
						val, _ := attr(n, "value")
						v.Add(name, val)
					}
				case "textarea":
					var b strings.Builder
					for c := n.FirstChild; c != nil; c = c.NextSibling {
						b.WriteString(c.Data)
					}
					v.Add(name, strings.ReplaceAll(b.String(), "\n", "\r\n"))
				case "select":
					var first, sel string
					found, haveFirst := false, false
					for c := n.FirstChild; c != nil; c = c.NextSibling {
						if c.Type != html.ElementNode || c.Data != "option" {
							continue
						}
						val, ok := attr(c, "value")
						if !ok && c.FirstChild != nil {
							val = c.FirstChild.Data
						}
						if !haveFirst {
							// The first option, even an empty one, is what
							// a browser sends when none is selected.
							first, haveFirst = val, true
						}
						if _, s := attr(c, "selected"); s {
							sel, found = val, true
						}
					}
					if !found {
						sel = first
					}
					v.Add(name, sel)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return v
}

// TestSavingEveryFormUnchangedWritesNothing: the round trip, through
// the pages themselves: each item's form is submitted as a browser would
// and no file of the tree changes.
func TestSavingEveryFormUnchangedWritesNothing(t *testing.T) {
	s, ts, c, dir := studioOn(t)
	before := map[string]string{}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			data, _ := os.ReadFile(p)
			before[p] = string(data)
		}
		return nil
	})
	// Every item beside its first translation, and beside one more in
	// turn, so that every field type meets every script; the in-memory
	// round trip (TestRoundTripLeavesEveryByte) covers every language of
	// every item.
	n := 0
	for i, e := range s.index().entries {
		if testing.Short() && i%8 != 0 {
			continue // -short (the race pass): a sample
		}
		langs := []string{""}
		if ls := e.langList(); len(ls) > 2 && !testing.Short() {
			langs = append(langs, ls[2+i%(len(ls)-2)])
		}
		for _, lang := range langs {
			u := itemURL(e, lang)
			resp, err := c.Get(ts.URL + u)
			if err != nil {
				t.Fatal(err)
			}
			page := body(t, resp)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("%s: %s", u, resp.Status)
			}
			resp, err = c.PostForm(ts.URL+"/item", formValues(t, page))
			if err != nil {
				t.Fatal(err)
			}
			b := body(t, resp)
			if resp.StatusCode != http.StatusOK || !strings.Contains(b, "Nothing changed") {
				t.Errorf("%s saved unchanged: %s %.300s", u, resp.Status, b[strings.Index(b, "<main>"):])
			}
			n++
		}
	}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			data, _ := os.ReadFile(p)
			if before[p] != string(data) {
				t.Errorf("%s changed", p)
			}
		}
		return nil
	})
	t.Logf("%d forms submitted unchanged", n)
}
