package content

import "strings"

// AnswerKind says how a patient answers a phrase without speaking.
type AnswerKind string

const (
	AnswerNone     AnswerKind = "none"     // a statement or instruction
	AnswerYesNo    AnswerKind = "yesno"    // yes / no / don't know
	AnswerScale    AnswerKind = "scale"    // 0–10
	AnswerBody     AnswerKind = "body"     // a region of the body map
	AnswerDuration AnswerKind = "duration" // hours, days, weeks, months, years
	AnswerChoice   AnswerKind = "choice"   // one of the phrase's options
)

// AnswerKinds lists every answer kind.
var AnswerKinds = []AnswerKind{AnswerNone, AnswerYesNo, AnswerScale, AnswerBody, AnswerDuration, AnswerChoice}

// Valid reports whether k is one of AnswerKinds.
func (k AnswerKind) Valid() bool {
	for _, v := range AnswerKinds {
		if v == k {
			return true
		}
	}
	return false
}

// PhraseCategory is a group of phrases, such as pain or medication.
type PhraseCategory struct {
	ID         string
	Order      int
	Names      map[string]string // language → name
	Provenance Provenance
}

// Phrase is one thing a clinician says or asks, in many languages.
type Phrase struct {
	ID       string
	Category string
	Order    int // place within its category
	Answer   AnswerKind
	Options  []string // option ids of a choice, in order
	Texts    []PhraseText
}

// PhraseText is a phrase in one language, with its options' texts.
type PhraseText struct {
	Lang    string
	Text    string
	Status  Status
	Options map[string]string // option id → text
}

// The categories whose phrases are the words of the answers themselves:
// without them complete, a language cannot be a patient's language.
const (
	CategoryBodyParts = "body-parts"
	CategoryAnswers   = "answers"
)

// BodyRegions are the regions of the body map, as phrase ids of CategoryBodyParts.
var BodyRegions = []string{"body-head", "body-face", "body-neck", "body-chest", "body-abdomen",
	"body-pelvis", "body-upper-back", "body-lower-back", "body-left-arm", "body-right-arm",
	"body-left-hand", "body-right-hand", "body-left-leg", "body-right-leg", "body-left-foot",
	"body-right-foot"}

// AnswerWords are the phrase ids of CategoryAnswers.
var AnswerWords = []string{"answer-yes", "answer-no", "answer-dont-know", "answer-scale-none",
	"answer-scale-worst", "duration-hours", "duration-days", "duration-weeks", "duration-months",
	"duration-years", "answer-front", "answer-back"}

// validatePhrases checks the phrasebook: answer kinds, options in every
// language, and the answer vocabulary complete in every language that has
// phrases at all.
func (p *Pack) validatePhrases(addAt func(Ref, string, ...any)) {
	cats := map[string]bool{}
	for _, c := range p.PhraseCategories {
		cats[c.ID] = true
		if c.Names["en"] == "" {
			addAt(Ref{ID: c.ID, Key: "name"}, "category %s has no English name", c.ID)
		}
		for _, m := range checkProvenance(c.Provenance) {
			addAt(Ref{ID: c.ID, Key: m.key}, "%s", m.msg)
		}
	}
	langs := map[string]bool{}
	have := map[string]map[string]bool{} // phrase id → languages
	for _, ph := range p.Phrases {
		if !slugPattern.MatchString(ph.ID) {
			addAt(Ref{ID: ph.ID}, "phrase id %q must be lower-case letters, digits and -", ph.ID)
		}
		if !cats[ph.Category] {
			addAt(Ref{ID: ph.ID}, "category %q is not described", ph.Category)
		}
		switch {
		case !ph.Answer.Valid():
			addAt(Ref{ID: ph.ID, Key: "answer"}, "unknown answer kind %q: use one of %v", ph.Answer, AnswerKinds)
		case ph.Answer == AnswerChoice && len(ph.Options) < 2:
			addAt(Ref{ID: ph.ID, Key: "options"}, "a choice needs at least two options")
		case ph.Answer != AnswerChoice && len(ph.Options) > 0:
			addAt(Ref{ID: ph.ID, Key: "options"}, "only a choice has options, not a %s answer", ph.Answer)
		}
		optionSet := map[string]bool{}
		for _, o := range ph.Options {
			if optionSet[o] {
				addAt(Ref{ID: ph.ID, Key: "options"}, "option %q twice", o)
			}
			optionSet[o] = true
		}
		have[ph.ID] = map[string]bool{}
		hasEnglish := false
		for _, t := range ph.Texts {
			at := Ref{ID: ph.ID, Lang: t.Lang}
			langs[t.Lang] = true
			have[ph.ID][t.Lang] = true
			hasEnglish = hasEnglish || t.Lang == "en"
			if !ValidLang(t.Lang) {
				addAt(at, "language tag %q is not BCP 47", t.Lang)
			}
			if t.Text == "" {
				addAt(at, "%s text of %s is empty", t.Lang, ph.ID)
			}
			if !t.Status.Valid() {
				addAt(at, "%s: unknown status %q", t.Lang, t.Status)
			}
			for _, o := range ph.Options {
				if t.Options[o] == "" {
					addAt(Ref{ID: ph.ID, Lang: t.Lang, Key: "options"}, "option %q of %s is not translated into %s", o, ph.ID, t.Lang)
				}
			}
			for o := range t.Options {
				if !optionSet[o] {
					addAt(Ref{ID: ph.ID, Lang: t.Lang, Key: "options"}, "option %q is not an option of %s", o, ph.ID)
				}
			}
		}
		if !hasEnglish {
			addAt(Ref{ID: ph.ID}, "phrase %s has no English text", ph.ID)
		}
	}
	for lang := range langs {
		for _, set := range []struct {
			category string
			ids      []string
		}{{CategoryBodyParts, BodyRegions}, {CategoryAnswers, AnswerWords}} {
			var missing []string
			for _, id := range set.ids {
				if !have[id][lang] {
					missing = append(missing, id)
				}
			}
			if len(missing) > 0 {
				addAt(Ref{ID: set.category, Lang: lang}, "%s has phrases but its %s lack %s: the answer controls need them",
					lang, set.category, strings.Join(missing, ", "))
			}
		}
	}
}
