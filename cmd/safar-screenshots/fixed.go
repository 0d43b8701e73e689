package main

import (
	"fmt"
	"os"
	"path/filepath"

	"safar.app/safar/app/snapshot"
	"safar.app/safar/content"
	"safar.app/safar/content/store"
	"safar.app/safar/userdata"
)

// readerShots renders, at phone size, the screens where each reader reads
// their own language (issue 11): the phrasebook as a reader of lang in
// Germany opens it, with the default languages (the patient reads lang,
// the clinician German); the patient's answers, also at twice the text
// size; saved summaries; a link to an item the pack lacks; Call on a
// desktop; and the update picker.
func readerShots(cs *store.Store, out, lang string) error {
	reader := func(scale float64) userdata.Settings {
		return userdata.Settings{Lang: lang, Country: "de", Stage: string(content.StageFirstWeeks), TextScale: scale, Onboarded: true}
	}
	seven := snapshot.Step{Tap: "7"}
	picker, err := os.MkdirTemp("", "safar-picker")
	if err != nil {
		return err
	}
	defer os.RemoveAll(picker)
	for _, d := range []string{"USB", "Downloads"} {
		os.MkdirAll(filepath.Join(picker, d), 0o755)
	}
	os.WriteFile(filepath.Join(picker, "safar-update-de.zip"), []byte("PK"), 0o644)
	shots := []struct {
		name string
		shot snapshot.Shot
	}{
		{"phrasebook", snapshot.Shot{Settings: reader(1), Where: "phrasebook"}},
		{"phrases", snapshot.Shot{Settings: reader(1), Where: "phrases:pain"}},
		{"patient-scale", snapshot.Shot{Settings: reader(1), Where: "patient:pain-scale"}},
		{"patient-scale-2x", snapshot.Shot{Settings: reader(2), Where: "patient:pain-scale"}},
		{"patient-body-2x", snapshot.Shot{Settings: reader(2), Where: "patient:pain-where"}},
		{"patient-duration-2x", snapshot.Shot{Settings: reader(2), Where: "patient:pain-since-when"}},
		{"patient-yesno-2x", snapshot.Shot{Settings: reader(2), Where: "patient:symptoms-fever"}},
		{"summary-de", snapshot.Shot{Settings: reader(1), Steps: []snapshot.Step{
			{Open: "patient:pain-scale"}, seven, {Open: "summary"}}}},
		{"saved-summary", snapshot.Shot{Settings: reader(1), Steps: []snapshot.Step{
			{Open: "patient:pain-scale"}, seven, {Open: "summary"}, {Tap: "Auf diesem Gerät speichern"},
			{Open: "saved-summaries"}}}},
		{"link-missing", snapshot.Shot{Settings: reader(1), Where: "link:safar:de-no-such-item"}},
		{"call-desktop", snapshot.Shot{Settings: reader(1), Where: "call:112"}},
		{"update-picker", snapshot.Shot{Settings: reader(1), Where: "pick-update", PickFrom: picker}},
	}
	for _, s := range shots {
		s.shot.Size, s.shot.Now = snapshot.Phone, shotTime
		name := filepath.Join(out, fmt.Sprintf("%s-%s-phone.png", s.name, lang))
		if err := snapshot.WritePNG(cs, s.shot, name); err != nil {
			return fmt.Errorf("%s %s: %w", s.name, lang, err)
		}
		fmt.Println(name)
	}
	return nil
}
