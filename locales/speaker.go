package locales

import (
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// NewSpeaking returns a Localizer for tag itself when some message file is
// written in it, although the interface is not offered in that language:
// the phrasebook speaks to a clinician in German or Swedish while the rest
// of the app speaks to the reader in Dari. A message that file lacks falls
// back to English. For any other tag it is New(tag).
func NewSpeaking(tag string) (*Localizer, error) {
	bundleOnce.Do(loadBundle)
	if bundleErr != nil {
		return nil, bundleErr
	}
	want, err := language.Parse(tag)
	if err != nil {
		return New(tag)
	}
	for _, have := range bundle.LanguageTags() {
		if have == want {
			return &Localizer{
				tag:      tag,
				loc:      i18n.NewLocalizer(bundle, tag, "en"),
				fallback: i18n.NewLocalizer(bundle, "en"),
			}, nil
		}
	}
	return New(tag)
}
