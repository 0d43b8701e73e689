// Package locales holds Safar's user-interface strings (go-i18n message
// files, embedded) and the Localizer the app speaks through. The language is
// switched at run time: make a new Localizer and redraw.
package locales

import (
	"embed"
	"fmt"
	"io/fs"
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

var (
	bundleOnce sync.Once
	bundle     *i18n.Bundle
	bundleErr  error
	matcher    language.Matcher
)

func loadBundle() {
	bundle = i18n.NewBundle(language.English)
	bundle.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	names, _ := fs.Glob(files, "*.toml")
	for _, name := range names {
		data, err := files.ReadFile(name)
		if err != nil {
			bundleErr = err
			return
		}
		if _, err := bundle.ParseMessageFileBytes(data, name); err != nil {
			bundleErr = fmt.Errorf("locales/%s: %w", name, err)
			return
		}
	}
	tags := make([]language.Tag, len(Languages))
	for i, l := range Languages {
		tags[i] = language.MustParse(l.Tag)
	}
	matcher = language.NewMatcher(tags)
}

// Match returns the shipped UI language that best serves tag: itself,
// a close relative (fa-IR → fa), or English when nothing fits or tag is not
// a language tag at all.
func Match(tag string) string {
	bundleOnce.Do(loadBundle)
	t, err := language.Parse(tag)
	if err != nil {
		return "en"
	}
	if base, _ := t.Base(); base.String() == "prs" {
		return "fa-AF" // Dari's own code; CLDR files it under fa-AF
	}
	_, i, conf := matcher.Match(t)
	if conf == language.No {
		return "en"
	}
	return Languages[i].Tag
}

// Localizer translates UI messages into one language.
type Localizer struct {
	tag      string
	loc      *i18n.Localizer
	fallback *i18n.Localizer
}

// New returns a Localizer for the shipped language that best matches tag.
func New(tag string) (*Localizer, error) {
	bundleOnce.Do(loadBundle)
	if bundleErr != nil {
		return nil, bundleErr
	}
	tag = Match(tag)
	return &Localizer{
		tag:      tag,
		loc:      i18n.NewLocalizer(bundle, tag, "en"),
		fallback: i18n.NewLocalizer(bundle, "en"),
	}, nil
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
	if s, err := l.fallback.Localize(cfg); err == nil {
		return s
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
		// <area>.<tag>.toml: the tag is what lies between the first dot
		// and the extension; every area of a language goes in one map.
		_, tag, _ := strings.Cut(strings.TrimSuffix(e.Name(), ".toml"), ".")
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
