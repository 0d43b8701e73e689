package userdata

import (
	"errors"
	"path/filepath"
	"testing"
	"time"
)

var tickDay = time.Date(2026, 11, 20, 9, 30, 0, 0, time.UTC)

func TestTicksRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	ticks := []Tick{
		{Checklist: "de-checklist-first-weeks", Step: "register", Country: "de", Stage: "first-weeks",
			Fingerprint: "f1", Text: "سجّل عنوانك.", Lang: "ar", At: tickDay},
		{Checklist: "de-checklist-first-weeks", Step: "health", Country: "de", Stage: "first-weeks",
			Fingerprint: "f2", Text: "Apply for health cover.", Lang: "en", At: tickDay},
		{Checklist: "de-checklist-before", Step: "passport", Country: "de", Stage: "before",
			Fingerprint: "f3", Text: "Copy your passport.", Lang: "en", At: tickDay},
	}
	for _, tk := range ticks {
		if err := s.Tick(tk); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	if s, err = Open(path); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	tests := []struct {
		country, stage string
		want           []Tick
	}{
		{"de", "first-weeks", ticks[:2]},
		{"de", "before", ticks[2:]},
		{"se", "first-weeks", nil},
	}
	for _, tt := range tests {
		got, err := s.Ticks(tt.country, tt.stage)
		if err != nil || len(got) != len(tt.want) {
			t.Fatalf("Ticks(%s, %s) = %v, %v", tt.country, tt.stage, got, err)
		}
		for _, w := range tt.want {
			if g := got[w.Key()]; g != w {
				t.Errorf("tick %v read back as %+v", w.Key(), g)
			}
		}
	}

	// Ticking again replaces: the reader accepted a changed step.
	again := ticks[0]
	again.Fingerprint, again.Text = "f9", "سجّل عنوانك خلال أسبوعين."
	if err := s.Tick(again); err != nil {
		t.Fatal(err)
	}
	if err := s.Untick(ticks[1].Key()); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Ticks("de", "first-weeks")
	if len(got) != 1 || got[again.Key()] != again {
		t.Errorf("after tick again and untick: %+v", got)
	}
}

func TestOwnSteps(t *testing.T) {
	s := OpenMemory()
	defer s.Close()
	if _, err := s.AddOwnStep("de", "first-weeks", "  ", tickDay); !errors.Is(err, ErrEmptyStep) {
		t.Errorf("an empty step: %v", err)
	}
	a, err := s.AddOwnStep("de", "first-weeks", " Call the landlord about the deposit ", tickDay)
	if err != nil || a.ID == 0 || a.Text != "Call the landlord about the deposit" {
		t.Fatalf("AddOwnStep = %+v, %v", a, err)
	}
	b, _ := s.AddOwnStep("de", "first-weeks", "Buy a SIM card", tickDay)
	if _, err := s.AddOwnStep("de", "settling-in", "Find a football club", tickDay); err != nil {
		t.Fatal(err)
	}
	if err := s.SetOwnStepDone(b.ID, true); err != nil {
		t.Fatal(err)
	}
	got, err := s.OwnSteps("de", "first-weeks")
	want := []OwnStep{a, b}
	want[1].Done = true
	if err != nil || len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("OwnSteps = %+v, %v\nwant %+v", got, err, want)
	}
	if err := s.DeleteOwnStep(a.ID); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.OwnSteps("de", "first-weeks"); len(got) != 1 || got[0].ID != b.ID {
		t.Errorf("after delete: %+v", got)
	}
}

func TestArrivalIsASetting(t *testing.T) {
	s := OpenMemory()
	defer s.Close()
	if err := s.SaveSettings(Settings{Lang: "en", TextScale: 1, Arrival: "2026-11-20"}); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Settings(); got.Arrival != "2026-11-20" {
		t.Errorf("arrival read back as %q", got.Arrival)
	}
}
