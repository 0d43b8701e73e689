// Package studio holds the messages of Safar Studio, the editors' browser
// tool, and the localizer it speaks through. The Studio is used by
// municipal and NGO editors, so its languages are those of the offices
// that publish (English, German, French, Spanish, Italian, Swedish, Dutch,
// Portuguese, Greek), not the app's reader languages; its files sit apart
// from the app's (locales/*.toml), which must cover every reader language.
package studio

import (
	"embed"
	"fmt"
	"io/fs"
	"sync"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"safar.app/safar/locales"
)

//go:embed studio.*.toml
var files embed.FS

// Languages are the Studio's interface languages, English first.
var Languages = []string{"en", "de", "fr", "es", "it", "sv", "nl", "pt", "el"}

var (
	once    sync.Once
	bundle  *i18n.Bundle
	loadErr error
	matcher language.Matcher
)

func load() {
	bundle = i18n.NewBundle(language.English)
	bundle.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	names, _ := fs.Glob(files, "studio.*.toml")
	for _, n := range names {
		data, err := files.ReadFile(n)
		if err == nil {
			_, err = bundle.ParseMessageFileBytes(data, n)
		}
		if err != nil {
			loadErr = fmt.Errorf("locales/studio/%s: %w", n, err)
			return
		}
	}
	tags := make([]language.Tag, len(Languages))
	for i, l := range Languages {
		tags[i] = language.MustParse(l)
	}
	matcher = language.NewMatcher(tags)
}

// Localizer speaks one of Languages.
type Localizer struct {
	tag string
	loc *i18n.Localizer
	en  *i18n.Localizer
}

// Match is the Studio language that best serves tag (such as a browser's
// Accept-Language), English when none does.
func Match(tag string) string {
	once.Do(load)
	t, err := language.Parse(tag)
	if err != nil {
		return "en"
	}
	_, i, conf := matcher.Match(t)
	if conf == language.No {
		return "en"
	}
	return Languages[i]
}

// New is a Localizer for the language that best matches tag.
func New(tag string) *Localizer {
	once.Do(load)
	tag = Match(tag)
	return &Localizer{tag: tag, loc: i18n.NewLocalizer(bundle, tag, "en"), en: i18n.NewLocalizer(bundle, "en")}
}

// Err is a problem with the embedded files, which tests check.
func Err() error { once.Do(load); return loadErr }

// Tag is the language l speaks.
func (l *Localizer) Tag() string { return l.tag }

// T translates message id with its {{.Placeholders}} from pairs of name
// and value; a missing message falls back to English, then to the id.
func (l *Localizer) T(id string, kv ...any) string {
	data := map[string]any{}
	for i := 0; i+1 < len(kv); i += 2 {
		if k, ok := kv[i].(string); ok {
			data[k] = kv[i+1]
		}
	}
	cfg := &i18n.LocalizeConfig{MessageID: id, TemplateData: data}
	if n, ok := data["Count"].(int); ok {
		cfg.PluralCount = n
	}
	if s, err := l.loc.Localize(cfg); err == nil {
		return s
	}
	if s, err := l.en.Localize(cfg); err == nil {
		return s
	}
	return id
}

// RightToLeft reports whether a content language is written right to left.
func RightToLeft(tag string) bool { return locales.RightToLeft(tag) }
