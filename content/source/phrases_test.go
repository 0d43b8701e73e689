package source

import (
	"strings"
	"testing"
	"testing/fstest"

	"safar.app/safar/content"
)

const painEN = `category = "pain"
order = 5
name = "Pain"
status = "original"
publisher = "Test"
source = "https://www.who.int/health-topics/pain"
reviewed_on = 2026-11-20
review_by = 2028-11-20

[[phrase]]
id = "pain-where"
answer = "body"
text = "Where does it hurt?"

[[phrase]]
id = "pain-kind"
answer = "choice"
text = "What is the pain like?"
options = [
  { id = "sharp", text = "Sharp" },
  { id = "dull", text = "Dull" },
]
`

const painAR = `category = "pain"
name = "الألم"
status = "machine"
translation_of = "en"

[[phrase]]
id = "pain-where"
text = "أين يؤلمك؟"

[[phrase]]
id = "pain-kind"
text = "كيف هو الألم؟"
options = [
  { id = "sharp", text = "حاد" },
  { id = "dull", text = "خفيف" },
]
`

// vocabulary writes the answer and body-part categories in lang, which
// every language with phrases must have.
func vocabulary(tree fstest.MapFS, lang string) {
	for _, set := range []struct {
		cat string
		ids []string
	}{{content.CategoryBodyParts, content.BodyRegions}, {content.CategoryAnswers, content.AnswerWords}} {
		var b strings.Builder
		b.WriteString("category = \"" + set.cat + "\"\nname = \"" + set.cat + "\"\n")
		if lang == "en" {
			b.WriteString("order = 20\nstatus = \"original\"\npublisher = \"Test\"\nsource = \"https://www.who.int/health-topics/pain\"\nreviewed_on = 2026-11-20\nreview_by = 2028-11-20\n")
		} else {
			b.WriteString("status = \"machine\"\ntranslation_of = \"en\"\n")
		}
		for _, id := range set.ids {
			b.WriteString("[[phrase]]\nid = \"" + id + "\"\n")
			if lang == "en" {
				b.WriteString("answer = \"none\"\n")
			}
			b.WriteString("text = \"" + id + " in " + lang + "\"\n")
		}
		tree["phrases/"+set.cat+"."+lang+".toml"] = &fstest.MapFile{Data: []byte(b.String())}
	}
}

func phraseTree() fstest.MapFS {
	tree := validTree()
	tree["phrases/pain.en.toml"] = &fstest.MapFile{Data: []byte(painEN)}
	tree["phrases/pain.ar.toml"] = &fstest.MapFile{Data: []byte(painAR)}
	vocabulary(tree, "en")
	vocabulary(tree, "ar")
	return tree
}

func TestLoadPhrases(t *testing.T) {
	pack, problems := loadToday(phraseTree())
	if len(problems) != 0 {
		t.Fatalf("problems: %v", problems)
	}
	var kind *content.Phrase
	for i := range pack.Phrases {
		if pack.Phrases[i].ID == "pain-kind" {
			kind = &pack.Phrases[i]
		}
	}
	if kind == nil || kind.Answer != content.AnswerChoice || strings.Join(kind.Options, ",") != "sharp,dull" || len(kind.Texts) != 2 {
		t.Fatalf("pain-kind = %+v", kind)
	}
	for _, tx := range kind.Texts {
		if tx.Lang == "ar" && (tx.Options["dull"] != "خفيف" || tx.Status != content.StatusMachine) {
			t.Errorf("Arabic text = %+v", tx)
		}
	}
}

// TestPhraseFileSources: a phrase file may cite several pages in
// `sources`, as articles and records do; the category keeps them all.
func TestPhraseFileSources(t *testing.T) {
	tree := phraseTree()
	tree["phrases/pain.en.toml"] = &fstest.MapFile{Data: []byte(strings.Replace(painEN,
		`source = "https://www.who.int/health-topics/pain"`,
		"sources = [\"https://example.org/pain-scale\", \"https://example.org/describing-pain\"]\nchecked = \"questions, scale\"", 1))}
	pack, problems := loadToday(tree)
	if len(problems) != 0 {
		t.Fatalf("problems: %v", problems)
	}
	for _, c := range pack.PhraseCategories {
		if c.ID != "pain" {
			continue
		}
		pv := c.Provenance
		if pv.Source != "https://example.org/pain-scale" || strings.Join(pv.MoreSources, " ") != "https://example.org/describing-pain" || pv.Checked != "questions, scale" {
			t.Fatalf("provenance = %+v", pv)
		}
		return
	}
	t.Fatal("no pain category")
}

func TestLoadPhraseProblems(t *testing.T) {
	tests := []struct {
		name, file, data, want string
	}{
		{"unknown answer kind", "phrases/pain.en.toml", strings.Replace(painEN, `answer = "body"`, `answer = "map"`, 1),
			`phrases/pain.en.toml:12: unknown answer kind "map"`},
		{"missing answer kind", "phrases/pain.en.toml", strings.Replace(painEN, "answer = \"body\"\n", "", 1),
			`phrases/pain.en.toml:11: phrase "pain-where": missing key "answer"`},
		{"missing option translation", "phrases/pain.ar.toml", strings.Replace(painAR, `  { id = "dull", text = "خفيف" },`+"\n", "", 1),
			`phrases/pain.ar.toml:13: option "dull" of pain-kind is not translated into ar`},
		{"unknown option", "phrases/pain.ar.toml", strings.Replace(painAR, `id = "dull"`, `id = "blunt"`, 1),
			`option "blunt" is not an option of pain-kind`},
		{"choice without options", "phrases/pain.en.toml", strings.Replace(painEN, `answer = "body"`, `answer = "choice"`, 1),
			`a choice needs at least two options`},
		{"phrase not in original", "phrases/pain.ar.toml", painAR + "[[phrase]]\nid = \"pain-new\"\ntext = \"x\"\n",
			`phrases/pain.ar.toml:18: phrase "pain-new" is not in the original`},
		{"answer in a translation", "phrases/pain.ar.toml", strings.Replace(painAR, "id = \"pain-where\"\n", "id = \"pain-where\"\nanswer = \"body\"\n", 1),
			`phrases/pain.ar.toml:8: "answer" belongs in the original`},
		{"category and file name differ", "phrases/pain.ar.toml", strings.Replace(painAR, `category = "pain"`, `category = "ache"`, 1),
			`phrases/pain.ar.toml:1: category "ache" does not match the file name "pain"`},
		{"untranslated phrase", "phrases/pain.ar.toml", painAR[:strings.Index(painAR, "[[phrase]]\nid = \"pain-kind\"")],
			`phrases/pain.ar.toml: warning: not translated yet (readers see English): pain-kind`},
		{"neither source nor sources", "phrases/pain.en.toml", strings.Replace(painEN, "source = \"https://www.who.int/health-topics/pain\"\n", "", 1),
			`phrases/pain.en.toml:1: missing key "source" (or "sources", a list of pages)`},
		{"sources in a translation", "phrases/pain.ar.toml", strings.Replace(painAR, "translation_of = \"en\"\n", "translation_of = \"en\"\nsources = [\"https://example.org/x\"]\n", 1),
			`phrases/pain.ar.toml:5: "sources" belongs in the original, not in a translation`},
		{"answer words missing", "phrases/answers.ar.toml", "category = \"answers\"\nname = \"x\"\nstatus = \"machine\"\ntranslation_of = \"en\"\n",
			`ar has phrases but its answers lack answer-yes`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tree := phraseTree()
			tree[tt.file] = &fstest.MapFile{Data: []byte(tt.data)}
			_, problems := loadToday(tree)
			var got []string
			for _, p := range problems {
				got = append(got, p.String())
			}
			if all := strings.Join(got, "\n"); !strings.Contains(all, tt.want) {
				t.Errorf("problems do not mention %q:\n%s", tt.want, all)
			}
		})
	}
}
