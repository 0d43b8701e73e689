package store

import (
	"database/sql"
	"errors"

	"safar.app/safar/content/fold"
	"safar.app/safar/internal/parallel"
)

// reindex rebuilds the search index from the stored translations when a
// migration has asked for it (meta "reindex"): content that came from a
// sync stays searchable across an upgrade without being fetched again.
func (s *Store) reindex() error {
	var flag string
	err := s.db.QueryRow(`SELECT value FROM meta WHERE key = 'reindex'`).Scan(&flag)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	type row struct {
		id                   int64
		title, summary, body string
		scope                string
	}
	rows, err := s.db.Query(`SELECT t.id, t.title, t.summary, t.body, i.country
		FROM translation t JOIN item i ON i.id = t.item_id`)
	if err != nil {
		return err
	}
	var all []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.id, &r.title, &r.summary, &r.body, &r.scope); err != nil {
			rows.Close()
			return err
		}
		all = append(all, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	parallel.For(len(all), func(i int) {
		r := &all[i]
		r.title, r.summary, r.body, r.scope = fold.Fold(r.title), fold.Fold(r.summary), fold.Fold(r.body), "cc"+r.scope
	})
	tx, err := s.db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.Exec(`DELETE FROM translation_fts`); err != nil {
		return err
	}
	ins := inserter{tx: tx, stmts: map[string]*sql.Stmt{}}
	defer ins.close()
	for _, r := range all {
		ins.exec(insertSearchRow, r.id, r.title, r.summary, r.body, r.scope)
	}
	if ins.err != nil {
		return ins.err
	}
	if _, err := tx.Exec(`DELETE FROM meta WHERE key = 'reindex'`); err != nil {
		return err
	}
	return tx.Commit()
}
