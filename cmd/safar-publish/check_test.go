package main

import (
	"bytes"
	"flag"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"safar.app/safar/locales"
)

var update = flag.Bool("update", false, "rewrite the expected output in testdata")

// TestCheckBrokenTree: a tree with one mistake of each kind the checker must
// find yields exactly the expected lines, and a failing exit code.
func TestCheckBrokenTree(t *testing.T) {
	var out, errOut bytes.Buffer
	code := run([]string{"check", "testdata/broken"}, &out, &errOut)
	if code != 1 {
		t.Errorf("exit code %d, want 1; stderr: %s", code, errOut.String())
	}
	const golden = "testdata/broken.expected"
	if *update {
		if err := os.WriteFile(golden, out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got := out.String(); got != string(want) {
		t.Errorf("check output differs from %s (run with -update after checking by eye):\n--- got\n%s\n--- want\n%s", golden, got, want)
	}
	// Each kind of mistake, by the words an editor reads.
	for _, mistake := range []string{
		`unknown key "translator"`, `missing key "source"`, `invalid datetime`,
		"is before reviewed_on", "warning: review_by 2020-01-01 has passed", `duplicate id "de-asylum"`,
		"has no original", `language tag "de_DE" is not BCP 47`, "nor a known short number in DE",
		`opening hours "Mo-Fr 9-17"`, `link to "de-healthcare": no item has that id`,
		"raw HTML is not rendered", "is in the folder de/",
		`warning: source "https://www.example.org/" is a home page`,
		"warning: review_by 2099-01-01 is more than 6 months after reviewed_on",
		"search_terms has an empty entry", `"de_DE" is not a known language tag`, "en has an empty entry",
		"ar has no words", `duplicate concept "doctor"`, `en "GP" is already in concept "doctor"`,
		"de/: no feedback channel: add de/publisher.toml", "de/_/story/first.en.md:2: a story needs consent",
	} {
		if !strings.Contains(out.String(), mistake) {
			t.Errorf("no line about %q", mistake)
		}
	}
}

func TestCheckShippedContent(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run([]string{"check", "../../assets/content"}, &out, &errOut); code != 0 {
		t.Fatalf("the shipped content has errors (exit %d):\n%s%s", code, out.String(), errOut.String())
	}
	if !strings.Contains(out.String(), "coverage: items per country and language") {
		t.Errorf("no coverage table:\n%s", out.String())
	}
}

func TestCheckUsage(t *testing.T) {
	tests := []struct {
		args []string
		code int
	}{
		{nil, 2},
		{[]string{"check"}, 2},
		{[]string{"check", "testdata/no-such-folder"}, 2},
		{[]string{"frobnicate"}, 2},
		{[]string{"help"}, 0},
	}
	for _, tt := range tests {
		var out, errOut bytes.Buffer
		if code := run(tt.args, &out, &errOut); code != tt.code {
			t.Errorf("safar-publish %v: exit %d, want %d", tt.args, code, tt.code)
		}
	}
}

func TestCoverageCountsByStatus(t *testing.T) {
	var out bytes.Buffer
	run([]string{"check", "testdata/broken"}, &out, &out)
	if !regexp.MustCompile(`(?m)^de\s+8\s+6\s+1\.1\s+6/7\s+8o\s+1m\s+1m$`).MatchString(out.String()) {
		t.Errorf("coverage row for de not as counted by hand:\n%s", out.String())
	}
}

// TestCheckPhraseMistakes: the phrasebook's two mistakes of the content
// issue, a missing option translation and an unknown answer kind, each at
// its line.
func TestCheckPhraseMistakes(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run([]string{"check", "testdata/phrases-broken"}, &out, &errOut); code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	want := []string{
		`phrases/pain.ar.toml:14: option "dull" of pain-kind is not translated into ar`,
		`phrases/pain.en.toml:13: unknown answer kind "map": use one of [none yesno scale body duration choice]`,
	}
	for i, w := range want {
		if i >= len(lines) || lines[i] != w {
			t.Errorf("line %d = %q, want %q\n%s", i+1, lines[min(i, len(lines)-1)], w, out.String())
		}
	}
	if !regexp.MustCompile(`(?m)^phrases\s+30\s+0\s+-\s+3/3\s+30o\s+30m$`).MatchString(out.String()) {
		t.Errorf("no phrases row in the coverage table:\n%s", out.String())
	}
}

// TestInterfaceLangsAreTheShippedOnes: the coverage table counts items in
// the languages the app's interface ships in.
func TestInterfaceLangsAreTheShippedOnes(t *testing.T) {
	var shipped []string
	for _, l := range locales.Languages {
		shipped = append(shipped, l.Tag)
	}
	if !slices.Equal(shipped, interfaceLangs) {
		t.Errorf("interfaceLangs = %v, locales.Languages = %v", interfaceLangs, shipped)
	}
}

// TestCoverageCountsSourcesWithAPath: the figures the coverage table ends
// with, counted by hand for the broken tree (the duplicate is left out).
func TestCoverageCountsSourcesWithAPath(t *testing.T) {
	var out bytes.Buffer
	run([]string{"check", "testdata/broken"}, &out, &out)
	for _, want := range []string{
		"sources with a path: 6 of 7 (1 home pages)",
		"items in all 10 interface languages: 0 of 8",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("no line %q:\n%s", want, out.String())
		}
	}
}
