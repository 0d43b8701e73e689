package studio

import (
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"testing/fstest"

	"safar.app/safar/content"
	"safar.app/safar/content/source"
)

// A checklist is one TOML file per language,
// <cc>/<region>/checklist/<slug>.<lang>.toml: the item's keys at the top
// of the original, then a [[step]] table per step. A translation has the
// same steps by id, with only their text and reason.

const stepHeader = "[[step]]"

// StepFields are a step's keys in the original, in the order a new step
// is written; text and reason are also a translation's.
var StepFields = []Field{
	{Key: "id", Type: Text, Required: true},
	{Key: "text", Type: Long, Required: true},
	{Key: "reason", Type: Long},
	{Key: "link", Type: Text},
	{Key: "deadline", Type: Text},
}

// StepForm is one step block of a checklist's form.
type StepForm struct {
	ID, Link, Deadline string
	Text, Reason       map[string]string // lang → text
	Remove             bool
	New                bool // not in the file yet: its id may be typed
}

// stepSections lists the [[step]] sections of a checklist file with their ids.
func stepSections(d *doc) (sis []int, ids []string) {
	secs, keys := d.scan()
	for i, s := range secs {
		if s.header != stepHeader {
			continue
		}
		id := ""
		if k, ok := find(keys, i, "id"); ok {
			id = text(d.value(k))
		}
		sis, ids = append(sis, i), append(ids, id)
	}
	return sis, ids
}

// readSteps fills f.Steps from the original and the files of langs.
func readSteps(ed *edit, e *Entry, langs []string, f *Form) error {
	st := checklistFiles
	orig, err := st.part(ed, e, "", false)
	if err != nil {
		return err
	}
	sis, ids := stepSections(orig.file.d)
	at := map[string]int{}
	for n, si := range sis {
		p := &part{file: orig.file, si: si}
		f.Steps = append(f.Steps, StepForm{ID: ids[n], Link: text(p.get("link")), Deadline: text(p.get("deadline")),
			Text: map[string]string{e.Original: text(p.get("text"))}, Reason: map[string]string{e.Original: text(p.get("reason"))}})
		if _, dup := at[ids[n]]; !dup {
			at[ids[n]] = n
		}
	}
	for _, lang := range langs {
		if lang == e.Original {
			continue
		}
		p, err := st.part(ed, e, lang, false)
		if err != nil {
			continue
		}
		tsis, tids := stepSections(p.file.d)
		for n, si := range tsis {
			i, ok := at[tids[n]]
			if !ok {
				continue // not in the original: the checker reports it
			}
			sp := &part{file: p.file, si: si}
			f.Steps[i].Text[lang] = text(sp.get("text"))
			f.Steps[i].Reason[lang] = text(sp.get("reason"))
		}
	}
	f.HasSteps = true
	return nil
}

// StepBlocks is the steps as the form shows them, with one empty block
// to add a step.
func (f *Form) StepBlocks() []StepForm {
	out := append([]StepForm{}, f.Steps...)
	for len(out) > 0 && out[len(out)-1].New && out[len(out)-1].blank() {
		out = out[:len(out)-1]
	}
	return append(out, StepForm{New: true, Text: map[string]string{}, Reason: map[string]string{}})
}

func (s StepForm) blank() bool {
	return strings.TrimSpace(s.ID+s.Link+s.Deadline) == "" && blankMap(s.Text) && blankMap(s.Reason)
}

// stepsOf reads the posted step blocks: st.<i>.id|link|deadline|remove|new
// and st.<i>.text.<lang>, st.<i>.reason.<lang>.
func stepsOf(post map[string][]string) ([]StepForm, bool) {
	byIndex := map[int]*StepForm{}
	any := false
	for name, vs := range post {
		rest, ok := strings.CutPrefix(name, "st.")
		if !ok {
			continue
		}
		any = true
		is, key, _ := strings.Cut(rest, ".")
		i, err := strconv.Atoi(is)
		if err != nil || i < 0 || i > 1000 {
			continue
		}
		s := byIndex[i]
		if s == nil {
			s = &StepForm{Text: map[string]string{}, Reason: map[string]string{}}
			byIndex[i] = s
		}
		key, lang, _ := strings.Cut(key, ".")
		switch key {
		case "id":
			s.ID = strings.TrimSpace(vs[0])
		case "link":
			s.Link = vs[0]
		case "deadline":
			s.Deadline = vs[0]
		case "remove":
			s.Remove = vs[0] != ""
		case "new":
			s.New = vs[0] != ""
		case "text":
			s.Text[lang] = vs[0]
		case "reason":
			s.Reason[lang] = vs[0]
		}
	}
	var out []StepForm
	for i := 0; i < len(byIndex); i++ {
		s, ok := byIndex[i]
		if !ok {
			break // indexes are 0…n-1 as the form numbers them
		}
		out = append(out, *s)
	}
	return out, any
}

// applySteps writes the steps into the file of part p, in language lang:
// in the original every key of a step, in a translation its text and
// reason. A step marked removed goes from every file; a new one goes
// after the last step. It reports whether a text changed.
func applySteps(p *part, lang string, original bool, steps []StepForm) bool {
	d := p.file.d
	before := d.String()
	sis, ids := stepSections(d)
	where := map[string]int{}
	for n, id := range ids {
		if _, dup := where[id]; !dup {
			where[id] = sis[n]
		}
	}
	// From the last step to the first: a change only moves the sections after it.
	var added []StepForm
	for i := len(steps) - 1; i >= 0; i-- {
		s := steps[i]
		if s.New && s.blank() {
			continue
		}
		si, found := where[s.ID]
		if s.Remove {
			if found && !s.New {
				removeSections(d, si, si)
			}
			continue
		}
		if s.New || !found {
			// A translation gets a step when its text is typed.
			if original || strings.TrimSpace(s.Text[lang]) != "" {
				added = append([]StepForm{s}, added...)
			}
			continue
		}
		sp := &part{file: p.file, si: si}
		if t, ok := s.Text[lang]; ok {
			sp.set("text", nilIfBlank(t))
		}
		if r, ok := s.Reason[lang]; ok {
			sp.set("reason", nilIfBlank(r))
		}
		if original {
			sp.set("link", nilIfBlank(s.Link))
			sp.set("deadline", nilIfBlank(s.Deadline))
		}
	}
	for _, s := range added {
		m := map[string]string{"id": s.ID, "text": s.Text[lang], "reason": s.Reason[lang]}
		if original {
			m["link"], m["deadline"] = s.Link, s.Deadline
		}
		sis, _ := stepSections(d)
		if len(sis) == 0 {
			secs, _ := d.scan()
			sis = []int{len(secs) - 1}
		}
		insertSection(d, sis[len(sis)-1], "", stepHeader, StepFields, m)
	}
	return d.String() != before
}

// removeSteps takes the steps marked removed out of the file of part p.
func removeSteps(p *part, steps []StepForm) {
	sis, ids := stepSections(p.file.d)
	for n := len(sis) - 1; n >= 0; n-- {
		for _, s := range steps {
			if s.Remove && !s.New && s.ID == ids[n] {
				removeSections(p.file.d, sis[n], sis[n])
				break
			}
		}
	}
}

func nilIfBlank(s string) any {
	s = strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
	if s == "" {
		return nil
	}
	return s
}

// checkSteps applies the form's own rules to the step blocks: a new step
// needs an id; the rest is the checker's.
func checkSteps(e *Entry, steps []StepForm) []FieldError {
	var out []FieldError
	for i, s := range steps {
		if s.Remove || (s.New && s.blank()) {
			continue
		}
		if s.ID == "" {
			out = append(out, FieldError{Key: fmt.Sprintf("st.%d.id", i), Message: "required", Label: fmt.Sprintf("step %d: id", i+1)})
		}
	}
	return out
}

// checkStagedChecklist loads the tree as the edit would write it with the
// same loader and checker as safar-publish check (a link needs the other
// items), and returns the errors in the checklist's files, each naming
// the form field of its line.
func checkStagedChecklist(t *tree, ed *edit, e *Entry, today content.Date) ([]FieldError, error) {
	fsys := fstest.MapFS{}
	root := t.FS()
	err := fs.WalkDir(root, ".", func(p string, de fs.DirEntry, err error) error {
		if err != nil || de.IsDir() {
			return err
		}
		data, err := fs.ReadFile(root, p)
		if err != nil {
			return err
		}
		fsys[p] = &fstest.MapFile{Data: data}
		return nil
	})
	if err != nil {
		return nil, err
	}
	mine := map[string]bool{}
	for _, p := range e.Files() {
		mine[p] = true
	}
	for p, data := range ed.changed() {
		fsys[p] = &fstest.MapFile{Data: []byte(data)}
		mine[p] = true
	}
	// A step's block in the form is its place in the original.
	order := map[string]int{}
	if f, ok := ed.files[checklistFiles.file(e, e.Original)]; ok {
		_, ids := stepSections(f.d)
		for n, id := range ids {
			if _, dup := order[id]; !dup {
				order[id] = n
			}
		}
	}
	_, problems := source.LoadOn(fsys, today)
	var out []FieldError
	for _, p := range problems {
		name, line := splitWhere(p.Where)
		if p.Warning || !mine[name] {
			continue
		}
		key := "steps"
		if f, ok := ed.files[name]; ok && line > 0 {
			key = stepFieldAt(f.d, e, name, line-1, p.Message, order)
		}
		out = append(out, FieldError{Key: key, Message: p.Message, Label: p.Where})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Label < out[j].Label })
	return out, nil
}

// stepFieldAt names the form field of line i of checklist file name:
// st.<n>.<key>, st.<n>.text.<lang>, or the item's own field.
func stepFieldAt(d *doc, e *Entry, name string, i int, msg string, order map[string]int) string {
	lang := strings.TrimSuffix(strings.TrimPrefix(name, e.Base+"."), ".toml")
	secs, keys := d.scan()
	sis, ids := stepSections(d)
	for n, si := range sis {
		if i < secs[si].start || i >= secs[si].end {
			continue
		}
		key := "id"
		for _, k := range keys[si] {
			if i >= k.start && i < k.end {
				key = k.key
			}
		}
		if key == "id" { // the checker names a step by its id line
			switch {
			case strings.Contains(msg, "link to"):
				key = "link"
			case strings.Contains(msg, "deadline"):
				key = "deadline"
			case strings.Contains(msg, "empty text"), strings.Contains(msg, "no text"):
				key = "text"
			}
		}
		idx := n
		if i, ok := order[ids[n]]; ok {
			idx = i
		}
		if key == "text" || key == "reason" {
			return fmt.Sprintf("st.%d.%s.%s", idx, key, lang)
		}
		return fmt.Sprintf("st.%d.%s", idx, key)
	}
	for _, k := range keys[0] {
		if i >= k.start && i < k.end {
			if k.key == "title" || k.key == "status" {
				return "t." + lang + "." + k.key
			}
			return "r." + k.key
		}
	}
	return "steps"
}

// newChecklist is the template of a checklist: the original's file with
// one empty step.
func newChecklist(ed *edit, folder, slug, lang, sub string, today content.Date) (string, error) {
	cc, region, err := folderParts(folder)
	if err != nil {
		return "", err
	}
	stage := sub
	if !content.Stage(stage).Valid() {
		stage = string(content.StageFirstWeeks)
	}
	id := newID(cc, region, "checklist", slug)
	p := fmt.Sprintf("%s/%s/%s/%s.%s.toml", cc, region, content.KindChecklist, slug, lang)
	f, err := ed.open(p, false)
	if err != nil {
		return "", err
	}
	if f.exists {
		return "", fmt.Errorf("%s exists already", p)
	}
	lines := []string{"id = " + quote(id), "stage = " + quote(stage), `title = ""`, `status = "original"`}
	lines = append(lines, provenanceLines("", "checklist", today)...)
	lines = append(lines, "", stepHeader, `id = "step-1"`, `text = ""`)
	f.d = parseDoc(strings.Join(lines, "\n") + "\n")
	return id, nil
}
