package store

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"safar.app/safar/assets"
	"safar.app/safar/content"
	"safar.app/safar/content/source"
)

// TestBenchCompare measures Safar's search against MiniSearch 7.2.0 as
// the Integreat app configures it (fields title and content, title boost
// 2, fuzzy 0.25, prefix, AND), on the shipped pack and on the benchmark
// corpus of 20,000 translations, with the same queries, interleaved in one
// run. make bench-compare installs MiniSearch and runs it; without
// MINISEARCH_DIR it is skipped.
func TestBenchCompare(t *testing.T) {
	dir := os.Getenv("MINISEARCH_DIR")
	if dir == "" {
		t.Skip("make bench-compare runs this; it needs MiniSearch from npm")
	}
	script, err := filepath.Abs("testdata/minisearch-bench.cjs")
	if err != nil {
		t.Fatal(err)
	}
	pack, problems := source.Load(assets.Content())
	if errs := content.Errors(problems); len(errs) > 0 {
		t.Fatal(errs)
	}
	var rows []string
	real := compareQueries(t)
	rows = append(rows, compareOn(t, dir, script, "shipped pack", pack, real, 10)...)
	var synthetic []compareQuery
	for _, q := range []string{"doctor", "طبيب", "پزشک", "лікар", "ሓኪም", "hosp", "asylum lawyer", "mستشفى",
		"work permit", "dhakhtar", "hospitl", "police", "school children", "ፖሊስ", "робота"} {
		synthetic = append(synthetic, compareQuery{text: q, country: "de", lang: "fa-AF"})
	}
	rows = append(rows, compareOn(t, dir, script, "20,000 translations", syntheticPack(2000, 10), synthetic, 20)...)
	fmt.Printf("%-20s %-10s %6s %9s %9s %9s\n", "corpus", "engine", "docs", "p50 ms", "p95 ms", "recall@5")
	for _, r := range rows {
		fmt.Println(r)
	}
}

type compareQuery struct {
	lang, country, text string
	want                []string
}

// compareQueries reads testdata/queries.tsv.
func compareQueries(t *testing.T) []compareQuery {
	data, err := os.ReadFile("testdata/queries.tsv")
	if err != nil {
		t.Fatal(err)
	}
	var out []compareQuery
	for _, line := range strings.Split(string(data), "\n") {
		cols := strings.Split(line, "\t")
		if strings.HasPrefix(line, "#") || len(cols) < 4 {
			continue
		}
		out = append(out, compareQuery{lang: cols[0], country: cols[1], text: cols[2], want: strings.Fields(cols[3])})
	}
	return out
}

// compareOn runs queries rounds times through both engines, alternating
// which goes first, and returns the table rows.
func compareOn(t *testing.T, dir, script, name string, p *content.Pack, queries []compareQuery, rounds int) []string {
	s, err := Open(filepath.Join(t.TempDir(), "content.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Install(p, PackInfo{Origin: "compare"}); err != nil {
		t.Fatal(err)
	}
	// MiniSearch indexes the same texts Safar does, one document per
	// text and language, without Safar's folding or synonyms.
	docsFile := filepath.Join(t.TempDir(), "docs.jsonl")
	f, err := os.Create(docsFile)
	if err != nil {
		t.Fatal(err)
	}
	enc := json.NewEncoder(f)
	n := 0
	for _, u := range unitsOf(p, "") {
		for _, d := range u.docs {
			n++
			enc.Encode(map[string]any{"id": n, "ref": d.ref, "scope": d.scope, "title": d.title,
				"content": strings.Join([]string{d.terms, d.summary, d.body}, "\n")})
		}
	}
	f.Close()

	cmd := exec.Command("node", script, docsFile)
	cmd.Env = append(os.Environ(), "MINISEARCH_DIR="+dir)
	cmd.Stderr = os.Stderr
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Wait()
	defer stdin.Close()
	out := bufio.NewReader(stdout)
	if _, err := out.ReadString('\n'); err != nil { // {"ready": n}
		t.Fatal(err)
	}

	var msTimes, safarTimes []time.Duration
	msHits, safarHits, judged := 0, 0, 0
	for round := 0; round < rounds; round++ {
		for i, q := range queries {
			chain := content.LangChain(q.lang)
			runMS := func() []string {
				line, _ := json.Marshal(map[string]string{"q": q.text, "country": q.country})
				stdin.Write(append(line, '\n'))
				reply, err := out.ReadString('\n')
				if err != nil {
					t.Fatal(err)
				}
				var r struct {
					NS  int64
					IDs []string
				}
				if err := json.Unmarshal([]byte(reply), &r); err != nil {
					t.Fatal(err)
				}
				msTimes = append(msTimes, time.Duration(r.NS))
				return r.IDs
			}
			runSafar := func() []string {
				start := time.Now()
				res, err := s.Search(q.text, q.country, chain, 50)
				safarTimes = append(safarTimes, time.Since(start))
				if err != nil {
					t.Fatal(err)
				}
				var ids []string
				for j := 0; j < len(res) && j < 5; j++ {
					ids = append(ids, res[j].ID)
				}
				return ids
			}
			var msIDs, safarIDs []string
			if (round+i)%2 == 0 {
				msIDs, safarIDs = runMS(), runSafar()
			} else {
				safarIDs, msIDs = runSafar(), runMS()
			}
			if round == 0 && len(q.want) > 0 {
				judged++
				if containsAny(msIDs, q.want) {
					msHits++
				}
				if containsAny(safarIDs, q.want) {
					safarHits++
				}
			}
		}
	}
	recall := func(h int) string {
		if judged == 0 {
			return "-"
		}
		return fmt.Sprintf("%.1f%%", 100*float64(h)/float64(judged))
	}
	p50m, p95m := percentiles(msTimes)
	p50s, p95s := percentiles(safarTimes)
	return []string{
		fmt.Sprintf("%-20s %-10s %6d %9.3f %9.3f %9s", name, "MiniSearch", n, p50m, p95m, recall(msHits)),
		fmt.Sprintf("%-20s %-10s %6d %9.3f %9.3f %9s", name, "Safar", n, p50s, p95s, recall(safarHits)),
		fmt.Sprintf("%-20s %-10s %6s %9.1fx %8.1fx", name, "ratio", "", p50m/p50s, p95m/p95s),
	}
}

func containsAny(ids, want []string) bool {
	for _, id := range ids {
		for _, w := range want {
			if id == w {
				return true
			}
		}
	}
	return false
}

// percentiles are the p50 and p95 of ds, in milliseconds.
func percentiles(ds []time.Duration) (float64, float64) {
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	return ms(ds[len(ds)/2]), ms(ds[len(ds)*95/100])
}
