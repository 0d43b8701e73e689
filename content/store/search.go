package store

import (
	"strings"

	"safar.app/safar/content/fold"
)

// Result is one search hit, shown in the reader's language when the item has
// it and marked (OtherLanguage) when it does not.
type Result struct {
	ItemSummary
	Score float64 // bm25: lower is better
}

// Search finds items whose title, summary or body, in any language, matches
// every word of query. The query is folded like the indexed text, so case,
// accents, tashkeel and letter variants do not matter, and each word may be
// the start of a longer one. country limits results to one country ("" for
// all). A query with no words (empty, or only symbols) finds nothing.
func (s *Store) Search(query, country string, chain []string, limit int) ([]Result, error) {
	match := MatchExpression(query)
	if match == "" {
		return nil, nil
	}
	// The reader's words match only the text columns, never the scope tokens.
	match = `{title summary body} : (` + match + `)`
	if country != "" {
		match = `scope:"cc` + country + `" AND ` + match
	}
	rows, err := s.db.Query(`
		WITH hits AS (
			-- 500 best translations hold at least the 50 best items at ten languages each.
			SELECT rowid, rank FROM translation_fts WHERE translation_fts MATCH ? ORDER BY rank LIMIT 500
		)
		SELECT t.item_id, min(hits.rank) AS score
		FROM hits JOIN translation t ON t.id = hits.rowid
		GROUP BY t.item_id ORDER BY score LIMIT ?`, match, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []string
	scores := map[string]float64{}
	for rows.Next() {
		var id string
		var score float64
		if err := rows.Scan(&id, &score); err != nil {
			return nil, err
		}
		ids = append(ids, id)
		scores[id] = score
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	byID, err := s.summaries(ids, chain)
	if err != nil {
		return nil, err
	}
	out := make([]Result, 0, len(ids))
	for _, id := range ids {
		out = append(out, Result{ItemSummary: byID[id], Score: scores[id]})
	}
	return out, nil
}

// MatchExpression turns what a reader typed into an FTS5 query: every folded
// word must match, as a whole word or the start of one. Words are quoted, so
// FTS5 operators typed by the reader are just text.
func MatchExpression(query string) string {
	terms := fold.Terms(fold.Fold(query))
	parts := make([]string, 0, len(terms))
	for _, t := range terms {
		q := `"` + strings.ReplaceAll(t, `"`, `""`) + `"`
		if len([]rune(t)) > 1 {
			q += "*"
		}
		parts = append(parts, q)
	}
	return strings.Join(parts, " ")
}
