package studio

import (
	"fmt"
	"net/url"
	"strings"

	"golang.org/x/text/language"

	"safar.app/safar/content"
	"safar.app/safar/content/hours"
	"safar.app/safar/content/markdown"
	"safar.app/safar/content/phone"
)

// Form is what an edit form holds: the item's own fields and each
// language's, as text.
type Form struct {
	Record  map[string]string
	Texts   map[string]map[string]string // lang → key → text
	Phrases map[string]map[string]string // lang → phrase id, or "phrase id/option id" → text
	Rows    []phraseRow                  // the phrases of a category, for the form
	Dates   map[string]content.Date      // lang → last change or review noted in the file
	Notes   map[string]string            // lang → the review note ("Ana Silva, 2026-12-06")
	// Providers are a remittance corridor's providers with their quotes;
	// HasProviders says the posted form carried them.
	Providers    []ProviderForm
	HasProviders bool
	// Steps are a checklist's steps with their texts; HasSteps says the
	// posted form carried them.
	Steps    []StepForm
	HasSteps bool
}

const (
	changedNote  = "# changed "
	reviewedNote = "# reviewed by "
)

// readForm fills a form from the files of e, for the languages langs.
func readForm(ed *edit, e *Entry, langs []string) (*Form, error) {
	k := e.Kind
	f := &Form{Record: map[string]string{}, Texts: map[string]map[string]string{}, Phrases: map[string]map[string]string{},
		Dates: map[string]content.Date{}, Notes: map[string]string{}}
	rec, err := k.store.part(ed, e, "", false)
	if err != nil {
		return nil, err
	}
	for _, fl := range k.Record {
		if fl.Type == Number {
			f.Record[fl.Key] = rec.raw(fl.Key)
			continue
		}
		f.Record[fl.Key] = text(rec.get(fl.Key))
	}
	if rb, err := content.ParseDate(f.Record["reviewed_on"]); err == nil {
		f.Dates[""] = rb
	}
	for _, lang := range langs {
		p, err := k.store.part(ed, e, lang, false)
		if err != nil {
			continue
		}
		m := map[string]string{}
		for _, fl := range k.Texts {
			if fl.Type == Markdown {
				m[fl.Key] = strings.TrimSpace(p.file.body)
				continue
			}
			m[fl.Key] = text(p.get(fl.Key))
		}
		f.Texts[lang] = m
		changed, _ := p.noted(changedNote)
		reviewed, who := p.noted(reviewedNote)
		if reviewed.Before(changed) {
			f.Dates[lang] = changed
		} else {
			f.Dates[lang] = reviewed
		}
		if who != "" {
			f.Notes[lang] = who
		}
	}
	if k.Name == "remittance" {
		if err := readProviders(ed, e, f); err != nil {
			return nil, err
		}
		f.HasProviders = true
	}
	if st, ok := k.store.(langFileStore); ok && st.rows == "step" {
		if err := readSteps(ed, e, langs, f); err != nil {
			return nil, err
		}
	}
	if st, ok := k.store.(langFileStore); ok && st.rows == "phrase" {
		rows, err := readPhrases(ed, e, langs)
		if err != nil {
			return nil, err
		}
		f.Rows = rows
		for _, lang := range langs {
			m := map[string]string{}
			for _, r := range rows {
				if t, ok := r.Texts[lang]; ok {
					m[r.ID] = t
				}
				for _, o := range r.Options {
					if t, ok := r.OptText[lang][o]; ok {
						m[r.ID+"/"+o] = t
					}
				}
			}
			f.Phrases[lang] = m
		}
	}
	return f, nil
}

// Stale reports whether the translation in lang was last changed or
// reviewed before the original was: its text may no longer say the same.
func (f *Form) Stale(original, lang string) bool {
	if lang == original {
		return false
	}
	t, ok := f.Dates[lang]
	if !ok || t.IsZero() {
		return false
	}
	o := f.Dates[original]
	if r := f.Dates[""]; o.Before(r) {
		o = r
	}
	return t.Before(o)
}

// FieldError is a field the Studio refuses to save, and why.
type FieldError struct {
	Lang, Key, Message string
	// Label, when set, names the field for people instead of Key
	// (`provider "Alpha", quote 2: fee`, or the checker's file:line).
	Label string
}

func (e FieldError) Error() string {
	if e.Label != "" {
		return e.Label + ": " + e.Message
	}
	if e.Lang != "" {
		return e.Lang + " " + e.Key + ": " + e.Message
	}
	return e.Key + ": " + e.Message
}

// checkField applies a field's rule to what the editor typed; country is
// the item's, for phone numbers.
func checkField(fl Field, s, country string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		if fl.Required && fl.Type != Fixed {
			return "required"
		}
		return ""
	}
	switch fl.Type {
	case Phone:
		if _, err := phone.Normalize(s, country); err != nil {
			return err.Error()
		}
	case Hours:
		if _, err := hours.Parse(s); err != nil {
			return err.Error()
		}
	case Date:
		if _, err := content.ParseDate(s); err != nil {
			return err.Error()
		}
	case URL:
		return checkURL(s)
	case URLs:
		for _, u := range splitURLs(s) {
			if m := checkURL(u); m != "" {
				return m
			}
		}
	case Choice:
		for _, c := range fl.Choices {
			if c == s {
				return ""
			}
		}
		return fmt.Sprintf("%q is not one of %s", s, strings.Join(fl.Choices, ", "))
	case List:
		if fl.Choices != nil {
			for _, p := range strings.Split(s, ",") {
				ok := false
				for _, c := range fl.Choices {
					ok = ok || c == strings.TrimSpace(p)
				}
				if !ok {
					return fmt.Sprintf("%q is not one of %s", strings.TrimSpace(p), strings.Join(fl.Choices, ", "))
				}
			}
		}
	case Number:
		if _, err := typed(fl, s); err != nil {
			return err.Error()
		}
	case Markdown:
		if issues, _ := markdown.Check(s); len(issues) > 0 {
			var msgs []string
			for _, is := range issues {
				msgs = append(msgs, fmt.Sprintf("line %d: %s", is.Line, is.Msg))
			}
			return strings.Join(msgs, "; ")
		}
	}
	return ""
}

func checkURL(s string) string {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return fmt.Sprintf("%q is not a web address (https://…)", s)
	}
	return ""
}

// check applies every field rule to form f of item e.
func check(e *Entry, f *Form) []FieldError {
	var out []FieldError
	for _, fl := range e.Kind.Record {
		if v, ok := f.Record[fl.Key]; ok {
			if m := checkField(fl, v, e.Country); m != "" {
				out = append(out, FieldError{Key: fl.Key, Message: m})
			}
		}
	}
	if f.HasProviders {
		out = append(out, checkProviders(e, f.Providers)...)
	}
	if f.HasSteps {
		out = append(out, checkSteps(e, f.Steps)...)
	}
	for lang, m := range f.Texts {
		if !validLang(lang) {
			out = append(out, FieldError{Lang: lang, Key: "lang", Message: fmt.Sprintf("%q is not a language tag", lang)})
		}
		for _, fl := range e.Kind.Texts {
			if v, ok := m[fl.Key]; ok {
				if msg := checkField(fl, v, e.Country); msg != "" {
					out = append(out, FieldError{Lang: lang, Key: fl.Key, Message: msg})
				}
			}
		}
	}
	return out
}

// apply writes form f into the files of e through ed, changing only the
// keys whose values differ. Fixed fields are never written.
func apply(ed *edit, e *Entry, f *Form, today content.Date) error {
	k := e.Kind
	if len(f.Record) > 0 {
		rec, err := k.store.part(ed, e, "", false)
		if err != nil {
			return err
		}
		for _, fl := range k.Record {
			s, ok := f.Record[fl.Key]
			if !ok || fl.Type == Fixed {
				continue
			}
			v, err := typed(fl, s)
			if err != nil {
				return FieldError{Key: fl.Key, Message: err.Error()}
			}
			rec.set(fl.Key, v)
		}
	}
	if f.HasProviders && k.Name == "remittance" {
		if err := applyProviders(ed, e, f.Providers); err != nil {
			return err
		}
	}
	for lang, m := range f.Texts {
		if e.Status(lang) == "" && blank(m, f.Phrases[lang]) && !stepTexts(f, lang) {
			continue // a language column left empty adds no translation
		}
		p, err := k.store.part(ed, e, lang, true)
		if err != nil {
			return err
		}
		changed := false
		for _, fl := range k.Texts {
			s, ok := m[fl.Key]
			if !ok || fl.Type == Fixed {
				continue
			}
			if fl.Type == Markdown {
				body := strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
				if body != strings.TrimSpace(p.file.body) {
					p.file.body = body + "\n"
					changed = true
				}
				continue
			}
			v, err := typed(fl, s)
			if err != nil {
				return FieldError{Lang: lang, Key: fl.Key, Message: err.Error()}
			}
			if p.set(fl.Key, v) && fl.Key != "status" {
				changed = true
			}
		}
		if pm := f.Phrases[lang]; len(pm) > 0 && applyPhrases(p, f.Rows, pm) {
			changed = true
		}
		if f.HasSteps && applySteps(p, lang, lang == e.Original, f.Steps) {
			changed = true
		}
		if changed {
			p.note(changedNote, changedNote+today.String(), "status")
		}
	}
	if f.HasSteps {
		// A removed step goes from the translations not on the form too.
		for _, lang := range e.langList() {
			if _, shown := f.Texts[lang]; shown {
				continue
			}
			p, err := k.store.part(ed, e, lang, false)
			if err != nil {
				return err
			}
			removeSteps(p, f.Steps)
		}
	}
	return nil
}

// stepTexts reports whether a step has text typed in lang.
func stepTexts(f *Form, lang string) bool {
	for _, s := range f.Steps {
		if strings.TrimSpace(s.Text[lang]+s.Reason[lang]) != "" {
			return true
		}
	}
	return false
}

// applyPhrases sets the text of each phrase and option of one language.
func applyPhrases(p *part, rows []phraseRow, m map[string]string) bool {
	changed := false
	for _, r := range rows {
		t, ok := m[r.ID]
		if !ok {
			continue
		}
		t = strings.TrimSpace(t)
		si, found := p.phrase(r.ID, t != "")
		if !found {
			continue
		}
		sub := &part{file: p.file, si: si}
		var v any
		if t != "" {
			v = t
		}
		if sub.set("text", v) {
			changed = true
		}
		if len(r.Options) > 0 {
			var opts []map[string]any
			for _, o := range r.Options {
				opts = append(opts, map[string]any{"id": o, "text": strings.TrimSpace(m[r.ID+"/"+o])})
			}
			if sub.set("options", opts) {
				changed = true
			}
		}
	}
	return changed
}

// markReviewed records that name checked the translation in lang on day.
func markReviewed(ed *edit, e *Entry, lang, name string, day content.Date) error {
	name = strings.TrimSpace(name)
	if name == "" {
		return FieldError{Lang: lang, Key: "reviewer", Message: "required: the name of the person who checked the translation"}
	}
	if lang == e.Original {
		return FieldError{Lang: lang, Key: "status", Message: "the original is not a translation"}
	}
	p, err := e.Kind.store.part(ed, e, lang, false)
	if err != nil {
		return err
	}
	p.set("status", string(content.StatusReviewed))
	name = strings.ReplaceAll(name, "\n", " ")
	p.note(reviewedNote, reviewedNote+name+", "+day.String(), "status")
	return nil
}

// validLang reports whether tag is a BCP 47 tag, as file names need it.
func validLang(tag string) bool {
	if tag == "" || strings.ContainsAny(tag, "/\\. ") {
		return false
	}
	_, err := language.Parse(tag)
	return err == nil
}

// blank reports whether a new language's fields hold no text.
func blank(texts, phrases map[string]string) bool {
	for k, v := range texts {
		if k != "status" && strings.TrimSpace(v) != "" {
			return false
		}
	}
	for _, v := range phrases {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}
