package locales

import (
	"io/fs"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

func TestMatchFallsBack(t *testing.T) {
	tests := []struct{ in, want string }{
		{"fa-AF", "fa-AF"},
		{"prs", "fa-AF"},
		{"fa-IR", "fa"},
		{"ar-SY", "ar"},
		{"de", "en"},
		{"tlh", "en"},
		{"not a tag!", "en"},
		{"", "en"},
	}
	for _, tt := range tests {
		if got := Match(tt.in); got != tt.want {
			t.Errorf("Match(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestPluralsFollowCLDR(t *testing.T) {
	tests := []struct {
		tag   string
		count int
		want  string
	}{
		{"en", 1, "1 result"},
		{"en", 3, "3 results"},
		{"uk", 1, "1 результат"},
		{"uk", 5, "5 результатів"},
		{"ar", 2, "نتيجتان"},
	}
	for _, tt := range tests {
		l, err := New(tt.tag)
		if err != nil {
			t.Fatal(err)
		}
		if got := l.N("SearchResultCount", tt.count); !strings.Contains(got, tt.want) {
			t.Errorf("%s N(SearchResultCount, %d) = %q, want it to contain %q", tt.tag, tt.count, got, tt.want)
		}
	}
}

func TestUnknownLanguageSpeaksEnglish(t *testing.T) {
	l, err := New("xx-unknown")
	if err != nil {
		t.Fatal(err)
	}
	if l.Tag() != "en" || l.T("Search") != "Search" {
		t.Errorf("Tag=%s T(Search)=%q", l.Tag(), l.T("Search"))
	}
	if got := l.T("NoSuchMessage"); got != "NoSuchMessage" {
		t.Errorf("missing message = %q, want its id", got)
	}
}

var placeholder = regexp.MustCompile(`\{\{\s*\.(\w+)\s*\}\}`)

// TestEveryFileIsComplete checks each shipped language has every English
// message, with the same placeholders, and is honest about its status.
func TestEveryFileIsComplete(t *testing.T) {
	read := func(name string) map[string]map[string]string {
		data, err := fs.ReadFile(files, name)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]map[string]string
		if err := toml.Unmarshal(data, &m); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return m
	}
	areas, _ := fs.Glob(files, "*.en.toml")
	if len(areas) == 0 {
		t.Fatal("no English message files")
	}
	for _, enName := range areas {
		area := strings.TrimSuffix(enName, ".en.toml")
		en := read(enName)
		for _, lang := range Languages {
			name := area + "." + lang.Tag + ".toml"
			msgs := read(name)
			for id, enMsg := range en {
				msg, ok := msgs[id]
				if !ok {
					t.Errorf("%s: missing message %s", name, id)
					continue
				}
				want := names(enMsg["other"])
				for form, text := range msg {
					if form == "description" {
						continue
					}
					if got := names(text); got != want {
						t.Errorf("%s: %s.%s has placeholders %s, English has %s", name, id, form, got, want)
					}
				}
			}
			if lang.Tag != "en" && msgs["TranslationStatus"]["other"] == "original" {
				t.Errorf("%s claims to be original", name)
			}
		}
	}
}

func names(s string) string {
	var out []string
	for _, m := range placeholder.FindAllStringSubmatch(s, -1) {
		out = append(out, m[1])
	}
	sort.Strings(out)
	return strings.Join(out, ",")
}

func TestRightToLeft(t *testing.T) {
	for tag, want := range map[string]bool{"ar": true, "fa-AF": true, "ps": true, "fa": true, "ti": false, "en": false, "uk": false, "bogus!": false} {
		if got := RightToLeft(tag); got != want {
			t.Errorf("RightToLeft(%q) = %v", tag, got)
		}
	}
}

func TestNameOfOtherLanguages(t *testing.T) {
	tests := []struct{ tag, want string }{
		{"de", "Deutsch"}, {"el", "Ελληνικά"}, {"ru", "русский"}, {"tr", "Türkçe"}, {"ar", "العربية"},
	}
	for _, tt := range tests {
		if got := NameOf(tt.tag); got != tt.want {
			t.Errorf("NameOf(%s) = %q, want %q", tt.tag, got, tt.want)
		}
	}
}

// TestMessageIDsAreUniqueAcrossAreas: go-i18n keeps the last file's message
// for an id, so the same id in two areas would silently shadow one of them.
func TestMessageIDsAreUniqueAcrossAreas(t *testing.T) {
	areas, _ := fs.Glob(files, "*.en.toml")
	seen := map[string]string{}
	for _, name := range areas {
		data, err := fs.ReadFile(files, name)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := toml.Unmarshal(data, &m); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for id := range m {
			if id == "TranslationStatus" {
				continue
			}
			if other, ok := seen[id]; ok {
				t.Errorf("message %s is in both %s and %s", id, other, name)
			}
			seen[id] = name
		}
	}
}

// TestEveryLanguageLoads reads the message files of every language, as the
// app reads them only when a language is first chosen: a file that does
// not parse fails here, not on a reader's screen.
func TestEveryLanguageLoads(t *testing.T) {
	entries, err := files.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	tags := map[string]bool{}
	for _, e := range entries {
		tags[fileTag(e.Name())] = true
	}
	if len(tags) < len(Languages) {
		t.Fatalf("message files in %d languages, want at least the %d shipped", len(tags), len(Languages))
	}
	for tag := range tags {
		l, err := NewSpeaking(tag)
		if err != nil {
			t.Errorf("%s: %v", tag, err)
			continue
		}
		if l.Tag() != tag {
			t.Errorf("NewSpeaking(%s) speaks %s", tag, l.Tag())
		}
	}
}

// TestALanguageLoadsOnlyItsOwnFiles: choosing Arabic reads Arabic's files
// and no other language's, English included (it is the fallback for
// messages Arabic lacks, and Arabic lacks none).
func TestALanguageLoadsOnlyItsOwnFiles(t *testing.T) {
	forgetBundles()
	l, err := New("ar")
	if err != nil {
		t.Fatal(err)
	}
	if got := l.T("Search"); got == "Search" || got == "" {
		t.Errorf("T(Search) in Arabic = %q", got)
	}
	bundlesMu.Lock()
	var loaded []string
	for tag := range bundles {
		loaded = append(loaded, tag)
	}
	bundlesMu.Unlock()
	if len(loaded) != 1 || loaded[0] != "ar" {
		t.Errorf("languages read = %v, want [ar]", loaded)
	}
	if got := l.T("NoSuchMessage"); got != "NoSuchMessage" {
		t.Errorf("missing message = %q, want its id", got)
	}
}

// forgetBundles drops every parsed language, for tests and benchmarks
// of the first load.
func forgetBundles() {
	bundlesMu.Lock()
	bundles = map[string]*langBundle{}
	bundlesMu.Unlock()
}

// BenchmarkFirstLanguage is the app's start: the reader's language read
// from its files (all areas).
func BenchmarkFirstLanguage(b *testing.B) {
	for _, tag := range []string{"ar", "en", "ti"} {
		b.Run(tag, func(b *testing.B) {
			for b.Loop() {
				forgetBundles()
				if _, err := New(tag); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
