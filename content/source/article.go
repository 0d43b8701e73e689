package source

import (
	"bytes"
	"path"
	"strings"
	"time"

	"safar.app/safar/content"
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
	ReviewedOn    time.Time `toml:"reviewed_on"`
	ReviewBy      time.Time `toml:"review_by"`
	Status        string    `toml:"status"`
	TranslationOf string    `toml:"translation_of"`
}

var (
	originalKeys    = []string{"id", "kind", "stages", "title", "summary", "publisher", "source", "reviewed_on", "review_by", "status"}
	translationKeys = []string{"id", "status", "translation_of", "title", "summary"}
	originalOnly    = []string{"kind", "stages", "publisher", "source", "reviewed_on", "review_by"}
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
	data, ok := l.read(p)
	if !ok {
		return
	}
	fmText, body, ok := splitFrontMatter(data)
	if !ok {
		l.group(cc, region, kind, slug).broken = true
		l.problem(p, 1, "front matter must start with a %s line and end with another", fence)
		return
	}
	g := l.group(cc, region, kind, slug)
	var fm frontMatter
	md, ok := l.decode(p, fmText, 1, &fm)
	if !ok {
		g.broken = true // its problem is reported; spare its siblings a second one
		return
	}
	if fm.Status == string(content.StatusOriginal) {
		requireKeys(l, fm.ID, p, md, nil, 1, originalKeys...)
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
	if fm.Kind != "" && fm.Kind != kind {
		l.problem(p, keyLine(fmText, []string{"kind"})+1, "kind %q does not match the folder %q", fm.Kind, kind)
	}
	g.files = append(g.files, articleFile{path: p, lang: lang, fm: fm, fmText: fmText, body: body,
		bodyStart: bodyStart(data)})
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
			OriginalLang: orig.lang, Provenance: provenance(fm.Publisher, fm.Source, fm.ReviewedOn, fm.ReviewBy)}
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
			l.texts[fm.ID][f.lang] = def{file: f.path, toml: f.fmText, offset: 1, line: idLine(f.fmText, fm.ID), bodyStart: f.bodyStart}
			it.Translations = append(it.Translations, content.Translation{Lang: f.lang, Title: f.fm.Title,
				Summary: f.fm.Summary, Body: f.body, Status: content.Status(f.fm.Status)})
		}
		l.pack.Items = append(l.pack.Items, it)
	}
}
