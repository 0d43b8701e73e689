package studio

import (
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

func read(t *testing.T, tag string) map[string]map[string]string {
	t.Helper()
	data, err := files.ReadFile("studio." + tag + ".toml")
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]map[string]string
	if err := toml.Unmarshal(data, &m); err != nil {
		t.Fatalf("studio.%s.toml: %v", tag, err)
	}
	return m
}

var placeholder = regexp.MustCompile(`\{\{\s*\.(\w+)\s*\}\}`)

func names(s string) string {
	var out []string
	for _, m := range placeholder.FindAllStringSubmatch(s, -1) {
		out = append(out, m[1])
	}
	sort.Strings(out)
	return strings.Join(out, ",")
}

// TestEveryLanguageIsCompleteAndHonest: each Studio language has every
// English message, translated, with the same placeholders, and says it is
// a machine draft.
func TestEveryLanguageIsCompleteAndHonest(t *testing.T) {
	if err := Err(); err != nil {
		t.Fatal(err)
	}
	en := read(t, "en")
	for _, tag := range Languages[1:] {
		msgs := read(t, tag)
		if msgs["TranslationStatus"]["other"] != "machine" {
			t.Errorf("studio.%s.toml: status %q; drafts are machine", tag, msgs["TranslationStatus"]["other"])
		}
		same := 0
		for id, e := range en {
			m, ok := msgs[id]
			if !ok {
				t.Errorf("studio.%s.toml lacks %s", tag, id)
				continue
			}
			for form, text := range m {
				if form != "description" && names(text) != names(e["other"]) {
					t.Errorf("studio.%s.toml %s.%s has placeholders %q, English %q", tag, id, form, names(text), names(e["other"]))
				}
			}
			if m["other"] == e["other"] && len(e["other"]) > 12 {
				same++
			}
		}
		if same > 0 {
			t.Errorf("studio.%s.toml: %d longer messages are still English", tag, same)
		}
	}
}

func TestLanguagesMatchAndFallBack(t *testing.T) {
	for in, want := range map[string]string{"de": "de", "de-AT": "de", "el-GR": "el", "pt-BR": "pt", "sv": "sv", "ar": "en", "": "en", "!!": "en"} {
		if got := New(in).Tag(); got != want {
			t.Errorf("New(%q) speaks %s, want %s", in, got, want)
		}
	}
	if got := New("de").T("Save"); got != "Speichern" {
		t.Errorf("de Save = %q", got)
	}
	if got := New("fr").T("NErrors", "Count", 2); got != "2 erreurs" {
		t.Errorf("fr NErrors 2 = %q", got)
	}
	if got := New("el").T("NoSuchMessage"); got != "NoSuchMessage" {
		t.Errorf("a missing message = %q", got)
	}
}
