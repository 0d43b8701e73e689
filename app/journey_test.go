package app

import (
	"strings"
	"testing"
)

// The journey of make bench-startup reaches every kind of screen, and
// each opens.
func TestJourneyVisitsEveryScreen(t *testing.T) {
	a := newTestApp(t, &onboardedInGermany)
	stops, err := a.journeyStops()
	if err != nil {
		t.Fatal(err)
	}
	first := map[string]string{}
	for _, s := range stops {
		kind, _, _ := strings.Cut(s, ":")
		if _, ok := first[kind]; !ok {
			first[kind] = s
		}
	}
	for _, kind := range []string{"home", "topic", "article", "service", "search", "emergency", "settings",
		"phrasebook", "phrases", "patient", "summary"} {
		where, ok := first[kind]
		if !ok {
			t.Errorf("the journey never opens a %s screen", kind)
			continue
		}
		if err := a.Open(where); err != nil {
			t.Errorf("open %s: %v", where, err)
		}
	}
}
