package main

import (
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"text/tabwriter"

	"safar.app/safar/content"
	"safar.app/safar/content/source"
)

// check prints every problem in the tree, one `file:line: message` a line,
// then the coverage table. It fails when any problem is an error; warnings
// (a review date passed) are printed but do not fail.
func check(args []string, stdout, stderr io.Writer) int {
	if len(args) != 1 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	dir := args[0]
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		fmt.Fprintf(stderr, "safar-publish: %s is not a folder\n", dir)
		return 2
	}
	pack, problems := source.Load(os.DirFS(dir))
	problems = append(source.RequireChannels(os.DirFS(dir), pack), problems...)
	for _, p := range problems {
		fmt.Fprintln(stdout, p)
	}
	errs := len(content.Errors(problems))
	printCoverage(stdout, pack)
	fmt.Fprintf(stdout, "\n%d error(s), %d warning(s)\n", errs, len(problems)-errs)
	if errs > 0 {
		return 1
	}
	return 0
}

// tally counts translations of one country in one language by status.
type tally map[content.Status]int

func (t tally) String() string {
	if len(t) == 0 {
		return "-"
	}
	var parts []string
	for _, s := range []content.Status{content.StatusOriginal, content.StatusReviewed, content.StatusMachine} {
		if t[s] > 0 {
			parts = append(parts, fmt.Sprintf("%d%c", t[s], s[0]))
		}
	}
	return strings.Join(parts, "+")
}

// phrasesRow is the coverage row of the health phrasebook.
const phrasesRow = "phrases"

// coverage is, per country and language, how many items (articles,
// services and hotlines) have a text in that language, and of what status;
// the phrasebook's phrases have a row of their own.
func coverage(pack *content.Pack) (countries, langs []string, cells map[string]map[string]tally, items map[string]int) {
	cells = map[string]map[string]tally{}
	items = map[string]int{}
	seenLang := map[string]bool{}
	add := func(cc, lang string, st content.Status) {
		if cells[cc] == nil {
			cells[cc] = map[string]tally{}
		}
		if cells[cc][lang] == nil {
			cells[cc][lang] = tally{}
		}
		cells[cc][lang][st]++
		seenLang[lang] = true
	}
	for _, it := range pack.Items {
		items[it.Country]++
		for _, t := range it.Translations {
			add(it.Country, t.Lang, t.Status)
		}
	}
	for _, s := range pack.Services {
		items[s.Country]++
		for _, t := range s.Texts {
			add(s.Country, t.Lang, t.Status)
		}
	}
	for _, h := range pack.Hotlines {
		items[h.Country]++
		for _, t := range h.Texts {
			add(h.Country, t.Lang, t.Status)
		}
	}
	for _, ph := range pack.Phrases {
		items[phrasesRow]++
		for _, t := range ph.Texts {
			add(phrasesRow, t.Lang, t.Status)
		}
	}
	for cc := range items {
		countries = append(countries, cc)
	}
	// Countries in order; the phrasebook, which belongs to none, last.
	sort.Slice(countries, func(i, j int) bool {
		if (countries[i] == phrasesRow) != (countries[j] == phrasesRow) {
			return countries[j] == phrasesRow
		}
		return countries[i] < countries[j]
	})
	for l := range seenLang {
		langs = append(langs, l)
	}
	// English first, as the original of most items; then alphabetical.
	sort.Slice(langs, func(i, j int) bool {
		if (langs[i] == "en") != (langs[j] == "en") {
			return langs[i] == "en"
		}
		return langs[i] < langs[j]
	})
	return countries, langs, cells, items
}

func printCoverage(w io.Writer, pack *content.Pack) {
	countries, langs, cells, items := coverage(pack)
	tr := traceability(pack)
	fmt.Fprintln(w, "\ncoverage: items per country and language (o original, r reviewed, m machine); the phrasebook's phrases in the row \"phrases\"")
	fmt.Fprintln(w, "articles: articles among the items; langs: interface languages per item, on average; sources: sources with a path / all sources")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprint(tw, "country\titems\tarticles\tlangs\tsources")
	for _, l := range langs {
		fmt.Fprint(tw, "\t"+l)
	}
	fmt.Fprintln(tw)
	total := map[string]tally{}
	all := 0
	for _, cc := range countries {
		c := tr[cc]
		fmt.Fprintf(tw, "%s\t%d\t%d\t%s\t%d/%d", cc, items[cc], c.articles, c.langsPerItem(), c.withPath, c.sources)
		if cc != phrasesRow {
			all += items[cc]
		}
		for _, l := range langs {
			fmt.Fprint(tw, "\t"+cells[cc][l].String())
			if total[l] == nil {
				total[l] = tally{}
			}
			if cc == phrasesRow {
				continue
			}
			for s, n := range cells[cc][l] {
				total[l][s] += n
			}
		}
		fmt.Fprintln(tw)
	}
	sum := tr.sum()
	fmt.Fprintf(tw, "all countries\t%d\t%d\t%s\t%d/%d", all, sum.articles, sum.langsPerItem(), sum.withPath, sum.sources)
	for _, l := range langs {
		fmt.Fprint(tw, "\t"+total[l].String())
	}
	fmt.Fprintln(tw)
	tw.Flush()
	fmt.Fprintf(w, "\nsources with a path: %d of %d (%d home pages)\n", sum.withPath, sum.sources, sum.sources-sum.withPath)
	fmt.Fprintf(w, "items in all %d interface languages: %d of %d\n", len(interfaceLangs), sum.complete, sum.items)
	fmt.Fprintf(w, "items that record what was checked (checked = \"...\"): %d of %d\n", sum.checked, sum.items)
}

// interfaceLangs are the languages the app's interface ships in
// (locales.Languages; a test keeps the two lists the same).
var interfaceLangs = []string{"en", "ar", "fa-AF", "fa", "ps", "ti", "so", "uk", "fr", "es"}

// trace counts, for one country's articles, services and hotlines, how
// traceable and how translated they are.
type trace struct {
	items, articles   int
	langs             int // interface-language texts, summed over items
	complete          int // items with a text in every interface language
	sources, withPath int
	checked           int // items whose provenance says what was checked
}

func (t trace) langsPerItem() string {
	if t.items == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f", float64(t.langs)/float64(t.items))
}

type traces map[string]trace

func (ts traces) sum() trace {
	var s trace
	for cc, t := range ts {
		if cc == phrasesRow {
			continue
		}
		s.items += t.items
		s.articles += t.articles
		s.langs += t.langs
		s.complete += t.complete
		s.sources += t.sources
		s.withPath += t.withPath
		s.checked += t.checked
	}
	return s
}

func traceability(pack *content.Pack) traces {
	ts := traces{}
	add := func(cc string, pv content.Provenance, langs []string, article bool) {
		t := ts[cc]
		t.items++
		if article {
			t.articles++
		}
		have := map[string]bool{}
		for _, l := range langs {
			have[l] = true
		}
		n := 0
		for _, l := range interfaceLangs {
			if have[l] {
				n++
			}
		}
		t.langs += n
		if n == len(interfaceLangs) {
			t.complete++
		}
		for _, s := range pv.Sources() {
			t.sources++
			if !content.HomePage(s) {
				t.withPath++
			}
		}
		if pv.Checked != "" {
			t.checked++
		}
		ts[cc] = t
	}
	for _, it := range pack.Items {
		var ls []string
		for _, t := range it.Translations {
			ls = append(ls, t.Lang)
		}
		add(it.Country, it.Provenance, ls, true)
	}
	for _, s := range pack.Services {
		var ls []string
		for _, t := range s.Texts {
			ls = append(ls, t.Lang)
		}
		add(s.Country, s.Provenance, ls, false)
	}
	for _, h := range pack.Hotlines {
		var ls []string
		for _, t := range h.Texts {
			ls = append(ls, t.Lang)
		}
		add(h.Country, h.Provenance, ls, false)
	}
	for _, c := range pack.PhraseCategories {
		t := ts[phrasesRow]
		for _, s := range c.Provenance.Sources() {
			t.sources++
			if !content.HomePage(s) {
				t.withPath++
			}
		}
		ts[phrasesRow] = t
	}
	return ts
}
