package store

import (
	"errors"
	"reflect"
	"testing"

	"safar.app/safar/content"
	"safar.app/safar/content/release"
)

func feedbackPack() *content.Pack {
	p := testPack()
	p.Channels = []content.FeedbackChannel{
		{Folder: "de/", Mailto: "feedback@example.org"},
		{Folder: "de/berlin/", Form: "https://forms.example.org/berlin",
			Params: map[string]string{"id": "item", "text": "message"}},
	}
	p.Services = append(p.Services, content.Service{ID: "de-berlin-svc-lageso", Country: "de", Region: "berlin",
		Kind: content.KindService, Provenance: content.Provenance{Publisher: "Berlin", Source: "https://example.org/berlin",
			ReviewedOn: date("2026-01-10"), ReviewBy: date("2027-01-10")},
		Texts: []content.ServiceText{{Lang: "en", Name: "LAF", Status: content.StatusOriginal}}})
	story := func(id string, stage content.Stage, consent string) content.Item {
		return content.Item{ID: id, Country: "de", Region: "_", Kind: content.KindStory, Slug: id,
			Stages: []content.Stage{stage}, OriginalLang: "en", Provenance: testProvenance, Consent: consent,
			Translations: []content.Translation{{Lang: "en", Title: "Story " + id, Summary: "s", Body: "b", Status: content.StatusOriginal},
				{Lang: "ar", Title: "قصة " + id, Summary: "s", Body: "b", Status: content.StatusMachine}}}
	}
	p.Items = append(p.Items, story("de-story-a", content.StageFirstWeeks, "In writing, 2026-01-02"),
		story("de-story-b", content.StageSettling, "Published by the person under their name"))
	return p
}

func TestFeedbackTargetFindsTheChannelOfTheDeepestFolder(t *testing.T) {
	s := openTest(t)
	if err := s.Install(feedbackPack(), PackInfo{Origin: "test"}); err != nil {
		t.Fatal(err)
	}
	berlinForm := content.FeedbackChannel{Folder: "de/berlin/", Form: "https://forms.example.org/berlin",
		Params: map[string]string{"id": "item", "text": "message"}}
	national := content.FeedbackChannel{Folder: "de/", Mailto: "feedback@example.org"}
	for _, tc := range []struct {
		id, folder, publisher string
		channel               content.FeedbackChannel
	}{
		{"de-asylum", "de/_/", "Test Publisher", national},
		{"de-svc-bamf", "de/_/", "Test Publisher", national},
		{"de-hl-112", "de/", "Test Publisher", national},
		{"de-berlin-svc-lageso", "de/berlin/", "Berlin", berlinForm},
		{"se-doctor", "se/_/", "Test Publisher", content.FeedbackChannel{}},
	} {
		got, err := s.FeedbackTarget(tc.id)
		if err != nil {
			t.Fatalf("%s: %v", tc.id, err)
		}
		if got.Folder != tc.folder || got.Publisher != tc.publisher || !reflect.DeepEqual(got.Channel, tc.channel) {
			t.Errorf("%s: %+v", tc.id, got)
		}
	}
	if _, err := s.FeedbackTarget("de-gone"); !errors.Is(err, ErrNoTarget) {
		t.Errorf("missing id: %v", err)
	}
}

func TestChannelsAndConsentFollowUpdates(t *testing.T) {
	s := openTest(t)
	if err := s.Install(feedbackPack(), PackInfo{Origin: "test"}); err != nil {
		t.Fatal(err)
	}
	if c, _ := s.StoryConsent("de-story-a"); c != "In writing, 2026-01-02" {
		t.Errorf("consent %q", c)
	}
	// An update drops Berlin's own channel and story a, and changes the
	// national address.
	p := feedbackPack()
	p.Channels = []content.FeedbackChannel{{Folder: "de/", Mailto: "new@example.org"}}
	p.Items = p.Items[:len(p.Items)-2]
	p.Items = append(p.Items, feedbackPack().Items[len(p.Items)+1])
	feed := release.Set{"pub-de": {Sequence: 7, Scope: "de/"}, "pub-se": {Sequence: 2, Scope: "se/"}}
	if err := s.Install(p, PackInfo{Origin: "feed", Sequence: 9, Feed: feed}); err != nil {
		t.Fatal(err)
	}
	got, err := s.FeedbackTarget("de-berlin-svc-lageso")
	if err != nil || got.Channel.Folder != "de/" || got.Channel.Mailto != "new@example.org" || got.Release != 7 {
		t.Errorf("after the update: %+v, %v", got, err)
	}
	if c, _ := s.StoryConsent("de-story-a"); c != "" {
		t.Errorf("a removed story keeps its consent %q", c)
	}
	if r, _ := s.ReleaseOf("se/_/"); r != 2 {
		t.Errorf("release of se: %d", r)
	}
	if r, _ := s.ReleaseOf("fr/"); r != 9 {
		t.Errorf("a folder no feed publisher owns: %d, want the pack's 9", r)
	}
}

func TestStoriesForCountryAndStage(t *testing.T) {
	s := openTest(t)
	if err := s.Install(feedbackPack(), PackInfo{Origin: "test"}); err != nil {
		t.Fatal(err)
	}
	got, err := s.Stories("de", content.StageFirstWeeks, []string{"ar", "en"})
	if err != nil || len(got) != 1 || got[0].ID != "de-story-a" || got[0].Title != "قصة de-story-a" {
		t.Errorf("first weeks: %+v, %v", got, err)
	}
	if got, _ := s.Stories("de", content.StageBefore, []string{"en"}); len(got) != 0 {
		t.Errorf("before: %+v", got)
	}
	if got, _ := s.Stories("se", content.StageSettling, []string{"en"}); len(got) != 0 {
		t.Errorf("another country: %+v", got)
	}
}

func TestInstallRefusesAStoryWithoutConsent(t *testing.T) {
	s := openTest(t)
	p := feedbackPack()
	p.Items[len(p.Items)-1].Consent = ""
	var perr *content.ProblemError
	if err := s.Install(p, PackInfo{Origin: "test"}); !errors.As(err, &perr) {
		t.Fatalf("installed a story without consent: %v", err)
	}
	if got, _ := s.Stories("de", content.StageFirstWeeks, []string{"en"}); len(got) != 0 {
		t.Errorf("refused install left stories: %+v", got)
	}
}
