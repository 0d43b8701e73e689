package store

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"safar.app/safar/content"
)

// vocab mixes the scripts Safar indexes, so the benchmark corpus has the
// shape of real multilingual content.
var vocab = strings.Fields(`asylum doctor hospital health insurance work permit residence visa
	school language course housing rent lawyer court police emergency ambulance trafficking
	passport registration office appointment interpreter vaccination pregnancy children
	لجوء طبيب مستشفى صحة تأمين عمل إقامة تأشيرة مدرسة لغة سكن محامي شرطة طوارئ
	پناهندگی پزشک بیمارستان صحت کار اقامت مکتب زبان خانه وکیل پولیس عاجل
	притулок лікар лікарня здоров'я робота дозвіл школа мова житло адвокат поліція
	ዑቕባ ሓኪም ሆስፒታል ጥዕና ስራሕ ፍቓድ ቤት ትምህርቲ ቋንቋ ገዛ ጠበቓ ፖሊስ ህጹጽ
	magangelyo dhakhtar isbitaal caafimaad shaqo ogolaansho dugsi luqad guri qareen booliis`)

// syllables per script, from which the benchmark corpus makes its words.
var syllables = [][]string{
	strings.Fields("ba ke lo mi nu ra se ti vo wa ge ha ju ki pe"),
	strings.Fields("با كي لو مي نو را سي تي فو وا جي ها جو كا بي"),
	strings.Fields("бa ке ло мі ну ра се ті во ва ге ха ю кі пе"),
	strings.Fields("ባ ኬ ሎ ሚ ኑ ራ ሴ ቲ ቮ ዋ ጌ ሃ ጁ ኪ ፔ"),
}

// syntheticPack builds a pack of items×langs translations. Words follow a
// Zipf distribution over a large vocabulary, as in real text, with the
// topical words of vocab among them.
func syntheticPack(items, langs int) *content.Pack {
	r := rand.New(rand.NewPCG(1, 2))
	var lexicon [][]string
	for _, syl := range syllables {
		seen := map[string]bool{}
		words := append([]string{}, vocab...)
		for len(words) < 8000 {
			n := 2 + r.IntN(3)
			var w strings.Builder
			for j := 0; j < n; j++ {
				w.WriteString(syl[r.IntN(len(syl))])
			}
			if !seen[w.String()] {
				seen[w.String()] = true
				words = append(words, w.String())
			}
		}
		// Shuffle so topical words sit at varied frequencies.
		r.Shuffle(len(words), func(i, j int) { words[i], words[j] = words[j], words[i] })
		lexicon = append(lexicon, words)
	}
	zipf := func(n int) int { // rank by a Zipf law with exponent ~1
		return int(float64(n) * (r.Float64() * r.Float64() * r.Float64()))
	}
	text := func(script, n int) string {
		ws := make([]string, n)
		for i := range ws {
			words := lexicon[script]
			ws[i] = words[zipf(len(words))]
		}
		return strings.Join(ws, " ")
	}
	tags := []string{"en", "ar", "fa-AF", "uk", "ti", "so", "fr", "es", "ps", "fa"}[:langs]
	scriptOf := map[string]int{"en": 0, "so": 0, "fr": 0, "es": 0, "ar": 1, "fa-AF": 1, "ps": 1, "fa": 1, "uk": 2, "ti": 3}
	p := &content.Pack{}
	ccs := []string{"de", "se", "at", "nl", "fr"}
	// Stories need a person's consent; the corpus is articles.
	kinds := slices.DeleteFunc(slices.Clone(content.Kinds), func(k content.Kind) bool { return k == content.KindStory })
	for _, cc := range ccs {
		p.Countries = append(p.Countries, content.Country{Code: cc, Names: map[string]string{"en": cc}})
	}
	for i := 0; i < items; i++ {
		it := content.Item{ID: fmt.Sprintf("x-%d", i), Country: ccs[i%len(ccs)], Region: "_",
			Kind: kinds[i%len(kinds)], Slug: fmt.Sprintf("s%d", i),
			Stages: []content.Stage{content.StageFirstWeeks}, OriginalLang: "en", Provenance: testProvenance}
		for _, tag := range tags {
			sc := scriptOf[tag]
			it.Translations = append(it.Translations, content.Translation{Lang: tag, Title: text(sc, 6),
				Summary: text(sc, 25), Body: text(sc, 250), Status: content.StatusMachine})
		}
		p.Items = append(p.Items, it)
	}
	return p
}

// benchQueries are the benchmark's queries: words in several scripts, a
// prefix, two-word queries and transliterations.
var benchQueries = []string{"doctor", "طبيب", "پزشک", "лікар", "ሓኪም", "hosp", "asylum lawyer", "mستشفى", "work permit", "dhakhtar"}

// benchSearch installs the 20,000-translation corpus and times b.N
// searches, reporting the median (p50-ms) and p95 (p95-ms) beside Go's
// mean. Before each search, before(s) runs outside the timing.
func benchSearch(b *testing.B, before func(s *Store)) {
	s, err := Open(filepath.Join(b.TempDir(), "content.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	if err := s.Install(syntheticPack(2000, 10), PackInfo{Origin: "bench"}); err != nil {
		b.Fatal(err)
	}
	chain := []string{"fa-AF", "fa", "en"}
	for _, q := range benchQueries { // read the vocabulary and build the typo table
		if _, err := s.Search(q, "de", chain, 50); err != nil {
			b.Fatal(err)
		}
	}
	durations := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		before(s)
		start := time.Now()
		if _, err := s.Search(benchQueries[i%len(benchQueries)], "de", chain, 50); err != nil {
			b.Fatal(err)
		}
		durations = append(durations, time.Since(start))
	}
	b.StopTimer()
	sort.Slice(durations, func(i, j int) bool { return durations[i] < durations[j] })
	b.ReportMetric(float64(durations[len(durations)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(durations[len(durations)*95/100].Microseconds())/1000, "p95-ms")
}

// BenchmarkSearch: target p95 under 0.5 ms per query over 20,000
// translations.
func BenchmarkSearch(b *testing.B) { benchSearch(b, func(*Store) {}) }

// BenchmarkSearchUncached is BenchmarkSearch with the caches of lists
// and shown results emptied before every query: what a search costs when
// none of its words was read before (the vocabulary and synonyms stay:
// they are read once per installed pack).
func BenchmarkSearchUncached(b *testing.B) {
	benchSearch(b, func(s *Store) {
		s.cache.mu.Lock()
		s.cache.lists = lru[postingList]{max: listCacheBytes}
		s.cache.shown = lru[Result]{max: shownCacheBytes}
		s.cache.mu.Unlock()
	})
}

// BenchmarkOpenAndHome: target under 30 ms to open an existing content.db
// and load what the home screen shows.
func BenchmarkOpenAndHome(b *testing.B) {
	path := filepath.Join(b.TempDir(), "content.db")
	s, err := Open(path)
	if err != nil {
		b.Fatal(err)
	}
	if err := s.Install(syntheticPack(2000, 10), PackInfo{Origin: "bench"}); err != nil {
		b.Fatal(err)
	}
	s.Close()
	chain := []string{"ar", "en"}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s, err := Open(path)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := s.Installed(); err != nil {
			b.Fatal(err)
		}
		if _, err := s.CountryName("de", chain); err != nil {
			b.Fatal(err)
		}
		if _, err := s.KindCounts("de"); err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
}
