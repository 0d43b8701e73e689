package store_test

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"safar.app/safar/assets"
	"safar.app/safar/content"
	"safar.app/safar/content/source"
	"safar.app/safar/content/store"
)

// evalQuery is one line of testdata/queries.tsv.
type evalQuery struct {
	lang, country, text string
	want                []string // any of them in the top five is a hit
	note                string
	line                int
}

func readQueries(t testing.TB) []evalQuery {
	f, err := os.Open("testdata/queries.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []evalQuery
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "" {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) < 4 {
			t.Fatalf("testdata/queries.tsv:%d: want lang, country, query, expected ids, note", n)
		}
		q := evalQuery{lang: cols[0], country: cols[1], text: cols[2], want: strings.Fields(cols[3]), line: n}
		if len(cols) > 4 {
			q.note = cols[4]
		}
		out = append(out, q)
	}
	return out
}

// installShipped installs the embedded pack into a new content.db.
func installShipped(t testing.TB) *store.Store {
	pack, problems := source.Load(assets.Content())
	if errs := content.Errors(problems); len(errs) > 0 {
		t.Fatalf("the shipped pack has errors: %v", errs)
	}
	s, err := store.Open(filepath.Join(t.TempDir(), "content.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := s.Install(pack, store.PackInfo{Origin: "eval"}); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestSearchEval runs the query set of testdata/queries.tsv on the shipped
// pack and holds search to recall@5 of at least 95% overall and 85% in
// every language. With -v (make search-eval) it prints the table and
// every miss.
func TestSearchEval(t *testing.T) {
	s := installShipped(t)
	queries := readQueries(t)
	hits, total := map[string]int{}, map[string]int{}
	var misses []string
	for _, q := range queries {
		res, err := s.Search(q.text, q.country, content.LangChain(q.lang), 5)
		if err != nil {
			t.Fatalf("queries.tsv:%d %q: %v", q.line, q.text, err)
		}
		total[q.lang]++
		if hit(res, q.want) {
			hits[q.lang]++
			continue
		}
		var got []string
		for _, r := range res {
			got = append(got, r.ID)
		}
		misses = append(misses, fmt.Sprintf("queries.tsv:%d %s %s %q (%s): want %v, top five %v",
			q.line, q.lang, q.country, q.text, q.note, q.want, got))
	}
	langs := make([]string, 0, len(total))
	for l := range total {
		langs = append(langs, l)
	}
	sort.Strings(langs)
	var b strings.Builder
	fmt.Fprintf(&b, "%-8s %7s %8s\n", "language", "queries", "recall@5")
	allHits, all := 0, 0
	for _, l := range langs {
		fmt.Fprintf(&b, "%-8s %7d %7.1f%%\n", l, total[l], 100*float64(hits[l])/float64(total[l]))
		allHits += hits[l]
		all += total[l]
		if float64(hits[l]) < 0.85*float64(total[l]) {
			t.Errorf("%s: recall@5 %d/%d, below 85%%", l, hits[l], total[l])
		}
	}
	fmt.Fprintf(&b, "%-8s %7d %7.1f%%\n", "overall", all, 100*float64(allHits)/float64(all))
	if float64(allHits) < 0.95*float64(all) {
		t.Errorf("overall recall@5 %d/%d, below 95%%", allHits, all)
	}
	if testing.Verbose() {
		fmt.Print(b.String())
		for _, m := range misses {
			fmt.Println("miss:", m)
		}
	}
	for _, l := range []string{"en", "ar", "fa-AF", "fa", "ps", "ti", "so", "uk", "fr", "es"} {
		if total[l] < 10 {
			t.Errorf("%s has %d queries; the set needs at least ten per interface language", l, total[l])
		}
	}
	if all < 150 {
		t.Errorf("%d queries; the set needs at least 150", all)
	}
}

func hit(res []store.Result, want []string) bool {
	for i, r := range res {
		if i >= 5 {
			break
		}
		for _, w := range want {
			if r.ID == w {
				return true
			}
		}
	}
	return false
}
