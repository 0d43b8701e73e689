package source

import (
	"bytes"
	"io/fs"
	"path"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"safar.app/safar/content"
	"safar.app/safar/internal/parallel"
)

// frontMatter is every key an article may have. Originals carry the item's
// metadata; translations carry only their own text and name the original.
type frontMatter struct {
	ID            string    `toml:"id"`
	Kind          string    `toml:"kind"`
	Stages        []string  `toml:"stages"`
	Title         string    `toml:"title"`
	Summary       string    `toml:"summary"`
	Publisher     string    `toml:"publisher"`
	Source        string    `toml:"source"`
	Sources       []string  `toml:"sources"`
	Checked       string    `toml:"checked"`
	ReviewedOn    time.Time `toml:"reviewed_on"`
	ReviewBy      time.Time `toml:"review_by"`
	Status        string    `toml:"status"`
	TranslationOf string    `toml:"translation_of"`
	SearchTerms   []string  `toml:"search_terms"`
	Consent       string    `toml:"consent"` // stories only: how the person agreed to publish it
}

var (
	originalKeys    = []string{"id", "kind", "stages", "title", "summary", "publisher", "reviewed_on", "review_by", "status"}
	translationKeys = []string{"id", "status", "translation_of", "title", "summary"}
	originalOnly    = []string{"kind", "stages", "publisher", "source", "sources", "checked", "reviewed_on", "review_by", "consent"}
)

type articleFile struct {
	path, lang string
	fm         frontMatter
	fmText     []byte
	body       string
	bodyStart  int // file line of the body's first line
}

// articleGroup is one item: its files in every language, in one folder.
type articleGroup struct {
	cc, region, kind, slug string
	files                  []articleFile
	broken                 bool // a file of the group did not parse
	duplicate              bool // its id is another item's: reported, left out
}

const fence = "+++"

func (l *loader) article(p string, parts []string) {
	cc, region, kind, name := parts[0], parts[1], parts[2], parts[3]
	stem := strings.TrimSuffix(name, ".md")
	dot := strings.Index(stem, ".")
	if dot <= 0 {
		l.problem(p, 0, "file name must be <slug>.<lang>.md")
		return
	}
	slug, lang := stem[:dot], stem[dot+1:]
	a := l.parsed[p]
	if a == nil {
		a = parseArticle(l.fsys, p)
	}
	if a.readErr != nil {
		l.problem(p, 0, "cannot read: %v", a.readErr)
		return
	}
	if !a.split {
		l.group(cc, region, kind, slug).broken = true
		l.problem(p, 1, "front matter must start with a %s line and end with another", fence)
		return
	}
	g := l.group(cc, region, kind, slug)
	fm, fmText, body := a.fm, a.fmText, a.body
	md, ok := l.decoded(p, fmText, 1, a.md, a.err, a.unknown)
	if !ok {
		g.broken = true // its problem is reported; spare its siblings a second one
		return
	}
	if fm.Status == string(content.StatusOriginal) {
		requireKeys(l, fm.ID, p, md, nil, 1, originalKeys...)
		l.requireSource(fm.ID, p, fmText, 1, md.IsDefined("source"), md.IsDefined("sources"))
		if md.IsDefined("translation_of") {
			l.problem(p, keyLine(fmText, []string{"translation_of"})+1, "an original does not name translation_of")
		}
		d, unique := l.defineID(fm.ID, p, fmText, 1)
		if !unique {
			g.duplicate = true
		}
		l.checkPrefix(fm.ID, cc, d)
	} else {
		requireKeys(l, "", p, md, nil, 1, translationKeys...)
		for _, k := range originalOnly {
			if md.IsDefined(k) {
				l.problem(p, keyLine(fmText, []string{k})+1, "%q belongs in the original, not in a translation", k)
			}
		}
	}
	for _, term := range fm.SearchTerms {
		if strings.TrimSpace(term) == "" {
			l.problem(p, keyLine(fmText, []string{"search_terms"})+1, "search_terms has an empty entry")
		}
	}
	if fm.Kind != "" && fm.Kind != kind {
		l.problem(p, keyLine(fmText, []string{"kind"})+1, "kind %q does not match the folder %q", fm.Kind, kind)
	}
	g.files = append(g.files, articleFile{path: p, lang: lang, fm: fm, fmText: fmText, body: body,
		bodyStart: a.bodyStart})
}

// parsedArticle is an article file read, split and decoded: the part of
// loading that needs no other file, so it can run ahead on every core.
type parsedArticle struct {
	readErr   error
	split     bool // the front matter fences were found
	fmText    []byte
	body      string
	bodyStart int
	fm        frontMatter
	md        toml.MetaData
	err       error      // from decoding the front matter
	unknown   []toml.Key // keys the front matter sets that no article has
}

func parseArticle(fsys fs.FS, p string) *parsedArticle {
	a := &parsedArticle{}
	data, err := fs.ReadFile(fsys, p)
	if err != nil {
		a.readErr = err
		return a
	}
	a.fmText, a.body, a.split = splitFrontMatter(data)
	if a.split {
		a.bodyStart = bodyStart(data)
		a.md, a.err = toml.Decode(string(a.fmText), &a.fm)
		if a.err == nil {
			a.unknown = a.md.Undecoded()
		}
	}
	return a
}

// parseArticles parses every .md file among files in parallel. An update
// of thousands of articles spends most of its loading time here.
func parseArticles(fsys fs.FS, files []string) map[string]*parsedArticle {
	var todo []string
	for _, p := range files {
		if strings.HasSuffix(p, ".md") && strings.Count(p, "/") == 3 {
			todo = append(todo, p)
		}
	}
	out := make([]*parsedArticle, len(todo))
	parallel.For(len(todo), func(i int) { out[i] = parseArticle(fsys, todo[i]) })
	m := make(map[string]*parsedArticle, len(todo))
	for i, p := range todo {
		m[p] = out[i]
	}
	return m
}

// group is the item a file belongs to, made on first sight.
func (l *loader) group(cc, region, kind, slug string) *articleGroup {
	key := cc + "/" + region + "/" + kind + "/" + slug
	if l.articles[key] == nil {
		l.articles[key] = &articleGroup{cc: cc, region: region, kind: kind, slug: slug}
	}
	return l.articles[key]
}

// splitFrontMatter separates "+++\n<toml>\n+++\n<body>".
func splitFrontMatter(data []byte) (fm []byte, body string, ok bool) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	lines := bytes.SplitAfter(data, []byte("\n"))
	if len(lines) == 0 || strings.TrimSpace(string(lines[0])) != fence {
		return nil, "", false
	}
	for i := 1; i < len(lines); i++ {
		if strings.TrimSpace(string(lines[i])) == fence {
			return bytes.Join(lines[1:i], nil), strings.TrimSpace(string(bytes.Join(lines[i+1:], nil))), true
		}
	}
	return nil, "", false
}

// bodyStart is the file line where the body begins, after the closing +++
// and the blank lines splitFrontMatter trims.
func bodyStart(data []byte) int {
	lines := strings.Split(string(bytes.TrimPrefix(data, []byte("\ufeff"))), "\n")
	closed := false
	for i := 1; i < len(lines); i++ {
		t := strings.TrimSpace(lines[i])
		if !closed {
			closed = t == fence
			continue
		}
		if t != "" {
			return i + 1
		}
	}
	return len(lines)
}

func (l *loader) assembleArticles() {
	for _, g := range l.articles {
		var orig *articleFile
		for i := range g.files {
			if g.files[i].fm.Status == string(content.StatusOriginal) {
				if orig != nil {
					l.problem(g.files[i].path, 0, "a second original of %s (the first is %s)", g.slug, path.Base(orig.path))
					continue
				}
				orig = &g.files[i]
			}
		}
		if orig == nil {
			if g.broken {
				continue
			}
			for _, f := range g.files {
				l.problem(f.path, 0, "translation of %q has no original (no file with status = \"original\" beside it)", f.fm.ID)
			}
			continue
		}
		if g.duplicate {
			continue
		}
		fm := orig.fm
		it := content.Item{ID: fm.ID, Country: g.cc, Region: g.region, Kind: content.Kind(g.kind), Slug: g.slug,
			OriginalLang: orig.lang, Provenance: provenance(fm.Publisher, fm.Source, fm.Sources, fm.Checked, fm.ReviewedOn, fm.ReviewBy),
			Consent: fm.Consent}
		for _, s := range fm.Stages {
			it.Stages = append(it.Stages, content.Stage(s))
		}
		for _, f := range g.files {
			if f.fm.ID != fm.ID {
				l.problem(f.path, 2, "id %q differs from the original's %q", f.fm.ID, fm.ID)
				continue
			}
			if f.path != orig.path && f.fm.TranslationOf != orig.lang {
				l.problem(f.path, 0, "translation_of is %q but the original is in %q", f.fm.TranslationOf, orig.lang)
			}
			if l.texts[fm.ID] == nil {
				l.texts[fm.ID] = map[string]def{}
			}
			lines := l.lines(f.path, f.fmText)
			l.texts[fm.ID][f.lang] = def{file: f.path, lines: lines, offset: 1, line: idLine(lines, fm.ID), bodyStart: f.bodyStart}
			it.Translations = append(it.Translations, content.Translation{Lang: f.lang, Title: f.fm.Title,
				Summary: f.fm.Summary, Body: f.body, Status: content.Status(f.fm.Status), Terms: nonEmpty(f.fm.SearchTerms)})
		}
		l.pack.Items = append(l.pack.Items, it)
	}
}

// nonEmpty drops blank entries (reported by the loader) from terms.
func nonEmpty(terms []string) []string {
	var out []string
	for _, t := range terms {
		if t = strings.TrimSpace(t); t != "" {
			out = append(out, t)
		}
	}
	return out
}
