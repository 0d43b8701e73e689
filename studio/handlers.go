package studio

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"safar.app/safar/content"
	"safar.app/safar/content/hours"
	"safar.app/safar/content/phone"
)

func (s *Server) overview(w http.ResponseWriter, r *http.Request) {
	ix := s.index()
	q := strings.ToLower(strings.TrimSpace(r.URL.Query().Get("q")))
	kind := r.URL.Query().Get("kind")
	mine := r.URL.Query().Get("all") == ""
	var shown []*Entry
	for _, e := range ix.entries {
		if kind != "" && e.Kind.Name != kind {
			continue
		}
		if mine && !e.Editable {
			continue
		}
		if q != "" && !strings.Contains(strings.ToLower(e.ID+" "+e.Title+" "+e.Folder()), q) {
			continue
		}
		shown = append(shown, e)
	}
	s.render(w, http.StatusOK, "overview.html", map[string]any{
		"Entries": shown, "Loose": ix.loose, "Errors": ix.errors, "Warnings": ix.warnings,
		"Total": len(ix.entries), "Q": q, "Kind": kind, "Kinds": Kinds, "Mine": mine, "Today": s.today(),
	})
}

// entry finds the item named by the request's kind and id.
func (s *Server) entry(ix *index, r *http.Request) (*Entry, error) {
	kind, id := r.FormValue("kind"), r.FormValue("id")
	e := ix.byKey[key(kind, id)]
	if e == nil {
		return nil, fmt.Errorf("no %s %q in the tree", kind, id)
	}
	return e, nil
}

// itemLangs are the languages of the item page: those the item has, and
// the one the editor is adding.
func itemLangs(e *Entry, extra string) []string {
	langs := e.langList()
	if extra != "" && e.Status(extra) == "" {
		langs = append(langs, extra)
	}
	return langs
}

// pickTranslation is the language shown beside the original.
func pickTranslation(e *Entry, want string) string {
	if want != "" && want != e.Original && validLang(want) {
		return want
	}
	for _, l := range e.langList() {
		if l != e.Original {
			return l
		}
	}
	return ""
}

func (s *Server) itemPage(w http.ResponseWriter, r *http.Request) {
	ix := s.index()
	e, err := s.entry(ix, r)
	if err != nil {
		http.Error(w, err.Error(), http.StatusNotFound)
		return
	}
	lang := pickTranslation(e, r.URL.Query().Get("lang"))
	f, err := readForm(newEdit(s.tree), e, itemLangs(e, lang))
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	s.renderItem(w, http.StatusOK, e, f, lang, nil, r.URL.Query().Get("saved"))
}

func (s *Server) renderItem(w http.ResponseWriter, status int, e *Entry, f *Form, lang string, errs []FieldError, flash string) {
	fieldErr := map[string]string{}
	for _, fe := range errs {
		name := "r." + fe.Key
		if strings.HasPrefix(fe.Key, "pv.") || strings.HasPrefix(fe.Key, "st.") || strings.HasPrefix(fe.Key, "r.") || strings.HasPrefix(fe.Key, "t.") {
			name = fe.Key
		}
		if fe.Lang != "" {
			name = "t." + fe.Lang + "." + fe.Key
		}
		fieldErr[name] = fe.Message
	}
	if f.Texts[lang] == nil && lang != "" {
		f.Texts[lang] = map[string]string{"status": string(content.StatusMachine)}
	}
	cols := []column{{Lang: e.Original, Texts: f.Texts[e.Original], Status: e.Status(e.Original), Original: true}}
	if lang != "" {
		cols = append(cols, column{Lang: lang, Texts: f.Texts[lang], Status: e.Status(lang), Stale: f.Stale(e.Original, lang),
			New: e.Status(lang) == "", Note: f.Notes[lang]})
	}
	var others []LangStatus
	for _, l := range e.Langs {
		if l.Lang != e.Original {
			others = append(others, l)
		}
	}
	s.render(w, status, "item.html", map[string]any{
		"E": e, "F": f, "K": e.Kind, "Cols": cols, "Tr": lang, "Others": others, "FieldErr": fieldErr,
		"Errs": errs, "Flash": flash, "ProviderFields": ProviderFields, "QuoteFields": QuoteFields, "Where": where(e), "Today": s.today(), "HasPreview": s.cfg.Preview != nil,
	})
}

// column is one language of the item page.
type column struct {
	Lang     string
	Texts    map[string]string
	Status   content.Status
	Original bool
	Stale    bool
	New      bool
	Note     string
}

// where is the app address that shows item e.
func where(e *Entry) string {
	switch e.Kind.Name {
	case "article":
		return "article:" + e.ID
	case "service", "programme":
		return "service:" + e.ID
	case "hotline":
		return "emergency"
	case "phrases":
		return "phrases:" + e.ID
	case "remittance":
		return "money"
	case "checklist":
		return "checklist:" + e.Sub
	}
	return "home"
}

// formOf reads the posted fields: r.<key> for the item, t.<lang>.<key>
// for a language, p.<lang>.<phrase>[/<option>] for phrases.
func formOf(r *http.Request, e *Entry) *Form {
	f := &Form{Record: map[string]string{}, Texts: map[string]map[string]string{}, Phrases: map[string]map[string]string{}}
	for name, vs := range r.PostForm {
		v := vs[0]
		switch {
		case strings.HasPrefix(name, "r."):
			f.Record[name[2:]] = v
		case strings.HasPrefix(name, "t."), strings.HasPrefix(name, "p."):
			lang, k, ok := strings.Cut(name[2:], ".")
			if !ok {
				continue
			}
			m := f.Texts
			if name[0] == 'p' {
				m = f.Phrases
			}
			if m[lang] == nil {
				m[lang] = map[string]string{}
			}
			m[lang][k] = v
		}
	}
	if e.Kind.Name == "remittance" {
		f.Providers, f.HasProviders = providersOf(r.PostForm)
	}
	if e.Kind.Name == "checklist" {
		f.Steps, f.HasSteps = stepsOf(r.PostForm)
	}
	// A phrase text without its language's other fields still saves.
	for lang := range f.Phrases {
		if f.Texts[lang] == nil {
			f.Texts[lang] = map[string]string{}
		}
	}
	return f
}

// stage applies a posted form to the files of e in memory: the edit and
// its field errors.
func (s *Server) stage(r *http.Request, e *Entry) (*edit, *Form, []FieldError, error) {
	if err := r.ParseForm(); err != nil {
		return nil, nil, nil, err
	}
	f := formOf(r, e)
	ed := newEdit(s.tree)
	if st, ok := e.Kind.store.(langFileStore); ok && st.rows == "phrase" {
		rows, err := readPhrases(ed, e, e.langList())
		if err != nil {
			return nil, nil, nil, err
		}
		f.Rows = rows
	}
	errs := check(e, f)
	if len(errs) > 0 {
		return ed, f, errs, nil
	}
	if err := apply(ed, e, f, s.today()); err != nil {
		if fe, ok := err.(FieldError); ok {
			return ed, f, []FieldError{fe}, nil
		}
		return nil, nil, nil, err
	}
	if f.HasProviders {
		// Fees and rates are what a reader acts on: the corridor as it
		// would be written must pass the same checker as safar-publish
		// check before anything is saved.
		errs, err := checkStagedCorridor(s.tree, ed, e, s.today())
		if err != nil {
			return nil, nil, nil, err
		}
		if len(errs) > 0 {
			return ed, f, errs, nil
		}
	}
	if f.HasSteps {
		// A step's link and deadline are what a reader acts on: the
		// checklist as it would be written must pass the checker.
		errs, err := checkStagedChecklist(s.tree, ed, e, s.today())
		if err != nil {
			return nil, nil, nil, err
		}
		if len(errs) > 0 {
			return ed, f, errs, nil
		}
	}
	return ed, f, nil, nil
}

func (s *Server) saveItem(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ix := s.index()
	e, err := s.entry(ix, r)
	if err != nil {
		http.Error(w, err.Error(), http.StatusNotFound)
		return
	}
	lang := pickTranslation(e, r.FormValue("lang"))
	ed, f, errs, err := s.stage(r, e)
	if err != nil {
		refuse(w, err)
		return
	}
	if len(errs) > 0 {
		// Nothing is written: the form comes back with what was typed.
		shown, rerr := readForm(newEdit(s.tree), e, itemLangs(e, lang))
		if rerr != nil {
			http.Error(w, rerr.Error(), http.StatusInternalServerError)
			return
		}
		for k, v := range f.Record {
			shown.Record[k] = v
		}
		if f.HasProviders {
			shown.Providers = f.Providers
		}
		if f.HasSteps {
			shown.Steps = f.Steps
		}
		for l, m := range f.Texts {
			if shown.Texts[l] == nil {
				shown.Texts[l] = map[string]string{}
			}
			for k, v := range m {
				shown.Texts[l][k] = v
			}
		}
		s.renderItem(w, http.StatusUnprocessableEntity, e, shown, lang, errs, "")
		return
	}
	changed := ed.changed()
	if err := s.tree.writeAll(changed); err != nil {
		refuse(w, err)
		return
	}
	flash := "unchanged"
	if len(changed) > 0 {
		flash = "saved"
	}
	http.Redirect(w, r, itemURL(e, lang)+"&saved="+flash, http.StatusSeeOther)
}

func itemURL(e *Entry, lang string) string {
	v := url.Values{"kind": {e.Kind.Name}, "id": {e.ID}}
	if lang != "" {
		v.Set("lang", lang)
	}
	return "/item?" + v.Encode()
}

func (s *Server) review(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ix := s.index()
	e, err := s.entry(ix, r)
	if err != nil {
		http.Error(w, err.Error(), http.StatusNotFound)
		return
	}
	lang := r.FormValue("lang")
	ed := newEdit(s.tree)
	if err := markReviewed(ed, e, lang, r.FormValue("reviewer"), s.today()); err != nil {
		if fe, ok := err.(FieldError); ok {
			f, rerr := readForm(newEdit(s.tree), e, itemLangs(e, lang))
			if rerr != nil {
				http.Error(w, rerr.Error(), http.StatusInternalServerError)
				return
			}
			s.renderItem(w, http.StatusUnprocessableEntity, e, f, lang, []FieldError{fe}, "")
			return
		}
		refuse(w, err)
		return
	}
	if err := s.tree.writeAll(ed.changed()); err != nil {
		refuse(w, err)
		return
	}
	http.Redirect(w, r, itemURL(e, lang)+"&saved=reviewed", http.StatusSeeOther)
}

func (s *Server) newPage(w http.ResponseWriter, r *http.Request) {
	s.renderNew(w, http.StatusOK, r.URL.Query(), "")
}

func (s *Server) renderNew(w http.ResponseWriter, status int, v url.Values, msg string) {
	// The folders of the delegation, and those of its items.
	var folders []string
	seen := map[string]bool{}
	add := func(f string) {
		if f != "" && !seen[f] && s.tree.mayWrite(f) {
			seen[f] = true
			folders = append(folders, f)
		}
	}
	for _, sc := range s.tree.scopes {
		if strings.Count(sc, "/") <= 2 {
			add(sc)
		}
	}
	for _, e := range s.index().entries {
		if e.Kind.Name != "phrases" {
			add(e.Folder())
			add(e.Country + "/")
		}
	}
	sort.Strings(folders)
	s.render(w, status, "new.html", map[string]any{"Kinds": Kinds, "Folders": folders, "V": v, "Msg": msg, "Stages": stageNames()})
}

func (s *Server) newItem(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	k := KindNamed(r.PostForm.Get("kind"))
	folder, slug, lang := r.PostForm.Get("folder"), strings.TrimSpace(r.PostForm.Get("slug")), r.PostForm.Get("lang")
	if lang == "" {
		lang = "en"
	}
	fail := func(status int, msg string) { s.renderNew(w, status, r.PostForm, msg) }
	switch {
	case k == nil:
		fail(http.StatusBadRequest, "choose a kind")
		return
	case !slugRe.MatchString(slug):
		fail(http.StatusBadRequest, fmt.Sprintf("%q: a name is lower-case letters, digits and -", slug))
		return
	case !validLang(lang):
		fail(http.StatusBadRequest, fmt.Sprintf("%q is not a language tag", lang))
		return
	}
	if k.Name == "phrases" {
		folder = "phrases/"
	}
	if !strings.HasSuffix(folder, "/") {
		folder += "/"
	}
	if _, err := clean(strings.TrimSuffix(folder, "/")); err != nil {
		refuse(w, err)
		return
	}
	ed := newEdit(s.tree)
	sub := r.PostForm.Get("sub")
	if k.Name == "programme" {
		sub = "programme"
	}
	if k.Name == "checklist" {
		sub = r.PostForm.Get("stage")
	}
	id, err := k.newItem(ed, folder, slug, lang, sub, s.today())
	if err != nil {
		fail(http.StatusUnprocessableEntity, err.Error())
		return
	}
	if err := s.tree.writeAll(ed.changed()); err != nil {
		refuse(w, err)
		return
	}
	http.Redirect(w, r, "/item?"+url.Values{"kind": {k.Name}, "id": {id}}.Encode()+"&saved=created", http.StatusSeeOther)
}

// filePage edits one file as text: for what a form cannot reach (a file
// that does not parse, a country's regions).
func (s *Server) filePage(w http.ResponseWriter, r *http.Request) {
	p, err := clean(r.URL.Query().Get("path"))
	if err != nil {
		refuse(w, err)
		return
	}
	data, err := s.tree.read(p)
	if err != nil {
		http.Error(w, err.Error(), http.StatusNotFound)
		return
	}
	s.renderFile(w, http.StatusOK, p, data, "")
}

func (s *Server) renderFile(w http.ResponseWriter, status int, p, data, flash string) {
	var problems []content.Problem
	for _, e := range s.index().allProblems() {
		if f, _ := splitWhere(e.Where); f == p {
			problems = append(problems, e)
		}
	}
	s.render(w, status, "file.html", map[string]any{"Path": p, "Text": data, "Editable": s.tree.mayWrite(p), "Problems": problems, "Flash": flash})
}

func (ix *index) allProblems() []content.Problem {
	out := append([]content.Problem{}, ix.loose...)
	for _, e := range ix.entries {
		out = append(out, e.Problems...)
	}
	return out
}

func (s *Server) saveFile(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, err := clean(r.FormValue("path"))
	if err != nil {
		refuse(w, err)
		return
	}
	if !s.tree.exists(p) {
		http.Error(w, "no file "+p, http.StatusNotFound)
		return
	}
	data := strings.ReplaceAll(r.FormValue("text"), "\r\n", "\n")
	if err := s.tree.write(p, data); err != nil {
		refuse(w, err)
		return
	}
	http.Redirect(w, r, "/file?"+url.Values{"path": {p}}.Encode(), http.StatusSeeOther)
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}

// apiPhone checks a number as the editor types it, as the checker will.
func (s *Server) apiPhone(w http.ResponseWriter, r *http.Request) {
	number, cc := strings.TrimSpace(r.FormValue("number")), r.FormValue("country")
	if number == "" {
		writeJSON(w, map[string]any{"ok": true, "message": ""})
		return
	}
	stored, err := phone.Normalize(number, cc)
	if err != nil {
		writeJSON(w, map[string]any{"ok": false, "message": err.Error()})
		return
	}
	writeJSON(w, map[string]any{"ok": true, "stored": stored, "message": s.locOf(w).T("PhoneOK", "Number", phone.Display(stored))})
}

// apiHours parses opening hours and says whether the place is open now.
func (s *Server) apiHours(w http.ResponseWriter, r *http.Request) {
	v := strings.TrimSpace(r.FormValue("hours"))
	if v == "" {
		writeJSON(w, map[string]any{"ok": true, "message": ""})
		return
	}
	sch, err := hours.Parse(v)
	if err != nil {
		writeJSON(w, map[string]any{"ok": false, "message": err.Error()})
		return
	}
	now := s.cfg.Now()
	msg := s.locOf(w).T("HoursClosedNow")
	open := sch.OpenAt(now)
	if open {
		msg = s.locOf(w).T("HoursOpenNow")
	}
	writeJSON(w, map[string]any{"ok": true, "open": open, "message": msg})
}

// apiPreview renders the item as the form holds it, saved or not.
func (s *Server) apiPreview(w http.ResponseWriter, r *http.Request) {
	if s.cfg.Preview == nil {
		http.Error(w, "no preview in this session", http.StatusNotImplemented)
		return
	}
	ix := s.index()
	e, err := s.entry(ix, r)
	if err != nil {
		http.Error(w, err.Error(), http.StatusNotFound)
		return
	}
	ed, _, errs, err := s.stage(r, e)
	if err != nil {
		refuse(w, err)
		return
	}
	if len(errs) > 0 {
		var msgs []string
		for _, fe := range errs {
			msgs = append(msgs, fe.Error())
		}
		http.Error(w, strings.Join(msgs, "\n"), http.StatusUnprocessableEntity)
		return
	}
	lang := r.FormValue("preview_lang")
	if !validLang(lang) {
		lang = e.Original
	}
	country := e.Country
	if country == "" {
		country = "de"
	}
	s.pmu.Lock()
	png, err := s.cfg.Preview(overlay{base: s.tree.FS(), files: ed.changed()}, where(e), lang, country)
	s.pmu.Unlock()
	if err != nil {
		http.Error(w, err.Error(), http.StatusUnprocessableEntity)
		return
	}
	w.Header().Set("Content-Type", "image/png")
	w.Write(png)
}
