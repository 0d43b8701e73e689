// Package locales holds Safar's user-interface strings (go-i18n message
// files, embedded) and the Localizer the app speaks through. The language is
// switched at run time: make a new Localizer and redraw.
package locales

import (
	"embed"
	"fmt"
	"log"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// Messages live in one file per area and language, <area>.<tag>.toml:
// active.* holds the core screens; a feature may add its own area (for
// example vault.*) so that its strings are reviewed and merged on their own.
//
//go:embed *.toml
var files embed.FS

// Language is a UI language Safar ships.
type Language struct {
	Tag  string // BCP 47; Dari is fa-AF because CLDR has plural rules for fa, not prs
	Name string // the language's name in its own script
}

// Languages lists the shipped UI languages in the order the picker shows them.
var Languages = []Language{
	{"en", "English"},
	{"ar", "العربية"},
	{"fa-AF", "دری"},
	{"fa", "فارسی"},
	{"ps", "پښتو"},
	{"ti", "ትግርኛ"},
	{"so", "Soomaali"},
	{"uk", "Українська"},
	{"fr", "Français"},
	{"es", "Español"},
}

// NameOf is a shipped language's own name, or the tag itself.
func NameOf(tag string) string {
	for _, l := range Languages {
		if l.Tag == tag {
			return l.Name
		}
	}
	// Languages Safar's UI is not in (the phrasebook's de, el, ru, tr…):
	// CLDR's name of each language in itself.
	if t, err := language.Parse(tag); err == nil {
		if n := display.Self.Name(t); n != "" {
			return n
		}
	}
	return tag
}

// Message files are parsed when a language is first asked for, not all at
// start: the window needs the reader's language alone for its first screen,
// and parsing the 66 files took about 40 ms of processor time before it.
// Each language gets a bundle of its own files, which is not changed once
// made, so that screens may read it while another language loads.
var (
	bundlesMu sync.Mutex
	bundles   = map[string]*langBundle{} // by tag, as in the file names
	unmarshal = map[string]i18n.UnmarshalFunc{"toml": toml.Unmarshal}
)

// langBundle is one language's messages, or why they could not be read.
type langBundle struct {
	bundle *i18n.Bundle
	err    error
}

// bundleOf parses the message files of language tag (every area's) into a
// bundle of their own, once. A tag without files gets an empty bundle.
func bundleOf(tag string) (*i18n.Bundle, error) {
	bundlesMu.Lock()
	defer bundlesMu.Unlock()
	if lb, ok := bundles[tag]; ok {
		return lb.bundle, lb.err
	}
	b := i18n.NewBundle(language.English)
	var err error
	for _, name := range filesOf(tag) {
		var data []byte
		if data, err = files.ReadFile(name); err != nil {
			break
		}
		var mf *i18n.MessageFile
		if mf, err = i18n.ParseMessageFileBytes(data, name, unmarshal); err != nil {
			err = fmt.Errorf("locales/%s: %w", name, err)
			break
		}
		if err = b.AddMessages(mf.Tag, mf.Messages...); err != nil {
			err = fmt.Errorf("locales/%s: %w", name, err)
			break
		}
	}
	if err != nil {
		b = nil
	}
	bundles[tag] = &langBundle{bundle: b, err: err}
	return b, err
}

// filesOf names the message files written in tag: <area>.<tag>.toml.
func filesOf(tag string) []string {
	var names []string
	entries, _ := files.ReadDir(".")
	for _, e := range entries {
		if fileTag(e.Name()) == tag {
			names = append(names, e.Name())
		}
	}
	return names
}

// fileTag is the language of a message file's name: what lies between the
// first dot and the extension.
func fileTag(name string) string {
	_, tag, _ := strings.Cut(strings.TrimSuffix(name, ".toml"), ".")
	return tag
}

// hasFiles reports whether some message file is written in tag.
func hasFiles(tag string) bool { return len(filesOf(tag)) > 0 }

// matcher finds the shipped UI language closest to a tag.
var matcher = sync.OnceValue(func() language.Matcher {
	tags := make([]language.Tag, len(Languages))
	for i, l := range Languages {
		tags[i] = language.MustParse(l.Tag)
	}
	return language.NewMatcher(tags)
})

// Match returns the shipped UI language that best serves tag: itself,
// a close relative (fa-IR → fa), or English when nothing fits or tag is not
// a language tag at all.
func Match(tag string) string {
	t, err := language.Parse(tag)
	if err != nil {
		return "en"
	}
	if base, _ := t.Base(); base.String() == "prs" {
		return "fa-AF" // Dari's own code; CLDR files it under fa-AF
	}
	_, i, conf := matcher().Match(t)
	if conf == language.No {
		return "en"
	}
	return Languages[i].Tag
}

// Localizer translates UI messages into one language.
type Localizer struct {
	tag string
	loc *i18n.Localizer // tag's own messages
	// fallback speaks English, for a message tag's files lack; it is made
	// on the first such message, so that English is parsed only then.
	fallback func() *i18n.Localizer
}

// New returns a Localizer for the shipped language that best matches tag.
func New(tag string) (*Localizer, error) {
	return newLocalizer(Match(tag))
}

// newLocalizer is a Localizer for tag, which has message files or is "en".
// A file of tag that cannot be read is an error here, when the language is
// chosen. English is read only for a message tag lacks, which no shipped
// language does (TestEveryFileIsComplete); every language's files are
// read by TestEveryLanguageLoads.
func newLocalizer(tag string) (*Localizer, error) {
	b, err := bundleOf(tag)
	if err != nil {
		return nil, err
	}
	l := &Localizer{tag: tag, loc: i18n.NewLocalizer(b, tag)}
	l.fallback = sync.OnceValue(func() *i18n.Localizer {
		en, err := bundleOf("en")
		if err != nil {
			log.Printf("locales: English, the fallback: %v", err)
			return nil
		}
		return i18n.NewLocalizer(en, "en")
	})
	return l, nil
}

// Tag is the language this Localizer speaks.
func (l *Localizer) Tag() string { return l.tag }

// T translates message id, filling its {{.Placeholders}} from data (pairs
// of name and value). A message missing in this language falls back to
// English, then to the id itself, so the screen never goes blank.
func (l *Localizer) T(id string, data ...any) string {
	return l.localize(&i18n.LocalizeConfig{MessageID: id, TemplateData: pairs(data)})
}

// N translates a message with plural forms for count; count is also
// available to the message as {{.Count}}.
func (l *Localizer) N(id string, count int, data ...any) string {
	td := pairs(data)
	td["Count"] = count
	return l.localize(&i18n.LocalizeConfig{MessageID: id, PluralCount: count, TemplateData: td})
}

func (l *Localizer) localize(cfg *i18n.LocalizeConfig) string {
	if s, err := l.loc.Localize(cfg); err == nil {
		return s
	}
	if en := l.fallback(); en != nil {
		if s, err := en.Localize(cfg); err == nil {
			return s
		}
	}
	return cfg.MessageID
}

func pairs(kv []any) map[string]any {
	m := make(map[string]any, len(kv)/2+1)
	for i := 0; i+1 < len(kv); i += 2 {
		if k, ok := kv[i].(string); ok {
			m[k] = kv[i+1]
		}
	}
	return m
}

// RightToLeft reports whether tag's script is written right to left.
func RightToLeft(tag string) bool {
	t, err := language.Parse(tag)
	if err != nil {
		return false
	}
	script, _ := t.Script()
	switch script.String() {
	case "Arab", "Hebr", "Thaa", "Syrc", "Nkoo", "Adlm", "Rohg":
		return true
	}
	return false
}

// Messages lists every text of every shipped language's file, for checks
// over all strings (such as glyph coverage): language tag → "Id.form" → text.
func Messages() (map[string]map[string]string, error) {
	out := map[string]map[string]string{}
	entries, err := files.ReadDir(".")
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		// Every area of a language goes in one map.
		tag := fileTag(e.Name())
		data, err := files.ReadFile(e.Name())
		if err != nil {
			return nil, err
		}
		var msgs map[string]map[string]string
		if _, err := toml.Decode(string(data), &msgs); err != nil {
			return nil, fmt.Errorf("%s: %w", e.Name(), err)
		}
		if out[tag] == nil {
			out[tag] = map[string]string{}
		}
		for id, forms := range msgs {
			for form, text := range forms {
				if form != "description" {
					out[tag][id+"."+form] = text
				}
			}
		}
	}
	return out, nil
}
