package source

import (
	"sort"
	"strings"

	"github.com/BurntSushi/toml"

	"safar.app/safar/content"
)

type checklistFile struct {
	ID            string `toml:"id"`
	Stage         string `toml:"stage"`
	Title         string `toml:"title"`
	Status        string `toml:"status"`
	TranslationOf string `toml:"translation_of"`
	recordProvenance
	Step []struct {
		ID       string `toml:"id"`
		Text     string `toml:"text"`
		Reason   string `toml:"reason"`
		Link     string `toml:"link"`
		Deadline string `toml:"deadline"`
	} `toml:"step"`
}

// checklistSource is one parsed checklist file, kept until every language
// of its checklist is read.
type checklistSource struct {
	path, cc, region, slug, lang string
	data                         []byte
	md                           toml.MetaData
	f                            checklistFile
}

// checklist reads <cc>/<region>/checklist/<slug>.<lang>.toml.
func (l *loader) checklist(p string, parts []string) {
	name := parts[3]
	if !strings.HasSuffix(name, ".toml") {
		l.problem(p, 0, "a checklist is a TOML file: <cc>/<region>/checklist/<slug>.<lang>.toml")
		return
	}
	stem := strings.TrimSuffix(name, ".toml")
	dot := strings.Index(stem, ".")
	if dot <= 0 {
		l.problem(p, 0, "file name must be <slug>.<lang>.toml")
		return
	}
	var f checklistFile
	data, md, ok := l.readTOML(p, &f)
	if !ok {
		return
	}
	lang := stem[dot+1:]
	if !content.ValidLang(lang) {
		l.problem(p, 0, "language tag %q in the file name is not BCP 47", lang)
		return
	}
	l.checklistFiles = append(l.checklistFiles, checklistSource{path: p, cc: parts[0], region: parts[1],
		slug: stem[:dot], lang: lang, data: data, md: md, f: f})
}

// assembleChecklists joins each checklist's translations to its original.
func (l *loader) assembleChecklists() {
	groups := map[string][]checklistSource{}
	var keys []string
	for _, s := range l.checklistFiles {
		k := s.cc + "/" + s.region + "/" + s.slug
		if groups[k] == nil {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], s)
	}
	sort.Strings(keys)
	for _, k := range keys {
		files := groups[k]
		var orig *checklistSource
		for i := range files {
			if files[i].f.Status == string(content.StatusOriginal) {
				if orig != nil {
					l.problem(files[i].path, keyLine(files[i].data, []string{"status"}), "a second original of this checklist (the first is %s)", orig.path)
					continue
				}
				orig = &files[i]
			}
		}
		if orig == nil {
			for _, s := range files {
				l.problem(s.path, 0, "checklist %s has no original (no file with status = \"original\")", k)
			}
			continue
		}
		l.assembleChecklist(orig, files)
	}
	sort.Slice(l.pack.Checklists, func(i, j int) bool { return l.pack.Checklists[i].ID < l.pack.Checklists[j].ID })
}

func (l *loader) assembleChecklist(orig *checklistSource, files []checklistSource) {
	f := orig.f
	lines := l.lines(orig.path, orig.data)
	d, unique := l.defineID(f.ID, orig.path, orig.data, 0)
	if f.ID == "" {
		l.problem(orig.path, 1, "missing key \"id\"")
		return
	}
	requireKeys(l, f.ID, orig.path, orig.md, nil, 0, "stage", "title", "status", "publisher", "reviewed_on", "review_by")
	l.requireSource(f.ID, orig.path, orig.data, 0, orig.md.IsDefined("source"), orig.md.IsDefined("sources"))
	l.checkPrefix(f.ID, orig.cc, d)
	c := content.Checklist{ID: f.ID, Country: orig.cc, Region: orig.region, Slug: orig.slug,
		Stage: content.Stage(f.Stage), OriginalLang: orig.lang, Provenance: f.recordProvenance.get()}
	index := map[string]int{}
	stepAt := tables(lines, "step")
	for i, s := range f.Step {
		st := content.Step{ID: s.ID, Link: s.Link}
		if s.Deadline != "" {
			dl, err := content.ParseDeadline(s.Deadline)
			if err != nil {
				line := 1
				if i < len(stepAt) {
					line = block(lines, stepAt[i], "deadline")
				}
				l.problem(orig.path, line, "step %d (%q): %v", i+1, s.ID, err)
			}
			st.Deadline = dl
		}
		if _, dup := index[s.ID]; !dup {
			index[s.ID] = len(c.Steps)
		}
		c.Steps = append(c.Steps, st)
	}
	for _, s := range files {
		if s.path != orig.path {
			if s.f.Status == string(content.StatusOriginal) {
				continue // reported as a second original
			}
			requireKeys(l, "", s.path, s.md, nil, 0, "id", "status", "translation_of", "title")
			if s.f.ID != f.ID {
				l.problem(s.path, keyLine(s.data, []string{"id"}), "id %q: the original %s has id %q", s.f.ID, orig.path, f.ID)
				continue
			}
			if s.f.TranslationOf != "" && s.f.TranslationOf != orig.lang {
				l.problem(s.path, keyLine(s.data, []string{"translation_of"}), "translation_of is %q but the original is in %q", s.f.TranslationOf, orig.lang)
			}
			for _, k := range []string{"stage", "publisher", "source", "sources", "checked", "reviewed_on", "review_by"} {
				if s.md.IsDefined(k) {
					l.problem(s.path, keyLine(s.data, []string{k}), "%q belongs in the original, not in a translation", k)
				}
			}
		}
		c.Titles = append(c.Titles, content.ChecklistTitle{Lang: s.lang, Title: s.f.Title, Status: content.Status(s.f.Status)})
		slines := l.lines(s.path, s.data)
		if l.texts[f.ID] == nil {
			l.texts[f.ID] = map[string]def{}
		}
		l.texts[f.ID][s.lang] = def{id: f.ID, file: s.path, lines: slines, line: idLine(slines, f.ID)}
		tStepAt := tables(slines, "step")
		seen := map[string]bool{}
		for i, st := range s.f.Step {
			at, ok := index[st.ID]
			if !ok {
				line := stepLine(slines, st.ID)
				if line == 0 && i < len(tStepAt) {
					line = tStepAt[i]
				}
				l.problem(s.path, line, "step %q is not in the original %s", st.ID, orig.path)
				continue
			}
			if s.path != orig.path && (st.Link != "" || st.Deadline != "") {
				l.problem(s.path, stepLine(slines, st.ID), "step %q: link and deadline belong in the original, not in a translation", st.ID)
			}
			if seen[st.ID] {
				continue // two steps with one id: Validate names it in the original
			}
			seen[st.ID] = true
			c.Steps[at].Texts = append(c.Steps[at].Texts, content.StepText{Lang: s.lang, Text: st.Text,
				Reason: st.Reason, Status: content.Status(s.f.Status)})
		}
		if s.path != orig.path {
			var missing []string
			for _, st := range c.Steps {
				if !seen[st.ID] {
					missing = append(missing, st.ID)
				}
			}
			if len(missing) > 0 {
				l.problems = append(l.problems, content.Problem{Where: s.path, Warning: true,
					Message: "steps not translated yet (readers see the original): " + strings.Join(missing, ", ")})
			}
		}
	}
	if unique {
		l.pack.Checklists = append(l.pack.Checklists, c)
	}
}

// stepLine finds the line of step id's `id = "…"` in a checklist file, for
// problems Validate finds in one step.
func stepLine(lines []string, id string) int {
	steps := false
	for i, ln := range lines {
		t := strings.TrimSpace(ln)
		steps = steps || t == "[[step]]"
		if steps && id != "" && strings.HasPrefix(t, "id") && strings.Contains(t, `"`+id+`"`) {
			return i + 1
		}
	}
	return 0
}
