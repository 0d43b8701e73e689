package locales

import "golang.org/x/text/language"

// NewSpeaking returns a Localizer for tag itself when some message file is
// written in it, although the interface is not offered in that language:
// the phrasebook speaks to a clinician in German or Swedish while the rest
// of the app speaks to the reader in Dari. A message that file lacks falls
// back to English. For any other tag it is New(tag).
func NewSpeaking(tag string) (*Localizer, error) {
	if _, err := language.Parse(tag); err != nil || !hasFiles(tag) {
		return New(tag)
	}
	return newLocalizer(tag)
}
