package source

import (
	"strings"
	"testing"
	"testing/fstest"

	"safar.app/safar/assets"
	"safar.app/safar/content"
)

const (
	mailtoTOML = "# the publisher of de/\n[feedback]\nmailto = \"feedback@example.org\"\n"
	formTOML   = `[feedback]
form = "https://forms.example.org/berlin?lang=any"

[feedback.params]
id = "item"
category = "what"
text = "message"
`
	storyMD = `+++
id = "de-story-amal"
kind = "story"
stages = ["first-weeks"]
title = "Amal's first weeks"
summary = "How she found a language course."
publisher = "Test"
source = "https://www.example.org/stories/amal"
consent = "Written consent to the publisher, 2026-10-01; name changed"
reviewed_on = 2026-11-20
review_by = 2028-11-20
status = "original"
+++
She asked at the library.
`
)

func problemText(ps []content.Problem) string {
	var got []string
	for _, p := range ps {
		got = append(got, p.String())
	}
	return strings.Join(got, "\n")
}

func TestChannelsAreReadPerFolder(t *testing.T) {
	tree := validTree()
	tree["de/publisher.toml"] = &fstest.MapFile{Data: []byte(mailtoTOML)}
	tree["de/berlin/publisher.toml"] = &fstest.MapFile{Data: []byte(formTOML)}
	tree["de/_/story/amal.en.md"] = &fstest.MapFile{Data: []byte(storyMD)}
	pack, problems := loadToday(tree)
	if len(problems) != 0 {
		t.Fatalf("problems: %s", problemText(problems))
	}
	if ps := RequireChannels(tree, pack); len(ps) != 0 {
		t.Fatalf("channels required although there: %s", problemText(ps))
	}
	if len(pack.Channels) != 2 {
		t.Fatalf("channels %+v", pack.Channels)
	}
	for _, tc := range []struct{ path, want string }{
		{"de/_/entry/asylum", "de/"},
		{"de/berlin/service/x", "de/berlin/"},
		{"de/", "de/"},
	} {
		c, ok := content.ChannelFor(pack.Channels, tc.path)
		if !ok || c.Folder != tc.want {
			t.Errorf("%s: channel of %q, want %q", tc.path, c.Folder, tc.want)
		}
	}
	berlin, _ := content.ChannelFor(pack.Channels, "de/berlin/")
	if berlin.Form != "https://forms.example.org/berlin?lang=any" || berlin.Params["text"] != "message" || berlin.Params["id"] != "item" {
		t.Errorf("berlin %+v", berlin)
	}
	for _, it := range pack.Items {
		if it.Kind == content.KindStory && it.Consent != "Written consent to the publisher, 2026-10-01; name changed" {
			t.Errorf("story consent %q", it.Consent)
		}
	}
}

func TestCheckerRefusesBadChannelsAndStoriesWithoutConsent(t *testing.T) {
	for _, tc := range []struct {
		name, file, data, want string
	}{
		{"not an address", "de/publisher.toml", "[feedback]\nmailto = \"mailto:someone\"\n",
			`de/publisher.toml:2: feedback.mailto "mailto:someone" is not an email address`},
		{"a web page, not https", "de/publisher.toml", "[feedback]\nform = \"http://example.org/f\"\n[feedback.params]\ntext = \"t\"\n",
			`de/publisher.toml:2: feedback.form "http://example.org/f" must be an https:// address`},
		{"form without text", "de/publisher.toml", "[feedback]\nform = \"https://example.org/f\"\n[feedback.params]\nid = \"i\"\n",
			`de/publisher.toml:1: feedback.params needs "text"`},
		{"unknown field", "de/publisher.toml", "[feedback]\nform = \"https://example.org/f\"\n[feedback.params]\ntext = \"t\"\nname = \"n\"\n",
			`de/publisher.toml:5: feedback.params: unknown field "name"`},
		{"both", "de/publisher.toml", "[feedback]\nmailto = \"a@example.org\"\nform = \"https://example.org/f\"\n",
			`de/publisher.toml:3: set one of feedback.mailto and feedback.form, not both`},
		{"no feedback table", "de/publisher.toml", "# nothing yet\n",
			`de/publisher.toml:1: no [feedback] table: say how readers reach the publisher of de/`},
		{"empty feedback table", "de/publisher.toml", "[feedback]\n",
			`de/publisher.toml:1: no feedback channel: set feedback.mailto`},
		{"unknown key", "de/publisher.toml", "[feedback]\nmailto = \"a@example.org\"\nphone = \"1\"\n",
			`de/publisher.toml:3: unknown key "feedback.phone"`},
		{"a city that is not declared", "de/hamburg/publisher.toml", mailtoTOML,
			`de/hamburg/publisher.toml:2: hamburg is not a region of de`},
		{"story without consent", "de/_/story/amal.en.md", strings.Replace(storyMD, "consent = \"Written consent to the publisher, 2026-10-01; name changed\"\n", "", 1),
			`de/_/story/amal.en.md:2: a story needs consent`},
		{"story without source", "de/_/story/amal.en.md", strings.Replace(storyMD, "source = \"https://www.example.org/stories/amal\"\n", "", 1),
			`de/_/story/amal.en.md:2: missing key "source"`},
		{"consent on an article", "de/_/entry/asylum.en.md", strings.Replace(originalMD, "status = \"original\"", "status = \"original\"\nconsent = \"yes\"", 1),
			`de/_/entry/asylum.en.md:12: consent belongs to stories only`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tree := validTree()
			tree["de/publisher.toml"] = &fstest.MapFile{Data: []byte(mailtoTOML)}
			tree[tc.file] = &fstest.MapFile{Data: []byte(tc.data)}
			_, problems := loadToday(tree)
			if got := problemText(content.Errors(problems)); !strings.Contains(got, tc.want) {
				t.Errorf("problems do not mention %q:\n%s", tc.want, got)
			}
		})
	}
}

func TestCheckerRequiresAChannelNamingTheFolder(t *testing.T) {
	tree := validTree()
	tree["search/synonyms.toml"] = &fstest.MapFile{Data: []byte("[[concept]]\nid = \"doctor\"\nen = [\"doctor\"]\n")}
	tree["search/publisher.toml"] = &fstest.MapFile{Data: []byte(mailtoTOML)}
	pack, _ := loadToday(tree)
	got := RequireChannels(tree, pack)
	if len(got) != 1 || got[0].Where != "de/" || !strings.Contains(got[0].Message, "no feedback channel: add de/publisher.toml") {
		t.Errorf("got %s", problemText(got))
	}
}

// The built-in pack gives every folder's readers a way to write back.
func TestShippedTreeHasAChannelInEveryFolder(t *testing.T) {
	pack, problems := Load(assets.Content())
	if errs := content.Errors(problems); len(errs) > 0 {
		t.Fatalf("shipped pack: %s", problemText(errs))
	}
	if ps := RequireChannels(assets.Content(), pack); len(ps) > 0 {
		t.Errorf("%s", problemText(ps))
	}
}
