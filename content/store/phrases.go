package store

import (
	"database/sql"
	"strings"

	"safar.app/safar/content"
	"safar.app/safar/content/fold"
)

// PhraseCategory is a phrasebook category named in the clinician's language.
type PhraseCategory struct {
	ID    string
	Name  string
	Count int
}

// PhraseCategories lists the categories a clinician browses, in their
// order; the answer vocabulary (body parts, answers) is not browsed.
func (s *Store) PhraseCategories(chain []string) ([]PhraseCategory, error) {
	rows, err := s.db.Query(`SELECT c.id, n.lang, n.name, (SELECT count(*) FROM phrase p WHERE p.category = c.id)
		FROM phrase_category c JOIN phrase_category_name n ON n.category = c.id
		WHERE c.id NOT IN (?, ?) ORDER BY c.ord, c.id`, content.CategoryBodyParts, content.CategoryAnswers)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []PhraseCategory
	names := map[string]map[string]string{}
	for rows.Next() {
		var c PhraseCategory
		var lang, name string
		if err := rows.Scan(&c.ID, &lang, &name, &c.Count); err != nil {
			return nil, err
		}
		if names[c.ID] == nil {
			names[c.ID] = map[string]string{}
			out = append(out, c)
		}
		names[c.ID][lang] = name
	}
	for i := range out {
		out[i].Name = pickName(names[out[i].ID], chain, out[i].ID)
	}
	return out, rows.Err()
}

// PhraseText is a phrase in one language, as shown.
type PhraseText struct {
	Lang          string
	Text          string
	Status        content.Status
	Options       []string // in the phrase's option order
	OtherLanguage bool     // not in the language asked for: a fallback
}

// PhrasePair is a phrase in the clinician's and the patient's language.
type PhrasePair struct {
	ID        string
	Category  string
	Answer    content.AnswerKind
	OptionIDs []string
	Clinician PhraseText
	Patient   PhraseText
}

// Phrases lists a category's phrases for a clinician and a patient whose
// language preferences are the two chains.
func (s *Store) Phrases(category string, clinician, patient []string) ([]PhrasePair, error) {
	return s.phrasePairs(`p.category = ?`, []any{category}, clinician, patient)
}

// Phrase is one phrase for the two readers.
func (s *Store) Phrase(id string, clinician, patient []string) (PhrasePair, error) {
	pairs, err := s.phrasePairs(`p.id = ?`, []any{id}, clinician, patient)
	if err != nil {
		return PhrasePair{}, err
	}
	if len(pairs) == 0 {
		return PhrasePair{}, sql.ErrNoRows
	}
	return pairs[0], nil
}

// SearchPhrases finds phrases whose text in either reader's language holds
// every word of query, folded as content search folds it. The answer
// vocabulary is left out: it is not something a clinician says.
func (s *Store) SearchPhrases(query string, clinician, patient []string, limit int) ([]PhrasePair, error) {
	terms := fold.Terms(fold.Fold(query))
	if len(terms) == 0 {
		return nil, nil
	}
	langs := map[string]bool{clinician[0]: true, patient[0]: true}
	var args []any
	cond := `p.category NOT IN (?, ?) AND p.id IN (SELECT phrase_id FROM phrase_text WHERE lang IN (`
	args = append(args, content.CategoryBodyParts, content.CategoryAnswers)
	first := true
	for l := range langs {
		if !first {
			cond += ", "
		}
		cond += "?"
		args = append(args, l)
		first = false
	}
	cond += ")"
	for _, t := range terms {
		cond += ` AND instr(folded, ?) > 0`
		args = append(args, t)
	}
	cond += `)`
	pairs, err := s.phrasePairs(cond, args, clinician, patient)
	if len(pairs) > limit {
		pairs = pairs[:limit]
	}
	return pairs, err
}

// phrasePairs loads the phrases matching where, with their texts in the
// two chains, in category and phrase order.
func (s *Store) phrasePairs(where string, args []any, clinician, patient []string) ([]PhrasePair, error) {
	// Only the languages either reader may be shown, not all eighteen.
	langs := map[string]bool{"en": true}
	for _, l := range append(append([]string{}, clinician...), patient...) {
		langs[l] = true
	}
	in := ""
	for l := range langs {
		if in != "" {
			in += ", "
		}
		in += "?"
		args = append(args, l)
	}
	rows, err := s.db.Query(`SELECT p.id, p.category, p.answer, p.options, t.lang, t.text, t.status, t.options
		FROM phrase p JOIN phrase_category c ON c.id = p.category JOIN phrase_text t ON t.phrase_id = p.id
		WHERE `+where+` AND t.lang IN (`+in+`) ORDER BY c.ord, p.ord, p.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []PhrasePair
	texts := map[string]map[string]PhraseText{}
	for rows.Next() {
		var p PhrasePair
		var options string
		var t PhraseText
		var topts string
		if err := rows.Scan(&p.ID, &p.Category, &p.Answer, &options, &t.Lang, &t.Text, &t.Status, &topts); err != nil {
			return nil, err
		}
		if topts != "" {
			t.Options = strings.Split(topts, "\n")
		}
		if texts[p.ID] == nil {
			texts[p.ID] = map[string]PhraseText{}
			p.OptionIDs = strings.Fields(options)
			out = append(out, p)
		}
		texts[p.ID][t.Lang] = t
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	pick := func(byLang map[string]PhraseText, chain []string) PhraseText {
		var have []string
		for l := range byLang {
			have = append(have, l)
		}
		t := byLang[content.Pick(have, chain, "en")]
		t.OtherLanguage = !content.SameLanguage(t.Lang, chain[0])
		return t
	}
	for i := range out {
		out[i].Clinician = pick(texts[out[i].ID], clinician)
		out[i].Patient = pick(texts[out[i].ID], patient)
	}
	return out, nil
}
