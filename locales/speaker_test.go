package locales

import (
	"io/fs"
	"testing"

	"github.com/BurntSushi/toml"
)

// clinicianOnly are the languages the phrasebook speaks to a clinician in
// but the interface is not in.
var clinicianOnly = []string{"de", "it", "el", "sv", "nl", "pt"}

func TestNewSpeakingReachesPhrasebookLanguages(t *testing.T) {
	tests := []struct{ tag, id, want string }{
		{"de", "ShowToPatient", "Dem Patienten zeigen"},
		{"sv", "EndConversation", "Avsluta samtalet och rensa"},
		{"el", "CopySummary", "Αντιγραφή"},
		{"fa-AF", "ShowToPatient", "به مریض نشان دهید"},
		{"en", "ShowToPatient", "Show to patient"},
		{"de", "Back", "Back"},                      // not in the phrasebook area: English
		{"tlh", "ShowToPatient", "Show to patient"}, // no file at all: English
	}
	for _, tt := range tests {
		l, err := NewSpeaking(tt.tag)
		if err != nil {
			t.Fatal(err)
		}
		if got := l.T(tt.id); got != tt.want {
			t.Errorf("NewSpeaking(%s).T(%s) = %q, want %q", tt.tag, tt.id, got, tt.want)
		}
	}
	if l, _ := NewSpeaking("de"); l.N("SummaryButton", 2) != "Zusammenfassung: 2 Antworten" {
		t.Errorf("German plural: %q", l.N("SummaryButton", 2))
	}
}

// TestClinicianLanguagesAreComplete: a phrasebook file in a language the
// interface is not in has every English phrasebook message, with the same
// placeholders, and says it was drafted by machine.
func TestClinicianLanguagesAreComplete(t *testing.T) {
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
	en := read("phrasebook.en.toml")
	for _, tag := range clinicianOnly {
		name := "phrasebook." + tag + ".toml"
		msgs := read(name)
		for id, enMsg := range en {
			msg, ok := msgs[id]
			if !ok {
				t.Errorf("%s: missing message %s", name, id)
				continue
			}
			for form, text := range msg {
				if form != "description" && names(text) != names(enMsg["other"]) {
					t.Errorf("%s: %s.%s has placeholders %s", name, id, form, names(text))
				}
			}
		}
		if s := msgs["TranslationStatus"]["other"]; s != "machine" {
			t.Errorf("%s: status %q", name, s)
		}
	}
}
